#!/usr/bin/env python3
"""Build the chronology site: `python build.py [build|check|serve|new] [options]`.

Exit status: 0 success, 1 the content or a template has problems, 2 usage error.
"""
from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from dataclasses import replace
from pathlib import Path

# Only what is quick to import: the pipeline's modules (Jinja2, Markdown, ...) take
# a few tenths of a second, and are imported once Ctrl-C is a request (see main).
from timeline import interrupt
from timeline.problems import printable

def port(value: str) -> int:
    number = int(value)   # not a number: argparse says "invalid port value"
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{number} is not a port number (0 to 65535)")
    return number


def host(value: str) -> str:
    # '' would listen on every interface: a preview of unpublished drafts open to the network.
    if not value.strip():
        raise argparse.ArgumentTypeError("give an address, e.g. 127.0.0.1 (0.0.0.0 for every interface)")
    if printable(value) != value or any(char.isspace() for char in value):   # echoed by serve
        raise argparse.ArgumentTypeError(f"{value!r} is not an address, e.g. 127.0.0.1")
    return value


class Parser(argparse.ArgumentParser):
    """argparse quotes a bad value with repr() ('invalid choice'), but not an unknown
    argument: a line break in one must not print a line of its own."""

    def error(self, message: str):
        super().error(printable(message))


def fail(message: str) -> int:
    """A usage error: one line, whatever paths or values it quotes (see printable)."""
    print(f"build.py: error: {printable(message)}", file=sys.stderr)
    return 2


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = Parser(prog="build.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    b = sub.add_parser("build", help="build the site (the default)")
    b.add_argument("--out", type=Path, default=Path("site"), help="output directory (site)")
    b.add_argument("--base-url", help="absolute URL the site is published at")
    b.add_argument("--drafts", action="store_true", help="include events marked draft")
    b.add_argument("--no-cache", action="store_true",
                   help="build cold: neither read nor write the cache (.chronology-cache/ beside --out)")
    b.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="processes that work, this one included (default: one per core)")
    c = sub.add_parser("check", help="validate the content, write nothing")
    c.add_argument("--archive-dir", type=Path,
                   help="directory of plain-text article copies to verify quotes against")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--drafts", action="store_true",
                   help="check only the site `build --drafts` makes (by default, both builds)")
    s = sub.add_parser("serve", help="build, serve on localhost, rebuild and reload on change")
    s.add_argument("--out", type=Path, default=Path("site"), help="output directory (site)")
    s.add_argument("--port", type=port, default=8000, help="port to listen on (8000)")
    s.add_argument("--host", type=host, default="127.0.0.1", help="address to listen on (127.0.0.1)")
    s.add_argument("--drafts", action="store_true", help="include events marked draft")
    n = sub.add_parser("new", help="start a new event, source, actor, place or dispute file")
    n.add_argument("kind", choices=("event", "source", "actor", "place", "dispute"))
    n.add_argument("title", help="the title (or name); the file name is made from it")
    n.add_argument("--slug", help="file name to use instead of one made from the title")
    n.add_argument("--start", help="an event's start, e.g. 2023-05-22T11:00+03:00")
    for p in (b, c, s, n):
        p.add_argument("--content", type=Path, default=Path("content"), help="content directory")
        p.add_argument("--templates", type=Path, default=None, help=argparse.SUPPRESS)
    if not argv or (argv[0] not in sub.choices and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]
    return parser.parse_args(argv)


def report(problems, fmt: str = "text") -> None:
    from timeline.problems import format_json, sort_problems
    problems = sort_problems(problems)
    if fmt == "json":
        print(format_json(problems))
    for problem in problems:
        if fmt == "text":
            print(problem.format(), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(problem.annotation())
    if problems and fmt == "text":
        s = "" if len(problems) == 1 else "s"
        print(f"{len(problems)} problem{s} found; nothing was written.", file=sys.stderr)


def checked(content: Path, result) -> str:
    """The line a passed check prints; the drafts a build leaves out were checked too."""
    drafts = result.left_out
    also = "" if not drafts else ("; 1 draft checked as --drafts builds it" if drafts == 1
                                  else f"; {drafts} drafts checked as --drafts builds them")
    return f"ok: {content} is valid ({result.files} pages would be built{also})"


def new_record(args) -> int:
    from timeline.scaffold import FolderProblem, ScaffoldError, create
    try:
        path = create(args.content, args.kind, args.title, args.slug, args.start)
    except ScaffoldError as exc:
        return fail(str(exc))
    except FolderProblem as exc:   # a problem with the content, as `check` reports it
        report([exc.problem])
        return 1
    print(printable(f"created {path}: fill in every TODO, then run `{check_command(args.content)}`"))
    return 0


def check_command(content: Path) -> str:
    """The check to run next, with the Python and build.py this run used: a bare
    'python' may be one without the dependencies (a traceback, not a check)."""
    python, script = Path(sys.executable), Path(__file__)
    here = Path.cwd()
    python_shown = os.path.relpath(python) if python.is_relative_to(here) else str(python)
    script_shown = os.path.relpath(script) if script.absolute().is_relative_to(here) else str(script)
    extra = "" if content == Path("content") else f" --content {shlex.quote(str(content))}"
    return " ".join(map(shlex.quote, (python_shown, script_shown))) + f" check{extra}"


def check_content(args) -> int:
    from timeline.pipeline import check_site
    from timeline.problems import sort_problems
    result = check_site(options(args))
    if args.format == "text" and not result.problems:
        for warning in sort_problems(result.advice):   # they do not fail the check
            print(warning.format(), file=sys.stderr)
    report(result.problems, args.format)
    if not result.problems and args.format == "text":
        print(printable(checked(args.content, result)))
    return 1 if result.problems else 0


def build_site(args) -> int:
    from timeline.pipeline import build
    from timeline.write import WriteError
    opts = options(args)
    refusal = target_refusal(opts)
    if refusal:
        return fail(refusal)
    started = time.perf_counter()
    try:
        result = build(opts)
    except WriteError as exc:
        return fail(f"{exc}; the previous output is unchanged")
    for warning in result.warnings:
        print(f"build.py: warning: {printable(warning)}", file=sys.stderr)
    report(result.problems)
    if result.problems:
        return 1
    print(printable(f"built {result.files} files into {opts.out}/ in "
                    f"{time.perf_counter() - started:.2f} s ({result.rendered} pages rendered, "
                    "the rest unchanged)"))
    return 0


def serve_site(args) -> int:
    from timeline.serve import serve
    opts = options(args)
    refusal = target_refusal(opts)
    return fail(refusal) if refusal else serve(opts, args.host, args.port)


COMMANDS = {"build": build_site, "check": check_content, "serve": serve_site, "new": new_record}


def main(argv: list[str]) -> int:
    """Run one command; call interrupt.listen() first, before this module's slow imports."""
    args = parse_args(argv)
    try:
        import timeline.pipeline  # noqa: F401 - the slow imports, and the dependencies' check
    except ModuleNotFoundError as exc:   # run with a Python other than the project's
        if (exc.name or "").startswith("timeline"):
            raise
        return fail(f"this Python ({sys.executable}) lacks the project's dependencies "
                    f"({exc}); run `make site` once, then use .venv/bin/python build.py")
    interrupt.check()   # Ctrl-C while starting up: stop before doing anything
    refusal = usage_refusal(args)
    return fail(refusal) if refusal else COMMANDS[args.command](args)


def usage_refusal(args) -> str:
    """Why the arguments cannot be used, or ""."""
    from timeline.problems import ContentError
    from timeline.values import base_url
    if not args.content.is_dir():
        return f"content directory '{args.content}' not found"
    archive = getattr(args, "archive_dir", None)
    if archive is not None and not archive.is_dir():   # else every archived quote would fail
        return f"archive directory '{archive}' not found"
    if getattr(args, "base_url", None) is not None:
        try:
            base_url(args.base_url)
        except ContentError as exc:
            return f"--base-url {exc.message}" + (f"; {exc.hint}" if exc.hint else "")
    return ""


def options(args):
    """The pipeline's Options for these arguments."""
    from timeline.pipeline import Options
    opts = Options(content=args.content, drafts=getattr(args, "drafts", False),
                   base_url=getattr(args, "base_url", None),
                   archive_dir=getattr(args, "archive_dir", None),
                   out=getattr(args, "out", Path("site")))
    if args.templates:
        opts = replace(opts, templates=args.templates)
    if args.command == "build":
        cache = None if args.no_cache else opts.out.absolute().parent / ".chronology-cache"
        opts = replace(opts, cache=cache, jobs=max(1, args.jobs))
    return opts


def target_refusal(opts) -> str:
    """Why the site cannot be written into opts.out, or ""."""
    from timeline.write import WriteError, check_target
    try:
        # The cache too: a site built into it would publish its pickles (drafts included).
        check_target(opts.out, [opts.content, opts.templates, opts.static,
                                *([opts.cache] if opts.cache else [])])
    except WriteError as exc:
        return str(exc)
    return ""


def leave(status: int) -> None:
    """Exit without freeing the build's objects one by one, as a normal exit does:
    everything is written and closed by now, and the freeing alone took 0.7 s after
    a 10,000-event build."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:   # None when started with the stream closed (`>&-`)
                stream.flush()
        except (OSError, ValueError):   # a reader that went away (`build.py ... | head`)
            pass
    os._exit(status)


if __name__ == "__main__":
    # First of all, so that a Ctrl-C while Python imports the pipeline is acted on
    # (at a safe point: exit 130), neither a traceback nor, if the build was started
    # with SIGINT ignored, lost.
    interrupt.listen()
    try:
        code = main(sys.argv[1:])
    except KeyboardInterrupt:
        read_only = sys.argv[1:2] in (["check"], ["new"])   # else build, or serve
        print("build.py: interrupted" + ("" if read_only else "; the previous output is unchanged"),
              file=sys.stderr)
        code = 130
    leave(code)

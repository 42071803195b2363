"""One build: load, validate, link, render, write. Each stage hands plain data on
and collects problems; the build stops before writing if there are any."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

from . import markup
from .feeds import feed_outputs
from .link import link
from .load import load_content
from .problems import ContentError, Problem
from .quotes import verify_quotes
from .opendata import data_outputs
from .render import Output, collisions, plan, render_site
from .schema import VALIDATORS, url, validate_site
from .write import write_site

PROJECT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Options:
    content: Path = Path("content")
    out: Path = Path("site")
    templates: Path = PROJECT / "templates"
    static: Path = PROJECT / "static"
    drafts: bool = False
    base_url: Optional[str] = None
    archive_dir: Optional[Path] = None


@dataclass(frozen=True)
class Result:
    problems: tuple[Problem, ...]
    outputs: tuple[Output, ...] = ()


def compile_site(opts: Options, validators=VALIDATORS) -> Result:
    """Everything but writing: the site's files in memory, or the problems.

    `validators` may be replaced by caching ones (see incremental.py)."""
    raw, problems = load_content(opts.content)
    about_html = _about_html(raw, problems)
    config = None
    if not any(p.path == raw.site_path for p in problems):  # else it was unreadable
        config, found = validate_site(raw.site_path, raw.site_data, raw.site_lines, about_html)
        problems += found
    if config and opts.base_url is not None:
        try:
            config = replace(config, base_url=url(opts.base_url).rstrip("/"))
        except ContentError as exc:
            problems.append(Problem("--base-url", 0, exc.message, exc.hint))
    zone = config.timezone if config else ZoneInfo("UTC")  # keep checking events anyway
    records = {kind: {} for kind in VALIDATORS}
    for doc in raw.docs:
        record, found = validators[doc.kind](doc.slug, doc.path, doc.fm, zone)
        problems += found
        if record:
            records[doc.kind][doc.slug] = record
    events = list(records["events"].values())
    if opts.archive_dir is not None:
        problems += verify_quotes(events, records["sources"], opts.archive_dir)
    if problems or config is None:
        return Result(tuple(problems))
    site, problems = link(config, events, records["sources"], records["actors"],
                          records["places"], drafts=opts.drafts)
    if problems:
        return Result(tuple(problems))
    outputs, problems = render_site(site, opts.templates, opts.static)
    pages = [page.path for page in plan(site)]
    outputs = outputs + feed_outputs(site, pages) + data_outputs(site)
    problems += collisions(outputs)
    return Result(tuple(problems), tuple(outputs))


def _about_html(raw, problems: list) -> str:
    if not raw.about:
        return ""
    try:
        return markup.to_html(raw.about.body)
    except ContentError as exc:
        problems.append(Problem(str(Path(raw.site_path).with_name("about.md")), raw.about.body_line, exc.message, exc.hint))
        return ""


def build(opts: Options) -> Result:
    result = compile_site(opts)
    if not result.problems:
        write_site(result.outputs, opts.out)
    return result

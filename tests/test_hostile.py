"""Hostile and broken content: every case gives its exact problem lines and exit 1, or
builds pages in which nothing from the content can run or load from the network.

Each case in tests/hostile/<case>/ is laid over a copy of tests/fixtures/valid (its
files replace or join the valid ones) and holds expected.txt, the exact problem lines
(empty: the case must build). Inputs that git cannot hold well (symbolic links,
megabyte files, a missing file) are made by GENERATED below, on top of the overlay.
"""
from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, run_build

HOSTILE = Path(__file__).resolve().parent / "hostile"


def _huge_file(tree: Path) -> None:
    (tree / "events/huge.md").write_text("---\ntitle: Huge\n---\n" + "x" * (1024 * 1024))


def _huge_line(tree: Path) -> None:
    text = (tree / "events/shelling.md").read_text()
    (tree / "events/shelling.md").write_text(text + "word " * 180_000 + "\n")


def _long_list(tree: Path) -> None:
    tags = ", ".join(f"t{i}" for i in range(100_000))
    (tree / "events/tags.md").write_text(
        f"---\ntitle: T\nstart: 2023-05-22\nstatus: reported\ntags: [{tags}]\n"
        "sources:\n  - source: art\n---\n")


def _deep_yaml(tree: Path) -> None:
    (tree / "events/deep.md").write_text("---\ntitle: T\nnested: " + "[" * 500_000 + "\n---\n")


def _symlinked_files(tree: Path) -> None:
    outside = tree.parent / "outside.md"
    outside.write_text((tree / "places/kozinka.md").read_text())
    (tree / "places/elsewhere.md").symlink_to(os.path.relpath(outside, tree / "places"))
    (tree / "events/passwd.md").symlink_to("/etc/passwd")
    (tree / "about.md").unlink()
    (tree / "about.md").symlink_to(outside)


def _symlinked_folder(tree: Path) -> None:
    outside = tree.parent / "elsewhere"
    shutil.move(tree / "events", outside)
    (tree / "events").symlink_to(outside, target_is_directory=True)


def _symlinked_site_yaml(tree: Path) -> None:
    outside = tree.parent / "site.yaml"
    shutil.move(tree / "site.yaml", outside)
    (tree / "site.yaml").symlink_to(outside)


def _no_site_yaml(tree: Path) -> None:
    (tree / "site.yaml").unlink()


def _site_yaml_folder(tree: Path) -> None:
    (tree / "site.yaml").unlink()
    (tree / "site.yaml").mkdir()


def _invisible_characters(tree: Path) -> None:
    """Characters no page or feed may hold, and names and keys that would forge
    lines of the build's own output; the problem lines show them escaped."""
    head = "---\ntitle: T\nstart: 2023-05-22\nstatus: reported\nsources:\n  - source: art\n---\n"
    events = tree / "events"
    (events / "control.md").write_text(head + "First line.\n\nA bell\x07 here.\n")
    (events / "noncharacter.md").write_text(head.replace("title: T", 'title: "Odd \\uFFFE"'))
    (events / "c1.md").write_text(head.replace("status: reported", "status: reported\x9d"))
    (events / "separator.md").write_text(
        head.replace("title: T", 'title: "One\u2028two"').replace("reported", "reportd"))
    (events / "nested.md").write_text(head + "Text.\n\n" + "<div>" * 300 + "\n")
    (events / "cr.md").write_bytes(head.replace("\n", "\r").encode() + b"Caf\xe9\r")
    (events / "forged\nx.md:1: error: forged.md").write_text(head)
    (events / "key.md").write_text(head.replace("title: T", 'title: T\n"a\\n::error b\\e[31m": 1'))


def _symlink_loops(tree: Path) -> None:
    (tree / "events/a.md").symlink_to("b.md")
    (tree / "events/b.md").symlink_to("a.md")
    (tree / "events/self.md").symlink_to("self.md")
    (tree / "about.md").unlink()
    (tree / "about.md").symlink_to("about.md")
    shutil.rmtree(tree / "places")
    (tree / "places").symlink_to("places")


def _long_names(tree: Path) -> None:
    """A reference and a field name thousands of characters long: one short line each."""
    head = "---\ntitle: T\nstart: 2023-05-22\nstatus: reported\nsources:\n  - source: art\n"
    (tree / "events/long.md").write_text(
        head + f"    claimant: {'r' * 5000}\n? {'k' * 5000}\n: 1\n---\nBody.\n")


def _markdown_bombs(tree: Path) -> None:
    """Texts python-markdown takes minutes on, each refused by a limit on the text,
    and a long code block and a long article, which are not."""
    head = "---\ntitle: T\nstart: 2023-05-22\nstatus: reported\nsources:\n  - source: art\n---\n"
    bodies = {"underscores": "Text.\n\n" + "_a " * 11_500,
              "code-spans": "`a` " * 3000,
              "references": "Text.\n\n" + "".join(f"[r{i}]: http://x.example/{i}\n"
                                                   for i in range(2000)),
              "quotations": "Text.\n\n" + "> " * 30 + "deep",
              "languages": "~~~zzz\nx\n~~~\n\n" * 60,
              "code-block": "~~~python\n" + "total = f(a, b) + g(c)  # sum\n" * 3000 + "~~~\n",
              "article": ("A paragraph with *emphasis*, `code`, [a link](shelling.html) and "
                          "snake_case.\n\n") * 2000}
    for name, body in bodies.items():
        (tree / f"events/{name}.md").write_text(head + body)


GENERATED = {
    "huge-file": _huge_file, "huge-line": _huge_line, "long-list": _long_list,
    "deep-yaml": _deep_yaml, "symlinked-files": _symlinked_files,
    "symlinked-folder": _symlinked_folder, "symlinked-site-yaml": _symlinked_site_yaml,
    "no-site-yaml": _no_site_yaml, "site-yaml-folder": _site_yaml_folder,
    "invisible-characters": _invisible_characters,
    "symlink-loops": _symlink_loops, "long-names": _long_names,
    "markdown-bombs": _markdown_bombs,
}
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "expected.txt").is_file())
# What must never be in a page built from content (the project's own markup has none).
FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "applet", "math", "style", "base",
                  "textarea", "img", "video", "audio", "source", "template", "noscript",
                  "portal", "foreignobject", "animate", "set"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href"}
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")  # as the WHATWG URL parser reads one
SAFE_SCHEMES = {"http:", "https:", "mailto:"}
OWN_META = [("charset", "utf-8"), ("http-equiv", "Content-Security-Policy"),
            ("name", "viewport"), ("name", "description")]


class Dangers(HTMLParser):
    """Everything in a page that could run script, load from the network or restyle it."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS or not own_element(tag, dict(attrs)):
            self.found.append(f"<{tag} {attrs}>")
        self.in_json = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if tag == "meta" and attrs[0] not in OWN_META:
            self.found.append(f"<meta {attrs}>")
        if tag == "link" and dict(attrs).get("rel") not in ("stylesheet", "canonical", "alternate"):
            self.found.append(f"<link {attrs}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}>")
            # the parser has decoded entities; browsers also ignore control characters
            url = re.sub(r"[\x00-\x20]", "", value or "")
            scheme = SCHEME.match(url)
            if name in URL_ATTRIBUTES and scheme and scheme.group().lower() not in SAFE_SCHEMES:
                self.found.append(f"<{tag} {name}={value!r}>")


    def handle_data(self, data):
        if getattr(self, "in_json", False) and "<" in data:  # could close the script element
            self.found.append(f"'<' in JSON-LD: {data[:80]!r}")

    def handle_endtag(self, tag):
        self.in_json = False


def own_element(tag: str, attrs: dict) -> bool:
    """The project's own scripts (files under assets/, JSON-LD data) and timeline SVGs."""
    if tag == "script":
        src = attrs.get("src") or ""
        return (attrs.get("type") == "application/ld+json" and not src) or (
            not SCHEME.match(src) and "/assets/" in f"/{src}" and src.endswith(".js"))
    if tag == "svg":
        return attrs.get("class") in ("timeline-svg", "timeline-lanes")
    return True


def dangers(html: str) -> list[str]:
    parser = Dangers()
    parser.feed(html)
    return parser.found


def make_case(name: str, workdir: Path) -> Path:
    """The valid fixture with the case's files laid over it, then its generator run."""
    tree = workdir / name
    shutil.copytree(FIXTURES / "valid", tree)
    shutil.copytree(HOSTILE / name, tree, dirs_exist_ok=True, symlinks=True)
    (tree / "expected.txt").unlink()
    if name in GENERATED:
        GENERATED[name](tree)
    return tree


def test_every_generated_case_has_expected_lines():
    assert set(GENERATED) <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_hostile_case(tmp_path, name):
    make_case(name, tmp_path)
    expected = (HOSTILE / name / "expected.txt").read_text().splitlines()
    result = run_build("build", "--content", name, "--out", "out", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    if expected:
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines()[:-1] == expected
        s = "" if len(expected) == 1 else "s"
        assert result.stderr.splitlines()[-1] == \
            f"{len(expected)} problem{s} found; nothing was written."
        assert not (tmp_path / "out").exists()
    else:
        assert result.returncode == 0, result.stderr
        out = tmp_path / "out"
        own_style = f"<style>{(out / 'assets/style.css').read_text(encoding='utf-8')}</style>"
        own_script = (f'<script data-search="/assets/search.js">'
                      f"{(out / 'assets/notfound.js').read_text(encoding='utf-8')}</script>")
        for page in sorted(out.rglob("*.html")):
            html = page.read_text(encoding="utf-8")
            if page == out / "404.html":   # its one <style> and inline <script> are the project's, as are
                html = html.replace(own_style, "", 1).replace(own_script, "", 1)
            assert dangers(html) == [], page.relative_to(tmp_path)
            assert html.count("<meta http-equiv=\"Content-Security-Policy\"") == 1


@pytest.mark.parametrize("name", [name for name in CASES
                                  if (HOSTILE / name / "expected.txt").read_text().strip()])
def test_hostile_case_without_cache(tmp_path, name):
    """Without a cache the records are read while they are validated (in the
    workers, when there are many), not before: the same problems, the same lines."""
    make_case(name, tmp_path)
    expected = (HOSTILE / name / "expected.txt").read_text().splitlines()
    result = run_build("build", "--no-cache", "--content", name, "--out", "out", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[:-1] == expected
    assert not (tmp_path / "out").exists()


def test_markdown_limits_give_check_and_build_the_same_verdict_every_time(tmp_path):
    """The limits count; they do not time. With a 5-second limit, '_a ' 11,500
    times exited 1, 0, 0, 0 on four runs, and check and build could disagree."""
    make_case("markdown-bombs", tmp_path)
    expected = (HOSTILE / "markdown-bombs/expected.txt").read_text().splitlines()
    assert any("underscores.md" in line and "most for its '_'" in line for line in expected)
    for command in (["check"], ["build", "--out", "out"], ["check"], ["build", "--out", "out"]):
        result = run_build(*command, "--content", "markdown-bombs", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines()[:-1] == expected
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("denied, problem", [
    ("events/shelling.md", "valid/events/shelling.md:0"), ("sources", "valid/sources:0"),
    ("site.yaml", "valid/site.yaml:0"), ("about.md", "valid/about.md:0"), (".", "valid:0")])
@pytest.mark.parametrize("command", [["check"], ["build", "--out", "out"],
                                     ["build", "--no-cache", "--out", "out"]])
def test_unreadable_content_is_a_problem(unprivileged, denied, problem, command):
    folder, run = unprivileged
    tree = folder / "valid"
    shutil.copytree(FIXTURES / "valid", tree)
    (tree / denied).chmod(0)
    try:
        result = run(*command, "--content", "valid")
    finally:
        (tree / denied).chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"{problem}: error: cannot be read (Permission denied); check its permissions",
        "1 problem found; nothing was written."]
    assert not (folder / "out").exists()


def test_names_too_long_for_an_output_file_are_problems_for_check_and_build(tmp_path):
    """A record's file name and a tag name output files: over the limit, check and build
    both say so (a 252-character slug used to pass check and crash the build)."""
    tree = tmp_path / "valid"
    shutil.copytree(FIXTURES / "valid", tree)
    shelling = (tree / "events/shelling.md").read_text()
    (tree / f"events/{'a' * 252}.md").write_text(shelling)
    (tree / "events/shelling.md").write_text(
        shelling.replace("tags: [shelling]", f"tags: [{'b' * 300}]"))
    expected = [
        f"valid/events/{'a' * 252}.md:0: error: file name is too long (252 characters before "
        f"'.md'; the limit is 200); shorten it, e.g. to '{'a' * 80}.md'",
        "valid/events/shelling.md:9: error: 'tags' item 1: is 300 characters long; the limit "
        "is 200; a tag names its page's file: shorten it"]
    for command in (["check"], ["build", "--out", "out"], ["build", "--no-cache", "--out", "out"]):
        result = run_build(*command, "--content", "valid", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines()[:-1] == expected
    assert not (tmp_path / "out").exists()

    (tree / f"events/{'a' * 252}.md").rename(tree / f"events/{'a' * 200}.md")   # at the limit
    (tree / "events/shelling.md").write_text(
        shelling.replace("tags: [shelling]", f"tags: [{'b' * 200}]"))
    result = run_build("build", "--content", "valid", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / f"out/events/{'a' * 200}.html").is_file()
    assert (tmp_path / f"out/tags/{'b' * 200}.html").is_file()


def test_yes_no_on_and_clock_times_are_words_not_booleans_or_numbers(tmp_path):
    """YAML 1.1 reads no/on/yes/off as true/false and 12:30 as 750 (base 60); a
    contributor means the words: Norwegian, a tag 'on', a time note '12:30'. Only
    true and false are booleans, so 'draft: yes' asks for one of them."""
    tree = tmp_path / "valid"
    shutil.copytree(FIXTURES / "valid", tree)
    art, shelling = tree / "sources/art.md", tree / "events/shelling.md"
    art.write_text(art.read_text().replace("publisher: unknown", "publisher: unknown\nlanguage: no"))
    text = shelling.read_text()
    shelling.write_text(text.replace("tags: [shelling]", "tags: [shelling, on]")
                        .replace("time_note: per the police", "time_note: 12:30"))
    result = run_build("build", "--content", "valid", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "<dt>Language</dt><dd>Norwegian</dd>" in (tmp_path / "out/sources/art.html").read_text()
    assert "12:30" in (tmp_path / "out/events/shelling.html").read_text()
    assert (tmp_path / "out/tags/on.html").is_file()

    shelling.write_text(text.replace("time_note: per the police", "draft: yes"))
    result = run_build("build", "--content", "valid", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == \
        "valid/events/shelling.md:5: error: 'draft' expected true or false, got 'yes'"

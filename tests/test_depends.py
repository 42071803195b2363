"""Rebuilds render only the pages whose inputs changed, and still give a clean build's bytes.

Each edit below changes something shown on pages other than the edited record's own
(a name shown beside events, an order, a relation, a membership). After each, both the
`serve` rebuild and a cached `build` must equal a build from scratch, byte for byte.
"""
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, tree_bytes
from timeline import pipeline
from timeline.incremental import IncrementalBuilder
from timeline.pipeline import Options
from timeline.write import MARKER


def change(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, n = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
    assert n == 1, f"{pattern!r} not in {path}"
    path.write_text(changed, encoding="utf-8")


EDITS = [   # (what it changes, file under content/, pattern, replacement)
    ("an actor's name, shown on the pages of its events and lists",
     "actors/aleksey-baranovsky.md", r"^name: .*$", "name: Aleksey B. Renamed"),
    ("a place's name, shown on event pages and in their JSON-LD",
     "places/bakhmut.md", r"^name: .*$", "name: Bakhmut (renamed)"),
    ("a source's publisher, shown in the list of sources and in the data files",
     "sources/" + "{source}", r"^publisher: .*$", "publisher: Renamed Publisher"),
    ("a source's short name, on every entry and account citing it",
     "sources/" + "{source}", r"^name: .*$", "name: Renamed explainer"),
    ("a denial's speaker, named on the badge of the event it denies ('denied by ...')",
     "events/kyiv-denies-involvement.md",   # a citation no dispute names
     r"^(  - source: al-jazeera-what-we-know\n    claimant: )ukraine$", r"\g<1>russia"),
    ("an event's day, which moves it and changes its neighbours' pager links",
     "events/baranovsky-says-operation-ongoing.md", r'^start: .*$', 'start: "2023-05-23"'),
    ("an affiliation, which moves an actor between member lists",
     "actors/aleksey-baranovsky.md", r"^affiliation: .*$", "affiliation: freedom-of-russia-legion"),
    ("a relation, shown on the page of the event it answers",
     "events/baranovsky-says-operation-ongoing.md", r"relation: contradicts", "relation: denies"),
    ("a status, which puts an event on the disputed page",
     "events/legion-claims-kozinka-liberated.md", r"^status: claimed$", "status: disputed"),
    ("the site's title, on every page",
     "site.yaml", r'^title: "(.*)"$', r'title: "\1 (second edition)"'),
]


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def clean(content: Path, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    assert pipeline.build(Options(content=content, out=out, jobs=1)).problems == ()
    return tree_bytes(out)


@pytest.mark.slow
def test_every_kind_of_edit_rebuilds_exactly_what_a_clean_build_makes(content, tmp_path):
    served = IncrementalBuilder(Options(content=content, out=tmp_path / "served"))
    cached = Options(content=content, out=tmp_path / "cached", cache=tmp_path / "cache", jobs=1)
    assert served.rebuild().problems == ()
    assert pipeline.build(cached).problems == ()
    total = len(list((tmp_path / "served").rglob("*.html")))
    source = sorted((content / "sources").glob("*.md"))[0].name
    for what, name, pattern, new in EDITS:
        change(content / name.format(source=source), pattern, new)
        rebuilt = served.rebuild()
        assert rebuilt.problems == (), what
        built = pipeline.build(cached)
        assert built.problems == (), what
        expected = clean(content, tmp_path / "clean")
        assert tree_bytes(tmp_path / "served") == expected, what
        assert tree_bytes(tmp_path / "cached") == expected, what
        if name != "site.yaml":   # a local edit renders a few pages, not the site
            assert 0 < rebuilt.rendered < total / 3, what
            assert 0 < built.rendered < total / 3, what


def test_template_edit_renders_every_page_that_uses_it(content, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    opts = Options(content=content, out=tmp_path / "served", templates=templates)
    served = IncrementalBuilder(opts)
    first = served.rebuild()
    change(templates / "macros.html", r"^<ol class=\"event-list\">$", '<ol class="event-list events">')
    again = served.rebuild()
    assert again.problems == ()
    assert again.rendered == first.rendered     # the key covers the templates: all again
    expected = clean_with(content, tmp_path / "clean", templates)
    assert tree_bytes(tmp_path / "served") == expected
    assert 'class="event-list events"' in (tmp_path / "served" / "places" / "bakhmut.html").read_text()


def clean_with(content: Path, out: Path, templates: Path) -> dict:
    assert pipeline.build(Options(content=content, out=out, templates=templates, jobs=1)).problems == ()
    return tree_bytes(out)


def test_a_page_whose_file_was_altered_is_rendered_again(content, tmp_path):
    opts = Options(content=content, out=tmp_path / "site", cache=tmp_path / "cache", jobs=1)
    assert pipeline.build(opts).problems == ()
    built = tree_bytes(tmp_path / "site")
    page = tmp_path / "site" / "events" / "baranovsky-says-operation-ongoing.html"
    page.unlink()
    page.write_text("tampered")        # a new file: not the one the build wrote
    change(content / "events" / "civilian-deaths.md", r"^status: .*$", "status: reported")
    again = pipeline.build(opts)
    assert again.problems == ()
    assert tree_bytes(tmp_path / "site")["events/baranovsky-says-operation-ongoing.html"] \
        == built["events/baranovsky-says-operation-ongoing.html"]
    assert MARKER in tree_bytes(tmp_path / "site")


@pytest.mark.parametrize("name, edit", [("style.css", "\n.entry-title { letter-spacing: 0.01em; }\n"),
                                        ("notfound.js", "\n/* letter-spacing: 0.01em */\n")])
def test_an_edit_of_what_the_404_page_inlines_renders_only_that_page(content, tmp_path, name, edit):
    # The 404 page carries the stylesheet and notfound.js inline (render.not_found); no
    # other page has them.
    static = tmp_path / "static"
    shutil.copytree(ROOT / "static", static)
    served = IncrementalBuilder(Options(content=content, out=tmp_path / "served", static=static))
    assert served.rebuild().problems == ()
    with (static / name).open("a", encoding="utf-8") as file:
        file.write(edit)
    again = served.rebuild()
    assert again.problems == () and again.rendered == 1
    assert again.written == ("404.html", f"assets/{name}")
    assert "letter-spacing: 0.01em" in (tmp_path / "served" / "404.html").read_text()
    assert "letter-spacing: 0.01em" in (tmp_path / "served" / "assets" / name).read_text()

"""pipeline.py: the named steps, one path for check, build and serve (only the Mode
differs), problems collected from every step, and the output left as it was when
there are any."""
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import ROOT, tree_bytes
from timeline import chronology, pipeline
from timeline.incremental import IncrementalBuilder
from timeline.modes import MEMORY, Mode
from timeline.pipeline import Options, build, check_site, compile_site
from timeline.speed.cache import Cache

STEPS = ["load", "validate", "link_site", "plan", "render", "write"]


def site_files(out: Path) -> dict:
    return {path: data for path, data in tree_bytes(out).items() if not path.startswith(".")}


def outputs(result) -> dict:
    return {output.path: output.data for output in result.outputs}


def test_a_build_is_the_named_steps_in_order(workdir, monkeypatch):
    called = []
    for step in STEPS:
        real = getattr(pipeline, step)
        monkeypatch.setattr(pipeline, step,
                            lambda *a, _s=step, _r=real: called.append(_s) or _r(*a))
    assert compile_site(Options(content=workdir / "valid")).problems == ()
    assert called == STEPS


def test_check_build_and_serve_make_the_same_files(workdir):
    """Three modes, one pipeline: kept in memory, staged and swapped in, in place."""
    opts = Options(content=workdir / "valid", jobs=1)
    kept = outputs(compile_site(opts))
    assert build(replace(opts, out=workdir / "built")).problems == ()
    served = IncrementalBuilder(replace(opts, out=workdir / "served"))
    assert served.rebuild().problems == ()
    (workdir / "valid" / "about.md").write_text("---\ntitle: About\n---\nNew words.\n")
    again = served.rebuild()   # in place now
    assert again.problems == () and again.written
    assert site_files(workdir / "built") == kept
    assert site_files(workdir / "served") == outputs(compile_site(opts))
    assert check_site(opts).files == len(kept)


def test_problems_from_every_step_are_collected_together(workdir):
    content = workdir / "valid"
    event = content / "events" / "shelling.md"
    event.write_text(event.read_text().replace("status:", "status: nonsense\nstatus_was:", 1))
    denial = content / "events" / "denial.md"
    denial.write_text(denial.read_text().replace("source: art", "source: no-such-article", 1))
    found = {(Path(p.path).name, p.message) for p in check_site(Options(content=content)).problems}
    assert ("shelling.md", "'status' 'nonsense' is not one of confirmed, reported, claimed, "
            "disputed, denied") in found                              # the validate step
    assert ("denial.md", "unknown source 'no-such-article'") in found   # the link step


def test_a_build_with_problems_leaves_the_output_as_it_was(workdir):
    opts = Options(content=workdir / "valid", out=workdir / "site", jobs=1)
    assert build(opts).problems == ()
    before = tree_bytes(workdir / "site")
    templates = workdir / "templates"
    shutil.copytree(ROOT / "templates", templates)
    page = templates / "event.html"
    page.write_text(page.read_text().replace("{% block main %}",
                                             "{% block main %}{{ no_such_name.x }}", 1))
    result = build(replace(opts, templates=templates))   # fails in the render step
    assert result.problems and all(p.path == str(page) for p in result.problems)
    assert tree_bytes(workdir / "site") == before
    assert sorted(p.name for p in workdir.iterdir() if p.name.startswith(".site")) == []


def test_a_context_the_cache_cannot_key_fails_in_check_as_in_build(workdir, monkeypatch):
    """check keys every page as a cached build does: what one cannot key fails in both."""
    real = chronology.index_context
    monkeypatch.setattr(chronology, "index_context", lambda *args: real(*args) + (
        ("unkeyable", object()),))
    opts = Options(content=workdir / "valid", out=workdir / "site", jobs=1)
    for run in (lambda: check_site(opts), lambda: build(replace(opts, cache=workdir / "cache"))):
        with pytest.raises(TypeError, match="cannot fingerprint object") as raised:
            run()
        assert "index.html" in "".join(raised.value.__notes__)


def test_a_set_in_a_page_context_is_keyed(workdir, monkeypatch):
    real = chronology.index_context
    monkeypatch.setattr(chronology, "index_context", lambda *args: real(*args) + (
        ("tags_seen", frozenset(tag for e in args[0].events for tag in e.tags)),))
    opts = Options(content=workdir / "valid", out=workdir / "site", cache=workdir / "cache",
                   jobs=1)
    assert build(opts).problems == () and build(opts).problems == ()
    assert check_site(opts).problems == ()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {   # one of each kind of record, and the settings
    "event": ("events/baranovsky-says-operation-ongoing.md", "the operation was still under way",
              "the fighting went on"),
    "source": ("sources/al-jazeera-what-we-know.md", "What we know so far", "What we know"),
    "actor": ("actors/isw.md", "name: ", "name: The "),
    "place": ("places/bakhmut.md", "name: Bakhmut", "name: Bakhmut (Artemivsk)"),
    "dispute": ("disputes/civilians-wounded.md", "How many civilians were wounded?",
                "How many were wounded?"),
    "settings": ("site.yaml", "title: \"", "title: \"Revised: "),
    "about": ("about.md", "This chronology sets out", "This chronology lays out"),
}


def test_cached_builds_after_an_edit_of_each_kind_equal_a_clean_build(tmp_path):
    """For every template: the pages a cached build keeps or renders again after an
    edit of each kind of record are byte for byte a clean build's."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    opts = Options(content=content, out=tmp_path / "site", cache=tmp_path / "cache", jobs=1)
    assert build(opts).problems == ()
    for kind, (name, old, new) in EDITS.items():
        edit(content / name, old, new)
        built = build(opts)
        assert built.problems == () and built.warnings == (), kind   # the cache was read whole
        clean = compile_site(opts)
        assert site_files(opts.out) == outputs(clean), kind
    planned = {p.template for p in pipeline.plan(pipeline.read_site(opts)[0], opts)}
    layouts = {"base.html", "macros.html"}
    assert planned | layouts >= {p.name for p in (ROOT / "templates").glob("*.html")} - {"day.html"}


def test_a_memory_mode_build_writes_nothing(workdir):
    result = build(Options(content=workdir / "valid", out=workdir / "nowhere"),
                   Mode(MEMORY, Cache(None)))
    assert result.problems == () and result.outputs and not (workdir / "nowhere").exists()

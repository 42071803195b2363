"""The feed, data files and search index are put together from per-event pieces
that rebuilds reuse: after any edit they must still be exactly a clean build's."""
import contextlib
import hashlib
import pickle
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_build, tree_bytes
from timeline import pipeline
from timeline.speed import parallel
from timeline.incremental import IncrementalBuilder
from timeline.pipeline import Options

EXTRAS = ("feed.xml", "assets/search-index.js", "data/events.json", "data/events.csv",
          "data/events.ics", "data/timelinejs.json", "data/disputes.json")


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rename_actor(content):
    edit(content / "actors" / "aleksey-baranovsky.md", "name: ", "name: Alexei (Aleksey) ")


def edit_body(content):
    edit(content / "events" / "baranovsky-says-operation-ongoing.md",
         "the operation was still under way.", "that fighting went on.")


def retitle_source(content):
    edit(content / "sources" / "al-jazeera-what-we-know.md", "What we know so far", "What we know")


def add_and_delete_events(content):
    events = content / "events"
    shutil.copy(events / "baranovsky-says-operation-ongoing.md", events / "a-copy-of-it.md")
    (events / "legion-social-media-statement.md").unlink()   # no dispute names it


def hide_a_responded_event(content):
    # Its answer stays, but the data files no longer list the response to a draft
    # (which has no key point: it would not be published).
    path = content / "events" / "defence-ministry-says-attackers-routed.md"
    edit(path, "---\n", "---\ndraft: true\n")
    edit(path, "key_point: ", "# key_point: ")


def edit_a_dispute(content):
    # Its question, and which account gives the lowest figure: the page and disputes.json.
    edit(content / "disputes" / "civilians-wounded.md", "question: How many civilians were wounded?",
         "question: How many were wounded?")
    edit(content / "disputes" / "civilians-wounded.md", "value: 8", "value: 13")


def move_an_actor_to_another_side(content):
    edit(content / "actors" / "isw.md", "side: analysts", "side: independent")


def change_time_zone(content):
    edit(content / "site.yaml", "timezone: Europe/Moscow", "timezone: Europe/Kyiv")


EDITS = [rename_actor, edit_body, retitle_source, add_and_delete_events,
         hide_a_responded_event, edit_a_dispute, move_an_actor_to_another_side, change_time_zone]


# The content's files -> its clean build: the two tests that apply EDITS in turn meet
# the same contents, and a clean build of the whole chronology takes a while.
CLEAN: dict = {}


def clean_build(content: Path) -> dict:
    key = hashlib.blake2b(pickle.dumps(sorted(tree_bytes(content).items()))).digest()
    if key not in CLEAN:
        out = content.parent / "clean"
        result = run_build("build", "--no-cache", "--content", content, "--out", out,
                           cwd=content.parent)
        assert result.returncode == 0, result.stderr
        CLEAN[key] = tree_bytes(out)
    return CLEAN[key]


@pytest.mark.slow
def test_serve_rebuilds_after_edits_equal_clean_builds(content):
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    assert builder.rebuild().problems == ()
    for change in EDITS:
        change(content)
        result = builder.rebuild()
        assert result.problems == (), change.__name__
        assert set(EXTRAS) & set(result.written), change.__name__
        assert tree_bytes(builder.opts.out) == clean_build(content), change.__name__


@pytest.mark.slow
def test_cached_builds_after_edits_equal_clean_builds(content):
    def cached_build() -> dict:
        result = run_build("build", "--content", content, "--out", "site", cwd=content.parent)
        assert result.returncode == 0, result.stderr
        return tree_bytes(content.parent / "site")

    cached_build()
    assert (content.parent / ".chronology-cache" / "pieces.pickle").is_file()
    for change in EDITS:
        change(content)
        assert cached_build() == clean_build(content), change.__name__


def test_one_edit_makes_only_the_pieces_that_show_it_again(content):
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    builder.rebuild()
    before = dict(builder.cache.loaded_pieces)
    edit_body(content)
    builder.rebuild()
    after = builder.cache.loaded_pieces
    assert after.keys() == before.keys()
    remade = [slug for slug in after if after[slug] is not before[slug]]
    assert remade == ["baranovsky-says-operation-ongoing"]
    # An actor named by several events: their pieces are made again, and no others.
    edit(content / "actors" / "russian-defence-ministry.md", "name: Russian", "name: Russia's")
    builder.rebuild()
    remade = {slug for slug in after if builder.cache.loaded_pieces[slug] is not after[slug]}
    naming = {p.stem for p in (content / "events").glob("*.md")
              if "russian-defence-ministry" in p.read_text(encoding="utf-8")}
    assert remade == naming and len(naming) > 1


def test_a_site_without_events_still_gets_its_assets_feed_and_data(content):
    for path in [*(content / "events").glob("*.md"), *(content / "disputes").glob("*.md")]:
        path.unlink()   # a dispute names events
    clean = clean_build(content)
    assert {*EXTRAS, "assets/style.css", "assets/search.js"} <= set(clean)
    assert b'"events": []' in clean["data/events.json"]
    assert b'"disputes": []' in clean["data/disputes.json"]
    result = run_build("build", "--content", content, "--out", "site", cwd=content.parent)
    assert result.returncode == 0, result.stderr
    assert tree_bytes(content.parent / "site") == clean


def test_parallel_cold_build_equals_serial_cached_build(content, monkeypatch):
    """Without a cache the workers write each run of events' pieces to disk, packed;
    the files put together from them are those made from the pieces themselves."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    out = content.parent
    assert pipeline.build(Options(content=content, out=out / "cold", jobs=2)).problems == ()
    assert pipeline.build(Options(content=content, out=out / "cached", cache=out / "cache",
                                  jobs=1)).problems == ()
    assert tree_bytes(out / "cold") == tree_bytes(out / "cached")


@contextlib.contextmanager
def workers_for_any_count():
    # Only where the test asks for them: run_build runs the command in this process.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "MIN_PARALLEL", 1)
        yield


@pytest.mark.slow
def test_long_lists_on_pages_of_their_own_are_the_same_however_built(content):
    """At most 3 events a page (parts.py): serve's rebuilds, cached builds and parallel
    cold builds after edits that move events between pages give a clean build's bytes."""
    edit(content / "site.yaml", "language: en\n", "language: en\nchronology_page_limit: 3\n")
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    with workers_for_any_count():
        assert builder.rebuild().problems == ()
    for change in (add_and_delete_events, edit_body, change_time_zone):
        change(content)
        with workers_for_any_count():
            assert builder.rebuild().problems == (), change.__name__
        clean = clean_build(content)
        assert "tags/statement/2.html" in clean and "days/2023-05-22/2.html" in clean
        assert tree_bytes(builder.opts.out) == clean, change.__name__
        result = run_build("build", "--content", content, "--out", "site", cwd=content.parent)
        assert result.returncode == 0, result.stderr
        assert tree_bytes(content.parent / "site") == clean, change.__name__
        cold = content.parent / f"cold-{change.__name__}"
        with workers_for_any_count():
            assert pipeline.build(Options(content=content, out=cold, jobs=2)).problems == ()
        assert tree_bytes(cold) == clean, change.__name__

"""An incremental rebuild writes only what changed, and gives exactly a clean build's bytes."""
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_build, tree_bytes
from timeline.incremental import IncrementalBuilder
from timeline.pipeline import Options


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of the real chronology, to edit."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def clean_build(content: Path) -> dict:
    out = content.parent / "clean"
    result = run_build("build", "--content", content, "--out", out, cwd=content.parent)
    assert result.returncode == 0, result.stderr
    return tree_bytes(out)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def inodes(out: Path) -> dict:
    """A file written again (by rename) gets a new inode; an untouched one keeps its own."""
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


def test_edit_one_event(content):
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    assert builder.rebuild().problems == ()
    before = inodes(builder.opts.out)
    event = content / "events" / "kyiv-denies-involvement.md"
    edit(event, "status: disputed", "status: claimed")
    result = builder.rebuild()
    assert result.problems == ()
    assert result.revalidated == (str(event),)          # the other files were not re-read
    assert "events/kyiv-denies-involvement.html" in result.written
    assert "disputed.html" in result.written               # it left the disputed list
    assert len(result.written) < result.pages / 4
    after = inodes(builder.opts.out)
    untouched = [p for p in before if p not in result.written]
    assert untouched and all(before[p] == after[p] for p in untouched)
    assert all(before[p] != after[p] for p in result.written)
    assert tree_bytes(builder.opts.out) == clean_build(content)


def test_add_and_delete_records(content):
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    builder.rebuild()
    shutil.copy(FIXTURES / "valid" / "sources" / "art.md", content / "sources" / "new-article.md")
    (content / "events" / "counter-terrorist-regime-lifted.md").unlink()
    result = builder.rebuild()
    assert result.problems == ()
    assert "sources/new-article.html" in result.written
    assert result.removed == ("events/counter-terrorist-regime-lifted.html",)
    assert tree_bytes(builder.opts.out) == clean_build(content)


def test_a_failed_rebuild_writes_nothing_and_the_next_good_one_catches_up(content):
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    builder.rebuild()
    site = tree_bytes(builder.opts.out)
    event = content / "events" / "civilian-deaths.md"
    edit(event, "status:", "statuss:")
    failed = builder.rebuild()
    assert [p.message for p in failed.problems if "statuss" in p.message]
    assert failed.written == () and tree_bytes(builder.opts.out) == site
    edit(event, "statuss:", "status:")
    event.write_text(event.read_text() + "\nA sentence added while the server ran.\n")
    assert builder.rebuild().problems == ()
    assert tree_bytes(builder.opts.out) == clean_build(content)


def test_nothing_changed_writes_nothing(content):
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    builder.rebuild()
    result = builder.rebuild()
    assert (result.written, result.removed, result.revalidated) == ((), (), ())
    assert "0 of" in result.summary()


def test_the_edited_events_own_page_is_written_before_the_lists(content):
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    builder.rebuild()
    out = builder.opts.out
    index_before = (out / "index.html").read_text()
    seen = []

    def first(part):   # what is on disk at that moment
        seen.append((part.written, (out / "events/civilian-deaths.html").read_text(),
                     (out / "index.html").read_text()))

    edit(content / "events" / "civilian-deaths.md", "title: 'Civilian", "title: 'Renamed civilian")
    result = builder.rebuild(first_pages=first)
    assert result.problems == ()
    [(written, page, index)] = seen
    assert written == ("events/civilian-deaths.html",)
    assert "Renamed civilian" in page and index == index_before   # the page first, then the index
    assert "index.html" in result.written and "Renamed civilian" in (out / "index.html").read_text()
    assert tree_bytes(out) == clean_build(content)

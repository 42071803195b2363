"""An incremental rebuild writes only what changed, and gives exactly a clean build's bytes."""
import os
import shutil
from types import SimpleNamespace
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_build, tree_bytes
from timeline.incremental import IncrementalBuilder
from timeline.speed.memo import TextMemo
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
    # Listed on the disputed page by its status alone: no dispute record covers it.
    event = content / "events" / "kyrychevsky-analysis.md"
    edit(event, "status: disputed", "status: claimed")
    result = builder.rebuild()
    assert result.problems == ()
    assert result.revalidated == (str(event),)          # the other files were not re-read
    assert "events/kyrychevsky-analysis.html" in result.written
    assert "disputed.html" in result.written               # it left the disputed list
    assert len(result.written) < result.pages / 4
    after = inodes(builder.opts.out)
    untouched = [p for p in before if p not in result.written + result.removed]
    assert untouched and all(before[p] == after[p] for p in untouched)
    # The search index's shards are named after their data: a changed one is a new file.
    assert all(before[p] != after[p] for p in result.written if p in before)
    assert tree_bytes(builder.opts.out) == clean_build(content)


def test_add_and_delete_records(content):
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    builder.rebuild()
    shutil.copy(FIXTURES / "valid" / "sources" / "art.md", content / "sources" / "new-article.md")
    # An event no dispute names: deleting one that a dispute names is a problem.
    (content / "events" / "legion-social-media-statement.md").unlink()
    result = builder.rebuild()
    assert result.problems == ()
    assert "sources/new-article.html" in result.written
    removed = [path for path in result.removed if not path.startswith("assets/search/")]
    assert removed == ["events/legion-social-media-statement.html"]
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

    edit(content / "events" / "civilian-deaths.md", 'title: "Civilian', 'title: "Renamed civilian')
    result = builder.rebuild(first_pages=first)
    assert result.problems == ()
    [(written, page, index)] = seen
    assert written == ("events/civilian-deaths.html",)
    assert "Renamed civilian" in page and index == index_before   # the page first, then the index
    assert "index.html" in result.written and "Renamed civilian" in (out / "index.html").read_text()
    assert tree_bytes(out) == clean_build(content)


def test_an_edited_dispute_rewrites_the_disputed_page_first_then_its_data(content):
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    builder.rebuild()
    seen = []
    dispute = content / "disputes" / "civilians-wounded.md"
    edit(dispute, "question: How many civilians were wounded?", "question: How many were hurt?")
    result = builder.rebuild(first_pages=lambda part: seen.append(part.written))
    assert result.problems == () and result.revalidated == (str(dispute),)
    assert seen == [("disputed.html",)]   # where the dispute is shown: its own page
    # the event page that lists its disputes, and the data file; not the other pages
    assert {"events/civilians-wounded.html", "data/disputes.json"} <= set(result.written)
    assert len(result.written) < 6
    assert "How many were hurt?" in (builder.opts.out / "disputed.html").read_text()
    assert tree_bytes(builder.opts.out) == clean_build(content)


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(content, monkeypatch):
    """serve does not re-read files whose stat is unchanged; an edit always changes
    the inode's change time (ctime), even when size and mtime are put back."""
    monkeypatch.setattr(TextMemo, "SETTLE_NS", 0)   # trust every read, as for old files
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    builder.rebuild()
    builder.rebuild()   # the files' texts are now remembered with their stat
    event = content / "events" / "kyiv-denies-involvement.md"
    before = event.stat()
    edit(event, "status: disputed", "status: claimed ")   # same number of bytes
    os.utime(event, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert event.stat().st_size == before.st_size
    assert builder.rebuild().revalidated == (str(event),)
    assert tree_bytes(builder.opts.out) == clean_build(content)


def test_a_file_changed_just_before_it_was_read_is_read_again(tmp_path):
    """A coarse file-system clock can give two edits one mtime: a text read within
    SETTLE_NS of its file's last change is not trusted on the next build."""
    path = tmp_path / "a.md"
    path.write_text("first")
    memo = TextMemo()
    st = path.stat()
    assert memo.read(path, st, path) == "first"
    memo.forget_unused()
    path.write_text("again")            # suppose the stat had not moved at all:
    assert memo.read(path, st, path) == "again"   # read again, as it was fresh
    old = SimpleNamespace(st_dev=st.st_dev, st_ino=st.st_ino, st_size=st.st_size,
                          st_mtime_ns=0, st_ctime_ns=0)   # times at 1970: long settled
    memo = TextMemo()
    assert memo.read(path, old, path) == "again"
    memo.forget_unused()
    path.write_text("later")
    assert memo.read(path, old, path) == "again"  # trusted: the stat is all it looks at


def test_files_added_and_removed_are_seen_when_folder_listings_are_remembered(content,
                                                                                monkeypatch):
    """serve lists a folder again only when the folder's stat moved: adding,
    removing or renaming an entry always moves its mtime."""
    monkeypatch.setattr(TextMemo, "SETTLE_NS", 0)
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    builder.rebuild()
    builder.rebuild()   # the folders' listings are now remembered with their stat
    shutil.copy(FIXTURES / "valid" / "sources" / "art.md", content / "sources" / "new-article.md")
    (content / "events" / "legion-social-media-statement.md").rename(   # no dispute names it
        content / "events" / "regime-lifted.md")
    (content / "events" / "notes.txt").write_text("not a record")
    result = builder.rebuild()
    assert [(p.path, p.message) for p in result.problems] == [
        (str(content / "events" / "notes.txt"), "is not a Markdown (.md) record")]
    (content / "events" / "notes.txt").unlink()
    assert builder.rebuild().problems == ()
    assert (builder.opts.out / "sources" / "new-article.html").is_file()
    assert (builder.opts.out / "events" / "regime-lifted.html").is_file()
    assert tree_bytes(builder.opts.out) == clean_build(content)


def test_rebuild_messages_escape_file_names():
    """A file name with a line break or an escape cannot forge lines in the terminal."""
    from timeline.incremental import names
    shown = names(["content/events/a\nb.md", "content/events/\x1b[2Jc.md"])
    assert "\n" not in shown and "\x1b" not in shown
    assert "a\\nb.md" in shown and "\\x1b[2Jc.md" in shown


def test_edits_with_a_page_per_day(content):
    """With the chronology split by day, moving an event rewrites both days' pages and
    deleting a day's only event removes its page; the result is a clean build's."""
    edit(content / "site.yaml", "language: en\n", "language: en\nchronology_page_limit: 20\n")
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    assert builder.rebuild().problems == ()
    assert (builder.opts.out / "days/2023-05-24.html").is_file()
    edit(content / "events/baranovsky-says-operation-ongoing.md",
         'start: "2023-05-22"', 'start: "2023-05-23"')
    moved = builder.rebuild()
    assert moved.problems == ()
    assert {"days/2023-05-22.html", "days/2023-05-23.html"} <= set(moved.written)
    assert tree_bytes(builder.opts.out) == clean_build(content)
    (content / "events/isw-response-disproportionate.md").unlink()
    deleted = builder.rebuild()
    assert "days/2023-05-24.html" in deleted.removed
    assert tree_bytes(builder.opts.out) == clean_build(content)


def test_a_long_list_s_pages_come_and_go_with_its_events(content):
    """With at most 5 events a page (parts.py), a sixth event tagged 'shelling' adds the
    tag's second page, and deleting it removes that page; each time a clean build's bytes."""
    edit(content / "site.yaml", "language: en\n", "language: en\nchronology_page_limit: 5\n")
    builder = IncrementalBuilder(Options(content=content, out=content.parent / "live"))
    assert builder.rebuild().problems == ()
    assert (builder.opts.out / "tags/shelling.html").is_file()
    assert not (builder.opts.out / "tags/shelling/2.html").exists()
    events = content / "events"
    shutil.copy(events / "borisovka-hit-tuesday.md", events / "borisovka-hit-again.md")
    added = builder.rebuild()
    assert added.problems == () and "tags/shelling/2.html" in added.written
    assert tree_bytes(builder.opts.out) == clean_build(content)
    (events / "borisovka-hit-again.md").unlink()
    deleted = builder.rebuild()
    assert "tags/shelling/2.html" in deleted.removed
    assert tree_bytes(builder.opts.out) == clean_build(content)

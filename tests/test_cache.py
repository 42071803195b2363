"""Cached, incremental and parallel builds give exactly the bytes of a clean build;
a cache this user's own build did not write is never trusted."""
import os
import pickle
import shutil
import stat
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import FIXTURES, NOBODY, ROOT, run_build, tree_bytes
from timeline import extras, pipeline, render
from timeline.model import Event
from timeline.pipeline import Options
from timeline.speed import cachefiles, parallel, spill

sys.path.insert(0, str(ROOT / "bench"))
import gen_corpus  # noqa: E402


def edit(path: Path) -> None:
    text = path.read_text()
    path.write_text(text.replace("\n---\n", "\n---\nA new first sentence. ", 1) + "\nMore *text*.\n")


def clean_build(content: Path, out: Path) -> dict:
    result = run_build("--content", content, "--out", out, "--no-cache", cwd=content.parent)
    assert result.returncode == 0, result.stderr
    return tree_bytes(out)


def test_cached_rebuild_after_an_edit_equals_a_clean_build(workdir):
    content = workdir / "valid"
    first = run_build("--content", content, "--out", "site", cwd=workdir)
    assert first.returncode == 0, first.stderr
    assert (workdir / ".chronology-cache" / "records.pickle").is_file()
    assert stat.S_IMODE((workdir / ".chronology-cache").stat().st_mode) == 0o700
    edit(content / "events" / "shelling.md")
    again = run_build("--content", content, "--out", "site", cwd=workdir)
    assert again.returncode == 0, again.stderr
    incremental = tree_bytes(workdir / "site")
    assert "A new first sentence." in incremental["events/shelling.html"].decode()
    assert incremental == clean_build(content, workdir / "clean")


def test_rebuild_links_the_files_whose_bytes_did_not_change(workdir):
    """Pages and the data files, which are written as they are made, alike: an
    unchanged file is the last build's file (hard-linked), a changed one is new."""
    args = ("--content", "valid", "--out", "site")
    assert run_build(*args, cwd=workdir).returncode == 0
    site = workdir / "site"
    files = ("data/events.schema.json", "data/events.json", "about.html", "events/shelling.html")
    before = {name: (site / name).stat().st_ino for name in files}
    edit(workdir / "valid" / "events" / "shelling.md")
    assert run_build(*args, cwd=workdir).returncode == 0
    after = {name: (site / name).stat().st_ino for name in files}
    for name in ("data/events.schema.json", "about.html"):
        assert after[name] == before[name], name
    for name in ("data/events.json", "events/shelling.html"):
        assert after[name] != before[name], name
    assert "A new first sentence." in (site / "data" / "events.json").read_text()
    assert not [p for p in site.rglob("*") if p.name.endswith(".old")]
    again = run_build(*args, cwd=workdir)   # linked or not, each file is known as it is now
    assert "(0 pages rendered" in again.stdout
    assert {name: (site / name).stat().st_ino for name in files} == after


class Plant:
    """A pickle that, if anything loads it, makes the folder `marker`: proof that
    the cache ran code it was handed."""
    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return os.mkdir, (self.marker,)


def plant(cache: Path, marker: Path) -> dict:
    """Every file in the cache replaced by a Plant; what the folder then holds."""
    for path in cache.iterdir():
        path.write_bytes(pickle.dumps(Plant(marker)))
    return snapshot(cache)


def snapshot(folder: Path) -> dict:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("build.py: warning:")]


def poison(cache: Path, content: Path, out: Path) -> None:
    """Every cached event record's title changed, the file signed anew with this
    user's key: a cache that a build would trust, and whose use shows in the site."""
    key = cachefiles.user_key(content, out)
    data = cachefiles.read(cache, "records.pickle", key)
    data["records"] = {k: replace(r, title="POISONED") if isinstance(r, Event) else r
                       for k, r in data["records"].items()}
    cachefiles.write(cache, "records.pickle", data, key)


def test_no_cache_build_reads_and_writes_no_cache(workdir):
    assert run_build("--content", "valid", "--out", "site", cwd=workdir).returncode == 0
    cache = workdir / ".chronology-cache"
    poison(cache, workdir / "valid", workdir / "site")
    planted = snapshot(cache)
    edit(workdir / "valid" / "about.md")   # the site is no longer current: records are needed
    clean = clean_build(workdir / "valid", workdir / "site")
    assert not [path for path, data in clean.items() if b"POISONED" in data]   # nothing read
    assert snapshot(cache) == planted     # nothing written
    # The same cache is read by a build that uses it: the poison was there to be read.
    assert run_build("--content", "valid", "--out", "cached", cwd=workdir).returncode == 0
    assert [path for path, data in tree_bytes(workdir / "cached").items() if b"POISONED" in data]


def test_a_planted_pickle_never_runs_and_the_site_is_a_clean_build(workdir):
    """A pull request can force-add a pickle to the cache folder; a shared /tmp lets
    another user put one there: unpickled, it runs as whoever builds."""
    args = ("--content", "valid", "--out", "site")
    assert run_build(*args, cwd=workdir).returncode == 0
    cache, marker = workdir / ".chronology-cache", workdir / "ran"
    planted = plant(cache, marker)
    edit(workdir / "valid" / "events" / "shelling.md")
    result = run_build(*args, cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    [warning] = warnings(result)
    assert warning.startswith(f"build.py: warning: cannot use the cache {cache}/")
    assert ": it is not signed with this user's cache key" in warning
    assert tree_bytes(workdir / "site") == clean_build(workdir / "valid", workdir / "clean")
    assert all(snapshot(cache)[name][0] != planted[name][0] for name in planted)   # replaced


def split(data: bytes) -> tuple[bytes, bytes]:
    """A cache file's header line, if it has one, and its pickle."""
    if data.startswith(pickle.PROTO):
        return b"", data
    head, _, payload = data.partition(b"\n")
    return head + b"\n", payload


def test_a_record_forged_in_the_cache_changes_nothing(workdir):
    """The attack seen: a cached event whose body carries a script, which the
    sanitiser would have removed, published by every build that kept the cache."""
    args = ("--content", "valid", "--out", "site")
    assert run_build(*args, cwd=workdir).returncode == 0
    records = workdir / ".chronology-cache" / "records.pickle"
    head, payload = split(records.read_bytes())
    data = pickle.loads(payload)
    script = b"<script>alert(1)</script>"
    data["records"] = {key: replace(record, body_html=script.decode())
                       if isinstance(record, Event) else record
                       for key, record in data["records"].items()}
    records.write_bytes(head + pickle.dumps(data))
    edit(workdir / "valid" / "about.md")   # so that the records are read
    result = run_build(*args, cwd=workdir)
    assert result.returncode == 0, result.stderr
    site = tree_bytes(workdir / "site")
    assert not [name for name, data in site.items() if script in data]
    assert site == clean_build(workdir / "valid", workdir / "clean")
    [warning] = warnings(result)
    assert warning.startswith(f"build.py: warning: cannot use the cache {records}: it is not signed")


def test_a_cache_signed_with_another_key_is_ignored_and_rewritten(workdir, tmp_path_factory):
    """Written by another user (here: the same files under another key), the cache
    is not used; this build replaces it, and the next uses it without a word."""
    args = ("--content", "valid", "--out", "site")
    other = {"XDG_STATE_HOME": str(tmp_path_factory.mktemp("another-user"))}
    assert run_build(*args, cwd=workdir, env=other).returncode == 0
    edit(workdir / "valid" / "events" / "shelling.md")
    result = run_build(*args, cwd=workdir)
    assert result.returncode == 0, result.stderr
    [warning] = warnings(result)
    assert ": it is not signed with this user's cache key (another user, or an older " \
           "version, wrote it); building without the cache (this build replaces it)" in warning
    assert tree_bytes(workdir / "site") == clean_build(workdir / "valid", workdir / "clean")
    edit(workdir / "valid" / "events" / "denial.md")
    again = run_build(*args, cwd=workdir)
    assert again.returncode == 0 and again.stderr == ""
    assert tree_bytes(workdir / "site") == clean_build(workdir / "valid", workdir / "clean")


def refused(workdir: Path, spoil, args=("--content", "valid", "--out", "site")):
    """Build, spoil the cache folder, plant pickles in it and build after an edit:
    the pickles must not run nor the folder change; (result, cache folder)."""
    assert run_build(*args, cwd=workdir).returncode == 0
    cache, marker = workdir / ".chronology-cache", workdir / "ran"
    planted = plant(cache, marker)
    folder = spoil(cache) or cache
    edit(workdir / "valid" / "events" / "shelling.md")
    result = run_build(*args, cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert snapshot(folder) == planted
    assert tree_bytes(workdir / "site") == clean_build(workdir / "valid", workdir / "clean")
    return result, cache


def test_a_cache_folder_that_is_a_symbolic_link_is_refused(workdir):
    """Git can hold a symbolic link: followed, the cache was read from and written
    to wherever it points."""
    def link(cache: Path) -> Path:
        target = cache.rename(cache.with_name("elsewhere"))
        cache.symlink_to(target.name)
        return target
    result, cache = refused(workdir, link)
    assert cache.is_symlink()
    assert warnings(result) == [
        f"build.py: warning: cannot use the cache {cache}: it is a symbolic link, which could "
        "lead anywhere; building without the cache (delete the link, and a folder is made "
        "in its place)"]


@pytest.mark.parametrize("mode", [0o770, 0o707], ids=["group", "others"])
def test_a_cache_folder_others_can_write_is_refused(workdir, mode):
    result, cache = refused(workdir, lambda cache: cache.chmod(mode))
    assert warnings(result) == [
        f"build.py: warning: cannot use the cache {cache}: it can be written by other users; "
        "building without the cache (chmod go-w it, or delete it)"]


def test_a_cache_folder_of_another_user_is_refused(workdir, monkeypatch):
    """As seen from another user (os.geteuid faked), this user's cache is foreign."""
    content = workdir / "valid"
    opts = Options(content=content, out=workdir / "site", cache=workdir / "cache")
    assert pipeline.build(opts).problems == ()
    marker = workdir / "ran"
    planted = plant(workdir / "cache", marker)
    edit(content / "events" / "shelling.md")
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    result = pipeline.build(opts)
    assert result.problems == () and not marker.exists()
    assert result.warnings == (f"cannot use the cache {workdir}/cache: it belongs to another "
                               "user; building without the cache (delete it, or build into "
                               "another --out)",)
    assert snapshot(workdir / "cache") == planted
    assert tree_bytes(workdir / "site") == clean_build(content, workdir / "clean")


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_a_cache_folder_git_tracks_is_refused(workdir):
    """A pull request can force-add a file to the git-ignored cache folder."""
    def track(cache: Path) -> None:
        subprocess.run(["git", "init", "-q"], cwd=workdir, check=True)
        subprocess.run(["git", "add", "-f", ".chronology-cache/records.pickle"], cwd=workdir,
                       check=True)
    result, cache = refused(workdir, track)
    assert warnings(result) == [
        f"build.py: warning: cannot use the cache {cache}: git tracks files in it, such as "
        ".chronology-cache/records.pickle; building without the cache (untrack them with: "
        f"git rm -r --cached {cache})"]


def _key_in_the_content(workdir: Path) -> dict:
    return {"XDG_STATE_HOME": str(workdir / "valid" / ".state")}


def _key_open_to_others(workdir: Path) -> dict:
    key = workdir / "state" / "chronology" / "cache-key"
    key.parent.mkdir(parents=True, mode=0o700)
    key.write_bytes(os.urandom(32))
    key.chmod(0o644)
    return {"XDG_STATE_HOME": str(workdir / "state")}


@pytest.mark.parametrize("spoil, why", [
    (_key_in_the_content, "it lies inside the content folder {workdir}/valid"),
    (_key_open_to_others, "it is open to other users")], ids=["in-the-content", "open"])
def test_a_cache_key_others_could_know_or_set_is_refused(workdir, spoil, why):
    args = ("--content", "valid", "--out", "site")
    assert run_build(*args, cwd=workdir).returncode == 0
    env = spoil(workdir)
    edit(workdir / "valid" / "events" / "shelling.md")
    result = run_build(*args, cwd=workdir, env=env)
    assert result.returncode == 0, result.stderr
    [warning] = warnings(result)
    assert warning.startswith("build.py: warning: cannot use the cache key ")
    assert f"cache-key: {why.format(workdir=workdir)}; building without the cache" in warning
    assert not (workdir / "valid" / ".state").exists()
    assert tree_bytes(workdir / "site") == clean_build(workdir / "valid", workdir / "clean")


def test_rebuild_with_nothing_changed_restores_a_tampered_site(workdir):
    args = ("--content", "valid", "--out", "site")
    assert run_build(*args, cwd=workdir).returncode == 0
    built = tree_bytes(workdir / "site")
    assert run_build(*args, cwd=workdir).returncode == 0   # the no-change fast path
    assert tree_bytes(workdir / "site") == built
    (workdir / "site" / "about.html").write_text("tampered")
    (workdir / "site" / "events" / "stray.html").write_text("stray")
    assert run_build(*args, cwd=workdir).returncode == 0
    assert tree_bytes(workdir / "site") == built


@pytest.mark.parametrize("edited", [False, True])
def test_an_output_edited_with_its_size_and_mtime_put_back_is_repaired(workdir, edited):
    """Size and mtime are easily put back (os.utime), the ctime is not: the edit is
    seen on the no-change path and for a page hard-linked as unchanged alike."""
    args = ("--content", "valid", "--out", "site")
    assert run_build(*args, cwd=workdir).returncode == 0
    page = workdir / "site" / "about.html"
    before = page.stat()
    time.sleep(0.05)   # the file-system clock ticks coarsely: let it move
    with open(page, "r+b") as f:
        f.write(b"<!-- defaced -->")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    if edited:
        edit(workdir / "valid" / "events" / "shelling.md")
    assert run_build(*args, cwd=workdir).returncode == 0
    assert b"defaced" not in page.read_bytes()
    assert tree_bytes(workdir / "site") == clean_build(workdir / "valid", workdir / "clean")


def _cache_is_a_file(cache: Path) -> str:
    shutil.rmtree(cache)
    cache.write_text("")
    return f"cannot use the cache {cache}: it is not a folder; building without the cache"


def _records_is_a_folder(cache: Path) -> str:
    (cache / "records.pickle").unlink()
    (cache / "records.pickle").mkdir()
    return f"cannot read the cache {cache}/records.pickle (Is a directory)"


def _records_is_a_link(cache: Path) -> str:
    target = cache.parent / "elsewhere.pickle"
    target.write_bytes(pickle.dumps(Plant(cache.parent / "ran")))
    (cache / "records.pickle").unlink()
    (cache / "records.pickle").symlink_to(target)
    return f"cannot use the cache {cache}/records.pickle: it is a symbolic link"


def _records_of_another_user(cache: Path) -> str:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    os.chown(cache / "records.pickle", NOBODY, NOBODY)
    return f"cannot use the cache {cache}/records.pickle: it belongs to another user"


def _records_is_garbage(cache: Path) -> str:
    (cache / "records.pickle").write_bytes(b"garbage")   # replaced, as any file not ours
    return (f"cannot use the cache {cache}/records.pickle: it is not signed with this user's "
            "cache key")


@pytest.mark.parametrize("spoil", [_cache_is_a_file, _records_is_a_folder, _records_is_a_link,
                                   _records_of_another_user, _records_is_garbage])
def test_a_cache_that_cannot_be_used_is_a_warning_not_a_failure(workdir, spoil):
    """The cache is only a shortcut: the build succeeds without it, says why, and
    never fails after the new site is in place (it was saved after the swap)."""
    args = ("--content", "valid", "--out", "site")
    assert run_build(*args, cwd=workdir).returncode == 0
    warning = spoil(workdir / ".chronology-cache")
    edit(workdir / "valid" / "about.md")
    result = run_build(*args, cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (warning in result.stderr) if warning else result.stderr == ""
    if spoil is _records_is_a_folder:   # it cannot be written either
        assert (f"build.py: warning: cannot write the cache {workdir}/.chronology-cache/"
                "records.pickle (Is a directory); the site was built, the cache not updated"
                in result.stderr.splitlines())
    assert tree_bytes(workdir / "site") == clean_build(workdir / "valid", workdir / "clean")
    assert not (workdir / "ran").exists()
    if spoil in (_records_is_a_link, _records_of_another_user, _records_is_garbage):
        edit(workdir / "valid" / "events" / "shelling.md")   # replaced: the next build uses it
        assert run_build(*args, cwd=workdir).stderr == ""


def test_an_unreadable_cache_is_a_warning(unprivileged):
    folder, run = unprivileged
    shutil.copytree(FIXTURES / "valid", folder / "valid")
    args = ("build", "--content", "valid", "--out", "site")
    assert run(*args).returncode == 0
    cache = folder / ".chronology-cache"
    for path in cache.iterdir():
        path.chmod(0)
    edit(folder / "valid" / "about.md")
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"build.py: warning: cannot read the cache {cache}/")
    assert "(Permission denied); building without it" in result.stderr
    assert "A new first sentence." in (folder / "site/about.html").read_text()


def test_template_change_rebuilds_pages(workdir):
    templates = workdir / "templates"
    shutil.copytree(ROOT / "templates", templates)
    args = ("--content", "valid", "--out", "site", "--templates", templates)
    assert run_build(*args, cwd=workdir).returncode == 0
    base = templates / "base.html"
    base.write_text(base.read_text().replace("Skip to content", "Skip to the chronology"))
    assert run_build(*args, cwd=workdir).returncode == 0
    assert "Skip to the chronology" in (workdir / "site" / "index.html").read_text()


def test_template_change_remakes_no_data_file_pieces(tmp_path, monkeypatch):
    """The data files are made in Python, not from templates: after a template
    edit every page is rendered again, but no event's pieces of those files."""
    gen_corpus.generate(5, tmp_path / "corpus")
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    opts = Options(content=tmp_path / "corpus" / "content", out=tmp_path / "site",
                   templates=templates, cache=tmp_path / "cache", jobs=1)
    assert pipeline.build(opts).problems == ()
    made = []
    monkeypatch.setattr(extras, "event_pieces", lambda *args: made.append(args) or None)
    base = templates / "base.html"
    base.write_text(base.read_text().replace("Skip to content", "Skip to the chronology"))
    result = pipeline.build(opts)
    assert result.problems == () and result.rendered == len(render.plan(pipeline.read_site(
        opts)[0]))
    assert made == []
    assert "Skip to the chronology" in (tmp_path / "site" / "index.html").read_text()


def test_broken_edit_keeps_the_previous_site_and_cache_stays_correct(workdir):
    args = ("--content", "valid", "--out", "site")
    assert run_build(*args, cwd=workdir).returncode == 0
    built = tree_bytes(workdir / "site")
    event = workdir / "valid" / "events" / "shelling.md"
    good = event.read_text()
    event.write_text(good.replace("status:", "status: nonsense\nstatus_was:", 1))
    assert run_build(*args, cwd=workdir).returncode == 1
    assert tree_bytes(workdir / "site") == built
    event.write_text(good)
    assert run_build(*args, cwd=workdir).returncode == 0
    assert tree_bytes(workdir / "site") == built


def test_parallel_cached_build_equals_serial_clean_build(tmp_path, monkeypatch):
    """Workers render slices of the page plan; an edit then a cached parallel
    rebuild must match a serial build without cache of the edited content."""
    gen_corpus.generate(30, tmp_path / "corpus")
    content = tmp_path / "corpus" / "content"
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    cached = Options(content=content, out=tmp_path / "site", cache=tmp_path / "cache", jobs=2)
    assert pipeline.build(cached).problems == ()
    edit(content / "events" / "event-000003.md")
    assert pipeline.build(cached).problems == ()
    serial = Options(content=content, out=tmp_path / "serial", jobs=1)
    assert pipeline.build(serial).problems == ()
    assert tree_bytes(tmp_path / "site") == tree_bytes(tmp_path / "serial")


def test_parallel_build_names_the_line_of_a_problem_found_after_validation(tmp_path,
                                                                         monkeypatch):
    """Records' line numbers and bodies wait in the spill file (spill.py): a problem
    that only linking finds still names its line, with workers or without, and for
    a record the cache kept from the last build."""
    gen_corpus.generate(30, tmp_path / "corpus")
    content = tmp_path / "corpus" / "content"
    event = content / "events" / "event-000007.md"
    good = event.read_text()
    lines = good.split("\n")
    at = next(n for n, line in enumerate(lines, 1) if line.startswith("  - source:"))
    cited = lines[at - 1].split(":", 1)[1].strip()
    lines[at - 1] = "  - source: no-such-source"
    event.write_text("\n".join(lines))
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)

    def problems(jobs, cache=None):
        found = pipeline.build(Options(content=content, out=tmp_path / "site", cache=cache,
                                       jobs=jobs)).problems
        return [(p.line, p.message) for p in found if p.path == str(event)]
    for jobs in (2, 1):
        assert problems(jobs) == [(at, "unknown source 'no-such-source'")]
    event.write_text(good)
    assert problems(2, tmp_path / "cache") == []
    (content / "sources" / f"{cited}.md").unlink()   # the event itself is unchanged: cached
    assert problems(2, tmp_path / "cache") == [(at, f"unknown source '{cited}'")]


def test_build_without_a_temporary_file_holds_records_in_memory(tmp_path, monkeypatch):
    gen_corpus.generate(30, tmp_path / "corpus")
    content = tmp_path / "corpus" / "content"
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    assert pipeline.build(Options(content=content, out=tmp_path / "spilled")).problems == ()

    def no_file(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(spill, "_file", None)
    monkeypatch.setattr(spill.tempfile, "TemporaryFile", no_file)
    assert pipeline.build(Options(content=content, out=tmp_path / "held")).problems == ()
    assert tree_bytes(tmp_path / "held") == tree_bytes(tmp_path / "spilled")


@pytest.mark.parametrize("n", [20])
def test_generated_corpus_builds_cleanly(tmp_path, n):
    gen_corpus.generate(n, tmp_path)
    assert len(list((tmp_path / "content" / "events").glob("*.md"))) == n
    assert len(list((tmp_path / "hugo" / "content" / "events").glob("*.md"))) == n
    result = run_build("--content", "content", "--out", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "events" / "event-000019.html").is_file()
    first = tree_bytes(tmp_path / "content")
    gen_corpus.generate(n, tmp_path / "again")
    assert tree_bytes(tmp_path / "again" / "content") == first   # deterministic


def test_the_engine_version_covers_the_subpackages(tmp_path, monkeypatch):
    """An edit to timeline/data/feeds.py must change the version, or a cached build
    would keep the feed the old code made."""
    from timeline.speed import cache
    (tmp_path / "data").mkdir()
    (tmp_path / "pipeline.py").write_text("a")
    (tmp_path / "data" / "feeds.py").write_text("b")
    monkeypatch.setattr(cache, "ENGINE", tmp_path)
    before = cache._engine_version()
    (tmp_path / "data" / "feeds.py").write_text("c")
    assert cache._engine_version() != before


def test_every_kind_of_record_survives_the_cache(tmp_path):
    """The cache's unpickler names the types it holds: a record kind missing there
    (disputes were) made every build after an edit drop the cache with a warning."""
    from timeline.speed import cachefiles
    from timeline.fields import ExtraValues
    from timeline.model import AccountRef, Dispute
    folder, key = tmp_path / "cache", b"k" * 32
    folder.mkdir(mode=0o700)
    dispute = Dispute("d", "How many?", "figure", (AccountRef("e", "s", value=2),),
                      extra=ExtraValues((("note", "n"),)))
    cachefiles.write(folder, "records.pickle", {"d": dispute}, key)
    read = cachefiles.read(folder, "records.pickle", key)["d"]
    assert read == dispute and read.extra.note == "n"

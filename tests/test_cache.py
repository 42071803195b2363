"""Cached, incremental and parallel builds give exactly the bytes of a clean build."""
import shutil
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_build, tree_bytes
from timeline import extras, parallel, pipeline, render, spill
from timeline.cache import open_cache
from timeline.pipeline import Options

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


def test_no_cache_build_reads_and_writes_no_cache(workdir):
    clean_build(workdir / "valid", workdir / "site")
    assert not (workdir / ".chronology-cache").exists()


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


def _cache_is_a_file(cache: Path) -> str:
    shutil.rmtree(cache)
    cache.write_text("")
    return f"cannot use the cache {cache}: it is not a folder; building without it"


def _records_is_a_folder(cache: Path) -> str:
    (cache / "records.pickle").unlink()
    (cache / "records.pickle").mkdir()
    return f"cannot read the cache {cache}/records.pickle (Is a directory)"


def _records_is_garbage(cache: Path) -> str:
    (cache / "records.pickle").write_bytes(b"garbage")   # rebuilt silently, as a foreign one
    return ""


@pytest.mark.parametrize("spoil", [_cache_is_a_file, _records_is_a_folder, _records_is_garbage])
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
    assert result.problems == () and result.rendered == len(render.plan(pipeline.prepare(
        opts, open_cache(None, opts.out)).site))
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

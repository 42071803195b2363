"""Nothing lost: a build killed or interrupted while writing leaves the previous site as
it was; the next build clears what the killed one left; --out can never reach inputs.
(write.py writes the files, staging.py the folder they go into: these guarantees
take both, so their tests are together here.)"""
from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import tempfile

import pytest

from conftest import FIXTURES, ROOT, ignoring_sigint, run_build, run_process, tree_bytes
from timeline import listing, pipeline, staging, write
from timeline.pipeline import Options, compile_site
from timeline.write import MARKER

EVENTS = 400   # enough pages that rendering and writing them takes a while on any machine


def big_tree(root: Path) -> Path:
    tree = root / "big"
    shutil.copytree(FIXTURES / "valid", tree)
    template = (tree / "events/shelling.md").read_text()
    for i in range(EVENTS):
        (tree / f"events/event-{i:04d}.md").write_text(
            template.replace("title: Shelling", f"title: Event {i}"))
    return tree


def staging_dirs(parent: Path) -> list[Path]:
    return [p for p in parent.iterdir() if p.name.startswith(".site.new-")]


def start_build_and_signal(workdir: Path, signum: int) -> subprocess.Popen | None:
    """Start a build of the big tree and send `signum` while it writes its staging
    directory; None if the test process was too slow to catch it before the swap.

    The build is stopped (SIGSTOP) while we look, so what we see still holds when the
    signal lands: a staging directory not yet sealed with the marker means the build
    has not reached its last check before the swap (pipeline._build). The build starts
    with SIGINT ignored, as a background job of a script would: Ctrl-C must work anyway.
    """
    build = subprocess.Popen(ignoring_sigint([sys.executable, ROOT / "build.py", "build",
                                              "--content", "big", "--out", "site"]),
                             cwd=workdir, stderr=subprocess.PIPE, text=True)
    try:
        while not staging_dirs(workdir):
            assert build.poll() is None, f"the build ended before writing: {build.stderr.read()}"
            time.sleep(0.001)
        os.kill(build.pid, signal.SIGSTOP)
        state = os.waitid(os.P_PID, build.pid, os.WSTOPPED | os.WEXITED | os.WNOWAIT)
        writing = state.si_code == os.CLD_STOPPED and any(
            not (path / MARKER).exists() for path in staging_dirs(workdir))
        if writing:
            build.send_signal(signum)
        os.kill(build.pid, signal.SIGCONT)
        build.wait(timeout=120)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    if writing:
        return build
    build.stderr.close()
    return None


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGINT])
def test_killed_build_leaves_the_previous_site_intact(workdir, signum):
    big_tree(workdir)
    for _attempt in range(5):
        previous = run_build("build", "--content", "valid", "--out", "site", cwd=workdir)
        assert previous.returncode == 0, previous.stderr
        before = tree_bytes(workdir / "site")
        build = start_build_and_signal(workdir, signum)
        if build is not None:
            break
    else:
        pytest.fail(f"five builds of {EVENTS} events all reached their swap before the test "
                    "could signal them")
    assert tree_bytes(workdir / "site") == before
    if signum == signal.SIGKILL:
        assert build.returncode == -signal.SIGKILL
        assert staging_dirs(workdir), "the kill should have left a half-written staging dir"
    else:  # Ctrl-C: a clean message, and the build tidies up after itself
        stderr = build.stderr.read()
        assert build.returncode == 130, stderr
        assert "interrupted; the previous output is unchanged" in stderr
        assert "Traceback" not in stderr and "Exception ignored" not in stderr
        assert not staging_dirs(workdir)
    # The next build finishes the job and clears what the killed one left behind.
    result = run_build("build", "--content", "big", "--out", "site", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert (workdir / f"site/events/event-{EVENTS - 1:04d}.html").is_file()
    assert not staging_dirs(workdir)


def importing_libraries(pid: int) -> bool:
    """True once the process has loaded a compiled module from site-packages (nh3,
    PyYAML, MarkupSafe, ...): build.py is importing the pipeline, not yet building."""
    try:
        return any("site-packages" in line and ".so" in line
                   for line in Path(f"/proc/{pid}/maps").read_text().splitlines())
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc/PID/maps")
@pytest.mark.parametrize("sigint_ignored", [False, True], ids=["terminal", "background-job"])
def test_ctrl_c_while_starting_up_stops_cleanly(workdir, sigint_ignored):
    """A Ctrl-C while Python imports the pipeline is neither a KeyboardInterrupt
    traceback nor, in a build started with SIGINT ignored, lost."""
    args = ["build", "--content", ROOT / "content", "--out", "site", "--no-cache"]
    assert run_build(*args, cwd=workdir).returncode == 0
    before = tree_bytes(workdir / "site")
    argv = [sys.executable, ROOT / "build.py", *args]
    build = subprocess.Popen(ignoring_sigint(argv) if sigint_ignored else argv, cwd=workdir,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while not importing_libraries(build.pid):
            assert build.poll() is None, build.communicate()
            time.sleep(0.0005)
        build.send_signal(signal.SIGINT)
        out, err = build.communicate(timeout=120)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert build.returncode == 130, err
    assert err == "build.py: interrupted; the previous output is unchanged\n"
    assert tree_bytes(workdir / "site") == before
    assert not staging_dirs(workdir)


def test_stale_staging_removal_spares_everything_else(workdir):
    (workdir / ".site.new-abcd1234").mkdir()              # a killed build's leftover
    (workdir / ".site.new-abcd1234" / "index.html").write_text("half")
    (workdir / ".site.new-abcd1234" / ".chronology-staging").touch()
    (workdir / ".site.old-0123abcd").mkdir()              # killed before it was marked
    keep = [workdir / ".site.new-notes", workdir / ".site.new-x", workdir / ".other.new-abcd1234"]
    for path in keep:
        path.mkdir()
    (workdir / ".site.new-linkabcd").symlink_to(workdir / "valid")  # never followed
    assert run_build("build", "--content", "valid", "--out", "site", cwd=workdir).returncode == 0
    assert not (workdir / ".site.new-abcd1234").exists()
    assert not (workdir / ".site.old-0123abcd").exists()
    assert all(path.is_dir() for path in keep)
    assert (workdir / "valid" / "site.yaml").is_file()


def test_a_build_killed_between_the_two_renames_loses_nothing(workdir, monkeypatch):
    """Where there is no atomic exchange, the swap is two renames: killed between
    them, the previous site (its .git included) is in '.site.old-...', and the next
    build must not take it for a leftover to delete."""
    assert run_build("build", "--content", "valid", "--out", "site", cwd=workdir).returncode == 0
    (workdir / "site/.git").mkdir()
    (workdir / "site/.git/HEAD").write_text("ref: refs/heads/main\n")
    renames = []

    def rename(a, b):
        renames.append((Path(a).name, Path(b).name))
        if len(renames) == 2:   # the new site into place: the process dies first
            raise KeyboardInterrupt
        os.replace(a, b)

    monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
    monkeypatch.setattr(staging.os, "rename", rename)
    folder, lock = _staged(workdir)
    with pytest.raises(KeyboardInterrupt):
        staging.finish_staging(folder, workdir / "site")
    monkeypatch.undo()
    staging.discard_staging(folder, lock)   # its lock, as the killed build's would go with it
    assert not (workdir / "site").exists() and renames[0][1].startswith(".site.old-")
    assert run_build("build", "--content", "valid", "--out", "site", cwd=workdir).returncode == 0
    assert (workdir / renames[0][1] / ".git/HEAD").read_text() == "ref: refs/heads/main\n"


def test_a_build_killed_just_after_an_atomic_swap_leaves_nothing_behind(workdir, monkeypatch):
    """With an atomic exchange the previous site is marked before it, so a build
    killed right after it (before removing the previous site) leaves a leftover
    the next build removes, not an unmarked copy of the site kept for ever."""
    assert run_build("build", "--content", "valid", "--out", "site", cwd=workdir).returncode == 0
    site, (folder, lock) = (workdir / "site").absolute(), _staged(workdir)
    real_exchange, real_mark, exchanged = staging._exchange, staging._mark, []

    def exchange(a, b):
        exchanged.append(real_exchange(a, b))
        return exchanged[-1]

    def mark(path, on):
        if exchanged and exchanged[-1] and path == site and not on:
            raise KeyboardInterrupt   # killed just after the swap
        real_mark(path, on)

    monkeypatch.setattr(staging, "_exchange", exchange)
    monkeypatch.setattr(staging, "_mark", mark)
    try:
        staging.finish_staging(folder, site)
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    if not (exchanged and exchanged[-1]):
        pytest.skip("no atomic exchange on this system")
    os.close(lock)   # the killed build's lock goes with it
    assert run_build("build", "--content", "valid", "--out", "site", cwd=workdir).returncode == 0
    assert not staging_dirs(workdir)


def _staged(workdir: Path) -> tuple[Path, int]:
    """A sealed staging folder with a new site in it, as a build leaves it before the
    swap, and its lock."""
    folder, lock = staging.open_staging(workdir / "site")
    shutil.copytree(workdir / "site", folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*"))
    staging.seal_staging(folder, workdir / "site")
    return folder, lock


@pytest.mark.parametrize("name", [".site.old-20230522", ".site.new-aaaaaaaa"])
def test_a_users_folder_named_like_a_leftover_is_not_removed(workdir, name):
    """Only folders a build marked as its own are taken for a killed build's
    leftovers: a dated backup of the site ('.site.old-20230522', the site's own
    marker included), or content in a folder of that shape, is the user's."""
    assert run_build("build", "--content", "valid", "--out", "site", cwd=workdir).returncode == 0
    shutil.copytree(workdir / "site", workdir / name)
    shutil.copytree(workdir / "valid", workdir / name / "content")
    before = tree_bytes(workdir / name)
    for content in ("valid", f"{name}/content"):
        result = run_build("build", "--content", content, "--out", "site", cwd=workdir)
        assert result.returncode == 0, result.stderr
    assert tree_bytes(workdir / name) == before
    assert not (workdir / "site/.chronology-staging").exists()
    assert [p.name for p in staging_dirs(workdir)] in ([], [name])


@pytest.mark.parametrize("link_to", ["valid", "valid/events", "."])
def test_output_that_is_a_link_to_the_inputs_is_refused(workdir, link_to):
    (workdir / "valid" / ".chronology-site").write_text("")  # even a spoofed marker
    (workdir / "out").symlink_to(workdir / link_to, target_is_directory=True)
    before = tree_bytes(workdir / "valid")
    result = run_build("build", "--content", "valid", "--out", "out", cwd=workdir)
    assert result.returncode == 2
    assert "overlaps" in result.stderr
    assert tree_bytes(workdir / "valid") == before


@pytest.mark.parametrize("out", ["valid/site", "valid/../valid", str(ROOT), str(ROOT / "templates"),
                                 str(ROOT / "static")])
def test_output_inside_or_around_the_inputs_is_refused(workdir, out):
    result = run_build("build", "--content", "valid", "--out", out, cwd=workdir)
    assert result.returncode == 2 and "overlaps" in result.stderr
    assert not (workdir / "valid" / "site").exists()


def test_output_that_is_the_cache_folder_is_refused(workdir):
    """The cache lives beside the output: an output named after it would be the cache
    folder too, and publish the cache's pickles, draft events included."""
    result = run_build("build", "--content", "valid", "--out", ".chronology-cache", cwd=workdir)
    assert result.returncode == 2
    assert result.stderr == (f"build.py: error: the output directory {workdir}/.chronology-cache "
                             f"overlaps {workdir}/.chronology-cache\n")
    assert not (workdir / ".chronology-cache").exists()


def test_output_beside_the_content_written_through_it_is_not_refused(workdir):
    """'valid/../site' is beside the content, not inside it: it used to be refused
    because the path as written starts with 'valid/'."""
    result = run_build("build", "--content", "valid", "--out", "valid/../site", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert (workdir / "site/index.html").is_file() and not (workdir / "valid/site").exists()


@pytest.mark.parametrize("out", ["loop", "loop/site", "a/site"])
@pytest.mark.parametrize("command", ["build", "serve"])
def test_output_through_a_symbolic_link_loop_is_a_usage_error(workdir, out, command):
    (workdir / "loop").symlink_to("loop")
    (workdir / "a").symlink_to("b")
    (workdir / "b").symlink_to("a")
    result = run_build(command, "--content", "valid", "--out", out, cwd=workdir)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == (f"build.py: error: cannot use {workdir / out}: it goes through "
                             "a symbolic link loop\n")


def test_file_system_order_does_not_change_the_output(monkeypatch):
    opts = Options(content=FIXTURES / "valid")
    sorted_build = compile_site(opts).outputs
    real = os.listdir
    monkeypatch.setattr(listing.os, "listdir", lambda path: list(reversed(real(path))))
    assert compile_site(opts).outputs == sorted_build


def test_output_directory_has_the_mode_a_folder_gets(workdir):
    """Not the staging directory's 0700 of tempfile.mkdtemp: a web server running as
    another user must be able to read the site."""
    for umask, extra in ((0o022, []), (0o027, ["--no-cache"])):   # made, then swapped
        result = subprocess.run(["sh", "-c", f'umask {umask:03o}; exec "$@"', "sh",
                                 sys.executable, ROOT / "build.py", "build", "--content", "valid",
                                 "--out", "site", *extra], cwd=workdir, capture_output=True)
        assert result.returncode == 0, result.stderr
        assert stat.S_IMODE((workdir / "site").stat().st_mode) == 0o777 & ~umask


@pytest.mark.parametrize("out, message", [
    ("file/site", "build.py: error: cannot create {w}/file/site: {w}/file is not a directory"),
    ("/proc/site", "build.py: error: cannot make the new site beside /proc/site: "),
])
def test_output_directory_that_cannot_be_made_is_a_usage_error(workdir, out, message):
    if out.startswith("/proc") and not os.path.isdir("/proc/self"):
        pytest.skip("no /proc here")
    (workdir / "file").write_text("a file, not a folder")
    result = run_build("build", "--content", "valid", "--out", out, cwd=workdir)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(message.format(w=workdir))
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("built_before", [False, True])
def test_output_in_a_folder_it_cannot_write_is_a_usage_error(unprivileged, built_before):
    """The new site is made beside the output directory: its parent must be writable,
    even when the output directory itself is."""
    folder, run = unprivileged
    shutil.copytree(FIXTURES / "valid", folder / "valid")
    parent = folder / "parent"
    parent.mkdir()
    if built_before:
        assert run("build", "--content", "valid", "--out", "parent/site").returncode == 0
    before = tree_bytes(parent)
    (folder / "valid/events/shelling.md").write_text(
        (folder / "valid/events/shelling.md").read_text().replace("Shelling", "Shells"))
    parent.chmod(0o555)
    try:
        result = run("build", "--content", "valid", "--out", "parent/site")
    finally:
        parent.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[0] == (
        f"build.py: error: cannot make the new site beside {parent}/site: Permission denied; "
        f"the new site is made beside site/ and then swapped in, so {parent} must be writable; "
        "the previous output is unchanged")
    assert tree_bytes(parent) == before


def mounted(folder: Path, *options: str) -> None:
    """A fresh tmpfs on `folder`, or the test is skipped (it takes root)."""
    folder.mkdir(exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", *options, "tmpfs", folder],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")


def test_output_that_is_a_mount_point_is_a_usage_error(workdir):
    assert run_build("build", "--content", "valid", "--out", "before", cwd=workdir).returncode == 0
    mounted(workdir / "site")
    try:
        shutil.copytree(workdir / "before", workdir / "site", dirs_exist_ok=True)
        before = tree_bytes(workdir / "site")
        result = run_build("build", "--content", "valid", "--out", "site", cwd=workdir)
        assert result.returncode == 2, result.stderr
        site = workdir / "site"
        assert result.stderr.splitlines() == [
            f"build.py: error: cannot replace {site} with the new site: Device or resource busy; "
            f"{site} cannot be replaced atomically because it is a mount point: point --out at a "
            "folder inside it; the previous output is unchanged"]
        assert tree_bytes(workdir / "site") == before
        assert not staging_dirs(workdir)
    finally:
        subprocess.run(["umount", workdir / "site"], check=True)


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_full_disk_is_an_error_not_a_traceback(workdir, cache):
    mounted(workdir / "small", "-o", "size=64k")
    try:
        # A process of its own: its spill file, too, is made on the full disk (spill.py).
        result = run_process("build", "--content", "valid", "--out", "small/site", *cache,
                             cwd=workdir)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("build.py: error: cannot write ")
        assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
        assert not (workdir / "small/site").exists()
    finally:
        subprocess.run(["umount", workdir / "small"], check=True)


def test_swap_without_an_atomic_exchange_keeps_the_old_site_on_failure(tmp_path, monkeypatch):
    """Two renames where renameat2 is missing; if the second fails, the first is undone."""
    monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
    out, new = tmp_path / "site", tmp_path / ".site.new-abcd1234"
    for folder in (out, new):
        folder.mkdir()
        (folder / "index.html").write_text(folder.name)
    real_rename = os.rename

    def failing(src, dst):
        if Path(src) == new:
            raise OSError(28, "No space left on device", str(dst))
        real_rename(src, dst)

    monkeypatch.setattr(staging.os, "rename", failing)
    with pytest.raises(write.WriteError, match="cannot replace .* No space left on device"):
        staging.finish_staging(new, out)
    assert (out / "index.html").read_text() == "site"
    monkeypatch.setattr(staging.os, "rename", real_rename)
    staging.finish_staging(new, out)
    assert (out / "index.html").read_text() == ".site.new-abcd1234"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_output_directory_that_cannot_be_listed_is_a_usage_error(unprivileged):
    """Another user's site, say: no traceback, exit 2, nothing changed."""
    folder, run = unprivileged
    shutil.copytree(FIXTURES / "valid", folder / "valid")
    out = Path(tempfile.mkdtemp())   # root's, when the build runs as nobody
    (out / "old.html").write_text("old")
    out.chmod(0o711 if os.geteuid() == 0 else 0o311)
    try:
        result = run("build", "--content", "valid", "--out", out)
    finally:
        out.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert f"build.py: error: cannot use the output directory {out}" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "old.html").read_text() == "old"
    shutil.rmtree(out)


def test_output_that_is_a_link_is_built_into_the_folder_it_leads_to(workdir):
    """People link `site` to a web server's root. The link stays a link, leading to
    the new site; nothing is left beside either (the link used to be swapped away
    for a folder, its target keeping the old site, a staging mark and a stray link)."""
    opts = Options(content=workdir / "valid", out=workdir / "www/site", jobs=1,
                   cache=workdir / ".chronology-cache")
    assert pipeline.build(opts).problems == ()
    (workdir / "site").symlink_to("www/site")
    events = workdir / "valid/events"
    shelling = events / "shelling.md"
    shelling.write_text(shelling.read_text().replace("title: Shelling", "title: Shelled again"))
    before = sorted(os.listdir(workdir)), sorted(os.listdir(workdir / "www"))
    assert pipeline.build(replace(opts, out=workdir / "site")).problems == ()
    assert os.readlink(workdir / "site") == "www/site"
    assert (sorted(os.listdir(workdir)), sorted(os.listdir(workdir / "www"))) == before
    assert tree_bytes(workdir / "www/site") == \
        tree_bytes(build_site_into(workdir / "valid", workdir / "fresh"))


def build_site_into(content: Path, out: Path) -> Path:
    assert pipeline.build(Options(content=content, out=out, jobs=1)).problems == ()
    return out


def test_output_that_is_a_link_to_no_folder_yet_makes_that_folder(workdir):
    """A link whose folder is gone (the web root emptied by hand) is built into, as
    a new --out is; it was refused as a file ('exists and is not a directory')."""
    (workdir / "site").symlink_to("www/site")
    result = run_build("build", "--content", "valid", "--out", "site", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert os.readlink(workdir / "site") == "www/site"
    assert (workdir / "www/site/index.html").is_file()
    assert sorted(os.listdir(workdir / "www")) == ["site"]

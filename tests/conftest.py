"""Shared helpers: run build.py as a user would, on copies of the fixture trees."""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The one Chromium for the whole session, registered here once: imported into two test
# modules it became two session fixtures, and Playwright's sync API cannot run twice.
from browser_support import browser  # noqa: F401,E402

# Property tests: 100 examples each in the everyday run (some ask for a multiple);
# `pytest --hypothesis-profile=thorough` tries ten times as many, as before a release.
settings.register_profile("project", deadline=None, max_examples=100,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", settings.get_profile("project"), max_examples=1000)
settings.load_profile("project")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"


def pytest_collection_modifyitems(items):
    """A test that drives Chromium is marked `browser` by its fixture (pytest.ini)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def cache_key_home(tmp_path_factory) -> Path:
    """Builds keep their cache key (cachefiles.py) here, not in the real home."""
    state = tmp_path_factory.mktemp("state")
    before = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(state)
    yield state
    if before is None:
        os.environ.pop("XDG_STATE_HOME")
    else:
        os.environ["XDG_STATE_HOME"] = before


def run_process(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` in `cwd` in a new Python, the way a contributor does:
    for what only a whole process shows (signals, closed streams, locale, hash seed)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if env is None or "GITHUB_ACTIONS" not in env else None
    full_env.pop("PYTHONUNBUFFERED", None)   # output into a pipe is buffered, as for a user
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, env=full_env, timeout=300)


# The variables an in-process run honours; any other needs its own process (run_process).
IN_PROCESS_ENV = {"GITHUB_ACTIONS", "XDG_STATE_HOME"}


def run_build(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python build.py ARGS` in `cwd`, run in this process: build.py's main with the
    streams and exit status that process would have (test_cli compares the two).
    A new Python per build cost ten times the build of a small tree."""
    if args[:1] == ("serve",):   # a server that did start would hang the tests
        return run_process(*args, cwd=cwd, env=env)
    import build
    env = {"GITHUB_ACTIONS": None, **(env or {})}
    assert set(env) <= IN_PROCESS_ENV, f"use run_process for {sorted(set(env) - IN_PROCESS_ENV)}"
    # Encoded as that process would encode them, and decoded as subprocess.run does.
    out, err = (io.TextIOWrapper(io.BytesIO(), stream.encoding, stream.errors)
                for stream in (sys.__stdout__, sys.__stderr__))
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        patch.chdir(cwd)
        for name, value in env.items():
            patch.delenv(name, raising=False) if value is None else patch.setenv(name, value)
        try:
            code = build.main([str(arg) for arg in args])
        except SystemExit as exc:   # argparse's usage errors and --help
            code = exc.code
    return subprocess.CompletedProcess(args, code, _text(out), _text(err))


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return io.TextIOWrapper(io.BytesIO(stream.buffer.getvalue())).read()


def copy_trees(root: Path, *names: str) -> Path:
    """Copies of fixture trees (tests/fixtures/NAME) in `root`; `root` again."""
    for name in names:
        shutil.copytree(FIXTURES / name, root / name)
    return root


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A scratch directory holding copies of the valid tree and of the article archive
    (copy_trees adds a broken one): the tests write into them."""
    return copy_trees(tmp_path, "valid", "archive")


def build_site(tmp_path_factory, content, *extra) -> Path:
    """Build `content` into a fresh temporary directory and return the site folder."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_build("build", "--content", content, "--out", out, *extra, cwd=out.parent)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The published chronology, built once for every test that only reads it."""
    return build_site(tmp_path_factory, ROOT / "content")


def tree_bytes(root: Path) -> dict:
    """Every file under root with its bytes, to compare whole outputs."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def ignoring_sigint(argv: list[str]) -> list[str]:
    """`argv` started with SIGINT ignored, as a non-interactive shell starts a background
    job (`make test &` in a script, some CI runners): Ctrl-C must work all the same."""
    return ["sh", "-c", 'trap "" INT; exec "$@"', "sh", *map(str, argv)]


NOBODY = 65534


@pytest.fixture
def unprivileged(tmp_path):
    """A folder, and a function running `build.py ARGS` in it as a user whom file
    permissions bind. Root reads and writes everything, so as root the build runs as
    nobody (setpriv), in a folder handed over to nobody (tmp_path is root's alone)."""
    if os.geteuid() != 0:
        yield tmp_path, lambda *args: run_build(*args, cwd=tmp_path)
        return
    prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if not shutil.which("setpriv") or subprocess.run([*prefix, sys.executable, "-c", ""]).returncode:
        pytest.skip("running as root, and cannot run Python as another user")
    folder = Path(tempfile.mkdtemp(prefix="unprivileged-"))
    folder.chmod(0o755)

    def run(*args) -> subprocess.CompletedProcess:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
        env = {**os.environ, "XDG_STATE_HOME": str(folder / ".state")}   # nobody's cache key
        return subprocess.run([*prefix, sys.executable, str(ROOT / "build.py"), *map(str, args)],
                              cwd=folder, capture_output=True, text=True, timeout=300, env=env)

    yield folder, run
    shutil.rmtree(folder)


def rough(text, approximate=True):
    """A time as the window an article's words would give around it (a test's
    `approximate=True`): the narrowest part of its day (timeparse.PARTS) that holds
    its hour; a date stays a date."""
    from timeline.timeparse import PARTS
    if not approximate or text is None or "T" not in text:
        return text
    hour = int(text[11:13])
    part = min((p for p, (a, b) in PARTS.items() if a <= hour < b),
               key=lambda p: PARTS[p][1] - PARTS[p][0])
    return {"date": text[:10], "part": part}

"""The build's worker processes: every task's result comes back once, this process
takes tasks too, and a worker that fails or dies stops the build instead of hanging it,
as a killed build stops its workers."""
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from timeline.speed import parallel

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_hang():
    # A lost result used to mean waiting forever: fail the test instead.
    def hung(signum, frame):
        raise TimeoutError("in_workers hung")
    before = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, before)


def _task(n, parent, mark, how=None):
    """n squared, and the process that worked it out. A worker marks that it took a
    task; until then this process waits, so that each test sees both at work."""
    if os.getpid() != parent:
        mark.touch()
        if how == "raise" and n >= 3:
            raise ValueError(f"task {n} broke")
        if how == "exit" and n >= 3:
            os._exit(3)
        if how == "exit holding the lock" and n >= 3:   # as if killed while taking a task
            parallel._TASK[3].get_lock().acquire()
            os._exit(3)
        if how == "exit mid-send":   # dies while the builder is busy and not reading
            if n >= 3:
                time.sleep(0.5)
                os._exit(3)
            return "x" * 8_000_000, os.getpid()
    else:
        for _ in range(1000):
            if mark.exists():
                break
            time.sleep(0.01)
        time.sleep(1 if how == "exit mid-send" else 0.01)
    return n * n, os.getpid()


def test_every_result_comes_back_once_and_this_process_works_too(tmp_path):
    got = {}

    def handle(i, result):
        assert i not in got
        got[i] = result
    parallel.in_workers(_task, list(range(40)), 3, os.getpid(), tmp_path / "mark",
                        handle=handle)
    assert {i: square for i, (square, _) in got.items()} == {n: n * n for n in range(40)}
    processes = {pid for _, pid in got.values()}
    assert os.getpid() in processes and len(processes) > 1


def test_a_task_failing_in_a_worker_raises_its_exception_here(tmp_path):
    with pytest.raises(ValueError, match="task .* broke") as raised:
        parallel.in_workers(_task, list(range(30)), 2, os.getpid(), tmp_path / "mark", "raise",
                            handle=lambda i, result: None)
    assert any("in a worker process" in note for note in raised.value.__notes__)


@pytest.mark.parametrize("how", ["exit", "exit mid-send", "exit holding the lock"])
def test_a_worker_that_dies_stops_the_work_instead_of_hanging_it(tmp_path, how):
    with pytest.raises(RuntimeError, match="ended before its tasks were done"):
        parallel.in_workers(_task, list(range(30)), 2, os.getpid(), tmp_path / "mark", how,
                            handle=lambda i, result: None)


def test_a_killed_builder_leaves_no_worker_behind(tmp_path):
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from timeline.speed import parallel
        def task(n):
            os.write(1, b"%d\\n" % os.getpid())   # one write: lines never interleave
            time.sleep(0.2)
        parallel.in_workers(task, list(range(1000)), 3, handle=lambda i, r: None)
    """)
    builder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    pids = set()
    while len(pids) < 3:
        pids.add(int(builder.stdout.readline()))
    builder.kill()
    builder.wait()
    workers = pids - {builder.pid}
    for _ in range(100):
        alive = {pid for pid in workers if _alive(pid)}
        if not alive:
            break
        time.sleep(0.05)
    assert not alive, "workers outlived their builder"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False

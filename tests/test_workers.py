"""The build's worker processes: every task's result comes back once, this process
takes tasks too, and a worker that fails or dies stops the build instead of hanging it."""
import os
import signal
import time

import pytest

from timeline import pipeline


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


def _square(n, delay):
    time.sleep(delay)
    return n * n, os.getpid()


def test_every_result_comes_back_once_and_this_process_works_too():
    got = {}

    def handle(i, result):
        assert i not in got
        got[i] = result
    pipeline.in_workers(_square, list(range(40)), 3, 0.01, handle=handle)
    assert {i: square for i, (square, _) in got.items()} == {n: n * n for n in range(40)}
    processes = {pid for _, pid in got.values()}
    assert os.getpid() in processes and len(processes) > 1


def _break_in_worker(n, parent, how):
    if os.getpid() != parent and n >= 5:
        if how == "raise":
            raise ValueError(f"task {n} broke")
        os._exit(3)
    time.sleep(0.01)
    return n


def test_a_task_failing_in_a_worker_raises_here_with_its_traceback():
    with pytest.raises(RuntimeError, match="ValueError: task .* broke"):
        pipeline.in_workers(_break_in_worker, list(range(30)), 2, os.getpid(), "raise",
                            handle=lambda i, result: None)


def test_a_worker_that_dies_stops_the_work_instead_of_hanging_it():
    with pytest.raises(RuntimeError, match="ended before its task was done"):
        pipeline.in_workers(_break_in_worker, list(range(30)), 2, os.getpid(), "exit",
                            handle=lambda i, result: None)

"""Work spread over processes: this one and forked workers, each taking the next
task when it is free. The pipeline's stages hand their tasks to `in_workers`."""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import traceback
from multiprocessing import connection

from .. import interrupt

MIN_PARALLEL = 200     # below this many items, starting workers costs more than it saves
_TASK: tuple = ()


def workers(items: int, jobs: int) -> int:
    """How many processes `items` are worth working in: this one and the rest
    forked (1: this one alone)."""
    jobs = min(jobs, items // MIN_PARALLEL)
    return jobs if jobs > 1 and "fork" in multiprocessing.get_all_start_methods() else 1


def run_tasks(tasks: list, jobs: int) -> None:
    """Each task is (work, item, then): then(work(item)) for each, work(item) in
    whichever process is free (see in_workers), then(...) here."""
    in_workers(_do, tasks, jobs, handle=lambda i, result: tasks[i][2](result))


def _do(task: tuple):
    work, item, _ = task
    return work(item)


def in_workers(func, tasks: list, jobs: int, *args, handle) -> None:
    """handle(i, func(tasks[i], *args)) for each task, in this process and jobs - 1
    forked workers.

    Each process takes the next task, in the tasks' order, whenever it is free.
    Workers inherit func, tasks and args by fork (nothing is pickled on the way
    in) and send their results pickled, each through its own pipe; `handle` runs
    in this process, between its own tasks and then as the last results come, in
    whatever order they finish. This process works rather than waits because
    every forked process ends up with its own copy of most of the records' memory:
    CPython's reference counts write to every object a process reads. A task's
    exception is raised here; a worker that dies stops the work with RuntimeError.
    With one job, the tasks run here, in order.
    """
    if jobs <= 1:
        for i, task in enumerate(tasks):
            handle(i, func(task, *args))
        return
    global _TASK
    context = multiprocessing.get_context("fork")
    taken = context.Value("q", 0)
    pipes = [context.Pipe(duplex=False) for _ in range(jobs - 1)]   # (reader, writer) each
    _TASK = (func, tasks, args, taken, pipes, os.getpid())
    frozen = gc.get_freeze_count() == 0   # serve may have frozen its own objects
    if frozen:
        gc.freeze()
    running: dict = {}   # reader -> its worker, until the worker has ended
    try:
        _start(context, pipes, running)
        _share(func, tasks, args, taken, running, handle)
    finally:
        _TASK = ()
        _stop(running, pipes)
        if frozen:
            gc.unfreeze()


def _start(context, pipes: list, running: dict) -> None:
    for n, (reader, _) in enumerate(pipes):
        helper = context.Process(target=_work, args=(n,), daemon=True)
        helper.start()
        running[reader] = helper
    for _, writer in pipes:   # a worker's pipe then ends when the worker does
        writer.close()


def _share(func, tasks: list, args: tuple, taken, running: dict, handle) -> None:
    """This process's part: the next task whenever it is free, the workers'
    results between its own, then the last of them as they come."""
    handled = 0
    while (i := _take(taken, running)) < len(tasks):
        handled += _receive(running, handle, wait=False)
        handle(i, func(tasks[i], *args))
        handled += 1
        _give_back_memory()
    while handled < len(tasks):   # Ctrl-C is checked between waits
        if not running:
            raise RuntimeError("the worker processes ended before their tasks were done")
        handled += _receive(running, handle, wait=True)


def _stop(running: dict, pipes: list) -> None:
    for helper in running.values():   # still there only if this process leaves early
        if helper.is_alive():
            helper.terminate()
        helper.join()
    for reader, writer in pipes:
        reader.close()
        writer.close()


def _take(taken, running: dict | None = None) -> int:
    """The next task's index. A worker killed while it held the counter's lock
    (by the kernel's out-of-memory killer, say) leaves it held for good: rather
    than wait forever, the builder (which passes its `running` workers) stops."""
    lock = taken.get_lock()
    while not lock.acquire(timeout=1):
        for helper in (running or {}).values():
            if helper.exitcode not in (None, 0):
                raise RuntimeError("a worker process ended before its tasks were done "
                                   f"(exit code {helper.exitcode})")
    try:
        taken.value += 1
        return taken.value - 1
    finally:
        lock.release()


def _receive(running: dict, handle, wait: bool) -> int:
    """Handle the workers' results that have come (waiting a little for one, if
    `wait`); how many."""
    count = 0
    while running:
        interrupt.check()
        ready = connection.wait(list(running), 0.05 if wait and not count else 0)
        if not ready:
            if count or not wait:
                break
            continue
        for reader in ready:
            try:
                i, result, failure = reader.recv()
            except (EOFError, OSError):   # its worker has ended: done, or in the middle
                helper = running.pop(reader)
                helper.join()
                if helper.exitcode != 0:
                    raise RuntimeError("a worker process ended before its tasks were done "
                                       f"(exit code {helper.exitcode})") from None
                continue
            if failure is not None:
                raise _raised(*failure)
            handle(i, result)
            count += 1
    return count


def _work(n: int) -> None:
    func, tasks, args, taken, pipes, builder = _TASK
    _end_with(builder)
    for k, (reader, writer) in enumerate(pipes):   # only its own writer stays open
        reader.close()
        if k != n:
            writer.close()
    outbox: queue.SimpleQueue = queue.SimpleQueue()
    sender = threading.Thread(target=_send, args=(outbox, pipes[n][1]), daemon=True)
    sender.start()
    try:
        while (i := _take(taken)) < len(tasks):
            try:
                result = func(tasks[i], *args)
            except BaseException as exc:   # noqa: BLE001 - the builder raises it
                outbox.put((i, None, _portable(exc)))
                return
            _give_back_memory()
            outbox.put((i, result, None))
    finally:
        outbox.put(None)
        sender.join()


def _send(outbox, writer) -> None:
    # In a thread, so that the worker goes on with its next task while the builder,
    # busy with one of its own, does not read (a pipe holds only 64 KiB).
    while (item := outbox.get()) is not None:
        try:
            writer.send(item)
        except OSError:   # the builder is gone: there is no one left to work for
            os._exit(1)
        except Exception as exc:   # noqa: BLE001 - a result that cannot be pickled
            writer.send((item[0], None, _portable(exc)))


def _portable(exc: BaseException) -> tuple:
    """A task's exception as the builder can raise it: itself if it survives
    pickling, with its traceback as text either way."""
    text = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:   # noqa: BLE001 - any unpicklable exception
        return None, text
    return exc, text


def _raised(exc, text: str) -> BaseException:
    error = exc if exc is not None else RuntimeError("a worker process failed")
    error.add_note(f"in a worker process:\n{text}")
    return error


def _end_with(builder: int) -> None:
    """A worker outliving a killed builder would work for no one and keep the
    staging directory's lock: Linux ends it with the builder."""
    if _LIBC is not None and hasattr(_LIBC, "prctl"):
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != builder:   # gone already, before prctl took effect
        os._exit(1)


def _give_back_memory() -> None:
    # A task's large strings (pages, packed pieces) come from malloc, which keeps
    # the freed space scattered in its heap: without handing it back between tasks,
    # each worker at 10,000 events ended some 20 MiB larger. glibc only.
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc():
    try:
        libc = ctypes.CDLL(None)
        return libc if hasattr(libc, "malloc_trim") else None
    except (OSError, AttributeError):
        return None


_LIBC = _glibc()
_PR_SET_PDEATHSIG = 1   # linux/prctl.h


def heaviest_first(items: list, jobs: int, weight, per_worker: int = 16) -> list[list]:
    """Slices of about 1/(jobs * per_worker) of the total weight, the heaviest items
    first. One page can list every event: in fixed slices, one worker would have
    it on top of its share while the other sat idle at the end."""
    weights = [weight(item) for item in items]
    budget = sum(weights) / (jobs * per_worker)
    slices, current, load = [], [], 0
    for i in sorted(range(len(items)), key=lambda i: -weights[i]):
        current.append(items[i])
        load += weights[i]
        if load >= budget:
            slices.append(current)
            current, load = [], 0
    return slices + [current] if current else slices


def slices(pages: list, jobs: int) -> list[list]:
    """`pages` in slices for `jobs` processes (heaviest_first), or whole for one."""
    return heaviest_first(pages, jobs, page_weight) if jobs > 1 else [pages]


def page_weight(page) -> int:
    """A page's rendering cost, roughly: one, plus the records it lists."""
    return 1 + sum(_count(value) for _, value in page.context)


def _count(value) -> int:
    if isinstance(value, (tuple, list)):
        return sum(_count(item) for item in value)
    return 1

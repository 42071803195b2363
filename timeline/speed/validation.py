"""The validate step, faster: a record whose file is unchanged comes from the
cache; the others are validated in worker processes when there are many, and
its line numbers and an event's body kept in the spill file once validated."""
from __future__ import annotations

from . import spill
from .parallel import in_workers, workers


def validated(files: list, validate_file, cache, jobs: int) -> tuple[list, list]:
    """(record or None, in the order of `files`; problems): validate_file(file)
    gives a file's (record or None, problems)."""
    # Kept by position, not by path: at 10,000 files, hashing Paths showed in serve.
    problems, found, todo, where = [], [None] * len(files), [], []
    for i, file in enumerate(files):
        record = cache.record(file.key) if file.key else None
        if record is not None:
            found[i] = record
            continue
        todo.append(file)
        where.append(i)
        if cache.in_memory:   # serve reports them; elsewhere 10,000 Paths were ~8 MiB
            cache.validated.append(file.path)
    for i, file, (record, errors) in zip(where, todo, _in_workers(todo, jobs, validate_file)):
        problems += errors
        if record is not None:
            found[i] = record = spill.spilled(record)
            if file.key:
                cache.remember(file.key, record)
    return found, problems


def _in_workers(todo: list, jobs: int, validate_file) -> list:
    """validate_file(file) for each of `todo`, in its order; in workers when there
    are many, in runs of consecutive files, so that each worker sends its results
    as it goes: one run per worker had each hold and send 50,000 validated
    records at once at N = 100,000."""
    jobs = workers(len(todo), jobs)
    size = max(1, -(-len(todo) // (jobs * 16)) if jobs > 1 else len(todo))
    results: list = [None] * len(todo)

    def keep(i: int, part: list) -> None:
        results[i * size:i * size + len(part)] = part

    in_workers(_run, [todo[i:i + size] for i in range(0, len(todo), size)], jobs,
               validate_file, handle=keep)
    return results


def _run(files: list, validate_file) -> list:
    results = []
    for file in files:
        record, problems = validate_file(file)
        results.append((spill.packed(record) if record is not None else None, problems))
    return results

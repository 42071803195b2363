"""Rebuild after a change without redoing what did not change (for `serve`).

Three things are remembered between rebuilds, in memory:
- each content file's validated record, keyed by a hash of its text, so an
  unchanged file is not validated or converted from Markdown again;
- each page's key and deps (see speed/depends.py), so only the pages whose inputs
  changed are rendered again;
- a hash of every output file last written, so only the files whose bytes
  changed are rewritten and the ones no longer produced are deleted.

Loading and linking run in full every time, which is what keeps an incremental
result byte-identical to a clean build: the relations between pages are worked
out afresh, never patched.
"""
from __future__ import annotations

import gc
import time
from dataclasses import dataclass

from .speed.cache import memory_cache
from .modes import IN_PLACE, STAGED, Mode
from .pipeline import Options, build
from .problems import Problem, printable


@dataclass(frozen=True)
class Rebuild:
    """What one rebuild did, for the terminal and the browser."""
    problems: tuple[Problem, ...]
    revalidated: tuple[str, ...] = ()   # content files validated again
    written: tuple[str, ...] = ()       # output paths (re)written
    removed: tuple[str, ...] = ()       # output paths deleted
    pages: int = 0                      # files in the site
    seconds: float = 0.0
    rendered: int = 0                   # pages rendered again (the rest were current)

    def summary(self) -> str:
        if self.problems:
            n = len(self.problems)
            return (f"{n} problem{'' if n == 1 else 's'} found in {self.seconds:.2f} s; "
                    "nothing was written, the last good site is still served")
        changed = len(self.written) + len(self.removed)
        parts = [f"{self.rendered} pages rendered", f"{len(self.written)} of {self.pages} files written"]
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        text = f"rebuilt in {self.seconds:.2f} s: " + ", ".join(parts)
        if self.revalidated:
            text += f"; re-read {names(self.revalidated)}"
        return text + (f"\n  updated: {names(self.written + self.removed)}" if changed else "")


class IncrementalBuilder:
    """Builds `opts.out` once in full, then renders and rewrites only what changes."""

    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.cache = memory_cache()   # written: path -> write.Entry of every file on disk

    def rebuild(self, first_pages=None) -> Rebuild:
        """Rebuild; `first_pages(Rebuild)` is told as soon as the changed records' own
        pages are on disk, before the lists, feeds and data files that show them."""
        started = time.perf_counter()
        self.cache.validated = []
        on_disk = len(self.cache.written)

        def first(written: tuple, rendered: int) -> None:
            if first_pages:
                first_pages(Rebuild((), written=written, pages=on_disk, rendered=rendered,
                                    seconds=time.perf_counter() - started))
            gc.enable()

        whole = not self.cache.written or not self.opts.out.is_dir()
        if whole:   # in worker processes, swapped into place whole
            mode = Mode(STAGED, self.cache, self.opts.jobs)
        else:       # serially: forking worker processes from a threaded server is not safe
            mode = Mode(IN_PLACE, self.cache, 1, first)
            # Until the edited pages are on disk, the collector waits: a collection
            # then would delay the one page the writer is looking at.
            gc.disable()
        try:
            result = build(self.opts, mode)
        finally:
            gc.enable()
        if whole:
            # The records stay for as long as serve runs: left to the collector, each
            # full collection walks all of them again (~0.4 s at 10,000 events, a few
            # times per rebuild). Frozen, they are still freed when no longer used.
            gc.collect()
            gc.freeze()
        revalidated = tuple(sorted(str(path) for path in self.cache.validated))
        self.cache.forget_unused()
        return Rebuild(result.problems, revalidated, result.changed, result.removed,
                       len(result.written or {}), time.perf_counter() - started,
                       result.rendered)


def names(paths, limit: int = 6) -> str:
    shown = printable(", ".join(paths[:limit]))   # a file name may hold a line break
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")

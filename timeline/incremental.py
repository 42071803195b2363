"""Rebuild after a change without redoing what did not change (for `serve`).

Three things are remembered between rebuilds, in memory:
- each content file's validated record, keyed by a hash of its text, so an
  unchanged file is not validated or converted from Markdown again;
- each page's key and deps (see depends.py), so only the pages whose inputs
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
from dataclasses import dataclass, replace

from . import urls
from .cache import memory_cache
from .pipeline import Options, build, extra_outputs, fewer_collections, prepare
from .problems import Problem, printable
from .render import Unchanged, check_paths, plan, render_pages, site_files
from .write import remove_in_place, update_in_place


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
        self.cache = memory_cache()
        self.written: dict | None = None   # path -> cache.Entry of every file on disk

    def rebuild(self, first_pages=None) -> Rebuild:
        """Rebuild; `first_pages(Rebuild)` is told as soon as the changed records' own
        pages are on disk, before the lists, feeds and data files that show them."""
        started = time.perf_counter()
        self.cache.validated = []

        def timed(result: Rebuild) -> Rebuild:
            return replace(result, seconds=time.perf_counter() - started)

        def first_done(part: Rebuild) -> None:
            if first_pages:
                first_pages(timed(part))
            gc.enable()

        whole = self.written is None or not self.opts.out.is_dir()
        # Until the edited pages are on disk, the collector waits: a collection
        # then would delay the one page the writer is looking at.
        if not whole:
            gc.disable()
        try:
            with fewer_collections():
                result, written = self._whole() if whole else self._changes(first_done)
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
        if not result.problems:
            self.written = written
        return timed(replace(result, revalidated=revalidated))

    def _whole(self) -> tuple[Rebuild, dict]:
        """The first build: in worker processes, swapped into place whole."""
        result = build(self.opts, self.cache)
        if result.problems:
            return Rebuild(result.problems), {}
        written = result.written or {}
        return Rebuild((), written=tuple(written), pages=len(written), rendered=result.rendered), written

    def _changes(self, first_done) -> tuple[Rebuild, dict]:
        # Serially: forking worker processes from a threaded server is not safe.
        prepared = prepare(replace(self.opts, jobs=1), self.cache)
        if prepared.problems:
            return Rebuild(prepared.problems), {}
        return self._update(prepared, self._own_pages(prepared), first_done)

    def _own_pages(self, prepared) -> set[str]:
        """The pages of the records whose files changed: the ones being edited."""
        content = self.opts.content
        pages = set()
        for path in self.cache.validated:
            kind = path.parent.name
            if path.parent.parent == content and (kind, path.stem) in prepared.versions:
                pages.add(urls.record(kind, path.stem))
        return pages

    def _update(self, prepared, early: set, first_done) -> tuple[Rebuild, dict]:
        """Render the pages whose inputs changed, make the other files, and write
        those whose bytes differ from what is on disk: the pages in `early` first."""
        site, old = prepared.site, self.written
        keyer, written = prepared.keyer(), {}
        early_pages = plan(site, only=early, static=self.opts.static)
        outputs, problems = self._render(site, early_pages, keyer, written)
        changed = [] if problems else self._write(outputs, written)
        # On disk now, whatever the rest brings: a failure later must not leave
        # self.written describing the files these replaced.
        self.written.update({path: written[path] for path in changed})
        if changed:
            first_done(Rebuild((), written=tuple(changed), pages=len(old), rendered=len(outputs)))
        planned = plan(site, static=self.opts.static)
        rest = [page for page in planned if page.path not in early]
        more, found = self._render(site, rest, keyer, written)
        problems += found
        rendered = len(outputs) + len(more)
        extras = (site_files(site, self.opts.static)
                  + list(extra_outputs(site, planned, prepared.keyer(templates=False),
                                       self.cache)))
        check_paths([page.path for page in planned] + [o.path for o in extras])
        if problems:
            return Rebuild(tuple(problems)), {}
        changed += self._write(more + extras, written)
        removed = tuple(sorted(set(old) - set(written)))
        remove_in_place(removed, self.opts.out)
        return Rebuild((), written=tuple(changed), removed=removed,
                       pages=len(written), rendered=rendered), dict(sorted(written.items()))

    def _render(self, site, pages, keyer, written: dict):
        """Render those of `pages` whose inputs changed; note the others in `written`."""
        outputs, problems = [], []
        for item in render_pages(site, pages, self.opts.templates, keyer, self.written):
            if isinstance(item, Problem):
                problems.append(item)
            elif isinstance(item, Unchanged):
                written[item.path] = self.written[item.path]
            else:
                outputs.append(item)
        return outputs, problems

    def _write(self, outputs, written: dict) -> list[str]:
        """Write the outputs whose bytes differ from the file on disk; note all in `written`."""
        entries, changed = update_in_place(outputs, self.written, self.opts.out)
        written.update(entries)
        return changed


def names(paths, limit: int = 6) -> str:
    shown = printable(", ".join(paths[:limit]))   # a file name may hold a line break
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")

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

import time
from dataclasses import dataclass, replace

from .cache import digest, memory_cache
from .pipeline import Options, build, extra_outputs, prepare
from .problems import Problem
from .render import Unchanged, check_paths, plan, render_pages, site_files
from .write import update_site


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
            text += f"; re-read {_names(self.revalidated)}"
        return text + (f"\n  updated: {_names(self.written + self.removed)}" if changed else "")


class IncrementalBuilder:
    """Builds `opts.out` once in full, then renders and rewrites only what changes."""

    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.cache = memory_cache()
        self.written: dict | None = None   # path -> cache.Entry of every file on disk

    def rebuild(self) -> Rebuild:
        started = time.perf_counter()
        self.cache.validated = []
        if self.written is None or not self.opts.out.is_dir():
            result = build(self.opts, self.cache)   # in worker processes, swapped in whole
            problems, written, rendered = result.problems, result.written or {}, result.rendered
            changed, removed = tuple(written), ()
        else:
            # Serially: forking worker processes from a threaded server is not safe.
            prepared = prepare(replace(self.opts, jobs=1), self.cache)
            problems, written, rendered, changed, removed = prepared.problems, {}, 0, (), ()
            if not problems:
                problems, written, rendered, changed, removed = self._update(prepared)
        revalidated = tuple(sorted(str(path) for path in self.cache.validated))
        self.cache.forget_unused()
        seconds = time.perf_counter() - started
        if problems:
            return Rebuild(tuple(problems), revalidated, seconds=seconds)
        self.written = written
        return Rebuild((), revalidated, changed, removed, len(written), seconds, rendered)

    def _update(self, prepared):
        """Render the pages whose inputs changed, make the other files, and write
        those whose bytes differ from what is on disk."""
        site, old = prepared.site, self.written
        planned = plan(site)
        outputs, written, problems = [], {}, []
        for item in render_pages(site, planned, self.opts.templates, prepared.keyer(), old):
            if isinstance(item, Problem):
                problems.append(item)
            elif isinstance(item, Unchanged):
                written[item.path] = old[item.path]
            else:
                outputs.append(item)
        rendered = len(outputs)
        outputs += site_files(site, self.opts.static) + extra_outputs(site, planned)
        check_paths([o.path for o in outputs] + list(written))
        if problems:
            return problems, {}, 0, (), ()
        changed = []
        for output in outputs:
            entry = old.get(output.path)
            if entry is not None and entry.digest == digest(output.data):
                written[output.path] = replace(entry, key=output.key, deps=output.deps)
            else:
                changed.append(output)
        removed = tuple(sorted(set(old) - set(written) - {o.path for o in changed}))
        written.update(update_site(changed, removed, self.opts.out))
        return [], dict(sorted(written.items())), rendered, tuple(o.path for o in changed), removed


def _names(paths, limit: int = 6) -> str:
    shown = ", ".join(paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")

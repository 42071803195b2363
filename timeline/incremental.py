"""Rebuild after a change without redoing what did not change (for `serve`).

Two things are remembered between rebuilds:
- each content file's validated record, keyed by a hash of its parsed text, so an
  unchanged file is not validated or converted from Markdown again;
- a hash of every output file last written, so only the files whose bytes
  changed are rewritten and the ones no longer produced are deleted.

Loading, linking and rendering run in full every time: they are cheap, and
running them whole is what keeps an incremental result byte-identical to a
clean build (the relations between pages are never guessed).
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from .pipeline import Options, compile_site
from .problems import Problem
from .schema import VALIDATORS
from .write import update_site, write_site


@dataclass(frozen=True)
class Rebuild:
    """What one rebuild did, for the terminal and the browser."""
    problems: tuple[Problem, ...]
    revalidated: tuple[str, ...] = ()   # content files validated again
    written: tuple[str, ...] = ()       # output paths (re)written
    removed: tuple[str, ...] = ()       # output paths deleted
    pages: int = 0                      # files in the site
    seconds: float = 0.0

    def summary(self) -> str:
        if self.problems:
            n = len(self.problems)
            return (f"{n} problem{'' if n == 1 else 's'} found in {self.seconds:.2f} s; "
                    "nothing was written, the last good site is still served")
        changed = len(self.written) + len(self.removed)
        parts = [f"{len(self.written)} of {self.pages} files written"]
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        text = f"rebuilt in {self.seconds:.2f} s: " + ", ".join(parts)
        if self.revalidated:
            text += f"; re-read {_names(self.revalidated)}"
        return text + (f"\n  updated: {_names(self.written + self.removed)}" if changed else "")


class ValidationCache:
    """Validated records by the content of their file, kept between rebuilds."""

    def __init__(self) -> None:
        self._entries: dict = {}
        self._used: set = set()
        self.missed: list[str] = []

    def validators(self) -> dict:
        """Drop-in replacements for schema.VALIDATORS for one build."""
        self._used, self.missed = set(), []
        return {kind: self._cached(kind, validate) for kind, validate in VALIDATORS.items()}

    def prune(self) -> None:
        """Forget files the last build did not see (deleted or renamed)."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}

    def _cached(self, kind, validate):
        def cached(slug, path, fm, zone):
            key = (kind, slug, path, str(zone), fingerprint(fm))
            self._used.add(key)
            if key not in self._entries:
                self.missed.append(path)
                self._entries[key] = validate(slug, path, fm, zone)
            record, problems = self._entries[key]
            return record, list(problems)
        return cached


def fingerprint(fm) -> str:
    """A hash of everything validation reads from one parsed file."""
    text = repr((fm.data, fm.lines, fm.start_line, fm.body, fm.body_line))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class IncrementalBuilder:
    """Builds `opts.out` once in full, then rewrites only what changes."""

    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.cache = ValidationCache()
        self.digests: dict[str, str] | None = None   # path -> hash of what is on disk

    def rebuild(self) -> Rebuild:
        started = time.perf_counter()
        result = compile_site(self.opts, self.cache.validators())
        self.cache.prune()
        revalidated = tuple(sorted(self.cache.missed))
        if result.problems:
            return Rebuild(result.problems, revalidated, seconds=time.perf_counter() - started)
        digests = {o.path: hashlib.sha256(o.data).hexdigest() for o in result.outputs}
        if self.digests is None or not self.opts.out.is_dir():
            write_site(result.outputs, self.opts.out)   # the first time: whole, atomically
            written, removed = tuple(digests), ()
        else:
            changed = [o for o in result.outputs if self.digests.get(o.path) != digests[o.path]]
            removed = tuple(sorted(set(self.digests) - set(digests)))
            update_site(changed, removed, self.opts.out)
            written = tuple(o.path for o in changed)
        self.digests = digests
        return Rebuild((), revalidated, written, removed, len(digests),
                       time.perf_counter() - started)


def _names(paths, limit: int = 6) -> str:
    shown = ", ".join(paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")

"""What `serve` remembers from one rebuild to the next, besides the cache's
records: each is kept by the cache object, never by a module."""
from __future__ import annotations

import os
import time
from pathlib import Path

import jinja2

from ..link import Facts, event_facts
from ..listing import Disk
from ..render import environment


class TemplateMemo:
    """The templates of a folder, compiled, for as long as its files are unchanged."""

    def __init__(self) -> None:
        self._known: tuple = ()   # (folder, state of its files, environment)

    def get(self, templates: Path) -> jinja2.Environment:
        files = sorted(p for p in templates.rglob("*") if p.is_file())
        state = tuple((str(p), st.st_ino, st.st_size, st.st_mtime_ns) for p in files
                      for st in (p.stat(),))
        if self._known[:2] != (templates, state):
            self._known = (templates, state, environment(templates))
        return self._known[2]


class FactsMemo:
    """link's facts of each event, kept from one link to the next: serve links the
    whole site again on every save, with the same Event objects for the files
    that did not change (by id; holding the event keeps its id from being reused)."""

    def __init__(self) -> None:
        self._known: dict = {}   # id -> (event, zone, facts) of the last build's events
        self._used: dict = {}    # the same, of this build's

    def __call__(self, event, zone) -> Facts:
        known = self._known.get(id(event))
        if known is None or known[0] is not event or known[1] != zone:
            known = (event, zone, event_facts(event, zone))
        self._used[id(event)] = known
        return known[2]

    def forget_unused(self) -> None:
        """Keep the facts of the last link's events (of the last that linked)."""
        if self._used:
            self._known, self._used = self._used, {}


class TextMemo(Disk):
    """The texts of the files read in the last build, and the listings of the
    folders, for `serve`'s rebuilds: a file or folder whose stat is as it was is
    not read or listed again (at 10,000 events that was most of the time before the
    edited page could be written). A folder's mtime moves whenever an entry is
    added, removed or renamed.

    A file system's clock ticks coarsely, so two edits within one tick can leave
    size and times alike (git calls such files "racily clean"). What was read is
    only trusted if it had not changed for SETTLE_NS when it was read.
    """
    SETTLE_NS = 2_000_000_000

    def __init__(self) -> None:
        super().__init__()
        self._texts: dict = {}   # path -> (stat signature, text or listing) of trusted reads
        self._kept: dict = {}    # the same for this build's reads: the next build's _texts

    def read(self, path: Path, st: os.stat_result, real: Path) -> str:
        return self._recall(os.fspath(path), st, lambda: super(TextMemo, self).read(path, st, real))

    def listing(self, folder: Path, scan):
        """scan() (a folder's files and problems), or what it gave last time."""
        return self._recall(os.fspath(folder) + os.sep, os.stat(folder), scan)

    def _recall(self, name: str, st: os.stat_result, read):
        # name: a str, which hashes far faster than a Path
        signature = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        known = self._texts.get(name)
        if known is not None and known[0] == signature:
            self._kept[name] = known
            return known[1]
        settled = time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > self.SETTLE_NS
        value = read()
        if settled:
            self._kept[name] = (signature, value)
        return value

    def forget_unused(self) -> None:
        """Keep only what the last build read: deleted files' texts go; folders
        may be moved before the next."""
        self._texts, self._kept = self._kept, {}
        self._real.clear()

    def known(self) -> set:
        return set(self._texts)

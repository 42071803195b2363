"""What `serve` remembers from one rebuild to the next, besides the cache's
records: each is kept by the cache object, never by a module."""
from __future__ import annotations

from pathlib import Path

import jinja2

from ..link import Facts, event_facts
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

"""What each page was made from, so a rebuild renders only the pages whose inputs changed.

A page's output is a function of the build's settings (templates, site.yaml,
options: the `base` key), the values in its plan (`Page.context`) and what its
template reads from `site`. The template gets `site` through a `SiteReader`,
which notes every read (`site.actors["x"]`, `site.events`, ...); the names of
those reads are the page's `deps`. A page's key hashes the base, its context and
the current value of each dep. The next build recomputes the key from the deps
noted last time: the same key means the template would read the same values and
write the same bytes, so the old output is reused. Nothing about which page
shows what is written down by hand, so a template that starts reading
something new is tracked without further work.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from types import MappingProxyType
from typing import Iterator, Optional

from .. import interrupt
from ..files import Output
from ..model import Actor, Dispute, Event, Place, Source, Site
from ..problems import Problem

_KINDS = {Event: "events", Source: "sources", Actor: "actors", Place: "places",
          Dispute: "disputes"}
_MISSING = "<missing>"
_SCALARS = (str, int, float, bytes, date, time, timedelta)   # bool is an int, datetime a date


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A page whose inputs are those it was last rendered from: its old file stands."""
    path: str
    key: str
    deps: tuple


def keyed_pages(pages, renderer, site: Site, keyer: "Keyer",
                known: Optional[Mapping] = None) -> Iterator[Output | Unchanged | Problem]:
    """Render `pages` one by one, each through its own recorder, yielding an Output
    with its key and deps, or the problem with its template. A page whose entry in
    `known` (path -> anything with .key and .deps) still has the current key is
    not rendered: an Unchanged is yielded instead."""
    known = known or {}
    for page in pages:
        interrupt.check()
        old = known.get(page.path)
        if old is not None and old.key and keyer.key(page, old.deps) == old.key:
            yield Unchanged(page.path, old.key, old.deps)
            continue
        deps: set = set()
        data = renderer.render(page, SiteReader(site, deps))
        if isinstance(data, Problem):
            yield data
            if renderer.broken:
                return  # the same syntax error would repeat on every page
            continue
        yield Output(page.path, data, *keyer.stamp(page, tuple(sorted(deps, key=repr))))


class SiteReader:
    """`site` as the templates see it: reads pass through and are noted in `deps`."""

    def __init__(self, site: Site, deps: set):
        self._site, self._deps = site, deps

    def __getattr__(self, name: str):
        value = getattr(self._site, name)
        if name == "config":
            pass             # part of every page's base key
        elif isinstance(value, Mapping):
            value = _MappingReader(value, name, self._deps)
        else:
            self._deps.add((name,))
        # Noted once is noted for good (deps is a set): the next read of `name`
        # finds the attribute here and skips this method, which is most of its cost.
        setattr(self, name, value)
        return value


class _MappingReader:
    """One of the site's mappings: a lookup notes its key, anything wider the whole."""

    def __init__(self, mapping: Mapping, name: str, deps: set):
        self._mapping, self._name, self._deps = mapping, name, deps

    def __getitem__(self, key):
        self._deps.add((self._name, key))
        return self._mapping[key]

    def get(self, key, default=None):
        self._deps.add((self._name, key))
        return self._mapping.get(key, default)

    def __contains__(self, key) -> bool:
        self._deps.add((self._name, key))
        return key in self._mapping

    def _whole(self) -> Mapping:
        self._deps.add((self._name,))
        return self._mapping

    def __iter__(self):
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def keys(self):
        return self._whole().keys()

    def values(self):
        return self._whole().values()

    def items(self):
        return self._whole().items()


class Keyer:
    """Page keys for one build: `versions` maps (kind, slug) to a hash of the record's
    file. Without them (a build without a cache, and `check`) pages are keyed all
    the same, so that a page a cached build could not key fails there too, but
    their keys are not kept."""

    def __init__(self, site: Site, versions: Optional[Mapping], base: str):
        self.site, self.versions, self.base = site, versions, base
        self._dep_values: dict = {}   # many pages read the same things: hash each once

    def stamp(self, page, deps: tuple) -> tuple[str, tuple]:
        """The key and deps a page's Output carries: ("", ()) when not kept."""
        key = self.key(page, deps)
        return (key, deps) if self.versions is not None else ("", ())

    def key(self, page, deps) -> str:
        try:
            return self.key_of(repr((page.path, page.template, page.title)), page.context, deps)
        except TypeError as exc:   # a value no page may hold: say whose
            exc.add_note(f"in the context or the reads of the page {page.path}")
            raise

    def key_of(self, name: str, context, deps) -> str:
        """The key of anything made from `context` and the `deps` it read from the
        site (a page, or an event's pieces of the data files: see extras.py)."""
        parts = [self.base, name, self.fingerprint(context)]
        for dep in sorted(deps, key=repr):
            value = self._dep_values.get(dep)
            if value is None:
                value = self._dep_values[dep] = self.fingerprint(self._read(dep))
            parts += [repr(dep), value]
        return _hash(parts)

    def _read(self, dep: tuple):
        value = getattr(self.site, dep[0])
        if len(dep) == 1:
            return value
        return value.get(dep[1], _MISSING)

    def fingerprint(self, value) -> str:
        """A text that changes whenever `value` would show differently on a page."""
        out: list[str] = []
        self._walk(value, out)
        return _hash(out)

    def _walk(self, value, out: list) -> None:
        kind = _KINDS.get(type(value))
        if kind is not None:        # a record: its file's hash stands for all its fields
            version = self.versions[(kind, value.slug)] if self.versions is not None else ""
            out.append(f"{kind}:{value.slug}:{version}")
        elif isinstance(value, _SCALARS) or value is None:
            out.append(repr(value))   # one line each: repr escapes line breaks
        elif isinstance(value, (tuple, list)):
            out.append(f"[{len(value)}")
            for item in value:
                self._walk(item, out)
        elif isinstance(value, (set, frozenset)):   # in an order of their own: their texts'
            out.append(f"<{len(value)}")
            out += sorted(self.fingerprint(item) for item in value)
        elif isinstance(value, (dict, MappingProxyType)):
            out.append(f"{{{len(value)}")
            for item in value.items():
                self._walk(item, out)
        elif dataclasses.is_dataclass(value):
            out.append(type(value).__name__)
            for name in _field_names(type(value)):
                self._walk(getattr(value, name), out)
        else:   # an unknown type could hash by identity and reuse a stale page: refuse
            raise TypeError(f"cannot fingerprint {type(value).__name__} for a page key")


@functools.lru_cache(maxsize=None)
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _hash(lines: list[str]) -> str:
    # Every line is a repr or made of reprs, so no line holds a line break: joined,
    # different lists give different texts.
    return hashlib.blake2b("\n".join(lines).encode("utf-8", "surrogatepass"),
                           digest_size=20).hexdigest()

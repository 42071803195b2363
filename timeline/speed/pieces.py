"""Each event's pieces of the data files (extras.py), made in worker processes
and kept from one build to the next.

A build with a cache keys each event's pieces the way depends.py keys pages:
the build's settings (the keyer's base), the event's record version, which of
the events it responds to are in the build, and the current value of
everything the pieces read from `site`, noted through depends.SiteReader. The
next build reuses the pieces whose key still holds, so after one edit only the
edited event's pieces (and those of events that show the edited record) are made
again; the heads, which show the whole site (and, in the search index, the
actors', places' and sources' own records), are always made afresh.
"""
from __future__ import annotations

import itertools
import tempfile
import zlib
from array import array
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Iterator, Optional

from .. import extras, interrupt
from ..extras import Pieces, columns
from ..model import Event, Site
from ..data.records import latest, shown_slugs
from ..staging import write_error
from .depends import Keyer, SiteReader


class PieceRuns:
    """Every event's Pieces, made in runs of consecutive events (tasks for the
    workers) and gathered as they come: with a keyer, by
    slug (the cache keeps them, and those in `known` whose key still holds are
    reused); else, with a `scratch` folder, packed there (the process putting the
    files together then never holds them all); else as they are. Once every run
    is in, then(column, updated) makes the files (see assemble)."""

    def __init__(self, site: Site, keyer: Optional[Keyer], known: dict, scratch, jobs: int,
                 then):
        self.site, self.keyer, self.known, self.scratch, self.then = (
            site, keyer, known, scratch, then)
        events = site.events
        size = max(1, -(-len(events) // (jobs * 8)))
        # At least one run, if empty: a site without events still has its files.
        self.runs = [events[i:i + size] for i in range(0, len(events), size)] or [events]
        self.results: list = [None] * len(self.runs)
        self.waiting = len(self.runs)
        self.made: Optional[dict] = None   # slug -> Pieces, with a keyer, once all are in

    def tasks(self) -> list:
        """The runs as parallel.run_tasks takes them."""
        return [(self.make, i, self.take) for i in range(len(self.runs))]

    def make(self, i: int) -> tuple[int, object]:
        """Run `i`'s pieces, as a worker sends them back."""
        run, keyer, known = self.runs[i], self.keyer, self.known
        made = make_pieces(self.site, run, keyer, known)
        if keyer is not None:   # the still current ones are the objects in `known`: not sent
            return i, {slug: None if known.get(slug) is piece else piece
                       for slug, piece in made.items()}
        pieces = [made[event.slug] for event in run]
        if self.scratch is None:
            return i, pieces
        try:
            return i, pack(pieces, self.scratch)
        except OSError as exc:   # a full disk, say
            raise write_error("cannot write into the new site", exc) from None

    def take(self, result: tuple[int, object]) -> None:
        i, pieces = result
        if self.keyer is not None:
            pieces = {slug: self.known[slug] if piece is None else piece
                      for slug, piece in pieces.items()}
        self.results[i] = pieces
        self.waiting -= 1
        if not self.waiting:
            self._complete()

    def _complete(self) -> None:
        if self.keyer is not None:
            self.made = {slug: piece for run in self.results for slug, piece in run.items()}
            self.then(*columns([self.made[event.slug] for event in self.site.events]))
        elif self.scratch is not None:
            self.then(*unpacked(self.results))
        else:
            self.then(*columns([piece for run in self.results for piece in run]))
        self.results = []   # in the files now (and in `made`, for the cache): let them go


FIELDS = ("search", "terms", "entry", "json", "csv", "ics", "slide")   # Pieces' texts


@dataclass(frozen=True)
class Packed:
    """The pieces of a run of consecutive events, each field's texts compressed
    together into a file: a cold build's workers write these, so that the process
    assembling the files never holds every event's texts (as str, ~200 MiB at
    10,000 events; even compressed, ~25 MB, held until the last run arrived)."""
    updated: datetime   # the latest of the events'
    path: str           # the file: per field, the texts' UTF-8 lengths, then their zlib
    fields: tuple       # per FIELDS: (where its lengths start, how many texts, zlib size)


def pack(pieces: list[Pieces], folder: Path) -> Packed:
    fd, path = tempfile.mkstemp(dir=folder)
    fields = []
    with open(fd, "wb") as f:
        for field in FIELDS:
            data = [getattr(p, field).encode("utf-8") for p in pieces]
            lengths, block = array("Q", map(len, data)), zlib.compress(b"".join(data), 1)
            fields.append((f.tell(), len(data), len(block)))
            f.write(lengths.tobytes())
            f.write(block)
    return Packed(latest(p.updated for p in pieces), path, tuple(fields))


def unpacked(packs: list[Packed]):
    """`assemble`'s column and updated, for packs in the events' order."""
    def column(field: str, reverse: bool = False) -> Iterator[str]:
        i = FIELDS.index(field)
        for packed in reversed(packs) if reverse else packs:
            start, count, size = packed.fields[i]
            lengths = array("Q")
            with open(packed.path, "rb") as f:
                f.seek(start)
                lengths.fromfile(f, count)
                # Into a buffer of the exact size, which becomes the bytes: else
                # zlib gathers the output in blocks and copies them once more.
                data = zlib.decompress(f.read(size), bufsize=max(1, sum(lengths)))
            # Decoded one at a time, as written: held decoded together, a run's
            # texts were several times its bytes, on top of the other files' work.
            ends = list(itertools.accumulate(lengths))
            spans = zip([0, *ends[:-1]], ends)
            for begin, end in reversed(list(spans)) if reverse else spans:
                yield data[begin:end].decode("utf-8")
            del data   # before the next run's: one run's texts at a time
    return column, latest(p.updated for p in packs)


def make_pieces(site: Site, events, keyer: Optional[Keyer], known: dict) -> dict:
    """slug -> Pieces for `events`: taken from `known` where the key still holds."""
    shown = shown_slugs(site)
    made = {}
    for event in events:
        interrupt.check()
        if keyer is None:
            made[event.slug] = extras.event_pieces(site, with_text(event), shown)
            continue
        context = _context(event, shown)
        old = known.get(event.slug)
        if old is not None and keyer.key_of("extras", context, old.deps) == old.key:
            made[event.slug] = old
            continue
        deps: set = set()
        pieces = extras.event_pieces(SiteReader(site, deps), with_text(event), shown)
        deps = tuple(sorted(deps, key=repr))
        made[event.slug] = replace(pieces, key=keyer.key_of("extras", context, deps), deps=deps)
    return made


def _context(event: Event, shown: frozenset) -> tuple:
    # The data files list a response only when the event it answers is in the
    # build: a fact about the whole site that the pieces do not read from `site`.
    return (("event", event), ("shown", tuple(r.event in shown for r in event.responds_to)))


def with_text(event: Event) -> Event:
    """The event with its body as text (spill.PackedHtml), for the data files'
    Python, which joins and searches it."""
    body = event.body_html
    return event if isinstance(body, str) else replace(event, body_html=str(body))

"""The files made in Python rather than from templates, put together from per-event pieces.

The feed and the data files are each a head, one text per event and a tail;
the search index is cut into shards from its events' texts (searchshards.py).
`Pieces` holds the exact texts one event contributes to each of them, so a file
is its head, its events' texts in order and its tail.

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

from . import feeds, ical, interrupt, searchindex, searchshards
from .depends import Keyer, SiteReader
from .staging import write_error
from .model import Event, Site
from .opendata import csv_line, data_outputs, nested_json, timelinejs_slide
from .records import event_facts, event_record, latest, shown_slugs
from .files import Streamed


@dataclass(frozen=True)
class Pieces:
    """What one event contributes to each file made here."""
    updated: datetime   # records.event_updated: each head shows the latest
    search: str         # its record in the search index (the result shown)
    terms: str          # its words in the search index (searchindex.record_terms)
    entry: str          # its <entry> in feed.xml
    json: str           # its item in data/events.json
    csv: str            # its row in data/events.csv
    ics: str            # its VEVENT in data/events.ics
    slide: str          # its slide in the TimelineJS file
    key: str = ""       # what it was made from, with a keyer; "" without
    deps: tuple = ()


class PieceRuns:
    """Every event's Pieces, made in runs of consecutive events (tasks for the
    workers, first of all, so that the files are put together from them early,
    between this process's own tasks) and gathered as they come: with a keyer, by
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
        self.runs = [events[i:i + size] for i in range(0, len(events), size)]
        self.results: list = [None] * len(self.runs)
        self.waiting = len(self.runs)
        self.made: Optional[dict] = None   # slug -> Pieces, with a keyer, once all are in

    def tasks(self) -> list:
        """The runs as parallel.run_tasks takes them (a site without events: none,
        and the files made at once)."""
        if not self.runs:
            self._complete()
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


def assemble(site: Site, pages: list[str], column, updated: datetime) -> Iterator[Streamed]:
    """The files one by one, each from one field of every event's Pieces:
    `column(field, reverse=False)` gives its texts in the events' order (or the
    reverse), one at a time as the file is written, so that no file or column is
    ever held whole (at 100,000 events they are gigabytes together). `updated` is
    the latest of the events' `updated`."""
    yield from searchshards.search_outputs(site, column("search"), column("terms"))
    yield from feeds.feed_outputs(site, pages, column("entry", reverse=True), updated)
    yield from data_outputs(site, column, updated)


def columns(pieces: list[Pieces]):
    """`assemble`'s column and updated, for pieces in the events' order."""
    def column(field: str, reverse: bool = False) -> Iterator[str]:
        return (getattr(p, field) for p in (reversed(pieces) if reverse else pieces))
    return column, latest(p.updated for p in pieces)


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
            made[event.slug] = event_pieces(site, event, shown)
            continue
        context = _context(event, shown)
        old = known.get(event.slug)
        if old is not None and keyer.key_of("extras", context, old.deps) == old.key:
            made[event.slug] = old
            continue
        deps: set = set()
        pieces = event_pieces(SiteReader(site, deps), event, shown)
        deps = tuple(sorted(deps, key=repr))
        made[event.slug] = replace(pieces, key=keyer.key_of("extras", context, deps), deps=deps)
    return made


def _context(event: Event, shown: frozenset) -> tuple:
    # The data files list a response only when the event it answers is in the
    # build: a fact about the whole site that the pieces do not read from `site`.
    return (("event", event), ("shown", tuple(r.event in shown for r in event.responds_to)))


def event_pieces(site: Site, event: Event, shown: frozenset) -> Pieces:
    """Everything `event` contributes to the files; `site` may be a SiteReader."""
    facts = event_facts(site, event)
    record = event_record(site, event, shown, facts)
    search, terms = searchindex.event_texts(event, site, facts)
    return Pieces(
        updated=facts.updated, search=search, terms=terms,
        entry=feeds.entry(site, event, facts),
        json=nested_json(record),
        csv=csv_line(record),
        ics=ical.vevent_text(site, event, facts),
        slide=nested_json(timelinejs_slide(site, event, facts)))

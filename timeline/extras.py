"""The files made in Python rather than from templates, put together from per-event pieces.

The feed and the data files are each a head, one text per event and a tail;
the search index is cut into shards from its events' texts (searchshards.py).
`Pieces` holds the exact texts one event contributes to each of them, so a file
is its head, its events' texts in order and its tail (speed/pieces.py makes them
in worker processes, and keeps them for the next build).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterator

from .data import feeds, ical, searchindex, searchshards
from .data.opendata import csv_line, data_outputs, nested_json, timelinejs_slide
from .data.records import event_facts, event_record, latest
from .files import Streamed
from .model import Event, Site


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

"""The chronology as open data: JSON (with its schema), CSV, iCalendar and TimelineJS.

Everything is built from `records.site_record` and `records.event_record`, so the
files agree with each other and with the pages. Each file is put together from
the texts its events contribute (see extras.py). Output is UTF-8 and
byte-identical for the same content.
"""
from __future__ import annotations

import csv
import io
import itertools
from html import escape
from typing import Iterator

from .. import urls
from ..fields import EVENT, extra_fields
from ..model import Site
from ..files import Streamed
from . import ical, jsontext
from .dataschema import CSV_COLUMNS, DISPUTES_SCHEMA, SCHEMA
from .records import EventFacts, disputes_record, site_record

JOIN = "; "
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def data_outputs(site: Site, column, updated) -> Iterator[Streamed]:
    """The data files from the events' pieces (`column(field)`: see extras.assemble),
    each made as it is written."""
    yield Streamed(urls.EVENTS_JSON, to_json(
        site_record(site, jsontext.Spliced(column("json")), updated)))
    yield Streamed(urls.EVENTS_SCHEMA, to_json(SCHEMA))
    yield Streamed(urls.DISPUTES_JSON, to_json(disputes_record(site)))
    yield Streamed(urls.DISPUTES_SCHEMA, to_json(DISPUTES_SCHEMA))
    yield Streamed(urls.EVENTS_CSV, events_csv(column("csv")))
    yield Streamed(urls.EVENTS_ICS, ical.calendar(site, column("ics")))
    yield Streamed(urls.TIMELINEJS, to_json(timelinejs(site, column("slide"))))


def to_json(data) -> Iterator[str]:
    return itertools.chain(jsontext.parts(data, indent=2), ["\n"])


def nested_json(data) -> str:
    """An item of a list that is a field of the document: two levels deep."""
    return jsontext.dumps(data, indent=2, level=2)


def _once(values) -> list:
    return list(dict.fromkeys(v for v in values if v))


def csv_row(e: dict) -> dict:
    accounts = e["accounts"]
    return {
        **{k: e[k] for k in ("slug", "id", "title", "start", "start_precision", "status",
                             "summary", "page")},
        "end": e["end"] or "", "end_precision": e["end_precision"] or "",
        "earliest": e["earliest"], "latest": e["latest"], "precision": e["precision"],
        "phrase": e["phrase"] or "", "disputed": str(e["disputed"]).lower(),
        "time_note": e["time_note"] or "", "url": e["url"] or "", "after": JOIN.join(e["after"]),
        "status_by": JOIN.join(a["name"] for a in e["status_by"]),
        "status_by_slugs": JOIN.join(a["slug"] for a in e["status_by"]),
        "actors": JOIN.join(a["name"] for a in e["actors"]),
        "actor_slugs": JOIN.join(a["slug"] for a in e["actors"]),
        "places": JOIN.join(p["name"] for p in e["places"]),
        "place_slugs": JOIN.join(p["slug"] for p in e["places"]),
        "tags": JOIN.join(e["tags"]),
        "source_slugs": JOIN.join(_once(a["source"]["slug"] for a in accounts)),
        "source_urls": JOIN.join(_once(a["source"]["url"] for a in accounts)),
        "claimants": JOIN.join(_once(a["claimant"]["name"] for a in accounts if a["claimant"])),
        "citations": len(accounts), "independent_reporters": e["independent_reporters"],
        "responds_to": JOIN.join(f"{r['relation']}:{r['event']}" for r in e["responds_to"]),
        "corrections": len(e["corrections"]),
        "corrected": max((c["date"] for c in e["corrections"]), default=""),
        **{name: _cell(e[name]) for name in extra_fields(EVENT)},
    }


def _cell(value):
    """An extra field's value (fields.Extra) as a cell, written as the others are."""
    if isinstance(value, list):
        return JOIN.join(map(str, value))
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else value


def events_csv(rows) -> Iterator[str]:
    """One row per event (`csv_line` of each), a fixed header, RFC 4180 quoting and CRLF line ends."""
    return itertools.chain([_csv_line([name for name, _ in CSV_COLUMNS])], rows)


def csv_line(e: dict) -> str:
    """One event's row, from its `records.event_record`."""
    row = csv_row(e)
    return _csv_line([_inert(row[name]) for name, _ in CSV_COLUMNS])


def _inert(value):
    """OWASP's advice against CSV injection: a text cell that a spreadsheet would
    run as a formula gets a leading ', so it is shown as the text it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_line(values: list) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerow(values)
    return buffer.getvalue()


def timelinejs(site: Site, slides: list[str]) -> dict:
    """TimelineJS3's JSON format: a title slide and one slide per event (the
    `nested_json` of each `timelinejs_slide`)."""
    c = site.config
    return {
        "title": {"text": {"headline": escape(c.title), "text": f"<p>{escape(c.description)}</p>"}},
        "events": jsontext.Spliced(slides),
        "scale": "human",
    }


def timelinejs_slide(site: Site, event, facts: EventFacts) -> dict:
    zone = site.config.timezone
    slide = {"start_date": tl_date(event.start, zone)}
    if event.end:
        slide["end_date"] = tl_date(event.end, zone)
    slide.update({
        "display_date": facts.when_short,
        "text": {"headline": escape(event.title), "text": slide_html(site, event, facts)},
        "group": event.status, "unique_id": event.slug,
    })
    return slide


def tl_date(when, zone) -> dict:
    """A TimelineJS date: hour and minute only when the sources give the time; the
    slide's display_date gives a window's words and bounds."""
    local = when.in_zone(zone)
    date = {"year": str(local.year), "month": str(local.month), "day": str(local.day)}
    if not when.is_day and not when.is_window:   # a window is only its day: no instant
        date.update(hour=str(local.hour), minute=str(local.minute))
    return date


def slide_html(site: Site, event, facts: EventFacts) -> str:
    """The slide text: summary, time note, status and the sources, linking only to
    addresses that work outside this site (articles; event pages with --base-url)."""
    parts = [f"<p>{escape(event.summary)}</p>"] if event.summary else []   # the body is optional
    if event.time_note:
        parts.append(f"<p><em>Time: {escape(event.time_note)}</em></p>")
    parts.append(f"<p>Status: {escape(facts.status)}</p><ul>")
    for citation, line in zip(event.citations, facts.citations):
        src = site.sources[citation.source]
        text = escape(line, quote=False)
        parts.append(f'<li><a href="{escape(src.url)}">{text}</a></li>' if src.url else f"<li>{text}</li>")
    parts.append("</ul>")
    if site.config.base_url:
        link = escape(urls.absolute(site.config.base_url, urls.event(event.slug)))
        parts.append(f'<p><a href="{link}">Full entry</a></p>')
    return "".join(parts)

"""data/events.ics: the chronology as an iCalendar file (RFC 5545).

One VEVENT per event. Times the sources give to the minute are UTC date-times;
a day-precision time is a DATE, so no calendar shows a false "00:00". DTSTAMP
is the event's content-derived 'updated' instant, never the build time.
"""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from typing import Iterator

from .. import urls
from ..model import Site
from .records import EventFacts

PRODID = "-//Sourced chronology generator//build.py//EN"


def calendar(site: Site, vevents) -> Iterator[str]:
    """The calendar around its events' texts (`vevent_text` of each, in order)."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:" + escape_text(site.config.title)]
    return itertools.chain([_lines(head)], vevents, [_lines(["END:VCALENDAR"])])


def vevent_text(site: Site, event, facts: EventFacts) -> str:
    """One event's VEVENT as it appears in the file: folded lines, CRLF line ends."""
    return _lines(vevent(site, event, facts))


def _lines(lines: list[str]) -> str:
    return "".join(fold(line) + "\r\n" for line in lines)


def vevent(site: Site, event, facts: EventFacts) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{facts.uuid}", "DTSTAMP:" + utc_stamp(facts.updated)]
    lines += span(event, site.config.timezone)
    lines += ["SUMMARY:" + escape_text(event.title),
              "DESCRIPTION:" + escape_text(description(site, event, facts))]
    if event.places:
        lines.append("LOCATION:" + escape_text(", ".join(site.places[p].name for p in event.places)))
    if event.tags:
        lines.append("CATEGORIES:" + ",".join(escape_text(t) for t in event.tags))
    if site.config.base_url:
        lines.append("URL:" + urls.absolute(site.config.base_url, urls.event(event.slug)))
    lines.append("END:VEVENT")
    return lines


def span(event, zone) -> list[str]:
    """DTSTART and DTEND of the same value type, as RFC 5545 requires."""
    start, end = event.start, event.end
    if start.is_day:
        # A day-precision start makes the whole entry a span of days; DTEND is exclusive.
        lines = ["DTSTART;VALUE=DATE:" + ical_date(start.in_zone(zone))]
        if end:
            lines.append("DTEND;VALUE=DATE:" + ical_date(end.in_zone(zone) + timedelta(days=1)))
        return lines
    lines = ["DTSTART:" + utc_stamp(start.moment)]
    if end:
        # An end known only to the day lasts until the end of that day in the site zone.
        until = end.moment + timedelta(days=1) if end.is_day else end.moment
        lines.append("DTEND:" + utc_stamp(until))
    return lines


def description(site: Site, event, facts: EventFacts) -> str:
    lines = [event.summary, ""] if event.summary else []   # the body is optional
    lines += [f"When: {facts.when}", f"Status: {facts.status}", "", "Sources:"]
    for citation, line in zip(event.citations, facts.citations):
        url = site.sources[citation.source].url
        lines.append("- " + line + (f" <{url}>" if url else ""))
    return "\n".join(lines)


# Formatted by hand: strftime("%Y") does not pad years before 1000 on glibc ("5000522" for 0500-05-22).
def ical_date(moment: datetime) -> str:
    return f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"


def utc_stamp(moment: datetime) -> str:
    utc = moment.astimezone(timezone.utc)
    return f"{ical_date(utc)}T{utc.hour:02d}{utc.minute:02d}{utc.second:02d}Z"


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 sequence (RFC 5545 3.1)."""
    data = line.encode("utf-8")
    if len(data) <= limit:  # most lines
        return line
    parts, start, room = [], 0, limit
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end])
        start, room = end, limit - 1  # a continuation line starts with one space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")

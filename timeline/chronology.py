"""The chronology's pages as render.planned_pages plans them: the index, with its "What
happened" summary; a page per day when the chronology is too long for one
(Site.split: the index then links to them); and each event's page with its
place in the chronology (its entry, its position, its neighbours). A page is
planned as (path, template, title, context maker), which render.planned_pages takes.

Everything follows the chronology's order (Event.sort_key): within a day, the
events known only by that day, then those over several days, then the timed ones.
"""
from __future__ import annotations

from functools import partial

from . import parts, present, urls
from .model import Site

# Statuses that say a key point is one side's word, or answered: its badge stands beside it.
CONTESTED = ("claimed", "disputed", "denied")


def index_pages(site: Site) -> list[tuple]:
    """The index (index_context); when its links to the days of a split chronology
    are more than a page lists (some 100 bytes a day: 10,000 events on as many days
    made a 1.1 MB index), the rest follow on pages of their own (parts.py).
    (path, template, title, a function making its context) each."""
    days = site.days if site.split else ()
    pages = []
    for path, shown, paged in parts.pages(urls.INDEX, days, site.config.chronology_page_limit,
                                          parts.by_days(lambda pair: pair[0])):
        if paged.number == 1:
            pages.append((path, "index.html", site.config.title,
                          partial(index_context, site, shown, paged)))
        else:
            pages.append((path, "index.html", parts.title("The chronology", paged, "days"),
                          partial(_index_part, shown, paged)))
    return pages


def _index_part(days, paged) -> tuple:
    return (("key_points", ()), ("days", ()), ("parts", day_parts(days)), ("drawn", ()),
            ("drawn_label", ""), ("level", 2), ("days_level", 1), ("paged", paged))


def index_context(site: Site, days=(), paged=parts.WHOLE) -> tuple:
    """The index: the "What happened" summary (the key points, by day), then the
    whole chronology, or, when it is split (Site.split), links to its `days`; the
    drawing then shows the key events only: every event's mark is some 340 bytes,
    3.4 MB at 10,000 events."""
    key_points = tuple((day, tuple((e, e.status in CONTESTED) for e in events if e.key_point))
                       for day, events in site.days if any(e.key_point for e in events))
    if not site.split:
        return (("key_points", key_points), ("days", day_sections(site.days)), ("parts", ()),
                ("drawn", site.events), ("drawn_label", "Timeline of all events"), ("level", 2),
                ("days_level", 2), ("paged", paged))
    return (("key_points", key_points), ("days", ()), ("parts", day_parts(days)),
            ("drawn", tuple(e for _, points in key_points for e, _ in points)),
            ("drawn_label", "Timeline of the key events"), ("level", 2), ("days_level", 2),
            ("paged", paged))


def day_parts(days) -> tuple:
    """The index's links to the days of a split chronology, by month:
    (('May 2023', (('Monday 22 May 2023', path, '27 events'), ...)), ...)."""
    months: dict = {}
    for day, events in days:
        months.setdefault(present.month(day), []).append(
            (present.long_date(day), urls.day_page(day), present.counted(len(events), "event")))
    return tuple((month, tuple(links)) for month, links in months.items())


def day_pages(site: Site) -> list[tuple]:
    """A page per day of a chronology too long for one (Site.split), led by the
    way back to the index and followed by the way to the days before and after;
    a day of more than `chronology_page_limit` events has more pages (parts.py),
    the first of them drawing the whole day. As index_pages, with functions."""
    pages, days, limit = [], site.days, site.config.chronology_page_limit
    for i, (day, events) in enumerate(days):
        for path, shown, paged in parts.pages(urls.day_page(day), events, limit):
            pages.append((path, "day.html", parts.title(present.long_date(day), paged),
                          partial(_day_context, days, i, shown, paged)))
    return pages


def _day_context(days, i: int, shown, paged) -> tuple:
    day, events = days[i]
    before = days[i - 1][0] if i else None
    after = days[i + 1][0] if i + 1 < len(days) else None
    return (("day", day), ("days", day_sections(((day, shown),))), ("parts", ()),
            ("drawn", events if paged.number == 1 else ()), ("drawn_label", "Timeline of the day"),
            ("level", 1), ("paged", paged), ("previous_day", before), ("next_day", after))


def event_pages(site: Site, more=lambda event: ()) -> list[tuple]:
    """Each event's page, with its place in the chronology: its entry, its position,
    and the events before and after it (Event.sort_key: as the chronology lists them),
    and what `more(event)` adds. Site.days holds the events in that order, by day.
    As index_pages, with functions."""
    pages = []
    for day, listed in site.days:
        for n, event in enumerate(listed):
            pages.append((urls.event(event.slug), "event.html", event.title,
                          partial(_event_context, site, len(pages), day, n, more)))
    return pages


def _event_context(site: Site, i: int, day, n: int, more) -> tuple:
    events, limit = site.events, site.config.chronology_page_limit
    event = events[i]
    return (("event", event), ("previous", events[i - 1] if i else None),
            ("next", events[i + 1] if i + 1 < len(events) else None),
            ("position", f"{i + 1} of {len(events)}"),
            ("day_label", present.long_date(day)),
            ("entry", urls.entry(event.slug, day, site.split, n // limit + 1))) + more(event)


def day_sections(days):
    """(day, events whose sources give only the day, events over this and later days
    without a time, timed events) for each day: Event.section, in the order of the
    chronology (Event.sort_key), so a day's list reads as previous/next go."""
    return tuple((day, *(tuple(e for e in events if e.section == n) for n in range(3)))
                 for day, events in days)

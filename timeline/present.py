"""How times, dates and roles read on the page. Locale-independent on purpose,
so that output does not change with the machine's settings."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import Event

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
ROLE_LABELS = {"involved": "involved", "claimant": "makes a claim",
               "reporter": "reports it (relayed)"}

NO_TIME = "time not given"


@dataclass(frozen=True)
class TimeView:
    iso: str            # machine value for <time datetime>
    label: str          # "11:00 MSK", "05:00–10:00 MSK", "time not given"
    day: str            # "Monday 22 May 2023"
    approximate: bool
    note: str
    end_iso: str = ""
    spans_days: bool = False   # the label names its own dates: no day before it

    @property
    def has_label(self) -> bool:
        """Whether there is more to show than the day: a clock time or a span of days."""
        return self.label != NO_TIME


def counted(n: int, noun: str) -> str:
    """'1 event', '2 events': the count and its noun, in the plural unless one."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def long_date(day: date) -> str:
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def date_range(first: date, last: date) -> str:
    """'22–23 May 2023', '30 April – 2 May 2023', '31 December 2022 – 1 January 2023'."""
    if first.year != last.year:
        return f"{short_date(first)} – {short_date(last)}"
    if first.month != last.month:
        return f"{first.day} {_MONTHS[first.month - 1]} – {short_date(last)}"
    return f"{first.day}–{short_date(last)}"


def time_view(event: Event, zone) -> TimeView:
    return _time_view(event, zone)[0]


def _time_view(event: Event, zone) -> tuple[TimeView, bool]:
    """The view, and whether the event runs over more than one day."""
    start = event.start.in_zone(zone)
    label = NO_TIME if event.start.is_day else _clock(start)
    end_iso, spans_days = "", False
    if event.end:
        end = event.end.in_zone(zone)
        end_iso = event.end.iso(zone)
        end_label = short_date(end.date()) if event.end.is_day else _clock(end)
        spans_days = end.date() != start.date()
        if spans_days and event.start.is_day and event.end.is_day:
            label = date_range(start.date(), end.date())
        elif spans_days:
            start_label = short_date(start.date()) + ("" if event.start.is_day else " " + _clock(start))
            end_label = short_date(end.date()) + ("" if event.end.is_day else " " + _clock(end))
            label = f"{start_label} – {end_label}"
        elif not event.start.is_day:
            label = f"{_hours(start)}–{end_label}"
        elif not event.end.is_day:   # the sources give when it ended, not when it began
            label = f"until {end_label}"
    # 'c.' qualifies a clock time; days alone that are uncertain say so in their note.
    timed = not event.start.is_day or (event.end is not None and not event.end.is_day)
    view = TimeView(iso=event.start.iso(zone), label=label, day=long_date(start.date()),
                    approximate=event.approximate and timed, note=event.time_note,
                    end_iso=end_iso, spans_days=spans_days)
    return view, spans_days


def _hours(moment) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"  # as %H:%M, without strftime


def _clock(moment) -> str:
    return f"{_hours(moment)} {moment.tzname()}"


def roles_label(roles) -> str:
    return ", ".join(ROLE_LABELS[r] for r in roles)


def citation_text(site, citation) -> str:
    """One account as a plain-text line, for feeds, calendars and data files:
    'Claimant, via Outlet, as reported in “Title” (Publisher, 2023-05-24): “quote” — says'."""
    src = site.sources[citation.source]
    who = [site.actors[citation.claimant].name] if citation.claimant else []
    if citation.via:
        who.append("via " + site.actors[citation.via].name)
    lead = ", ".join(who) + ", as reported in" if who else "Reported in"
    publisher = "publisher not named" if src.publisher == "unknown" else src.publisher
    facts = ", ".join(x for x in (publisher,
                                  src.published.isoformat() if src.published else "") if x)
    line = f"{lead} “{src.title}” ({facts})"
    if citation.quote:
        line += f": “{citation.quote}”"
    if citation.says:
        line += f" — {citation.says}"
    return line


def when_text(event: Event, zone, note: bool = True) -> str:
    """The event's time as one plain line: 'Monday 22 May 2023, c. 05:00–10:00 MSK (early Monday)'."""
    view, spans_days = _time_view(event, zone)
    text = view.day
    if view.has_label:
        label = ("c. " if view.approximate else "") + view.label
        text = label if spans_days else f"{text}, {label}"   # a span names its own dates
    if note and view.note:
        text += f" ({view.note})"
    return text

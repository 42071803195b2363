"""Dates and clock times as the pages write them, locale-independent on purpose
(the output does not change with the machine's settings)."""
from __future__ import annotations

from datetime import date

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def long_date(day: date) -> str:
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def weekday(day: date) -> str:
    return _DAYS[day.weekday()]


def month(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def date_range(first: date, last: date) -> str:
    """'22–23 May 2023', '30 April – 2 May 2023', '31 December 2022 – 1 January 2023'."""
    if first.year != last.year:
        return f"{short_date(first)} – {short_date(last)}"
    if first.month != last.month:
        return f"{first.day} {_MONTHS[first.month - 1]} – {short_date(last)}"
    return f"{first.day}–{short_date(last)}"


def when_text(when, local, upto: bool = False) -> str:
    """One end: its clock time, or its window's bounds."""
    if not when.is_window:
        return clock(local)
    return window(local, when.until.astimezone(local.tzinfo)) if not upto else \
        clock(when.until.astimezone(local.tzinfo))


def window(first, last) -> str:
    """'before 09:00 MSK', 'after 17:00 MSK', 'between 05:00 and 12:00 MSK' (a window
    to midnight is 'after', one from midnight 'before': the day is shown beside it)."""
    opens, closes = (first.hour, first.minute) == (0, 0), last.date() > first.date()
    if opens and not closes:
        return "before " + clock(last)
    if closes and not opens:
        return "after " + clock(first)
    if opens and closes:
        return "at a time not given"
    return between(first, last)


def between(first, last) -> str:
    """'between 05:00 and 12:00 MSK'; a window to the end of the day ends at 'midnight'."""
    if last.date() > first.date() and (last.hour, last.minute) == (0, 0):
        return f"between {clock(first)} and midnight"
    return f"between {hours(first)} and {clock(last)}"


def dated(when, moment) -> tuple:
    """One end of a span over several days: '22 May 2023' or '22 May 2023, 05:00 MSK'."""
    if when.is_day:
        return ((False, short_date(moment.date())),)
    return ((False, short_date(moment.date()) + ", " + when_text(when, moment)),)


def hours(moment) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"  # as %H:%M, without strftime


def clock(moment) -> str:
    return f"{hours(moment)} {moment.tzname()}"

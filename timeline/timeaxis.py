"""The timeline's time axis: which stretch of time each timed mark covers, and where
a moment falls on the drawing.

An hour in which a mark begins or ends is drawn HOUR_PX wide; a stretch of hours in
which none does, NARROW_W in all; days without a mark are left out, a break of GAP_W
standing for them. So empty stretches shrink, and the drawing grows with the events,
never with the calendar (one mistyped year would otherwise draw centuries day by day).
A day is at least as wide as its "time not given" strip asks (timelayout).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .model import Event

HOUR_PX = 16            # an hour in which a mark begins or ends
NARROW_W = 10           # two hours or more in which none does, whatever their length
DAY_MIN = 104           # a day's name, and a few tokens
GAP_W = 72              # days without an event, whatever their number
LABEL_W = 84            # the lane names at the left
NEAR = timedelta(minutes=30)            # around a mark's end, the hours kept full width
WHOLE = timedelta(hours=6)              # a mark this short keeps every hour it covers


@dataclass(frozen=True, slots=True)
class Span:
    """What a timed mark covers: its stretch of time, and the part of it between stated clock times."""
    start: datetime
    end: datetime
    shape: str                      # "dot", "bar", or "days" when one end is known only by its day
    approximate: bool               # drawn dashed and faded, with no solid part
    stated: tuple[datetime, datetime] | None = None   # the solid part of a "days" bar


def untimed(event: Event) -> bool:
    """Whether the sources give no clock time at either end: a token in the strip."""
    return event.start.is_day and (event.end is None or event.end.is_day)


def interval(event: Event, zone) -> Span:
    """The stretch of time a timed mark covers, and how it is drawn. Where one end is
    a clock time and the other only a day, the stretch between the clock time and
    that day is stated (the event was going on then) and drawn solid; the day is pale."""
    start, sure_from = _bounds(event.start, zone)
    if event.end is None and not event.start.is_day:
        if event.start.is_window:   # the whole window the article's words allow
            return Span(start, sure_from, "bar", True)
        return Span(start, start, "dot", False)
    sure_to, end = _bounds(event.end or event.start, zone)
    end = max(end, start)
    if not event.start.is_day and not (event.end and event.end.is_day):
        return Span(start, end, "bar", event.approximate)
    stated = (sure_from, sure_to) if sure_from < sure_to and not event.approximate else None
    return Span(start, end, "days", event.approximate, stated)


def _midnight(day: date, zone) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def _bounds(when, zone) -> tuple[datetime, datetime]:
    """The first and last moment `when` may stand for: its whole day for a date,
    its window for a part of a day."""
    moment = when.in_zone(zone)
    if when.is_window:
        return moment, when.until.astimezone(zone)
    if not when.is_day:
        return moment, moment
    midnight = _midnight(moment.date(), zone)
    return midnight, midnight + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Axis:
    """The days drawn, in order, the x where each begins and the x of each of its
    hours (0 to 24) from there. Where two days drawn are not consecutive dates, a
    break of GAP_W stands for the days between them."""
    zone: object
    days: tuple[date, ...]
    lefts: tuple[float, ...]
    hours: tuple[tuple[float, ...], ...]
    narrowed: tuple[tuple[tuple[int, int], ...], ...]   # per day: (first hour, hours) drawn narrow

    def x(self, moment: datetime) -> float:
        day = moment.date()
        i = max(bisect.bisect_right(self.days, day) - 1, 0)
        if day == self.days[i] or i + 1 == len(self.days):
            # Same tzinfo on both sides: the difference is wall-clock time, so every day has 24 hours.
            hours = min(max((moment - _midnight(self.days[i], self.zone)).total_seconds() / 3600, 0), 24)
            whole, at = min(int(hours), 23), self.hours[i]
            return self.lefts[i] + at[whole] + (hours - whole) * (at[whole + 1] - at[whole])
        # Inside a break (a bar crossing it): spread the days left out across its width.
        gap_start = _midnight(self.days[i] + timedelta(days=1), self.zone)
        gap = (_midnight(self.days[i + 1], self.zone) - gap_start).total_seconds()
        share = (moment - gap_start).total_seconds() / gap
        return self.right(i) + share * (self.lefts[i + 1] - self.right(i))

    def right(self, i: int) -> float:
        return self.lefts[i] + self.hours[i][-1]

    @property
    def width(self) -> float:
        return self.right(len(self.days) - 1)

    def breaks(self):
        """(x where the break begins, first day and last day it leaves out) for each break."""
        for i, (before, after) in enumerate(zip(self.days, self.days[1:])):
            if (after - before).days > 1:
                yield self.right(i), before + timedelta(days=1), after - timedelta(days=1)

    def narrow(self):
        """(x, width, first hour, hours) of each narrowed stretch of hours."""
        for left, at, stretches in zip(self.lefts, self.hours, self.narrowed):
            for first, count in stretches:
                yield left + at[first], at[first + count] - at[first], first, count


def make_axis(zone, busy: dict[date, set[int]], least: dict[date, float]) -> Axis:
    """Every day with a mark (`busy`: the hours in which a timed mark begins or ends;
    `least`: the width its tokens ask for), a break between days that do not follow."""
    days = sorted(set(busy) | set(least))
    lefts, hours, narrowed, x = [], [], [], float(LABEL_W)
    for n, day in enumerate(days):
        if n and (day - days[n - 1]).days > 1:
            x += GAP_W
        at, narrow = day_hours(busy.get(day, set()), max(least.get(day, 0), DAY_MIN))
        lefts.append(x)
        hours.append(at)
        narrowed.append(narrow)
        x += at[-1]
    return Axis(zone, tuple(days), tuple(lefts), tuple(hours), tuple(narrowed))


def day_hours(busy: set[int], least: float) -> tuple[tuple[float, ...], tuple]:
    """The x of each hour of a day from its left, and the (first hour, hours) drawn
    narrow: a busy hour is HOUR_PX wide, a stretch of two or more others NARROW_W in
    all. A day narrower than `least` widens its narrow stretches (with none, every hour)."""
    runs: list[list] = []
    for hour in range(24):
        full = hour in busy
        if runs and runs[-1][1] == full:
            runs[-1][2] += 1
        else:
            runs.append([hour, full, 1])
    runs = [[h, full or n == 1, n] for h, full, n in runs]   # one idle hour is not worth a break
    widths = [n * HOUR_PX if full else NARROW_W for _, full, n in runs]
    narrow = [i for i, (_, full, _) in enumerate(runs) if not full]
    slack = least - sum(widths)
    if slack > 0 and narrow:
        for i in narrow:
            widths[i] += slack / len(narrow)
    elif slack > 0:
        widths = [w * least / sum(widths) for w in widths]
    at, x = [0.0], 0.0
    for (_, _, n), width in zip(runs, widths):
        at += [x + width * k / n for k in range(1, n + 1)]
        x += width
    return tuple(at), tuple((h, n) for h, full, n in runs if not full)


def busy_hours(spans) -> dict[date, set[int]]:
    """For each (span, its clock-time ends): the days it begins and ends on, the hours
    in which it begins or ends (within NEAR, on that day) and, under WHOLE, every hour."""
    busy: dict[date, set[int]] = {}
    for span, clock_ends in spans:
        last = span.end - timedelta(microseconds=1) if span.end > span.start else span.end
        busy.setdefault(span.start.date(), set())   # its days are drawn, busy or not
        busy.setdefault(last.date(), set())
        if span.end - span.start <= WHOLE:
            _mark(busy, span.start - NEAR, span.end + NEAR, span.start.date(), last.date())
            continue
        for moment in clock_ends:
            _mark(busy, moment - NEAR, moment + NEAR, moment.date(), moment.date())
    return busy


def _mark(busy, lo: datetime, hi: datetime, first: date, last: date) -> None:
    hour = lo.replace(minute=0, second=0, microsecond=0)
    while hour < hi:
        if first <= hour.date() <= last:
            busy.setdefault(hour.date(), set()).add(hour.hour)
        hour += timedelta(hours=1)


def clock_ends(event: Event, span: Span) -> list[datetime]:
    """The ends of a timed mark that are clock times."""
    ends = [span.start] if not event.start.is_day else []
    return ends + ([span.end] if event.end is None or not event.end.is_day else [])

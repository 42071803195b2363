"""A visual timeline drawn at build time as inline SVG: no JavaScript, prints well.

Events sit on a time axis in the site time zone, one lane per status. How a
mark looks follows only from how precisely the sources date the event (see
`interval`), and the caption under the figure (macros.html) says the same: an
exact time is a dot; the time between stated clock times a solid bar; a day
given without a time a pale bar across the whole day (a span with a clock time
at one end only is solid between that time and the day given without one);
anything approximate, be it a time, a span or days, a dashed, faded bar, with
an approximate time widened so as not to pretend precision. Overlapping marks
stack in rows; when a lane is full, the rest of a day's events in it are
counted in one "+N more" mark linking to that day. The caption explains only
the kinds of mark a drawing has (`legend`): a reader told that a dot is an
exact time looks for one.
The axis draws each day hour by hour, but a stretch of more than GAP_DAYS days
in which no mark begins or ends is drawn as a narrow break that says how many
days it leaves out: the drawing grows with the events, never with the calendar
span (one mistyped year would otherwise draw centuries day by day).
Coordinates are rounded, so the output is byte-identical between builds.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from markupsafe import Markup, escape

from . import present
from .model import STATUSES, Event

HOUR_PX = 8             # horizontal scale: three days (LABEL_W + 3 * DAY_W = 660) fit the page column
LABEL_W = 84            # room for the lane names at the left
AXIS_H = 38             # day names and hour ticks at the top
ROW_H, BAR_H = 9, 6     # one row of marks
CLUSTER_H = 13          # the "+N more" row
MAX_ROWS = 6            # rows per lane before marks are counted in a cluster
LANE_GAP = 10
FUZZ = timedelta(hours=1, minutes=30)   # half-width of an approximate time without an end
DOT_R = 4
GAP_DAYS = 7            # a longer stretch without a mark beginning or ending is a break
GAP_W = 90              # the width of a break, whatever it leaves out
DAY_W = 24 * HOUR_PX


@dataclass(frozen=True, slots=True)
class Span:
    """What a mark covers: its stretch of time, and the part of it between stated clock times."""
    start: datetime
    end: datetime
    shape: str                      # "dot", "bar", or "days" when an end is known only by its day
    approximate: bool               # drawn dashed and faded, with no solid part
    stated: tuple[datetime, datetime] | None = None   # the solid part of a "days" bar


@dataclass(frozen=True, slots=True)
class Mark:
    event: Event
    x0: float
    x1: float
    shape: str          # as Span.shape
    approximate: bool = False
    stated: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Drawing:
    """A timeline: the markup, and the sentence of its caption that explains its marks."""
    svg: Markup
    legend: str


@dataclass(frozen=True, slots=True)
class Axis:
    """The days drawn, in order, and the x where each begins. Where two days drawn
    are not consecutive dates, a break of GAP_W stands for the days between them."""
    zone: object
    days: tuple[date, ...]
    lefts: tuple[float, ...]

    def x(self, moment: datetime) -> float:
        day = moment.date()
        i = max(bisect.bisect_right(self.days, day) - 1, 0)
        if day == self.days[i] or i + 1 == len(self.days):
            # Same tzinfo on both sides: the difference is wall-clock time, so every day is 24 hours wide.
            hours = (moment - _midnight(self.days[i], self.zone)).total_seconds() / 3600
            return self.lefts[i] + min(hours, 24) * HOUR_PX
        # Inside a break (a bar crossing it): spread the days left out across its width.
        gap_start = _midnight(self.days[i] + timedelta(days=1), self.zone)
        gap = (_midnight(self.days[i + 1], self.zone) - gap_start).total_seconds()
        share = (moment - gap_start).total_seconds() / gap
        return self.lefts[i] + DAY_W + share * (self.lefts[i + 1] - self.lefts[i] - DAY_W)

    @property
    def width(self) -> float:
        return self.lefts[-1] + DAY_W

    def breaks(self):
        """(x where the break begins, first day and last day it leaves out) for each break."""
        for before, after, left in zip(self.days, self.days[1:], self.lefts):
            if (after - before).days > 1:
                yield left + DAY_W, before + timedelta(days=1), after - timedelta(days=1)


def _midnight(day: date, zone) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def interval(event: Event, zone) -> Span:
    """The stretch of time a mark covers, and how it is drawn.

    A date stands for its whole day. Where one end is a clock time and the other
    only a day, the stretch between the clock time and that day is stated
    (the event was going on then) and drawn solid; the day itself stays pale."""
    start, sure_from = _bounds(event.start, zone)
    if event.end is None and not event.start.is_day:
        if event.approximate:
            return Span(start - FUZZ, start + FUZZ, "bar", True)
        return Span(start, start, "dot", False)
    sure_to, end = _bounds(event.end or event.start, zone)
    end = max(end, start)
    if not event.start.is_day and not (event.end and event.end.is_day):
        return Span(start, end, "bar", event.approximate)
    # Between two dates, even days apart, nothing is stated: the sources give no time at all.
    clock = not event.start.is_day or (event.end is not None and not event.end.is_day)
    stated = (sure_from, sure_to) if clock and sure_from < sure_to and not event.approximate else None
    return Span(start, end, "days", event.approximate, stated)


def _bounds(when, zone) -> tuple[datetime, datetime]:
    """The first and last moment `when` may stand for: its whole day for a date."""
    moment = when.in_zone(zone)
    if not when.is_day:
        return moment, moment
    midnight = _midnight(moment.date(), zone)
    return midnight, midnight + timedelta(days=1)


def make_axis(events, zone) -> Axis:
    """Every day on which a mark begins or ends, with the days between them unless
    more than GAP_DAYS of them pass in a row: those make a break instead."""
    spans = [interval(e, zone) for e in events]
    marked = {span.start.date() for span in spans}
    marked |= {(s.end - timedelta(microseconds=1) if s.end > s.start else s.end).date() for s in spans}
    days: list[date] = []
    for day in sorted(marked):
        if days and (day - days[-1]).days <= GAP_DAYS + 1:
            days += [days[-1] + timedelta(days=n) for n in range(1, (day - days[-1]).days)]
        days.append(day)
    lefts, x = [], float(LABEL_W)
    for n, day in enumerate(days):
        if n and (day - days[n - 1]).days > 1:
            x += GAP_W
        lefts.append(x)
        x += DAY_W
    return Axis(zone, tuple(days), tuple(lefts))


def pack(marks: list[Mark]) -> tuple[list[list[Mark]], list[Mark]]:
    """Greedy rows: each mark goes in the first row where it does not overlap. Overflow is returned.

    Marks with a clock time are placed first: when a lane is full, it is the
    whole-day bars (the least precise) that are counted in a cluster instead.
    """
    rows: list[list[Mark]] = []
    spans: list[tuple[list[float], list[float]]] = []   # per row: x0s and x1s, sorted
    overflow = []
    for mark in sorted(marks, key=lambda m: (m.shape == "days", m.x0, m.x1)):
        for row, (starts, ends) in zip(rows, spans):
            if _fits(mark, starts, ends):
                row.append(mark)
                at = bisect.bisect_left(starts, mark.x0)
                starts.insert(at, mark.x0)
                ends.insert(at, mark.x1)
                break
        else:
            if len(rows) < MAX_ROWS:
                rows.append([mark])
                spans.append(([mark.x0], [mark.x1]))
            else:
                overflow.append(mark)
    return rows, overflow


def _fits(mark: Mark, starts: list[float], ends: list[float]) -> bool:
    """Whether the mark keeps 3px from every mark of a row.

    The marks of a row do not overlap, so sorted by start they are sorted by end too:
    of those starting less than 3px after this one ends, only the last can come too
    close on its left (a lane with thousands of marks no longer compares each pair).
    """
    before = bisect.bisect_left(starts, mark.x1 + 3)
    return before == 0 or ends[before - 1] + 3 <= mark.x0


def _n(value: float) -> str:
    """A coordinate rounded to one decimal, written without a trailing .0."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _label(event: Event, view: present.TimeView) -> str:
    when = present.view_text(view, note=False)
    if event.approximate and not view.approximate:
        when += ", approximate"   # days, which carry no "c.", are drawn dashed all the same
    return f"{event.title} ({when}; {event.status})"


def _mark_svg(mark: Mark, y: float, href: str, view) -> str:
    label = escape(_label(mark.event, view(mark.event)))
    cls = f"tl-mark tl-{mark.event.status} tl-{mark.shape}" + (" tl-approx" if mark.approximate else "")
    if mark.shape == "dot":
        shape = f'<circle cx="{_n((mark.x0 + mark.x1) / 2)}" cy="{_n(y + BAR_H / 2)}" r="{DOT_R}"/>'
    else:
        shape = _rect(mark.x0, mark.x1, y)
        if mark.stated:
            shape += _rect(*mark.stated, y, ' class="tl-stated"')
    return f'<a href="{escape(href)}" class="{cls}" aria-label="{label}"><title>{label}</title>{shape}</a>'


def _rect(x0: float, x1: float, y: float, extra: str = "") -> str:
    """A bar from x0 to x1, inset half a pixel each side, never narrower than 3px."""
    width = _n(max(x1 - x0 - 1, 3))
    return f'<rect{extra} x="{_n(x0 + 0.5)}" y="{_n(y)}" width="{width}" height="{BAR_H}" rx="2"/>'


def _cluster_svg(day: date, marks: list[Mark], axis: Axis, y: float, href: str, status: str) -> str:
    x0 = axis.x(_midnight(day, axis.zone))
    label = escape(f"{present.counted(len(marks), f'more {status} event')} on {present.long_date(day)}")
    return (f'<a href="{escape(href)}" class="tl-cluster tl-{status}" aria-label="{label}"><title>{label}</title>'
            f'<rect x="{_n(x0 + 0.5)}" y="{_n(y)}" width="{_n(DAY_W - 1)}" height="{CLUSTER_H - 2}" rx="2"/>'
            f'<text x="{_n(x0 + 6)}" y="{_n(y + CLUSTER_H - 4)}">+{len(marks)} more</text></a>')


def _axis_svg(axis: Axis, height: float) -> list[str]:
    # A year-long axis has ~1,500 lines and labels: format each number once.
    bottom, parts = _n(height), []
    for day, x in zip(axis.days, axis.lefts):
        at = _n(x)
        parts.append(f'<line class="tl-day" x1="{at}" y1="4" x2="{at}" y2="{bottom}"/>'
                     f'<text class="tl-day-label" x="{_n(x + 4)}" y="15">{escape(present.short_date(day))}</text>')
        for hour in (6, 12, 18):
            at = _n(x + hour * HOUR_PX)
            parts.append(f'<line class="tl-hour" x1="{at}" y1="22" x2="{at}" y2="{bottom}"/>'
                         f'<text class="tl-hour-label" x="{at}" y="32">{hour:02d}:00</text>')
    return parts + [_break_svg(x, first, last, bottom) for x, first, last in axis.breaks()]


def _break_svg(x: float, first: date, last: date, bottom: str) -> str:
    """A break in the axis: a line, and how many days it leaves out (the dates in its title)."""
    count = (last - first).days + 1
    title = escape(f"{count:,} days left out, in which no event begins or ends: "
                   f"{present.short_date(first)} to {present.short_date(last)}")
    middle = _n(x + GAP_W / 2)
    return (f'<g class="tl-break"><title>{title}</title>'
            f'<line class="tl-day" x1="{_n(x)}" y1="4" x2="{_n(x)}" y2="{bottom}"/>'
            f'<text class="tl-hour-label" x="{middle}" y="15">{count:,} days</text>'
            f'<text class="tl-hour-label" x="{middle}" y="32">left out</text></g>')


def _lane_svg(status, marks, axis, y, link_event, link_day, view) -> tuple[list[str], float, set[str]]:
    """The lane's marks, its height, and the kinds of mark drawn (see `legend`)."""
    rows, overflow = pack(marks)
    zone = axis.zone
    parts = []
    for r, row in enumerate(rows):
        parts += [_mark_svg(m, y + r * ROW_H, link_event(m.event), view) for m in row]
    height = len(rows) * ROW_H
    by_day: dict[date, list[Mark]] = {}
    for mark in overflow:
        by_day.setdefault(mark.event.start.in_zone(zone).date(), []).append(mark)
    for day, group in sorted(by_day.items()):
        parts.append(_cluster_svg(day, group, axis, y + height, link_day(day), status))
    kinds = {_kind(mark) for row in rows for mark in row}
    if by_day:
        height += CLUSTER_H + 2
        kinds.add("cluster")
    return parts, max(height, 12), kinds


def render(events, zone, link_event, link_day, label: str, view=None) -> Drawing:
    """The timeline of `events`, an inline SVG with a copy of its lane names to keep
    in view (in a div for the stylesheet to lay out); empty when there are none.
    `view(event)` is its present.time_view, which a caller drawing several
    timelines can work out once per event."""
    if not events:
        return Drawing(Markup(""), "")
    view = view or (lambda event: present.time_view(event, zone))
    # Each mark's interval is worked out again here, not kept from make_axis:
    # held for the whole drawing, the chronology's were some 8 MiB at 10,000 events.
    axis = make_axis(events, zone)
    marks: dict[str, list[Mark]] = {s: [] for s in STATUSES}
    for event in events:
        span = interval(event, zone)
        pad = DOT_R if span.shape == "dot" else 0   # a dot takes room on both sides of its moment
        stated = tuple(map(axis.x, span.stated)) if span.stated else None
        marks[event.status].append(Mark(event, axis.x(span.start) - pad, axis.x(span.end) + pad,
                                        span.shape, span.approximate, stated))
    body, lanes, y, kinds = [], [], AXIS_H, set()
    for status, lane in marks.items():
        if lane:
            parts, height, drawn = _lane_svg(status, lane, axis, y, link_event, link_day, view)
            kinds |= drawn
            name = f'<text class="tl-lane-label" x="4" y="{_n(y + 8)}">{escape(status)}</text>'
            body += [_lane_line(y, axis.width), name] + parts
            lanes += [_lane_line(y, LABEL_W), name]
            y += height + LANE_GAP
    drawing = _svg("timeline-svg", axis.width, y, f'aria-label="{escape(label)}"', _axis_svg(axis, y) + body)
    # The lane names again, over the drawing's own: the stylesheet keeps this copy in
    # view while the drawing scrolls sideways (hidden from screen readers and in print,
    # where the drawing's own names serve).
    edge = f'<line class="tl-lane" x1="{LABEL_W - 0.5}" y1="0" x2="{LABEL_W - 0.5}" y2="{_n(y)}"/>'
    names = _svg("timeline-lanes", LABEL_W, y, 'aria-hidden="true"', lanes + [edge])
    return Drawing(Markup(f'<div class="timeline-canvas">{drawing}{names}</div>'), legend(kinds))


def _kind(mark: Mark) -> str:
    """Which sentence of the legend explains the mark."""
    if mark.approximate:
        if mark.shape == "days":
            return "rough days"
        return "rough span" if mark.event.end else "rough time"
    return "stated days" if mark.stated else mark.shape


def legend(kinds: set[str]) -> str:
    """What the marks drawn mean, one clause per kind drawn (a `_kind`, or "cluster"
    for a "+N more" mark): a caption that explains a dot where none is drawn sends
    the reader looking for one."""
    clauses = []
    if "dot" in kinds:
        clauses.append("a dot is an exact time")
    if "bar" in kinds:
        clauses.append("a solid bar, the time between stated times")
    if kinds & {"days", "stated days"}:
        clauses.append("a pale bar, a whole day (or days) for which the sources give no time"
                       + (", solid only where a span states a time at one end" if "stated days" in kinds else ""))
    rough = [words for kind, words in (("rough time", "a time (drawn wider than a moment)"),
                                       ("rough span", "a span"), ("rough days", "days")) if kind in kinds]
    if rough:
        clauses.append("a dashed, faded bar, anything approximate: " + present.joined(rough, "or"))
    text = "; ".join(clauses)
    text = (text[:1].upper() + text[1:] + ". ") if text else ""
    text += "Each mark links to its event"
    if "cluster" in kinds:
        text += "; a “+N more” mark counts the other events of a crowded lane on its day and links to that day"
    return text + "."


def _lane_line(y: float, width: float) -> str:
    """The rule above a lane, across the drawing or across the kept-in-view names."""
    return f'<line class="tl-lane" x1="0" y1="{_n(y - 4)}" x2="{_n(width)}" y2="{_n(y - 4)}"/>'


def _svg(cls: str, width: float, height: float, attrs: str, parts: list[str]) -> str:
    return (f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
            f'viewBox="0 0 {_n(width)} {_n(height)}" {attrs}>' + "".join(parts) + "</svg>")

"""Where the timeline's marks go (svgtimeline draws them): lanes, rows and strips.

Two lanes, by thread rather than by status: lanes by status put a claim and its
denial far apart. The claims lane holds what is claimed, disputed or denied, with
every event linked to it by `responds_to` (a denial and the claim it denies), so a
claim sits beside its denial; the other lane the rest. A thread keeps to one lane,
and its events sit together in a day's "time not given" strip.
An event with a clock time at either end is drawn on the time axis (timeaxis); one
the sources date only by day, or days, is a token in its lane's strip under its
first day, not a bar across the day: the least precise items weigh least.
Every mark is a target of at least HIT × HIT px (WCAG 2.2 target size). Marks are
labelled where a row has room, key events always (`is_key`). A key label may widen
the drawing while it stays within the page column (COLUMN_W); past that, it takes the
room the drawing has without it: it is cut shorter (with "…": the readout has the
whole title), or stands before its mark where there is more room there, and adds
rows, not width (unless it would have less than LABEL_ROOM). Past MAX_MARKS a lane's
day keeps its share of marks and counts the rest in one "+N" token.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, replace
from datetime import date

from .model import Event
from .timeaxis import LABEL_W, Axis, Span, busy_hours, clock_ends, interval, make_axis, untimed
from .timelabels import LABEL_MAX, LABEL_MIN, LABEL_ROOM, fit, key_label, label_width

AXIS_H = 40             # day names and hours at the top
HIT = 24                # every mark's target, at least this wide and high
ROW_H = HIT + 6         # room for a label of two lines
SPACE = 4               # between two targets of a row
COLUMN_W = 700          # the page column the drawing sits in (style.css: main, less its padding and frame)
MAX_MARKS = 600         # past this many events, each lane's days draw their share
MAX_ROWS = 12           # rows of timed marks per lane; more are counted in the day's "+N"
CONTESTED = frozenset({"claimed", "disputed", "denied"})
LANES = (("reported", "Reported"), ("contested", "Claims and denials"))


def is_key(event: Event) -> bool:
    """Whether the drawing labels the event even where a row has no room: the key
    events, marked by a `key_point` in their front matter."""
    return bool(event.key_point)


def threads(events) -> list[tuple[str, int]]:
    """(lane, thread) of each event: a thread is the position of its first event,
    through `responds_to` links among `events`; a thread with a claimed, disputed or
    denied event goes in the "contested" lane."""
    index = {e.slug: n for n, e in enumerate(events)}
    first = list(range(len(events)))    # union-find, the root always the earliest

    def find(n: int) -> int:
        while first[n] != n:
            first[n] = first[first[n]]
            n = first[n]
        return n
    for n, event in enumerate(events):
        for response in event.responds_to:
            other = index.get(response.event)
            if other is not None:
                a, b = sorted((find(n), find(other)))
                first[b] = a
    roots = [find(n) for n in range(len(events))]
    contested = {root for root, e in zip(roots, events) if e.status in CONTESTED}
    return [("contested" if root in contested else "reported", root) for root in roots]


@dataclass(frozen=True, slots=True)
class Placed:
    """A mark where it is drawn: its target from x0 to x1 in the row whose top is y;
    its shape from left to right (a dot at left); the words drawn after it (before
    it, right-aligned, where `before`)."""
    event: Event | None         # None: a "+N" token counting `count` events of `day`
    shape: str                  # dot, bar, days, token or count
    x0: float
    x1: float
    y: float = 0
    left: float = 0
    right: float = 0
    approximate: bool = False
    stated: tuple[float, float] | None = None
    label: str = ""
    count: int = 0
    day: date | None = None
    before: bool = False

    @property
    def start(self) -> float:
        """Where the mark and its label begin."""
        return self.x0 - (SPACE + label_width(self.label) if self.label and self.before else 0)

    @property
    def end(self) -> float:
        """Where the mark and its label end."""
        return self.x1 + (SPACE + label_width(self.label) if self.label and not self.before else 0)


@dataclass(frozen=True, slots=True)
class Lane:
    key: str                    # a key of LANES
    name: str
    top: float
    strip: float | None         # the top of its "time not given" strip, if it has one
    height: float
    marks: tuple[Placed, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    axis: Axis
    lanes: tuple[Lane, ...]
    width: float
    height: float


def select(events, lanes, zone, key) -> dict[tuple[str, date], tuple[list[int], int]]:
    """Per (lane, day) the positions of the events drawn one by one, and how many of its
    events are counted in a "+N" token instead: none unless there are more than MAX_MARKS
    in all; then each keeps its share, key events first, then those with a clock time."""
    groups: dict[tuple[str, date], list[int]] = {}
    for n, event in enumerate(events):
        groups.setdefault((lanes[n][0], event.start.in_zone(zone).date()), []).append(n)
    share = max(MAX_MARKS // max(len(groups), 1), 1)
    chosen = {}
    for where, members in groups.items():
        drawn = members
        if len(members) > share:
            keys = [n for n in members if key(events[n])]
            rest = sorted((n for n in members if not key(events[n])), key=lambda n: untimed(events[n]))
            drawn = sorted(keys + rest[:max(share - 1 - len(keys), 0)])
        chosen[where] = (drawn, len(members) - len(drawn))
    return chosen


def layout(events, zone, key=is_key) -> Layout:
    """Where every mark of `events` (in chronological order) goes."""
    lanes = threads(events)
    chosen = select(events, lanes, zone, key)
    spans = {n: interval(events[n], zone) for drawn, _ in chosen.values()
             for n in drawn if not untimed(events[n])}
    busy = busy_hours((span, clock_ends(events[n], span)) for n, span in spans.items())
    axis = make_axis(zone, busy, _least(events, chosen, spans, key, wide=True))
    if axis.width + SPACE > COLUMN_W:   # key labels take only the room there is without them
        axis = make_axis(zone, busy, _least(events, chosen, spans, key, wide=False))
    placed, top = [], float(AXIS_H)
    for lane, name in LANES:
        mine = {day: group for (where, day), group in chosen.items() if where == lane}
        if mine:
            placed.append(_lane(lane, name, top, mine, events, lanes, spans, axis, key))
            top += placed[-1].height + LANE_GAP
    # Whole pixels: the browser rounds a fractional size (to 1/64 px) and scales the
    # drawing to fit it, and a 24 px target measured 23.9998.
    width = max([axis.width] + [m.end for lane in placed for m in lane.marks]) + SPACE
    return Layout(axis, tuple(placed), math.ceil(width), math.ceil(top))


LANE_GAP = 12
STRIP_GAP = 8           # between a lane's timed rows and its strip
NAMES_H = 56            # a lane's name and its strip's, two lines each


def _least(events, chosen, spans, key, wide: bool) -> dict[date, float]:
    """The width each day's strips ask for (`wide`: with room for their key labels whole)."""
    least: dict[date, float] = {}
    for (_, day), (drawn, counted) in chosen.items():
        tokens = [events[n] for n in drawn if n not in spans]
        labels = [label_width(fit(e.title, LABEL_MAX)) if wide else LABEL_ROOM for e in tokens if key(e)]
        if tokens or counted:
            least[day] = max(least.get(day, 0), _strip_least(len(tokens), counted, max(labels, default=0)))
    return least


def _strip_least(tokens: int, counted: int, label: float) -> float:
    """The width a day's strip in one lane asks for: its tokens in three rows at most
    (twelve a row at most), and beside one of them a key label `label` wide, if any."""
    n = tokens + (1 if counted else 0)
    width = min(math.ceil(n / 3), 12) * (HIT + SPACE) + SPACE
    if n <= 3:   # room for the last one's label
        width = n * (HIT + SPACE) + SPACE + LABEL_ROOM
    return max(width, HIT + 3 * SPACE + label) if label else width


def _lane(lane, name, top, groups, events, lanes, spans, axis: Axis, key) -> Lane:
    """A lane: its timed marks in rows, then its strip, day by day."""
    timed = [_timed(events[n], spans[n], axis, key) for drawn, _ in groups.values()
             for n in drawn if n in spans]
    rows, overflow = pack(timed)
    counted = {day: group[1] for day, group in groups.items()}
    for mark in overflow:
        day = mark.event.start.in_zone(axis.zone).date()
        counted[day] = counted.get(day, 0) + 1
    # In time order, as a keyboard and a screen reader meet them, whatever their rows.
    marks = sorted((replace(m, y=top + r * ROW_H) for r, row in enumerate(label_rows(rows, axis.width))
                    for m in row), key=lambda m: (m.x0, m.y))
    strip = top + len(rows) * ROW_H + (STRIP_GAP if rows else 0)
    height = 0
    for i, day in enumerate(axis.days):
        drawn, _ = groups.get(day, ((), 0))
        tokens = sorted((n for n in drawn if n not in spans), key=lambda n: (lanes[n][1], n))
        if tokens or counted.get(day):
            flowed, used = flow([events[n] for n in tokens], counted.get(day, 0), day, axis, i, strip, key)
            marks += flowed
            height = max(height, used * ROW_H)
    if not height:
        return Lane(lane, name, top, None, max(len(rows), 1) * ROW_H, tuple(marks))
    # A strip with no rows above it has the lane's name and its own beside it: room for both.
    return Lane(lane, name, top, strip, max(strip - top + height, NAMES_H), tuple(marks))


def _timed(event: Event, span: Span, axis: Axis, key) -> Placed:
    left, right = axis.x(span.start), axis.x(span.end)
    middle = (left + right) / 2
    x0, x1 = (middle - HIT / 2, middle + HIT / 2) if right - left < HIT else (left, right)
    stated = (axis.x(span.stated[0]), axis.x(span.stated[1])) if span.stated else None
    label, before = "", False
    if key(event):   # within the drawing, or the column: the lane names at the left
        limit = max(axis.width, COLUMN_W - SPACE)
        label, before = key_label(event.title, limit - x1 - 2 * SPACE, x0 - LABEL_W - 2 * SPACE)
    return Placed(event, span.shape, x0, x1, 0, left, right, span.approximate, stated, label, before=before)


def pack(marks: list[Placed]) -> tuple[list[list[Placed]], list[Placed]]:
    """Greedy rows: each mark (with its label) goes in the first row where it keeps
    SPACE from the others; past MAX_ROWS it is returned, to be counted."""
    rows: list[list[Placed]] = []
    spans: list[tuple[list[float], list[float]]] = []   # per row: starts and ends, sorted
    overflow = []
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        start, end = mark.start, mark.end
        for row, (starts, ends) in zip(rows, spans):
            if _fits(start, end, starts, ends):
                row.append(mark)
                at = bisect.bisect_left(starts, start)
                starts.insert(at, start)
                ends.insert(at, end)
                break
        else:
            if len(rows) < MAX_ROWS:
                rows.append([mark])
                spans.append(([start], [end]))
            else:
                overflow.append(mark)
    return rows, overflow


def _fits(x0: float, x1: float, starts: list[float], ends: list[float]) -> bool:
    """Whether x0 to x1 keeps SPACE from every mark of a row. The marks of a row do not
    overlap, so sorted by start they are sorted by end too: of those starting before
    this one ends, only the last can come too close on its left."""
    before = bisect.bisect_left(starts, x1 + SPACE)
    return before == 0 or ends[before - 1] + SPACE <= x0


def label_rows(rows, limit: float):
    """Each row, its marks labelled where the room before the next mark and its
    label (or `limit`) allows."""
    for row in rows:
        row = sorted(row, key=lambda m: m.x0)
        out = []
        for n, mark in enumerate(row):
            room = (row[n + 1].start if n + 1 < len(row) else limit) - mark.x1 - 2 * SPACE
            if not mark.label and room >= LABEL_MIN:
                mark = replace(mark, label=fit(mark.event.title, min(room, LABEL_MAX)))
            out.append(mark)
        yield out


def flow(tokens, counted: int, day: date, axis: Axis, i: int, top: float, key) -> tuple[list[Placed], int]:
    """A day's tokens in one lane's strip, left to right in rows across the day, then
    its "+N" token; a key event's labelled in the room its row has (a row of its own
    where that has more), the last of a row where there is room. Returns the rows used."""
    left, right = axis.lefts[i] + SPACE, axis.right(i) - SPACE
    items = [Placed(e, "token", 0, HIT, approximate=e.approximate) for e in tokens]
    if counted:
        items.append(Placed(None, "count", 0, max(HIT, label_width(f"+{counted}") + 8), count=counted, day=day))
    placed, x, row = [], left, 0
    for item in items:
        if item.event is not None and key(item.event):
            here, whole = (fit(item.event.title, min(room - HIT - SPACE, LABEL_MAX)) for room in (right - x, right - left))
            if here != whole and x > left:
                x, row = left, row + 1
            item = replace(item, label=whole if x == left else here)
        if x + item.end > right and x > left:
            x, row = left, row + 1
        placed.append(replace(item, x0=x, x1=x + item.x1, y=top + row * ROW_H))
        x += item.end + SPACE
    for n, mark in enumerate(placed):
        last = n + 1 == len(placed) or placed[n + 1].y != mark.y
        room = right - mark.x1 - SPACE
        if last and mark.event and not mark.label and room >= LABEL_MIN:
            placed[n] = replace(mark, label=fit(mark.event.title, room))
    return placed, row + 1

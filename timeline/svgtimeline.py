"""The timeline drawn at build time as inline SVG, with its key and its words.

timelayout decides where every mark goes; this module writes it down. A mark is a
link to its event named by its title, time and status; a transparent target of at
least 24 × 24 px lies under its shape, so a finger can take it, and its label, where
it has one, is part of the link. How a mark looks follows only from how precisely the
sources date the event: a dot an exact time, a solid bar the time between stated
times, a dashed, faded mark anything approximate, a square in a lane's "time not
given" strip a day without a time. The key under the caption (`legend`) shows a
swatch for each kind of mark drawn, and only those: a reader told what a dot is
looks for one. For print the figure carries the same marks in words (`words`), a
row a day and a column a lane: a printed page cannot be hovered.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from . import present
from .timeaxis import GAP_W, LABEL_W
from .timelayout import HIT, ROW_H, SPACE, Layout, Placed, is_key, layout
from .timelinetext import lanes_sentence, legend, words

BAR_H, DOT_R, TOKEN = 12, 6, 18
HOUR_GAP = 34           # the least room between two hours named on the axis


@dataclass(frozen=True, slots=True)
class Drawing:
    """A timeline: the markup, the caption's sentence on its lanes, its key and its words."""
    svg: Markup
    lanes: str
    legend: Markup
    words: Markup


def render(events, zone, link_event, link_day, label: str, view=None, key=None,
           status_of=None) -> Drawing:
    """The timeline of `events`, an inline SVG with a copy of its lane names to keep
    in view (in a div for the stylesheet to lay out); empty when there are none.
    `view(event)` is its present.time_view, which a caller drawing several timelines
    can work out once per event; `key(event)`, whether it is labelled come what may;
    `status_of(event)`, its status as marks and words name it ('denied by Ukraine')."""
    if not events:
        return Drawing(Markup(""), "", Markup(""), Markup(""))
    view = view or (lambda event: present.time_view(event, zone))
    status_of = status_of or (lambda event: event.status)
    plan = layout(events, zone, key or is_key)
    kinds: set[str] = set()
    body, names = _axis_svg(plan, kinds), []
    for lane in plan.lanes:
        body += _lane_names(lane, plan.width)
        names += _lane_names(lane, LABEL_W)
        for mark in lane.marks:
            body.append(_mark_svg(mark, link_event, link_day, view, lane.name, status_of))
            kinds |= _kinds(mark)
    drawing = _svg("timeline-svg", plan.width, plan.height, f'aria-label="{escape(label)}"', body)
    # The lane names again, over the drawing's own: the stylesheet keeps this copy in
    # view while the drawing scrolls sideways (hidden from screen readers).
    edge = f'<line class="tl-lane" x1="{LABEL_W - 0.5}" y1="0" x2="{LABEL_W - 0.5}" y2="{_n(plan.height)}"/>'
    copy = _svg("timeline-lanes", LABEL_W, plan.height, 'aria-hidden="true"', names + [edge])
    return Drawing(Markup(f'<div class="timeline-canvas">{drawing}{copy}</div>'),
                   lanes_sentence(plan), legend(kinds), words(plan, zone, view, status_of))


def _n(value: float) -> str:
    """A coordinate rounded to one decimal, written without a trailing .0."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def mark_label(event, view: present.TimeView, status: str) -> str:
    """A mark's accessible name, which the readout shows: 'Title (time; status)'."""
    when = present.view_text(view, note=False)
    if event.approximate and not view.approximate:
        when += ", approximate"   # days, which carry no "c.", are drawn dashed all the same
    return f"{event.title} ({when}; {status})"


def _mark_svg(mark: Placed, link_event, link_day, view, lane: str, status_of) -> str:
    middle = mark.y + ROW_H / 2
    hit = (f'<rect class="tl-hit" x="{_n(mark.x0)}" y="{_n(mark.y + (ROW_H - HIT) / 2)}" '
           f'width="{_n(mark.x1 - mark.x0)}" height="{HIT}" rx="3"/>')
    words = _label_svg(mark, middle) if mark.label else ""
    if mark.event is None:
        name = escape(f"{present.counted(mark.count, 'more event')} on {present.long_date(mark.day)} ({lane})")
        return (f'<a href="{escape(link_day(mark.day))}" class="tl-count" aria-label="{name}">{hit}'
                f'<text x="{_n((mark.x0 + mark.x1) / 2)}" y="{_n(middle + 4)}">+{mark.count:,}</text></a>')
    event = mark.event
    cls = f"tl-mark tl-{event.status} tl-{mark.shape}" + (" tl-approx" if mark.approximate else "")
    name = escape(mark_label(event, view(event), status_of(event)))
    return (f'<a href="{escape(link_event(event))}" class="{cls}" aria-label="{name}">'
            f'{hit}{_shape(mark, middle)}{words}</a>')


def _label_svg(mark: Placed, middle: float) -> str:
    """A label of one line or two, centred on the row, after its mark or before it."""
    lines = mark.label.split("\n")
    top = middle + 4 - 6 * (len(lines) - 1)
    x = mark.x0 - SPACE if mark.before else mark.x1 + SPACE
    # A space ends each line but the last: the link's text reads as its name does (WCAG 2.5.3).
    spans = " ".join(f'<tspan x="{_n(x)}" y="{_n(top + 12 * n)}">{escape(line)}</tspan>' for n, line in enumerate(lines))
    anchor = ' text-anchor="end"' if mark.before else ""
    return f'<text class="tl-label"{anchor}>{spans}</text>'


def _shape(mark: Placed, middle: float) -> str:
    if mark.shape == "dot":
        return f'<circle cx="{_n(mark.left)}" cy="{_n(middle)}" r="{DOT_R}"/>'
    if mark.shape == "token":
        left = mark.x0 + (HIT - TOKEN) / 2
        return f'<rect x="{_n(left)}" y="{_n(middle - TOKEN / 2)}" width="{TOKEN}" height="{TOKEN}" rx="3"/>'
    shape = _bar(mark.left, mark.right, middle)
    if mark.stated:
        shape += _bar(*mark.stated, middle, ' class="tl-stated"')
    return shape


def _bar(x0: float, x1: float, middle: float, extra: str = "") -> str:
    """A bar from x0 to x1, inset half a pixel each side, never narrower than 4px."""
    width = max(x1 - x0 - 1, 4)
    left = min(x0 + 0.5, (x0 + x1 - width) / 2)
    return (f'<rect{extra} x="{_n(left)}" y="{_n(middle - BAR_H / 2)}" width="{_n(width)}" '
            f'height="{BAR_H}" rx="3"/>')


def _kinds(mark: Placed) -> set[str]:
    """The swatches of the key that explain the mark (see KEY)."""
    if mark.event is None:
        return {"count"}
    shape = {"approx"} if mark.approximate else set()
    if mark.shape == "token" or not mark.approximate:
        shape.add(mark.shape)
    return shape | {"status-" + mark.event.status}


def _axis_svg(plan: Layout, kinds: set) -> list[str]:
    """Day names and lines, the hours named, the narrowed hours shaded, and the breaks."""
    axis, bottom, parts = plan.axis, _n(plan.height), []
    for x, width, first, count in axis.narrow():
        if count == 24:
            continue   # a day without a timed mark: its strip is all it holds
        parts.append(f'<rect class="tl-narrow" x="{_n(x)}" y="22" width="{_n(width)}" height="{_n(plan.height - 22)}"/>')
        kinds.add("narrow")
    for day, left, at, narrowed in zip(axis.days, axis.lefts, axis.hours, axis.narrowed):
        parts.append(f'<line class="tl-day" x1="{_n(left)}" y1="4" x2="{_n(left)}" y2="{bottom}"/>'
                     f'<text class="tl-day-label" x="{_n(left + 4)}" y="15">{escape(present.short_date(day))}</text>')
        parts += _hours_svg(left, at, narrowed, bottom)
    for x, first, last in axis.breaks():
        parts.append(_break_svg(x, first, last, bottom))
        kinds.add("break")
    return parts


def _hours_svg(left: float, at, narrowed, bottom: str) -> list[str]:
    """The hours named on a day: every third, and the first after a narrowed stretch."""
    resumes = {first + count for first, count in narrowed}
    skipped = {first + k for first, count in narrowed for k in range(count)}
    parts, last = [], left + HOUR_GAP / 2   # clear of the day's name and line
    for hour in range(1, 24):
        x = left + at[hour]
        if hour in skipped or not (hour % 3 == 0 or hour in resumes) or x - last < HOUR_GAP:
            continue
        last = x
        parts.append(f'<line class="tl-hour" x1="{_n(x)}" y1="22" x2="{_n(x)}" y2="{bottom}"/>'
                     f'<text class="tl-hour-label" x="{_n(x)}" y="32">{hour:02d}:00</text>')
    return parts


def _break_svg(x: float, first, last, bottom: str) -> str:
    """A break in the axis: a line, and how many days it leaves out (the dates in its title)."""
    count = (last - first).days + 1
    days = f"{count:,} day{'' if count == 1 else 's'}"
    title = escape(f"{days} left out, in which no event begins or ends: "
                   f"{present.short_date(first)} to {present.short_date(last)}")
    middle = _n(x + GAP_W / 2)
    return (f'<g class="tl-break"><title>{title}</title>'
            f'<line class="tl-day" x1="{_n(x)}" y1="4" x2="{_n(x)}" y2="{bottom}"/>'
            f'<text class="tl-hour-label" x="{middle}" y="15">{days}</text>'
            f'<text class="tl-hour-label" x="{middle}" y="32">left out</text></g>')


def _lane_names(lane, width: float) -> list[str]:
    """The rule above a lane and its name (two words a line), and its strip's name."""
    lines = [" ".join(lane.name.split()[i:i + 2]) for i in range(0, len(lane.name.split()), 2)]
    spans = " ".join(f'<tspan x="4" dy="{0 if n == 0 else 12}">{escape(line)}</tspan>' for n, line in enumerate(lines))
    parts = [_rule(lane.top - 4, width), f'<text class="tl-lane-label" y="{_n(lane.top + 12)}">{spans}</text>']
    if lane.strip is not None:
        if lane.strip > lane.top:
            parts.append(_rule(lane.strip - STRIP_RULE, width, ' tl-strip'))
        named = max(lane.strip, lane.top + 12 * len(lines) + 6)   # under the lane's name
        parts.append(f'<text class="tl-strip-label" y="{_n(named + 12)}"><tspan x="4">time not</tspan> '
                     f'<tspan x="4" dy="12">given</tspan></text>')
    return parts


STRIP_RULE = 3


def _rule(y: float, width: float, extra: str = "") -> str:
    return f'<line class="tl-lane{extra}" x1="0" y1="{_n(y)}" x2="{_n(width)}" y2="{_n(y)}"/>'


def _svg(cls: str, width: float, height: float, attrs: str, parts: list[str]) -> str:
    return (f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
            f'viewBox="0 0 {_n(width)} {_n(height)}" {attrs}>' + "".join(parts) + "</svg>")

"""The timeline's words: the caption's sentence on its lanes, its key, and the
timeline in words for print (svgtimeline draws the rest)."""
from __future__ import annotations

from markupsafe import Markup, escape

from . import present
from .model import STATUSES
from .timelayout import Layout, untimed

# Each kind of mark the key can show, with its swatch (style.css: .tl-sw-<kind>), in order.
KEY = (("dot", "exact time"), ("bar", "from one stated time to another"),
       ("days", "pale: a day with no time given, up to or from a stated time"),
       ("approx", "a window: the article gives no clock time, only words such as “early on Monday”"), ("token", "time not given, only the day (or days)"),
       ("count", "more events that day, listed in the chronology"),
       ("narrow", "hours without an event, narrowed"), ("break", "days without an event, left out"))


def lanes_sentence(plan: Layout) -> str:
    """Why a mark is in its lane, when the claims have one."""
    if not any(lane.key == "contested" for lane in plan.lanes):
        return ""
    return ("“Claims and denials” holds what is claimed, disputed or denied, with the accounts "
            "answering it, so a claim sits beside its denial.")


def legend(kinds: set[str]) -> Markup:
    """A swatch and a few words for each kind of mark drawn, then each status drawn."""
    items = [(kind, words) for kind, words in KEY if kind in kinds]
    items += [(status, status) for status in STATUSES if "status-" + status in kinds]
    return Markup('<ul class="timeline-key">' + "".join(
        f'<li><span class="tl-swatch tl-sw-{kind}"></span>{"+N: " if kind == "count" else ""}{escape(words)}</li>'
        for kind, words in items) + "</ul>")


def words(plan: Layout, zone, view, status_of) -> Markup:
    """The timeline in words, for print: a row a day and a column a lane, each mark's
    time, title and status (a "+N" token, how many more)."""
    cells: dict = {}
    for column, lane in enumerate(plan.lanes):
        for mark in lane.marks:
            day = mark.day if mark.event is None else mark.event.start.in_zone(zone).date()
            cells.setdefault(day, [[] for _ in plan.lanes])[column].append(mark)
    head = "".join(f'<th scope="col">{escape(lane.name)}</th>' for lane in plan.lanes)
    rows = [f'<tr><th scope="row">{escape(present.long_date(day))}</th>'
            + "".join(f"<td>{_cell(marks, zone, view, status_of)}</td>" for marks in columns) + "</tr>"
            for day, columns in sorted(cells.items())]
    return Markup(f'<table class="timeline-words"><thead><tr><th scope="col">Day</th>{head}</tr></thead>'
                  f'<tbody>{"".join(rows)}</tbody></table>')


def _cell(marks, zone, view, status_of) -> str:
    """A lane's marks of a day: the timed ones in time order, then those the sources
    give no time for, as their strip has them (a thread together), then how many more."""
    timed = sorted((m.event for m in marks if m.event and not untimed(m.event)), key=lambda e: e.sort_key(zone))
    tokens = [m.event for m in marks if m.event and untimed(m.event)]
    more = [f"<li>and {escape(present.counted(m.count, 'more event'))}</li>" for m in marks if m.event is None]
    parts = [_items(timed, view, True, status_of)] if timed else []
    if tokens:
        parts.append(f'<p>{escape(present.sentence(present.NO_TIME))}:</p>' + _items(tokens, view, False, status_of))
    if more:
        parts.append("<ul>" + "".join(more) + "</ul>")
    return "".join(parts)


def _items(events, view, timed: bool, status_of) -> str:
    """Each event's time (a clock time, or days), title and status."""
    items = []
    for event in events:
        when = _when(view(event)) if timed or view(event).spans_days else ""
        items.append(f'<li>{f"<b>{escape(when)}</b> " if when else ""}<bdi>{escape(event.title)}</bdi> '
                     f'<i>{escape(status_of(event))}</i></li>')
    return "<ul>" + "".join(items) + "</ul>"


def _when(view: present.TimeView) -> str:
    """The time without its day (the row names the day): '05:00 MSK', '“late Monday”, after 18:00 MSK', 'time not given'."""
    return "".join(("c. " if marked else "") + text for marked, text in view.shown(with_day=False))

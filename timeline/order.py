"""Order the articles state ("after that, tanks fired..."): each event's `after`
names events it followed. The chronology keeps its order by time (Event.sort_key)
and moves an event only as far as it must to come after those it follows, which
its time allows only where their times overlap (a contradiction is a problem)."""
from __future__ import annotations

import heapq

from .model import Event
from .problems import Problem


def check_order(events) -> list[Problem]:
    """An `after` that closes a cycle, or that names an event whose time begins only
    after this one's has ended, as problems at the line that names it. Names of
    unknown events are link.check_references's."""
    by_slug = {e.slug: e for e in events}
    problems = []
    for event in events:
        for i, slug in enumerate(event.after):
            earlier = by_slug.get(slug)
            if earlier is None or slug == event.slug:
                continue
            line = event.where.line("after", i)
            path = _path(by_slug, slug, event.slug)
            if path:
                problems.append(Problem(event.where.path, line, "'after' makes a cycle: " +
                                        " after ".join(f"'{s}'" for s in [event.slug] + path),
                                        "each says it came later than the next; remove "
                                        "the 'after' the articles do not state"))
            elif _contradicts(event, earlier):
                problems.append(Problem(event.where.path, line, f"'{event.slug}' cannot be after "
                                        f"'{slug}': its time ends before that event's begins",
                                        "check both events' times, or remove the 'after'"))
    return problems


def _contradicts(later: Event, earlier: Event) -> bool:
    """The later event's time (a point, or a day or window ending there) is over
    before the earlier one's begins."""
    if later.latest == later.earliest:   # a clock time: at the same minute is not before
        return later.latest < earlier.earliest
    return later.latest <= earlier.earliest


def _path(by_slug: dict, start: str, goal: str) -> list[str]:
    """Slugs from `start` along `after` to `goal`, or [] when it does not lead there."""
    stack, seen = [(start, [start])], {start}
    while stack:
        slug, path = stack.pop()
        if slug == goal:
            return path
        for nxt in reversed(by_slug[slug].after if slug in by_slug else ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, path + [nxt]))
    return []


def ordered(events: list) -> list:
    """`events` (in time order) with each after every event its `after` names that
    is among them: of the events whose predecessors are placed, always the first in
    time order, so the order moves no more than the constraints ask (deterministic,
    and the same as the input when no `after` reorders). A cycle (reported by
    check_order) leaves its events in time order."""
    index = {e.slug: i for i, e in enumerate(events)}
    waits = [{index[s] for s in e.after if s in index and s != e.slug} for e in events]
    if not any(waits):
        return list(events)
    followers: dict[int, list[int]] = {}
    for i, before in enumerate(waits):
        for j in before:
            followers.setdefault(j, []).append(i)
    ready = [i for i, before in enumerate(waits) if not before]
    heapq.heapify(ready)
    out, placed = [], set()
    while len(out) < len(events):
        if not ready:   # a cycle: release the first unplaced event
            ready = [min(i for i in range(len(events)) if i not in placed)]
        i = heapq.heappop(ready)
        if i in placed:
            continue
        placed.add(i)
        out.append(events[i])
        for k in followers.get(i, ()):
            waits[k].discard(i)
            if not waits[k] and k not in placed:
                heapq.heappush(ready, k)
    return out

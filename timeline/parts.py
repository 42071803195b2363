"""Lists too long for one page, cut into pages of at most site.yaml's
`chronology_page_limit` items (300), so that no page grows past about a megabyte
whatever the content: at 10,000 events a tag on half of them listed 5,000 events
on one page (2.8 MB), a source cited by every event 10,000 accounts (3.9 MB).

A list keeps the chronology's order and is cut by count, not by month or day: a
month or a day can hold any number of events. The first page is the record's own
(tags/drones.html), the others are in a folder named after it
(tags/drones/2.html: urls.part_page). Each page is named by the days its items
cover ("22 May – 3 June 2023") or, within one day, by their positions
("Events 301–600"), and every page links to all the others.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from . import present, urls


@dataclass(frozen=True, slots=True)
class Part:
    path: str
    label: str      # the days it covers ("22 May – 3 June 2023"); "" within one day
    span: str       # the positions of its first and last item, from 1: "301–600"
    size: int       # how many items it holds

    def items(self, noun: str) -> str:
        """Its items by position: "events 301–600", "event 301" (`noun` a plural in -s)."""
        return f"{noun if self.size > 1 else noun[:-1]} {self.span}"

    def named(self, noun: str) -> str:
        """Which part it is: its days, or within one day its items."""
        return self.label or self.items(noun)

    def described(self, noun: str) -> str:
        """Its days and its items, "3–20 June 2023 (events 301–600)": pages cut
        within one day have the same days."""
        return f"{self.label} ({self.items(noun)})" if self.label else self.items(noun)


@dataclass(frozen=True, slots=True)
class Paged:
    """One page of a list: which of its parts the page shows. A list that fits on
    one page has one part, and the page shows nothing of this."""
    number: int                    # from 1
    parts: tuple[Part, ...]
    total: str                     # how many items the whole list has, written out: "3,021"

    @property
    def cut(self) -> bool:
        return len(self.parts) > 1

    @property
    def part(self) -> Part:
        return self.parts[self.number - 1]

    @property
    def previous(self) -> Optional[Part]:
        return self.parts[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> Optional[Part]:
        return self.parts[self.number] if self.number < len(self.parts) else None


WHOLE = Paged(1, (Part("", "", "", 0),), "")   # a list on one page


def count(items, limit: int) -> int:
    """How many pages `items` take."""
    return max(1, -(-len(items) // limit))


def paths(path: str, items, limit: int) -> list[str]:
    return [urls.part_page(path, n) for n in range(1, count(items, limit) + 1)]


def pages(path: str, items: tuple, limit: int, named: Optional[Callable] = None):
    """(path, its items, Paged) for each page of `items`. `named(first, last)` names
    a page by its first and last items (by_days, by_names); without it, within one
    day, pages are named by their positions."""
    every = paths(path, items, limit)
    if len(every) == 1:
        return [(path, items, WHOLE)]
    parts = tuple(_part(p, items[(n - 1) * limit:n * limit], (n - 1) * limit, named)
                  for n, p in enumerate(every, 1))
    total = f"{len(items):,}"
    return [(p, items[(n - 1) * limit:n * limit], Paged(n, parts, total))
            for n, p in enumerate(every, 1)]


def _part(path: str, items: tuple, before: int, named) -> Part:
    span = f"{before + 1:,}" + (f"–{before + len(items):,}" if len(items) > 1 else "")
    return Part(path, named(items[0], items[-1]) if named else "", span, len(items))


def by_days(day_of: Callable) -> Callable:
    """Pages named by the days their items cover: "22 May 2023", "22 May – 3 June 2023"."""
    def named(first, last) -> str:
        first, last = day_of(first), day_of(last)
        return present.short_date(first) if first == last else present.date_range(first, last)
    return named


def by_names(name_of: Callable) -> Callable:
    """Pages of a list in name order named as a dictionary's are: "Al Jazeera – MONDO"."""
    def named(first, last) -> str:
        return name_of(first) if first is last else f"{name_of(first)} – {name_of(last)}"
    return named


def title(name: str, paged: Paged, noun: str = "events") -> str:
    """A page's title: the record's name, and on the pages after the first, which part."""
    return name if paged.number == 1 else f"{name}, {paged.part.named(noun)}"

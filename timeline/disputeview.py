"""What the disputed page shows: each dispute with its accounts grouped by the side
they speak for (and a figure's table and range), then the disputed events no
dispute covers, their accounts grouped the same way. Plain data for the
template, worked out once here."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Optional

from . import parts, urls
from .disputes import citation_side
from .recordpages import by_days
from .model import Account, Citation, Event, LinkedDispute, Site


@dataclass(frozen=True, slots=True)
class Claim:
    """One account as the page shows it: who, in which article, what it says."""
    citation: Citation
    event: Optional[Event]   # its entry, where the dispute spans several
    figure: str = ""         # the number it gives, written out ("12"); "" if none
    text: str = ""


@dataclass(frozen=True, slots=True)
class Side:
    label: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class DisputeView:
    anchor: str
    question: str
    body_html: str
    events: tuple[Event, ...]
    sides: tuple[Side, ...]
    figures: tuple[Claim, ...] = ()   # a figure dispute's accounts, lowest figure first
    low: str = ""                     # its range, when a figure is given
    high: str = ""
    low_by: tuple[Claim, ...] = ()    # the accounts that give each end
    high_by: tuple[Claim, ...] = ()
    summary: str = ""                 # what the jump list says beside the question


@dataclass(frozen=True, slots=True)
class EventView:
    anchor: str
    event: Event
    sides: tuple[Side, ...]


# The jump list names at most this many of the other disputed events (the rest are
# counted): thousands of titles, at 10,000 events, are no list to jump from.
JUMP_OTHERS = 40


def disputed_pages(site: Site) -> list[tuple]:
    """The disputed page, (path, template, title, a function making its context):
    its disputes, then the disputed events none covers; past
    `chronology_page_limit` of these, they go on pages of their own after it
    (parts.py: 4,000 of them, with their accounts, made a 4.3 MB page at 10,000
    events)."""
    covered = site.disputes_by_event
    others = tuple(e for e in site.disputed if e.slug not in covered)
    pages = []
    for path, shown, paged in parts.pages(urls.DISPUTED, others, site.config.chronology_page_limit,
                                          by_days(site)):
        title = "Disputed accounts" if paged.number == 1 else parts.title("Other disputed events", paged)
        pages.append((path, "disputed.html", title,
                      partial(_disputed_context, site, shown, paged, len(others))))
    return pages


def _disputed_context(site: Site, shown: tuple, paged, others: int) -> tuple:
    views = tuple(EventView(f"event-{e.slug}", e, _event_sides(site, e)) for e in shown)
    disputes = tuple(dispute_view(site, d) for d in site.disputes) if paged.number == 1 else ()
    return (("disputes", disputes), ("others", views), ("paged", paged),
            ("others_total", others), ("jump_others", views[:JUMP_OTHERS]))


def questions(site: Site, event: Event) -> tuple:
    """(link target, question) of each dispute an event's citations are accounts of,
    for its page. Worked out here, not read from `site` by the template: each
    event page would then depend on every dispute."""
    slugs = site.disputes_by_event.get(event.slug)
    if not slugs:
        return ()
    asked = {d.slug: d.dispute.question for d in site.disputes}
    return tuple((urls.dispute(slug), asked[slug]) for slug in slugs)


def dispute_view(site: Site, d: LinkedDispute) -> DisputeView:
    several = len(d.events) > 1
    claims = [(a.side, _claim(a, several)) for a in d.accounts]
    view = DisputeView(urls.dispute_anchor(d.slug), d.dispute.question, d.dispute.body_html,
                       d.events, _grouped(site, claims),
                       summary=f"{len(d.accounts)} accounts")
    if d.dispute.kind != "figure":
        return view
    ranked = sorted(d.accounts, key=lambda a: (a.value is None, a.value or 0))
    view = replace(view, figures=tuple(_claim(a, several) for a in ranked),
                   summary="no figure given")
    if not d.low:
        return view
    low, high = figure(d.low.value), figure(d.high.value)
    return replace(view, low=low, high=high, summary=low if low == high else f"{low} to {high}",
                   low_by=tuple(_claim(a, several) for a in d.low.accounts),
                   high_by=tuple(_claim(a, several) for a in d.high.accounts))


def _claim(a: Account, several: bool) -> Claim:
    value = figure(a.value) if a.value is not None else ""
    return Claim(a.citation, a.event if several else None, value, a.text)


def figure(value) -> str:
    """A figure as the page writes it: 12, 1,200, 2.5."""
    return f"{value:,}"


def _event_sides(site: Site, event: Event) -> tuple[Side, ...]:
    claims = [(citation_side(c, site.sides), Claim(c, None, "", c.says)) for c in event.citations]
    return _grouped(site, claims)


def _grouped(site: Site, claims: list) -> tuple[Side, ...]:
    """(side, claim) pairs as sides in site.yaml's order, each with its claims in the
    order given; sides with no claim are left out."""
    return tuple(Side(label, tuple(claim for side, claim in claims if side == slug))
                 for slug, label in site.config.sides if any(side == slug for side, _ in claims))

"""Disputes as records, linked to the events they are about.

Each account of a dispute is one existing citation of the event it names, found
by its source, claimant and via as the citation gives them (and some of its
quoted words where those three do not tell it apart): an account can only
say what a citation already says, so a dispute adds no claim of its own. Linking
also works out the range of a figure dispute and the side each account speaks
for (site.yaml's `sides`, an actor's `side` or its affiliation's).
"""
from __future__ import annotations

from collections import defaultdict
from types import MappingProxyType

from .model import (INDEPENDENT, OTHER, Account, AccountRef, Citation, Dispute, Event, Extreme,
                    LinkedDispute)
from .problems import Problem, did_you_mean
from .quotes import normalise

HINT_CITATIONS = 6   # a hint lists this many of an event's citations, then counts the rest


def actor_sides(actors: dict) -> MappingProxyType:
    """actor slug -> the side it speaks for: its own `side`, else its affiliation's
    (and so on up), for the actors that have one."""
    out = {}
    for slug in actors:
        seen, at = set(), slug
        while at in actors and at not in seen:   # affiliations may loop: check_references says so
            seen.add(at)
            if actors[at].side:
                out[slug] = actors[at].side
                break
            at = actors[at].affiliation
    return MappingProxyType(dict(sorted(out.items())))


def citation_side(c: Citation, sides: MappingProxyType) -> str:
    """Whose account a citation is: its claimant's side; without a claimant, the
    side of the outlet it relays, if that has one, else the article's own reporting."""
    if c.claimant:
        return sides.get(c.claimant, OTHER)
    return sides.get(c.via, INDEPENDENT) if c.via else INDEPENDENT


def check_sides(actors: dict, disputes: dict, declared) -> list[Problem]:
    """Every side an actor or an account names is one site.yaml declares."""
    names = {name for name, _ in declared}
    named = [(actor.where, ("side",), actor.side) for actor in actors.values()]
    named += [(d.where, ("accounts", a.index, "side"), a.side)
              for d in disputes.values() for a in d.accounts]
    return [Problem(where.path, where.line(*key), f"unknown side '{side}'",
                    did_you_mean(side, names) or
                    "declare it in site.yaml under 'sides:', one 'slug: label' line each")
            for where, key, side in named if side and side not in names]


def check_accounts(dispute: Dispute, events: dict, failed=()) -> tuple[list, list[Problem]]:
    """(account, citation) for each account of `dispute`, and the problems: an
    unknown event, an account that is no citation of its event, or that could be
    several, or the same citation twice. `events`: every event by slug, drafts
    too; `failed`: slugs of events that did not validate (their problems are
    reported; an account naming one is not another)."""
    found, problems, first = [], [], {}
    where = dispute.where
    for ref in dispute.accounts:
        event = events.get(ref.event)
        if event is None:
            if ref.event not in failed:
                problems.append(Problem(where.path, where.line("accounts", ref.index, "event"),
                                        f"unknown event '{ref.event}'",
                                        did_you_mean(ref.event, events) or
                                        f"add content/events/{ref.event}.md"))
            continue
        matches = matching(ref, event)
        if len(matches) != 1:
            problems.append(_mismatch(dispute, ref, event, matches))
            continue
        same = first.setdefault((event.slug, matches[0].index), ref.index)
        if same != ref.index:
            problems.append(Problem(where.path, where.line("accounts", ref.index),
                                    f"'accounts' item {ref.index + 1} names the same citation "
                                    f"as item {same + 1}", "delete one of them"))
            continue
        found.append((ref, matches[0]))
    return found, problems


def matching(ref: AccountRef, event: Event) -> list[Citation]:
    """The citations of `event` that the account names: the same source, claimant
    and via as the citation (none where it has none, so an account reads as the
    citation does), and, where it gives a quote, words of the citation's quote;
    where it gives none and several fit, the one without a quote, if one is."""
    same = [c for c in event.citations
            if (c.source, c.claimant, c.via) == (ref.source, ref.claimant, ref.via)]
    if ref.quote:
        words = normalise(ref.quote)
        return [c for c in same if words in normalise(c.quote)]
    unquoted = [c for c in same if not c.quote]
    return unquoted if len(same) > 1 and len(unquoted) == 1 else same


def _mismatch(dispute: Dispute, ref: AccountRef, event: Event, matches: list) -> Problem:
    where, item = dispute.where, f"'accounts' item {ref.index + 1}"
    line = where.line("accounts", ref.index)
    if matches:
        which = " and ".join(str(c.index + 1) for c in matches)
        return Problem(where.path, line, f"{item} matches {len(matches)} citations of event "
                       f"'{event.slug}' (items {which} of its sources)",
                       "add 'quote' with some of the quoted words of the one meant")
    # Those citing the same article first: most likely the one meant.
    shown = sorted(event.citations, key=lambda c: (c.source != ref.source, c.index))
    listed = "; ".join(f"{c.index + 1}. {describe(c)}" for c in shown[:HINT_CITATIONS])
    more = len(shown) - HINT_CITATIONS
    return Problem(where.path, line, f"{item} is not a citation of event '{event.slug}'",
                   f"write the source, claimant and via of one of its citations: {listed}"
                   + (f"; and {more} more" if more > 0 else ""))


def describe(c: Citation) -> str:
    """A citation as a contributor writes it: 'source x, claimant y'."""
    parts = [f"source {c.source}"]
    parts += [f"claimant {c.claimant}"] if c.claimant else []
    parts += [f"via {c.via}"] if c.via else []
    return ", ".join(parts)


def check_disputes(disputes: dict, events, actors: dict, declared=None, failed=None) -> list[Problem]:
    """What linking would find wrong with the disputes, for a build that stops
    before linking: `declared` sides when site.yaml could be read; `failed` as
    for link.check_references (an event that did not validate may be any)."""
    missing = (failed or {}).get("events") or ()
    problems = check_sides(actors, disputes, declared) if declared is not None else []
    by_slug = {event.slug: event for event in events}
    for dispute in disputes.values():
        problems += check_accounts(dispute, by_slug, missing)[1]
    return problems


def link_disputes(disputes: dict, events, shown: tuple, actors: dict, declared):
    """(the linked disputes in the order of their first event, event slug -> the
    slugs of its disputes, actor slug -> its side, problems). `events`: all, drafts
    too; `shown`: those in this build, in order. Accounts of events this build
    leaves out (drafts) are left out, and a dispute with fewer than two accounts too."""
    sides, problems = actor_sides(actors), check_sides(actors, disputes, declared)
    events = {event.slug: event for event in events}
    position = {event.slug: i for i, event in enumerate(shown)}
    linked = []
    for slug in sorted(disputes):
        found, wrong = check_accounts(disputes[slug], events)
        problems += wrong
        accounts = [_account(disputes[slug], ref, c, events, sides) for ref, c in found
                    if ref.event in position]
        if len(accounts) >= 2:
            linked.append(_linked(disputes[slug], accounts, position))
    linked.sort(key=lambda d: (position[d.events[0].slug], d.dispute.question.casefold(), d.slug))
    by_event = defaultdict(list)
    for d in linked:
        for event in d.events:
            by_event[event.slug].append(d.slug)
    by_event = MappingProxyType({k: tuple(v) for k, v in sorted(by_event.items())})
    return tuple(linked), by_event, sides, problems


def _account(dispute: Dispute, ref: AccountRef, c: Citation, events: dict, sides) -> Account:
    text = ref.text or (c.says if dispute.kind != "figure" else "")
    return Account(event=events[ref.event], citation=c, side=ref.side or citation_side(c, sides),
                   value=ref.value, text=text)


def _linked(dispute: Dispute, accounts: list, position: dict) -> LinkedDispute:
    slugs = sorted({a.event.slug for a in accounts}, key=position.__getitem__)
    events = {a.event.slug: a.event for a in accounts}
    given = [a for a in accounts if a.value is not None]
    low = high = None
    if dispute.kind == "figure" and given:
        low, high = (_extreme(given, pick) for pick in (min, max))
    return LinkedDispute(dispute, tuple(accounts), tuple(events[s] for s in slugs), low, high)


def _extreme(given: list, pick) -> Extreme:
    value = pick(a.value for a in given)
    return Extreme(value, tuple(a for a in given if a.value == value))

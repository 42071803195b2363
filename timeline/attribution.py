"""Whose an event's status is: 'claimed by Freedom of Russia Legion', 'denied by Ukraine'.

A bare DENIED on "Governor Gladkov reports a sabotage group" reads as if the
governor's report had been denied; it is Kyiv that denies the sabotage group came
from Ukraine. Worked out once per build (link calls `status_by`), from what the
content already says:

- claimed: the event's own claimants;
- denied, disputed: those on the other side: the speakers of the events that deny
  or contradict it, and of those it contradicts (a contradiction runs both ways).
  An event's speakers are its claimants, or, with none, its actors; its own
  claimants are never on the other side of it.

An actor is left out when the group or state it belongs to (its affiliation, at
any remove) is named too: "Ukraine", not "Ukraine and Mykhailo Podolyak".
Confirmed and reported are nobody's: they say how well a thing is established.
Where this is wrong, `status_by: [actor, ...]` in the front matter says who, and
`status_by: []` that no one is named.
"""
from __future__ import annotations

from collections import defaultdict
from types import MappingProxyType

from .model import Event

DERIVED = ("claimed", "denied", "disputed")
AGAINST = ("denies", "contradicts")


def status_by(events, actors) -> MappingProxyType:
    """slug -> the actor slugs its status is attributed to, for each of `events`
    (those of the build) that has any."""
    sides = _other_sides(events)
    found = {}
    for event in events:
        slugs = event.status_by
        if slugs is None:
            slugs = _derived(event, sides.get(event.slug, ()), actors)
        if slugs:
            found[event.slug] = slugs
    return MappingProxyType(found)


def _other_sides(events) -> dict:
    """slug -> the events against it: those denying or contradicting it, and those it contradicts."""
    shown = {e.slug: e for e in events}
    sides = defaultdict(list)
    for event in events:
        for r in event.responds_to:
            target = shown.get(r.event)   # None: a draft left out of this build
            if target is None or r.relation not in AGAINST:
                continue
            sides[target.slug].append(event)
            if r.relation == "contradicts":
                sides[event.slug].append(target)
    return sides


def _derived(event: Event, against, actors) -> tuple:
    if event.status not in DERIVED:
        return ()
    own = claimants(event)
    if event.status == "claimed":
        return broadest(own, actors)
    other = (slug for e in against for slug in speakers(e) if slug not in own)
    return broadest(tuple(dict.fromkeys(other)), actors)


def claimants(event: Event) -> tuple:
    """Who makes the event's claims, each once, in the order of its citations; a
    pundit's commentary on them is no claim."""
    return tuple(dict.fromkeys(c.claimant for c in event.citations
                               if c.claimant and not c.commentary))


def speakers(event: Event) -> tuple:
    return claimants(event) or event.actors


def broadest(slugs: tuple, actors) -> tuple:
    """`slugs` without those whose group or state (affiliation, at any remove) is there
    too; in a loop of affiliations, where each is the other's, the first stays."""
    named = set(slugs)
    return tuple(s for s in slugs if not named & _affiliations(s, actors)) or slugs[:1]


def _affiliations(slug: str, actors) -> set:
    seen: set = set()
    actor = actors.get(slug)
    while actor is not None and actor.affiliation and actor.affiliation not in seen:
        seen.add(actor.affiliation)   # a loop of affiliations ends where it began
        actor = actors.get(actor.affiliation)
    return seen - {slug}

"""Resolve references between records once and build the indexes the pages need."""
from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Optional

from . import attribution
from .disputes import link_disputes
from .order import ordered
from .model import MAX_KEY_POINTS, RELATION_PASSIVE, Event, Link, Role, Site, SiteConfig
from .problems import Problem, did_you_mean
from .values import make_slug


class _Every:
    """The slugs of a folder that could not be read: any of them may be there."""

    def __contains__(self, slug) -> bool:
        return True


EVERY = _Every()


def failed_files(content: Path, listed, records: dict, problems) -> dict:
    """Kind -> slugs of the files that are there but gave no record (they did not
    validate, could not be read, or are misnamed: under the slug they would have),
    or EVERY for a folder that could not be read. Each has its own problem; a
    reference to one is not another."""
    failed = {kind: {path.stem for k, path in listed if k == kind} - records[kind].keys()
              for kind in records}
    for problem in problems:
        path = Path(problem.path)
        if problem.line != 0:
            continue
        if path.parent == content and path.name in failed:
            failed[path.name] = EVERY
        elif path.parent.parent == content and path.parent.name in failed \
                and failed[path.parent.name] is not EVERY:
            failed[path.parent.name].add(make_slug(path.stem))
    return failed


def check_references(events, sources, actors, places, failed=None) -> list[Problem]:
    """Every slug an event, source or actor names must exist. `failed`: kind ->
    slugs of the files that exist but did not validate, or EVERY when the kind's
    folder could not be read; they count as known (their own problems are
    reported: naming them is not another one)."""
    references = _References(events, sources, actors, places, failed or {})
    for event in events:
        references.check_event(event)
    for source in sources.values():
        for i, slug in enumerate(source.via):
            references.need(slug, "actor", source.where, "via", i)
    for slug, actor in actors.items():
        references.check_actor(slug, actor)
    return references.problems


class _References:
    """The slugs known of each kind, and the problems found so far."""

    def __init__(self, events, sources, actors, places, failed: dict):
        self.problems: list[Problem] = []
        self.known = {"event": _known({e.slug: e for e in events}, failed.get("events")),
                      "source": _known(sources, failed.get("sources")),
                      "actor": _known(actors, failed.get("actors")),
                      "place": _known(places, failed.get("places"))}

    def need(self, slug, what: str, where, *key) -> None:
        known = self.known[what]
        if slug is not None and slug not in known:
            hint = did_you_mean(slug, known) or f"add content/{what}s/{slug}.md"
            self.problems.append(Problem(where.path, where.line(*key), f"unknown {what} '{slug}'",
                                         hint))

    def check_event(self, event: Event) -> None:
        w, need = event.where, self.need
        for i, slug in enumerate(event.actors):
            need(slug, "actor", w, "actors", i)
        for i, slug in enumerate(event.places):
            need(slug, "place", w, "places", i)
        for i, slug in enumerate(event.status_by or ()):
            need(slug, "actor", w, "status_by", i)
        for c in event.citations:
            need(c.source, "source", w, "sources", c.index, "source")
            need(c.claimant, "actor", w, "sources", c.index, "claimant")
            need(c.via, "actor", w, "sources", c.index, "via")
        for r in event.responds_to:
            if r.event == event.slug:
                self.problems.append(Problem(w.path, w.line("responds_to", r.index, "event"),
                                             "an event cannot respond to itself"))
            else:
                need(r.event, "event", w, "responds_to", r.index, "event")
        for i, slug in enumerate(event.after):
            need(slug, "event", w, "after", i)

    def check_actor(self, slug: str, actor) -> None:
        if actor.affiliation == slug:
            self.problems.append(Problem(actor.where.path, actor.where.line("affiliation"),
                                         "an actor cannot be affiliated with itself",
                                         "name the group or state it belongs to, or leave it out"))
        else:
            self.need(actor.affiliation, "actor", actor.where, "affiliation")


def _known(records, missing):
    """The slugs of `records`, and those that `missing` says may be there."""
    if missing is EVERY or not missing:
        return missing or records
    return records.keys() | missing


def link(config: SiteConfig, events: list[Event], sources: dict, actors: dict,
         places: dict, drafts: bool = False, facts=None,
         disputes: dict | None = None) -> tuple[Site | None, list[Problem]]:
    """The Site, or the problems. `facts(event, zone)` gives an event's Facts:
    event_facts by default (serve keeps them from one link to the next)."""
    facts = {e.slug: (facts or event_facts)(e, config.timezone) for e in events}
    if not _all_known(events, sources, actors, places):
        problems = check_references(events, sources, actors, places)   # with their lines
        if problems:
            return None, problems
    timed = sorted(((facts[e.slug].order, e) for e in events if drafts or not e.draft),
                   key=lambda pair: pair[0])
    keyed = [(facts[e.slug].order, e) for e in ordered([e for _, e in timed])]
    shown = tuple(e for _, e in keyed)
    linked, by_event, sides, problems = link_disputes(disputes or {}, events, shown, actors,
                                                      config.sides)
    if problems:
        return None, problems
    return Site(
        config=config, events=shown,
        sources=_frozen_sorted(sources), actors=_frozen_sorted(actors),
        places=_frozen_sorted(places),
        days=_group_by_day(keyed),
        tags=_index(shown, lambda e: e.tags),
        events_by_source=_citations_by_source(shown),
        roles_by_actor=_roles_by_actor(shown, facts),
        events_by_place=_index(shown, lambda e: e.places),
        links_by_event=_response_links(shown),
        reporters_by_event=MappingProxyType({e.slug: facts[e.slug].reporters for e in shown}),
        status_by=attribution.status_by(shown, actors),
        disputed=tuple(e for e in shown if facts[e.slug].disputed),
        updated=content_date(config, (facts[e.slug].last_day for e in shown), sources),
        split=len(shown) > config.chronology_page_limit,
        disputes=linked, disputes_by_event=by_event, sides=sides,
    ), []


def content_date(config: SiteConfig, last_days, sources: dict) -> Optional[date]:
    """The date of the content, which printed pages carry: site.yaml's `updated`, else
    the latest date the content itself gives, of its sources' publication and of its
    events' last days (`last_days`). Never the build's clock: the output stays the
    same from day to day."""
    if config.updated:
        return config.updated
    published = (s.published for s in sources.values() if s.published)
    return max(itertools.chain(published, last_days), default=None)


def check_key_points(events, zone) -> list[Problem]:
    """The index's "What happened" holds MAX_KEY_POINTS lines: each key point past
    that many, in the chronology's order, is a problem at its line."""
    marked = sorted((e for e in events if e.key_point and not e.draft),
                    key=lambda e: e.sort_key(zone))
    return [Problem(e.where.path, e.where.line("key_point"),
                    f"{len(marked)} events have a key point; the summary holds at most "
                    f"{MAX_KEY_POINTS}", "remove 'key_point' from this event or another; "
                    "`grep -l key_point content/events/*` lists them")
            for e in marked[MAX_KEY_POINTS:]]


@dataclass(frozen=True, slots=True)
class Facts:
    """What linking needs to know of one event that depends on that event alone."""
    order: tuple        # Event.sort_key in the site's zone
    roles: tuple        # ((actor slug, Role), ...)
    reporters: int      # independent origins among its citations
    disputed: bool
    last_day: date      # the day it ends (or starts) in the site's zone: link.content_date


def event_facts(event: Event, zone) -> Facts:
    return Facts(order=event.sort_key(zone), roles=_roles(event),
                  reporters=reporters(event),
                  disputed=is_disputed(event),
                  last_day=(event.end or event.start).in_zone(zone).date())


def _all_known(events, sources, actors, places) -> bool:
    """Whether every slug the records name exists: the usual case, found with set
    operations; check_references then says where it fails."""
    named_actors, named_places, named_sources, responses = set(), set(), set(), set()
    for event in events:
        named_actors.update(event.actors)
        named_actors.update(event.status_by or ())
        named_places.update(event.places)
        for c in event.citations:
            named_sources.add(c.source)
            named_actors.add(c.claimant)
            named_actors.add(c.via)
        for r in event.responds_to:
            # An event answering itself names a slug no event can have: it fails the check.
            responses.add(r.event if r.event != event.slug else "")
        responses.update(event.after)
    named_actors.discard(None)   # no claimant, or no go-between
    named_actors.update(slug for source in sources.values() for slug in source.via)
    # An actor affiliated with itself names a slug no actor can have, as above.
    named_actors.update(("" if actor.affiliation == slug else actor.affiliation)
                        for slug, actor in actors.items() if actor.affiliation)
    return (named_actors <= actors.keys() and named_places <= places.keys()
            and named_sources <= sources.keys() and responses <= {e.slug for e in events})


def reporters(event: Event) -> int:
    """The different speakers or outlets behind an event's accounts; commentary
    (a pundit's tweet) is no report and counts for none."""
    return len({c.origin for c in event.citations if not c.commentary})


def is_disputed(event: Event) -> bool:
    """More than one account side by side, or a status that says there is a dispute."""
    accounts = sum(1 for c in event.citations if c.says)
    return accounts > 1 or event.status in ("disputed", "denied")


def _frozen_sorted(records: dict) -> MappingProxyType:
    return MappingProxyType(dict(sorted(records.items())))


def _group_by_day(keyed):
    """(day, events) in order, from (sort key, event) pairs in order."""
    days = defaultdict(list)
    for key, event in keyed:
        days[key[0]].append(event)
    return tuple((day, tuple(evs)) for day, evs in days.items())


def _index(events, keys) -> MappingProxyType:
    index = defaultdict(list)
    for event in events:
        for key in keys(event):
            index[key].append(event)
    return MappingProxyType({k: tuple(v) for k, v in sorted(index.items())})


def _citations_by_source(events) -> MappingProxyType:
    index = defaultdict(list)
    for event in events:
        for citation in event.citations:
            index[citation.source].append((event, citation))
    return MappingProxyType({k: tuple(v) for k, v in sorted(index.items())})


def _roles(event: Event) -> tuple:
    """(actor slug, its roles) for each actor the event involves or cites."""
    roles = defaultdict(list)
    for slug in event.actors:
        roles[slug].append("involved")
    for c in event.citations:
        if c.claimant and "claimant" not in roles[c.claimant]:
            roles[c.claimant].append("claimant")
        if c.via and "reporter" not in roles[c.via]:
            roles[c.via].append("reporter")
    return tuple((slug, Role(event, tuple(names))) for slug, names in roles.items())


def _roles_by_actor(events, facts: dict) -> MappingProxyType:
    index = defaultdict(list)
    for event in events:
        for slug, role in facts[event.slug].roles:
            index[slug].append(role)
    return MappingProxyType({k: tuple(v) for k, v in sorted(index.items())})


def _response_links(events) -> MappingProxyType:
    shown = {e.slug: e for e in events}
    links = defaultdict(list)
    for event in events:
        for r in event.responds_to:
            target = shown.get(r.event)
            if target is None:
                continue  # a draft left out of this build
            links[event.slug].append(Link(r.relation, target))
            links[target.slug].append(Link(RELATION_PASSIVE[r.relation], event))
    return MappingProxyType({k: tuple(v) for k, v in sorted(links.items())})

"""Events as plain, fully resolved data, shared by every machine-readable output.

The feed, the data files and the calendar all describe the same things the same
way: ids that stay stable per slug, dates derived from the content (never from
the clock of the build), and every slug resolved to the record it names.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from functools import lru_cache

from .. import present, urls
from ..link import is_disputed
from ..model import STATUSES, Event, LinkedDispute, Site

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)  # "updated" of a site with no dates at all


def namespace(site: Site) -> uuid.UUID:
    """The chronology's own UUID namespace: derived from its title, so ids do not
    change between a build read from disk and one published with --base-url."""
    return _title_namespace(site.config.title)


@lru_cache(maxsize=8)  # asked for once per event and output; the title rarely changes
def _title_namespace(title: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, "chronology:" + title)


def event_uuid(site: Site, slug: str) -> uuid.UUID:
    return uuid.uuid5(namespace(site), "events/" + slug)


def feed_urn(site: Site) -> str:
    return uuid.uuid5(namespace(site), "feed").urn


def event_updated(site: Site, event: Event) -> datetime:
    """When the event's entry last changed, as far as the content tells: the latest of
    the event's own last moment, the publication dates of the articles it cites and
    the dates of its corrections (the start of their day in the site's zone)."""
    zone = site.config.timezone
    moments = [(event.end or event.start).moment]
    moments += [datetime.combine(c.date, time(0), tzinfo=zone) for c in event.corrections]
    for c in event.citations:
        published = site.sources[c.source].published
        if published:
            moments.append(datetime.combine(published, time(0), tzinfo=zone))
    return max(moments).astimezone(timezone.utc)


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What several of the data files say about one event, worked out once for all
    of them (extras.event_pieces): each was asked for three or four times per event."""
    uuid: uuid.UUID
    updated: datetime       # event_updated
    body_html: str          # the event's, asked for by several files
    when: str               # present.view_text, with the time's note
    when_short: str         # the same without it
    citations: tuple        # present.citation_text of each citation
    status: str             # present.status_text: 'denied by Ukraine'


def event_facts(site: Site, event: Event) -> EventFacts:
    view = present.time_view(event, site.config.timezone)
    return EventFacts(
        uuid=event_uuid(site, event.slug), updated=event_updated(site, event),
        body_html=event.body_html, when=present.view_text(view),
        when_short=present.view_text(view, note=False),
        citations=tuple(present.citation_text(site, c) for c in event.citations),
        status=present.status_text(site, event))


def latest(moments) -> datetime:
    """The site's "updated": the latest of its events' `event_updated`."""
    return max(moments, default=EPOCH)


def rfc3339(moment: datetime) -> str:
    """UTC to the second. Not strftime: its %Y does not pad years before 1000 on glibc."""
    utc = moment.astimezone(timezone.utc)
    return f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"


def page_url(site: Site, target: str) -> str | None:
    """The absolute address of an output when the site's base URL is known."""
    return urls.absolute(site.config.base_url, target) if site.config.base_url else None


def times(site: Site, event: Event) -> dict:
    zone = site.config.timezone
    return {
        "start": event.start.iso(zone), "start_precision": event.start.precision,
        "end": event.end.iso(zone) if event.end else None,
        "end_precision": event.end.precision if event.end else None,
        # The window the articles allow, never an instant guessed inside it.
        "earliest": _instant(event.earliest, zone), "latest": _instant(event.latest, zone),
        "precision": event.precision, "phrase": event.phrase or None,
        "time_note": event.time_note or None,
        "after": list(event.after),   # what the articles say it followed
    }


def _instant(moment, zone) -> str:
    return moment.astimezone(zone).isoformat(timespec="minutes")


def actor_ref(site: Site, slug: str | None) -> dict | None:
    if slug is None:
        return None
    actor = site.actors[slug]
    return {"slug": slug, "name": actor.name, "page": urls.actor(slug)}


def source_record(site: Site, slug: str) -> dict:
    s = site.sources[slug]
    return {"slug": slug, "title": s.title, "name": s.name, "publisher": s.publisher,
            "published": s.published.isoformat() if s.published else None,
            "url": s.url or None, "language": s.language or None,
            "via": list(s.via), "page": urls.source(slug),
            "corrections": correction_records(s), **extra_record(s)}


def account(site: Site, c) -> dict:
    s = site.sources[c.source]
    return {"source": {"slug": c.source, "title": s.title, "name": s.name, "publisher": s.publisher,
                       "published": s.published.isoformat() if s.published else None,
                       "url": s.url or None, "page": urls.source(c.source)},
            "claimant": actor_ref(site, c.claimant), "via": actor_ref(site, c.via),
            "quote": c.quote or None, "says": c.says or None, "commentary": c.commentary}


def shown_slugs(site: Site) -> frozenset:
    """The events in this build; a response to an event left out (a draft) is not listed."""
    return frozenset(e.slug for e in site.events)


def event_record(site: Site, event: Event, shown: frozenset, facts: EventFacts) -> dict:
    """One event as data: a function of the event, the records it names and `shown`."""
    return {
        "slug": event.slug, "id": facts.uuid.urn, "title": event.title,
        "summary": event.summary, "page": urls.event(event.slug),
        "url": page_url(site, urls.event(event.slug)), "status": event.status,
        "status_by": [actor_ref(site, a) for a in site.status_by.get(event.slug, ())],
        **times(site, event),
        "actors": [{**actor_ref(site, a), "kind": site.actors[a].kind} for a in event.actors],
        "places": [{"slug": p, "name": site.places[p].name,
                    "region": site.places[p].region or None, "page": urls.place(p)}
                   for p in event.places],
        "tags": list(event.tags),
        "accounts": [account(site, c) for c in event.citations],
        "responds_to": [{"event": r.event, "relation": r.relation}
                        for r in event.responds_to if r.event in shown],
        "independent_reporters": site.reporters_by_event[event.slug],
        "disputed": is_disputed(event),
        "disputes": list(site.disputes_by_event.get(event.slug, ())),
        "updated": rfc3339(facts.updated),
        "corrections": correction_records(event),
        "body_html": facts.body_html,
        **extra_record(event),
    }


def site_record(site: Site, events, updated: datetime) -> dict:
    """The whole chronology as plain data: what data/events.json holds. `events`
    stands for the list of `event_record`s (a jsontext.Spliced of their texts)."""
    c = site.config
    return {
        "title": c.title, "description": c.description, "language": c.language,
        "timezone": c.timezone.key, "base_url": c.base_url or None,
        "updated": rfc3339(updated), "statuses": dict(STATUSES),
        "events": events,
        "sources": [source_record(site, slug) for slug in site.sources],
        "actors": [{"slug": slug, "name": a.name, "kind": a.kind, "aliases": list(a.aliases),
                    "affiliation": a.affiliation, "side": site.sides.get(slug),
                    "page": urls.actor(slug), **extra_record(a)}
                   for slug, a in site.actors.items()],
        "places": [{"slug": slug, "name": p.name, "aliases": list(p.aliases),
                    "region": p.region or None, "page": urls.place(slug), **extra_record(p)}
                   for slug, p in site.places.items()],
    }


def disputes_record(site: Site) -> dict:
    """Every dispute as plain data: what data/disputes.json holds."""
    return {"title": site.config.title,
            "sides": [{"slug": slug, "label": label} for slug, label in site.config.sides],
            "disputes": [dispute_record(d) for d in site.disputes]}


def dispute_record(d: LinkedDispute) -> dict:
    return {
        "id": d.slug, "question": d.dispute.question, "kind": d.dispute.kind,
        "page": urls.dispute(d.slug), "events": [e.slug for e in d.events],
        "accounts": [{"event": a.event.slug, "source": a.citation.source,
                      "claimant": a.citation.claimant, "via": a.citation.via, "side": a.side,
                      "quote": a.citation.quote or None, "value": a.value, "text": a.text or None}
                     for a in d.accounts],
        "range": {"low": _extreme(d.low), "high": _extreme(d.high)} if d.low else None,
        **extra_record(d.dispute),
    }


def _extreme(extreme) -> dict:
    return {"value": extreme.value,
            "by": [{"source": a.citation.source, "claimant": a.citation.claimant,
                    "via": a.citation.via} for a in extreme.accounts]}


def correction_records(record) -> list:
    """An event's or source's corrections, in date order, as the data files publish them."""
    return [{"date": c.date.isoformat(), "note": c.note} for c in record.corrections]


def extra_record(record) -> dict:
    """A record's extra fields (fields.Extra) as the data files publish them, after
    its own: a list for a list, a date as YYYY-MM-DD, null where the file gives none."""
    return {name: _published(value) for name, value in record.extra}


def _published(value):
    if isinstance(value, tuple):
        return [_published(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value

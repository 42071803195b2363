"""The pages of sources, actors, places and tags as render.planned_pages plans them:
each with the events it lists, cut into pages when they are too many (parts.py). A
page is planned as (path, template, title, a function making its context)."""
from __future__ import annotations

from functools import partial

from . import parts, present, urls
from .model import Site


def _made(*context) -> tuple:
    """A context made already, given back when the page is rendered."""
    return context


def record_pages(site: Site) -> list[tuple]:
    return source_pages(site) + actor_pages(site) + place_pages(site) + tag_pages(site)


def by_days(site: Site, event_of=lambda item: item):
    """Names a page of events (or of items `event_of` leads to) by the days they
    fall on in the site's time zone (Event.sort_key: their days in the chronology)."""
    zone = site.config.timezone
    return parts.by_days(lambda item: event_of(item).start.in_zone(zone).date())


def source_pages(site: Site) -> list[tuple]:
    limit, named = site.config.chronology_page_limit, by_days(site, lambda pair: pair[0])
    pages = []
    for slug, source in site.sources.items():
        cited = site.events_by_source.get(slug, ())
        for path, shown, paged in parts.pages(urls.source(slug), cited, limit, named):
            pages.append((path, "source.html", parts.title(source.title, paged), partial(
                _made, ("source", source), ("cited", shown), ("paged", paged))))
    return pages


def actor_pages(site: Site) -> list[tuple]:
    limit, named = site.config.chronology_page_limit, by_days(site, lambda role: role.event)
    pages = []
    for slug, actor in site.actors.items():
        roles = site.roles_by_actor.get(slug, ())
        for path, shown, paged in parts.pages(urls.actor(slug), roles, limit, named):
            pages.append((path, "actor.html", parts.title(actor.name, paged),
                          partial(_actor_page, site, slug, roles, shown, paged)))
    return pages


def _actor_page(site: Site, slug: str, roles: tuple, shown: tuple, paged) -> tuple:
    # Each page draws the events it lists: the drawing's marks and days are
    # bounded by the events, not by the days they fall on (500 events on as
    # many days drew 0.6 MB).
    return (("actor", site.actors[slug]), ("roles", shown),
            ("role_events", tuple(r.event for r in shown)), ("paged", paged)) + (
        _actor_context(site, slug, roles) if paged.number == 1
        else (("members", ()), ("absence", "")))


def _actor_context(site: Site, slug: str, roles: tuple) -> tuple:
    """What an actor's first page shows above its events: its members, and why it
    has no events, if it has none."""
    actor = site.actors[slug]
    members = tuple(a for a in site.actors.values() if a.affiliation == slug)
    absence = "" if roles else present.unlisted_actor(
        actor, members, tuple(x for x in site.sources.values() if slug in x.via))
    return (("members", members), ("absence", absence))


def place_pages(site: Site) -> list[tuple]:
    limit, named = site.config.chronology_page_limit, by_days(site)
    pages = []
    for slug, place in site.places.items():
        events = site.events_by_place.get(slug, ())
        for path, shown, paged in parts.pages(urls.place(slug), events, limit, named):
            absence = "" if events else present.unlisted_place(place)
            pages.append((path, "place.html", parts.title(place.name, paged), partial(
                _made, ("place", place), ("events", shown), ("paged", paged),
                ("absence", absence))))
    return pages


def tag_pages(site: Site) -> list[tuple]:
    limit, named = site.config.chronology_page_limit, by_days(site)
    pages = []
    for tag, events in site.tags.items():
        for path, shown, paged in parts.pages(urls.tag(tag), events, limit, named):
            pages.append((path, "tag.html", parts.title(f"Tagged ‘{tag}’", paged), partial(
                _made, ("tag", tag), ("events", shown), ("paged", paged),
                ("total", present.counted(len(events), "event")))))
    return pages


# The lists of records: (kind, template, title); tags are listed in their own order.
LISTS = (("sources", "sources.html", "Sources"), ("actors", "actors.html", "Actors"),
         ("places", "places.html", "Places"), ("tags", "tags.html", "Tags"))


def list_pages(site: Site) -> list[tuple]:
    """The lists of sources, actors and places, by name (as Jinja's `sort` put them:
    case aside, stable), and of tags; a longer list than a page holds (a source is
    some 220 bytes of its list: 4,500 of them made a megabyte) is cut into pages
    named, as a dictionary's are, by their first and last names."""
    limit, pages = site.config.chronology_page_limit, []
    for kind, template, title in LISTS:
        if kind == "tags":
            records, name = tuple(site.tags.items()), lambda pair: pair[0]
        else:
            records = tuple(sorted(getattr(site, kind).items(), key=lambda pair: pair[1].name.lower()))
            name = lambda pair: pair[1].name  # noqa: E731
        for path, shown, paged in parts.pages(urls.listing(kind), records, limit,
                                              parts.by_names(name)):
            pages.append((path, template, parts.title(title, paged, kind), partial(
                _made, ("records", shown), ("paged", paged))))
    return pages

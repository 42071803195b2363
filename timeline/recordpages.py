"""The pages of sources, actors, places and tags as render.plan plans them: each
with the events it lists, cut into pages when they are too many (parts.py). A page
is planned as (path, template, title, context), which render.plan makes a Page."""
from __future__ import annotations

from . import parts, present, urls
from .model import Site


def record_pages(site: Site, wanted) -> list[tuple]:
    return (source_pages(site, wanted) + actor_pages(site, wanted)
            + place_pages(site, wanted) + tag_pages(site, wanted))


def day_of(site: Site):
    """An event's day in the site's time zone (Event.sort_key: its day in the chronology)."""
    zone = site.config.timezone
    return lambda event: event.start.in_zone(zone).date()


def source_pages(site: Site, wanted) -> list[tuple]:
    limit, day = site.config.chronology_page_limit, day_of(site)
    pages = []
    for slug, source in site.sources.items():
        cited = site.events_by_source.get(slug, ())
        for path, shown, paged in parts.pages(urls.source(slug), cited, limit, wanted,
                                              lambda pair: day(pair[0])):
            pages.append((path, "source.html", parts.title(source.title, paged), (
                ("source", source), ("cited", shown), ("paged", paged))))
    return pages


def actor_pages(site: Site, wanted) -> list[tuple]:
    limit, day = site.config.chronology_page_limit, day_of(site)
    pages = []
    for slug, actor in site.actors.items():
        roles = site.roles_by_actor.get(slug, ())
        for path, shown, paged in parts.pages(urls.actor(slug), roles, limit, wanted,
                                              lambda role: day(role.event)):
            pages.append((path, "actor.html", parts.title(actor.name, paged),
                          (("actor", actor), ("roles", shown), ("paged", paged))
                          + (_actor_context(site, slug, roles) if paged.number == 1 else
                             (("role_events", ()), ("members", ()), ("absence", "")))))
    return pages


def _actor_context(site: Site, slug: str, roles: tuple) -> tuple:
    """What an actor's first page shows above its events: its members, the drawing
    of all its events, and why it has none, if it has none."""
    actor = site.actors[slug]
    members = tuple(a for a in site.actors.values() if a.affiliation == slug)
    absence = "" if roles else present.unlisted_actor(
        actor, members, tuple(x for x in site.sources.values() if slug in x.via))
    return (("role_events", tuple(r.event for r in roles)), ("members", members),
            ("absence", absence))


def place_pages(site: Site, wanted) -> list[tuple]:
    limit, day = site.config.chronology_page_limit, day_of(site)
    pages = []
    for slug, place in site.places.items():
        events = site.events_by_place.get(slug, ())
        for path, shown, paged in parts.pages(urls.place(slug), events, limit, wanted, day):
            pages.append((path, "place.html", parts.title(place.name, paged), (
                ("place", place), ("events", shown), ("paged", paged),
                ("absence", "" if events else present.unlisted_place(place)))))
    return pages


def tag_pages(site: Site, wanted) -> list[tuple]:
    limit, day = site.config.chronology_page_limit, day_of(site)
    pages = []
    for tag, events in site.tags.items():
        for path, shown, paged in parts.pages(urls.tag(tag), events, limit, wanted, day):
            pages.append((path, "tag.html", parts.title(f"Tagged ‘{tag}’", paged), (
                ("tag", tag), ("events", shown), ("paged", paged),
                ("total", present.counted(len(events), "event")))))
    return pages

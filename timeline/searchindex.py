"""The search index, shipped as a JavaScript file: one record per actor, place
and source page (`pages`, which a reader finds by name or title) and one per
event (`events`).

The file assigns a global (`window.CHRONOLOGY_SEARCH`) and is loaded with a
plain <script src>, so search works from file:// (no fetch, no server). The
JSON inside is escaped so that no content can close the script or break the
JavaScript parser.

Event records are made once per event and cached with its other pieces
(extras.py); the page records are few and made whole every build, so a cached
build and a clean one give the same bytes.
"""
from __future__ import annotations

import itertools
import json
from typing import Iterator

from . import present, urls
from .markup import plain_text
from .model import Event, Site
from .records import EventFacts
from .render import utf8

GLOBAL = "CHRONOLOGY_SEARCH"
# Characters that must never appear raw in the generated script.
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
            "\u2028": "\\u2028", "\u2029": "\\u2029"}


def names(record) -> list[str]:
    """A record's name and its aliases, name first."""
    return _unique([record.name, *record.aliases])


def event_record(event: Event, site: Site, facts: EventFacts) -> dict:
    """What the search sees of one event; keys kept short, the file ships to every reader."""
    sources = [site.sources[c.source] for c in event.citations]
    return {
        "u": urls.event(event.slug),
        "t": event.title,
        "w": facts.when_short,
        "s": event.status,
        "a": _groups([names(site.actors[slug]) for slug in event.actors]
                     + [[site.actors[c.claimant].name] for c in event.citations if c.claimant]),
        "p": [names(site.places[slug]) for slug in event.places],
        "q": _unique([c.quote for c in event.citations if c.quote]
                     + [c.says for c in event.citations if c.says]),
        "r": sorted({f"{s.title} ({s.publisher})" if s.publisher != "unknown" else s.title
                     for s in sources}),
        "b": _body_text(event, facts.body_html),
    }


def page_records(site: Site) -> list[dict]:
    """Every actor, place and source page, in that order and by slug: its name or
    title (`t`), other spellings (`n`) and a line saying what it is (`w`)."""
    records = []
    for slug, actor in sorted(site.actors.items()):
        count = len(site.roles_by_actor.get(slug, ()))
        records.append(_page(urls.actor(slug), actor.name, actor.aliases, actor.kind.capitalize(), count))
    for slug, place in sorted(site.places.items()):
        what = f"Place in {place.region}" if place.region else "Place"
        count = len(site.events_by_place.get(slug, ()))
        records.append(_page(urls.place(slug), place.name, place.aliases, what, count))
    for slug, source in sorted(site.sources.items()):
        facts = ["Source", "publisher not named" if source.publisher == "unknown" else source.publisher]
        if source.published:
            facts.append(present.short_date(source.published))
        cited = present.cited_events(site.events_by_source.get(slug, ()))
        records.append(_page(urls.source(slug), source.title, (), ", ".join(facts), cited))
    return records


def _page(url: str, title: str, aliases, what: str, events: int) -> dict:
    return {"u": url, "t": title, "n": _unique([a for a in aliases if a != title]),
            "w": f"{what} · {present.counted(events, 'event')}"}


def _body_text(event: Event, body_html: str) -> str:
    """The body as plain text, led by the summary unless the body already opens with it."""
    body = plain_text(body_html)
    summary = " ".join(event.summary.split())
    return body if summary in body else " ".join(filter(None, [summary, body]))


def _groups(groups: list[list[str]]) -> list[list[str]]:
    """Name groups (name, then aliases) without a group whose name came earlier."""
    seen, kept = set(), []
    for group in groups:
        if group[0] not in seen:
            seen.add(group[0])
            kept.append(group)
    return kept


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def to_script(events: list[dict], pages: list[dict] = ()) -> bytes:
    """The index as a JavaScript file, deterministic and safe to load with <script src>."""
    return utf8(script([_json(record) for record in events], pages))


def event_text(event: Event, site: Site, facts: EventFacts) -> str:
    """One event's record as it appears in the script (escaped, compact JSON)."""
    return _json(event_record(event, site, facts))


def script(texts, pages: list[dict]) -> Iterator[str]:
    """The script from the page records and its events' texts: the same bytes as
    dumping the whole, since compact JSON joins a list's items with "," and
    escaping is per character."""
    head = f'window.{GLOBAL} = {{"pages":[{",".join(map(_json, pages))}],"events":['
    return itertools.chain([head], _separated(texts, ","), ["]};\n"])


def _separated(texts, separator: str):
    for i, text in enumerate(texts):
        if i:
            yield separator
        yield text


def _json(value) -> str:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in _ESCAPES.items():
        data = data.replace(raw, escaped)
    return data

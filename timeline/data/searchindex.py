"""What the search sees: one record per actor, place and source page (`pages`, which
a reader finds by name or title) and, per event, the record its result shows and
the words that find it (searchshards.py cuts them into the files a browser loads).

An event is found by its own words only: its title, body, quotations, actors and
places. The titles of the sources it cites are not among them: a headline that
says "70" is the source's, not the event's (issue 20). Its result names those
sources by their short names.

Event records and terms are made once per event and cached with its other pieces
(extras.py); the page records are few and made whole every build, so a cached
build and a clean one give the same bytes.
"""
from __future__ import annotations

import json
import re
import unicodedata

from .. import present, urls
from ..markup import plain_text
from ..model import Event, Site
from .records import EventFacts

# The function every file of the index calls with its name and data (search.js
# defines it): loaded with a plain <script src>, from file:// too, no fetch.
GLOBAL = "CHRONOLOGY_SEARCH"
# An event's words, by the field that found them, best first: its title, the names
# of its actors and places, its quotations, its body (search.js weighs them).
CLASSES = ("title", "names", "quotes", "body")
# Characters that must never appear raw in the generated script.
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
            "\u2028": "\\u2028", "\u2029": "\\u2029"}
_COMBINING = re.compile("[\u0300-\u036f]")
_WORD = re.compile(r"[^\W_]+")   # letters and digits: \w without "_"


def names(record) -> list[str]:
    """A record's name and its aliases, name first."""
    return _unique([record.name, *record.aliases])


def event_record(event: Event, site: Site, facts: EventFacts) -> dict:
    """What one event's result shows; keys kept short, readers' browsers load them."""
    by = facts.status[len(event.status) + 4:]   # 'Ukraine' of 'denied by Ukraine'
    return {**({"by": by} if by else {}),
        "u": urls.event(event.slug),
        "t": event.title,
        "w": facts.when_short,
        "s": event.status,
        "a": _groups([names(site.actors[slug]) for slug in event.actors]
                     + [[site.actors[c.claimant].name] for c in event.citations if c.claimant]),
        "p": [names(site.places[slug]) for slug in event.places],
        "q": _unique([c.quote for c in event.citations if c.quote]
                     + [c.says for c in event.citations if c.says]),
        "c": _unique([site.sources[c.source].name for c in event.citations]),
        "b": _body_text(event, facts.body_html),
    }


def event_texts(event: Event, site: Site, facts: EventFacts) -> tuple[str, str]:
    """One event's pieces of the index: its record as it appears in the script
    (escaped, compact JSON), and its terms (see `record_terms`)."""
    record = event_record(event, site, facts)
    return to_json(record), record_terms(record)


def record_terms(record: dict) -> str:
    """The record's distinct folded words, each under the first of CLASSES that has
    it: a space-separated list per class, the classes separated by tabs."""
    texts = ([record["t"]], [n for group in record["a"] + record["p"] for n in group],
             record["q"], [record["b"]])
    seen: set = set()
    parts = []
    for class_texts in texts:
        found = {term for text in class_texts for term in terms(text)} - seen
        seen |= found
        parts.append(" ".join(sorted(found)))
    return "\t".join(parts)


def terms(text: str) -> list[str]:
    """The words of `text` as search.js splits and folds a query: runs of letters
    and digits, case- and accent-folded."""
    return _WORD.findall(fold(text))


def fold(text: str) -> str:
    """search.js's fold(): decomposed, combining accents dropped, lower case ('ё' as
    'е', curly apostrophes straight). It folds character by character, so a final
    'Σ' is 'σ' there, not 'ς' as str.lower() makes it in a word. (The whole text at
    once: one character at a time was 13 s at 10,000 events.)"""
    if text.isascii():
        return text.lower()
    text = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    text = "".join(map(str.lower, text)) if "\u03a3" in text else text.lower()
    return text.replace("\u0451", "\u0435").translate(_QUOTES)


_QUOTES = str.maketrans("\u2018\u2019", "''")


def page_records(site: Site) -> list[dict]:
    """Every actor, place and source page, in that order and by slug: its name
    (`t`), other spellings or, for a source, its headline (`n`), and a line
    saying what it is (`w`)."""
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
        record = _page(urls.source(slug), source.name, (source.title,), ", ".join(facts), cited)
        records.append({**record, "l": "Headline"} if record["n"] else record)
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


def script(name: str, data: str) -> str:
    """A file of the index: a call of GLOBAL with its name and its (escaped JSON) data."""
    return f'window.{GLOBAL}("{name}",{data});\n'


def to_json(value) -> str:
    """Compact, deterministic JSON that no content can close a script with or break
    the JavaScript parser in."""
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in _ESCAPES.items():
        data = data.replace(raw, escaped)
    return data

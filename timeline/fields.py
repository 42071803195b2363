"""Every field a content file may have, declared once: which values it takes
(a checker from values.py) and whether it is required, per record kind; and how a
mapping of fields is checked against its declaration, each mistake a Problem at
its line.

A field the engine only carries (shown on a page, published in the data files) is
an `Extra`: declared here, it reaches the record, the data files, their JSON
Schema and the CSV with nothing else to edit but the template that shows it
(docs/content-model.md, "Adding a field"). Every other field is the engine's own:
tests/test_fields.py names each place one is missing from.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .frontmatter import FrontMatter
from .model import ACTOR_KINDS, DISPUTE_KINDS, RELATIONS, STATUSES, Where
from .problems import ContentError, Problem, did_you_mean
from .timeparse import parse_date
from .zones import load_zone
from .values import (MAX_ITEMS, archive_name, base_url, choice, clipped, corrections, count, flag,
                     key_point, language, list_of, mappings, number, page_name, sides, slug, text,
                     url, when)

PLACEHOLDER = "TODO"  # what `build.py new` leaves for a contributor to fill in


class ExtraValues(tuple):
    """A record's extra fields (fields.Extra): (name, value) pairs in the order they
    are declared, None where the file gives none. Templates read them by name,
    `event.extra.casualties`; a tuple, so that the record stays plain and hashable.
    A record of a kind with no extra field declared holds () instead."""
    __slots__ = ()

    def __getattr__(self, name: str):
        for key, value in self:
            if key == name:
                return value
        raise AttributeError(f"no extra field '{name}' is declared (timeline/fields.py)")


@dataclass(frozen=True)
class Field:
    """A field the engine itself uses: a field of its record (model.py) as well."""
    parse: Callable          # value -> cleaned value; raises ContentError (values.py)
    required: bool = False


@dataclass(frozen=True)
class Extra(Field):
    """A field declared here and nowhere else, because the engine only carries it:
    an event, source, actor, place or dispute holds it in `extra` (a template shows
    it as `event.extra.casualties`), and the data files publish it under its name
    after their own fields, with `about` as its description in the JSON Schema and
    on data.html; an event's gets a column in the CSV too (see data/). Its checker
    is one the JSON Schema can describe (data/dataschema.value_schema)."""
    about: str = ""

    def __post_init__(self):
        if not self.about:
            raise TypeError("an extra field says what it means in `about`: the JSON Schema "
                            "and data.html describe it with that")


# --- declarations: each kind's fields, in the order hints list them ------------

CITATION = {
    "source": Field(slug, True), "claimant": Field(slug), "via": Field(slug),
    "quote": Field(text), "says": Field(text),
    "commentary": Field(flag),   # opinion, not reporting: never counted as a voice (link.py)
}
RESPONSE = {"event": Field(slug, True), "relation": Field(choice(RELATIONS), True)}
# Fields an event no longer has, and what to write instead.
RETIRED = {"approximate": "no time is estimated any more: give the window the article's words "
                          "allow, e.g. start: {date: 2023-05-22, part: early}, and the words "
                          "in 'phrase' (docs/content-model.md)"}
EVENT = {
    "title": Field(text, True), "summary": Field(text), "start": Field(when, True),
    "end": Field(when), "phrase": Field(text), "time_note": Field(text),
    "after": Field(list_of(slug)),   # events the articles say it followed (link.order_events)
    "status": Field(choice(tuple(STATUSES)), True),
    "status_by": Field(list_of(slug)),   # whose claim, denial or dispute it is (attribution.py)
    "actors": Field(list_of(slug)),
    "places": Field(list_of(slug)), "tags": Field(list_of(page_name)),
    "sources": Field(mappings, True), "responds_to": Field(mappings), "draft": Field(flag),
    "key_point": Field(key_point),
    "corrections": Field(corrections),   # shown, published, and the feed entry's <updated>
}
SOURCE = {
    "title": Field(text, True), "name": Field(text), "publisher": Field(text, True), "published": Field(parse_date),
    "url": Field(url), "language": Field(language), "via": Field(list_of(slug)),
    "archive": Field(archive_name),
    "corrections": Field(corrections),
}
ACTOR = {
    "name": Field(text, True), "aliases": Field(list_of(text)),
    "kind": Field(choice(ACTOR_KINDS), True), "affiliation": Field(slug), "side": Field(slug),
}
PLACE = {"name": Field(text, True), "aliases": Field(list_of(text)), "region": Field(text)}
ACCOUNT = {
    "event": Field(slug, True), "source": Field(slug, True), "claimant": Field(slug),
    "via": Field(slug), "quote": Field(text), "value": Field(number), "text": Field(text),
    "side": Field(slug),
}
DISPUTE = {"question": Field(text, True), "kind": Field(choice(DISPUTE_KINDS), True),
           "accounts": Field(mappings, True)}
ABOUT = {"title": Field(text)}   # the about page's title; its body opens the page
SITE = {
    "title": Field(text, True), "description": Field(text, True), "timezone": Field(load_zone, True),
    "language": Field(language, True), "base_url": Field(base_url), "sides": Field(sides),
    "updated": Field(parse_date), "feed_entries": Field(count),
    "chronology_page_limit": Field(count),
}


def extra_fields(rules: dict) -> dict:
    """The fields of a declaration that are Extra, by name, in their order."""
    return {name: rule for name, rule in rules.items() if isinstance(rule, Extra)}


def take_extra(rules: dict, values: dict) -> tuple:
    """Move a record's extra fields out of its checked `values`, into what the record
    holds: ExtraValues, or () for a kind with none (no object to keep per record)."""
    pairs = tuple((name, values.pop(name, None)) for name in extra_fields(rules))
    return ExtraValues(pairs) if pairs else ()


def check_fields(data: dict, rules: dict, where: Where, prefix=()) -> tuple[dict, list]:
    """Apply `rules` to a mapping: unknown, missing and malformed fields become problems."""
    values, problems = {}, []
    for key in sorted(data, key=str):
        line = where.line(*prefix, key)
        if key not in rules:
            problems.append(Problem(where.path, line, f"unknown field '{clipped(key)}'",
                                    (RETIRED.get(key) if rules is EVENT else None)
                                    or did_you_mean(key, rules) or f"known fields: {', '.join(rules)}"))
            continue
        if data[key] is None:   # 'end:' with nothing after it (or '~', or 'null')
            problems.append(Problem(where.path, line, f"'{key}' is empty", "give it a value" +
                                    ("" if rules[key].required else ", or delete the line")))
            continue
        if is_placeholder(data[key]):
            problems.append(Problem(where.path, line, f"fill in '{key}': it is still a placeholder",
                                    f"replace {data[key]!r}; the comment beside it says what goes there"[:200]))
            continue
        try:
            values[key] = rules[key].parse(data[key])
        except ContentError as exc:
            item = exc.item if isinstance(exc.item, tuple) else (exc.item,)   # a path inside it
            item_line = line if exc.item is None else where.line(*prefix, key, *item)
            problems.append(Problem(where.path, item_line, f"'{key}' {exc.message}", exc.hint))
    for key, rule in rules.items():
        if rule.required and key not in data:
            problems.append(Problem(where.path, where.line(*prefix) if prefix else where.start_line,
                                    f"missing required field '{key}'",
                                    f"add a line '{key}: ...' to " + _container(where, prefix)))
    return values, problems


def _container(where: Where, prefix) -> str:
    """What a missing field goes into: the list item, site.yaml, or a file's front matter."""
    if prefix:
        return "this item"
    return Path(where.path).name if where.path.endswith(".yaml") else "the front matter"


def is_placeholder(value) -> bool:
    """A value (or list item) that `build.py new` left as 'TODO...'."""
    if isinstance(value, list):
        return any(is_placeholder(item) for item in value)
    return isinstance(value, str) and value.strip().startswith(PLACEHOLDER)


def body_placeholders(fm: FrontMatter, path: str) -> list[Problem]:
    """A body line still starting with 'TODO' is a text the contributor has to write."""
    return [Problem(path, fm.body_line + i, "fill in the text below the front matter: "
                    "it is still a placeholder", "replace the line starting with 'TODO'")
            for i, line in enumerate(fm.body.split("\n"))
            if line.lstrip().startswith(PLACEHOLDER)]


def check_entries(values, key, rules, where, problems) -> list[dict]:
    """Validate a list of mappings such as `sources` or `responds_to`."""
    raw = values.get(key, [])
    if len(raw) > MAX_ITEMS:
        problems.append(Problem(where.path, where.line(key),
                                f"'{key}' has {len(raw)} items; the limit is {MAX_ITEMS}"))
        return []
    out, first = [], {}   # first: each entry's values -> the item that first had them
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            problems.append(Problem(where.path, where.line(key, i),
                                    f"'{key}' item {i + 1} must be a mapping",
                                    f"write it as '- {next(iter(rules))}: ...'"))
            continue
        checked, found = check_fields(entry, rules, where, (key, i))
        problems.extend(found)
        same = first.setdefault(tuple(sorted(checked.items())), i) if not found else i
        if same != i:   # pages would list it twice, and count its source twice
            problems.append(Problem(where.path, where.line(key, i),
                                    f"'{key}' item {i + 1} repeats item {same + 1}",
                                    "delete one of them"))
        elif not found:
            out.append(checked)
    return out


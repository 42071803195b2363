"""Field rules for each record type, declared once, and validation into records.

`validate_*` take a loaded document and return (record or None, problems).
Only the shape of one document is checked here; references between documents
are checked by `link`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Callable
from urllib.parse import urlsplit

from . import markup, sitelinks
from .frontmatter import FrontMatter
from .model import (ABOUT_TITLE, ACTOR_KINDS, RELATIONS, STATUSES, Actor, Citation, Event,
                    Place, Response, SiteConfig, Source, Where, packed_html)
from .problems import ContentError, Problem, describe_type, did_you_mean
from .timeparse import load_zone, parse_date, parse_when

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
MAX_TEXT = 2000  # a title or quote longer than this is a mistake, not content
PLACEHOLDER = "TODO"  # what `build.py new` leaves for a contributor to fill in
MAX_ITEMS = 200  # a list longer than this is a mistake (or an attack), not content
# C0/C1 control characters other than whitespace (which is folded): invisible,
# invalid in HTML, and a NUL would crash file-system calls.
_CONTROL = markup.CONTROL
# File and page names that would clash with generated pages or that some file
# systems reserve; record files and tags may not use them.
RESERVED = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                      *(f"lpt{i}" for i in range(10))})
# Record file names and tags name output files: longer, and with the ".html" and the
# writer's temporary suffixes a file name would pass the usual 255-byte limit.
MAX_SLUG = 200


@dataclass(frozen=True)
class Field:
    parse: Callable          # value -> cleaned value; raises ContentError
    required: bool = False


# --- value parsers -------------------------------------------------------------

def text(value) -> str:
    if not isinstance(value, str):
        raise ContentError(f"expected text, got {describe_type(value)}", hint="put the value in quotes")
    value = " ".join(value.split())
    if _CONTROL.search(value):
        raise ContentError("contains a control character "
                           f"(U+{ord(_CONTROL.search(value).group()):04X})",
                           hint="delete it; it is invisible and not allowed in web pages")
    if not value:
        raise ContentError("must not be empty")
    if len(value) > MAX_TEXT:
        raise ContentError(f"is {len(value)} characters long; the limit is {MAX_TEXT}")
    return value


def when(value):
    """A start or end for timeparse, which says what is wrong with it; digits
    written without quotes (20230522) are read as written."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def flag(value) -> bool:
    if not isinstance(value, bool):
        raise ContentError(f"expected true or false, got {value!r}"[:100])
    return value


def slug(value, hint: str = "it names a record's file, which is never longer") -> str:
    # Length first: no file is named so, and a huge value's problem line stays short.
    if isinstance(value, str) and len(value) > MAX_SLUG:
        raise ContentError(f"is {len(value)} characters long; the limit is {MAX_SLUG}", hint=hint)
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        example = make_slug(value) if isinstance(value, str) else "russian-volunteer-corps"
        raise ContentError(f"{value!r} is not a slug"[:100],
                           hint=f"use lowercase letters, digits and hyphens, e.g. '{example}'")
    return value


def page_name(value) -> str:
    """A slug that also names a page of its own (a tag)."""
    value = slug(value, hint="a tag names its page's file: shorten it")
    if value in RESERVED:
        raise ContentError(f"'{value}' is a reserved name", hint="choose a more specific name")
    return value


def list_of(item: Callable) -> Callable:
    def parse(value):
        if isinstance(value, str) and "," in value:   # 'actors: rvc, fsb' is one text
            items = ", ".join(part.strip() for part in value.split(","))
            raise ContentError("is one value with commas in it, not a list",
                               hint=f"write a list in brackets: [{items}]"[:200] +
                               (f'; or, for one name with a comma in it, ["{value.strip()}"]'
                                [:120] if item is text else ""))
        if isinstance(value, str):
            value = [value]  # a lone value is a one-item list
        if not isinstance(value, list):
            raise ContentError(f"expected a list, got {describe_type(value)}")
        if len(value) > MAX_ITEMS:
            raise ContentError(f"has {len(value)} items; the limit is {MAX_ITEMS}")
        out = []
        for i, entry in enumerate(value):
            try:
                out.append(item(entry))
            except ContentError as exc:
                raise ContentError(f"item {i + 1}: {exc.message}", hint=exc.hint,
                                   item=i) from None
        if len(set(out)) != len(out):
            raise ContentError("lists the same value twice")
        return tuple(out)
    return parse


def mappings(value) -> list:
    """A list of 'field: value' entries such as `sources`; checked entry by entry later."""
    if not isinstance(value, list):
        raise ContentError(f"must be a list of entries, got {describe_type(value)}",
                           hint="start each entry on its own line with '- '")
    return value


def choice(options) -> Callable:
    def parse(value):
        if value not in options:
            raise ContentError(f"{value!r} is not one of {', '.join(options)}"[:200],
                               hint=did_you_mean(value, options))
        return value
    return parse


def url(value) -> str:
    value = text(value)
    if not re.fullmatch(r"https?://[^\s<>\"'`]+", value, re.IGNORECASE):
        bare = re.fullmatch(r"(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?", value)   # 'example.org/x'
        raise ContentError(f"{value[:80]!r} is not an http(s) URL",
                           hint=f"write the whole address, 'https://{value[:80]}'" if bare
                           else "only http:// and https:// links are allowed")
    return value


def base_url(value) -> str:
    """Where the site is published: page paths are appended to it, so it needs a host
    and may not end in a query or a fragment."""
    value = url(value)
    hint = "write the address of the site's folder, e.g. https://example.org/chronology/"
    try:
        parts = urlsplit(value)
        parts.port   # raises on a port that is not a number
    except ValueError as exc:
        raise ContentError(f"{value[:80]!r} is not a valid URL ({exc})", hint=hint) from None
    if not parts.hostname:
        raise ContentError(f"{value[:80]!r} has no host name", hint=hint)
    if "@" in parts.netloc:   # every page's canonical link would publish it
        raise ContentError(f"{value[:80]!r} has a user name or password",
                           hint="every page would show it: remove everything up to the '@'")
    if "?" in value or "#" in value:
        raise ContentError(f"{value[:80]!r} has a query or a fragment",
                           hint="page paths are added to its end: remove everything from the '?' or '#'")
    return value


def language(value) -> str:
    if not isinstance(value, str) or not _LANG.fullmatch(value):
        raise ContentError(f"{value!r} is not a language tag"[:100], hint="e.g. 'en' or 'ru'")
    return value


def archive_name(value) -> str:
    value = text(value)
    if "/" in value or "\\" in value or value.startswith("."):
        raise ContentError(f"{value!r} must be a plain file name inside the archive directory")
    return value


def make_slug(name: str) -> str:
    """A slug for any title or file name: ASCII-folded, lowercase, hyphenated."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:80].strip("-") or "untitled"


# --- declarations --------------------------------------------------------------

CITATION = {
    "source": Field(slug, True), "claimant": Field(slug), "via": Field(slug),
    "quote": Field(text), "says": Field(text),
}
RESPONSE = {"event": Field(slug, True), "relation": Field(choice(RELATIONS), True)}
EVENT = {
    "title": Field(text, True), "summary": Field(text), "start": Field(when, True),
    "end": Field(when), "approximate": Field(flag), "time_note": Field(text),
    "status": Field(choice(tuple(STATUSES)), True), "actors": Field(list_of(slug)),
    "places": Field(list_of(slug)), "tags": Field(list_of(page_name)),
    "sources": Field(mappings, True), "responds_to": Field(mappings), "draft": Field(flag),
}
SOURCE = {
    "title": Field(text, True), "publisher": Field(text, True), "published": Field(parse_date),
    "url": Field(url), "language": Field(language), "via": Field(list_of(slug)),
    "archive": Field(archive_name),
}
ACTOR = {
    "name": Field(text, True), "aliases": Field(list_of(text)),
    "kind": Field(choice(ACTOR_KINDS), True), "affiliation": Field(slug),
}
PLACE = {"name": Field(text, True), "aliases": Field(list_of(text)), "region": Field(text)}
ABOUT = {"title": Field(text)}   # the about page's title; its body opens the page
SITE = {
    "title": Field(text, True), "description": Field(text, True), "timezone": Field(load_zone, True),
    "language": Field(language, True), "base_url": Field(base_url),
}


def check_fields(data: dict, rules: dict, where: Where, prefix=()) -> tuple[dict, list]:
    """Apply `rules` to a mapping: unknown, missing and malformed fields become problems."""
    values, problems = {}, []
    for key in sorted(data, key=str):
        line = where.line(*prefix, key)
        if key not in rules:
            problems.append(Problem(where.path, line, f"unknown field '{_cut(key)}'",
                                    did_you_mean(key, rules) or f"known fields: {', '.join(rules)}"))
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
            item_line = line if exc.item is None else where.line(*prefix, key, exc.item)
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


def _cut(name: str, limit: int = 100) -> str:
    """A name from the content, short enough for a problem line ('? ' keys are unbounded)."""
    return name if len(name) <= limit else name[:limit] + "…"


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


def _where(path: str, fm: FrontMatter) -> Where:
    return Where(path, MappingProxyType(fm.lines), fm.start_line)


def _entries(values, key, rules, where, problems) -> list[dict]:
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


def _body_html(where: Where, fm: FrontMatter, problems: list) -> str:
    try:
        return markup.to_html(fm.body)
    except ContentError as exc:
        problems.append(Problem(where.path, fm.body_line + exc.line, exc.message, exc.hint))
        return ""


def body_links(html: str, body: str, body_line: int) -> tuple:
    """The body's links into the site with their lines in the file, for sitelinks.py
    to check once every page is known."""
    return tuple((href, body_line + line) for href, line in sitelinks.site_links(html, body))


def validate_event(slug_: str, path: str, fm: FrontMatter, zone) -> tuple:
    where = _where(path, fm)
    values, problems = check_fields(fm.data, EVENT, where)
    problems += body_placeholders(fm, path)
    start = end = None
    for key in ("start", "end"):
        if key in values:
            try:
                when = parse_when(values[key], zone)
            except ContentError as exc:
                problems.append(Problem(path, where.line(key), f"'{key}' {exc.message}", exc.hint))
                continue
            start, end = (when, end) if key == "start" else (start, when)
    if start and end and end.is_before(start):
        problems.append(Problem(path, where.line("end"), "'end' is before 'start'",
                                _order_hint(start, end, zone)))
    citations = [Citation(index=i, **c) for i, c in
                 enumerate(_entries(values, "sources", CITATION, where, problems))]
    if "sources" in values and not values["sources"]:
        problems.append(Problem(path, where.line("sources"), "'sources' needs at least one citation"))
    responses = [Response(index=i, **r) for i, r in
                 enumerate(_entries(values, "responds_to", RESPONSE, where, problems))]
    body_html = _body_html(where, fm, problems)
    if problems:
        return None, problems
    summary = values.get("summary") or markup.first_sentence(markup.plain_text(body_html))
    return Event(
        slug=slug_, title=values["title"], summary=summary, start=start, end=end,
        status=values["status"], citations=tuple(citations), body=packed_html(body_html),
        approximate=values.get("approximate", False), time_note=values.get("time_note", ""),
        actors=values.get("actors", ()), places=values.get("places", ()),
        tags=values.get("tags", ()), responds_to=tuple(responses),
        draft=values.get("draft", False), links=body_links(body_html, fm.body, fm.body_line),
        where=where.packed()), []


def _order_hint(start, end, zone) -> str:
    """Both times in the site's zone: '11:00+04:00' is before '11:00+03:00', which
    the values as written do not show."""
    name = getattr(zone, "key", None) or str(zone)
    when = lambda w: w.iso(zone).replace("T", " ")[:16]
    return (f"in {name}, 'start' is {when(start)} and 'end' {when(end)}; "
            "correct one of them, or swap them")


def _record_validator(cls, rules: dict):
    """Validation for a record with plain fields and a Markdown body (source, actor, place)."""
    def validate(slug_, path, fm, zone=None):
        where = _where(path, fm)
        values, problems = check_fields(fm.data, rules, where)
        problems += body_placeholders(fm, path)
        body_html = _body_html(where, fm, problems)
        if problems:
            return None, problems
        return cls(slug=slug_, body_html=body_html, where=where.packed(),
                   links=body_links(body_html, fm.body, fm.body_line), **values), []
    return validate


validate_source = _record_validator(Source, SOURCE)
validate_actor = _record_validator(Actor, ACTOR)
validate_place = _record_validator(Place, PLACE)


def validate_about(path: str, fm: FrontMatter) -> tuple:
    """about.md, checked as a record is: (the about page's title, its body as HTML,
    the body's links into the site), and the problems."""
    where = _where(path, fm)
    values, problems = check_fields(fm.data, ABOUT, where)
    problems += body_placeholders(fm, path)
    html = _body_html(where, fm, problems)
    links = body_links(html, fm.body, fm.body_line) if html else ()
    return (values.get("title", ABOUT_TITLE), html, links), problems


def validate_site(path: str, data, lines, about_html: str = "",
                  about_title: str = ABOUT_TITLE) -> tuple:
    where = Where(path, MappingProxyType(lines), 1)
    if data is None:
        return None, []  # unreadable: load has reported it
    if not isinstance(data, dict) or not data:
        return None, [Problem(path, 1, "site.yaml must be a mapping of 'field: value' lines",
                              "set title, description, timezone and language")]
    values, problems = check_fields(data, SITE, where)
    if problems:
        return None, problems
    return SiteConfig(about_html=about_html, about_title=about_title, **{
        "title": values["title"], "description": values["description"],
        "timezone": values["timezone"], "language": values["language"],
        "base_url": values.get("base_url", "").rstrip("/")}), []


VALIDATORS = {"events": validate_event, "sources": validate_source,
              "actors": validate_actor, "places": validate_place}

"""Field rules for each record type, declared once, and validation into records.

`validate_*` take a loaded document and return (record or None, problems).
Only the shape of one document is checked here; references between documents
are checked by `link`.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Callable
from urllib.parse import urlsplit

from . import markup, sitelinks
from .frontmatter import FrontMatter
from .model import (ABOUT_TITLE, ACTOR_KINDS, BUILT_IN_SIDES, CHRONOLOGY_PAGE_LIMIT,
                    DISPUTE_KINDS, FEED_ENTRIES, RELATIONS, STATUSES, AccountRef, Actor,
                    Citation, Dispute, Event, Place, Response, SiteConfig, Source, Where)
from .present import short_date
from .problems import ContentError, Problem, describe_type, did_you_mean
from .timeparse import load_zone, parse_date, parse_when

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
MAX_TEXT = 2000  # a title or quote longer than this is a mistake, not content
PLACEHOLDER = "TODO"  # what `build.py new` leaves for a contributor to fill in
MAX_KEY_POINT = 100  # characters: a line of the "What happened" summary
MAX_ITEMS = 200  # a list longer than this is a mistake (or an attack), not content
# C0/C1 control characters other than whitespace (which is folded): invisible,
# invalid in HTML, and a NUL would crash file-system calls.
_CONTROL = markup.CONTROL
# Bidirectional embeddings, overrides and isolates: U+202E shows what follows it
# backwards, across the title's end into the text beside it ('Trojan Source').
# Right-to-left words read correctly without them: the pages isolate names.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
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
    if _BIDI.search(value):
        raise ContentError("contains a bidirectional control character "
                           f"(U+{ord(_BIDI.search(value).group()):04X})",
                           hint="delete it: it can reverse how the text beside it reads; "
                                "right-to-left words show correctly without it")
    if not value:
        raise ContentError("must not be empty")
    if len(value) > MAX_TEXT:
        raise ContentError(f"is {len(value)} characters long; the limit is {MAX_TEXT}")
    return value


def key_point(value) -> str:
    """An event's line in the index's "What happened": short enough to read at a glance."""
    value = text(value)
    if len(value) > MAX_KEY_POINT:
        raise ContentError(f"is {len(value)} characters long; a key point is one line of at "
                           f"most {MAX_KEY_POINT}", hint="say the one thing that happened, and "
                           "whose claim it is ('Legion says it took Kozinka'); the summary and "
                           "the text say the rest")
    return value


def count(value) -> int:
    """A whole number of at least 1 (feed entries, events on a page)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ContentError(f"expected a whole number of at least 1, got {value!r}"[:100])
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


def number(value):
    """A figure: digits, as YAML reads them (12, 2.5); a whole 12.0 is 12."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ContentError(f"expected a number, got {describe_type(value)}",
                           hint="write the figure in digits and the article's words in "
                                "'text', e.g. value: 12 and text: a dozen")
    if not math.isfinite(value) or abs(value) > 10 ** 15:
        raise ContentError(f"{value!r} is not a figure"[:100], hint="write the figure in digits")
    return int(value) if isinstance(value, float) and value.is_integer() else value


def sides(value) -> tuple:
    """site.yaml's `sides`: 'slug: label' lines in the order pages show them; the
    built-in sides not declared there follow them."""
    if not isinstance(value, dict) or not value:
        raise ContentError(f"must be a mapping of 'slug: label' lines, got {describe_type(value)}",
                           hint="one side a line, e.g. 'russia: Russian officials', in the "
                                "order pages show them")
    if len(value) > MAX_ITEMS:
        raise ContentError(f"has {len(value)} items; the limit is {MAX_ITEMS}")
    declared = []
    for key, label in value.items():
        try:
            declared.append((slug(key), text(label)))
        except ContentError as exc:
            raise ContentError(f"'{_cut(str(key))}' {exc.message}", hint=exc.hint, item=key) from None
    names = {name for name, _ in declared}
    return tuple(declared) + tuple(side for side in BUILT_IN_SIDES if side[0] not in names)


def url(value) -> str:
    """An http(s) address the site links to, leading to the host a reader sees in it."""
    value = text(value)
    if not re.fullmatch(r"https?://[^\s<>\"'`]+", value, re.IGNORECASE):
        bare = re.fullmatch(r"(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?", value)   # 'example.org/x'
        raise ContentError(f"{value[:80]!r} is not an http(s) URL",
                           hint=f"write the whole address, 'https://{value[:80]}'" if bare
                           else "only http:// and https:// links are allowed")
    _check_host(value)
    return value


def _check_host(value: str) -> None:
    """A host there, and nothing that disguises it: 'https://google.com@evil.example/'
    leads to evil.example, and so does an '@' written as '%40' in the host."""
    try:
        parts = urlsplit(value)
        parts.port   # raises on a port that is not a number
    except ValueError as exc:
        raise ContentError(f"{value[:80]!r} is not a valid URL ({exc})",
                           hint="copy the address from the browser's address bar") from None
    if not parts.hostname:
        raise ContentError(f"{value[:80]!r} has no host name",
                           hint="write the whole address, host included: https://example.org/...")
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:   # a page would show it, and link to the host after it
        raise ContentError(f"{value[:80]!r} has a user name or password",
                           hint=f"remove '{userinfo[:40]}@': the link leads to the host "
                                f"after the '@', '{parts.hostname[:40]}'")
    if "%" in parts.hostname:
        raise ContentError(f"{value[:80]!r} has a percent-encoded host name",
                           hint="write the host as the address bar shows it, without '%' "
                                "escapes, which can hide where the link leads")


def base_url(value) -> str:
    """Where the site is published: page paths are appended to it, so it needs a host
    (url checks that) and may not end in a query or a fragment."""
    value = url(value)
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
    "status": Field(choice(tuple(STATUSES)), True),
    "status_by": Field(list_of(slug)),   # whose claim, denial or dispute it is (attribution.py)
    "actors": Field(list_of(slug)),
    "places": Field(list_of(slug)), "tags": Field(list_of(page_name)),
    "sources": Field(mappings, True), "responds_to": Field(mappings), "draft": Field(flag),
    "key_point": Field(key_point),
}
SOURCE = {
    "title": Field(text, True), "name": Field(text), "publisher": Field(text, True), "published": Field(parse_date),
    "url": Field(url), "language": Field(language), "via": Field(list_of(slug)),
    "archive": Field(archive_name),
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
    if values.get("key_point") and values.get("draft"):
        problems.append(Problem(path, where.line("key_point"), "a draft's key point would not "
                                "be published", "remove 'key_point' until the event is published, "
                                "or remove 'draft: true'"))
    if problems:
        return None, problems
    summary = values.get("summary") or markup.first_sentence(markup.plain_text(body_html))
    return Event(
        slug=slug_, title=values["title"], summary=summary, start=start, end=end,
        status=values["status"], citations=tuple(citations), body_html=body_html,
        approximate=values.get("approximate", False), time_note=values.get("time_note", ""),
        actors=values.get("actors", ()), places=values.get("places", ()),
        tags=values.get("tags", ()), responds_to=tuple(responses),
        status_by=values.get("status_by"), draft=values.get("draft", False),
        key_point=values.get("key_point", ""), links=body_links(body_html, fm.body, fm.body_line),
        where=where), []


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
        return cls(slug=slug_, body_html=body_html, where=where,
                   links=body_links(body_html, fm.body, fm.body_line), **values), []
    return validate


_validate_source = _record_validator(Source, SOURCE)


def validate_source(slug_, path, fm, zone=None) -> tuple:
    source, problems = _validate_source(slug_, path, fm, zone)
    return (replace(source, name=source_name(source)) if source else None), problems


def source_name(source: Source) -> str:
    """The short name readers can match across pages: the record's `name`, else
    'Publisher, 22 May 2023', else the headline's first words: a 25-word headline
    repeated in every list and account buries the list."""
    if source.name:
        return source.name
    if source.publisher != "unknown":
        day = source.published
        return f"{source.publisher}, {short_date(day)}" if day else source.publisher
    words = source.title.split()
    return " ".join(words[:6]) + ("…" if len(words) > 6 else "")
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
        "base_url": values.get("base_url", "").rstrip("/"), "updated": values.get("updated"),
        "feed_entries": values.get("feed_entries", FEED_ENTRIES),
        "chronology_page_limit": values.get("chronology_page_limit", CHRONOLOGY_PAGE_LIMIT),
        "sides": values.get("sides", BUILT_IN_SIDES)}), []


def validate_dispute(slug_, path, fm, zone=None) -> tuple:
    """A dispute's own shape; whether each account is a citation of its event is
    for link (disputes.py), which knows the events."""
    where = _where(path, fm)
    values, problems = check_fields(fm.data, DISPUTE, where)
    problems += body_placeholders(fm, path)
    before = len(problems)
    accounts = tuple(AccountRef(index=i, **a) for i, a in
                     enumerate(_entries(values, "accounts", ACCOUNT, where, problems)))
    if "kind" in values and len(problems) == before:   # else the items' places are not known
        problems += _account_values(values["kind"], accounts, where)
    if "accounts" in values and len(values["accounts"]) < 2:
        problems.append(Problem(path, where.line("accounts"), "'accounts' needs at least two accounts",
                                "a dispute sets two or more accounts side by side"))
    body_html = _body_html(where, fm, problems)
    if problems:
        return None, problems
    return Dispute(slug=slug_, question=values["question"], kind=values["kind"],
                   accounts=accounts, body_html=body_html, where=where,
                   links=body_links(body_html, fm.body, fm.body_line)), []


def _account_values(kind: str, accounts, where: Where) -> list[Problem]:
    """A figure's accounts each give a value or say in words why not; an account
    dispute's give none (its accounts differ in what they say, not in a number)."""
    problems = []
    for a in accounts:
        if kind == "figure" and a.value is None and not a.text:
            problems.append(Problem(where.path, where.line("accounts", a.index),
                                    f"'accounts' item {a.index + 1} gives neither 'value' nor 'text'",
                                    "give the figure it reports (value: 12), or say in 'text' "
                                    "why it gives none (text: not yet known)"))
        elif kind != "figure" and a.value is not None:
            problems.append(Problem(where.path, where.line("accounts", a.index, "value"),
                                    f"'accounts' item {a.index + 1} gives a 'value', which only "
                                    "a figure dispute has",
                                    f"this dispute's kind is '{kind}': say the account's version "
                                    "in 'text', or make it 'kind: figure'"))
    return problems


VALIDATORS = {"events": validate_event, "sources": validate_source,
              "actors": validate_actor, "places": validate_place, "disputes": validate_dispute}

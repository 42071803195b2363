"""What one field's value may be: each checker takes a value as YAML read it and
returns it cleaned (a list as a tuple, a whole 12.0 as 12), or raises ContentError
saying what is wrong and how to mend it. fields.py declares which checker each
field of each record has.
"""
from __future__ import annotations

import math
import re
import unicodedata
from typing import Callable
from urllib.parse import urlsplit

from . import markup
from .model import BUILT_IN_SIDES, Correction
from .problems import ContentError, describe_type, did_you_mean
from .timeparse import parse_date

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
MAX_TEXT = 2000  # a title or quote longer than this is a mistake, not content
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
    parse.item = item   # what the JSON Schema of an extra field is made from
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
    parse.options = options   # as parse.item above
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


CORRECTION = ("date", "note")   # the fields of a correction, in the order hints name them


def corrections(value) -> tuple:
    """`corrections`: what changed after publication, each a `date` (YYYY-MM-DD) and a
    `note`, as Correction records in date order (those of one day as written). A
    mistake is reported at its line: `item` is the path to it inside the list."""
    if not isinstance(value, list):
        raise ContentError(f"must be a list of corrections, got {describe_type(value)}",
                           hint="start each with '- date: YYYY-MM-DD' and give it a 'note' "
                                "on the next line")
    if len(value) > MAX_ITEMS:
        raise ContentError(f"has {len(value)} items; the limit is {MAX_ITEMS}")
    return tuple(sorted((_correction(i, item) for i, item in enumerate(value)),
                        key=lambda c: c.date))


def _correction(i: int, item) -> Correction:
    if not isinstance(item, dict):
        raise ContentError(f"item {i + 1} must be a mapping", item=i,
                           hint="write it as '- date: YYYY-MM-DD' and 'note: ...' below it")
    for key in item:
        if key not in CORRECTION:
            raise ContentError(f"item {i + 1} has an unknown key '{clipped(str(key))}'",
                               hint=did_you_mean(str(key), CORRECTION) or
                               "a correction has a 'date' and a 'note'", item=(i, key))
    checked = {}
    for key, parse in (("date", parse_date), ("note", text)):
        if item.get(key) is None:
            raise ContentError(f"item {i + 1} has no '{key}'", item=(i, key) if key in item else i,
                               hint="a correction says when (date: YYYY-MM-DD) and what "
                                    "readers were told before (note: ...)")
        try:
            checked[key] = parse(item[key])
        except ContentError as exc:
            raise ContentError(f"item {i + 1}: '{key}' {exc.message}", hint=exc.hint,
                               item=(i, key)) from None
    return Correction(**checked)


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
            raise ContentError(f"'{clipped(str(key))}' {exc.message}", hint=exc.hint, item=key) from None
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



def clipped(name: str, limit: int = 100) -> str:
    """A name from the content, short enough for a problem line ('? ' keys are unbounded)."""
    return name if len(name) <= limit else name[:limit] + "…"

"""`build.py new KIND "Title"`: start a record file with its required fields.

Values the contributor still has to supply are written as 'TODO...'
placeholders, which validation reports as 'fill in ...' problems, so a
half-finished record can never be published by accident.
"""
from __future__ import annotations

import json
from datetime import timezone
from pathlib import Path

from .frontmatter import parse
from .listing import Disk, kind_problem
from .load import load_head
from .problems import ContentError, Problem
from .fields import PLACEHOLDER
from .values import MAX_SLUG, RESERVED, SLUG, make_slug, text
from .timeparse import parse_when
from .zones import load_zone

KINDS = {"event": "events", "source": "sources", "actor": "actors", "place": "places",
         "dispute": "disputes"}

HEADER = """\
# A new {kind}. Replace every TODO, then run: make check
# Every field is explained in CONTRIBUTING.md; lines starting with '#' are optional.
"""

TEMPLATES = {
    "event": """\
title: {title}
start: {start}  # 2023-05-22T11:00+03:00, the day alone: 2023-05-22, or {{date: 2023-05-22, part: early}}
# end: 2023-05-22T13:00+03:00
# phrase: early on Monday  # the article's words, with a part of a day or an hour
# time_note: Al Jazeera  # where the time comes from
# after: [event-slug]  # events the article says this one came after
status: {todo}  # confirmed, reported, claimed, disputed or denied
# key_point: "Legion says it took Kozinka"  # its line in the index's "What happened"; 7 at most
# actors: [actor-slug]
# places: [place-slug]
# tags: [tag-slug]
sources:
  - source: {todo}-source-slug  # a file name in content/sources/, without .md
    # claimant: actor-slug  # who made the claim the article reports
    # via: actor-slug  # the outlet the article relays it through
    # quote: "exact words from the article"
    # says: this account's version, when accounts differ
# responds_to:
#   - event: other-event-slug
#     relation: denies  # denies, confirms, contradicts or answers
""",
    "source": """\
title: {title}
name: {todo}  # a short name readers can match, e.g. "Reuters, 22 May"
publisher: {todo}  # as the article names it; unknown when it does not
# published: 2023-05-22
# url: https://example.org/article  # only a URL you have seen; never guessed
# language: en
# via: [actor-slug]  # outlets or agencies the article cites
# archive: plain-text-copy.txt
""",
    "actor": """\
name: {title}
kind: {todo}  # group, person, institution, media or state
# aliases: [Other name]
# affiliation: actor-slug
""",
    "place": """\
name: {title}
# aliases: [Other spelling]
# region: Belgorod region
""",
    "dispute": """\
question: {title}
kind: {todo}  # figure (the accounts give different numbers) or account
accounts:  # each one a citation of an event, named as the event writes it
  - event: {todo}-event-slug
    source: {todo}-source-slug
    # claimant: actor-slug  # as the citation has it; leave out where it has none
    # via: actor-slug  # the same
    # quote: "some of its quoted words"  # only where the three above do not tell it apart
    # value: 12  # a figure dispute's number, in digits
    # text: a dozen  # the article's words for it, or why there is none
  - event: {todo}-event-slug
    source: {todo}-source-slug
""",
}

BODIES = {
    "event": "What happened, in your own words, as the sources report it.",
    "source": "A short summary of the article, in your own words.",
    "actor": "Who they are, according to the sources.",
    "place": "What the sources say about the place.",
    "dispute": "A line or two on the dispute for the disputed page, or delete this line.",
}


class ScaffoldError(Exception):
    """The file cannot be created; nothing was written."""


class FolderProblem(Exception):
    """The kind's folder cannot take the file, for a reason `check` reports too
    (a link out of the content folder, say); nothing was written."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def render(kind: str, title: str, start: str | None = None) -> str:
    """The text of a new record file."""
    fields = TEMPLATES[kind].format(
        title=_yaml_text(title), todo=PLACEHOLDER,
        start=_yaml_text(start) if start else f"{PLACEHOLDER}-start-time")
    body = f"{PLACEHOLDER}: {BODIES[kind]}"
    return f"---\n{HEADER.format(kind=kind)}{fields}---\n{body}\n"


def create(content: Path, kind: str, title: str, slug: str | None = None,
           start: str | None = None) -> Path:
    """Write content/<kind>s/<slug>.md; refuse to replace an existing file. The text
    is made and checked first, and the file written whole or not at all."""
    _check("the title", title, text)
    if start is not None:   # read as the build will: a local time in the site's zone
        zone = _site_zone(content)
        _check("--start", start, lambda value: parse_when(value, zone))
    if slug is None:
        slug = make_slug(title)
        if slug == "untitled" and make_slug(title + " x") == "x":   # no ASCII letter in it
            raise ScaffoldError("a file name is made of the title's ASCII letters and digits, "
                                f"and '{title}' has none; give one with --slug, e.g. "
                                "--slug graivoron-checkpoint-attacked")
    if not SLUG.fullmatch(slug) or slug in RESERVED or len(slug) > MAX_SLUG:
        why = (f"'{slug}' is a reserved name" if slug in RESERVED else
               f"it is {len(slug)} characters long; the limit is {MAX_SLUG}"
               if len(slug) > MAX_SLUG else
               f"use lowercase letters, digits and single hyphens, e.g. '{make_slug(slug)}'")
        raise ScaffoldError(f"'{slug}' cannot be a file name here; choose another with "
                            f"--slug: {why}")
    data = render(kind, title, start)
    try:   # what the build will read: anything YAML refuses that the checks above let by stops here
        parse(data)
    except ContentError as exc:
        reason = exc.message.splitlines()[0]
        raise ScaffoldError(f"the title cannot be written in a record file: {reason}") from None
    problem = kind_problem(content, KINDS[kind])   # the build would not read the file there
    if problem is not None:
        raise FolderProblem(problem)
    path = content / KINDS[kind] / f"{slug}.md"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_new(path, data.encode("utf-8"))
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; edit it, or choose another "
                            "title or --slug") from None
    except OSError as exc:
        raise ScaffoldError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def _site_zone(content: Path):
    """The site's time zone; UTC when site.yaml cannot say (the build reports why)."""
    try:
        return load_zone(load_head(content, Disk())[0].site_data["timezone"])
    except (ContentError, KeyError, TypeError):
        return timezone.utc


def _check(name: str, value: str, check) -> None:
    """Raise a ScaffoldError saying what is wrong with `value`, if `check` finds anything."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:   # bytes the terminal passed that are not UTF-8
        raise ScaffoldError(f"{name} is not valid UTF-8; check your terminal's encoding") \
            from None
    try:
        check(value)
    except ContentError as exc:
        hint = f"; {exc.hint}" if exc.hint else ""
        raise ScaffoldError(f"{name} {exc.message}{hint}") from None


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` with `data`; never replace a file, never leave half of one."""
    file = open(path, "xb")   # 'x': never overwrite
    try:
        with file:   # closing writes too: a full disk can fail there
            file.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _yaml_text(value: str) -> str:
    """A one-line YAML string that reads back exactly (JSON strings are YAML)."""
    return json.dumps(" ".join(value.split()), ensure_ascii=False)

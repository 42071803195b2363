"""Validation into records: each `validate_*` takes a loaded document and returns
(record or None, problems), checking its fields against their declarations
(fields.py) and what the fields say together (an end before its start, a draft's
key point). Only the shape of one document is checked here; references between
documents are checked by `link`.
"""
from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from . import markup, sitelinks
from .fields import (ABOUT, ACCOUNT, ACTOR, CITATION, DISPUTE, EVENT, PLACE, RESPONSE, SITE,
                     SOURCE, body_placeholders, check_entries, check_fields, take_extra)
from .frontmatter import FrontMatter
from .model import (ABOUT_TITLE, AccountRef, Actor, Citation, Dispute, Event, Place, Response,
                    SiteConfig, Source, Where)
from .present import short_date
from .problems import ContentError, Problem
from .timeparse import parse_when


def _where(path: str, fm: FrontMatter) -> Where:
    return Where(path, MappingProxyType(fm.lines), fm.start_line)


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
    start, end = _times(values, where, zone, problems)
    problems += _time_words(values, start, end, where, slug_)
    citations = tuple(Citation(index=i, **c) for i, c in
                      enumerate(check_entries(values, "sources", CITATION, where, problems)))
    if "sources" in values and not values["sources"]:
        problems.append(Problem(path, where.line("sources"), "'sources' needs at least one citation"))
    elif citations and all(c.commentary for c in citations):
        problems.append(Problem(path, where.line("sources"), "every citation is commentary",
                                "an event rests on at least one report; commentary only adds "
                                "an opinion of it"))
    responses = tuple(Response(index=i, **r) for i, r in
                      enumerate(check_entries(values, "responds_to", RESPONSE, where, problems)))
    body_html = _body_html(where, fm, problems)
    if values.get("key_point") and values.get("draft"):
        problems.append(Problem(path, where.line("key_point"), "a draft's key point would not "
                                "be published", "remove 'key_point' until the event is published, "
                                "or remove 'draft: true'"))
    if problems:
        return None, problems
    # Each field as checked where Event has it, else Event's default.
    fields = dict(values, start=start, end=end, citations=citations, responds_to=responses,
                  summary=values.get("summary") or markup.first_sentence(markup.plain_text(body_html)))
    del fields["sources"]   # they are the citations
    extra = take_extra(EVENT, fields)
    return Event(slug=slug_, body_html=body_html, where=where, extra=extra,
                 links=body_links(body_html, fm.body, fm.body_line), **fields), []


def _times(values: dict, where: Where, zone, problems: list) -> tuple:
    """`start` and `end` as timeparse reads them (None where missing or wrong)."""
    start = end = None
    for key in ("start", "end"):
        if key in values:
            try:
                when = parse_when(values[key], zone)
            except ContentError as exc:
                problems.append(Problem(where.path, where.line(key), f"'{key}' {exc.message}",
                                        exc.hint))
                continue
            start, end = (when, end) if key == "start" else (start, when)
    if start and end and end.is_before(start):
        problems.append(Problem(where.path, where.line("end"), "'end' is before 'start'",
                                _order_hint(start, end, zone)))
    return start, end


def _time_words(values: dict, start, end, where, slug_: str) -> list:
    """A window or an hour is the article's: its words go with it. An event does
    not follow itself."""
    problems = []
    vague = [w for w in (start, end) if w and not w.is_day and w.precision != "minute"]
    if vague and not values.get("phrase"):
        problems.append(Problem(where.path, where.line("start"), "a part of a day or an hour "
                                "needs the article's words for it", "add a line 'phrase: ...', "
                                "e.g. phrase: early on Monday"))
    if slug_ in values.get("after", ()):
        problems.append(Problem(where.path, where.line("after"), "an event cannot follow itself"))
    return problems


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
        extra = take_extra(rules, values)
        return cls(slug=slug_, body_html=body_html, where=where, extra=extra,
                   links=body_links(body_html, fm.body, fm.body_line), **values), []
    return validate


validate_actor = _record_validator(Actor, ACTOR)
validate_place = _record_validator(Place, PLACE)
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
    base = values.get("base_url", "").rstrip("/")
    return SiteConfig(about_html=about_html, about_title=about_title,
                      **{**values, "base_url": base}), []


def validate_dispute(slug_, path, fm, zone=None) -> tuple:
    """A dispute's own shape; whether each account is a citation of its event is
    for link (disputes.py), which knows the events."""
    where = _where(path, fm)
    values, problems = check_fields(fm.data, DISPUTE, where)
    problems += body_placeholders(fm, path)
    before = len(problems)
    accounts = tuple(AccountRef(index=i, **a) for i, a in
                     enumerate(check_entries(values, "accounts", ACCOUNT, where, problems)))
    if "kind" in values and len(problems) == before:   # else the items' places are not known
        problems += _account_values(values["kind"], accounts, where)
    if "accounts" in values and len(values["accounts"]) < 2:
        problems.append(Problem(path, where.line("accounts"), "'accounts' needs at least two accounts",
                                "a dispute sets two or more accounts side by side"))
    body_html = _body_html(where, fm, problems)
    if problems:
        return None, problems
    extra = take_extra(DISPUTE, values)
    return Dispute(slug=slug_, **{**values, "accounts": accounts}, body_html=body_html,
                   extra=extra, where=where,
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

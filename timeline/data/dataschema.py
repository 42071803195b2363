"""The JSON Schema (draft 2020-12) of data/events.json, declared once.

The descriptions double as the field reference on data.html, so the page and
the schema cannot drift apart.
"""
from __future__ import annotations

from .. import values
from ..fields import ACTOR, DISPUTE, EVENT, PLACE, SOURCE, extra_fields
from ..model import ACTOR_KINDS, DISPUTE_KINDS, RELATIONS, STATUSES
from ..timeparse import DAY, MINUTE, parse_date

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _s(description: str, kind="string", **more) -> dict:
    return {"type": kind, "description": description, **more}


def _maybe(description: str, kind="string", **more) -> dict:
    return {"type": [kind, "null"], "description": description, **more}


def _obj(properties: dict, description: str = "") -> dict:
    out = {"type": "object", "required": list(properties), "additionalProperties": False,
           "properties": properties}
    return {"description": description, **out} if description else out


SLUG = _s("the record's slug: lowercase ASCII words joined by hyphens",
          pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
PAGE = _s("path of the record's page, relative to the site root")
TIME = _s("ISO 8601 in the site's time zone: a date (day precision) or a date-time with offset",
          pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}[+-]\d{2}:\d{2})?$")
PRECISION = _s("how precise the sources are: 'day' or 'minute'", enum=[DAY, MINUTE])
STAMP = _s("RFC 3339 UTC date-time", pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DATE = _maybe("publication date (YYYY-MM-DD), null when the article gives none",
              format="date", pattern=r"^\d{4}-\d{2}-\d{2}$")
ACTOR_REF = {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/actor_ref"}]}
CORRECTIONS = _s("what changed after publication that alters what a reader was told, in "
                 "date order: the day of each correction and a note saying what it said "
                 "before and what it says now; empty when nothing was corrected", "array",
                 items={"$ref": "#/$defs/correction"})
# What each value checker (values.py) returns, as the data files publish it (records.py).
VALUES = {
    values.text: {"type": "string"}, values.key_point: {"type": "string"},
    values.language: {"type": "string"}, values.archive_name: {"type": "string"},
    values.url: {"type": "string", "format": "uri"},
    values.slug: {"type": "string", "pattern": SLUG["pattern"]},
    values.page_name: {"type": "string", "pattern": SLUG["pattern"]},
    parse_date: {"type": "string", "format": "date", "pattern": DATE["pattern"]},
    values.flag: {"type": "boolean"}, values.number: {"type": "number"},
    values.count: {"type": "integer", "minimum": 1},
}


def value_schema(parse) -> dict:
    """The JSON Schema of what a checker returns: one in VALUES, or a list or a
    choice of them (values.list_of and values.choice say what they are made of)."""
    if hasattr(parse, "item"):
        return {"type": "array", "items": value_schema(parse.item)}
    if hasattr(parse, "options"):
        return {"type": "string", "enum": list(parse.options)}
    if parse not in VALUES:
        raise TypeError(f"an extra field's checker must be one of VALUES (dataschema.py), or a "
                        f"list_of or choice of them; not {getattr(parse, '__name__', parse)}")
    return VALUES[parse]


def extra_properties(rules: dict) -> dict:
    """The extra fields (fields.Extra) of a record kind: each as its checker's
    values, or null where a file gives none."""
    out = {}
    for name, rule in extra_fields(rules).items():
        more = dict(value_schema(rule.parse))
        if "enum" in more:
            more["enum"] = [*more["enum"], None]
        out[name] = {"type": [more.pop("type"), "null"], "description": rule.about, **more}
    return out


EVENT_FIELDS = {
    "slug": SLUG,
    "id": _s("stable identifier of the event (urn:uuid), the same in the feed and calendar"),
    "title": _s("headline of the event"),
    "summary": _s("one plain-text sentence"),
    "page": PAGE,
    "url": _maybe("absolute address of the event page; null unless the site was built with --base-url"),
    "status": _s("how well the event is established; see 'statuses'", enum=list(STATUSES)),
    "status_by": _s("whose claim, denial or dispute the status is: the event's claimants "
                    "when claimed; when denied or disputed, those on the other side; empty "
                    "when it is no one's", "array", items={"$ref": "#/$defs/actor_ref"}),
    "start": TIME,
    "start_precision": PRECISION,
    "end": {**_maybe("end, same forms as start; null when the sources give none"),
            "pattern": TIME["pattern"]},
    "end_precision": _maybe("precision of the end; null without an end", enum=[DAY, MINUTE, None]),
    "approximate": _s("true when the time is an estimate, not a stated time", "boolean"),
    "time_note": _maybe("the sources' own wording about the time, e.g. 'early Monday'"),
    "actors": _s("who is involved", "array", items={"$ref": "#/$defs/event_actor"}),
    "places": _s("where it happened", "array", items={"$ref": "#/$defs/event_place"}),
    "tags": _s("topic tags (slugs)", "array", items=SLUG),
    "accounts": _s("the citations: which article, who claims it, relayed by whom, exact "
                   "quotation and this account's version", "array",
                   items={"$ref": "#/$defs/account"}, minItems=1),
    "responds_to": _s("earlier events this one denies, confirms, contradicts or answers",
                      "array", items={"$ref": "#/$defs/response"}),
    "independent_reporters": _s("number of different speakers or outlets behind the "
                                "accounts (relays of one outlet or speaker count once; the "
                                "parties to a dispute count too; commentary counts for none)",
                                "integer", minimum=1),
    "disputed": _s("true when accounts differ or the status is disputed or denied", "boolean"),
    "disputes": _s("ids of the disputes in data/disputes.json that cite this event",
                   "array", items=SLUG),
    "updated": {**STAMP, "description": "latest of the event's own time, the publication "
                                        "dates of its sources and the dates of its "
                                        "corrections (never the build time)"},
    "corrections": CORRECTIONS,
    "body_html": _s("the entry's text as sanitised HTML"),
    **extra_properties(EVENT),
}

DEFS = {
    "actor_ref": _obj({"slug": SLUG, "name": _s("display name"), "page": PAGE}),
    "event_actor": _obj({"slug": SLUG, "name": _s("display name"), "page": PAGE,
                         "kind": _s("kind of actor", enum=list(ACTOR_KINDS))}),
    "event_place": _obj({"slug": SLUG, "name": _s("display name"),
                         "region": _maybe("region, when known"), "page": PAGE}),
    "account": _obj({
        "source": _obj({"slug": SLUG, "title": _s("article title"),
                        "name": _s("short name used in lists and accounts"),
                        "publisher": _s("publisher, or 'unknown'"), "published": DATE,
                        "url": _maybe("address of the article; null when not known"),
                        "page": PAGE}),
        "claimant": {**ACTOR_REF, "description": "who made the claim, if the article says"},
        "via": {**ACTOR_REF, "description": "the outlet the article relays, if any"},
        "quote": _maybe("short exact quotation from the article"),
        "says": _maybe("this account's version where accounts differ"),
        "commentary": _s("true when the account is commentary (an opinion, a pundit's "
                         "tweet), not reporting: it never counts as an independent reporter",
                         "boolean"),
    }),
    "correction": _obj({"date": {**_s("the day of the correction (YYYY-MM-DD)"),
                                 "format": "date", "pattern": DATE["pattern"]},
                        "note": _s("what the record said before, and what it says now")}),
    "response": _obj({"event": SLUG, "relation": _s("relation", enum=list(RELATIONS))}),
    "event": _obj(EVENT_FIELDS),
    "source": _obj({"slug": SLUG, "title": _s("article title"),
                    "name": _s("short name used in lists and accounts"),
                    "publisher": _s("publisher, or 'unknown'"), "published": DATE,
                    "url": _maybe("address of the article; null when not known"),
                    "language": _maybe("language of the article (BCP 47)"),
                    "via": _s("outlets the article cites (actor slugs)", "array", items=SLUG),
                    "page": PAGE, "corrections": CORRECTIONS, **extra_properties(SOURCE)}),
    "actor": _obj({"slug": SLUG, "name": _s("display name"),
                   "kind": _s("kind", enum=list(ACTOR_KINDS)),
                   "aliases": _s("other names", "array", items={"type": "string"}),
                   "affiliation": {**_maybe("slug of the actor it belongs to"),
                                   "pattern": SLUG["pattern"]},
                   "side": {**_maybe("the side it speaks for in disputes (its own or its "
                                     "affiliation's; see data/disputes.json), if any"),
                            "pattern": SLUG["pattern"]},
                   "page": PAGE, **extra_properties(ACTOR)}),
    "place": _obj({"slug": SLUG, "name": _s("display name"),
                   "aliases": _s("other names", "array", items={"type": "string"}),
                   "region": _maybe("region, when known"), "page": PAGE,
                   **extra_properties(PLACE)}),
}

SCHEMA = {
    "$schema": DIALECT,
    "title": "Events of a sourced chronology",
    "description": "data/events.json: every event with its resolved sources, actors, places "
                   "and accounts, and the sources, actors and places themselves.",
    **_obj({
        "title": _s("title of the chronology"),
        "description": _s("one-sentence description"),
        "language": _s("language of the texts (BCP 47)"),
        "timezone": _s("IANA time zone that the times are given in"),
        "base_url": _maybe("where the site is published; null when built for reading from disk"),
        "updated": {**STAMP, "description": "latest 'updated' of all events"},
        "statuses": {"type": "object", "description": "what each status means",
                     "additionalProperties": {"type": "string"}},
        "events": _s("events in chronological order", "array", items={"$ref": "#/$defs/event"}),
        "sources": _s("every source, by slug", "array", items={"$ref": "#/$defs/source"}),
        "actors": _s("every actor, by slug", "array", items={"$ref": "#/$defs/actor"}),
        "places": _s("every place, by slug", "array", items={"$ref": "#/$defs/place"}),
    }),
    "$defs": DEFS,
}


MAYBE_SLUG = {"anyOf": [{"type": "null"}, SLUG]}
FIGURE = {"type": ["number", "null"]}
EXTREME = _obj({
    "value": _s("the figure", "number"),
    "by": _s("the accounts that give it", "array", items=_obj({
        "source": SLUG, "claimant": {**MAYBE_SLUG, "description": "actor slug, if any"},
        "via": {**MAYBE_SLUG, "description": "actor slug, if any"}})),
})
# The fields of each dispute; the descriptions are data.html's table too.
DISPUTE_FIELDS = {
    "id": {**SLUG, "description": "the dispute's slug (its file in content/disputes/)"},
    "question": _s("what is disputed, as a question"),
    "kind": _s("'figure': the accounts give different numbers; 'account': they say "
               "different things happened", enum=list(DISPUTE_KINDS)),
    "page": _s("where the disputed page shows it, relative to the site root"),
    "events": _s("slugs of the events whose citations are its accounts, in chronological "
                 "order (data/events.json)", "array", items=SLUG, minItems=1),
    "accounts": _s("each account: one citation of an event (event, source, claimant, via, "
                   "quote), the side it speaks for, the figure it gives (value) and its words "
                   "(text: 'a dozen' beside 12, 'not yet known' without a value)", "array",
                   items={"$ref": "#/$defs/account"}, minItems=2),
    "range": {"anyOf": [{"type": "null"}, _obj({"low": EXTREME, "high": EXTREME})],
              "description": "for a figure: the lowest and highest figure given, and who "
                             "gave each; null for an account dispute or when no account "
                             "gives a figure"},
    **extra_properties(DISPUTE),
}
DISPUTES_SCHEMA = {
    "$schema": DIALECT,
    "title": "Disputes of a sourced chronology",
    "description": "data/disputes.json: each question the sources answer differently, with "
                   "the accounts that answer it, grouped by side on the disputed page.",
    **_obj({
        "title": _s("title of the chronology"),
        "sides": _s("the sides accounts are grouped by, in the order the page shows them",
                    "array", items=_obj({"slug": SLUG, "label": _s("what the page calls it")})),
        "disputes": _s("disputes in the order of their first event", "array",
                       items={"$ref": "#/$defs/dispute"}),
    }),
    "$defs": {
        "dispute": _obj(DISPUTE_FIELDS),
        "account": _obj({
            "event": SLUG, "source": SLUG,
            "claimant": {**MAYBE_SLUG, "description": "who made the claim (actor slug), if anyone"},
            "via": {**MAYBE_SLUG, "description": "the outlet the article relays (actor slug), if any"},
            "side": {**SLUG, "description": "the side it speaks for (one of 'sides')"},
            "quote": _maybe("the citation's exact quotation, if it has one"),
            "value": {**FIGURE, "description": "the figure it gives, as a number; null if none"},
            "text": _maybe("its words: the figure as worded, or the account's version"),
        }),
    },
}


# data/events.csv: one row per event, in this column order. Lists are joined by "; ".
# A text cell starting with = + - @, a tab or a CR gets a leading ' (opendata._inert).
# The extra fields (fields.Extra) follow the built-in columns.
CSV_COLUMNS = (
    ("slug", "the event's slug; its page is events/<slug>.html"),
    ("id", "stable identifier (urn:uuid), as in the feed and the calendar"),
    ("title", "headline"),
    ("start", "ISO 8601 in the site's time zone: a date, or a date-time with offset"),
    ("start_precision", "'day' or 'minute'"),
    ("end", "same forms as start; empty when the sources give no end"),
    ("end_precision", "'day', 'minute' or empty"),
    ("approximate", "'true' when the time is an estimate"),
    ("time_note", "the sources' own wording about the time"),
    ("status", "confirmed, reported, claimed, disputed or denied"),
    ("status_by", "names of those the status is attributed to (who claims, denies or disputes it)"),
    ("status_by_slugs", "their slugs, in the same order"),
    ("disputed", "'true' when accounts differ or the status is disputed or denied"),
    ("summary", "one plain-text sentence"),
    ("actors", "names of the actors involved"),
    ("actor_slugs", "their slugs, in the same order"),
    ("places", "place names"),
    ("place_slugs", "their slugs, in the same order"),
    ("tags", "topic tags"),
    ("source_slugs", "slugs of the cited articles, each once"),
    ("source_urls", "addresses of the cited articles that have one"),
    ("claimants", "names of those who made the claims, each once"),
    ("citations", "number of citations"),
    ("independent_reporters", "number of different speakers or outlets behind the accounts"),
    ("responds_to", "relation:event-slug pairs, e.g. denies:graivoron-shelling"),
    ("page", "path of the event page, relative to the site root"),
    ("url", "absolute address of the event page (only with --base-url)"),
    ("corrections", "number of corrections (their dates and notes are in events.json)"),
    ("corrected", "date of the latest correction (YYYY-MM-DD); empty when none"),
    *((name, rule.about) for name, rule in extra_fields(EVENT).items()),
)

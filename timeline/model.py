"""The records that flow between the stages: frozen, plain, typed.

Records refer to each other by slug; `link` resolves the slugs once and builds
the `Site`, which holds ready-made lists for the pages.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Optional
from zoneinfo import ZoneInfo

from .eventtime import Timed
from .timeparse import When

STATUSES = {
    "confirmed": "parties on opposing sides, or independent reporters, agree",
    "reported": "reported by the sources, not contradicted, not confirmed independently",
    "claimed": "asserted by one side only",
    "disputed": "contradicted by another source",
    "denied": "rejected by a party it concerns",
}
RELATIONS = ("denies", "confirms", "contradicts", "answers")
# How an event shows the relation from the other side ("A denies B" -> on B: "denied by A").
RELATION_PASSIVE = {"denies": "denied by", "confirms": "confirmed by",
                    "contradicts": "contradicted by", "answers": "answered by"}
ACTOR_KINDS = ("group", "person", "institution", "media", "state")
# What a dispute is about: a number the accounts give differently, or what happened.
DISPUTE_KINDS = ("figure", "account")
# The two sides every site has, whether or not site.yaml declares them (it may, to
# relabel or place them): an account without a claimant is the article's own
# reporting; a claimant no side is declared for speaks for no declared side.
INDEPENDENT, OTHER = "independent", "other"
BUILT_IN_SIDES = ((INDEPENDENT, "Independent reporting"), (OTHER, "Other voices"))

_EMPTY = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Where:
    """Where a record came from, to point problems at the right line."""
    path: str
    lines: Mapping = field(default_factory=lambda: _EMPTY)   # key path -> its line
    start_line: int = 1

    def line(self, *key) -> int:
        lines = self.lines
        for n in range(len(key), 0, -1):
            if key[:n] in lines:
                return lines[key[:n]]
        return self.start_line


ABOUT_TITLE = "About this chronology"   # the about page's, unless about.md gives one
FEED_ENTRIES = 50               # the latest events the Atom feed holds, unless site.yaml says
# The most events the chronology lists on one page; with more it has a page per day
# (link: Site.split). At about 1.2 KB an entry, 300 keep the index near 400 KB.
CHRONOLOGY_PAGE_LIMIT = 300
MAX_KEY_POINTS = 7              # the "What happened" summary's lines (schema, link)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    description: str
    timezone: ZoneInfo
    language: str
    base_url: str = ""
    about_html: str = ""    # optional content/about.md body
    about_title: str = ABOUT_TITLE   # its `title`
    updated: Optional[date] = None   # the content's date, when site.yaml gives it (Site.updated)
    feed_entries: int = FEED_ENTRIES
    chronology_page_limit: int = CHRONOLOGY_PAGE_LIMIT
    sides: tuple = BUILT_IN_SIDES    # ((slug, label), ...) in the order pages show them


@dataclass(frozen=True, slots=True)
class Correction:
    """What changed in a record after it was published, and when (values.corrections)."""
    date: date
    note: str


@dataclass(frozen=True, slots=True)
class Citation:
    source: str
    claimant: Optional[str] = None
    via: Optional[str] = None
    quote: str = ""
    says: str = ""
    commentary: bool = False   # opinion, not reporting: never counted towards confirmation
    index: int = 0          # position in the event's `sources` list

    @property
    def origin(self) -> str:
        """Who originally reported this account: the relayed outlet, else the
        claimant, else the article itself. Citations sharing one count once."""
        if self.via:
            return "actor:" + self.via
        if self.claimant:
            return "actor:" + self.claimant
        return "source:" + self.source


@dataclass(frozen=True, slots=True)
class Response:
    event: str
    relation: str
    index: int = 0


@dataclass(frozen=True, slots=True)
class Event(Timed):
    slug: str
    title: str
    summary: str
    start: When
    status: str
    citations: tuple[Citation, ...]
    body_html: str = ""
    end: Optional[When] = None
    phrase: str = ""        # the article's words for the time ("early on Monday")
    time_note: str = ""
    after: tuple[str, ...] = ()   # slugs of the events the articles say it followed
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    responds_to: tuple[Response, ...] = ()
    status_by: Optional[tuple[str, ...]] = None   # actor slugs; None: worked out (attribution.py)
    draft: bool = False
    key_point: str = ""  # its line in the index's "What happened" summary, if any
    corrections: tuple[Correction, ...] = ()   # in date order
    extra: tuple = ()     # ExtraValues of its extra fields, if its kind has any
    links: tuple = ()   # (href, line) of each link its body makes into the site (sitelinks.site_links)
    where: Where = field(default=Where(""), compare=False)

    @property
    def section(self) -> int:
        """Which part of its day the event is listed in: 0, the sources give only the
        day; 1, days only, over this and later days (a topic spanning them, or a
        statement whose day the sources do not give); 2, it has a clock time."""
        if not self.start.is_day or (self.after and self.end is None):
            return 2    # an `after` places it among the timed ones (order.ordered)
        spans = self.end is not None and self.end.is_day and self.end.moment > self.start.moment
        return 1 if spans else 0

    def sort_key(self, zone):
        """Chronological order: by day in the site zone; within a day, the events
        known only by that day open it (a reader meets "sometime on Monday" before
        Monday's 22:00), then those over several days, then the timed ones in time
        order. The chronology, its pages and previous/next all follow it."""
        end = self.end.moment if self.end else self.start.moment
        return (self.start.in_zone(zone).date(), self.section, self.start.moment,
                end, self.title.casefold(), self.slug)


@dataclass(frozen=True, slots=True)
class Source:
    slug: str
    title: str
    publisher: str
    name: str = ""          # what lists and accounts call it (schema.source_name)
    body_html: str = ""
    published: Optional[date] = None
    url: str = ""
    language: str = ""
    via: tuple[str, ...] = ()
    archive: str = ""
    corrections: tuple[Correction, ...] = ()   # in date order
    extra: tuple = ()     # ExtraValues of its extra fields, if its kind has any
    links: tuple = ()
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True, slots=True)
class Actor:
    slug: str
    name: str
    kind: str
    body_html: str = ""
    aliases: tuple[str, ...] = ()
    affiliation: Optional[str] = None
    side: Optional[str] = None     # one of site.yaml's `sides`; else its affiliation's
    extra: tuple = ()     # ExtraValues of its extra fields, if its kind has any
    links: tuple = ()
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True, slots=True)
class AccountRef:
    """One account of a dispute as written: the citation it is (by event, source and
    whatever else tells that event's citations apart) and the value it gives."""
    event: str
    source: str
    claimant: Optional[str] = None
    via: Optional[str] = None
    quote: str = ""                 # some of the citation's quoted words
    value: Optional[float] = None   # a figure dispute's number (an int when whole)
    text: str = ""                  # the account in words: 'a dozen', 'not yet known'
    side: str = ""                  # overrides the side of its claimant
    index: int = 0                  # position in the dispute's `accounts`


@dataclass(frozen=True, slots=True)
class Dispute:
    """content/disputes/<slug>.md: a question and the accounts that answer it differently."""
    slug: str
    question: str
    kind: str
    accounts: tuple[AccountRef, ...]
    body_html: str = ""
    extra: tuple = ()     # ExtraValues of its extra fields, if its kind has any
    links: tuple = ()
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True, slots=True)
class Account:
    """An account of a dispute, resolved: the event, its citation and the side it speaks for."""
    event: Event
    citation: Citation
    side: str
    value: Optional[float] = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Extreme:
    """The lowest or highest figure of a dispute, and the accounts that give it."""
    value: float
    accounts: tuple[Account, ...]


@dataclass(frozen=True, slots=True)
class LinkedDispute:
    """A dispute with its accounts resolved, as pages and data files show it."""
    dispute: Dispute
    accounts: tuple[Account, ...]     # those whose event is in this build
    events: tuple[Event, ...]         # the events they cite, in chronological order
    low: Optional[Extreme] = None     # a figure dispute's range, when a figure is given
    high: Optional[Extreme] = None

    @property
    def slug(self) -> str:
        return self.dispute.slug


@dataclass(frozen=True, slots=True)
class Place:
    slug: str
    name: str
    body_html: str = ""
    aliases: tuple[str, ...] = ()
    region: str = ""
    extra: tuple = ()     # ExtraValues of its extra fields, if its kind has any
    links: tuple = ()
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True, slots=True)
class Role:
    """One way an actor appears in an event: involved, claimant or relaying outlet."""
    event: Event
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A `responds_to` edge as seen from one event: 'denies X' or 'denied by Y'."""
    label: str
    event: Event


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    events: tuple[Event, ...]                       # chronological, drafts filtered
    sources: MappingProxyType                        # slug -> Source (sorted by slug)
    actors: MappingProxyType
    places: MappingProxyType
    days: tuple[tuple[date, tuple[Event, ...]], ...]
    tags: MappingProxyType                           # tag -> events
    events_by_source: MappingProxyType               # slug -> ((Event, Citation), ...)
    roles_by_actor: MappingProxyType                 # slug -> (Role, ...)
    events_by_place: MappingProxyType
    links_by_event: MappingProxyType                 # slug -> (Link, ...)
    reporters_by_event: MappingProxyType             # slug -> number of independent origins
    status_by: MappingProxyType                      # slug -> actor slugs its status is theirs (attribution.py)
    disputed: tuple[Event, ...]
    disputes: tuple[LinkedDispute, ...]              # in the order of their first event
    disputes_by_event: MappingProxyType              # event slug -> (dispute slug, ...)
    sides: MappingProxyType                          # actor slug -> side slug (its own or inherited)
    updated: Optional[date] = None                   # the content's date (link.content_date)
    split: bool = False                              # a chronology page per day (link)

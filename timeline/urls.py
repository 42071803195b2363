"""The only place where output paths and links between pages are made.

Every link is relative and names its .html file, so the site works from disk
(file://) as well as from any static host, at any sub-path. The one exception is
the 404 page's links and scripts (see Linker).
"""
from __future__ import annotations

import functools
import posixpath
from typing import Optional

INDEX = "index.html"
DISPUTED = "disputed.html"
ABOUT = "about.html"
NOT_FOUND = "404.html"
STYLESHEET = "assets/style.css"
FEED = "feed.xml"
DATA = "data.html"              # the page that explains the data files
SITEMAP = "sitemap.xml"         # only with --base-url: a sitemap needs absolute URLs
EVENTS_JSON = "data/events.json"
EVENTS_SCHEMA = "data/events.schema.json"
EVENTS_CSV = "data/events.csv"
EVENTS_ICS = "data/events.ics"
TIMELINEJS = "data/timelinejs.json"
DISPUTES_JSON = "data/disputes.json"
DISPUTES_SCHEMA = "data/disputes.schema.json"
SEARCH_INDEX = "assets/search-index.js"   # its manifest: see searchshards.py
SEARCH_SHARDS = "assets/search"           # its shards


def asset(name: str) -> str:
    """A file copied from static/ (or generated) into the site's assets folder."""
    return f"assets/{name}"


def search_shard(name: str) -> str:
    return f"{SEARCH_SHARDS}/{name}.js"


def event(slug: str) -> str:
    return f"events/{slug}.html"


def source(slug: str) -> str:
    return f"sources/{slug}.html"


def actor(slug: str) -> str:
    return f"actors/{slug}.html"


def place(slug: str) -> str:
    return f"places/{slug}.html"


def record(kind: str, slug: str) -> str:
    """The page of one record of a content folder (events, sources, actors, places);
    disputes have none of their own: they are shown on the disputed page."""
    if kind == "disputes":
        return DISPUTED
    return {"events": event, "sources": source, "actors": actor, "places": place}[kind](slug)


def dispute_anchor(slug: str) -> str:
    """A dispute's id on the disputed page (event anchors there are 'event-<slug>')."""
    return f"dispute-{slug}"


def dispute(slug: str) -> str:
    return f"{DISPUTED}#{dispute_anchor(slug)}"


def tag(slug: str) -> str:
    return f"tags/{slug}.html"


def listing(kind: str) -> str:
    """The index page of one kind of record: sources, actors, places or tags."""
    return f"{kind}/index.html"


def day_anchor(day) -> str:
    return f"day-{day.isoformat()}"


def day_page(day) -> str:
    """One day of a chronology too long for one page (Site.split, chronology.day_pages)."""
    return f"days/{day.isoformat()}.html"


def entry_anchor(slug: str) -> str:
    """An event's entry in the chronology; prefixed, as a slug may be 'main'."""
    return f"event-{slug}"


def entry(slug: str, day, split: bool, part: int = 1) -> str:
    """An event's entry: on the index, or on its day's page when the chronology is
    split (on the day's `part`-th page, when it has more: parts.py)."""
    return f"{part_page(day_page(day), part) if split else INDEX}#{entry_anchor(slug)}"


def part_page(path: str, number: int) -> str:
    """The `number`-th page of a list too long for one (parts.py): the first is the
    page itself, the others are in a folder named after it: tags/drones/2.html.
    A tag or record slug has no '/', so no record's page can be one of these."""
    return path if number == 1 else f"{path.removesuffix('.html')}/{number}.html"


def relative(here: str, target: str) -> str:
    """The link from page `here` to output path `target` (which may carry a #fragment)."""
    return _from_folder(posixpath.dirname(here) or ".", target)


def _from_folder(folder: str, target: str) -> str:
    path, _, fragment = target.partition("#")
    where, _, name = path.rpartition("/")
    plain = name not in ("", ".", "..") and not path.startswith("/")
    prefix = _prefix(folder, where) if plain else None
    if prefix is None:
        rel = _relpath(path, folder)   # not a plain path: rare, not worth a memo
    else:
        rel = f"{prefix}/{name}" if prefix else name
    return f"{rel}#{fragment}" if fragment else rel


@functools.lru_cache(maxsize=4096)
def _prefix(folder: str, where: str) -> Optional[str]:
    """The link from `folder` to folder `where` ("" for the same), None if either is
    not a plain relative path. A site has few folders: memoising whole links held one
    entry per (folder, page) pair instead, some 15 MiB per worker at 10,000 events."""
    if not (folder == "." or _plain(folder)) or (where and not _plain(where)):
        return None
    if not where:
        return "" if folder == "." else "/".join([".."] * (folder.count("/") + 1))
    rel = _relpath(where, folder)
    return "" if rel == "." else rel


def _plain(path: str) -> bool:
    return not path.startswith("/") and not {"", ".", ".."} & set(path.split("/"))


def _relpath(path: str, start: str) -> str:
    parts, base = path.split("/"), [] if start == "." else start.split("/")
    if not path or path.startswith("/") or start.startswith("/") or \
            {"", ".", ".."} & {*parts, *base}:
        return posixpath.relpath(path, start)  # not one of our plain paths
    # Plain relative paths: what relpath computes, without asking for the working directory.
    common = 0
    for a, b in zip(parts, base):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def absolute(base_url: str, target: str) -> str:
    return f"{base_url.rstrip('/')}/{target}"


class Linker:
    """Links from one page, handed to its template (`href.event(e)` and so on).

    With `absolute_links` (the 404 page, served in place of a missing address at any
    depth) links to pages and the files the page loads are absolute, or without a base
    URL start from the server's root ("/index.html"); opened from disk, the 404 page's
    inline script (static/notfound.js) makes them start from the site's folder."""

    def __init__(self, here: str, base_url: str = "", absolute_links: bool = False,
                 split: bool = False):
        self.here = here
        self.split = split   # the chronology has a page per day (day links lead there)
        self._links = (base_url or "/") if absolute_links else ""
        self.folder = posixpath.dirname(here) or "."

    def __call__(self, target: str) -> str:
        return absolute(self._links, target) if self._links else _from_folder(self.folder, target)

    def asset(self, name: str) -> str:
        """A file in assets/ that the page loads: a stylesheet, a script."""
        return self(asset(name))

    @property
    def root(self) -> str:
        """The prefix that leads from this page to the site's top folder ("", "../", "/")."""
        if self._links:
            return self._links.rstrip("/") + "/"
        return "../" * self.here.count("/")

    def event(self, e) -> str:
        return self(event(e.slug))

    def source(self, slug: str) -> str:
        return self(source(slug))

    def actor(self, slug: str) -> str:
        return self(actor(slug))

    def place(self, slug: str) -> str:
        return self(place(slug))

    def tag(self, slug: str) -> str:
        return self(tag(slug))

    def day(self, day) -> str:
        return self(day_page(day) if self.split else f"{INDEX}#{day_anchor(day)}")

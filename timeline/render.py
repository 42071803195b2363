"""Plan every page of the site and render it with Jinja2, in memory.

Python decides what each page shows (lists, labels, links); the templates in
templates/ only lay it out. Nothing is written here.
"""
from __future__ import annotations

import base64
import hashlib
import traceback
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

import jinja2
from markupsafe import Markup

from . import chronology, fragments, present, svgtimeline, urls
from .data import jsonld
from .data.dataschema import CSV_COLUMNS, DISPUTE_FIELDS, EVENT_FIELDS
from .disputeview import disputed_pages, questions
from .files import Output, utf8
from .languages import language_name
from .markup import pygments_css
from .model import STATUSES, Site, SiteConfig
from .problems import Problem
from .recordpages import list_pages, record_pages


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    template: str
    title: str
    context: tuple  # ((name, value), ...): frozen, unlike a dict

    def vars(self) -> dict:
        return dict(self.context)


NAV = (("Chronology", urls.INDEX), ("Disputed", urls.DISPUTED),
       ("Sources", urls.listing("sources")), ("Actors", urls.listing("actors")),
       ("Places", urls.listing("places")), ("Tags", urls.listing("tags")),
       ("Data", urls.DATA), ("About", urls.ABOUT))


def environment(templates: Path) -> jinja2.Environment:
    """The templates of `templates`, every one compiled now: compiling costs as much
    as rendering a few hundred pages, and a build compiles them before its worker
    processes fork, so that they inherit them (speed/memo.py keeps them for serve)."""
    env = make_env(templates)
    for name in env.list_templates():
        try:
            env.get_template(name)
        except Exception:  # noqa: BLE001 - reported, with its line, when a page uses it
            pass
    return env


def make_env(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, auto_reload=False)  # templates do not change mid-build
    env.globals.update(statuses=STATUSES, long_date=present.long_date, counted=present.counted,
                       short_date=present.short_date, weekday=present.weekday,
                       roles_label=present.roles_label, corroboration=present.corroboration,
                       cited_count=present.cited_count, zone_time=present.zone_time,
                       language_name=language_name, quotation=present.quotation,
                       sentence=present.sentence,
                       paths=urls,
                       inline_style="", style_hash="",    # set on the 404 page (not_found)
                       inline_script="", script_hash="")
    return env


@dataclass(frozen=True, slots=True)
class Planned:
    """A page before its context is made: every page's path is known at once, and
    `serve` makes the edited record's own page first."""
    path: str
    template: str
    title: str
    context: Callable[[], tuple]

    def page(self) -> Page:
        return Page(self.path, self.template, self.title, self.context())


def plan(site: Site, static: Path | None = None) -> list[Page]:
    """Every page of the site with what it shows. The 404 page needs `static`
    (see not_found)."""
    return [planned.page() for planned in planned_pages(site, static)]


def page_paths(site: Site) -> set[str]:
    """The paths `plan` gives its pages, without making the pages (at 10,000 events
    some milliseconds, against 0.2 s for the whole plan: serve checks the links on
    every save)."""
    return {planned.path for planned in planned_pages(site)}


def planned_pages(site: Site, static: Path | None = None) -> list[Planned]:
    s = site
    pages = [Planned(*planned) for planned in chronology.index_pages(s)]
    pages += [Planned(*planned) for planned in disputed_pages(s)]
    pages += [Planned(urls.ABOUT, "about.html", s.config.about_title, tuple),
              Planned(urls.NOT_FOUND, "404.html", "Page not found", partial(not_found, s, static))]
    pages += [Planned(*planned) for planned in list_pages(s)]
    pages.append(Planned(urls.DATA, "data.html", "Feeds and open data", data_files))
    if s.split:
        pages += [Planned(*planned) for planned in chronology.day_pages(s)]
    pages += [Planned(*planned) for planned in chronology.event_pages(
        s, lambda event: (("disputes", questions(s, event)),))]
    pages += [Planned(*planned) for planned in record_pages(s)]
    return pages


def not_found(site: Site, static: Path | None) -> tuple:
    """The 404 page is served in place of any missing address, at any depth, so its
    links and scripts cannot be relative (urls.Linker). Without a base URL they start
    from the server's root, and no one address of a file works both from there and from
    disk: the page carries the stylesheet inline, and static/notfound.js, which loads
    search.js and, from disk, makes the addresses start from the site's folder. Each is
    allowed by its hash in the page's CSP."""
    if site.config.base_url or static is None:
        return ()
    css = _inline(stylesheet(static))
    js = _inline((static / "notfound.js").read_bytes())
    return (("inline_style", css), ("style_hash", _sha256(css)),
            ("inline_script", js), ("script_hash", _sha256(js)))


def _inline(text: bytes) -> str:
    return text.decode("utf-8").replace("</", "<\\/")   # cannot end the element


def _sha256(text: str) -> str:
    """A CSP source's hash: base64 of the SHA-256 of the element's text."""
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _breakable(name: str):
    """A field name that may wrap after its underscores: unbroken, 'independent_reporters'
    took two thirds of a phone's width and squeezed its meaning into a thin column."""
    return Markup("_<wbr>").join(name.split("_"))


# The files made in Python (extras.py), by the name data.html gives each.
DATA_FILES = {"feed": urls.FEED, "json": urls.EVENTS_JSON, "schema": urls.EVENTS_SCHEMA,
              "csv": urls.EVENTS_CSV, "ics": urls.EVENTS_ICS, "timelinejs": urls.TIMELINEJS,
              "disputes": urls.DISPUTES_JSON, "disputes_schema": urls.DISPUTES_SCHEMA,
              "sitemap": urls.SITEMAP}


def data_files() -> tuple:
    """What data.html describes: the files, the JSON fields and the CSV columns."""
    fields = tuple((_breakable(name), rule["description"]) for name, rule in EVENT_FIELDS.items())
    disputes = tuple((_breakable(name), rule["description"]) for name, rule in DISPUTE_FIELDS.items())
    columns = tuple((_breakable(name), meaning) for name, meaning in CSV_COLUMNS)
    return (("event_fields", fields), ("dispute_fields", disputes), ("csv_columns", columns),
            ("files", DATA_FILES))


def output_paths(site: Site, static: Path) -> set[str]:
    """The path of every file the build makes, without making any (the sitemap only
    with a base URL: see feeds.py), but the search index's shards: named after their
    data (searchshards.py), they are known once made, and no page links to one."""
    made = page_paths(site) | {urls.SEARCH_INDEX} | set(DATA_FILES.values())
    if not site.config.base_url:
        made.discard(urls.SITEMAP)
    return made | {urls.asset(path.name) for path in _static_files(static)}


class Renderer:
    """Renders pages with the templates, for one build (in `serve`, one rebuild).

    A page sees the site only as it is handed to `render`: the page's own view
    of it (speed/depends.py's recorder), never the Site itself, so that every
    read a template or helper makes is one the page's key covers."""

    def __init__(self, env: jinja2.Environment, templates: Path, config: SiteConfig):
        self.env, self.templates, self.config = env, templates, config
        self.shared = fragments.Fragments(config.timezone)   # an event's time, made once
        self.navs: dict = {}   # the site's menu, the same on every page of a folder
        self.broken = False    # a template has a syntax error: every page would fail alike

    def render(self, page: Page, site) -> bytes | Problem:
        """The page's bytes, or the problem with its template."""
        try:
            # generate(), not render(): render() holds every fragment of the page
            # before joining them, over 40 MB for the 11 MB index at 10,000 events.
            return utf8(self.env.get_template(page.template).generate(self._context(page, site)))
        except Exception as exc:  # noqa: BLE001 - any template failure is a problem, not a crash
            self.broken = isinstance(exc, jinja2.TemplateSyntaxError)
            return template_problem(exc, self.templates, page.template)

    def _context(self, page: Page, site) -> dict:
        config, shared = self.config, self.shared
        absolute = page.path == urls.NOT_FOUND   # served at any depth: see urls.Linker
        href = urls.Linker(page.path, config.base_url, absolute_links=absolute, split=site.split)
        nav = self.navs.get((href.folder, absolute))
        if nav is None:
            nav = self.navs[(href.folder, absolute)] = tuple((label, target, href(target))
                                                             for label, target in NAV)
        return dict(
            page=page, site=site, config=config, href=href, nav=nav, time=shared.time,
            citation=partial(fragments.citation, site, href, shared.time),
            status=partial(fragments.status, site),
            status_note=partial(fragments.status_note, site),
            jsonld=partial(jsonld.event_jsonld, site),
            timeline=_timeline_maker(href, config.timezone, shared.view, site),
            canonical=urls.absolute(config.base_url, page.path) if config.base_url else "",
            **page.vars())


def _timeline_maker(href: urls.Linker, zone, view, site):
    """`timeline(events, label)` for the templates: the drawing, with links made from
    this page, its legend, and each status with whose it is (read through the page's
    `site`, so that the page's deps note it)."""
    def status_of(event):
        return present.status_text(site, event)

    def timeline(events, label):
        return svgtimeline.render(events, zone, href.event, href.day, label, view,
                                  status_of=status_of)
    return timeline


def assets(static: Path) -> list[Output]:
    """Every file in static/ copied to assets/; the stylesheet gets Pygments' CSS appended."""
    outputs = []
    for path in _static_files(static):
        target = urls.asset(path.name)
        data = stylesheet(static) if target == urls.STYLESHEET else path.read_bytes()
        outputs.append(Output(target, data))
    return outputs


def _static_files(static: Path) -> list[Path]:
    return sorted(p for p in static.iterdir() if p.is_file() and not p.name.startswith("."))


def stylesheet(static: Path) -> bytes:
    """The one stylesheet: the project's CSS, then Pygments' generated at build time."""
    own = (static / "style.css").read_text(encoding="utf-8")
    return (own.rstrip("\n") + "\n\n/* Code highlighting (Pygments) */\n" + pygments_css()).encode()


def template_problem(exc: Exception, templates: Path, name: str) -> Problem:
    """Point at the template line: syntax errors carry it, runtime errors are in the traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(exc.filename or str(templates / name), exc.lineno or 0, f"template: {exc.message}")
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(str(templates)):
            return Problem(frame.filename, frame.lineno or 0, f"template: {exc}")
    return Problem(str(templates / name), 0, f"template: {exc}")


def check_paths(paths) -> None:
    """Two pages claiming one path would silently overwrite each other: refuse."""
    seen = set()
    for path in paths:
        key = path.lower()  # case-insensitive file systems would collide too
        if key in seen:
            raise ValueError(f"two pages would be written to {path}")
        seen.add(key)

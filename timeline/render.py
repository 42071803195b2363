"""Plan every page of the site and render it with Jinja2, in memory.

Python decides what each page shows (lists, labels, links); the templates in
templates/ only lay it out. Nothing is written here.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import jinja2
from markupsafe import Markup

from . import chronology, depends, fragments, interrupt, present, svgtimeline, urls
from .data import jsonld
from .data.dataschema import CSV_COLUMNS, DISPUTE_FIELDS, EVENT_FIELDS
from .disputeview import disputed_pages, questions
from .markup import pygments_css
from .model import STATUSES, Site
from .problems import Problem
from .recordpages import list_pages, record_pages


@dataclass(frozen=True, slots=True)
class Output:
    path: str       # relative to the output directory, '/'-separated
    data: bytes
    key: str = ""   # a rendered page's inputs (see depends.py); "" when not tracked
    deps: tuple = ()

    def chunks(self) -> Iterator[bytes]:
        yield self.data


@dataclass(frozen=True, slots=True)
class Streamed:
    """A file made as it is written, never held whole: the data files are
    hundreds of MB at 100,000 events. Its texts can be read once."""
    path: str
    parts: Iterable[str]
    key: str = ""
    deps: tuple = ()

    def chunks(self) -> Iterator[bytes]:
        return encoded(self.parts)

    def whole(self) -> Output:
        """The same file in memory, for callers that keep or compare outputs."""
        return Output(self.path, b"".join(self.chunks()), self.key, self.deps)


def encoded(parts: Iterable[str], size: int = 1 << 18, count: int = 64) -> Iterator[bytes]:
    """The texts of `parts` as UTF-8, in chunks of about `size` characters or more:
    a file is never also held whole as text, nor as its many small parts. Parts
    are taken `count` at a time, not one by one: a page is a hundred small parts
    or more (the chronology over a million), and each cost a turn of a Python loop."""
    parts, held, length = iter(parts), [], 0
    while batch := list(itertools.islice(parts, count)):
        held += batch
        length += sum(map(len, batch))
        if length >= size:
            yield "".join(held).encode("utf-8")
            held, length = [], 0
    if held:
        yield "".join(held).encode("utf-8")


def utf8(parts: Iterable[str]) -> bytes:
    """The texts of `parts` one after another, as UTF-8."""
    return b"".join(encoded(parts))


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A page whose inputs are those it was last rendered from: its old file stands."""
    path: str
    key: str
    deps: tuple


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


_ENVIRONMENTS: dict = {}   # (folder, state of its files) -> Environment


def environment(templates: Path) -> jinja2.Environment:
    """The templates of `templates`, compiled once for as long as its files are
    unchanged: compiling costs as much as rendering a few hundred pages. Called
    before worker processes fork, so that they inherit the compiled templates."""
    files = sorted(p for p in templates.rglob("*") if p.is_file())
    state = tuple((str(p), st.st_ino, st.st_size, st.st_mtime_ns) for p in files
                  for st in (p.stat(),))
    env = _ENVIRONMENTS.get((templates, state))
    if env is None:
        _ENVIRONMENTS.clear()
        env = _ENVIRONMENTS[(templates, state)] = make_env(templates)
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
                       language_name=present.language_name, quotation=present.quotation,
                       sentence=present.sentence,
                       paths=urls,
                       inline_style="", style_hash="",    # set on the 404 page (not_found)
                       inline_script="", script_hash="")
    return env


def plan(site: Site, only=None, static: Path | None = None) -> list[Page]:
    """Every page of the site with what it shows; with `only` (a set of paths), just
    those pages (serve plans the edited record's own page first, and fast). The 404
    page needs `static` (see not_found)."""
    s = site
    wanted = only.__contains__ if only is not None else (lambda path: True)
    pages = [Page(*planned) for planned in chronology.index_pages(s, wanted)]
    pages += [Page(*planned) for planned in disputed_pages(s, wanted)]
    pages += [page for page in (
        Page(urls.ABOUT, "about.html", s.config.about_title, ()),
        Page(urls.NOT_FOUND, "404.html", "Page not found",
             not_found(site, static) if wanted(urls.NOT_FOUND) else ()),
    ) if wanted(page.path)]
    pages += [Page(*planned) for planned in list_pages(s, wanted)]
    pages += [page for page in (
        Page(urls.DATA, "data.html", "Feeds and open data", data_files()),
    ) if wanted(page.path)]
    if s.split:
        pages += [Page(*planned) for planned in chronology.day_pages(s, wanted)]
    pages += [Page(*planned) for planned in chronology.event_pages(
        s, wanted, lambda event: (("disputes", questions(s, event)),))]
    pages += [Page(*planned) for planned in record_pages(s, wanted)]
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
    made = _page_paths(site) | {urls.SEARCH_INDEX} | set(DATA_FILES.values())
    if not site.config.base_url:
        made.discard(urls.SITEMAP)
    return made | {urls.asset(path.name) for path in _static_files(static)}


def render_site(site: Site, templates: Path, static: Path) -> tuple[list[Output], list[Problem]]:
    outputs, problems = [], []
    for item in render_pages(site, plan(site, static=static), templates):
        (problems if isinstance(item, Problem) else outputs).append(item)
    return outputs + site_files(site, static), problems


def render_pages(site: Site, pages, templates: Path, keyer=None, known=None):
    """Render `pages` one by one, yielding an Output or a Problem for each.

    With a `keyer` (depends.Keyer) each Output carries its key and deps, and a
    page whose entry in `known` (path -> anything with .key and .deps) still has
    the current key is not rendered: an Unchanged is yielded instead."""
    known = known or {}
    env = environment(templates)
    zone = site.config.timezone
    shared = fragments.Fragments(zone)   # an event's time is shown on many pages: made once
    navs: dict = {}   # the site's menu, the same on every page of a folder: linked once each

    for page in pages:
        interrupt.check()
        old = known.get(page.path)
        if keyer and old is not None and old.key and keyer.key(page, old.deps) == old.key:
            yield Unchanged(page.path, old.key, old.deps)
            continue
        deps: set = set()
        shown = depends.SiteReader(site, deps) if keyer else site
        absolute = page.path == urls.NOT_FOUND   # served at any depth: see urls.Linker
        href = urls.Linker(page.path, site.config.base_url, absolute_links=absolute,
                           split=shown.split)
        nav = navs.get((href.folder, absolute))
        if nav is None:
            nav = navs[(href.folder, absolute)] = tuple((label, target, href(target))
                                                        for label, target in NAV)
        context = dict(
            page=page, site=shown, config=site.config, href=href, nav=nav,
            time=shared.time, citation=functools.partial(fragments.citation, shown, href, shared.time),
            status=functools.partial(fragments.status, shown),
            status_note=functools.partial(fragments.status_note, shown),
            jsonld=functools.partial(jsonld.event_jsonld, shown),
            timeline=_timeline_maker(href, zone, shared.view, shown),
            canonical=urls.absolute(site.config.base_url, page.path) if site.config.base_url else "",
            **page.vars())
        try:
            # generate(), not render(): render() holds every fragment of the page
            # before joining them, over 40 MB for the 11 MB index at 10,000 events.
            data = utf8(env.get_template(page.template).generate(context))
        except Exception as exc:  # noqa: BLE001 - any template failure is a problem, not a crash
            yield template_problem(exc, templates, page.template)
            if isinstance(exc, jinja2.TemplateSyntaxError):
                return  # the same syntax error would repeat on every page
            continue
        if keyer:
            deps = tuple(sorted(deps, key=repr))
            yield Output(page.path, data, keyer.key(page, deps), deps)
        else:
            yield Output(page.path, data)


def site_files(site: Site, static: Path) -> list[Output]:
    """The static assets (the search index is made with the data files: extras.py)."""
    return assets(static)


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


def _page_paths(site: Site) -> set[str]:
    """The paths `plan` gives its pages, without the pages: `plan` asks `only` about
    each path before making the page's context, and this `only` notes the path and
    declines (at 10,000 events 5 ms, against 0.2 s for the whole plan: serve checks
    the links on every save)."""
    paths: set = set()

    class Noting:
        def __contains__(self, path: str) -> bool:
            paths.add(path)
            return False

    plan(site, only=Noting())
    return paths


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


def unique(outputs: list[Output]) -> list[Output]:
    check_paths(output.path for output in outputs)
    return outputs


def check_paths(paths) -> None:
    """Two pages claiming one path would silently overwrite each other: refuse."""
    seen = set()
    for path in paths:
        key = path.lower()  # case-insensitive file systems would collide too
        if key in seen:
            raise ValueError(f"two pages would be written to {path}")
        seen.add(key)

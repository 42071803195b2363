"""One build, read top to bottom: load, validate, link, plan, render, write.

`check`, `build` and `serve` run these same steps and differ only by a Mode
(modes.py): where the files go (kept in memory, a new folder swapped in whole,
or the changed files rewritten in place), which cache, how many processes.
Each step hands plain data to the next and collects problems; a build with
problems writes nothing.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

from . import interrupt, markup, sitelinks, spill, urls
from .cache import Cache, Keys, fewer_collections, input_keys, open_cache
from .depends import Unchanged, keyed_pages
from .disputes import check_disputes
from .extras import PieceRuns, assemble
from .files import Output
from .link import check_key_points, check_references, failed_files, link
from .load import RecordFile, list_records, load_head, parse_record, read_record
from .model import ABOUT_TITLE, Site
from .modes import MEMORY, STAGED, Mode, destination
from .parallel import heaviest_first, run_tasks, workers
from .problems import ContentError, Problem
from .quotes import verify_quotes
from .render import Planned, Renderer, assets, check_paths, output_paths, planned_pages
from .schema import VALIDATORS, base_url, validate_about, validate_site
from .speed.validation import validated

PROJECT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Options:
    content: Path = Path("content")
    out: Path = Path("site")
    templates: Path = PROJECT / "templates"
    static: Path = PROJECT / "static"
    drafts: bool = False
    base_url: Optional[str] = None
    archive_dir: Optional[Path] = None
    cache: Optional[Path] = None    # cache folder; None builds cold, reading and writing none
    jobs: int = os.cpu_count() or 1


@dataclass(frozen=True)
class Result:
    problems: tuple[Problem, ...]
    outputs: tuple[Output, ...] = ()  # the files, when kept in memory (MEMORY)
    count: int = 0          # files in the site, when they went to disk
    written: Optional[dict] = None    # path -> write.Entry of each file, when written
    changed: tuple = ()     # the paths written (in place: those whose bytes changed)
    removed: tuple = ()     # in place: the paths no longer made, deleted
    rendered: int = 0       # pages rendered (the others were current and linked)
    warnings: tuple[str, ...] = ()    # the cache could not be read or written
    left_out: int = 0       # drafts this build leaves out

    @property
    def files(self) -> int:
        return self.count or len(self.outputs)


@dataclass(frozen=True)
class Loaded:
    """What the load step found."""
    config: object          # schema's SiteConfig, or None if site.yaml is not usable
    about_links: tuple      # (about.md's path, its links into the site), or ()
    listed: list            # (kind, path) of every record file
    files: list             # load.RecordFile of each to validate
    keys: Keys              # what the cache keys this build by
    problems: list
    current: bool = False   # the output is what these inputs make: nothing to do


def build(opts: Options, mode: Optional[Mode] = None) -> Result:
    """Build into opts.out; by default as `build.py build` does (a new folder
    swapped in, with opts.cache and opts.jobs)."""
    mode = mode or Mode(STAGED, open_cache(opts.cache, opts.out, opts.content), opts.jobs)
    with fewer_collections():
        result = _steps(opts, mode)
    return replace(result, warnings=tuple(mode.cache.warnings.values()))


def _steps(opts: Options, mode: Mode) -> Result:
    loaded = load(opts, mode)
    if loaded.current:
        return Result((), count=len(mode.cache.written))
    problems = list(loaded.problems)
    records = validate(loaded, opts, mode, problems)
    site, left_out = link_site(loaded, records, opts, mode, problems)
    if problems:
        return Result(tuple(problems), left_out=left_out)
    planned = plan(site, opts)
    with destination(mode, opts.out) as out:
        made = render(site, planned, loaded.keys, opts, mode, out)
        if made.problems:
            return Result(made.problems, left_out=left_out)
        return write(made, out, loaded.keys, opts, mode, left_out)


def compile_site(opts: Options, cache: Optional[Cache] = None) -> Result:
    """Everything but writing: the site's files in memory, or the problems."""
    return build(opts, Mode(MEMORY, cache or Cache(None)))


def check_site(opts: Options) -> Result:
    """What `build` with these options would report, and, without opts.drafts, what
    `build --drafts` (serve's preview) would report too: the drafts' own pages and
    links are made and checked only there. Loading, validation and references are
    the same both ways, so the site is compiled again only when it has drafts."""
    cache = Cache(None)   # no records or files, but the templates compiled once
    result = compile_site(opts, cache)
    if opts.drafts or not result.left_out:
        return result
    result = replace(result, outputs=(), count=result.files)   # only its count is needed
    previewed = compile_site(replace(opts, drafts=True), cache)
    return replace(result, problems=tuple(sorted(set(result.problems) | set(previewed.problems))))


def read_site(opts: Options) -> tuple[Optional[Site], tuple[Problem, ...]]:
    """The first three steps alone: the linked site, or the problems."""
    mode, problems = Mode(MEMORY, Cache(None)), []
    loaded = load(opts, mode)
    problems += loaded.problems
    site, _ = link_site(loaded, validate(loaded, opts, mode, problems), opts, mode, problems)
    return (None if problems else site), tuple(problems)


def load(opts: Options, mode: Mode) -> Loaded:
    """Step 1: site.yaml, about.md and the list of record files; with a cache, the
    records' texts too, to key them (without one, validation reads them)."""
    cache = mode.cache
    spill.place(opts.out.absolute().parent)
    markup.start_build()   # the Markdown backstop's full wait, even in a long serve
    head, problems = load_head(opts.content)
    config, about_links = _settings(head, opts, problems)
    zone = config.timezone if config else ZoneInfo("UTC")  # keep checking events anyway
    listed = list_records(opts.content, problems, cache.texts)
    files = cache.record_files(listed, opts.content, zone, problems)
    keys = input_keys(cache, opts, head, files)
    current = not problems and cache.current(keys.fingerprint, opts.out)
    return Loaded(config, about_links, listed, files, keys, problems, current)


def _settings(head, opts: Options, problems: list) -> tuple:
    """site.yaml's settings (None if it cannot be used) and about.md's links."""
    title, html, about_links = _about(head, problems)
    unread = (head.site_path, str(opts.content))
    if any(p.path in unread for p in problems):   # site.yaml could not be read
        return None, about_links
    config, found = validate_site(head.site_path, head.site_data, head.site_lines, html, title)
    problems += found
    if config and opts.base_url is not None:
        try:
            config = replace(config, base_url=base_url(opts.base_url).rstrip("/"))
        except ContentError as exc:
            problems.append(Problem("--base-url", 0, exc.message, exc.hint))
    return config, about_links


def _about(head, problems: list) -> tuple[str, str, tuple]:
    """about.md's title, its body as HTML, and (its path, its links into the site)."""
    if not head.about:
        return ABOUT_TITLE, "", ()
    path = str(Path(head.site_path).with_name("about.md"))
    (title, html, links), found = validate_about(path, head.about)
    problems += found
    return title, html, (path, links)


def validate(loaded: Loaded, opts: Options, mode: Mode, problems: list) -> dict:
    """Step 2: every record file read, parsed and checked against its kind's schema:
    kind -> slug -> record. Unchanged files' records come from the cache; the
    others are validated in worker processes when there are many."""
    zone = loaded.config.timezone if loaded.config else ZoneInfo("UTC")
    found, errors = validated(loaded.files, partial(validate_file, zone=zone, root=opts.content),
                              mode.cache, mode.jobs)
    problems += errors
    records: dict = {kind: {} for kind in VALIDATORS}
    for file, record in zip(loaded.files, found):
        if record is not None:
            records[file.kind][record.slug] = record
    return records


def validate_file(file: RecordFile, zone, root: Path) -> tuple:
    """One record file's record (None if it has problems) and its problems."""
    interrupt.check()
    problems: list = []
    text = file.text if file.text is not None else read_record(file.path, root, problems)
    raw = parse_record(file.kind, file.path, text, problems) if text is not None else None
    if raw is None:
        return None, problems
    record, found = VALIDATORS[file.kind](raw.slug, raw.path, raw.fm, zone)
    return record, problems + found


def link_site(loaded: Loaded, records: dict, opts: Options, mode: Mode,
              problems: list) -> tuple[Optional[Site], int]:
    """Step 3: references resolved, events ordered, indexes built, and every link
    the bodies make into the site checked; the Site, and how many drafts it
    leaves out."""
    events, config = list(records["events"].values()), loaded.config
    problems += check_key_points(events, config.timezone if config else ZoneInfo("UTC"))
    if opts.archive_dir is not None:
        problems += verify_quotes(events, records["sources"], opts.archive_dir)
    if problems or config is None:
        # Report the references too, now rather than after the first fix.
        failed = failed_files(opts.content, loaded.listed, records, problems)
        problems += check_references(events, records["sources"], records["actors"],
                                     records["places"], failed)
        problems += check_disputes(records["disputes"], events, records["actors"],
                                   config.sides if config else None, failed)
        problems += [] if problems else [Problem(str(opts.content / "site.yaml"), 1, "no site")]
        return None, 0
    site, found = link(config, events, records["sources"], records["actors"], records["places"],
                       drafts=opts.drafts, facts=mode.cache.facts, disputes=records["disputes"])
    problems += found
    # The drafts left out: a link to one names the draft, not the closest published page.
    drafts = {} if opts.drafts else {urls.event(e.slug): e.where.path for e in events if e.draft}
    if site is not None:
        problems += sitelinks.check(site, lambda: output_paths(site, opts.static),
                                    loaded.about_links, drafts)
    return site, len(drafts)


def plan(site: Site, opts: Options) -> list[Planned]:
    """Step 4: every page the site has: its path, template and title, and how to
    make what it shows (made when it is rendered)."""
    return planned_pages(site, opts.static)


def render(site: Site, planned: list[Planned], keys: Keys, opts: Options, mode: Mode,
           out) -> Made:
    """Step 5: every page rendered through its own recorder of what it reads (a page
    whose inputs did not change keeps its last file), and the data files made from
    each event's pieces; each file put into `out` as it is made. `serve` renders
    the edited records' own pages first, and has them written before the rest."""
    renderer = Renderer(mode.cache.environment(opts.templates), opts.templates, site.config)
    work = Work(site, renderer, keys.pages(site), mode.cache.written, out)
    first = _edited_pages(opts, mode, keys)
    made = work.render([p.page() for p in planned if p.path in first])
    if first and not made.problems:
        made.files.update(out.commit())
        if out.changed:
            mode.first(out.changed, made.rendered)
    pages = [p.page() for p in planned if p.path not in first]
    jobs = workers(len(pages), mode.jobs)
    paths = [p.path for p in planned]   # the sitemap's; then every file's, to check
    pieces = PieceRuns(site, keys.pieces(site), mode.cache.pieces if keys.kept else {},
                       out.scratch, jobs, partial(_data_files, site, opts.static, paths, out, made))
    run_tasks(pieces.tasks() + [(work.render, part, made.add) for part in _slices(pages, jobs)],
              jobs)
    mode.cache.made_pieces = pieces.made
    return made


def _edited_pages(opts: Options, mode: Mode, keys: Keys) -> set[str]:
    """serve: the pages of the records whose files changed, the ones being edited."""
    if mode.first is None:
        return set()
    return {urls.record(path.parent.name, path.stem) for path in mode.cache.validated
            if path.parent.parent == opts.content and (path.parent.name, path.stem) in keys.versions}


def _slices(pages: list, jobs: int) -> list[list]:
    return heaviest_first(pages, jobs, page_weight) if jobs > 1 else [pages]


def _data_files(site: Site, static: Path, paths: list, out, made: Made, column, updated) -> None:
    """The assets and the files put together from the events' pieces (see
    extras.assemble), each put into `out` as it is made: together they are large."""
    for output in (*assets(static), *assemble(site, paths[:], column, updated)):
        paths.append(output.path)
        made.files[output.path] = out.put(output)
    check_paths(paths)   # before anything is swapped in or written in place


@dataclass
class Made:
    """What the render step put into the destination: path -> what it keeps of
    each file, the problems, and how many pages were rendered."""
    files: dict = field(default_factory=dict)
    problems: tuple = ()
    rendered: int = 0

    def add(self, other: "Made") -> None:
        self.files.update(other.files)
        self.problems = tuple(sorted(set(self.problems) | set(other.problems)))
        self.rendered += other.rendered


class Work:
    """Renders pages and puts each file into the destination, in this process or
    in a worker that inherits it; the one place results are sorted."""

    def __init__(self, site: Site, renderer: Renderer, keyer, known: dict, out):
        self.site, self.renderer, self.keyer, self.known, self.out = (
            site, renderer, keyer, known, out)

    def render(self, pages: list) -> Made:
        made, known, problems = Made(), self.known, []
        while pages:    # twice at most: the second time for pages whose old file was lost
            lost = set()
            for item in keyed_pages(pages, self.renderer, self.site, self.keyer, known):
                if isinstance(item, Problem):
                    problems.append(item)
                elif isinstance(item, Unchanged):
                    entry = self.out.keep(item)
                    if entry is None:   # deleted or altered since the last build
                        lost.add(item.path)
                    else:
                        made.files[item.path] = entry
                else:
                    made.rendered += 1
                    made.files[item.path] = self.out.put(item)
            pages, known = [page for page in pages if page.path in lost], None
        made.problems = tuple(sorted(set(problems)))
        return made


def write(made: Made, out, keys: Keys, opts: Options, mode: Mode, left_out: int) -> Result:
    """Step 6: the files made put in place (the new folder swapped in, or what
    serve holds written), and the cache told what is on disk now."""
    files = out.finish(dict(sorted(made.files.items())))
    if mode.output == MEMORY:
        return Result((), tuple(files.values()), left_out=left_out)
    mode.cache.save(opts.out, keys.fingerprint, files)
    return Result((), count=len(files), written=files, changed=out.changed, removed=out.removed,
                  rendered=made.rendered)


def page_weight(page) -> int:
    """A page's rendering cost, roughly: one, plus the records it lists."""
    return 1 + sum(_count(value) for _, value in page.context)


def _count(value) -> int:
    if isinstance(value, (tuple, list)):
        return sum(_count(item) for item in value)
    return 1

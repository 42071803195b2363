"""One build, read top to bottom: load, validate, link, plan, render, write.

`check`, `build` and `serve` run these same steps and differ only by a Mode
(modes.py): where the files go (kept in memory, a new folder swapped in whole,
or the changed files rewritten in place), which cache, how many processes.
Each step hands plain data on and collects problems; with any, nothing is written.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

from . import interrupt, markup, sitelinks, urls
from .disputes import check_disputes
from .extras import assemble
from .headline import check_titles
from .files import Output
from .link import check_key_points, check_references, failed_files, link
from .listing import Disk, list_records
from .load import RecordFile, load_head, parse_record, read_record
from .model import Site
from .order import check_order
from .modes import MEMORY, STAGED, Made, Mode, destination
from .problems import Problem
from .quotes import verify_quotes
from .render import Planned, Renderer, assets, check_paths, output_paths, planned_pages
from .schema import VALIDATORS
from .settings import settings
from .speed import spill
from .speed.cache import Cache, fewer_collections, open_cache
from .speed.keys import Keys, input_keys
from .speed.depends import Unchanged, keyed_pages
from .speed.parallel import run_tasks, slices, workers
from .speed.pieces import PieceRuns
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
    advice: tuple[Problem, ...] = ()   # content warnings `check` reports (headline.py)
    left_out: int = 0       # drafts this build leaves out

    @property
    def files(self) -> int:
        return self.count or len(self.outputs)


@dataclass(frozen=True)
class Loaded:   # what the load step found
    config: object          # schema's SiteConfig, or None if site.yaml is not usable
    about_links: tuple      # (about.md's path, its links into the site), or ()
    listed: list            # (kind, path) of every record file
    files: list             # load.RecordFile of each to validate
    disk: Disk              # how this build reads them
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
    advice = tuple(check_titles(site.events, site.sources, site.actors))   # check prints them
    keys = loaded.keys
    del loaded   # with a cache, every record file's text: not held while pages render
    planned = plan(site, opts)
    with destination(mode, opts.out) as out:
        made = render(site, planned, keys, opts, mode, out)
        if made.problems:
            return Result(made.problems, left_out=left_out)
        return replace(write(made, out, keys, opts, mode, left_out), advice=advice)


def compile_site(opts: Options, cache: Optional[Cache] = None) -> Result:
    """Everything but writing: the site's files in memory, or the problems."""
    return build(opts, Mode(MEMORY, cache or Cache(None)))


def check_site(opts: Options) -> Result:
    """What `build` with these options would report and, without opts.drafts, what
    `build --drafts` (serve's preview) would report too, about the drafts' own pages
    and links; the site is compiled again only when it has drafts."""
    cache = Cache(None)   # no records or files, but the templates compiled once
    result = compile_site(opts, cache)
    if opts.drafts or not result.left_out:
        return result
    result = replace(result, outputs=(), count=result.files)   # only its count is needed
    previewed = compile_site(replace(opts, drafts=True), cache)
    return replace(result, problems=tuple(sorted(set(result.problems) | set(previewed.problems))),
                   advice=previewed.advice or result.advice)


def read_site(opts: Options) -> tuple[Optional[Site], tuple[Problem, ...]]:
    """The first three steps alone: the linked site, or the problems."""
    mode, problems = Mode(MEMORY, Cache(None)), []
    loaded = load(opts, mode)
    problems += loaded.problems
    site, _ = link_site(loaded, validate(loaded, opts, mode, problems), opts, mode, problems)
    return (None if problems else site), tuple(problems)


def load(opts: Options, mode: Mode) -> Loaded:
    """Step 1: site.yaml, about.md and the record files (with a cache, read and keyed)."""
    cache = mode.cache
    spill.place(opts.out.absolute().parent)
    markup.start_build()   # the Markdown backstop's full wait, even in a long serve
    disk = cache.disk()
    head, problems = load_head(opts.content, disk)
    config, about_links = settings(head, opts.content, opts.base_url, problems)
    zone = config.timezone if config else ZoneInfo("UTC")  # keep checking events anyway
    listed = list_records(opts.content, problems, disk)
    files = cache.record_files(listed, opts.content, zone, problems, disk)
    keys = input_keys(cache, opts, head, files)
    current = not problems and cache.current(keys.fingerprint, opts.out)
    return Loaded(config, about_links, listed, files, disk, keys, problems, current)


def validate(loaded: Loaded, opts: Options, mode: Mode, problems: list) -> dict:
    """Step 2: every record file read, parsed and checked against its kind's schema:
    kind -> slug -> record. Unchanged files' records come from the cache; the
    others are validated in worker processes when there are many."""
    zone = loaded.config.timezone if loaded.config else ZoneInfo("UTC")
    found, errors = validated(loaded.files, partial(validate_file, zone=zone, root=opts.content,
                                                    disk=loaded.disk), mode.cache, mode.jobs)
    problems += errors
    records: dict = {kind: {} for kind in VALIDATORS}
    for file, record in zip(loaded.files, found):
        if record is not None:
            records[file.kind][record.slug] = record
    return records


def validate_file(file: RecordFile, zone, root: Path, disk: Disk) -> tuple:
    """One record file's record (None if it has problems) and its problems."""
    interrupt.check()
    problems: list = []
    text = file.text if file.text is not None else read_record(file.path, root, problems, disk)
    raw = parse_record(file.kind, file.path, text, problems) if text is not None else None
    if raw is None:
        return None, problems
    record, found = VALIDATORS[file.kind](raw.slug, raw.path, raw.fm, zone)
    return record, problems + found


def link_site(loaded: Loaded, records: dict, opts: Options, mode: Mode,
              problems: list) -> tuple[Optional[Site], int]:
    """Step 3: references resolved, events ordered, indexes built, and every link
    the bodies make into the site checked; the Site, and the drafts it leaves out."""
    events, config = list(records["events"].values()), loaded.config
    problems += check_key_points(events, config.timezone if config else ZoneInfo("UTC"))
    problems += check_order(events)
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
    """Step 4: every page, with how to make what it shows (made as it is rendered)."""
    return planned_pages(site, opts.static)


def render(site: Site, planned: list[Planned], keys: Keys, opts: Options, mode: Mode,
           out) -> Made:
    """Step 5: every page rendered through its own recorder of what it reads (a page
    whose inputs did not change keeps its last file), and the data files made from
    each event's pieces; each file put into `out` as it is made. `serve` renders
    the edited records' own pages first, and has them written before the rest."""
    work = Work(site, mode.cache.environment(opts.templates), opts.templates, keys,
                mode.cache.written, out)
    first = mode.cache.edited_pages(opts.content, keys.versions) if mode.first else set()
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
    renders = [(work.render, part, made.add) for part in slices(pages, jobs)]
    # In workers the pieces first: the files are then made early, between this
    # process's own tasks (at 100,000 events, made last, they kept it busy long
    # after the workers had ended). Alone, pages first.
    run_tasks(pieces.tasks() + renders if jobs > 1 else renders + pieces.tasks(), jobs)
    mode.cache.made_pieces = pieces.made
    return made


def _data_files(site: Site, static: Path, paths: list, out, made: Made, column, updated) -> None:
    """The assets and the files made from the events' pieces (extras.assemble),
    each put into `out` as it is made: together they are large."""
    for output in (*assets(static), *assemble(site, paths[:], column, updated)):
        paths.append(output.path)
        made.files[output.path] = out.put(output)
    check_paths(paths)   # before anything is swapped in or written in place


class Work:
    """Renders pages into the destination (in this process, or a worker that
    inherits it): the one place results are sorted."""

    def __init__(self, site: Site, env, templates: Path, keys: Keys, known: dict, out):
        self.site, self.env, self.templates, self.keys, self.known, self.out = (
            site, env, templates, keys, known, out)

    def render(self, pages: list) -> Made:
        # A renderer and keyer for each slice: what they keep (each event's time,
        # each read's hash) then goes with it, not held to the end in every process.
        renderer = Renderer(self.env, self.templates, self.site.config)
        keyer, made, known, problems = self.keys.pages(self.site), Made(), self.known, []
        while pages:    # twice at most: the second time for pages whose old file was lost
            lost = set()
            for item in keyed_pages(pages, renderer, self.site, keyer, known):
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
    """Step 6: the files put in place (the new folder swapped in, or what serve
    holds written); the cache is told what is on disk now."""
    files = out.finish(dict(sorted(made.files.items())))
    if mode.output == MEMORY:
        return Result((), tuple(files.values()), left_out=left_out)
    mode.cache.save(opts.out, keys.fingerprint, files)
    return Result((), count=len(files), written=files, changed=out.changed, removed=out.removed,
                  rendered=made.rendered)

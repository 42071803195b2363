"""One build: load, validate, link, render, write. Each stage hands plain data on
and collects problems; the build stops before writing if there are any."""
from __future__ import annotations

import contextlib
import gc
import itertools
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator, Optional
from zoneinfo import ZoneInfo

from . import interrupt, markup, sitelinks, spill, urls
from .cache import Cache, digest, open_cache, save_cache, tree_digest
from .disputes import check_disputes
from .link import EVERY, check_key_points, check_references, link
from .load import list_records, load_head, parse_record, read_record
from .model import ABOUT_TITLE, Event, Site
from .problems import ContentError, Problem
from .quotes import verify_quotes
from .extras import assemble, columns, extra_files, make_pieces, pack, unpacked
from .depends import Keyer
from .render import (Output, Unchanged, check_paths, environment, output_paths, plan, render_pages,
                     render_site, site_files, unique)
from .schema import VALIDATORS, validate_about, validate_site
from .values import base_url, make_slug
from .parallel import heaviest_first, in_workers, workers
from .staging import discard_staging, finish_staging, open_staging, seal_staging, site_folder
from .write import link_unchanged, outputs_intact, settle_links, write_error, write_file

PROJECT = Path(__file__).resolve().parent.parent
UNREAD = object()   # a record's text not read yet: validation reads it


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
    outputs: tuple[Output, ...] = ()
    count: int = 0          # files in the site, when they went to disk without `outputs`
    written: Optional[dict] = None   # path -> cache.Entry of each file, when written
    rendered: int = 0       # pages rendered (the others were current and linked)
    warnings: tuple[str, ...] = ()   # the cache could not be read or written
    left_out: int = 0       # drafts this build leaves out

    @property
    def files(self) -> int:
        return self.count or len(self.outputs)


@dataclass(frozen=True)
class Prepared:
    site: Optional[Site]
    problems: tuple[Problem, ...]
    fingerprint: str = ""   # every input of the build; "" without a cache
    base: str = ""          # the inputs every page shares (templates, settings)
    versions: Optional[dict] = None   # (kind, slug) -> hash of the record's file
    data_base: str = ""     # the same without the templates, which the data files do not use
    left_out: int = 0       # drafts this build leaves out (known once the site is linked)

    def keyer(self, templates: bool = True) -> Optional[Keyer]:
        """Keys for this build, of pages or (templates=False) of events' pieces of the
        data files, which a template edit leaves as they are; None without a cache."""
        if self.versions is None:
            return None
        return Keyer(self.site, self.versions, self.base if templates else self.data_base)


def compile_site(opts: Options) -> Result:
    """Everything but writing: the site's files in memory, or the problems."""
    prepared = prepare(opts, open_cache(None, opts.out))
    if prepared.problems:
        return Result(prepared.problems, left_out=prepared.left_out)
    site = prepared.site
    outputs, problems = render_site(site, opts.templates, opts.static)
    extras = [output.whole() for output in extra_outputs(site, plan(site, static=opts.static))]
    outputs = unique(outputs + extras)
    return Result(tuple(problems), tuple(outputs), left_out=prepared.left_out)


def check_site(opts: Options) -> Result:
    """What `build` with these options would report, and, without opts.drafts, what
    `build --drafts` (serve's preview) would report too: the drafts' own pages and
    links are made and checked only there. Loading, validation and references are
    the same both ways, so the site is compiled again only when it has drafts."""
    result = compile_site(opts)
    if opts.drafts or not result.left_out:
        return result
    result = replace(result, outputs=(), count=result.files)   # only its count is needed
    previewed = compile_site(replace(opts, drafts=True))
    return replace(result, problems=tuple(sorted(set(result.problems) | set(previewed.problems))))


def extra_outputs(site: Site, pages, keyer: Optional[Keyer] = None,
                  cache: Optional[Cache] = None) -> Iterator[Output]:
    """The files made in Python rather than from templates: search index, feeds and
    open data, made one by one as they are asked for; with a keyer and a cache,
    from the last build's pieces that still hold."""
    known = cache.pieces if keyer and cache else None
    outputs, pieces = extra_files(site, [page.path for page in pages], keyer, known)
    if keyer and cache:
        cache.made_pieces = pieces
    return outputs


def build(opts: Options, cache: Optional[Cache] = None) -> Result:
    """Build into opts.out, rendering and writing in several processes; `cache`
    replaces the one in opts.cache (serve keeps its own in memory)."""
    cache = cache or open_cache(opts.cache, opts.out, opts.content)
    with fewer_collections():
        result = _build(opts, cache)
    return replace(result, warnings=tuple(cache.warnings.values()))


@contextlib.contextmanager
def fewer_collections():
    # A build allocates millions of small objects and frees few cycles: the
    # collector's default thresholds spend ~10% of the time finding nothing.
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _build(opts: Options, cache: Cache) -> Result:
    prepared = prepare(opts, cache)
    if prepared.problems:
        return Result(prepared.problems)
    if prepared.site is None:   # nothing changed since the last build
        return Result((), count=len(cache.written))
    folder = site_folder(opts.out)   # where a symbolic link --out leads, resolved once
    staging = open_staging(folder)
    try:
        written, problems, rendered = render_and_write(prepared, opts, staging, cache)
        if problems:
            return Result(problems)
        seal_staging(staging, folder)   # first: unsealed means Ctrl-C still stops it (test_write.py)
        interrupt.check()       # Ctrl-C's last chance: from the swap on, the build finishes
        finish_staging(staging, folder)
    finally:
        discard_staging(staging)
    written = settle_links(opts.out, written)
    save_cache(cache, opts.out, prepared.fingerprint, written)
    return Result((), count=len(written), written=written, rendered=rendered)


def prepare(opts: Options, cache: Cache) -> Prepared:
    """Load, validate and link; site None (and no problems) when the output is current."""
    spill.place(opts.out.absolute().parent)
    markup.start_build()   # the Markdown backstop's full wait, even in a long serve
    head, problems = load_head(opts.content)
    about_title, about_html, about_links = _about(head, problems)
    config = None
    unread = (head.site_path, str(opts.content))
    if not any(p.path in unread for p in problems):  # else site.yaml could not be read
        config, found = validate_site(head.site_path, head.site_data, head.site_lines,
                                      about_html, about_title)
        problems += found
    if config and opts.base_url is not None:
        try:
            config = replace(config, base_url=base_url(opts.base_url).rstrip("/"))
        except ContentError as exc:
            problems.append(Problem("--base-url", 0, exc.message, exc.hint))
    zone = config.timezone if config else ZoneInfo("UTC")  # keep checking events anyway
    listed = list_records(opts.content, problems, cache.texts)
    # Without a cache nothing needs the texts before validation: its workers read them.
    texts = ([(kind, path, read_record(path, opts.content, problems, cache.texts))
              for kind, path in listed] if cache.enabled
             else [(kind, path, UNREAD) for kind, path in listed])
    keys = [cache.record_key(kind, path, text, zone) if cache.enabled and text is not None
            else None for kind, path, text in texts]
    data_base = _base_key(opts, cache, head) if cache.enabled else ""
    base = digest(data_base, tree_digest(opts.templates)) if cache.enabled else ""
    # Pages link to the assets but do not contain them: only the whole build's
    # fingerprint covers static/, so a stylesheet edit renders no page again.
    fingerprint = digest(base, tree_digest(opts.static), *keys) if cache.enabled else ""
    if not problems and fingerprint and fingerprint == cache.fingerprint \
            and outputs_intact(opts.out, cache.written):
        return Prepared(None, (), fingerprint)
    records, found = validate_records(texts, keys, zone, cache, opts.jobs, opts.content)
    problems += found
    events = list(records["events"].values())
    problems += check_key_points(events, zone)
    if opts.archive_dir is not None:
        problems += verify_quotes(events, records["sources"], opts.archive_dir)
    if problems or config is None:
        # Report the references too, now rather than after the first fix.
        failed = _failed(opts.content, listed, records, problems)
        problems += check_references(events, records["sources"], records["actors"],
                                     records["places"], failed)
        problems += check_disputes(records["disputes"], events, records["actors"],
                                   config.sides if config else None, failed)
        return Prepared(None, tuple(problems) or (Problem(head.site_path, 1, "no site"),))
    site, problems = link(config, events, records["sources"], records["actors"],
                          records["places"], drafts=opts.drafts, remember=cache.in_memory,
                          disputes=records["disputes"])
    # The drafts left out: a link to one names the draft, not the closest published page.
    drafts = {} if opts.drafts else {urls.event(e.slug): e.where.path for e in events if e.draft}
    if site is not None:
        problems += sitelinks.check(site, lambda: output_paths(site, opts.static), about_links,
                                    drafts)
        if problems:
            return Prepared(None, tuple(problems), left_out=len(drafts))
    versions = None
    if cache.enabled:
        versions = {(kind, path.stem): key for (kind, path, _), key in zip(texts, keys)}
    return Prepared(site, tuple(problems), fingerprint, base, versions, data_base, len(drafts))


def _failed(content: Path, listed, records: dict, problems) -> dict:
    """Kind -> slugs of the files that are there but gave no record (they did not
    validate, could not be read, or are misnamed: under the slug they would have),
    or EVERY for a folder that could not be read. Each has its own problem; a
    reference to one is not another."""
    failed = {kind: {path.stem for k, path in listed if k == kind} - records[kind].keys()
              for kind in VALIDATORS}
    for problem in problems:
        path = Path(problem.path)
        if problem.line != 0:
            continue
        if path.parent == content and path.name in failed:
            failed[path.name] = EVERY
        elif path.parent.parent == content and path.parent.name in failed \
                and failed[path.parent.name] is not EVERY:
            failed[path.parent.name].add(make_slug(path.stem))
    return failed


def _base_key(opts: Options, cache: Cache, head) -> str:
    """What everything is made from besides records and templates: the engine,
    settings and options (pages add the templates' digest to it)."""
    about = head.about
    return digest(cache.version, opts.drafts, opts.base_url, repr(head.site_data),
                  repr((about.data, about.body)) if about else "", opts.content.absolute())


def validate_records(texts, keys, zone, cache: Cache, jobs: int, root: Path):
    """Records by kind and slug: from the cache where the file is unchanged, else
    read if UNREAD, parsed and validated (in worker processes when there are many)."""
    # Kept by position, not by path: at 10,000 files, hashing Paths showed in serve.
    problems, found, todo, where = [], [None] * len(texts), [], []
    for i, ((kind, path, text), key) in enumerate(zip(texts, keys)):
        if text is None:
            continue
        record = cache.record(key) if key else None
        if record is not None:
            found[i] = record
        else:
            todo.append((kind, path, text, key))
            where.append(i)
            if cache.in_memory:   # serve reports them; elsewhere 10,000 Paths were ~8 MiB
                cache.validated.append(path)
    for i, task, (record, errors) in zip(where, todo, _validated(todo, jobs, zone, root)):
        problems += errors
        if record is not None:
            found[i] = record = _spilled(record)
            if task[3]:
                cache.remember(task[3], record)
    records = {kind: {} for kind in VALIDATORS}
    for (kind, _, _), record in zip(texts, found):
        if record is not None:
            records[kind][record.slug] = record
    return records, problems


def _spilled(record):
    """The record with its line numbers, and an event's body, in the spill file."""
    changes = {"where": replace(record.where, lines=spill.spill(record.where.lines))}
    if isinstance(record, Event):
        changes["body"] = spill.spill(record.body)
    return replace(record, **changes)


def _validated(todo: list, jobs: int, zone, root: Path) -> list:
    """(record, problems) for each of `todo`, in its order; in workers when there
    are many, in runs of consecutive records, so that each worker sends its
    results as it goes: one run per worker had each hold and send 50,000
    validated records at once at N = 100,000."""
    jobs = workers(len(todo), jobs)
    size = max(1, -(-len(todo) // (jobs * 16)) if jobs > 1 else len(todo))
    results: list = [None] * len(todo)

    def keep(i: int, part: list) -> None:
        results[i * size:i * size + len(part)] = part

    in_workers(_validate_slice, [todo[i:i + size] for i in range(0, len(todo), size)], jobs,
               zone, root, handle=keep)
    return results


def _validate_slice(tasks, zone, root: Path) -> list:
    results = []
    for kind, path, text, _ in tasks:
        interrupt.check()
        problems: list = []
        if text is UNREAD:
            text = read_record(path, root, problems)
        raw = parse_record(kind, path, text, problems) if text is not None else None
        record = None
        if raw is not None:
            record, found = VALIDATORS[kind](raw.slug, raw.path, raw.fm, zone)
            problems += found
        results.append((record, problems))
    return results


def _about(head, problems: list) -> tuple[str, str, tuple]:
    """about.md's title, its body as HTML, and (its path, its links into the site)."""
    if not head.about:
        return ABOUT_TITLE, "", ()
    path = str(Path(head.site_path).with_name("about.md"))
    (title, html, links), found = validate_about(path, head.about)
    problems += found
    return title, html, (path, links)


def render_and_write(prepared: Prepared, opts: Options, staging: Path, cache: Cache):
    """Render every planned page into staging, or hard-link the last build's file of
    a page whose inputs did not change (`cache.written`), and make the files of
    extras.py; return {path: Entry}, problems and how many pages were rendered."""
    previous = cache.written
    site = prepared.site
    pages = plan(site, static=opts.static)
    environment(opts.templates)   # compiled here, once, for every worker
    keyer = prepared.keyer()
    known = cache.pieces if keyer else {}
    jobs = workers(len(pages), opts.jobs)
    tasks, chunks = _tasks(site, pages, jobs)
    written, problems, pieces = {}, set(), [None] * chunks
    rendered, waiting = 0, chunks

    def extras() -> None:
        if keyer:   # the cache keeps every event's Pieces
            made = {slug: piece for part in pieces for slug, piece in part.items()}
            cache.made_pieces = made
            column, updated = columns([made[event.slug] for event in site.events])
        else:
            column, updated = unpacked(pieces)
        _write_extras(site, pages, column, updated, opts, staging, previous, written)
        pieces.clear()   # in the files now (and in the cache, if any): let them go
        shutil.rmtree(staging / PACKS)

    def handle(i: int, result) -> None:
        nonlocal rendered, waiting
        if i >= chunks:
            written.update(result[0])
            problems.update(result[1])
            rendered += result[2]
            return
        pieces[i] = result if not keyer else {
            slug: known[slug] if made is None else made for slug, made in result.items()}
        waiting -= 1
        if not waiting:
            extras()

    try:
        (staging / PACKS).mkdir()
    except OSError as exc:
        raise write_error("cannot write into the new site", exc) from None
    if not chunks:   # no events: nothing to wait for
        extras()
    in_workers(_task, tasks, jobs, prepared, opts, staging, previous, known, handle=handle)
    return dict(sorted(written.items())), tuple(sorted(problems)), rendered


def _tasks(site: Site, pages: list, jobs: int) -> tuple[list, int]:
    """The tasks, and how many of them (the first) make events' pieces.

    The events' pieces come first, in runs of consecutive events, so that the
    files are put together from them early, between this process's own tasks.
    (At 100,000 events, making the pieces here alone, apart from the pages, kept
    this process busy long after the workers had ended.)"""
    size = max(1, -(-len(site.events) // (jobs * 8)))
    tasks = [("pieces", site.events[i:i + size]) for i in range(0, len(site.events), size)]
    chunks = len(tasks)
    tasks += [("pages", part) for part in (heaviest_first(pages, jobs, page_weight) if jobs > 1
                                           else [pages])]
    return tasks, chunks


def _write_extras(site: Site, pages, column, updated, opts: Options, staging: Path,
                  previous: dict, written: dict) -> None:
    """The assets and the files put together from the events' pieces (see
    extras.assemble), each written at once rather than held: together they are large."""
    made: set = set()
    paths = [page.path for page in pages]   # the sitemap's; then every file's, to check
    for output in itertools.chain(site_files(site, opts.static),
                                  assemble(site, paths[:], column, updated)):
        paths.append(output.path)
        written[output.path] = write_file(staging, output, made, previous, opts.out)
    check_paths(paths)   # still in staging: a collision stops the build before the swap


PACKS = ".packs"   # in staging, the events' packed pieces until their files are made


def _task(task: tuple, prepared: Prepared, opts: Options, staging: Path, previous: dict,
          known: dict):
    kind, items = task
    if kind == "pages":
        return _render_slice(items, prepared, opts, staging, previous)
    keyer = prepared.keyer(templates=False)
    made = make_pieces(prepared.site, items, keyer, known)
    if not keyer:   # on disk: the process putting the files together then never holds them
        try:
            return pack([made[event.slug] for event in items], staging / PACKS)
        except OSError as exc:   # a full disk, say
            raise write_error("cannot write into the new site", exc) from None
    # The pieces still current are the very objects in `known`: None stands for
    # each, so that they are not copied back from the worker.
    return {slug: None if known.get(slug) is piece else piece for slug, piece in made.items()}


def page_weight(page) -> int:
    """A page's rendering cost, roughly: one, plus the records it lists."""
    return 1 + sum(_count(value) for _, value in page.context)


def _count(value) -> int:
    if isinstance(value, (tuple, list)):
        return sum(_count(item) for item in value)
    return 1


def _render_slice(pages, prepared: Prepared, opts, staging, previous):
    made: set = set()
    written, problems, rendered = {}, [], 0
    keyer, known = prepared.keyer(), previous
    while pages:    # twice at most: the second time for pages whose old file was lost
        lost = set()
        for item in render_pages(prepared.site, pages, opts.templates, keyer, known):
            if isinstance(item, Problem):
                problems.append(item)
            elif isinstance(item, Unchanged):
                entry = link_unchanged(staging, item.path, previous[item.path], made, opts.out)
                if entry is None:   # deleted or altered since the last build
                    lost.add(item.path)
                else:
                    written[item.path] = entry
            else:
                rendered += 1
                written[item.path] = write_file(staging, item, made, previous, opts.out)
        pages, known = [page for page in pages if page.path in lost], None
    return written, problems, rendered

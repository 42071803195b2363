"""Where a build's files go: with the cache and the number of processes, the
one thing in which check, build and serve differ (as Zola's BuildMode).

MEMORY    `check`: the files are kept in memory, nothing is written
STAGED    `build`: into a new folder beside the output, swapped in whole at the end
IN_PLACE  `serve`: the files whose bytes changed are written over the old ones,
          the ones no longer made removed

A destination takes each file as the render step makes it (`put`) and each page
whose last file stands (`keep`); then it is finished, or discarded: a build
with problems leaves the output as it was.
"""
from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from . import interrupt
from .files import Streamed
from .staging import discard_staging, finish_staging, open_staging, seal_staging, site_folder
from .write import (link_unchanged, remove_in_place, settle_links, update_in_place, write_error,
                    write_file)

MEMORY, STAGED, IN_PLACE = "memory", "staged", "in place"


@dataclass(frozen=True)
class Mode:
    output: str                       # MEMORY, STAGED or IN_PLACE
    cache: object                     # speed.cache.Cache: disabled, on disk or in memory
    jobs: int = 1                     # processes that work, this one included
    first: Optional[Callable] = None  # serve: told first(paths written, pages rendered) once
                                      # the edited records' own pages are on disk


@dataclass
class Made:
    """What the render step put into the destination: path -> what it keeps of each."""
    files: dict = field(default_factory=dict)
    problems: tuple = ()
    rendered: int = 0

    def add(self, other: "Made") -> None:
        self.files.update(other.files)
        self.problems = tuple(sorted(set(self.problems) | set(other.problems)))
        self.rendered += other.rendered


@contextlib.contextmanager
def destination(mode: Mode, out: Path) -> Iterator:
    """The mode's destination for the files of a build into `out`; discarded on
    the way out unless finished (STAGED: the new folder is removed)."""
    made = {MEMORY: Memory, STAGED: Staged, IN_PLACE: InPlace}[mode.output](out, mode.cache.written)
    try:
        yield made
    finally:
        made.discard()


class Memory:
    """The files kept as they are made (`check`, and tests)."""
    scratch = None   # no folder for the events' packed pieces: they stay in memory

    def __init__(self, out: Path, previous: dict):
        self.changed: tuple = ()
        self.removed: tuple = ()

    def put(self, output):
        return output.whole() if isinstance(output, Streamed) else output

    def keep(self, page) -> None:
        return None   # never asked: nothing was made before

    def commit(self) -> dict:
        return {}

    def finish(self, files: dict) -> dict:
        return files

    def discard(self) -> None:
        pass


class Staged:
    """A new site written into a folder beside the output, then swapped in whole
    (staging.py); a file whose bytes did not change is linked from the last build."""

    def __init__(self, out: Path, previous: dict):
        self.out, self.previous, self.made = out, previous, set()
        self.folder = site_folder(out)   # where a symbolic link --out leads, resolved once
        self.staging, self.lock = open_staging(self.folder)
        self.scratch = self.staging / ".packs"   # the events' packed pieces, until used
        self.changed: tuple = ()
        self.removed: tuple = ()
        try:
            self.scratch.mkdir()
        except OSError as exc:
            self.discard()
            raise write_error("cannot write into the new site", exc) from None

    def put(self, output):
        return write_file(self.staging, output, self.made, self.previous, self.out)

    def keep(self, page):
        """The last build's file of an unchanged page, linked; None if it was altered."""
        return link_unchanged(self.staging, page.path, self.previous[page.path], self.made,
                              self.out)

    def commit(self) -> dict:
        return {}   # nothing is seen before the swap

    def finish(self, files: dict) -> dict:
        shutil.rmtree(self.scratch)
        seal_staging(self.staging, self.folder)   # first: unsealed, Ctrl-C still stops it
        interrupt.check()       # Ctrl-C's last chance: from the swap on, the build finishes
        finish_staging(self.staging, self.folder)
        self.changed = tuple(files)
        return settle_links(self.out, files)

    def discard(self) -> None:
        discard_staging(self.staging, self.lock)


class InPlace:
    """The files of a site this tool built, brought up to date where they stand:
    each held until committed, then written (by rename) only if its bytes changed."""
    scratch = None

    def __init__(self, out: Path, previous: dict):
        self.out, self.previous, self.held = out, previous, []
        self.changed: tuple = ()
        self.removed: tuple = ()

    def put(self, output) -> None:
        self.held.append(output)
        return None   # its entry is known once written (commit)

    def keep(self, page):
        return self.previous[page.path]   # on disk as it was

    def commit(self) -> dict:
        """Write what is held; the entries of the files put since the last commit."""
        entries, changed = update_in_place(self.held, self.previous, self.out)
        self.held = []
        # On disk now, whatever comes next: a failure later must not leave the
        # cache describing the files these replaced.
        self.previous.update((path, entries[path]) for path in changed)
        self.changed += tuple(changed)
        return entries

    def finish(self, files: dict) -> dict:
        files = {**files, **self.commit()}
        self.removed = tuple(sorted(set(self.previous) - set(files)))
        remove_in_place(self.removed, self.out)
        return files

    def discard(self) -> None:
        self.held = []

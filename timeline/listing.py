"""Which files under content/ are records, and the problems with the others:
folders that are not a kind's, files that are not Markdown or whose names are
not slugs. `Disk` is how a build lists folders and reads files."""
from __future__ import annotations

import errno
import functools
import os
import stat
from pathlib import Path
from typing import Optional

from .problems import ContentError, Problem, did_you_mean
from .values import MAX_SLUG, RESERVED, SLUG, make_slug
from .textdecode import decode

KINDS = ("events", "sources", "actors", "places", "disputes")


class Disk:
    """How a build reads files and lists folders: as they are now. One lives for
    one build (serve's remembers what it read: speed/memo.py's TextMemo)."""

    def __init__(self) -> None:
        self._real: dict = {}   # folder -> where it really is, resolved once a build

    def read(self, path: Path, st: os.stat_result, real: Path) -> str:
        return decode(real.read_bytes())

    def listing(self, folder: Path, scan):
        """scan(): a folder's files and problems."""
        return scan()

    def inside(self, folder: str, root: str) -> bool:
        """Whether `folder` lies inside `root`, symbolic links followed."""
        return self.resolved(folder).is_relative_to(self.resolved(root))

    def resolved(self, folder: str) -> Path:
        real = self._real.get(folder)
        if real is None:
            real = self._real[folder] = Path(folder).resolve()
        return real


def list_records(root: Path, problems: list, disk: Disk) -> list[tuple[str, Path]]:
    """(kind, path) of every record file, in a stable order."""
    if folder_error(root) is not None:   # reported by load_head
        return []
    return [(kind, path) for kind in KINDS for path in _record_files(root, kind, problems, disk)]


def stray_entries(root: Path) -> list[Problem]:
    """Markdown files at the top of the content folder, or in a folder there that
    is not a kind's, which no build reads: records in a misspelled kind folder
    ('event/', 'Events/') or put at the top would otherwise be left out of the
    site without a word. Other files and folders (images, notes) are let be."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError:
        return []   # reported as the folder's own problem
    found = []
    for entry in entries:
        name = entry.name
        if name in KINDS or name.startswith(".") or name.endswith("~"):
            continue
        try:   # not through a symbolic link: the build reads nothing outside content/
            is_dir = entry.is_dir(follow_symlinks=False)
            holds_records = False
            if is_dir:
                with os.scandir(entry.path) as inner:
                    holds_records = any(item.name.endswith(".md") for item in inner)
        except OSError:
            continue
        if holds_records:
            hint = did_you_mean(name.lower(), KINDS) or \
                "records go in events/, sources/, actors/, places/ or disputes/"
            found.append(Problem(entry.path, 0, f"unexpected folder '{name}' in the content "
                                 "folder: the records in it are not read", hint))
        elif not is_dir and name.endswith(".md") and name != "about.md":
            found.append(Problem(entry.path, 0, "a record directly in the content folder is "
                                 "not read", "move it into events/, sources/, actors/, places/ or disputes/"))
    return found


def unreadable(exc: OSError, path: Path) -> ContentError:
    """The problem with a content file or folder that the system would not open."""
    if exc.errno == errno.ELOOP:
        return ContentError("is a symbolic link loop", 0,
                            "point the link at the file or folder meant, or replace it with that")
    if exc.errno == errno.ENOENT:
        return ContentError("is a broken symbolic link" if os.path.islink(path)
                            else "file not found", 0)
    return ContentError(f"cannot be read ({exc.strerror or exc})", 0,
                        "check its permissions" if exc.errno == errno.EACCES else "")


def folder_error(folder: Path) -> Optional[ContentError]:
    """Why the files in `folder` cannot be listed or read, or None."""
    try:
        with os.scandir(folder):   # needs permission to list it ...
            pass
        os.stat(os.path.join(folder, os.curdir))   # ... and to open what is in it
    except OSError as exc:
        return unreadable(exc, folder)
    return None


def exists(path: Path) -> bool:
    """False only when nothing is there: what cannot be looked at is read, and reported."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError:
        pass
    return True


def _bad_name(path: Path, names: list[str]) -> Problem:
    """A file name that is not a slug; say so when it differs from another only in case."""
    good = f"{make_slug(path.stem)}.md"
    hint = f"rename it to '{good}'"
    if path.name.lower() == good and good in names:
        hint = (f"'{good}' exists too: names differing only in case collide on "
                "case-insensitive file systems (macOS, Windows); merge or rename one")
    return Problem(str(path), 0, f"file name '{path.name}' is not a valid slug", hint)


def kind_problem(root: Path, kind: str) -> Optional[Problem]:
    """Why content/<kind>/ cannot hold records, or None (a missing one can be made):
    not a folder, unreadable, or a link leading out of the content folder, which
    the build never reads from (nor `build.py new` writes into)."""
    folder = root / kind
    try:
        if not exists(folder):
            return None
        if not stat.S_ISDIR(os.stat(folder).st_mode):
            return Problem(str(folder), 0, "is not a folder",
                           f"content/{kind}/ holds one file per record")
        if not folder.resolve().is_relative_to(root.resolve()):
            return Problem(str(folder), 0, "is a link outside the content directory",
                           "move the folder into content/ instead of linking it")
    except OSError as exc:   # a link loop, a broken link, ...
        error = unreadable(exc, folder)
        return Problem(str(folder), 0, error.message, error.hint)
    return None


def _record_files(root: Path, kind: str, problems: list, disk: Disk) -> list[Path]:
    folder = root / kind
    problem = kind_problem(root, kind)
    if problem is not None:
        problems.append(problem)
        return []
    try:
        if not exists(folder):
            return []
        scan = functools.partial(_scan, folder, kind)
        files, found = disk.listing(folder, scan)
    except OSError as exc:   # a link loop, no permission to list it, ...
        error = unreadable(exc, folder)
        problems.append(Problem(str(folder), 0, error.message, error.hint))
        return []
    problems += found
    return files


def _scan(folder: Path, kind: str) -> tuple[list[Path], list[Problem]]:
    """The record files in one folder, and problems with the other entries."""
    files, problems = [], []
    with os.scandir(folder) as scan:   # file types without a stat call each
        folders = {entry.name for entry in scan if _is_dir(entry)}
    names = sorted(os.listdir(folder))
    for name in names:
        path = folder / name
        if name.startswith(".") or name.endswith("~"):
            continue  # editor swap and backup files
        if name in folders:
            problems.append(Problem(str(path), 0, f"unexpected folder in {kind}/",
                                    f"records are files directly in content/{kind}/"))
        elif not name.endswith(".md"):
            problems.append(Problem(str(path), 0, "is not a Markdown (.md) record",
                                    "rename it to end in .md, or move it out of content/"))
        elif not SLUG.fullmatch(name[:-3]):
            problems.append(_bad_name(path, names))
        elif name[:-3] in RESERVED:
            problems.append(Problem(str(path), 0, f"'{path.stem}' is a reserved name",
                                    "choose a more specific file name"))
        elif len(path.stem) > MAX_SLUG:   # it names the record's page too
            problems.append(Problem(str(path), 0, f"file name is too long ({len(path.stem)} "
                                    f"characters before '.md'; the limit is {MAX_SLUG})",
                                    f"shorten it, e.g. to '{make_slug(path.stem)}.md'"))
        else:
            files.append(path)
    return files, problems


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:   # a link loop, say: not a folder; reading it as a file reports it
        return False

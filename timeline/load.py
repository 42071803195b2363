"""The only module that reads content files (listing.py finds them).

It reads site.yaml, about.md and the records under content/, decodes them and
splits their front matter; anything unreadable becomes a Problem naming the file.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .frontmatter import FrontMatter, normalise_text, parse, parse_yaml
from .listing import Disk, exists, folder_error, stray_entries, unreadable
from .problems import ContentError, Problem

MAX_BYTES = 1024 * 1024     # one content file; larger is a mistake (or an attack)


@dataclass(frozen=True)
class RawDoc:
    kind: str
    slug: str
    path: str
    fm: FrontMatter


@dataclass(frozen=True, slots=True)
class RecordFile:
    """A record's file as the load step found it: its text if read already (a
    build with a cache reads and keys it; else validation reads it), and the
    cache's key of that text."""
    kind: str
    path: Path
    text: Optional[str] = None
    key: str = ""


@dataclass(frozen=True)
class RawContent:
    site_path: str
    site_data: object
    site_lines: dict
    about: Optional[FrontMatter]


def load_head(root: Path, disk: Disk) -> tuple[RawContent, list[Problem]]:
    """site.yaml and about.md only; the records are left to `list_records`."""
    problems: list[Problem] = []
    site_path = str(root / "site.yaml")
    site_data, site_lines = None, {}
    error = folder_error(root)
    if error is not None:   # one problem, not one for each file and folder in it
        problems.append(Problem(str(root), 0, error.message, error.hint))
        return RawContent(site_path, None, {}, None), problems
    problems += stray_entries(root)
    try:
        if not exists(root / "site.yaml"):
            raise ContentError("file not found", 0,
                               "create it with title, description, timezone and language")
        site_data, site_lines = parse_yaml(normalise_text(read_text(root / "site.yaml", root,
                                                                    disk)))
    except ContentError as exc:
        problems.append(Problem(site_path, exc.line, exc.message, exc.hint))
    about = None
    if exists(root / "about.md"):
        about = _parse(root / "about.md", root, problems, disk)
    return RawContent(site_path, site_data, site_lines, about), problems


def read_record(path: Path, root: Path, problems: list, disk: Disk) -> Optional[str]:
    """The text of one record file, or None (and a problem) when it cannot be read."""
    try:
        return read_text(path, root, disk)
    except ContentError as exc:
        problems.append(Problem(str(path), exc.line, exc.message, exc.hint))
        return None


def parse_record(kind: str, path: Path, text: str, problems: list) -> Optional[RawDoc]:
    """Split a record's text (from `read_record`) into front matter and body."""
    try:
        return RawDoc(kind, path.stem, str(path), parse(text))
    except ContentError as exc:
        problems.append(Problem(str(path), exc.line, exc.message, exc.hint))
        return None


def read_text(path: Path, root: Path, disk: Disk) -> str:
    """Read one UTF-8 file that must lie inside `root`; raise ContentError otherwise."""
    try:
        st = os.lstat(path)
        real = path
        if stat.S_ISLNK(st.st_mode):
            st = os.stat(path)   # first: a link loop or a dangling link fails here
            real = path.resolve()
            inside = real.is_relative_to(disk.resolved(os.fspath(root)))
        else:   # resolving each file's path is slow; its folder's is enough, and shared
            inside = disk.inside(os.path.dirname(path), os.fspath(root))
        if not inside:
            raise ContentError("is a link to a file outside the content directory", 0,
                               "copy the file into content/ instead of linking it")
        if not stat.S_ISREG(st.st_mode):
            raise ContentError("is not a regular file", 0)
        if st.st_size > MAX_BYTES:
            raise ContentError(f"is larger than {MAX_BYTES // 1024} KiB", 0,
                               "split it, or check that it is the file you meant")
        return disk.read(path, st, real)
    except OSError as exc:
        raise unreadable(exc, path) from None


def _parse(path: Path, root: Path, problems: list, disk: Disk) -> Optional[FrontMatter]:
    try:
        return parse(read_text(path, root, disk))
    except ContentError as exc:
        problems.append(Problem(str(path), exc.line, exc.message, exc.hint))
        return None

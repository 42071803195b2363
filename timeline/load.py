"""The only module that reads content files.

It finds the records under content/, decodes them and splits their front
matter; anything unreadable becomes a Problem naming the file.
"""
from __future__ import annotations

import errno
import functools
import os
import stat
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

from .frontmatter import FrontMatter, normalise_text, parse, parse_yaml
from .problems import ContentError, Problem, did_you_mean
from .schema import MAX_SLUG, RESERVED, SLUG, make_slug

KINDS = ("events", "sources", "actors", "places", "disputes")
MAX_BYTES = 1024 * 1024     # one content file; larger is a mistake (or an attack)


@dataclass(frozen=True)
class RawDoc:
    kind: str
    slug: str
    path: str
    fm: FrontMatter


@dataclass(frozen=True)
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
    docs: tuple[RawDoc, ...]


def load_content(root: Path) -> tuple[Optional[RawContent], list[Problem]]:
    head, problems = load_head(root)
    docs = []
    for kind, path in list_records(root, problems):
        fm = _parse(path, root, problems)
        if fm is not None:
            docs.append(RawDoc(kind, path.stem, str(path), fm))
    return replace(head, docs=tuple(docs)), problems


def load_head(root: Path) -> tuple[RawContent, list[Problem]]:
    """site.yaml and about.md only; the records are left to `list_records`."""
    problems: list[Problem] = []
    _real_dir.cache_clear()
    _folder_inside.cache_clear()
    site_path = str(root / "site.yaml")
    site_data, site_lines = None, {}
    error = _folder_error(root)
    if error is not None:   # one problem, not one for each file and folder in it
        problems.append(Problem(str(root), 0, error.message, error.hint))
        return RawContent(site_path, None, {}, None, ()), problems
    problems += _stray_entries(root)
    try:
        if not _exists(root / "site.yaml"):
            raise ContentError("file not found", 0,
                               "create it with title, description, timezone and language")
        site_data, site_lines = parse_yaml(normalise_text(read_text(root / "site.yaml", root)))
    except ContentError as exc:
        problems.append(Problem(site_path, exc.line, exc.message, exc.hint))
    about = None
    if _exists(root / "about.md"):
        about = _parse(root / "about.md", root, problems)
    return RawContent(site_path, site_data, site_lines, about, ()), problems


def _stray_entries(root: Path) -> list[Problem]:
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


def list_records(root: Path, problems: list,
                 memo: Optional[TextMemo] = None) -> list[tuple[str, Path]]:
    """(kind, path) of every record file, in a stable order."""
    if _folder_error(root) is not None:   # reported by load_head
        return []
    return [(kind, path) for kind in KINDS for path in _record_files(root, kind, problems, memo)]


class TextMemo:
    """The texts of the files read in the last build, and the listings of the
    folders, for `serve`'s rebuilds: a file or folder whose stat is as it was is
    not read or listed again (at 10,000 events that was most of the time before the
    edited page could be written). A folder's mtime moves whenever an entry is
    added, removed or renamed.

    A file system's clock ticks coarsely, so two edits within one tick can leave
    size and times alike (git calls such files "racily clean"). What was read is
    only trusted if it had not changed for SETTLE_NS when it was read.
    """
    SETTLE_NS = 2_000_000_000

    def __init__(self) -> None:
        self._texts: dict = {}   # path -> (stat signature, text or listing) of trusted reads
        self._kept: dict = {}    # the same for this build's reads: the next build's _texts

    def read(self, path: Path, st: os.stat_result, real: Path) -> str:
        return self._recall(os.fspath(path), st, lambda: _decode(real.read_bytes()))

    def listing(self, folder: Path, scan):
        """scan() (a folder's files and problems), or what it gave last time."""
        return self._recall(os.fspath(folder) + os.sep, os.stat(folder), scan)

    def _recall(self, name: str, st: os.stat_result, read):
        # name: a str, which hashes far faster than a Path
        signature = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        known = self._texts.get(name)
        if known is not None and known[0] == signature:
            self._kept[name] = known
            return known[1]
        settled = time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > self.SETTLE_NS
        value = read()
        if settled:
            self._kept[name] = (signature, value)
        return value

    def forget_unused(self) -> None:
        """Keep only what the last build read: deleted files' texts go."""
        self._texts, self._kept = self._kept, {}

    def known(self) -> set:
        return set(self._texts)


def read_record(path: Path, root: Path, problems: list,
                memo: Optional[TextMemo] = None) -> Optional[str]:
    """The text of one record file, or None (and a problem) when it cannot be read."""
    try:
        return read_text(path, root, memo)
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


def read_text(path: Path, root: Path, memo: Optional[TextMemo] = None) -> str:
    """Read one UTF-8 file that must lie inside `root`; raise ContentError otherwise."""
    try:
        st = os.lstat(path)
        real = path
        if stat.S_ISLNK(st.st_mode):
            st = os.stat(path)   # first: a link loop or a dangling link fails here
            real = path.resolve()
            inside = real.is_relative_to(_real_dir(root))
        else:   # resolving each file's path is slow; its folder's is enough, and shared
            inside = _folder_inside(os.path.dirname(path), os.fspath(root))
        if not inside:
            raise ContentError("is a link to a file outside the content directory", 0,
                               "copy the file into content/ instead of linking it")
        if not stat.S_ISREG(st.st_mode):
            raise ContentError("is not a regular file", 0)
        if st.st_size > MAX_BYTES:
            raise ContentError(f"is larger than {MAX_BYTES // 1024} KiB", 0,
                               "split it, or check that it is the file you meant")
        if memo is not None:
            return memo.read(path, st, real)
        return _decode(real.read_bytes())
    except OSError as exc:
        raise _unreadable(exc, path) from None


def _unreadable(exc: OSError, path: Path) -> ContentError:
    """The problem with a content file or folder that the system would not open."""
    if exc.errno == errno.ELOOP:
        return ContentError("is a symbolic link loop", 0,
                            "point the link at the file or folder meant, or replace it with that")
    if exc.errno == errno.ENOENT:
        return ContentError("is a broken symbolic link" if os.path.islink(path)
                            else "file not found", 0)
    return ContentError(f"cannot be read ({exc.strerror or exc})", 0,
                        "check its permissions" if exc.errno == errno.EACCES else "")


def _folder_error(folder: Path) -> Optional[ContentError]:
    """Why the files in `folder` cannot be listed or read, or None."""
    try:
        with os.scandir(folder):   # needs permission to list it ...
            pass
        os.stat(os.path.join(folder, os.curdir))   # ... and to open what is in it
    except OSError as exc:
        return _unreadable(exc, folder)
    return None


def _exists(path: Path) -> bool:
    """False only when nothing is there: what cannot be looked at is read, and reported."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError:
        pass
    return True


def _decode(data: bytes) -> str:
    # UTF-32 first: its little-endian mark begins with UTF-16's
    if data.startswith((b"\xff\xfe\0\0", b"\0\0\xfe\xff")) or _utf32_without_bom(data):
        raise ContentError("is UTF-32, not UTF-8", 1, "save the file as UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        raise ContentError("is UTF-16, not UTF-8", 1, "save the file as UTF-8")
    if b"\0" in data:
        raise ContentError("is binary, not text", _line_at(data, data.index(b"\0")))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"is not valid UTF-8 (byte {exc.start + 1})",
                           _line_at(data, exc.start), "save the file as UTF-8") from None


def _utf16_without_bom(data: bytes) -> bool:
    """Text saved as UTF-16 without its mark: mostly ASCII, so every other byte is 0."""
    half = len(data) // 2
    return half > 0 and max(data[0::2].count(0), data[1::2].count(0)) > half * 3 // 4


def _utf32_without_bom(data: bytes) -> bool:
    """Text saved as UTF-32 without its mark: its characters are below U+10000, so
    two bytes of every four are 0 (the last two, or in big-endian order the first two)."""
    quarter = len(data) // 4
    zeros = [data[i::4].count(0) > quarter * 3 // 4 for i in range(4)]
    return quarter > 0 and len(data) % 4 == 0 and ((zeros[2] and zeros[3]) or (zeros[0] and zeros[1]))


def _line_at(data: bytes, offset: int) -> int:
    """The line of a byte, with LF, CRLF or CR line endings (as normalise_text reads them)."""
    before = data[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


@functools.lru_cache(maxsize=64)
def _real_dir(folder: Path) -> Path:
    # Cleared at the start of every build (load_head): folders may be moved between builds.
    return folder.resolve()


@functools.lru_cache(maxsize=64)
def _folder_inside(folder: str, root: str) -> bool:
    return _real_dir(Path(folder)).is_relative_to(_real_dir(Path(root)))


def _parse(path: Path, root: Path, problems: list) -> Optional[FrontMatter]:
    try:
        return parse(read_text(path, root))
    except ContentError as exc:
        problems.append(Problem(str(path), exc.line, exc.message, exc.hint))
        return None


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
        if not _exists(folder):
            return None
        if not stat.S_ISDIR(os.stat(folder).st_mode):
            return Problem(str(folder), 0, "is not a folder",
                           f"content/{kind}/ holds one file per record")
        if not folder.resolve().is_relative_to(root.resolve()):
            return Problem(str(folder), 0, "is a link outside the content directory",
                           "move the folder into content/ instead of linking it")
    except OSError as exc:   # a link loop, a broken link, ...
        error = _unreadable(exc, folder)
        return Problem(str(folder), 0, error.message, error.hint)
    return None


def _record_files(root: Path, kind: str, problems: list, memo: Optional[TextMemo]) -> list[Path]:
    folder = root / kind
    problem = kind_problem(root, kind)
    if problem is not None:
        problems.append(problem)
        return []
    try:
        if not _exists(folder):
            return []
        scan = functools.partial(_scan, folder, kind)
        files, found = memo.listing(folder, scan) if memo is not None else scan()
    except OSError as exc:   # a link loop, no permission to list it, ...
        error = _unreadable(exc, folder)
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

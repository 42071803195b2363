"""The only module that writes the site's files: into the new site's folder
(staging.py) during a build, or in place of the old files in `serve`, each
hard-linked from the last build instead where its bytes did not change."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Optional

from .files import Streamed
from .staging import MARKER, WriteError, is_kept, site_folder, write_error

__all__ = ["MARKER", "Entry", "WriteError", "check_target", "file_digest", "link_unchanged",
           "outputs_intact", "remove_in_place", "settle_links", "update_in_place", "write_error",
           "write_file"]


@dataclass
class Entry:
    """What one output file was when the last build wrote it, and for a page, what
    it was rendered from (see speed/depends.py). The file is taken as untouched while its
    inode and change time hold: unlike mtime, ctime cannot be set back. A file the
    build hard-linked from the last one has ctime_ns 0 until the swap is done
    (write.settle_links): the links move it."""
    digest: str
    size: int
    ctime_ns: int
    inode: int
    key: str = ""
    deps: tuple = ()


def file_digest(chunks) -> str:
    """A file's bytes, the same however they come split into chunks."""
    h = hashlib.blake2b(digest_size=20)
    for chunk in chunks:
        h.update(chunk)
    return h.hexdigest()


def check_target(out: Path, protected: list[Path]) -> None:
    """Refuse to replace a directory we did not build, or one holding our inputs."""
    for path in protected:  # as written ('..' taken away), and with every symbolic link followed
        for a, b in ((_normal(out), _normal(path)), (_resolved(out), _resolved(path))):
            if a == b or b.is_relative_to(a) or a.is_relative_to(b):
                raise WriteError(f"the output directory {out.absolute()} overlaps {path.absolute()}")
    out = site_folder(out)   # a symbolic link: the folder it leads to is replaced
    existing = next(path for path in (out, *out.parents) if os.path.lexists(path))
    if not existing.is_dir():
        raise WriteError(f"{out} exists and is not a directory" if existing == out else
                         f"cannot create {out}: {existing} is not a directory")
    try:
        foreign = out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists()
    except OSError as exc:   # a folder we may not list: another user's site, say
        raise write_error(f"cannot use the output directory {out}", exc) from None
    if foreign:
        raise WriteError(f"{out} is not empty and was not built by build.py; "
                         "refusing to replace it (choose another --out, or empty it)")


def _normal(path: Path) -> Path:
    """Absolute, without '..': 'content/../site' is not inside 'content'."""
    return Path(os.path.normpath(path.absolute()))


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (RuntimeError, OSError):   # a link loop: Python 3.11 raises RuntimeError
        raise WriteError(f"cannot use {path.absolute()}: it goes through a symbolic link "
                         "loop") from None


def write_file(staging: Path, output, made: set, previous: Optional[dict] = None,
               out: Optional[Path] = None) -> Entry:
    """Write one output into staging; hard-link it from `out` instead when the last
    build wrote exactly these bytes there and the file is still the one it wrote."""
    try:
        return _write_file(staging, output, made, previous, out)
    except OSError as exc:   # the disk is full, say: an error for the user, not a traceback
        raise write_error(f"cannot write {output.path} into the new site", exc) from None


def _write_file(staging: Path, output, made: set, previous: Optional[dict],
                out: Optional[Path]) -> Entry:
    target = _staged(staging, output.path, made)
    old = previous.get(output.path) if previous and out is not None else None
    if isinstance(output, Streamed):   # made as it is written: compared afterwards
        data_digest = _write_chunks(target, output.chunks())
        spare = target.with_name(f".{target.name}.{os.getpid()}.old")
        if old is not None and old.digest == data_digest \
                and _link_if_intact(out / output.path, spare, old):
            os.replace(spare, target)
            return replace(old, ctime_ns=0, key=output.key, deps=output.deps)
    else:
        data_digest = file_digest(output.chunks())
        if old is not None and old.digest == data_digest \
                and _link_if_intact(out / output.path, target, old):
            return replace(old, ctime_ns=0, key=output.key, deps=output.deps)
        target.write_bytes(output.data)
    st = os.stat(target)
    return Entry(data_digest, st.st_size, st.st_ctime_ns, st.st_ino, output.key, output.deps)


def _write_chunks(target: Path, chunks) -> str:
    """Write the chunks to `target` as they come; their digest."""
    with open(target, "wb") as f:
        def written():
            for chunk in chunks:
                f.write(chunk)
                yield chunk
        return file_digest(written())


def link_unchanged(staging: Path, path: str, old: Entry, made: set, out: Path) -> Optional[Entry]:
    """Hard-link the last build's file for a page that would render the same bytes;
    None if that file is no longer exactly what the last build wrote."""
    linked = _link_if_intact(out / path, _staged(staging, path, made), old)
    return replace(old, ctime_ns=0) if linked else None


def _staged(staging: Path, path: str, made: set) -> Path:
    target = staging / _safe_relative(path)
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    return target


def _link_if_intact(source: Path, target: Path, old: Entry) -> bool:
    try:
        if _intact(os.stat(source), old):
            os.link(source, target)
            return True
    except OSError:
        pass  # gone or not linkable: write it afresh
    return False


def _intact(st: os.stat_result, old: Entry) -> bool:
    """Still the file the last build wrote: an edit, even one that puts size and
    mtime back, moves the ctime, which only the system clock can set."""
    return (st.st_size, st.st_ctime_ns, st.st_ino) == (old.size, old.ctime_ns, old.inode)


def settle_links(out: Path, written: dict) -> dict:
    """`written` with the ctime of each file linked from the last build, read now
    that the swap is done: linking it, and removing the old site, moved it."""
    settled = dict(written)
    for path, entry in written.items():
        if entry.ctime_ns == 0:
            try:
                st = os.stat(out / path)
            except OSError:
                continue   # gone already: 0 never matches, so the next build rewrites it
            if (st.st_ino, st.st_size) == (entry.inode, entry.size):
                settled[path] = replace(entry, ctime_ns=st.st_ctime_ns)
    return settled


def update_in_place(outputs, previous: dict, out: Path) -> tuple[dict, list[str]]:
    """For `serve`: bring an output this tool built up to date in place, writing
    (each atomically, by rename) only the outputs whose bytes differ from what
    `previous` (path -> Entry) says is on disk. Returns the Entry of every output
    and the paths written. `build` keeps using the whole-site swap."""
    out = out.absolute()
    try:
        return _update_in_place(outputs, previous, out)
    except OSError as exc:
        raise write_error(f"cannot update {out}", exc) from None


def _update_in_place(outputs, previous: dict, out: Path) -> tuple[dict, list[str]]:
    entries, changed = {}, []
    for output in outputs:
        if isinstance(output, Streamed):
            output = output.whole()
        data_digest = file_digest(output.chunks())
        old = previous.get(output.path)
        if old is not None and old.digest == data_digest:
            entries[output.path] = replace(old, key=output.key, deps=output.deps)
            continue
        target = out / _safe_relative(output.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.new")
        temporary.write_bytes(output.data)
        os.replace(temporary, target)
        st = os.stat(target)
        entries[output.path] = Entry(data_digest, st.st_size, st.st_ctime_ns, st.st_ino,
                                     output.key, output.deps)
        changed.append(output.path)
    return entries, changed


def remove_in_place(paths, out: Path) -> None:
    """For `serve`: delete outputs no longer made, and folders they leave empty."""
    out = out.absolute()
    try:
        for path in paths:
            target = out / _safe_relative(path)
            target.unlink(missing_ok=True)
            if target.parent != out and not any(target.parent.iterdir()):
                target.parent.rmdir()
    except OSError as exc:
        raise write_error(f"cannot update {out}", exc) from None


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise WriteError(f"refusing to write outside the output directory: {path!r}")
    return rel


def outputs_intact(out: Path, written: dict) -> bool:
    """True when `out` holds exactly the files the last build wrote, untouched since."""
    if not written or not (out / MARKER).is_file():
        return False
    seen = 0
    stack = [(out, "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if rel == MARKER or (not prefix and is_kept(entry.name)):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append((Path(entry.path), rel + "/"))
                    continue
                old = written.get(rel)
                if old is None or not _intact(entry.stat(follow_symlinks=False), old):
                    return False
                seen += 1
    return seen == len(written)

"""The only module that writes the site.

Pages are written into a fresh directory beside the output, which is then
swapped into place in one step (renameat2 RENAME_EXCHANGE on Linux), so a
reader or a web server never sees half a site, and a build that fails or is
killed before the swap leaves the previous output exactly as it was.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import glob
import os
import secrets
import shutil
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Optional

from .cache import Entry, file_digest
from .render import Streamed

MARKER = ".chronology-site"   # marks a directory this tool may replace
# Marks a staging directory from its making until it is swapped in, and the old site
# swapped out, so that only those are taken for a killed build's leftovers: a folder
# the user named '.site.old-20230522' is theirs, even with a copy of the site in it.
STAGING = ".chronology-staging"


class WriteError(Exception):
    """The output directory cannot be used; nothing was changed."""


def check_target(out: Path, protected: list[Path]) -> None:
    """Refuse to replace a directory we did not build, or one holding our inputs."""
    for path in protected:  # as written ('..' taken away), and with every symbolic link followed
        for a, b in ((_normal(out), _normal(path)), (_resolved(out), _resolved(path))):
            if a == b or b.is_relative_to(a) or a.is_relative_to(b):
                raise WriteError(f"the output directory {out.absolute()} overlaps {path.absolute()}")
    out = out.absolute()
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


_HELD: dict = {}   # staging directory -> descriptor holding its lock


def open_staging(out: Path) -> Path:
    """A fresh directory beside `out` to write the new site into, locked while this
    build uses it; staging directories that killed builds left behind are removed."""
    out = out.absolute()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(out)
        staging = _new_folder(out.parent, f".{out.name}.new-")
        (staging / STAGING).touch()
        fd = os.open(staging, os.O_RDONLY)
    except OSError as exc:
        hint = ""
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            hint = (f"the new site is made beside {out.name}/ and then swapped in, "
                    f"so {out.parent} must be writable")
        raise write_error(f"cannot make the new site beside {out}", exc, hint) from None
    fcntl.flock(fd, fcntl.LOCK_EX)   # released by the kernel even on kill -9
    _HELD[staging] = fd
    return staging


def _new_folder(parent: Path, prefix: str) -> Path:
    """A new, empty folder named `prefix` and 8 random characters. Unlike
    tempfile.mkdtemp's (0700), its mode is any folder's, 0777 less the umask: it
    becomes the output directory, which a web server running as another user reads."""
    while True:
        path = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            os.mkdir(path)
            return path
        except FileExistsError:
            continue


def write_error(doing: str, exc: OSError, hint: str = "") -> WriteError:
    """A system error while making, writing or swapping in the new site, said
    plainly: `doing` is what failed ("cannot write ...")."""
    if not hint and exc.filename:
        hint = f"at {exc.filename}"
    return WriteError(f"{doing}: {exc.strerror or exc}" + (f"; {hint}" if hint else ""))


def discard_staging(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    fd = _HELD.pop(staging, None)
    if fd is not None:
        os.close(fd)


def _remove_stale(out: Path) -> None:
    """Staging directories of builds that were killed: no live build holds their lock."""
    for prefix in (f".{out.name}.new-", f".{out.name}.old-"):
        for path in out.parent.glob(f"{glob.escape(prefix)}*"):
            if not path.is_dir() or path.is_symlink() or len(path.name) != len(prefix) + 8:
                continue
            if not os.path.lexists(path / STAGING):
                try:
                    os.rmdir(path)   # killed before it was marked, it is empty; else not ours
                except OSError:
                    pass
                continue
            fd = os.open(path, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # another build is writing it
            finally:
                os.close(fd)
            shutil.rmtree(path, ignore_errors=True)


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
            return replace(old, key=output.key, deps=output.deps)
    else:
        data_digest = file_digest(output.chunks())
        if old is not None and old.digest == data_digest \
                and _link_if_intact(out / output.path, target, old):
            return replace(old, key=output.key, deps=output.deps)
        target.write_bytes(output.data)
    st = os.stat(target)
    return Entry(data_digest, st.st_size, st.st_mtime_ns, st.st_ino, output.key, output.deps)


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
    return old if _link_if_intact(out / path, _staged(staging, path, made), old) else None


def _staged(staging: Path, path: str, made: set) -> Path:
    target = staging / _safe_relative(path)
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    return target


def _link_if_intact(source: Path, target: Path, old: Entry) -> bool:
    try:
        st = os.stat(source)
        if (st.st_size, st.st_mtime_ns, st.st_ino) == (old.size, old.mtime_ns, old.inode):
            os.link(source, target)
            return True
    except OSError:
        pass  # gone or not linkable: write it afresh
    return False


def seal_staging(staging: Path, out: Path) -> None:
    """Mark the staged site, now complete, as ours (and so replaceable by the next
    build), with the old output's hidden entries carried over (see keep_hidden)."""
    keep_hidden(out.absolute(), staging)
    try:
        (staging / MARKER).write_text("Generated by build.py; replaced on every build.\n")
    except OSError as exc:
        raise write_error("cannot finish the new site", exc) from None


def finish_staging(staging: Path, out: Path) -> None:
    """Swap the sealed staged site into place; the old one is removed, but for
    its hidden entries, which seal_staging carried into the new one."""
    out = out.absolute()
    try:
        _swap(staging, out)   # staging now holds the previous site, if there was one
    except OSError as exc:
        hint = "" if exc.errno != errno.EBUSY else (
            f"{out} cannot be replaced atomically because it is a mount point: "
            "point --out at a folder inside it")
        raise write_error(f"cannot replace {out} with the new site", exc, hint) from None
    _mark(out, False)      # the new site, marked while it was staging
    # Marked only now that it is out of the way: killed mid-swap (two renames where
    # there is no atomic exchange), the previous site is left unmarked, so kept.
    _mark(staging, True)
    discard_staging(staging)


def _mark(folder: Path, on: bool) -> None:
    """Add or remove a folder's STAGING mark; where that fails, a killed build's
    leftover is only left in place, never something else removed."""
    try:
        if on:
            (folder / STAGING).touch()
        else:
            (folder / STAGING).unlink(missing_ok=True)
    except OSError:
        pass


def is_kept(name: str) -> bool:
    """A top-level entry of the output the builder never makes and never removes:
    a hidden one, such as the .git folder of a site deployed by pushing it."""
    return name.startswith(".") and name not in (MARKER, STAGING)


def keep_hidden(out: Path, staging: Path) -> None:
    """Carry the old output's hidden top-level entries into the new site, as hard
    links (copies where linking fails): the old site keeps them until the swap, so
    a build that stops on the way loses nothing."""
    try:
        kept = [entry for entry in os.scandir(out) if is_kept(entry.name)] if out.is_dir() else []
        for entry in kept:
            target = staging / entry.name
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), target)
            elif entry.is_dir():
                shutil.copytree(entry.path, target, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(entry.path, target)
    except (OSError, shutil.Error) as exc:
        error = exc if isinstance(exc, OSError) else OSError(errno.EIO, str(exc)[:200])
        raise write_error(f"cannot keep the hidden entries of {out} (such as .git) "
                          "in the new site", error) from None


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


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
        entries[output.path] = Entry(data_digest, st.st_size, st.st_mtime_ns, st.st_ino,
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


def _swap(new: Path, out: Path) -> None:
    """Put `new` in the place of `out`; on failure, `out` is as it was."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        return
    # No atomic exchange on this platform: two renames, with a brief gap between.
    old = out.with_name(f".{out.name}.old-{secrets.token_hex(4)}")
    os.rename(out, old)
    try:
        os.rename(new, out)
    except OSError:
        os.rename(old, out)
        raise
    os.rename(old, new)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two directories (Linux 3.15+); False where unsupported.
    Any other failure (a mount point: EBUSY) is raised: two renames would fail too."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):   # no call, or not on this fs
        return False
    raise OSError(error, os.strerror(error), os.fspath(b))


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
                st = entry.stat(follow_symlinks=False)
                if old is None or (st.st_size, st.st_mtime_ns, st.st_ino) != \
                        (old.size, old.mtime_ns, old.inode):
                    return False
                seen += 1
    return seen == len(written)

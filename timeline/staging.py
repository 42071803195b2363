"""The new site's folder, from its making to its swap into place.

Pages are written into a fresh directory beside the output (write.py), which is
then swapped into place in one step (renameat2 RENAME_EXCHANGE on Linux), so a
reader or a web server never sees half a site, and a build that fails or is
killed before the swap leaves the previous output exactly as it was. Folders
that killed builds left behind are removed by the next, and only those.
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
from pathlib import Path
from typing import Optional

MARKER = ".chronology-site"   # marks a directory this tool may replace
# Marks a staging directory from its making until it is swapped in, and the old site
# swapped out, so that only those are taken for a killed build's leftovers: a folder
# the user named '.site.old-20230522' is theirs, even with a copy of the site in it.
STAGING = ".chronology-staging"


class WriteError(Exception):
    """The output directory cannot be used; nothing was changed."""


def site_folder(out: Path) -> Path:
    """The folder the site is swapped into: `out`, or, when `out` is a symbolic link
    (people link `site` to a web server's root), the folder it leads to. Swapped with
    the link itself, the link became a folder and its target kept the old site; staged
    beside the target and swapped with it, the link stays and leads to the new site.
    A build resolves this once, so the staging and the swap are in one place."""
    out = out.absolute()
    if not out.is_symlink():
        return out
    try:
        return out.resolve()
    except (RuntimeError, OSError):   # a link loop: Python 3.11 raises RuntimeError
        raise WriteError(f"cannot use {out}: it goes through a symbolic link loop") from None


def open_staging(out: Path) -> tuple[Path, int]:
    """A fresh directory beside `out` to write the new site into, and the descriptor
    that locks it while this build uses it (discard_staging closes it); staging
    directories that killed builds left behind are removed."""
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
    return staging, fd


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


def discard_staging(staging: Path, lock: Optional[int] = None) -> None:
    """Remove a staging directory, and release its `lock` if given."""
    shutil.rmtree(staging, ignore_errors=True)
    if lock is not None:
        os.close(lock)


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
    _mark(staging, True)   # the previous site, now a leftover (see _swap)
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


def _swap(new: Path, out: Path) -> None:
    """Put `new` in the place of `out`; on failure, `out` is as it was."""
    if not out.exists():
        os.rename(new, out)
        return
    # The previous site is marked as a leftover before an atomic exchange, which has no
    # moment when a kill leaves it anywhere but in place or swapped out; not before two
    # renames, killed between which it must be kept (unmarked) rather than removed.
    _mark(out, True)
    try:
        exchanged = _exchange(new, out)
    except OSError:
        _mark(out, False)
        raise
    if exchanged:
        return
    _mark(out, False)
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

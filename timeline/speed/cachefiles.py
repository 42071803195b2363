"""The cache's files on disk, trusted only when this user's own build wrote them.

Loading a pickle can run any code, and the cache folder sits beside the output,
where a pull request (`git add -f`), another user of a shared folder such as
/tmp, or a symbolic link can put one. So the folder is used only if it is this
user's, not a symbolic link, not writable by others and holds nothing git
tracks; each file must be this user's, is opened without following links, and
starts with a keyed BLAKE2b of its bytes, checked before anything is unpickled.
The key is a secret of this user's, kept outside the repository and the output.
Even a file that passes can only name the record classes and a few standard types.
"""
from __future__ import annotations

import contextlib
import copyreg
import datetime
import errno
import functools
import hashlib
import hmac
import importlib
import os
import pickle
import secrets
import stat
import subprocess
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

from dateutil.tz import tzoffset, tzutc

HEADER = b"chronology-cache blake2b "   # then the tag in hex and a newline
KEY_SIZE = 32
_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK   # never a link, never wait on a FIFO


class Refused(Exception):
    """The cache or its key cannot be trusted; the message says why and what to do."""


def _refused(path, why: str, fix: str, thing: str = "the cache") -> Refused:
    return Refused(f"cannot use {thing} {path}: {why}; building without the cache ({fix})")


def user_key(content: Path, out: Path) -> bytes:
    """This user's cache key, made on first use in their state folder. Refused where
    another user, the repository or the output could have put or read it."""
    path = _key_path()
    repository = _repository(content)
    places = {"the content's repository": repository} if repository else \
        {"the content folder": content}
    places["the output folder"] = out
    for what, place in places.items():
        if Path(os.path.realpath(path)).is_relative_to(os.path.realpath(place)):
            raise _refused(path, f"it lies inside {what} {place.absolute()}", "set "
                           "XDG_STATE_HOME to a folder of your own outside it", "the cache key")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        problem = _not_private(os.stat(path.parent), 0o022)   # a link to one's own is fine
        if problem:
            raise _refused(path, f"its folder {problem}", "chmod 700 the folder, or set "
                           "XDG_STATE_HOME to a folder of your own", "the cache key")
        return _read_key(path)
    except OSError as exc:
        why = "it is a symbolic link" if exc.errno == errno.ELOOP else \
            f"it cannot be read or made ({exc.strerror or exc})"
        raise _refused(path, why, "set XDG_STATE_HOME to a folder of your own",
                       "the cache key") from None


def _key_path() -> Path:
    state = os.environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(state):   # unset, or relative: the XDG spec says ignore it
        state = os.path.join(os.path.expanduser("~"), ".local", "state")
    if not os.path.isabs(state):   # no home folder known: "~" stays as it is
        raise _refused(state, "there is no home folder to keep it in", "set XDG_STATE_HOME "
                       "to a folder of your own", "the cache key folder")
    return Path(state) / "chronology" / "cache-key"


def _repository(folder: Path) -> Optional[Path]:
    """The top of the git work tree holding `folder`; None without git or a repository."""
    try:
        found = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder,
                               capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(found.stdout.strip()) if found.returncode == 0 and found.stdout.strip() else None


def _read_key(path: Path) -> bytes:
    try:
        fd = os.open(path, _OPEN)
    except FileNotFoundError:
        _make_key(path)
        fd = os.open(path, _OPEN)
    with open(fd, "rb") as f:
        problem = _not_private(os.fstat(fd), 0o077, regular=True)
        if problem:
            raise _refused(path, f"it {problem}", "delete it: a new one is made", "the cache key")
        key = f.read(KEY_SIZE + 1)
    if len(key) != KEY_SIZE:
        raise _refused(path, "it is not a key this tool made", "delete it: a new one is made",
                       "the cache key")
    return key


def _make_key(path: Path) -> None:
    """A new random key at `path`, whole or not at all: a build running at the same
    time reads either none or the one that got there first."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with open(fd, "wb") as f:
            f.write(secrets.token_bytes(KEY_SIZE))
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)


def _not_private(st: os.stat_result, closed: int, regular: bool = False) -> str:
    """Why a file or folder is not safely this user's, or ""."""
    if regular and not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    if st.st_uid != os.geteuid():
        return "belongs to another user"
    if st.st_mode & closed:
        return "can be written by other users" if closed == 0o022 else "is open to other users"
    return ""


def check_folder(folder: Path) -> None:
    """Refused unless `folder`, if it is there, is safely this user's and holds
    nothing git tracks (a pull request could add a pickle to it)."""
    try:
        os.close(open_folder(folder))
    except FileNotFoundError:
        return
    tracked = _tracked(folder)
    if tracked:
        raise _refused(folder, f"git tracks files in it, such as {tracked}",
                       f"untrack them with: git rm -r --cached {folder}")


def _tracked(folder: Path) -> str:
    """A file in `folder` that git tracks, or "" (also without git or a repository)."""
    try:
        found = subprocess.run(["git", "ls-files", "-z", "--", folder.name], cwd=folder.parent,
                               capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    names = found.stdout.split(b"\0") if found.returncode == 0 else [b""]
    return os.fsdecode(names[0])


def open_folder(folder: Path, make: bool = False) -> int:
    """A descriptor of `folder`, made (0700) if asked; Refused unless safely this user's.
    Files are then opened relative to it, so the folder cannot be swapped meanwhile."""
    if make:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except NotADirectoryError:
        if os.path.islink(folder):
            raise _refused(folder, "it is a symbolic link, which could lead anywhere",
                           "delete the link, and a folder is made in its place") from None
        raise _refused(folder, "it is not a folder", "delete it to cache") from None
    problem = _not_private(os.fstat(fd), 0o022)
    if problem:
        os.close(fd)
        raise _refused(folder, f"it {problem}", "delete it, or build into another --out"
                       if problem.startswith("belongs") else "chmod go-w it, or delete it")
    return fd


def read(folder: Path, name: str, key: bytes):
    """The object in `folder`/`name`; Refused unless this user's build wrote it,
    checked before any of it is unpickled. FileNotFoundError if it is not there."""
    path = folder / name
    fd = open_folder(folder)
    try:
        file = os.open(name, _OPEN, dir_fd=fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refused(path, "it is a symbolic link", "this build replaces it") from None
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        os.close(fd)
    with open(file, "rb") as f:
        try:
            return _unsealed(f, path, key)
        except OSError as exc:   # a folder in its place, say
            raise OSError(exc.errno, exc.strerror, str(path)) from None


def _unsealed(f, path: Path, key: bytes):
    st = os.fstat(f.fileno())
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
    problem = _not_private(st, 0o022, regular=True)
    if problem:
        raise _refused(path, f"it {problem}", "this build replaces it")
    header = f.readline(len(HEADER) + 2 * KEY_SIZE + 1)
    if not hmac.compare_digest(header, _header(_mac(key, f))):
        raise _refused(path, "it is not signed with this user's cache key (another user, "
                             "or an older version, wrote it)", "this build replaces it")
    f.seek(len(header))
    return _Unpickler(f).load()


def write(folder: Path, name: str, data, key: bytes) -> None:
    """Pickle `data` into `folder`/`name` with its tag, atomically (temporary file, rename)."""
    fd = open_folder(folder, make=True)
    temporary = f".{name}.{secrets.token_hex(8)}"
    try:
        file = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600,
                       dir_fd=fd)
        with open(file, "wb") as f:
            f.write(_header(b"0" * 2 * KEY_SIZE))   # the tag is known once the pickle is out
            signer = _Signing(f, key)
            pickler = pickle.Pickler(signer, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dispatch_table = {**copyreg.dispatch_table, ZoneInfo: _zone}
            pickler.dump(data)
            f.seek(0)
            f.write(_header(signer.mac.hexdigest().encode()))
        os.replace(temporary, name, src_dir_fd=fd, dst_dir_fd=fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=fd)
        raise OSError(exc.errno, exc.strerror, str(folder / name)) from None
    finally:
        os.close(fd)


def _header(tag: bytes) -> bytes:
    return HEADER + tag + b"\n"


def _mac(key: bytes, f) -> bytes:
    """The tag of the rest of the file `f`, read in slices (a cache file can be large)."""
    mac = hashlib.blake2b(key=key, digest_size=KEY_SIZE)
    while chunk := f.read(1 << 20):
        mac.update(chunk)
    return mac.hexdigest().encode()


class _Signing:
    """Writes to a file, hashing as it goes, so the pickle is never held whole."""
    def __init__(self, f, key: bytes):
        self.file, self.mac = f, hashlib.blake2b(key=key, digest_size=KEY_SIZE)

    def write(self, data) -> int:
        self.mac.update(data)
        return self.file.write(data)


def _zone(zone: ZoneInfo):
    # By its key, not as ZoneInfo pickles itself (through builtins.getattr, which
    # the unpickler must not offer: it reaches everything).
    return ZoneInfo, (zone.key,)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        found = _allowed().get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a type the cache holds")
        return found


@functools.cache
def _allowed() -> dict:
    """What a cache file may name: the records' classes, the cache's own, and the
    plain standard types they hold. Imported here, not above: they import this."""
    ours = {"timeline.model": ("AccountRef", "Actor", "Citation", "Correction", "Dispute",
                               "Event", "Place", "Response", "Source", "Where"),
            "timeline.fields": ("ExtraValues",),
            "timeline.timeparse": ("When",), "timeline.extras": ("Pieces",),
            "timeline.write": ("Entry",), "timeline.speed.cache": ("read_only",),
            "timeline.speed.spill": ("PackedHtml", "PackedLines")}
    allowed = {(module, name): getattr(importlib.import_module(module), name)
               for module, names in ours.items() for name in names}
    standard = (bytes, datetime.date, datetime.datetime, datetime.time, datetime.timedelta,
                datetime.timezone, ZoneInfo, tzoffset, tzutc)
    return {**allowed, **{(t.__module__, t.__qualname__): t for t in standard}}

"""Bytes a build holds but seldom reads, kept in a temporary file instead of memory.

Every record's line numbers are read only to report a problem, and an event's
body a few times a build, yet they were half of a record's memory; and each
worker process comes to hold its own copy of the records, since CPython's
reference counts write to every object a process reads. Kept here
(`packed`, then `spilled`), each costs a small object of offsets: at
10,000 events, plain bodies and line numbers took the peak of a cold build
from 139 to 220 MiB. The file is made beside the site being built,
on its disk rather than in a /tmp that may be memory (tmpfs), and unlinked as it
is made, so nothing is left behind; forked workers read it through the
descriptor they inherit. It only grows: in `serve`, by the records each rebuild
reads again.
"""
from __future__ import annotations

import marshal
import os
import tempfile
import threading
import zlib
from collections.abc import Mapping
from dataclasses import replace

from ..model import Event

_lock = threading.Lock()
_file = None     # the file this process writes: (pid, file object or None, size so far)
_folder = None   # where to make it (see `place`)


def place(folder) -> None:
    """Make this process's file in `folder` when it first spills (a file already
    made stays where it is)."""
    global _folder
    _folder = folder


class Spilled:
    """Bytes in the spill file. Equal to, hashed as and pickled as the bytes
    themselves, so a record holding them compares and caches as before."""
    __slots__ = ("_file", "_at", "_size")

    def __init__(self, file, at: int, size: int):
        self._file, self._at, self._size = file, at, size

    def read(self) -> bytes:
        # pread, not seek and read: forked workers share the descriptor's position.
        return os.pread(self._file.fileno(), self._size, self._at)

    def __reduce__(self):
        return bytes, (self.read(),)

    def __eq__(self, other):
        if isinstance(other, Spilled):
            other = other.read()
        return self.read() == other if isinstance(other, bytes) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.read())

    def __repr__(self) -> str:
        return f"Spilled({self.read()!r})"


def spill(data):
    """`data` (bytes) moved to the spill file; anything else, or bytes the file
    cannot take (no temporary directory, a full disk), returned as it is."""
    global _file
    if not isinstance(data, bytes) or not data:
        return data
    with _lock:
        try:
            if _file is None or _file[0] != os.getpid():   # a forked worker's own file
                _file = (os.getpid(), _new_file(), 0)
            pid, f, size = _file
            if f is None or os.pwrite(f.fileno(), data, size) != len(data):
                return data
        except OSError:   # a full disk, say
            return data
        _file = (pid, f, size + len(data))
    return Spilled(f, size, len(data))


def _new_file():
    """A file beside the site, else (no such folder yet, say) in the temporary
    directory, else None: bytes then stay in memory, with no new try per record."""
    for folder, prefix in ((_folder, ".spill-"), (None, "chronology-spill-")):
        try:
            return tempfile.TemporaryFile(prefix=prefix, dir=folder)
        except OSError:
            pass
    return None


def unspilled(value):
    """The bytes of `value` if it was spilled, else `value` itself."""
    return value.read() if isinstance(value, Spilled) else value


def packed(record):
    """The record with its line numbers and an event's body compressed, as a
    validation worker sends it: the process that keeps the records then never
    holds them whole (packed there, it ended some 18 MiB larger at 10,000 events)."""
    lines = PackedLines(marshal.dumps(dict(record.where.lines)))
    record = replace(record, where=replace(record.where, lines=lines))
    if not isinstance(record, Event):
        return record
    html = record.body_html
    return replace(record, body_html=PackedHtml(zlib.compress(html.encode("utf-8"), 1) if html
                                                else b""))


def spilled(record):
    """The same (packed) record with those bytes moved into the spill file."""
    record = replace(record, where=replace(record.where, lines=record.where.lines.spilled()))
    return replace(record, body_html=record.body_html.spilled()) \
        if isinstance(record, Event) else record


class PackedLines(Mapping):
    """Line numbers (Where.lines) kept as marshal bytes, maybe spilled: a line is
    decoded only to report a problem. Pickled with the bytes in memory."""
    __slots__ = ("_data",)

    def __init__(self, data):
        self._data = data

    def spilled(self) -> "PackedLines":
        return PackedLines(spill(self._data))

    def _lines(self) -> dict:
        return marshal.loads(unspilled(self._data))

    def __getitem__(self, key):
        return self._lines()[key]

    def __contains__(self, key) -> bool:
        return key in self._lines()

    def __iter__(self):
        return iter(self._lines())

    def __len__(self) -> int:
        return len(self._lines())

    def __reduce__(self):
        return PackedLines, (unspilled(self._data),)


class PackedHtml:
    """What the speed layer holds for an Event's body_html: compressed (to about a
    third), maybe spilled. The templates show it as they show the text
    (markupsafe's __html__); the data files are made from an event whose body is
    the text again (pieces.py: with_text)."""
    __slots__ = ("_data",)

    def __init__(self, data):
        self._data = data

    def spilled(self) -> "PackedHtml":
        return PackedHtml(spill(self._data))

    def __str__(self) -> str:
        data = unspilled(self._data)
        return zlib.decompress(data).decode("utf-8") if data else ""

    __html__ = __str__

    def __bool__(self) -> bool:
        return bool(self._data)

    def __eq__(self, other) -> bool:
        return str(self) == (str(other) if isinstance(other, (str, PackedHtml)) else other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __reduce__(self):
        return PackedHtml, (unspilled(self._data),)

"""The files a build makes, as the stages hand them on: whole (`Output`) or made
as they are written (`Streamed`). Plain data, shared by render, write and the
data-file writers."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterable, Iterator


@dataclass(frozen=True, slots=True)
class Output:
    path: str       # relative to the output directory, '/'-separated
    data: bytes
    key: str = ""   # a rendered page's inputs (speed/depends.py); "" when not tracked
    deps: tuple = ()

    def chunks(self) -> Iterator[bytes]:
        yield self.data


@dataclass(frozen=True, slots=True)
class Streamed:
    """A file made as it is written, never held whole: the data files are
    hundreds of MB at 100,000 events. Its texts can be read once."""
    path: str
    parts: Iterable[str]
    key: str = ""
    deps: tuple = ()

    def chunks(self) -> Iterator[bytes]:
        return encoded(self.parts)

    def whole(self) -> Output:
        """The same file in memory, for callers that keep or compare outputs."""
        return Output(self.path, b"".join(self.chunks()), self.key, self.deps)


def encoded(parts: Iterable[str], size: int = 1 << 18, count: int = 64) -> Iterator[bytes]:
    """The texts of `parts` as UTF-8, in chunks of about `size` characters or more:
    a file is never also held whole as text, nor as its many small parts. Parts
    are taken `count` at a time, not one by one: a page is a hundred small parts
    or more (the chronology over a million), and each cost a turn of a Python loop."""
    parts, held, length = iter(parts), [], 0
    while batch := list(itertools.islice(parts, count)):
        held += batch
        length += sum(map(len, batch))
        if length >= size:
            yield "".join(held).encode("utf-8")
            held, length = [], 0
    if held:
        yield "".join(held).encode("utf-8")


def utf8(parts: Iterable[str]) -> bytes:
    """The texts of `parts` one after another, as UTF-8."""
    return b"".join(encoded(parts))

"""Indented JSON, byte for byte what `json.dumps(value, ensure_ascii=False, indent=n)` writes.

The standard library falls back to its pure-Python generator encoder whenever
`indent` is set, which costs ~0.1 ms per event in the data files. This writer
handles the plain types the records use (dict, list, tuple, str, int, bool,
None) with the C string escaper, about twice as fast, and hands anything else
to `json.dumps` so the output never differs.

A document can also be put together from texts written earlier: `dumps(item,
level=n)` writes a value as it appears nested n levels deep, and `Spliced`
holds such texts to stand in for the array they are the items of.
"""
from __future__ import annotations

import json
from typing import Iterator
from json.encoder import encode_basestring as _string


def dumps(value, indent: int = 2, level: int = 0) -> str:
    """`value` as JSON, indented as if nested `level` levels deep in a document
    (its first line is not indented: the enclosing text puts it in place)."""
    parts: list[str] = []
    newline = "\n" + " " * (indent * level)
    try:
        _write(value, newline, " " * indent, parts.append)
    except _Unusual:
        text = json.dumps(value, ensure_ascii=False, indent=indent, default=_spliced_items)
        # JSON strings hold no raw line break: every one in `text` is indentation.
        return text.replace("\n", newline)
    try:
        return "".join(parts)
    except TypeError:   # a Spliced array, whose items come only as they are read
        return "".join(_flat(parts))


def parts(value, indent: int = 2) -> Iterator[str]:
    """The texts whose concatenation is `dumps(value, indent)`, as they are read: a
    document hundreds of MB long can then be written part by part (files.Streamed),
    its Spliced arrays' items read only as they are written."""
    found: list = []
    try:
        _write(value, "\n", " " * indent, found.append)
    except _Unusual:
        found = [dumps(value, indent)]
    return _flat(found)


def _flat(found: list) -> Iterator[str]:
    for part in found:
        if type(part) is str:
            yield part
        else:
            yield from part


class Spliced:
    """An array whose items are already JSON texts, each written by `dumps(item,
    level=n)` for the level n its items sit at: bytes as if the items were here.
    The texts (any iterable) are read once, when the document is written."""

    def __init__(self, texts) -> None:
        self.texts = texts


def _items(texts, inner: str, newline: str) -> Iterator[str]:
    """A Spliced array's text, part by part, reading its items as it goes."""
    texts = iter(texts)
    first = next(texts, None)
    if first is None:
        yield "[]"
        return
    yield "[" + inner
    yield first
    separator = "," + inner
    for text in texts:
        yield separator
        yield text
    yield newline + "]"


def _spliced_items(value):
    # For json.dumps: the items as data again; writing them back gives the same text.
    if type(value) is Spliced:
        return [json.loads(text) for text in value.texts]
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class _Unusual(Exception):
    """A value this writer does not handle (float, non-string key, subclass...)."""


def _write(value, newline: str, step: str, put) -> None:
    kind = type(value)
    if kind is str:
        put(_string(value))
    elif kind is dict:
        _write_dict(value, newline, step, put)
    elif kind is list or kind is tuple:
        if not value:
            put("[]")
            return
        inner = newline + step
        lead, sep = "[" + inner, "," + inner
        for item in value:
            put(lead)
            _write(item, inner, step, put)
            lead = sep
        put(newline + "]")
    elif kind is Spliced:
        put(_items(value.texts, newline + step, newline))
    elif value is None:
        put("null")
    elif value is True:
        put("true")
    elif value is False:
        put("false")
    elif kind is int:
        put(int.__repr__(value))
    else:
        raise _Unusual


def _write_dict(value: dict, newline: str, step: str, put) -> None:
    if not value:
        put("{}")
        return
    inner = newline + step
    lead, sep = "{" + inner, "," + inner
    for key, item in value.items():
        if type(key) is not str:
            raise _Unusual
        if type(item) is str:  # most values: one piece, no call
            put(lead + _string(key) + ": " + _string(item))
        else:
            put(lead + _string(key) + ": ")
            _write(item, inner, step, put)
        lead = sep
    put(newline + "}")

"""A content file's bytes as text, or why they are not text the build can read."""
from __future__ import annotations

from .problems import ContentError


def decode(data: bytes) -> str:
    """A content file's bytes as text: UTF-8 only; ContentError (with the line, where
    there is one) for anything else."""
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

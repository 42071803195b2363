"""A timeline label's words (timelayout places them): how wide they are drawn, and a
title cut at its words to the room there is, with "…" where the rest does not fit.
The width is estimated, generously, so that a label never runs into the next mark."""
from __future__ import annotations

CHAR_W = 6.4            # a label character's mean width at 11 px, generous
LABEL_MAX = 190         # a label's width at most: the whole title is in the readout
LABEL_MIN = 48          # less room than this takes no label
LABEL_ROOM = 112        # what a day with few tokens leaves for a label, and a key label's least


def label_width(text: str) -> float:
    return max(len(line) for line in text.split("\n")) * CHAR_W


def fit(text: str, room: float, lines: int = 2) -> str:
    """`text` in lines (joined by newlines) no wider than `room`, broken at spaces, the
    last ended with "…" where the rest does not fit; "" where not even a word does."""
    chars, out, rest = int(room / CHAR_W), [], text
    while len(rest) > chars and len(out) < lines - 1:
        cut = rest.rfind(" ", 0, chars + 1)
        if cut <= 0:
            break
        out.append(rest[:cut])
        rest = rest[cut + 1:]
    last = _shorten(rest, chars)
    if not last and out:   # not a word of the rest fits: the line before ends the label
        out, last = out[:-1], _shorten(out[-1] + " " + rest, chars)
    return "\n".join(out + [last]) if last else ""


def _shorten(text: str, chars: int) -> str:
    """`text`, or as many of its words as fit in `chars` with "…" after them ("" if none)."""
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", 0, max(chars - 1, 0))
    return text[:cut].rstrip(" ,;:–-") + "…" if cut > 0 else ""


def key_label(title: str, after: float, before: float) -> tuple[str, bool]:
    """A key event's label, and whether it stands before its mark, given the room
    after the mark and before it: after it where it has fair room (LABEL_ROOM, or
    its whole), else before it where that has; else after it all the same, LABEL_ROOM
    wide (the drawing grows by what it lacks: a key event is labelled come what may)."""
    fair = min(label_width(fit(title, LABEL_MAX)), LABEL_ROOM)
    if after >= fair or before < fair:
        return fit(title, min(max(after, fair), LABEL_MAX)), False
    return fit(title, min(before, LABEL_MAX)), True

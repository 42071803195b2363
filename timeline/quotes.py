"""Check that quotations are exact: each quote must appear in its source's archived text."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from .problems import Problem

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'})


def normalise(text: str) -> str:
    """Fold whitespace and typographic quotation marks, nothing else."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


# Past this many misquotes no closest passage is looked for: each look scans the article.
SUGGESTIONS = 20
HINT = "quotes must be exact copies of the article's words"


def closest_passage(quote: str, text: str) -> str | None:
    """The article's words that line up with the quote's longest run found in it (both
    normalised), whole words, about the quote's length; None if no run is long enough
    to say the quote is from there (a third of it, and at least 8 characters)."""
    match = difflib.SequenceMatcher(None, quote, text, autojunk=False).find_longest_match(
        0, len(quote), 0, len(text))
    if match.size < max(8, len(quote) // 3):
        return None
    start = max(0, match.b - match.a)
    end = min(len(text), start + len(quote))
    if text[start] == " ":       # a letter more or less in the quote: to the nearer word
        start += 1
    while start > 0 and text[start - 1] != " ":     # whole words
        start -= 1
    while end < len(text) and text[end] != " ":
        end += 1
    return text[start:end].strip()


def _misquoted(quote: str, text: str, looks: int) -> str:
    passage = closest_passage(normalise(quote), text) if looks < SUGGESTIONS else None
    return f"{HINT}; the closest passage in the article: {passage}" if passage else HINT


def verify_quotes(events, sources: dict, archive_dir: Path) -> list[Problem]:
    problems, texts = [], {}
    for source in sources.values():
        if not source.archive:
            continue
        path = archive_dir / source.archive
        try:
            texts[source.slug] = normalise(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            problems.append(Problem(source.where.path, source.where.line("archive"),
                                    f"archive file '{source.archive}' not found in {archive_dir}"))
    misquotes = 0
    for event in events:
        for c in event.citations:
            if c.quote and c.source in texts and normalise(c.quote) not in texts[c.source]:
                problems.append(Problem(
                    event.where.path, event.where.line("sources", c.index, "quote"),
                    f"quote not found in the archived text of '{c.source}'",
                    _misquoted(c.quote, texts[c.source], misquotes)))
                misquotes += 1
    return problems

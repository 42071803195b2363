"""Check that quotations are exact: each quote must appear in its source's archived text."""
from __future__ import annotations

import difflib
import re
import string
from collections import Counter
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


# A closest-passage look lines up words; past this many pairs of equal words
# between the quote and the article (a long quote of common words against a long
# article, or hostile repetition) it is not worth the wait: no passage is given.
MAX_PAIRS = 200_000


def closest_passage(quote: str, text: str) -> str | None:
    """The article's words that line up with the quote's longest run of words found
    in it (both normalised; words compared without case or punctuation around them),
    as many words as the quote has; None if that run is under a third of the quote's
    words or under two words, or if the look would take too long."""
    article = text.split(" ")
    words, keys = [_key(word) for word in quote.split(" ")], [_key(word) for word in article]
    counts = Counter(keys)
    if sum(counts[word] for word in words) > MAX_PAIRS:
        return None
    match = difflib.SequenceMatcher(None, words, keys, autojunk=False).find_longest_match(
        0, len(words), 0, len(keys))
    if match.size < max(2, len(words) // 3):
        return None
    start = max(0, match.b - match.a)
    return " ".join(article[start:start + len(words)])


def _key(word: str) -> str:
    """A word as lined up: a slip of case or punctuation still lines up."""
    return word.strip(string.punctuation).casefold()


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

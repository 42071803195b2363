"""Check that quotations are exact: each quote must appear in its source's archived text."""
from __future__ import annotations

import re
from pathlib import Path

from .problems import Problem

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'})


def normalise(text: str) -> str:
    """Fold whitespace and typographic quotation marks, nothing else."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


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
    for event in events:
        for c in event.citations:
            if c.quote and c.source in texts and normalise(c.quote) not in texts[c.source]:
                problems.append(Problem(
                    event.where.path, event.where.line("sources", c.index, "quote"),
                    f"quote not found in the archived text of '{c.source}'",
                    "quotes must be exact copies of the article's words"))
    return problems

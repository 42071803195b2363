#!/usr/bin/env python3
"""What a reader's browser reads from a built site (issue 20): `weights.py SITE`.

- the largest HTML page (limit 1 MB);
- opening a page: the largest page, the stylesheet and scripts it loads, and the
  search manifest that search.js loads on first use (limit 1.5 MB);
- a first query of one word: the term shards search.js loads for it (the worst
  word is a single letter or digit, whose shards hold those of every word it
  begins) and the event shards of the twenty results shown, counted as the twenty
  largest (limit 1.5 MB).

`bench/run.py` prints these for each corpus size it builds.
"""
from __future__ import annotations

import json
import posixpath
import re
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from timeline import urls  # noqa: E402
from timeline.data import searchshards  # noqa: E402

PAGE_LIMIT, READ_LIMIT = 1_000_000, 1_500_000
SHOWN = 20   # search.js's MAX_HITS: results shown, each maybe from its own event shard
LOADS = re.compile(r'<script\b[^>]*\s(?:src|data-search)="([^"]+)"'
                   r'|<link\b[^>]*\srel="stylesheet"[^>]*\shref="([^"]+)"')
MANIFEST = re.compile(r'window\.\w+\("index",(.*)\);\n', re.S)


def measure(site: Path) -> dict:
    """{events: how many, largest: (path, bytes), open: bytes,
    query: (worst word, its term shards, bytes, event shards counted)}."""
    pages = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    largest = max(pages, key=lambda path: (pages[path], path))
    manifest_path = site / urls.SEARCH_INDEX
    opened = pages[largest] + sum(f.stat().st_size for f in loaded_by(site, largest)) \
        + manifest_path.stat().st_size
    manifest = json.loads(MANIFEST.fullmatch(manifest_path.read_text(encoding="utf-8")).group(1))
    size = lambda name: (site / urls.search_shard(name)).stat().st_size  # noqa: E731
    events = sorted((size(name) for _, name in manifest["eventShards"]), reverse=True)[:SHOWN]
    word, names = max(((c, searchshards.term_shards(manifest["termShards"], c))
                       for c in string.ascii_lowercase + string.digits),
                      key=lambda pair: sum(map(size, pair[1])))
    return {"events": manifest["events"], "largest": (largest, pages[largest]), "open": opened,
            "query": (word, len(names), sum(map(size, names)) + sum(events), len(events))}


def loaded_by(site: Path, page: str) -> set[Path]:
    """The stylesheets and scripts a page loads from the site."""
    html = (site / page).read_text(encoding="utf-8")
    found = set()
    for match in LOADS.finditer(html):
        href = (match.group(1) or match.group(2)).split("#")[0]
        if "//" in href or not href:
            continue
        path = href.lstrip("/") if href.startswith("/") else \
            posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
        if (site / path).is_file():
            found.add(site / path)
    return found


def table(weights: dict) -> str:
    """Markdown rows for {N: measure(...)}."""
    lines = ["| N | what the browser reads | bytes | limit | met |", "|---:|---|---:|---:|:-:|"]
    for n, w in weights.items():
        page, largest = w["largest"]
        word, terms, query, events = w["query"]
        rows = ((f"largest page (`{page}`)", largest, PAGE_LIMIT),
                ("open it: the page, its stylesheet and scripts, the search manifest",
                 w["open"], READ_LIMIT),
                (f"a first query, worst word (“{word}”): {counted(terms, 'term shard')} "
                 f"and the {counted(events, 'largest event shard')}", query, READ_LIMIT))
        lines += [f"| {n:,} | {label} | {megabytes(value)} | {megabytes(limit)} | "
                  f"{'yes' if value <= limit else '**no**'} |" for label, value, limit in rows]
    return "\n".join(lines)


def counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def megabytes(value: int) -> str:
    return f"{value / 1_000_000:.2f} MB"


if __name__ == "__main__":
    weights = measure(Path(sys.argv[1]))
    print(table({weights["events"]: weights}))

#!/usr/bin/env python3
"""What a reader's browser reads from a built site (issue 20): `weights.py SITE`.

- the largest HTML page (limit 1 MB), and the largest of each kind (the index,
  a day, an event, a tag, an actor, a place, a source, the disputed pages, the
  lists of records, the others);
- opening a page: the page, the stylesheet and scripts it loads, and the search
  manifest that search.js loads on first use, for the heaviest of the largest
  pages of each kind (limit 1.5 MB);
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


KINDS = ("index", "days", "events", "tags", "actors", "places", "sources", "disputed",
         "lists", "others")


def kind(path: str) -> str:
    """Which kind of page `path` is (see KINDS)."""
    if path in ("index.html", "disputed.html"):
        return path.removesuffix(".html")
    folder, _, rest = path.partition("/")
    # A list's pages after the first are in a folder named after it: actors/index/2.html.
    if folder in ("sources", "actors", "places", "tags") and rest.split("/")[0] in ("index", "index.html"):
        return "lists"
    return folder if rest and folder in KINDS else "others"


def measure(site: Path) -> dict:
    """{events: how many, largest: (path, bytes), kinds: {kind: (path, bytes)},
    open: (path, bytes), query: (worst word, its term shards, bytes, event shards counted)}."""
    pages = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    largest = max(pages, key=lambda path: (pages[path], path))
    kinds: dict = {}
    for path in sorted(pages):
        if pages[path] > kinds.get(kind(path), ("", -1))[1]:
            kinds[kind(path)] = (path, pages[path])
    manifest_path = site / urls.SEARCH_INDEX
    # Pages differ in the scripts they load (the timeline's): the heaviest to open
    # is among the largest of each kind.
    opened = max(((path, size + manifest_path.stat().st_size
                   + sum(f.stat().st_size for f in loaded_by(site, path)))
                  for path, size in kinds.values()), key=lambda pair: (pair[1], pair[0]))
    manifest = json.loads(MANIFEST.fullmatch(manifest_path.read_text(encoding="utf-8")).group(1))
    size = lambda name: (site / urls.search_shard(name)).stat().st_size  # noqa: E731
    events = sorted((size(name) for _, name in manifest["eventShards"]), reverse=True)[:SHOWN]
    word, names = max(((c, searchshards.term_shards(manifest["termShards"], c))
                       for c in string.ascii_lowercase + string.digits),
                      key=lambda pair: sum(map(size, pair[1])))
    return {"events": manifest["events"], "largest": (largest, pages[largest]), "open": opened,
            "kinds": {k: kinds[k] for k in KINDS if k in kinds},
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
    """Markdown rows for {corpus name: measure(...)}."""
    lines = ["| corpus | what the browser reads | bytes | limit | met |",
             "|---|---|---:|---:|:-:|"]
    for name, w in weights.items():
        page, largest = w["largest"]
        heaviest, opened = w["open"]
        word, terms, query, events = w["query"]
        rows = ((f"largest page (`{page}`)", largest, PAGE_LIMIT),
                (f"open the heaviest page (`{heaviest}`): it, its stylesheet and scripts, "
                 "the search manifest", opened, READ_LIMIT),
                (f"a first query, worst word (“{word}”): {counted(terms, 'term shard')} "
                 f"and the {counted(events, 'largest event shard')}", query, READ_LIMIT))
        lines += [f"| {name} | {label} | {megabytes(value)} | {megabytes(limit)} | "
                  f"{met(value, limit)} |" for label, value, limit in rows]
    return "\n".join(lines)


def kinds_table(weights: dict) -> str:
    """Markdown rows for the largest page of each kind, for {corpus name: measure(...)}."""
    lines = [f"| corpus | kind | largest page | bytes | met (≤ {megabytes(PAGE_LIMIT)}) |",
             "|---|---|---|---:|:-:|"]
    for name, w in weights.items():
        lines += [f"| {name} | {k} | `{page}` | {megabytes(size)} | {met(size, PAGE_LIMIT)} |"
                  for k, (page, size) in w["kinds"].items()]
    return "\n".join(lines)


def met(value: int, limit: int) -> str:
    return "yes" if value <= limit else "**no**"


def counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def megabytes(value: int) -> str:
    return f"{value / 1_000_000:.2f} MB"


if __name__ == "__main__":
    weights = measure(Path(sys.argv[1]))
    weighed = {f"{weights['events']:,} events": weights}
    print(table(weighed) + "\n\n" + kinds_table(weighed))

"""The search index cut into files a browser loads only as a query needs them: at
10,000 events the whole index is some 20 MB, and a reader's first query must read
under 1.5 MB (issue 20).

- `assets/search-index.js`, the manifest, loaded when the search box is first
  used: the actor, place and source pages (few, searched whole), the first term
  of each term shard and the first event of each event shard.
- `assets/search/t-*.js`, the term shards: every folded word of every event
  (searchindex.record_terms), sorted, with its postings: which events have it, and
  in which of searchindex.CLASSES first. A query word is looked up by prefix, so
  it needs the shards whose range of words meets it: one or a few.
- `assets/search/d-*.js`, the event shards: the records results are shown with,
  a run of consecutive events each; a query loads only those of the hits it shows.

A shard is named after a digest of its data: a manifest and shards of different
builds (a cache in between, a page open during a rebuild) never mix unnoticed.
Each file calls searchindex.GLOBAL with its name, so file:// needs no fetch.
"""
from __future__ import annotations

import hashlib
from array import array
from typing import Iterable, Iterator

from .. import urls
from ..files import Streamed
from .searchindex import page_records, script, terms, to_json

# About how many bytes a shard holds before the next is begun (one entry may take
# it past). Event shards are small because a query's twenty results may lie in
# twenty of them; term shards larger because a query word's postings lie together.
EVENT_SHARD_BYTES = 24_000
TERM_SHARD_BYTES = 48_000


def search_outputs(site, records: Iterable[str], event_terms: Iterable[str]) -> Iterator[Streamed]:
    """The shards, then the manifest; from each event's record text and its terms,
    in the events' order, read once each and never held whole."""
    events, count = [], 0
    for run in runs(enumerate(records), EVENT_SHARD_BYTES):
        name, data = _named("d", [text for _, text in run])
        events.append([run[0][0], name])
        count = run[-1][0] + 1
        yield shard(name, data)
    table = []
    for run in runs(entries(postings(event_terms)), TERM_SHARD_BYTES):
        name, data = _named("t", [text for _, text in run])
        table.append([run[0][0], name])
        yield shard(name, data)
    manifest = {"events": count, "eventShards": events, "pages": page_records(site),
                "termShards": table}
    yield Streamed(urls.SEARCH_INDEX, (script("index", to_json(manifest)),))


def shard(name: str, data: str) -> Streamed:
    return Streamed(urls.search_shard(name), (script(name, data),))


def _named(kind: str, texts: list[str]) -> tuple[str, str]:
    """A shard's name and data (a JSON list of `texts`): named by its data's digest."""
    data = f"[{','.join(texts)}]"
    return f"{kind}-{hashlib.blake2b(data.encode(), digest_size=6).hexdigest()}", data


def runs(pairs: Iterable[tuple], limit: int) -> Iterator[list[tuple]]:
    """(key, text) pairs in runs of consecutive pairs, each ended once its texts
    reach `limit` bytes."""
    run, size = [], 0
    for pair in pairs:
        run.append(pair)
        size += len(pair[1].encode()) + 1
        if size >= limit:
            yield run
            run, size = [], 0
    if run:
        yield run


def postings(event_terms: Iterable[str]) -> dict[str, array]:
    """term -> its postings, each `4 * event + class` (event: its position in the
    site's order, class: in CLASSES), ascending. One array a term: at 100,000
    events there are millions of postings."""
    found: dict[str, array] = {}
    for event, text in enumerate(event_terms):
        for kind, words in enumerate(text.split("\t")):
            for term in words.split():
                if term not in found:
                    found[term] = array("I")
                found[term].append(4 * event + kind)
    return found


def entry(term: str, posted: array) -> str:
    """A term's entry in its shard: the term, then its postings, each coded as
    `4 * (event - previous event) + class` (small numbers, short text)."""
    coded, previous = [], 0
    for value in posted:
        event = value >> 2
        coded.append(4 * (event - previous) + (value & 3))
        previous = event
    return to_json([term, coded])


def entries(found: dict[str, array]) -> Iterator[tuple[str, str]]:
    """(term, its entry) in search.js's order: by UTF-16 code units, as JavaScript
    compares strings. Each term's postings are let go once its entry is made."""
    for term in sorted(found, key=order):
        yield term, entry(term, found.pop(term))


def order(term: str) -> bytes:
    return term.encode("utf-16-be")


def term_shards(table: list, query: str) -> list[str]:
    """The term shards search.js loads for `query` (the manifest's `termShards`):
    for each word, those whose range of terms meets the words it begins."""
    names: list[str] = []
    for word in terms(query):
        for name in _prefix_shards(table, word):
            if name not in names:
                names.append(name)
    return names


def _prefix_shards(table: list, word: str) -> list[str]:
    key = order(word)
    start = max([i for i, (first, _) in enumerate(table) if order(first) <= key] or [0])
    end = start
    while end + 1 < len(table) and table[end + 1][0].startswith(word):
        end += 1
    return [name for _, name in table[start:end + 1]]


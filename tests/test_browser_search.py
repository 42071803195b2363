"""Search in Chromium, from disk, as a reader meets it (issue 20): an event is found
by its own words, never by its sources' headlines; ties in the chronology's order;
results name sources by their short names; showing them moves nothing in the
header; and with the index cut into many small shards, loaded as a query needs
them, search works the same from any page, the 404 page included."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from test_browser import AXE, EVENT_HITS, PAGE_HITS, Watch, search
from test_searchindex import load_index
from timeline import pipeline
from timeline.data import searchshards
from timeline.pipeline import Options

SHORT_NAMES = {"24 May explainer", "MONDO, 22 May", "PAP interview analysis",
               "Al Jazeera explainer", "24 May firefight report"}


@pytest.fixture(scope="module")
def sharded(tmp_path_factory) -> Path:
    """The real content with shards of a few hundred bytes: dozens of each kind."""
    out = tmp_path_factory.mktemp("sharded") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchshards, "EVENT_SHARD_BYTES", 2_000)
        patch.setattr(searchshards, "TERM_SHARD_BYTES", 600)
        assert pipeline.build(Options(content=ROOT / "content", out=out, jobs=1)).problems == ()
    return out


@pytest.fixture
def reader(browser):  # noqa: F811
    """reader(url, width=1280, scheme="light") -> (page, watch, the index's files it loaded)."""
    contexts = []

    def open_(url: str, width: int = 1280, scheme: str = "light"):
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      color_scheme=scheme, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        loaded: list[str] = []
        page.on("request", lambda r: "/assets/search" in r.url and loaded.append(r.url))
        watch = Watch(page)
        page.goto(url)
        return page, watch, loaded

    yield open_
    for context in contexts:
        context.close()


def results(page) -> dict:
    """What the results panel shows: its status line and each result's link, text and lines."""
    return page.evaluate("""() => ({
        status: document.querySelector('.search-status').textContent,
        hits: Array.from(document.querySelectorAll('#search-results a.search-hit')).map(a => {
            const li = a.closest('li');
            const line = s => (li.querySelector(s) || {}).textContent || '';
            return {href: a.getAttribute('href'), text: a.textContent,
                    marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent),
                    cited: line('.search-cited'), snippet: line('.search-snippet')};
        })})""")


def test_a_word_only_in_a_sources_headline_finds_that_source_and_no_event(reader, real_site):
    page, watch, _ = reader((real_site / "index.html").as_uri())
    search(page, "pitched battle", PAGE_HITS)
    shown = results(page)
    assert shown["status"] == "1 page matches “pitched battle”."
    assert [h["href"] for h in shown["hits"]] == ["sources/belgorod-explainer-70-killed.html"]
    assert shown["hits"][0]["text"] == "24 May explainer"
    assert shown["hits"][0]["snippet"].startswith("Headline: A day after the 'Freedom of Russia' legion")
    # '70' is in that headline, cited by 23 events: only those that say it themselves are found.
    search(page, "70")
    events = [h for h in results(page)["hits"] if h["href"].startswith("events/")]
    assert 1 <= len(events) < 5
    for hit in events:
        assert "70" in hit["marks"] and "70" in hit["text"] + hit["snippet"]
        assert "70" not in hit["cited"]
    assert watch.problems == []


def test_results_name_their_sources_by_short_names(reader, real_site):
    page, _, _ = reader((real_site / "index.html").as_uri())
    search(page, "Kozinka")
    cited = [h["cited"] for h in results(page)["hits"] if h["href"].startswith("events/")]
    assert len(cited) >= 4
    for line in cited:
        assert line.startswith("Sources: ")
        assert set(line.removeprefix("Sources: ").split("; ")) <= SHORT_NAMES, line


def test_results_say_whose_the_status_is(reader, real_site):
    """As the pages' badges do: 'denied by Ukraine', not a bare 'denied'."""
    page, _, _ = reader((real_site / "index.html").as_uri())
    search(page, "sabotage")
    badge = page.locator("#search-results li", has=page.locator(
        "a[href='events/gladkov-reports-sabotage-group.html']")).locator(".status-by")
    assert " ".join(badge.inner_text().split()).lower() == "denied by ukraine"


def tied_word(index: dict) -> str:
    """A word found only in the bodies of several events, and beginning no other
    word: every event it finds has the same score."""
    terms = index["terms"]
    for term in sorted(terms):
        postings = terms[term]
        alone = not any(other != term and other.startswith(term) for other in terms)
        if len(term) > 3 and len(postings) >= 4 and alone \
                and all(kind == "body" for _, kind in postings):
            return term
    raise AssertionError("no such word")


def test_ties_go_in_the_chronologys_order(reader, real_site):
    index = load_index(real_site)
    word = tied_word(index)
    page, _, _ = reader((real_site / "index.html").as_uri())
    hits = [h["href"] for h in search(page, word)]
    order = [r["u"] for r in index["records"]]   # the chronology's (test_searchindex.py)
    assert len(hits) >= 4 and hits == sorted(hits, key=order.index)


HEADER = """() => ['.site-header', '.site-title', '#search-q'].map(s => {
    const r = document.querySelector(s).getBoundingClientRect();
    return [r.left, r.top, r.width, r.height]; })"""


@pytest.mark.parametrize("width", [360, 1280])
def test_showing_results_moves_nothing_in_the_header(reader, real_site, width):
    """The results and their status line are a panel over the page, under the box:
    the header kept growing by a line and the title squeezed to three."""
    page, _, _ = reader((real_site / "events/civilian-deaths.html").as_uri(), width=width)
    before = page.evaluate(HEADER)
    page.focus("#search-q")
    page.keyboard.type("70")
    page.locator(".search-status", has_text="match").wait_for()
    assert page.evaluate(HEADER) == before
    panel = page.locator(".search-panel").bounding_box()
    box = page.locator("#search-q").bounding_box()
    assert panel["y"] >= box["y"] + box["height"] and panel["x"] + panel["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.keyboard.press("Escape")
    assert page.evaluate(HEADER) == before and page.locator("#search-results").is_hidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_pass_axe(reader, real_site, scheme):
    page, _, _ = reader((real_site / "places/graivoron.html").as_uri(), scheme=scheme)
    search(page, "Graivoron")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {preload: false})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id)""")
    assert violations == []


QUERIES = ["Kozinka", "grayvoron", "70", "gladkov denies", "the", "g", "pitched"]


def everything(page, query: str, site: Path) -> dict:
    """The results of `query`, with the links the 404 page makes absolute made relative."""
    page.fill("#search-q", query)
    page.locator(".search-status", has_text="match").wait_for()
    shown = results(page)
    for hit in shown["hits"]:
        hit["href"] = hit["href"].removeprefix(site.as_uri() + "/")
    return shown


@pytest.mark.parametrize("path", ["index.html", "events/civilian-deaths.html", "404.html"])
def test_small_shards_give_the_same_results_from_any_page(reader, sharded, real_site, path):
    """From disk, at any depth, the shards are loaded by <script src> next to the
    manifest: the results are those of the real site's few large shards."""
    whole, _, _ = reader((real_site / path).as_uri())
    expected = {query: everything(whole, query, real_site) for query in QUERIES}
    page, watch, loaded = reader((sharded / path).as_uri())
    for query in QUERIES:
        assert everything(page, query, sharded) == expected[query], query
    assert len(loaded) > 10 and all(url.startswith(sharded.as_uri()) for url in loaded)
    assert watch.problems == []


def test_a_query_loads_the_shards_the_benchmark_counts(reader, sharded):
    """searchshards.term_shards (what `make bench` weighs) names the term shards
    search.js loads; the event shards are those of the results shown, twenty at most."""
    manifest = load_index(sharded)
    page, _, loaded = reader((sharded / "index.html").as_uri())
    page.focus("#search-q")
    page.locator(".search-status").wait_for(state="attached")
    for query in ["kozinka", "b", "attackers deny"]:
        before = set(loaded)
        everything(page, query, sharded)
        names = [Path(url).stem for url in loaded if url not in before and "/search/" in url]
        shown = {h["href"] for h in results(page)["hits"] if h["href"].startswith("events/")}
        terms = set(searchshards.term_shards(manifest["termShards"], query))
        assert {n for n in names if n.startswith("t-")} <= terms
        events = {n for n in names if n.startswith("d-")}
        assert len(events) <= min(20, len(shown))


def test_enter_shows_and_focuses_the_first_result_once_its_shards_are_in(reader, sharded):
    page, watch, _ = reader((sharded / "events/civilian-deaths.html").as_uri(), width=360)
    page.focus("#search-q")
    page.keyboard.type("helicopter")
    page.keyboard.press("Enter")
    page.locator(f"{EVENT_HITS}:focus").wait_for()
    assert page.evaluate("document.activeElement.getAttribute('href')") == \
        "../events/helicopter-strike-on-kozinka.html"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert page.input_value("#search-q") == "" and page.locator("#search-results").is_hidden()
    assert watch.problems == []


def test_a_page_open_across_a_rebuild_still_searches_the_new_index(reader, tmp_path):
    """Shards are named after their data: those of the manifest a tab loaded before
    the rebuild are gone, so it reads the manifest again rather than fail."""
    content, out = tmp_path / "content", tmp_path / "site"
    shutil.copytree(ROOT / "content", content)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchshards, "TERM_SHARD_BYTES", 600)
        assert pipeline.build(Options(content=content, out=out, jobs=1)).problems == ()
        page, watch, _ = reader((out / "index.html").as_uri())
        search(page, "Kozinka")   # the manifest, and some shards, are loaded
        event = content / "events/baranovsky-says-operation-ongoing.md"
        event.write_text(event.read_text().replace("under way.", "under way, said Zanzibar."))
        assert pipeline.build(Options(content=content, out=out, jobs=1)).problems == ()
    hits = search(page, "Zanzibar")
    assert [h["href"] for h in hits] == ["events/baranovsky-says-operation-ongoing.html"]
    # The browser notes the one shard it did not find, and nothing else.
    assert [p for p in watch.problems if "ERR_FILE_NOT_FOUND" not in p] == []

"""The real site in Chromium, opened from disk as a reader does: search, timeline,
accessibility (axe-core), phone width, and no request that leaves the disk."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_build

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def site(real_site) -> Path:
    return real_site


def page_types(out: Path) -> list[str]:
    """One page of every type: every top-level page, and each folder's index and first record."""
    pages = sorted(p.name for p in out.glob("*.html"))
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and (p / "index.html").is_file()):
        records = sorted(p.name for p in folder.glob("*.html") if p.name != "index.html")
        pages += [f"{folder.name}/index.html"] + [f"{folder.name}/{name}" for name in records[:1]]
    events = sorted(p.name for p in (out / "events").glob("*.html"))
    pages.append(f"events/{events[0]}")
    return pages


def test_page_types_cover_the_site(site):
    pages = page_types(site)
    for expected in ["index.html", "about.html", "404.html", "disputed.html", "sources/index.html",
                     "actors/index.html", "places/index.html", "tags/index.html"]:
        assert expected in pages
    assert any(p.startswith("events/") for p in pages)
    assert any(p.startswith("actors/") and p != "actors/index.html" for p in pages)


class Watch:
    """Record every request that is not file:, every console error and page error."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.problems.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.problems.append(f"pageerror: {exc}"))
        page.route("**/*", self._route)

    def _route(self, route):
        """Let file: requests through; record and abort anything else."""
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.problems.append(f"request: {url}")
            route.abort()


@pytest.fixture
def open_page(browser, site):  # noqa: F811
    """open_page(path, width, scheme, javascript) -> (page, watch); one context per setting."""
    contexts, pages = {}, []

    def open_(path: str, width: int = 1280, scheme: str = "light", javascript: bool = True):
        key = (width, scheme, javascript)
        if key not in contexts:
            # bypass_csp: axe is injected as an inline script, which the pages' CSP forbids
            # (test_browser_security.py checks the pages under their CSP).
            contexts[key] = browser.new_context(viewport={"width": width, "height": 900},
                                                color_scheme=scheme, java_script_enabled=javascript,
                                                bypass_csp=True)
        while pages:
            pages.pop().close()
        page = contexts[key].new_page()
        pages.append(page)
        watch = Watch(page)
        page.goto((site / path).as_uri())
        return page, watch

    yield open_
    for context in contexts.values():
        context.close()


EVENT_HITS = "#search-results [aria-labelledby=search-events] a.search-hit"
PAGE_HITS = "#search-results [aria-labelledby=search-pages] a.search-hit"   # listed first


def search(page, query: str, hits: str = EVENT_HITS) -> list[dict]:
    page.fill("#search-q", query)
    # A locator, not wait_for_function: the pages' CSP forbids the eval() it polls with.
    page.locator(".search-status", has_text="match").wait_for()
    return page.eval_on_selector_all(hits, """links => links.map(a => ({
        href: a.getAttribute('href'), text: a.textContent,
        marks: Array.from(a.closest('li').querySelectorAll('mark')).map(m => m.textContent),
        meta: a.closest('li').querySelector('.meta').textContent}))""")


def test_search_finds_events_by_place_name_from_disk(open_page, site):
    page, watch = open_page("index.html")
    hits = search(page, "Kozinka")
    hrefs = [h["href"] for h in hits]
    assert "events/helicopter-strike-on-kozinka.html" in hrefs
    assert "events/legion-claims-kozinka-liberated.html" in hrefs
    assert hits[0]["marks"] and all(m.lower() == "kozinka" for m in hits[0]["marks"])
    assert "2023" in hits[0]["meta"]
    page.click(f"{EVENT_HITS} >> nth=0")
    page.wait_for_load_state()
    assert page.url == (site / hrefs[0]).as_uri()
    assert watch.problems == []


def test_search_finds_aliases_from_a_nested_page_with_working_links(open_page, site):
    page, watch = open_page("events/helicopter-strike-on-kozinka.html")
    hits = search(page, "Grayvoron")
    hrefs = [h["href"] for h in hits]
    assert "../events/graivoron-shelled-early-monday.html" in hrefs
    assert all((site / "events" / h).resolve().is_file() for h in hrefs)
    assert any("Grayvoron" in h["marks"] for h in hits)
    target = hrefs.index("../events/graivoron-shelled-early-monday.html")
    page.click(f"{EVENT_HITS} >> nth={target}")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("RBK: Graivoron shelled for about five hours")
    assert watch.problems == []


def test_search_folds_case_and_diacritics_and_ranks_titles_first(open_page):
    page, _ = open_page("index.html")
    hits = search(page, "KOZÍNKA")
    assert "kozinka" in hits[0]["text"].lower()
    prefix = search(page, "koz")
    assert {h["href"] for h in prefix} >= {h["href"] for h in hits}
    page.fill("#search-q", "zzzqqq")
    page.locator(".search-status", has_text="No events").wait_for()
    assert page.locator("#search-results").is_hidden()


def test_search_lists_actor_place_and_source_pages_before_events(open_page, site):
    page, watch = open_page("events/helicopter-strike-on-kozinka.html", width=360)
    pages = search(page, "Gladkov", PAGE_HITS)
    assert [p["href"] for p in pages] == ["../actors/vyacheslav-gladkov.html"]
    assert pages[0]["text"] == "Vyacheslav Gladkov" and pages[0]["marks"] == ["Gladkov"]
    assert pages[0]["meta"].startswith("Person · ")
    assert page.inner_text(".search-status").startswith("1 page and ")
    groups = page.locator("#search-results .search-group").all_text_contents()
    assert groups == ["Actors, places and sources", "Events"]
    every = page.eval_on_selector_all("#search-results a.search-hit", "links => links.map(a => a.getAttribute('href'))")
    assert every[0] == "../actors/vyacheslav-gladkov.html" and len(every) > 5   # then the events
    page.focus("#search-q")
    page.keyboard.press("ArrowDown")   # the keyboard reaches the page first
    assert page.evaluate("document.activeElement.getAttribute('href')") == "../actors/vyacheslav-gladkov.html"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == (site / "actors/vyacheslav-gladkov.html").as_uri()
    assert page.locator("h1").inner_text() == "Vyacheslav Gladkov"
    assert watch.problems == []


def test_search_finds_places_by_other_spellings_and_sources_by_title(open_page):
    page, _ = open_page("index.html")
    place = search(page, "grayvoron", PAGE_HITS)
    assert place[0]["href"] == "places/graivoron.html"
    assert page.locator(f"{PAGE_HITS} >> nth=0").locator("xpath=..").inner_text().endswith("Also written: Grayvoron")
    source = search(page, "fierce firefight", PAGE_HITS)
    assert [s["href"] for s in source] == ["sources/firefight-report-24-may.html"]
    assert source[0]["text"] == "24 May firefight report"   # its short name, then its headline
    assert source[0]["meta"].startswith("Source, publisher not named, 24 May 2023 · ")
    assert page.locator(f"{PAGE_HITS} >> nth=0").locator("xpath=..").inner_text().endswith(
        "Headline: Residents of Belogorod report a fierce firefight on Monday morning")


SNIPPETS = "#search-results [aria-labelledby=search-events] .search-snippet"


def test_search_snippets_show_what_matched_once(open_page):
    """The line under each event says why it matched: the name the query names, without
    repeating it as another spelling ('Vyacheslav Gladkov (also Gladkov)')."""
    page, _ = open_page("index.html")
    search(page, "Gladkov")
    snippets = page.locator(SNIPPETS).all_text_contents()
    assert "Actors: Vyacheslav Gladkov" in snippets and not any("also" in s for s in snippets)
    search(page, "Grayvoron")   # a name the title does not show keeps its other spelling
    assert "Places: Graivoron (also Grayvoron)" in page.locator(SNIPPETS).all_text_contents()


def test_search_keyboard_escape_and_click_outside(open_page):
    page, _ = open_page("index.html")
    search(page, "Gladkov")
    page.click(".site-footer p")
    assert page.locator("#search-results").is_hidden()
    page.focus("#search-q")
    assert page.locator("#search-results").is_visible()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('search-hit')")
    page.keyboard.press("Escape")
    assert page.input_value("#search-q") == ""
    assert page.locator("#search-results").is_hidden()


def test_without_javascript_the_search_box_is_hidden_and_pages_read(open_page):
    page, watch = open_page("index.html", javascript=False)
    assert page.locator("form.site-search").is_hidden()
    assert page.locator(".chronology .entry").count() > 10
    assert page.locator("svg.timeline-svg a").count() > 10
    assert page.locator(".timeline-readout").is_hidden()   # the list under the drawing names each event
    assert watch.problems == []


@pytest.mark.parametrize("path", ["index.html", "actors/freedom-of-russia-legion.html"])
def test_timeline_marks_link_to_events_with_accessible_names(open_page, site, path):
    page, watch = open_page(path)
    marks = page.locator("svg.timeline-svg a.tl-mark")
    assert marks.count() > 3
    titles = {e["slug"]: e["title"] for e in json.loads((site / "data/events.json").read_text())["events"]}
    for i in range(marks.count()):
        mark = marks.nth(i)
        href = mark.get_attribute("href")
        assert (site / path).parent.joinpath(href).resolve().is_file(), href
        assert mark.get_attribute("aria-label").startswith(titles[Path(href).stem] + " (")
    region = page.get_by_role("region", name="Timeline")
    assert region.get_attribute("tabindex") == "0"
    first = marks.nth(0)
    expected = (site / path).parent.joinpath(first.get_attribute("href")).resolve().as_uri()
    page.get_by_role("link", name=first.get_attribute("aria-label")).first.click()
    page.wait_for_load_state()
    assert page.url == expected
    assert watch.problems == []


@pytest.mark.parametrize("path", ["index.html", "actors/vyacheslav-gladkov.html"])
def test_a_mark_focused_by_keyboard_shows_its_title_beside_the_drawing(open_page, path):
    """Marks carried no words and a focused one showed only an outline (issue 20)."""
    page, watch = open_page(path, width=360)
    readout = page.locator(".timeline-readout")
    assert readout.is_visible() and "Focus, hover or tap a mark" in readout.inner_text()
    page.locator(".timeline-scroll").focus()
    seen = []
    for _ in range(3):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.getAttribute('aria-label')")
        title = name.rsplit(" (", 1)[0]
        assert readout.locator("bdi").inner_text() == title and name.rsplit(" (", 1)[1] in readout.inner_text()
        seen.append(title)
        # The readout is on screen with the mark, and hides no part of it.
        mark, shown = page.evaluate("document.activeElement.getBoundingClientRect().bottom"), readout.bounding_box()
        assert 0 <= shown["y"] and shown["y"] + shown["height"] <= page.viewport_size["height"] and mark < shown["y"]
    assert len(set(seen)) == 3
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert readout.locator("a").get_attribute("href") == href   # the readout links to the event too
    assert watch.problems == []


def test_a_tap_shows_a_mark_s_title_and_a_second_tap_opens_it(browser, site):  # noqa: F811
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        watch = Watch(page)
        page.goto((site / "index.html").as_uri())
        mark = page.locator("svg.timeline-svg a.tl-mark").nth(4)
        href, name = mark.get_attribute("href"), mark.get_attribute("aria-label")
        mark.tap()
        assert page.url.endswith("/index.html")
        assert page.locator(".timeline-readout bdi").inner_text() == name.rsplit(" (", 1)[0]
        with page.expect_navigation():
            mark.tap()
        assert page.url == (site / href).as_uri() and watch.problems == []
    finally:
        context.close()


@pytest.mark.parametrize("path", ["index.html", "actors/vyacheslav-gladkov.html"])
def test_every_mark_is_a_24_px_target_on_a_phone(open_page, path):
    """WCAG 2.2 target size (2.5.8): the marks were 6 px tall."""
    page, _ = open_page(path, width=360)
    boxes = page.evaluate("""Array.from(document.querySelectorAll('svg.timeline-svg a')).map(a => {
        const r = a.getBoundingClientRect(); return [a.getAttribute('href'), r.width, r.height]; })""")
    assert len(boxes) > 5
    small = [(href, w, h) for href, w, h in boxes if w < 24 or h < 24]
    assert small == []


def test_marks_carry_words_on_the_drawing(open_page):
    """Labels are drawn beside the marks where a row has room (key events come what may),
    each the start of its mark's title, on screen and not under another mark, another
    label, the lane names or the readout (the drawing is below the summary: scrolled to)."""
    page, _ = open_page("index.html")
    page.evaluate("document.querySelector('.timeline-scroll').scrollIntoView({block: 'center'})")
    labels = page.evaluate("""Array.from(document.querySelectorAll('svg.timeline-svg a.tl-mark .tl-label')).map(t => {
        const r = t.getBoundingClientRect(), a = t.closest('a');
        const seen = document.elementFromPoint(r.left + 2, r.top + r.height / 2);
        return [Array.from(t.querySelectorAll('tspan')).map(s => s.textContent).join(' '),
                a.getAttribute('aria-label'), Boolean(seen && seen.closest('a') === a)];
    })""")
    assert len(labels) >= 10
    for words, name, seen in labels:
        assert name.startswith(words.removesuffix("…")) and seen, (words, name)


OVERLAPS = """() => {
    const boxes = Array.from(document.querySelectorAll('svg.timeline-svg a')).flatMap((a, n) =>
        Array.from(a.querySelectorAll('.tl-hit, .tl-label')).map(e => [n, e.getBoundingClientRect()]));
    return boxes.flatMap(([n, a], i) => boxes.slice(i + 1).filter(([m, b]) => m !== n
        && Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5
        && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5).map(() => n));
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_key_events_are_labelled_and_no_label_overlaps_a_mark_or_a_label(open_page, width):
    """The key events are labelled on the drawing, in the room it has, at any width;
    no label runs into another mark or another mark's label."""
    page, _ = open_page("index.html", width=width)
    keys = page.eval_on_selector_all(".key-points a", "links => links.map(a => a.getAttribute('href'))")
    labelled = page.eval_on_selector_all("svg.timeline-svg a.tl-mark", """marks => marks
        .filter(a => a.querySelector('.tl-label')).map(a => a.getAttribute('href'))""")
    assert len(keys) == 7 and set(keys) <= set(labelled)
    assert page.evaluate(OVERLAPS) == []


def test_in_print_the_timeline_is_words(open_page, site):
    """It printed as unlabelled bars under a caption about links."""
    page, _ = open_page("actors/vyacheslav-gladkov.html")
    page.emulate_media(media="print")
    assert page.locator(".timeline-scroll").is_hidden() and page.locator(".timeline-key").is_hidden()
    table = page.locator("table.timeline-words")
    assert table.is_visible()
    text = table.inner_text()
    for title in page.locator("ol.event-list .entry-title").all_inner_texts():
        assert title in text
    assert "Time not given:" in text and "denied" in text


def test_every_page_type_passes_axe_in_light_and_dark(open_page, site):
    failures = []
    for path in page_types(site):
        for scheme in ("light", "dark"):
            page, watch = open_page(path, scheme=scheme)
            page.add_script_tag(path=str(AXE))
            passes, violations = page.evaluate("""async () => {
                const r = await axe.run(document, {preload: false, runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
                return [r.passes.map(p => p.id), r.violations
                  .filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))];
            }""")
            assert {"color-contrast", "html-has-lang", "landmark-one-main"} <= set(passes), path
            failures += [f"{path} ({scheme}): {v}" for v in violations]
            failures += [f"{path} ({scheme}): {p}" for p in watch.problems]
    assert failures == []


@pytest.mark.parametrize("width", [360, 768, 1280])
def test_every_page_type_fits_the_window(open_page, site, width):
    """A phone, a tablet, a laptop: the page itself never scrolls sideways."""
    too_wide = []
    for path in page_types(site):
        page, _ = open_page(path, width=width)
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            too_wide.append(f"{path}: {scroll}px in {client}px")
    assert too_wide == []


@pytest.mark.parametrize("width", [768, 1280])
def test_the_chronology_s_timeline_fits_the_page_column_when_there_is_room(open_page, width):
    """Its three days were drawn 28 px wider than the column: the end of the last day
    was cut off behind a sideways scrollbar. On a phone it scrolls (see the lane tests)."""
    page, _ = open_page("index.html", width=width)
    drawing, region, column = page.evaluate("""() => ['.timeline-svg', '.timeline-scroll', 'main']
        .map(s => document.querySelector(s)).map(e => [e.scrollWidth, e.clientWidth,
            Math.round(e.getBoundingClientRect().right)])""")
    assert drawing[0] <= region[1] and region[0] <= region[1]   # nothing hidden to scroll to
    assert region[2] <= column[2] and column[0] <= column[1]


def test_the_data_tables_fit_a_phone_screen(open_page):
    """The field names wrap after their underscores: unbroken, 'independent_reporters'
    pushed the CSV table wider than the screen and squeezed every meaning into a thin column."""
    page, _ = open_page("data.html", width=360)
    tables = page.evaluate("""Array.from(document.querySelectorAll('table')).map(t =>
        [t.scrollWidth, t.clientWidth, t.querySelector('td').getBoundingClientRect().width])""")
    assert len(tables) == 3   # the events' fields, the disputes' fields, the CSV columns
    for scroll_width, width, name_column in tables:
        assert scroll_width <= width and name_column < width / 2
    assert page.locator("table code", has_text="independent_reporters").first.is_visible()


def test_no_request_leaves_the_disk_and_no_console_error(open_page, site):
    problems = []
    for path in page_types(site):
        page, watch = open_page(path)
        search(page, "Belgorod")   # loads the search index too
        page.wait_for_load_state("networkidle")
        problems += [f"{path}: {p}" for p in watch.problems]
    assert problems == []


def test_keyboard_reaches_skip_link_first_and_it_is_visible(open_page):
    page, _ = open_page("events/helicopter-strike-on-kozinka.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#main"]
    box = page.locator(".skip-link").bounding_box()
    # Its focus ring, drawn outside it, is on screen all round (at y 0 its top was cut off).
    ring = page.evaluate("""(() => { const s = getComputedStyle(document.activeElement);
        return parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset); })()""")
    assert box and box["x"] >= ring and box["y"] >= ring > 0


@pytest.mark.parametrize("path", ["index.html", "actors/vyacheslav-gladkov.html"])
def test_keyboard_can_skip_the_timeline_s_links(open_page, site, path):
    """Every mark is a link (36 on the chronology): a link before the drawing, shown
    when focused, takes the keyboard past them to the list of events, whose first is
    the chronology's first (a day opens with the events known only by that day)."""
    page, watch = open_page(path, width=360)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Skip the timeline":
            break
    assert page.locator(".skip-past").is_visible()
    after = page.evaluate("document.activeElement.nextElementSibling.className")
    assert after == "timeline-scroll"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    first = page.evaluate("""() => Array.from(document.querySelectorAll('main li a[href*="events/"]'))
        .find(a => !a.closest('svg') && !a.closest('.key-points')
              && document.getElementById('timeline-caption-end').compareDocumentPosition(a)
                 & Node.DOCUMENT_POSITION_FOLLOWING).getAttribute('href')""")
    assert focused == first
    if path == "index.html":
        chronology = json.loads((site / "data/events.json").read_text())["events"]
        assert focused == f"events/{chronology[0]['slug']}.html"
    assert page.evaluate("document.activeElement.closest('svg')") is None   # in the list, not a mark
    assert watch.problems == []


def test_search_shows_content_as_text_never_as_markup(browser, workdir):  # noqa: F811
    event = workdir / "valid/events/shelling.md"
    event.write_text(event.read_text().replace(
        "title: Shelling", 'title: "<img src=x id=injected> Shelling </script>"'))
    out = workdir / "site"
    assert run_build("build", "--content", workdir / "valid", "--out", out, cwd=workdir).returncode == 0
    page = browser.new_page()
    try:
        watch = Watch(page)
        page.goto((out / "index.html").as_uri())
        hits = search(page, "shelling")
        assert hits[0]["text"] == "<img src=x id=injected> Shelling </script>"
        assert page.locator("#injected").count() == 0
        assert watch.problems == []
    finally:
        page.close()


def lane_names(page) -> list:
    """Each lane name of the first timeline: where it is drawn, and whether a reader sees it there."""
    return page.evaluate("""() => {
        const region = document.querySelector('.timeline-scroll').getBoundingClientRect();
        return Array.from(document.querySelectorAll('svg.timeline-lanes .tl-lane-label tspan:first-child')).map(t => {
            const r = t.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
            const seen = document.elementFromPoint(x, y);
            return [t.parentNode.textContent, r.left >= region.left && r.right <= region.right && t.parentNode.contains(seen)];
        });
    }""")


@pytest.mark.parametrize("width", [360, 1280])
def test_lane_names_stay_in_view_while_the_timeline_scrolls(open_page, width):
    page, watch = open_page("index.html", width=width)
    page.locator("figure.timeline").scroll_into_view_if_needed()
    drawn = page.locator("svg.timeline-svg .tl-lane-label").all_text_contents()
    assert [name for name, _ in lane_names(page)] == drawn and len(drawn) == 2
    region = page.get_by_role("region", name="Timeline of all events")
    region.focus()
    for _ in range(40):   # the keyboard still scrolls the drawing
        page.keyboard.press("ArrowRight")
    scrolled = page.evaluate("document.querySelector('.timeline-scroll').scrollLeft")
    if width == 360:
        assert scrolled > 300
    assert lane_names(page) == [[name, True] for name in drawn]
    # The names' column hides no mark when the drawing is at its start.
    page.evaluate("document.querySelector('.timeline-scroll').scrollLeft = 0")
    edge = page.locator("svg.timeline-lanes").first.bounding_box()
    marks = page.locator("svg.timeline-svg a.tl-mark")
    lefts = [marks.nth(i).bounding_box()["x"] for i in range(marks.count())]
    assert min(lefts) >= edge["x"] + edge["width"] - 1   # a mark's stroke may touch the edge
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert watch.problems == []


def test_lane_names_cover_the_drawing_in_dark_mode(open_page):
    page, _ = open_page("index.html", width=360, scheme="dark")
    background = page.evaluate("""[getComputedStyle(document.querySelector('svg.timeline-lanes')).backgroundColor,
        getComputedStyle(document.querySelector('.timeline-scroll')).backgroundColor]""")
    assert background[0] == background[1] and background[0] != "rgba(0, 0, 0, 0)"
    assert page.locator("svg.timeline-lanes").first.get_attribute("aria-hidden") == "true"


def test_timeline_marks_look_as_the_key_says(open_page, site):
    """Dashed and faded when approximate, a token in the "time not given" strip when the
    sources give no time (no longer a bar across the day), in its status colour; the key
    shows a swatch of each kind drawn, and only those."""
    page, _ = open_page("index.html")
    events = {f"events/{e['slug']}.html": e for e in json.loads((site / "data/events.json").read_text())["events"]}
    looks = page.evaluate("""() => Array.from(document.querySelectorAll('svg.timeline-svg a.tl-mark')).map(a => {
        const shape = a.querySelector('rect:not(.tl-hit), circle'), style = getComputedStyle(shape);
        return [a.getAttribute('href'), a.getAttribute('class'), shape.getBoundingClientRect().width,
                style.strokeDasharray !== 'none', style.fillOpacity, style.stroke === getComputedStyle(a).fill];
    })""")
    assert len(looks) == len(events)   # none hidden behind "+N more"
    for href, classes, width, dashed, opacity, status_colour in looks:
        event = events[href]
        no_time = "T" not in event["start"] and (not event["end"] or "T" not in event["end"])
        assert ("tl-token" in classes) == no_time and (width < 24 if no_time else True), href
        assert (dashed, opacity) == ((True, "0.2") if event["approximate"] else (False, "1")), href
        assert status_colour and f"tl-{event['status']}" in classes, href
    key = page.locator(".timeline-key li").all_inner_texts()
    assert key[:3] == ["approximate", "time not given, only the day (or days)", "hours without an event, narrowed"]
    assert key[3:] == [s for s in ("confirmed", "reported", "claimed", "disputed", "denied")]


HIDDEN = ".visually-hidden, .skip-past:not(:focus), .site-search label"


def test_nothing_visually_hidden_takes_room(open_page, site):
    """Text that is only read out (the day in a heading, a search box's label) is clipped
    to a pixel: merged into the header's rule, it showed as a line of its own above
    'Time not given by the sources'."""
    taking_room, seen = [], 0
    for path in page_types(site):
        page, _ = open_page(path)
        boxes = page.eval_on_selector_all(HIDDEN, """els => els.map(e => {
            const r = e.getBoundingClientRect();
            return [e.textContent.trim().slice(0, 40), r.width, r.height];
        })""")
        seen += len(boxes)
        taking_room += [f"{path}: {text!r} {w}x{h}" for text, w, h in boxes if w > 1 or h > 1]
    assert seen > 0 and taking_room == []


def links_on_first_screen(page) -> list[str]:
    """The event links a reader sees without scrolling: wholly inside the window."""
    return page.eval_on_selector_all("main a[href*='events/']", """links => links.filter(a => {
        const r = a.getBoundingClientRect(), line = a.getClientRects()[0];
        return r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight
            && document.elementFromPoint(line.left + line.width / 2,
                                         line.top + line.height / 2)?.closest('a') === a;
    }).map(a => a.getAttribute('href'))""")


@pytest.mark.parametrize("width, height, at_least", [(360, 740, 2), (1280, 800, 7)])
def test_the_first_screen_tells_what_happened(browser, site, width, height, at_least):
    """The first screen was the title twice, a lede, a count and a four-sentence legend;
    on a phone, no event at all. Now it holds the key events, as links; on a laptop the
    whole summary; the method is folded away, and the title is printed once."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri())
        seen = links_on_first_screen(page)
        assert len(seen) >= at_least and all((site / href).is_file() for href in seen)
        summary = page.locator(".key-points").bounding_box()
        if width == 1280:
            assert summary["y"] + summary["height"] <= height
        assert page.locator(".how-to-read").get_attribute("open") is None
        assert page.get_by_text("marks an estimate").is_hidden()
        title = page.evaluate("document.title")
        assert page.evaluate("document.body.innerText").count(title) == 1
    finally:
        context.close()


def test_every_event_page_leads_back_to_its_entry(open_page, site):
    """A breadcrumb 'Chronology › Monday 22 May 2023' leads to the event's own entry,
    which the window then shows; the page says where it stands and names its neighbours."""
    events = sorted((site / "events").glob("*.html"))
    page, watch = open_page(f"events/{events[0].name}")
    for event in events:
        page.goto(event.as_uri())
        crumbs = page.locator("nav.breadcrumb a")
        assert crumbs.nth(0).inner_text() == "Chronology"
        assert re.fullmatch(r"Event \d+ of 54", page.locator(".position").inner_text())
        crumbs.nth(1).click()
        page.wait_for_load_state()
        anchor = page.url.split("#", 1)[1]
        entry = page.locator(f"#{anchor}")
        assert entry.count() == 1, event.name
        title = entry.locator(f"a[href='events/{event.name}']")
        assert title.count() == 1
        # Scrolled to, and not under the day's heading, which stays at the top.
        assert page.evaluate("""a => { const r = a.getClientRects()[0];
            return r.top >= 0 && r.bottom <= innerHeight && document.elementFromPoint(
                r.left + r.width / 2, r.top + r.height / 2)?.closest('a') === a; }""",
                             title.element_handle()), event.name
    assert watch.problems == []
    page.goto((site / "events/kyiv-denies-involvement.html").as_uri())
    pager = page.locator("nav.pager").inner_text()
    assert re.search(r"Previous:\s*\S", pager) and re.search(r"Next:\s*\S", pager)


def test_print_carries_the_content_s_date_and_the_address(browser, tmp_path):
    """A printed page says where it is from and how recent its content is: the date the
    content gives, never the day it was built."""
    out = tmp_path / "site"
    assert run_build("build", "--content", ROOT / "content", "--out", out, "--base-url",
                     "https://example.org/belgorod/", cwd=tmp_path).returncode == 0
    page = browser.new_page()
    try:
        page.goto((out / "events/incursion-across-border.html").as_uri())
        colophon = page.locator(".print-colophon")
        assert colophon.is_hidden()
        page.emulate_media(media="print")
        assert colophon.is_visible()
        assert colophon.inner_text() == ("https://example.org/belgorod/events/incursion-across-border.html"
                                         " · Content as of 24 May 2023")
    finally:
        page.close()


def test_a_split_chronology_passes_axe_and_fits_a_phone(browser, tmp_path):
    """A chronology over `chronology_page_limit` events: its index of days and a day's
    page, and the pages of lists longer than that limit (parts.py: a source's accounts,
    the disputed page's other events), in light and dark, at 360 px."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", content)
    with (content / "site.yaml").open("a") as f:
        f.write("chronology_page_limit: 1\n")
    out = tmp_path / "site"
    assert run_build("build", "--content", content, "--out", out, cwd=tmp_path).returncode == 0
    failures = []
    for path in ("index.html", "days/2023-05-22.html", "sources/art.html", "sources/art/2.html",
                 "disputed.html", "disputed/2.html"):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme,
                                          bypass_csp=True)
            page = context.new_page()
            watch = Watch(page)
            page.goto((out / path).as_uri())
            page.add_script_tag(path=str(AXE))
            failures += [f"{path} ({scheme}): {v}" for v in page.evaluate("""async () =>
                (await axe.run(document, {preload: false})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id)""")]
            if page.evaluate("document.documentElement.scrollWidth > innerWidth"):
                failures.append(f"{path} ({scheme}): scrolls sideways")
            failures += watch.problems
            context.close()
    assert failures == []



def test_a_page_s_positions_in_the_list_of_pages_stay_on_one_line(browser, tmp_path):
    """'2,101–2,400' beside a long label was cut after its dash on a phone: at any
    width of the list, each page's positions are one line."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", content)
    with (content / "site.yaml").open("a") as f:
        f.write("chronology_page_limit: 2\n")
    out = tmp_path / "site"
    assert run_build("build", "--content", content, "--out", out, cwd=tmp_path).returncode == 0
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.goto((out / "sources/art.html").as_uri())
        cut = page.evaluate("""() => { const list = document.querySelector('.parts-list'), cut = [];
            for (let width = 60; width <= 320; width += 2) {
                list.style.width = width + 'px';
                for (const count of list.querySelectorAll('.count'))
                    if (count.textContent.includes('–') && count.getClientRects().length > 1)
                        cut.push(width + 'px: ' + count.textContent);
            }
            return cut; }""")
        assert cut == []
    finally:
        page.close()

# The disputed page (issue 20 point 6): a jump list, accounts grouped by side, figure tables.
SIDES = """els => els.map(e => { const box = e.getBoundingClientRect(); return {
    name: e.querySelector('.side-name').textContent,
    who: Array.from(e.querySelectorAll('.claim-who')).map(w => w.textContent.replace(/\\s+/g, ' ').trim()),
    top: Math.round(box.top), bottom: Math.round(box.bottom), left: Math.round(box.left)}; })"""


def test_the_disputed_page_starts_with_a_jump_list_whose_links_land_on_its_disputes(open_page):
    page, watch = open_page("disputed.html")
    order = page.evaluate("""() => { const jump = document.querySelector('nav.jump');
        return [jump !== null && !!(jump.compareDocumentPosition(document.querySelector('.dispute'))
                & Node.DOCUMENT_POSITION_FOLLOWING), document.querySelectorAll('main .claim').length > 0,
                Array.from(document.querySelectorAll('main > *')).indexOf(jump)]; }""")
    assert order[:2] == [True, True] and order[2] <= 2   # after the heading and the lede
    targets = page.eval_on_selector_all("nav.jump a", "links => links.map(a => a.getAttribute('href'))")
    assert all(t.startswith("#") for t in targets) and len(targets) >= 9
    assert page.evaluate("ids => ids.filter(id => !document.getElementById(id))",
                         [t[1:] for t in targets]) == []
    questions = page.eval_on_selector_all("nav.jump ol:first-of-type a", "l => l.map(a => a.textContent)")
    assert {"How many civilians were wounded?", "How many armoured vehicles did the attackers have?",
            "How many attackers were killed?", "Who was behind the attack?"} <= set(questions)
    page.get_by_role("link", name="How many civilians were wounded?").click()
    assert page.url.endswith("#dispute-civilians-wounded")
    top = page.evaluate("document.getElementById('dispute-civilians-wounded').getBoundingClientRect().top")
    assert abs(top) <= 2   # scrolled to it
    assert watch.problems == []


def test_the_disputed_page_groups_accounts_by_side_abreast_and_stacks_them_on_a_phone(open_page):
    page, _ = open_page("disputed.html", width=1280)
    wide = page.eval_on_selector_all("#dispute-who-was-behind-the-attack .side", SIDES)
    names = [side["name"] for side in wide]
    assert names[:3] == ["Russian officials and state media", "The attacking groups", "Kyiv"]
    assert any(w.startswith("Vyacheslav Gladkov") for w in wide[0]["who"])
    assert any(w.startswith("Freedom of Russia Legion") for w in wide[1]["who"])
    assert any(w.startswith("Ukraine,") for w in wide[2]["who"])
    assert "Independent reporting" in names   # accounts without a claimant: the articles' own
    assert len({side["top"] for side in wide[:3]}) == 1                       # abreast
    assert wide[0]["left"] < wide[1]["left"] < wide[2]["left"]
    phone, _ = open_page("disputed.html", width=360)
    narrow = phone.eval_on_selector_all("#dispute-who-was-behind-the-attack .side", SIDES)
    assert [side["name"] for side in narrow] == names
    assert all(b["top"] >= a["bottom"] for a, b in zip(narrow, narrow[1:]))   # stacked


def test_a_figure_dispute_shows_its_table_and_its_range(open_page, site):
    names = {s["slug"]: s["name"] for s in json.loads((site / "data/events.json").read_text())["sources"]}
    page, _ = open_page("disputed.html", width=360)
    section = "#dispute-civilians-wounded"
    assert page.eval_on_selector_all(f"{section} table.figures th", "t => t.map(c => c.textContent)") == [
        "Figure", "Who", "Article"]
    rows = page.eval_on_selector_all(f"{section} table.figures tbody tr",
                                     "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))")
    assert rows == [["8", "Vyacheslav Gladkov", names["firefight-report-24-may"]],
                    ["12", "Vyacheslav Gladkov", names["belgorod-explainer-70-killed"]],
                    ["12 (a dozen people, reportedly)", "not attributed", names["al-jazeera-what-we-know"]],
                    ["not yet clear on Monday", "not attributed", names["mondo-border-fighting"]]]
    said = " ".join(page.text_content(f"{section} .range").split())
    assert said.startswith("From 8 (Vyacheslav Gladkov in ") and " to 12 (Vyacheslav Gladkov in " in said
    table = page.evaluate(f"[document.querySelector('{section} table').scrollWidth, "
                          f"document.querySelector('{section} table').clientWidth]")
    assert table[0] <= table[1]   # the table fits the phone without scrolling


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_disputed_page_passes_axe_and_fits_a_phone(open_page, scheme):
    page, watch = open_page("disputed.html", width=360, scheme=scheme)
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {preload: false, runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id)""")
    assert violations == [] and watch.problems == []

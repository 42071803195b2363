"""The whole site as a reader sees it: every page type, every link resolves offline."""
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, build_site, run_build


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_links(out: Path) -> list[str]:
    """Every local link names an existing file (and fragment); no link leaves the disk."""
    broken, pages = [], {p: parse(p) for p in out.rglob("*.html")}
    for page, found in pages.items():
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            assert not parts.scheme and not link.startswith("//"), f"{page}: {link}"
            if link.startswith("/"):
                # Only the 404 page, served at any depth, links from the server's root
                # (test_notfound.py: from disk a script makes them relative again).
                assert page == out / "404.html", f"{page}: {link}"
                target = out / unquote(parts.path[1:])
            else:
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(out)} -> {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{page.relative_to(out)} -> {link} (no such anchor)")
    return broken


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    return build_site(tmp_path_factory, ROOT / "tests/fixtures/valid")



def test_every_page_type_exists(fixture_site):
    for page in ["index.html", "about.html", "404.html", "disputed.html", "sources/index.html",
                 "sources/art.html", "actors/index.html", "actors/rvc.html", "places/index.html",
                 "places/kozinka.html", "tags/index.html", "tags/shelling.html",
                 "events/shelling.html", "events/denial.html", "assets/style.css"]:
        assert (fixture_site / page).is_file(), page


@pytest.mark.parametrize("site", ["fixture_site", "real_site"])
def test_every_link_resolves_offline(site, request):
    out = request.getfixturevalue(site)
    assert check_links(out) == []


def test_event_page_shows_time_status_accounts_and_responses(fixture_site):
    html = (fixture_site / "events/shelling.html").read_text()
    assert '<time datetime="2023-05-22T05:00+03:00">' in html
    assert '<abbr title="approximately">c.</abbr> 05:00–10:00 MSK' in html
    assert "(early Monday)" in html
    assert "<blockquote class=\"quote\"><p>hello there,</p></blockquote>" in html
    assert "five hours" in html and "three hours" in html
    assert 'Denied by: <a href="denial.html"><bdi>Denial</bdi></a>' in html
    assert 'rel="next" href="denial.html"' in html
    denial = (fixture_site / "events/denial.html").read_text()
    assert 'Denies: <a href="shelling.html"><bdi>Shelling</bdi></a>' in denial
    assert '<time datetime="2023-05-23">Tuesday 23 May 2023</time>' in denial


def test_code_blocks_are_highlighted_and_styled(fixture_site):
    assert 'class="codehilite"' in (fixture_site / "events/denial.html").read_text()
    assert ".codehilite .nb" in (fixture_site / "assets/style.css").read_text()


def test_index_groups_by_day_and_lists_sources(fixture_site):
    html = (fixture_site / "index.html").read_text()
    assert html.index("Monday 22 May 2023") < html.index("Tuesday 23 May 2023")
    assert "2 citations" in html
    assert 'href="actors/rvc.html"><bdi>Russian Volunteer Corps</bdi></a>' in html


def test_actor_page_shows_roles(fixture_site):
    html = (fixture_site / "actors/rvc.html").read_text()
    assert "involved and makes a claim" in html
    assert "also <bdi>RVC</bdi>" in (fixture_site / "actors/index.html").read_text()


def test_source_page_shows_what_it_contributes(fixture_site):
    html = (fixture_site / "sources/art.html").read_text()
    assert "Not named in the article" in html and "Not known" in html
    assert html.count('class="account"') == 3


def test_disputed_page_lists_events_with_several_accounts(fixture_site):
    html = (fixture_site / "disputed.html").read_text()
    assert "events/shelling.html" in html and "events/denial.html" in html
    # no dispute record covers them: their accounts are grouped by side all the same
    # (the fixture declares no sides: its claimant speaks for none, the other account
    # is the article's own reporting)
    assert re.findall(r'class="side-name">([^<]*)<', html) == [
        "Independent reporting", "Other voices", "Independent reporting"]
    # what answers each event, as on its own page: a denial is part of the dispute
    assert 'Denied by: <a href="events/denial.html"><bdi>Denial</bdi></a>' in html


def test_no_page_needs_javascript_or_network(real_site):
    """Scripts are external files under assets/ (no inline script or handler, so a CSP
    can forbid them), and what they add, the search form and the timeline's readout, is
    hidden without them."""
    for page in real_site.rglob("*.html"):
        html = page.read_text()
        scripts = re.findall(r"<script\b[^>]*>", html)
        # JSON-LD is data, not code; the programs are the external search script and,
        # where there is a timeline, its readout's; on the 404 page the inline one,
        # allowed by its hash, that loads search.js from the server's root or, from disk,
        # the site's folder (test_notfound.py).
        code = [s for s in scripts if s != '<script type="application/ld+json">']
        if page.name == "404.html":
            assert code == ['<script data-search="/assets/search.js">'], page
        else:
            assert all(re.fullmatch(r'<script src="(\.\./)*assets/(search|timeline)\.js" defer>', s)
                       for s in code), page
            assert ("timeline.js" in html) == ('<figure class="timeline"' in html), page
        if '<figure class="timeline"' in html:
            assert '<p class="timeline-readout" hidden>' in html, page
        assert not re.search(r"\son[a-z]+=", html), page
        assert re.search(r'<form class="site-search" role="search" hidden', html), page
        assert not re.search(r'(src|href)="(https?:)?//', html.split("<main", 1)[0]), page


def test_static_files_are_copied_to_assets(fixture_site):
    for name in ("style.css", "search.js", "search-index.js"):
        assert (fixture_site / "assets" / name).is_file()
    assert (fixture_site / "assets/search.js").read_bytes() == (ROOT / "static/search.js").read_bytes()


def test_base_url_adds_canonical_links(tmp_path):
    out = tmp_path / "site"
    result = run_build("build", "--content", ROOT / "tests/fixtures/valid", "--out", out,
                       "--base-url", "https://example.org/chronology/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = (out / "events/shelling.html").read_text()
    assert '<link rel="canonical" href="https://example.org/chronology/events/shelling.html">' in html
    assert 'href="https://example.org/chronology/index.html"' in (out / "404.html").read_text()


def build_edited(tmp_path: Path, path: str, old: str, new: str) -> Path:
    """The valid fixture built with one line of `path` replaced; the site folder."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", content)
    (content / path).write_text((content / path).read_text().replace(old, new, 1))
    result = run_build("build", "--content", content, "--out", tmp_path / "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


def test_an_end_time_is_shown_when_the_start_gives_only_the_day(tmp_path):
    """'start: 2023-05-22' with 'end: 2023-05-22T10:00+03:00': the sources say when it
    ended, not when it began; the end is shown, not dropped."""
    site = build_edited(tmp_path, "events/shelling.md",
                        "start: 2023-05-22T05:00+03:00", "start: 2023-05-22")
    text = re.sub(r"<[^>]+>", "", (site / "events/shelling.html").read_text())
    assert "Monday 22 May 2023, until c. 10:00 MSK (early Monday)" in text


def test_a_mistyped_year_keeps_the_timeline_small(tmp_path):
    html = (build_edited(tmp_path, "events/denial.md", "start: 2023-05-23", "start: 9023-05-23")
            / "index.html").read_text()
    assert len(html) < 20_000   # drawn day by day, 7,000 years would take over a gigabyte
    assert "23 May 9023</text>" in html and 'class="tl-break"' in html
    assert 'href="events/denial.html"' in html


def test_an_undated_statement_reads_as_a_range_of_days(tmp_path):
    """A statement whose day the sources do not give spans the days it may be on:
    the range names its own dates, with no weekday before it, and no 'c.', which
    qualifies clock times; the note says why."""
    site = build_edited(tmp_path, "events/denial.md", "start: 2023-05-23\n",
                        "start: 2023-05-22\nend: 2023-05-23\napproximate: true\n"
                        "time_note: day not stated\n")
    text = re.sub(r"<[^>]+>", "", (site / "events/denial.html").read_text())
    assert "22–23 May 2023 (day not stated)" in text
    assert "Monday 22 May 2023, 22" not in text and "c. 22" not in text
    index = (site / "index.html").read_text()   # not among Monday's day-only entries
    heading = index.index("Over several days from this one, or on a day the sources do not give")
    assert '<a href="events/denial.html">Denial</a>' in index[heading:]


def test_a_day_s_subheadings_do_not_repeat_its_date_on_screen(real_site):
    """'Wednesday 24 May 2023' was followed at once by 'Wednesday 24 May 2023: time not
    given by the sources'. The date stays in the subheading for those who list the
    headings, hidden on screen, where the day's own heading is just above; the events
    known only by their day open it, as 'sometime on' that day (issue 20)."""
    index = (real_site / "index.html").read_text()
    day = index[index.index('id="day-2023-05-24"'):]
    day = day[:day.index("</section>")]
    heading = re.search(r'<h3 class="untimed">(.*?)</h3>', day).group(1)
    assert heading == ('Sometime on Wednesday<span class="visually-hidden"> 24 May 2023</span> '
                       '<span class="untimed-why">(the sources give no time)</span>')
    on_screen = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", day)
    assert re.sub(r"<[^>]+>", "", on_screen).count("Wednesday 24 May 2023") == 1


def test_the_chronology_s_headings_nest_day_group_entry(real_site):
    """A screen reader lists the headings as an outline: an entry under a day's
    'Time not given' group is a level below the group, not its sibling."""
    index = (real_site / "index.html").read_text()
    levels = re.findall(r'<h([1-6])( class="(?:untimed|entry-title)")?', index)
    outline = [(int(level), cls) for level, cls in levels if level != "1"]
    last_group = None
    for level, cls in outline:
        if cls == ' class="untimed"':
            last_group = level
        elif cls == ' class="entry-title"':
            assert level == (last_group + 1 if last_group else 3)
        else:   # a day's heading (h2) starts again without a group
            last_group = None
    assert any(cls == ' class="untimed"' for _, cls in outline)


@pytest.mark.parametrize("page", ["actors/index.html", "places/index.html", "sources/index.html"])
def test_record_lists_are_in_name_order_and_count_in_words(real_site, page):
    from html import unescape
    html = (real_site / page).read_text()
    listing = html[html.index('<ul class="record-list">'):]
    listing = listing[:listing.index("</ul>")]
    names = [unescape(n) for n in re.findall(r'<li><a href="[^"]+">(?:<cite>)?<bdi>([^<]+)<', listing)]
    assert len(names) > 3 and names == sorted(names, key=str.lower)
    assert not re.search(r"\b1 (events|citations)\b", html)


def test_an_event_page_gives_its_time_and_status_once(real_site):
    """The header gave the time and a DENIED badge, then 'Status denied: rejected by a
    party it concerns.', and the Details list gave the same time again."""
    html = (real_site / "events/attackers-killed-figures.html").read_text()
    article = html[html.index('<article class="event">'):html.index("</article>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", article).split())
    assert text.count("12:00 MSK") == 1 and article.count("<time ") == 1
    assert article.count('class="status status-denied"') == 1
    # Whose denial it is (status_by in its front matter), then what the status means.
    assert "denied by the attackers . Rejected by a party it concerns." in text


def test_an_event_without_a_body_lists_no_empty_summary(tmp_path):
    """The body is optional: without one there is no summary to show, and no empty
    paragraph where it would be; the page's description falls back to the title."""
    body = (ROOT / "tests/fixtures/valid/events/denial.md").read_text().split("\n---\n", 1)[1]
    site = build_edited(tmp_path, "events/denial.md", body, "")
    for page in ("index.html", "sources/art.html", "tags/statement.html"):
        assert '<p class="summary"></p>' not in (site / page).read_text(), page
    assert '<meta name="description" content="Denial">' in \
        (site / "events/denial.html").read_text()
    feed, ics = (site / "feed.xml").read_text(), (site / "data/events.ics").read_text()
    assert "<summary></summary>" not in feed and "<summary/>" not in feed
    assert "DESCRIPTION:When:" in ics.replace("\r\n ", "")
    assert '"description": ""' not in (site / "events/denial.html").read_text()
    assert "<p></p>" not in (site / "data/timelinejs.json").read_text()


RTL = re.compile("[\u0590-\u05ff]")   # Hebrew letters
# A block is a paragraph of its own to the bidirectional algorithm: text alone in one
# needs no isolation. <title> (the tab's and the timeline marks') cannot hold markup.
BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "dt", "dd", "div", "blockquote", "figcaption",
          "header", "footer", "nav", "section", "article", "main", "body", "ol", "ul", "dl",
          "figure", "form", "text", "svg", "g"}


class Unisolated(HTMLParser):
    """Right-to-left text sharing a block with other text outside a <bdi>."""

    def __init__(self):
        super().__init__()
        self.blocks, self.inline, self.skip, self.found = [[]], [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "script", "title"):
            self.skip += 1
        elif tag in BLOCKS:
            self.blocks.append([])
        elif tag not in ("input", "meta", "link", "br"):
            self.inline.append(tag)

    def handle_endtag(self, tag):
        if tag in ("head", "script", "title"):
            self.skip -= 1
        elif tag in BLOCKS:
            runs = [(text, isolated) for text, isolated in self.blocks.pop() if text.strip()]
            if len(runs) > 1:
                self.found += [text for text, isolated in runs if RTL.search(text) and not isolated]
        elif self.inline and self.inline[-1] == tag:
            self.inline.pop()

    def handle_data(self, data):
        if not self.skip:
            self.blocks[-1].append((data, "bdi" in self.inline))


def test_names_beside_other_words_are_isolated(workdir):
    """A right-to-left name or title shares a line with the page's own words ('Denies:',
    'as reported in', a list's commas and counts): isolated in a <bdi>, it keeps its
    own order, and theirs; without, the algorithm reorders the neutral characters
    around it (a comma, a count, '(05:00; reported)') into it."""
    from timeline.pipeline import Options, compile_site
    valid = workdir / "valid"
    for relpath, old, new in [
            ("actors/rvc.md", "name:", "name: חיל המתנדבים"), ("actors/rvc.md", "aliases:", "aliases: [RVC, חמ]"),
            ("places/kozinka.md", "name:", "name: קוזינקה\naliases: [כוזינקה]"),
            ("places/kozinka.md", "region:", "region: מחוז בלגורוד"),
            ("sources/art.md", "title:", "title: כתבה"), ("sources/art.md", "publisher:", "publisher: הוצאה"),
            ("events/shelling.md", "title:", "title: הפגזה"), ("events/shelling.md", "time_note:", "time_note: בוקר"),
            ("events/denial.md", "title:", "title: הכחשה")]:
        path = valid / relpath
        path.write_text("\n".join(new if line.startswith(old) else line
                                  for line in path.read_text().split("\n")))
    result = compile_site(Options(content=valid))
    assert result.problems == ()
    found = {}
    for output in result.outputs:
        if output.path.endswith(".html"):
            parser = Unisolated()
            parser.feed(output.data.decode())
            if parser.found:
                found[output.path] = parser.found
    assert found == {}


def reader_text(html: str) -> str:
    """What a reader reads of some HTML: its words, with the tags and runs of space gone."""
    from html import unescape
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def entry(html: str, slug: str) -> str:
    """The chronology entry (or list item, or dispute) that links to the event `slug`;
    not the index's summary, which names whose a status is only where its words do not."""
    link = f'href="events/{slug}.html"'
    html = re.sub(r'<section class="key-points".*?</section>', "", html, flags=re.S)
    for item in re.findall(r'<(?:li|section)\b[^>]*>.*?</(?:li|section)>', html, re.S):
        if re.search(r'href="[^"]*"', item) and re.search(r'href="[^"]*"', item).group() == link:
            return item   # its own entry, not one that links to it (a denial's)
    raise AssertionError(f"no entry for {slug}")


def test_a_badge_says_whose_the_status_is(real_site):
    """'DENIED' alone on 'Governor Gladkov reports a sabotage group' read as if his report
    had been denied; it is Kyiv that denies the unit came from Ukraine. The chronology,
    and the event's own page say so; a claim names its claimants."""
    # (The disputed page shows it as an account of "Who was behind the attack?".)
    shown = reader_text(entry((real_site / "index.html").read_text(), "gladkov-reports-sabotage-group"))
    assert "denied by Ukraine" in shown
    event = (real_site / "events/gladkov-reports-sabotage-group.html").read_text()
    note = event[event.index('<p class="status-note">'):]
    assert reader_text(note[:note.index("</p>")]) == \
        "denied by Ukraine. Rejected by a party it concerns."
    claim = reader_text(entry((real_site / "index.html").read_text(), "groups-claim-responsibility"))
    assert "claimed by Freedom of Russia Legion and Russian Volunteer Corps" in claim
    # How well a thing is established is no one's: a report names no one.
    report = reader_text(entry((real_site / "index.html").read_text(), "gunfire-heard-at-11"))
    assert "reported by" not in report and "reported" in report


def test_entries_and_accounts_name_sources_by_their_short_names(real_site):
    """A 25-word headline in every entry and card buried it; the short name is what
    the prose uses too. The headline stays on the source's own page (and its list)."""
    index = (real_site / "index.html").read_text()
    shown = reader_text(entry(index, "evacuation-of-border-villages"))
    assert "3 citations: MONDO, 22 May; 24 May explainer; Al Jazeera explainer" in shown
    cards = reader_text((real_site / "events/attackers-killed-figures.html").read_text())
    assert "as reported in 24 May firefight report" in cards
    sources = {p.stem: reader_text(p.read_text()) for p in (real_site / "sources").glob("*.html")}
    for slug, page in sources.items():
        if slug == "index":
            continue
        headline = page[:page.index(" · ")]   # the page's <title>: the headline, then the site's
        assert headline in page[len(headline):] and headline in sources["index"]
        for other in ("index.html", "disputed.html", "events/attackers-killed-figures.html",
                      "events/who-was-behind-the-attack.html", "actors/pap.html"):
            assert headline not in reader_text((real_site / other).read_text()), (slug, other)


def entry_order(index: str) -> list[str]:
    return re.findall(r'<li class="entry" id="event-([a-z0-9-]+)">', index)


def test_events_known_only_by_their_day_open_it_and_the_pager_follows(real_site):
    """The claim of responsibility and Kyiv's denial came after Monday's 22:00 entries;
    now a day opens with what the sources give no time for, and previous/next, the
    position and the data files go in the order the chronology shows."""
    import json
    index = (real_site / "index.html").read_text()
    order = entry_order(index)
    assert order == [e["slug"] for e in json.loads((real_site / "data/events.json").read_text())["events"]]
    monday = index[index.index('id="day-2023-05-22"'):index.index('id="day-2023-05-23"')]
    assert monday.index("kyiv-denies-involvement") < monday.index("rvc-video-bogdanov")   # 22:00
    assert monday.index("Sometime on Monday") < monday.index("Hour by hour")
    for i, slug in enumerate(order):
        html = (real_site / f"events/{slug}.html").read_text()
        assert f'<p class="position">Event {i + 1} of {len(order)}</p>' in html
        if i:
            assert f'rel="prev" href="{order[i - 1]}.html"><span class="pager-label">Previous:</span>' in html
        if i + 1 < len(order):
            assert f'rel="next" href="{order[i + 1]}.html"><span class="pager-label">Next:</span>' in html


def test_the_index_opens_with_what_happened_attributed_and_the_method_folded(real_site):
    index = (real_site / "index.html").read_text()
    summary = index[index.index('<section class="key-points"'):index.index("</section>")]
    points = re.findall(r'<a href="events/([a-z0-9-]+)\.html">([^<]+)</a>( <span class="status)?', summary)
    assert 5 <= len(points) <= 7
    assert ("legion-claims-kozinka-liberated",
            "The Legion says it has taken the village of Kozinka; reporters there do not confirm it",
            ' <span class="status') in points                 # a claim, with its badge
    assert ("counter-terrorist-regime-declared",
            "MONDO: local authorities declare an &#34;anti-terrorist regime&#34; on Monday evening",
            "") in points                                       # reported: no badge
    assert [slug for slug, _, _ in points] == [s for s in entry_order(index) if s in dict(
        (slug, 1) for slug, _, _ in points)]                    # in the chronology's order
    # Whose a status is, unless the point's own words say it: a line less each.
    badges = dict(re.findall(r'<a href="events/([a-z0-9-]+)\.html">[^<]+</a> (.*?)</span></li>', summary))
    assert badges["legion-claims-kozinka-liberated"].endswith("</span> by <bdi>Freedom of Russia Legion</bdi></span>")
    assert re.fullmatch(r'<span class="status status-claimed" [^>]+>claimed</span>', badges["groups-claim-responsibility"])
    assert re.fullmatch(r'<span class="status status-denied" [^>]+>denied</span>', badges["attackers-killed-figures"])
    assert index.index("</section>") < index.index('<details class="how-to-read">') < index.index(
        "Times are Moscow time") < index.index("</details>")
    body = index[index.index("<body>"):]
    assert body.count("Belgorod incursion, 22–23 May 2023: a sourced chronology</") == 1   # the H1 only


def test_a_large_chronology_has_a_page_per_day(tmp_path):
    """Over `chronology_page_limit` events the index links to a page per day; the
    event pages lead back to their entries there, and every link and anchor holds."""
    site = build_edited(tmp_path, "site.yaml", "language: en\n",
                        "language: en\nchronology_page_limit: 1\n")
    index = (site / "index.html").read_text()
    assert entry_order(index) == [] and 'href="days/2023-05-22.html">Monday 22 May 2023</a>' in index
    day = (site / "days/2023-05-22.html").read_text()
    assert entry_order(day) == ["shelling"] and "<h1 " in day and 'rel="next" href="2023-05-23.html"' in day
    event = (site / "events/shelling.html").read_text()
    assert '<a href="../days/2023-05-22.html#event-shelling">Monday 22 May 2023</a>' in event
    assert check_links(site) == []


def test_every_page_gives_the_content_s_date_and_its_address_in_print(tmp_path):
    """Never the build's clock: site.yaml's `updated`, or the latest date in the content
    (the fixture's article is dated 24 May)."""
    site = build_edited(tmp_path, "site.yaml", "language: en\n", "language: en\nupdated: 2023-06-01\n")
    html = (site / "events/shelling.html").read_text()
    assert '<p class="print-colophon">Content as of 1 June 2023</p>' in html
    hosted = tmp_path / "hosted"
    assert run_build("build", "--content", ROOT / "tests/fixtures/valid", "--out", hosted,
                     "--base-url", "https://example.org/c/", cwd=tmp_path).returncode == 0
    assert ('<p class="print-colophon">https://example.org/c/events/shelling.html · '
            'Content as of 24 May 2023</p>') in (hosted / "events/shelling.html").read_text()


def test_timeline_marks_and_words_say_whose_the_status_is(real_site):
    """The mark's name (which the readout shows) and the printed words, like the badges."""
    index = (real_site / "index.html").read_text()
    mark = re.search(r'<a href="events/gladkov-reports-sabotage-group.html" class="tl-mark[^"]*" '
                     r'aria-label="([^"]*)"', index)
    assert mark and mark.group(1).endswith("; denied by Ukraine)")
    words = index[index.index('<table class="timeline-words"'):]
    assert "<i>denied by Ukraine</i>" in words[:words.index("</table>")]


# --- long lists on pages of their own (timeline/parts.py) ------------------------------

# An item of a list, in the order the page lists them: a chronology entry, an event in a
# tag's, place's or actor's list, an account on a source's page, an other disputed event,
# a record in the list of sources, actors, places or tags.
ITEM = re.compile(r'<li class="entry" id="event-([\w-]+)">'
                  r'|<p class="(?:entry-title|account-event)"><a href="[./]*events/([\w-]+)\.html"'
                  r'|<section class="dispute" id="event-([\w-]+)"'
                  r'|<li><a href="(?:\.\./)?([\w-]+)\.html">(?:<bdi>)?[^<]+(?:</bdi>)?</a>\s+'
                  r'<span class="record-meta">')
LONG_LISTS = ("tags/drones.html", "actors/actor-00.html", "places/place-00.html",
              "sources/source-00.html", "disputed.html", "sources/index.html", "actors/index.html",
              "places/index.html", "tags/index.html", "days/2023-05-22.html")


def listed(page: Path) -> list[str]:
    return ["".join(m.groups("")) for m in ITEM.finditer(page.read_text())]


def pages_of(site: Path, page: str) -> list[str]:
    """The pages of a list, as the page's own list of them links them."""
    html = (site / page).read_text()
    if '<nav class="parts"' not in html:
        return [page]
    nav = html[html.index('<nav class="parts"'):]
    links = re.findall(r'<li><a href="([^"]+)"', nav[:nav.index("</ol>")])
    return [(site / page).parent.joinpath(link).resolve().relative_to(site.resolve()).as_posix()
            for link in links]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict:
    """60 events of the skewed benchmark corpus (one actor in 30% of them, a tag on half,
    a source and a place in all, 9 on one day: bench/gen_corpus.py), built with at most
    7 events to a page, and with no limit."""
    sys.path.insert(0, str(ROOT / "bench"))
    import gen_corpus   # noqa: PLC0415
    root = tmp_path_factory.mktemp("generated")
    gen_corpus.generate(60, root, skewed=True)
    sites = {}
    for limit in (7, 1000):
        content = root / f"content-{limit}"
        shutil.copytree(root / "content", content)
        with open(content / "site.yaml", "a", encoding="utf-8") as f:
            f.write(f"chronology_page_limit: {limit}\n")
        sites[limit] = build_site(tmp_path_factory, content)
    return sites


def test_long_lists_are_cut_into_pages_that_together_list_everything_once(generated):
    """A tag's, actor's, place's or source's events, the disputed page's other events, the
    lists of records and a day's entries: at most 7 a page, in order, every one once."""
    cut, whole = generated[7], generated[1000]
    for page in LONG_LISTS:
        pages = pages_of(cut, page)
        shown = [listed(cut / p) for p in pages]
        everything = listed(whole / page) if page != LONG_LISTS[-1] else \
            [s for s in listed(whole / "index.html") if s in set(sum(shown, []))]
        assert len(pages) > 1 and pages[0] == page and pages[1] == f"{page[:-5]}/2.html", page
        assert all(0 < len(s) <= 7 for s in shown) and sum(shown, []) == everything, page
    assert max(len(listed(p)) for p in cut.rglob("*.html")) == 7
    assert pages_of(whole, "tags/drones.html") == ["tags/drones.html"]


def test_each_page_of_a_long_list_says_where_it_stands_and_leads_to_the_others(generated):
    cut = generated[7]
    first, second = (reader_text((cut / p).read_text()) for p in ("tags/drones.html",
                                                                   "tags/drones/2.html"))
    assert re.search(r"(32) events filed under this topic\. Events 1–7 of \1, 22–26 May 2023: "
                     r"page 1 of 5\. All pages", first)
    assert re.search(r"Events 8–14 of 32, [^:]+: page 2 of 5\.", second)
    assert "All 5 pages of events" in second
    assert "Previous page: 22–26 May 2023 (events 1–7)" in second
    # The pages after the first list the events, not the actor again; each page draws
    # the events it lists (drawn, 500 events on as many days were 0.6 MB).
    for n, page in enumerate(pages_of(cut, "actors/actor-00.html")):
        html = (cut / page).read_text()
        drawing = html[html.index('<figure class="timeline"'):html.index("</figure>")]
        marked = re.findall(r'<a href="[./]*events/([\w-]+)\.html" class="tl-mark', drawing)
        assert sorted(set(marked)) == sorted(listed(cut / page)), page
        assert ("<dt>Kind</dt>" in html) == (n == 0) and "<h1>Actor 00</h1>" in html
    assert "<title>Actor 00, " in (cut / "actors/actor-00/2.html").read_text()
    day = (cut / "days/2023-05-22/2.html").read_text()
    assert "<title>Monday 22 May 2023, events 8–9 · " in day
    assert ('<li><a href="../2023-05-22.html">Monday 22 May 2023</a></li>'
            '<li aria-current="page">Events 8–9</li>') in day
    # A list of records, by name, is named as a dictionary's pages are.
    assert "Actors 8–14 of 40, Actor 07 – Actor 13: page 2 of 6." in \
        reader_text((cut / "actors/index/2.html").read_text())
    disputed = reader_text((cut / "disputed/2.html").read_text())
    assert "that no question on the first page covers" in disputed and "On this page" not in disputed


def test_every_link_holds_on_a_site_of_long_lists(generated):
    """And an event page's way back leads to its entry on the page of its day that holds it."""
    cut = generated[7]
    assert check_links(cut) == []
    slug = listed(cut / "days/2023-05-22/2.html")[0]
    event = (cut / f"events/{slug}.html").read_text()
    assert f'href="../days/2023-05-22/2.html#event-{slug}"' in event


def test_an_index_of_more_days_than_a_page_lists_goes_on_pages_of_their_own(generated):
    """10,000 events on as many days made a 1.1 MB index of links to them."""
    cut = generated[7]
    pages = pages_of(cut, "index.html")
    days = [re.findall(r'<li><a href="(?:\.\./)?days/([\d-]+)\.html">', (cut / p).read_text())
            for p in pages]
    assert len(pages) > 1 and all(0 < len(d) <= 7 for d in days)
    assert sum(days, []) == sorted(p.stem for p in (cut / "days").glob("*.html"))
    first, second = ((cut / p).read_text() for p in pages[:2])
    assert re.search(r"<h1[^>]*>Synthetic chronology</h1>", first) and "day by day</h2>" in first
    assert '<h1 id="h-days">The chronology, day by day</h1>' in second and "<h1>" not in second
    assert re.search(r"Days 8–14 of \d+, [^:]+: page 2 of", reader_text(second))


def test_the_benchmark_weighs_each_page_of_a_long_list_as_its_kind(generated):
    """bench/weights.py reports the largest page of each kind: a list's later pages,
    in a folder named after its first (actors/index/2.html), are of the first's kind."""
    import weights   # noqa: PLC0415 (bench/, put on the path by `generated`)
    cut = generated[7]
    for first, kind in (("actors/index.html", "lists"), ("actors/actor-00.html", "actors"),
                        ("index.html", "index"), ("disputed.html", "disputed"),
                        ("days/2023-05-22.html", "days")):
        assert {weights.kind(page) for page in pages_of(cut, first)} == {kind}, first

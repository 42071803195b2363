"""How the pages word things (present.py): times and their notes, on the pages, in the
feed and in the calendar; records that no entry names."""
import re
import shutil
from html import unescape

import pytest

from conftest import ROOT, run_build

EVENT = """---
title: {title}
start: {start}
{end}approximate: {approximate}
time_note: {note}
status: reported
sources:
  - source: art
---
Body.
"""

# slug: (start, end, approximate, how the event page shows it)
TIMES = {
    "clock": ("2023-05-22T05:00+03:00", "", "true", "Monday 22 May 2023, c. 05:00 MSK"),
    "clock-range": ("2023-05-22T05:00+03:00", "2023-05-22T10:00+03:00", "true",
                    "Monday 22 May 2023, c. 05:00–10:00 MSK"),
    "day-until-clock": ("2023-05-22", "2023-05-22T10:00+03:00", "true",
                        "Monday 22 May 2023, until c. 10:00 MSK"),
    "clock-to-day": ("2023-05-22T05:00+03:00", "2023-05-22", "true",
                     "Monday 22 May 2023, from c. 05:00 MSK"),
    "clock-to-next-clock": ("2023-05-22T05:00+03:00", "2023-05-23T10:00+03:00", "true",
                            "22 May 2023, c. 05:00 MSK – 23 May 2023, c. 10:00 MSK"),
    "clock-to-next-day": ("2023-05-22T05:00+03:00", "2023-05-23", "true",
                          "22 May 2023, c. 05:00 MSK – 23 May 2023"),
    "day-to-next-clock": ("2023-05-22", "2023-05-23T10:00+03:00", "true",
                          "22 May 2023 – 23 May 2023, c. 10:00 MSK"),
    "days": ("2023-05-22", "2023-05-23", "true", "22–23 May 2023"),
    "day": ("2023-05-22", "", "true", "Monday 22 May 2023"),
    "exact-over-days": ("2023-05-22T05:00+03:00", "2023-05-23T10:00+03:00", "false",
                        "22 May 2023, 05:00 MSK – 23 May 2023, 10:00 MSK"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The valid fixture with one event for each way of giving a time."""
    root = tmp_path_factory.mktemp("times")
    content = root / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", content)
    for slug, (start, end, approximate, _) in TIMES.items():
        (content / f"events/{slug}.md").write_text(EVENT.format(
            title=slug, start=start, end=f"end: {end}\n" if end else "",
            approximate=approximate, note=f"note on {slug}"))
    (content / "events/bracketed.md").write_text(EVENT.format(
        title="bracketed", start="2023-05-22T05:00+03:00", end="", approximate="true",
        note="“early” (Al Jazeera); hour estimated"))
    result = run_build("build", "--content", content, "--out", root / "site", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def text(path) -> str:
    """What a reader reads: tags as spaces (but <bdi>, which only isolates its words),
    runs of spaces as one; a calendar's folded lines joined and its escapes undone."""
    raw = re.sub(r"</?bdi>", "", path.read_text())
    if path.suffix == ".ics":
        raw = re.sub(r"\\([;,])", r"\1", re.sub(r"\r?\n ", "", raw))
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.mark.parametrize("slug", TIMES)
def test_each_precision_reads_naturally(site, slug):
    """'c.' stands before each clock time it qualifies, never before 'until' or a date."""
    shown = TIMES[slug][3]
    assert text(site / f"events/{slug}.html").count(f" {shown} (note on {slug})") == 1   # in the header
    assert f"{shown} (note on {slug})" in text(site / "feed.xml")
    assert "c. until" not in text(site / "index.html")


def test_a_note_with_its_own_parentheses_follows_a_dash(site):
    """Wrapped in parentheses, the note's own would nest: '(“early” (Al Jazeera); ...)'.
    The chronology leaves the notes to the event pages: its entries lead with time,
    title and status (issue 20)."""
    for page in ("events/bracketed.html", "feed.xml", "data/events.ics"):
        shown = text(site / page)
        assert "MSK — “early” (Al Jazeera); hour estimated" in shown, page
        assert "(“early”" not in shown, page
    assert "hour estimated" not in text(site / "index.html")


@pytest.mark.parametrize("page", ["events/incursion-across-border.html", "feed.xml",
                                  "data/events.ics", "disputed.html"])
def test_the_chronology_notes_read_in_one_pair_of_parentheses(real_site, page):
    """Every time note of the published chronology is one plain parenthesis."""
    shown = text(real_site / page)
    notes = re.findall(r"(?:MSK|2023|given) (\(.*?\)|— )", shown)
    assert notes and "— " not in notes
    assert all("(" not in note[1:-1] for note in notes), [n for n in notes if "(" in n[1:-1]]


def untimed_groups(page) -> list[str]:
    """What a reader reads under each 'Sometime on <day> (the sources give no time)'
    heading of the chronology."""
    html = page.read_text()
    groups = html.split('(the sources give no time)</span></h3>')[1:]
    return [text_of(group.split("</ol>", 1)[0]) for group in groups]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_entries_under_the_untimed_heading_do_not_repeat_it(site):
    """The heading says it once for the day; the entry's note is on its own page."""
    groups = untimed_groups(site / "index.html")
    assert groups and not any("time not given" in group for group in groups)
    assert groups[0].startswith(" reported day ") and "note on day" not in groups[0].lower()
    # Standing alone, the entry gives its day and its note, in parentheses.
    assert " Monday 22 May 2023 (note on day) " in text(site / "events/day.html")
    assert "Monday 22 May 2023, time not given" not in text(site / "feed.xml")
    assert "Monday 22 May 2023 (note on day)" in text(site / "feed.xml")


def test_no_list_repeats_what_its_heading_says_about_the_time(real_site):
    """In the chronology the untimed entries are under their day's heading; on the
    other list pages no such heading groups them, and each gives its day instead."""
    groups = untimed_groups(real_site / "index.html")
    assert len(groups) == 3 and all(group.strip() for group in groups)
    pages = [real_site / "index.html", real_site / "disputed.html"] + [
        page for folder in ("actors", "places", "sources", "tags")
        for page in sorted((real_site / folder).glob("*.html"))]
    for page in pages:
        # The timeline names its "time not given" strip, once a lane, and its key says
        # what a token is: the lists are what must not say it entry by entry.
        lists = re.sub(r'<figure class="timeline".*?</figure>', "", page.read_text(), flags=re.S)
        assert "time not given" not in text_of(lists), page
    claim = text(real_site / "actors/freedom-of-russia-legion.html")
    assert "Monday 22 May 2023 claimed" in claim   # an untimed entry gives its day


LANGUAGE_TAGS = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "pl": "Polish",
                 "fi": "Finnish", "en-GB": "English (en-GB)", "tlh": "tlh (language code)"}


@pytest.fixture(scope="module")
def unlisted(tmp_path_factory):
    """The valid fixture with records that no entry names: a state with an affiliated
    person, an agency that the article relays, a city, and articles in some languages."""
    root = tmp_path_factory.mktemp("unlisted")
    content = root / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", content)
    records = {"actors/ukraine.md": "name: Ukraine\nkind: state\n",
               "actors/podolyak.md": "name: Mykhailo Podolyak\nkind: person\naffiliation: ukraine\n",
               "actors/reuters.md": "name: Reuters\nkind: media\n",
               "places/kharkiv.md": "name: Kharkiv\n"}
    for path, meta in records.items():
        (content / path).write_text(f"---\n{meta}---\nText.\n")
    for tag in LANGUAGE_TAGS:
        (content / f"sources/in-{tag.lower()}.md").write_text(
            f"---\ntitle: In {tag}\npublisher: P\nlanguage: {tag}\n---\nText.\n")
    art = content / "sources/art.md"
    art.write_text(art.read_text().replace("archive: art.txt\n", "archive: art.txt\nvia: [reuters]\n"))
    result = run_build("build", "--content", content, "--out", root / "site", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.mark.parametrize("page, says", [
    ("actors/ukraine.html", "No entry in the chronology has Ukraine among its actors, claimants"
     " or outlets; Ukraine is named only as the affiliation of Mykhailo Podolyak."),
    ("actors/reuters.html", "No entry in the chronology has Reuters among its actors, claimants"
     " or outlets; Reuters is named only as an outlet relayed in An article."),
    ("actors/podolyak.html", "No entry in the chronology has Mykhailo Podolyak among its actors,"
     " claimants or outlets."),
    ("places/kharkiv.html", "No entry in the chronology has Kharkiv among its places."),
])
def test_a_record_without_events_says_how_it_is_named(unlisted, page, says):
    shown = text(unlisted / page)
    assert f"Events {says}" in shown
    assert "No events yet" not in shown


@pytest.mark.parametrize("tag", LANGUAGE_TAGS)
def test_a_source_names_its_language(unlisted, tag):
    assert f"Language {LANGUAGE_TAGS[tag]} Address" in text(unlisted / f"sources/in-{tag.lower()}.html")


def test_the_about_page_gives_the_rules_on_times_once(real_site):
    """content/about.md states them; the template adds no second, shorter version."""
    shown = text(real_site / "about.html")
    assert shown.count("How times are given") == 1
    assert shown.count("No entry carries a more precise time than its sources") == 1
    assert "Times are shown in" not in shown
    for fact in ("Moscow time", '"time not given"', "approximate (c.)", "quotes the article's own words"):
        assert fact in shown   # what the template's version said is all in the content's


@pytest.mark.parametrize("page, says", [
    ("events/gladkov-written-statement.html", "2 citations, all from one speaker or outlet."),
    ("events/fighting-on-border-confirmed.html", "5 citations from 3 different speakers or outlets."),
    ("events/terrorism-investigation-opened.html", "Sources and accounts 1 citation. "),
    ("places/index.html", "Kharkiv Ukraine · no events"),
    ("actors/rbk.html", "claimed by Unnamed regional interior ministry and police sources involved and relays an account"),
    # The list says it shows 'the events each one reports', as search does ('27 events').
    ("sources/index.html", "Al Jazeera · 27 events (40 citations)"),
    # Like every other list, the tags say what they are; a tag's page says how many.
    ("tags/index.html", "Tags The topics events are filed under, with the number of events under each."),
    ("tags/casualties.html", "Tagged ‘casualties’ 4 events filed under this topic."),
    # The time zone as a reader says it, not as the setting is spelt ('Europe/Moscow time').
    ("index.html", "54 events from 5 sources, in order of time;"),
    ("index.html", "Times are Moscow time; c. marks an estimate,"),
    ("actors/rbk.html", "Timeline of events involving RBK. Times are Moscow time."),
])
def test_counts_and_roles_read_as_sentences(real_site, page, says):
    """Not '3 citations from 1 different speaker or outlet', '0 events' or 'involved,
    reports it (relayed)'."""
    assert says in text(real_site / page)


def test_singular_counts_and_uncited_sources(site, unlisted):
    assert "13 events from 1 source," in text(site / "index.html")
    assert "No entry in the chronology cites this article." in text(unlisted / "sources/in-en.html")


@pytest.mark.parametrize("key, said", [("Europe/Moscow", "Moscow time"), ("UTC", "UTC"),
                                       ("America/New_York", "New York time"), ("Etc/GMT-3", "UTC+3"), ("Etc/GMT+5", "UTC−5"),
                                       ("America/Argentina/Buenos_Aires", "Buenos Aires time")])
def test_the_time_zone_reads_as_a_place(key, said):
    from zoneinfo import ZoneInfo

    from timeline import present
    assert present.zone_time(ZoneInfo(key)) == said


def test_a_quotation_s_own_quotation_marks_nest_as_single_ones(real_site):
    """We put each quotation in double marks; marks inside it become single ones,
    on the page and in the feed, while the data files keep the words as cited."""
    page = (real_site / "events/counter-terrorist-regime-declared.html").read_text()
    assert "declared an ‘anti-terrorist regime’ on Monday evening" in page
    assert "“anti-terrorist regime”" not in page
    feed = (real_site / "feed.xml").read_text()
    assert "‘anti-terrorist regime’" in feed
    data = (real_site / "data/events.json").read_text()
    assert "“anti-terrorist regime”" in data

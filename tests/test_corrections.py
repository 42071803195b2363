"""Corrections as a record (`corrections: [{date, note}]` on events and sources) and
commentary (`commentary: true` on a citation): how they are checked, where a reader
sees them, and what the data files and the feed say of them."""
import csv
import json
import shutil
import xml.etree.ElementTree as ET
from datetime import date

import jsonschema
import pytest

from conftest import FIXTURES, ROOT, build_site
from timeline import attribution
from timeline.frontmatter import parse
from timeline.schema import validate_event, validate_source
from timeline.zones import load_zone

ZONE = load_zone("Europe/Moscow")
SHELLING = (FIXTURES / "valid" / "events" / "shelling.md").read_text()
ART = (FIXTURES / "valid" / "sources" / "art.md").read_text()
ATOM = "{http://www.w3.org/2005/Atom}"
CORRECTED = ("corrections:\n"
             "  - date: 2024-03-02\n    note: It was dated Tuesday; the article gives Monday.\n"
             "  - date: 2024-01-05\n    note: It named the wrong village.\n")


def _event(lines: str, text: str = SHELLING):
    """The fixture's event with `lines` added after its title (line 2): line 3 is the first."""
    fm = parse(text.replace("title: Shelling\n", "title: Shelling\n" + lines, 1))
    return validate_event("shelling", "events/shelling.md", fm, ZONE)


def _problems(lines: str) -> list:
    event, problems = _event(lines)
    assert event is None
    return [(p.line, p.message) for p in problems]


def test_corrections_are_read_in_date_order():
    event, problems = _event(CORRECTED)
    assert not problems
    assert [(c.date, c.note) for c in event.corrections] == [
        (date(2024, 1, 5), "It named the wrong village."),
        (date(2024, 3, 2), "It was dated Tuesday; the article gives Monday.")]
    assert _event("")[0].corrections == ()


@pytest.mark.parametrize("lines, expected", [
    ("corrections: fixed a date\n", (3, "'corrections' must be a list of corrections, got text")),
    ("corrections:\n  - date: 2024-13-01\n    note: x\n",
     (4, "'corrections' item 1: 'date' '2024-13-01' is not a valid date (month must be in 1..12)")),
    ("corrections:\n  - date: 2024-01-05\n    note: x\n  - date: yesterday\n    note: y\n",
     (6, "'corrections' item 2: 'date' expected a date like 2023-05-22, got 'yesterday'")),
    ("corrections:\n  - date: 2024-01-05\n    note: \"  \"\n",
     (5, "'corrections' item 1: 'note' must not be empty")),
    ("corrections:\n  - date: 2024-01-05\n    note:\n", (5, "'corrections' item 1 has no 'note'")),
    ("corrections:\n  - date: 2024-01-05\n", (4, "'corrections' item 1 has no 'note'")),
    ("corrections:\n  - date: 2024-01-05\n    note: x\n    by: me\n",
     (6, "'corrections' item 1 has an unknown key 'by'")),
    ("corrections:\n  - 2024-01-05\n", (4, "'corrections' item 1 must be a mapping")),
])
def test_a_bad_correction_is_a_problem_at_its_line(lines, expected):
    assert _problems(lines) == [expected]


def test_a_mistyped_key_of_a_correction_gets_a_hint():
    event, problems = _event("corrections:\n  - date: 2024-01-05\n    nots: x\n")
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (5, "'corrections' item 1 has an unknown key 'nots'", "did you mean 'note'?")]


def test_a_source_takes_corrections_too():
    fm = parse(ART.replace("---\n", "---\n" + CORRECTED, 1))
    source, problems = validate_source("art", "sources/art.md", fm)
    assert not problems and [c.date.day for c in source.corrections] == [5, 2]


def test_an_event_cannot_rest_on_commentary_alone():
    text = SHELLING.replace("    says: five hours\n", "    says: five hours\n    commentary: true\n")
    event = _event("", text)[0]
    assert event.citations[0].commentary is True
    assert attribution.claimants(event) == ()   # the commentator's is no claim of the event
    alone = text.replace("    says: three hours\n", "    says: three hours\n    commentary: true\n")
    event, problems = _event("", alone)
    sources = alone.split("\n").index("sources:") + 1   # the line the problem names
    assert event is None and [(p.line, p.message) for p in problems] == [
        (sources, "every citation is commentary")]


# --- the valid fixture, with corrections and a commentary ----------------------

@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    content = tmp_path_factory.mktemp("corrections") / "content"
    shutil.copytree(FIXTURES / "valid", content)
    event = content / "events" / "shelling.md"
    event.write_text(SHELLING.replace("title: Shelling\n", "title: Shelling\n" + CORRECTED, 1)
                     .replace("    says: five hours\n", "    says: five hours\n    commentary: true\n"))
    source = content / "sources" / "art.md"
    source.write_text(ART.replace("---\n", "---\ncorrections:\n  - date: 2024-02-01\n"
                                           "    note: Its address was sources/old.html.\n", 1))
    return build_site(tmp_path_factory, content)


def _section(page: str, heading: str) -> str:
    start = page.index(f">{heading}</h2>")
    return page[start:page.index("</section>", start)]


def test_the_event_page_lists_its_corrections_oldest_first(corrected):
    page = (corrected / "events" / "shelling.html").read_text(encoding="utf-8")
    shown = _section(page, "Corrections")
    assert shown.index('<time datetime="2024-01-05">Friday 5 January 2024</time>: It named the '
                       "wrong village.") < shown.index('<time datetime="2024-03-02">')
    assert page.index(">Corrections</h2>") < page.index(">Sources and accounts</h2>")
    assert "Corrections" not in (corrected / "events" / "denial.html").read_text(encoding="utf-8")
    source = (corrected / "sources" / "art.html").read_text(encoding="utf-8")
    assert "Its address was sources/old.html." in _section(source, "Corrections")


def test_a_commentary_is_labelled_and_not_counted(corrected):
    page = (corrected / "events" / "shelling.html").read_text(encoding="utf-8")
    accounts = _section(page, "Sources and accounts")
    assert accounts.count('<span class="commentary">Commentary</span>') == 1
    assert ("1 citation, and 1 commentary, which is not counted." in accounts)
    data = json.loads((corrected / "data" / "events.json").read_text(encoding="utf-8"))
    shelling = next(e for e in data["events"] if e["slug"] == "shelling")
    assert [a["commentary"] for a in shelling["accounts"]] == [True, False]
    assert shelling["independent_reporters"] == 1


def test_the_feed_entry_is_updated_on_the_latest_correction(corrected):
    root = ET.parse(corrected / "feed.xml").getroot()
    updated = {e.find(ATOM + "title").text: e.find(ATOM + "updated").text
               for e in root.iter(ATOM + "entry")}
    assert updated["Shelling"] == "2024-03-01T21:00:00Z"   # 2 March, 00:00 in Moscow
    assert updated["Denial"] != updated["Shelling"]
    assert root.find(ATOM + "updated").text == "2024-03-01T21:00:00Z"


def test_the_data_files_carry_the_corrections(corrected):
    data = json.loads((corrected / "data" / "events.json").read_text(encoding="utf-8"))
    schema = json.loads((corrected / "data" / "events.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    events = {e["slug"]: e for e in data["events"]}
    assert events["shelling"]["corrections"] == [
        {"date": "2024-01-05", "note": "It named the wrong village."},
        {"date": "2024-03-02", "note": "It was dated Tuesday; the article gives Monday."}]
    assert events["shelling"]["updated"] == "2024-03-01T21:00:00Z"
    assert events["denial"]["corrections"] == []
    assert data["sources"][0]["corrections"] == [
        {"date": "2024-02-01", "note": "Its address was sources/old.html."}]
    with open(corrected / "data" / "events.csv", encoding="utf-8", newline="") as f:
        rows = {row["slug"]: row for row in csv.DictReader(f)}
    assert (rows["shelling"]["corrections"], rows["shelling"]["corrected"]) == ("2", "2024-03-02")
    assert (rows["denial"]["corrections"], rows["denial"]["corrected"]) == ("0", "")
    about = (corrected / "data.html").read_text(encoding="utf-8")
    assert "<code>corrections</code>" in about and "<code>corrected</code>" in about


# --- the chronology ------------------------------------------------------------

CORRECTED_EVENTS = (
    "gladkov-reports-sabotage-group", "air-defence-downs-drones",
    "attackers-fire-on-civilian-buildings", "evacuation-of-border-villages",
    "ria-novosti-operation-cancelled", "kyiv-denies-involvement", "cnn-analysis-narrative",
    "isw-response-disproportionate", "civilian-deaths", "attacking-force-vehicles",
    "kearney-border-defence-harder", "incursion-across-border", "helicopter-strike-on-kozinka",
    "graivoron-shelled-early-monday")


def test_the_chronology_s_corrections_are_shown_and_published(real_site):
    for slug in CORRECTED_EVENTS:
        page = (real_site / "events" / f"{slug}.html").read_text(encoding="utf-8")
        assert '<time datetime="2026-12-07">Monday 7 December 2026</time>: This ' in \
            _section(page, "Corrections"), slug
    page = (real_site / "events" / "ria-novosti-operation-cancelled.html").read_text(encoding="utf-8")
    assert "events/counter-terrorist-regime-lifted.html" in _section(page, "Corrections")
    data = json.loads((real_site / "data" / "events.json").read_text(encoding="utf-8"))
    corrected = {e["slug"] for e in data["events"] if e["corrections"]}
    assert corrected == set(CORRECTED_EVENTS)
    assert {e["updated"] for e in data["events"] if e["corrections"]} == {"2026-12-06T21:00:00Z"}


def test_jason_jay_smart_is_commentary_on_the_chronology(real_site):
    page = (real_site / "events" / "legion-claims-kozinka-liberated.html").read_text(encoding="utf-8")
    accounts = _section(page, "Sources and accounts")
    label = accounts.index('<span class="commentary">Commentary</span>')
    assert accounts.index("Jason Jay Smart", label) - label < 100
    assert "4 citations from 4 different speakers or outlets, and 1 commentary" in accounts
    data = json.loads((real_site / "data" / "events.json").read_text(encoding="utf-8"))
    smart = [a for e in data["events"] for a in e["accounts"]
             if a["claimant"] and a["claimant"]["slug"] == "jason-jay-smart"]
    assert smart and all(a["commentary"] for a in smart)
    content = (ROOT / "content" / "events").glob("*.md")
    assert all("commentary: true" in p.read_text() for p in content
               if "claimant: jason-jay-smart" in p.read_text())

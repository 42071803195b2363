"""Each field is declared once. An extra field (fields.Extra) reaches the record, the
data files, their JSON Schema and the CSV from its declaration alone; for the
engine's own fields, the places that name them agree, and a test here names the
field missing where."""
import csv
import dataclasses
import json
import shutil
import subprocess
import sys

import jsonschema
import pytest

from conftest import FIXTURES, ROOT
from timeline import fields, model, pipeline
from timeline.data import dataschema, opendata
from timeline.frontmatter import parse
from timeline.schema import validate_event
from timeline.zones import load_zone
from timeline.values import choice, flag, list_of, mappings, number, text

# Each declaration, the record it makes, and the fields it holds under another name.
RECORDS = {
    "EVENT": (model.Event, {"sources": "citations"}), "CITATION": (model.Citation, {}),
    "RESPONSE": (model.Response, {}), "SOURCE": (model.Source, {}),
    "ACTOR": (model.Actor, {}), "PLACE": (model.Place, {}), "DISPUTE": (model.Dispute, {}),
    "ACCOUNT": (model.AccountRef, {}), "SITE": (model.SiteConfig, {}),
}
SCHEMA_DEFS = dataschema.SCHEMA["$defs"]
# Where the data files describe each declaration's records: (its name, its properties).
PUBLISHED = {
    "EVENT": ("dataschema.EVENT_FIELDS", dataschema.EVENT_FIELDS),
    "CITATION": ("the JSON Schema's 'account'", SCHEMA_DEFS["account"]["properties"]),
    "RESPONSE": ("the JSON Schema's 'response'", SCHEMA_DEFS["response"]["properties"]),
    "SOURCE": ("the JSON Schema's 'source'", SCHEMA_DEFS["source"]["properties"]),
    "ACTOR": ("the JSON Schema's 'actor'", SCHEMA_DEFS["actor"]["properties"]),
    "PLACE": ("the JSON Schema's 'place'", SCHEMA_DEFS["place"]["properties"]),
    "DISPUTE": ("dataschema.DISPUTE_FIELDS", dataschema.DISPUTE_FIELDS),
    "ACCOUNT": ("the disputes schema's 'account'",
                dataschema.DISPUTES_SCHEMA["$defs"]["account"]["properties"]),
}
# Declared fields the data files publish under another name, or not at all, and why.
NOT_AS_DECLARED = {
    ("EVENT", "sources"): "published as 'accounts' (CSV: source_slugs, citations)",
    ("EVENT", "draft"): "a draft is never published",
    ("EVENT", "key_point"): "a line of the index's summary, not a fact of the event",
    ("SOURCE", "archive"): "a file beside the content, for check --archive-dir",
}
DISPUTE = ("---\nquestion: How long did it last?\nkind: figure\naccounts:\n"
           "  - event: shelling\n    source: art\n    claimant: rvc\n    value: 5\n"
           "  - event: shelling\n    source: art\n    value: 3\n---\n")


def test_each_declared_field_is_a_field_of_its_record():
    missing = []
    for name, (cls, renamed) in RECORDS.items():
        own = {f.name for f in dataclasses.fields(cls)}
        for field, rule in getattr(fields, name).items():
            if isinstance(rule, fields.Extra) and "extra" not in own:
                missing.append(f"{name.lower()} field '{field}' is an Extra, but "
                               f"model.{cls.__name__} holds no extra fields")
            elif not isinstance(rule, fields.Extra) and renamed.get(field, field) not in own:
                missing.append(f"{name.lower()} field '{field}' is declared in fields.{name} but "
                               f"model.{cls.__name__} has no field '{renamed.get(field, field)}' "
                               "(or declare it Extra, which needs none)")
    assert not missing, "\n".join(missing)


def test_each_declared_field_is_in_the_json_schema_and_the_csv():
    columns = [column for column, _ in dataschema.CSV_COLUMNS]
    missing = []
    for name, (where, properties) in PUBLISHED.items():
        for field in getattr(fields, name):
            if (name, field) in NOT_AS_DECLARED:
                continue
            if field not in properties:
                missing.append(f"{name.lower()} field '{field}' is declared in fields.{name} "
                               f"but missing from {where}")
            if name == "EVENT" and field not in columns:
                missing.append(f"event field '{field}' is declared in fields.EVENT but has no "
                               "column in dataschema.CSV_COLUMNS")
    assert not missing, "\n".join(missing)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The valid fixture with a dispute, built in this process: its data folder."""
    root = tmp_path_factory.mktemp("fields")
    shutil.copytree(FIXTURES / "valid", root / "content")
    (root / "content" / "disputes").mkdir()
    (root / "content" / "disputes" / "length.md").write_text(DISPUTE)
    result = pipeline.build(pipeline.Options(content=root / "content", out=root / "site", jobs=1))
    assert not result.problems, result.problems
    return root / "site" / "data"


def _disagree(records, properties: dict, writer: str, where: str) -> list[str]:
    out = []
    for record in records:
        out += [f"{writer} writes '{k}', which {where} lacks" for k in record if k not in properties]
        out += [f"{where} declares '{k}', which {writer} does not write"
                for k in properties if k not in record]
        if not out and list(record) != list(properties):
            out.append(f"{writer} writes its fields in another order than {where}: "
                       f"{list(record)} against {list(properties)}")
    return sorted(set(out))


def test_each_record_the_data_files_write_is_what_their_schema_declares(built):
    data = json.loads((built / "events.json").read_text(encoding="utf-8"))
    disputes = json.loads((built / "disputes.json").read_text(encoding="utf-8"))["disputes"]
    assert data["events"] and data["sources"] and data["actors"] and data["places"] and disputes
    accounts = [a for e in data["events"] for a in e["accounts"]]
    problems = (
        _disagree(data["events"], dataschema.EVENT_FIELDS, "records.event_record",
                  "dataschema.EVENT_FIELDS")
        + _disagree(accounts, SCHEMA_DEFS["account"]["properties"], "records.account",
                    "the JSON Schema's 'account'")
        + _disagree(disputes, dataschema.DISPUTE_FIELDS, "records.dispute_record",
                    "dataschema.DISPUTE_FIELDS"))
    for kind in ("source", "actor", "place"):
        problems += _disagree(data[kind + "s"], SCHEMA_DEFS[kind]["properties"],
                              f"records.site_record's {kind}s", f"the JSON Schema's '{kind}'")
    columns = [column for column, _ in dataschema.CSV_COLUMNS]
    for event in data["events"]:
        row = opendata.csv_row(event)
        problems += [f"opendata.csv_row fills '{k}', which dataschema.CSV_COLUMNS lacks"
                     for k in row if k not in columns]
    assert not sorted(set(problems)), "\n".join(sorted(set(problems)))


# --- an extra field, declared once -------------------------------------------

CASUALTIES = fields.Extra(text, about="the dead and wounded, as the sources count them")
PAYWALLED = fields.Extra(flag, about="true when the article is behind a paywall")
POPULATION = fields.Extra(number, about="inhabitants before the fighting")
SETTLED = fields.Extra(choice(("yes", "no")), about="whether later reporting settled it")
DECLARE = f"""
import runpy, sys
sys.path.insert(0, {str(ROOT)!r})
from timeline import fields, values
fields.EVENT["casualties"] = fields.Extra(values.text, about={CASUALTIES.about!r})
fields.SOURCE["paywalled"] = fields.Extra(values.flag, about={PAYWALLED.about!r})
fields.PLACE["population"] = fields.Extra(values.number, about={POPULATION.about!r})
fields.DISPUTE["settled"] = fields.Extra(values.choice(("yes", "no")), about={SETTLED.about!r})
sys.argv = [{str(ROOT / "build.py")!r}, *sys.argv[1:]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""
SHOWN = ("{% if event.extra.casualties %}<dt>Casualties</dt>"
         "<dd>{{ event.extra.casualties }}</dd>{% endif %}")


def _add_line(path, after: str, line: str) -> None:
    path.write_text(path.read_text().replace(after, after + line, 1))


@pytest.fixture(scope="module")
def declared(tmp_path_factory):
    """The valid fixture with a dispute, built by a Python in which fields.py
    declares four more fields (and nothing else changed), with event.html showing
    one of them."""
    root = tmp_path_factory.mktemp("declared")
    shutil.copytree(FIXTURES / "valid", root / "content")
    shutil.copytree(ROOT / "templates", root / "templates")
    _add_line(root / "content" / "events" / "shelling.md", "title: Shelling\n",
              "casualties: two wounded\n")
    _add_line(root / "content" / "sources" / "art.md", "publisher: unknown\n", "paywalled: true\n")
    _add_line(root / "content" / "places" / "kozinka.md", "---\n", "population: 1200\n")
    (root / "content" / "disputes").mkdir()
    (root / "content" / "disputes" / "length.md").write_text(DISPUTE.replace("---\n", "---\nsettled: no\n", 1))
    _add_line(root / "templates" / "event.html", '<dl class="facts-list">\n', SHOWN + "\n")
    result = subprocess.run([sys.executable, "-c", DECLARE, "build", "--no-cache", "--content",
                             root / "content", "--out", root / "site", "--templates",
                             root / "templates"], cwd=root, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_an_extra_field_reaches_the_event_page(declared):
    page = (declared / "events" / "shelling.html").read_text(encoding="utf-8")
    assert "<dt>Casualties</dt><dd>two wounded</dd>" in page
    assert "Casualties" not in (declared / "events" / "denial.html").read_text(encoding="utf-8")


def _valid(folder, name: str) -> tuple[dict, dict]:
    """data/NAME.json, checked against data/NAME.schema.json, and that schema."""
    data = json.loads((folder / "data" / f"{name}.json").read_text(encoding="utf-8"))
    schema = json.loads((folder / "data" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    return data, schema


def test_an_extra_field_reaches_the_json_and_its_schema(declared):
    data, schema = _valid(declared, "events")
    events = {e["slug"]: e for e in data["events"]}
    assert list(events["shelling"].items())[-1] == ("casualties", "two wounded")
    assert events["denial"]["casualties"] is None
    assert [s["paywalled"] for s in data["sources"]] == [True]
    assert [p["population"] for p in data["places"]] == [1200]
    assert schema["$defs"]["event"]["properties"]["casualties"] == {
        "type": ["string", "null"], "description": CASUALTIES.about}
    assert schema["$defs"]["source"]["properties"]["paywalled"] == {
        "type": ["boolean", "null"], "description": PAYWALLED.about}
    disputes, schema = _valid(declared, "disputes")
    assert disputes["disputes"][0]["settled"] == "no"
    assert schema["$defs"]["dispute"]["properties"]["settled"] == {
        "type": ["string", "null"], "description": SETTLED.about, "enum": ["yes", "no", None]}


def test_an_extra_field_reaches_the_csv_and_data_html(declared):
    with open(declared / "data" / "events.csv", encoding="utf-8", newline="") as f:
        rows = {row["slug"]: row for row in csv.DictReader(f)}
    assert list(rows["shelling"])[-1] == "casualties"
    assert (rows["shelling"]["casualties"], rows["denial"]["casualties"]) == ("two wounded", "")
    page = (declared / "data.html").read_text(encoding="utf-8")
    assert page.count(CASUALTIES.about) == 2   # the JSON field and the CSV column


def test_an_extra_field_is_checked_as_declared(monkeypatch):
    monkeypatch.setitem(fields.EVENT, "casualties", CASUALTIES)
    shelling = (FIXTURES / "valid" / "events" / "shelling.md").read_text()
    zone = load_zone("Europe/Moscow")

    def validated(line: str):
        fm = parse(shelling.replace("title: Shelling\n", "title: Shelling\n" + line, 1))
        return validate_event("shelling", "events/shelling.md", fm, zone)

    event, problems = validated("casualties: two wounded\n")
    assert not problems and event.extra.casualties == "two wounded"
    event, problems = validated("")
    assert not problems and event.extra.casualties is None
    event, problems = validated("casualties: [1, 2]\n")
    assert event is None and [(p.line, p.message) for p in problems] == [
        (3, "'casualties' expected text, got a list")]


def test_an_extra_field_needs_a_meaning_and_a_checker_the_schema_knows():
    with pytest.raises(TypeError, match="says what it means"):
        fields.Extra(text)
    assert dataschema.value_schema(list_of(flag)) == {"type": "array", "items": {"type": "boolean"}}
    with pytest.raises(TypeError, match="not mappings"):
        dataschema.value_schema(mappings)

"""Disputes as records (content/disputes/, disputes.py): what check says about one,
and what the build makes of a valid one (its range, sides and data file)."""
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURES
from timeline.disputes import actor_sides, citation_side
from timeline.model import Actor, Citation
from timeline.pipeline import Options, check_site, compile_site

# The valid fixture's event 'shelling' cites 'art' twice: claimant rvc ("five hours",
# quote "hello there,"), and with no claimant ("three hours").
FIGURE = """---
question: How long did the shelling last?
kind: figure
accounts:
  - event: shelling
    source: art
    claimant: rvc
    value: 5
  - event: shelling
    source: art
    value: 3
    text: three hours
---
"""


@pytest.fixture
def tree(tmp_path) -> Path:
    content = tmp_path / "valid"
    shutil.copytree(FIXTURES / "valid", content)
    (content / "disputes").mkdir()
    return content


def problems(content: Path, text: str) -> list[tuple]:
    path = content / "disputes" / "length.md"
    path.write_text(text)
    return [(Path(p.path).name, p.line, p.message, p.hint)
            for p in check_site(Options(content=content)).problems]


def data(content: Path, name: str):
    outputs = {o.path: o.data for o in compile_site(Options(content=content)).outputs}
    return json.loads(outputs[f"data/{name}"])


def test_a_figure_dispute_gets_its_range_and_validates_against_its_schema(tree):
    (tree / "disputes" / "length.md").write_text(FIGURE)
    disputes, schema = data(tree, "disputes.json"), data(tree, "disputes.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(disputes)
    [dispute] = disputes["disputes"]
    assert (dispute["id"], dispute["kind"], dispute["events"]) == ("length", "figure", ["shelling"])
    assert dispute["page"] == "disputed.html#dispute-length"
    assert [(a["claimant"], a["quote"], a["value"], a["text"], a["side"])
            for a in dispute["accounts"]] == [("rvc", "hello there,", 5, None, "other"),
                                              (None, None, 3, "three hours", "independent")]
    assert dispute["range"] == {
        "low": {"value": 3, "by": [{"source": "art", "claimant": None, "via": None}]},
        "high": {"value": 5, "by": [{"source": "art", "claimant": "rvc", "via": None}]}}
    events = {e["slug"]: e for e in data(tree, "events.json")["events"]}
    assert events["shelling"]["disputes"] == ["length"] and events["denial"]["disputes"] == []


def test_an_account_dispute_has_no_range_and_takes_each_citation_s_version(tree):
    (tree / "disputes" / "length.md").write_text(
        FIGURE.replace("kind: figure", "kind: account").replace("    value: 5\n", "")
        .replace("    value: 3\n", ""))
    [dispute] = data(tree, "disputes.json")["disputes"]
    assert dispute["range"] is None
    assert [a["text"] for a in dispute["accounts"]] == ["five hours", "three hours"]


def test_an_account_of_a_draft_is_left_out_with_its_dispute_when_one_remains(tree):
    draft = FIGURE.replace("    value: 3\n    text: three hours\n",
                           "    value: 3\n  - event: c-draft\n    source: art\n    value: 4\n")
    (tree / "disputes" / "length.md").write_text(draft)
    assert check_site(Options(content=tree)).problems == ()
    [dispute] = data(tree, "disputes.json")["disputes"]
    assert [a["event"] for a in dispute["accounts"]] == ["shelling", "shelling"]
    (tree / "events" / "shelling.md").write_text(
        (tree / "events" / "shelling.md").read_text().replace("status:", "draft: true\nstatus:"))
    assert data(tree, "disputes.json")["disputes"] == []


NOT_A_CITATION = ("length.md", 9, "'accounts' item 2 is not a citation of event 'shelling'",
                  "write the source, claimant and via of one of its citations: "
                  "1. source art, claimant rvc; 2. source art")


@pytest.mark.parametrize("old, new, found", [
    ("  - event: shelling\n    source: art\n    claimant: rvc",
     "  - event: shellin\n    source: art\n    claimant: rvc",
     [("length.md", 5, "unknown event 'shellin'", "did you mean 'shelling'?")]),
    ("    source: art\n    value: 3", "    source: art\n    claimant: rvc\n    via: rvc\n    value: 3",
     [NOT_A_CITATION]),
    ("    source: art\n    value: 3", "    source: art\n    quote: hello\n    value: 3",
     [NOT_A_CITATION]),
    ("    source: art\n    value: 3", "    source: art\n    claimant: rvc\n    value: 3",
     [("length.md", 9, "'accounts' item 2 names the same citation as item 1", "delete one of them")]),
    ("kind: figure", "kind: number",
     [("length.md", 3, "'kind' 'number' is not one of figure, account", "")]),
    ("kind: figure", "kind: account",
     [("length.md", 8, "'accounts' item 1 gives a 'value', which only a figure dispute has",
       "this dispute's kind is 'account': say the account's version in 'text', or make it "
       "'kind: figure'"),
      ("length.md", 11, "'accounts' item 2 gives a 'value', which only a figure dispute has",
       "this dispute's kind is 'account': say the account's version in 'text', or make it "
       "'kind: figure'")]),
    ("    value: 3\n    text: three hours\n", "",
     [("length.md", 9, "'accounts' item 2 gives neither 'value' nor 'text'",
       "give the figure it reports (value: 12), or say in 'text' why it gives none "
       "(text: not yet known)")]),
    ("    value: 5", "    value: five",
     [("length.md", 8, "'value' expected a number, got text",
       "write the figure in digits and the article's words in 'text', e.g. value: 12 and "
       "text: a dozen")]),
    ("  - event: shelling\n    source: art\n    value: 3\n    text: three hours\n", "",
     [("length.md", 4, "'accounts' needs at least two accounts",
       "a dispute sets two or more accounts side by side")]),
    ("    claimant: rvc", "    claimaint: rvc",
     [("length.md", 7, "unknown field 'claimaint'", "did you mean 'claimant'?")]),
    ("question: How long did the shelling last?\n", "",
     [("length.md", 1, "missing required field 'question'", "add a line 'question: ...' to the front matter")]),
    ("    value: 5", "    value: 5\n    side: russia",
     [("length.md", 9, "unknown side 'russia'",
       "declare it in site.yaml under 'sides:', one 'slug: label' line each")]),
])
def test_what_check_says_about_a_dispute(tree, old, new, found):
    assert old in FIGURE
    assert problems(tree, FIGURE.replace(old, new)) == found


def test_an_account_that_could_be_several_citations_needs_some_quoted_words(tree):
    shelling = tree / "events" / "shelling.md"
    shelling.write_text(shelling.read_text().replace("    says: three hours",
                                                     "    claimant: rvc\n    says: three hours"))
    text = FIGURE.replace("    source: art\n    value: 3", "    source: art\n    claimant: rvc\n    value: 3")
    # Both name the one without a quote.
    assert problems(tree, text) == [
        ("length.md", 9, "'accounts' item 2 names the same citation as item 1", "delete one of them")]
    # A quote tells them apart; so does leaving it out, for the one without a quote.
    with_quote = text.replace("    claimant: rvc\n    value: 5",
                              "    claimant: rvc\n    quote: there,\n    value: 5")
    assert problems(tree, with_quote) == []
    [dispute] = data(tree, "disputes.json")["disputes"]
    assert [a["quote"] for a in dispute["accounts"]] == ["hello there,", None]
    shelling.write_text(shelling.read_text().replace("    says: three hours",
                                                     '    quote: "hello"\n    says: three hours'))
    assert problems(tree, with_quote) == [
        ("length.md", 10, "'accounts' item 2 matches 2 citations of event 'shelling' (items 1 and 2 "
         "of its sources)", "add 'quote' with some of the quoted words of the one meant")]


def test_a_dispute_naming_an_event_that_does_not_validate_is_not_another_problem(tree):
    shelling = tree / "events" / "shelling.md"
    shelling.write_text(shelling.read_text().replace("status: reported", "status: rumoured"))
    assert [(name, message) for name, _, message, _ in problems(tree, FIGURE)] == [
        ("shelling.md", "'status' 'rumoured' is not one of confirmed, reported, claimed, disputed, denied")]


def test_sides_are_declared_in_site_yaml_in_page_order_and_checked_on_actors(tree):
    site = tree / "site.yaml"
    site.write_text(site.read_text() + "sides:\n  kyiv: Kyiv\n  independent: The articles\n")
    actor = tree / "actors" / "rvc.md"
    actor.write_text(actor.read_text().replace("kind: group", "kind: group\nside: kiev"))
    assert problems(tree, FIGURE) == [("rvc.md", 4, "unknown side 'kiev'", "did you mean 'kyiv'?")]
    actor.write_text(actor.read_text().replace("side: kiev", "side: kyiv"))
    assert problems(tree, FIGURE) == []
    disputes = data(tree, "disputes.json")
    assert disputes["sides"] == [{"slug": "kyiv", "label": "Kyiv"},
                                 {"slug": "independent", "label": "The articles"},
                                 {"slug": "other", "label": "Other voices"}]
    assert [a["side"] for a in disputes["disputes"][0]["accounts"]] == ["kyiv", "independent"]


@pytest.mark.parametrize("sides, found", [
    ("sides: [kyiv]\n", (5, "'sides' must be a mapping of 'slug: label' lines, got a list")),
    ("sides:\n  Kyiv: Kyiv\n", (6, "'sides' 'Kyiv' 'Kyiv' is not a slug")),
])
def test_sides_that_are_not_slug_label_lines_are_a_problem(tree, sides, found):
    site = tree / "site.yaml"
    site.write_text(site.read_text() + sides)
    assert [(line, message) for _, line, message, _ in problems(tree, FIGURE)] == [found]


def test_an_actor_speaks_for_its_own_side_or_its_affiliation_s():
    actors = {"gov": Actor("gov", "Governor", "person", affiliation="region"),
              "region": Actor("region", "Region", "institution", affiliation="russia"),
              "russia": Actor("russia", "Russia", "state", side="russia"),
              "loop": Actor("loop", "Loop", "group", affiliation="loop2"),
              "loop2": Actor("loop2", "Loop 2", "group", affiliation="loop"),
              "agency": Actor("agency", "Agency", "media", side="russia")}
    sides = actor_sides(actors)
    assert dict(sides) == {"agency": "russia", "gov": "russia", "region": "russia", "russia": "russia"}
    assert [citation_side(c, sides) for c in (
        Citation("a", claimant="gov"), Citation("a", claimant="loop"),
        Citation("a", via="agency"), Citation("a", via="loop"), Citation("a"),
        Citation("a", claimant="loop", via="agency"))] == [
        "russia", "other", "russia", "independent", "independent", "other"]


def test_a_dispute_s_text_links_from_the_disputed_page(tree):
    """Its text is shown on disputed.html, at the top of the site: links start from there."""
    text = FIGURE + "The [shelling](events/shelling.html), not [this](../events/shelling.html).\n"
    assert problems(tree, text) == [
        ("length.md", 14, "link '../events/shelling.html' leads out of the site",
         "link only to the site's own pages")]

"""Whose an event's status is: derived once per build, or given as `status_by`."""
from dataclasses import replace
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pytest

from timeline import present
from timeline.attribution import status_by
from timeline.link import link
from timeline.model import Actor, Citation, Event, Response, SiteConfig, Source, Where
from timeline.timeparse import parse_when

MOSCOW = ZoneInfo("Europe/Moscow")
ACTORS = {slug: Actor(slug, name, kind, affiliation=affiliation) for slug, name, kind, affiliation in [
    ("ukraine", "Ukraine", "state", None), ("podolyak", "Mykhailo Podolyak", "person", "ukraine"),
    ("adviser", "An adviser", "person", "podolyak"),   # two removes from Ukraine
    ("russia", "Russia", "state", None), ("kremlin", "The Kremlin", "institution", "russia"),
    ("peskov", "Dmitry Peskov", "person", "kremlin"), ("gladkov", "Vyacheslav Gladkov", "person", None),
    ("legion", "Freedom of Russia Legion", "group", None), ("rvc", "Russian Volunteer Corps", "group", None),
    ("attackers", "The attackers", "group", None), ("conversation", "The Conversation", "media", None),
    ("loop-a", "Loop A", "group", "loop-b"), ("loop-b", "Loop B", "group", "loop-a")]}


def event(slug, status, claimants=(), actors=(), responds=(), given=None, draft=False):
    return Event(slug=slug, title=slug, summary="", start=parse_when("2023-05-22", MOSCOW),
                 status=status, actors=tuple(actors), status_by=given, draft=draft,
                 citations=tuple(Citation("art", claimant=c, index=i) for i, c in enumerate(claimants or [None])),
                 responds_to=tuple(Response(e, r, i) for i, (r, e) in enumerate(responds)))


def attributed(*events) -> dict:
    return dict(status_by(events, ACTORS))


def test_a_claim_is_its_claimants_each_once():
    claim = event("claim", "claimed", ["legion", "rvc", "legion"])
    assert attributed(claim) == {"claim": ("legion", "rvc")}


def test_a_denial_is_the_denier_and_a_person_gives_way_to_the_state_they_speak_for():
    """'Denied by Ukraine', not 'by Ukraine and Mykhailo Podolyak' (nor by the governor,
    whose report it is: the badge read as if his report had been denied)."""
    report = event("report", "denied", ["gladkov"])
    denial = event("denial", "disputed", ["ukraine", "podolyak", "adviser"],
                   responds=[("denies", "report")])
    assert attributed(report, denial)["report"] == ("ukraine",)


def test_a_contradiction_runs_both_ways_but_never_back_to_the_event_itself():
    claim = event("claim", "disputed", ["peskov"])
    answer = event("answer", "disputed", ["podolyak"], responds=[("contradicts", "claim")])
    mixed = event("mixed", "disputed", ["russia", "legion"])   # both sides in one event
    reply = event("reply", "disputed", ["legion", "rvc"], responds=[("contradicts", "mixed")])
    found = attributed(claim, answer, mixed, reply)
    assert found["claim"] == ("podolyak",) and found["answer"] == ("peskov",)
    assert found["mixed"] == ("rvc",) and found["reply"] == ("russia",)


def test_a_speaker_with_no_claimants_is_the_events_actors():
    claim = event("claim", "denied", [None])
    denial = event("denial", "reported", [None], actors=["ukraine"], responds=[("denies", "claim")])
    assert attributed(claim, denial) == {"claim": ("ukraine",)}


@pytest.mark.parametrize("status", ["confirmed", "reported"])
def test_how_well_a_thing_is_established_is_nobodys(status):
    claim = event("claim", status, ["gladkov"])
    denial = event("denial", "claimed", ["ukraine"], responds=[("denies", "claim")])
    assert "claim" not in attributed(claim, denial)


def test_an_answer_or_a_confirmation_is_not_the_other_side():
    claim = event("claim", "disputed", ["gladkov"])
    answers = event("answers", "reported", ["ukraine"], responds=[("answers", "claim")])
    confirms = event("confirms", "reported", ["russia"], responds=[("confirms", "claim")])
    assert "claim" not in attributed(claim, answers, confirms)


def test_status_by_in_the_front_matter_is_taken_as_given_and_an_empty_one_names_no_one():
    claim = event("claim", "claimed", ["legion", "attackers"], given=("legion",))
    quiet = event("quiet", "claimed", ["legion"], given=())
    noted = event("noted", "reported", ["gladkov"], given=("gladkov",))
    assert attributed(claim, quiet, noted) == {"claim": ("legion",), "noted": ("gladkov",)}


def test_a_loop_of_affiliations_ends_and_leaves_someone_named():
    assert attributed(event("claim", "claimed", ["loop-a", "loop-b"])) == {"claim": ("loop-a",)}
    assert attributed(event("claim", "claimed", ["loop-b"])) == {"claim": ("loop-b",)}


def site_of(*events, drafts=False):
    config = SiteConfig("T", "D", MOSCOW, "en")
    site, problems = link(config, list(events), {"art": Source("art", "An article", "unknown")},
                          ACTORS, {}, drafts=drafts)
    assert not problems
    return site


def test_a_draft_denial_does_not_count_until_it_is_published():
    report = event("report", "denied", ["gladkov"])
    denial = event("denial", "reported", ["ukraine"], responds=[("denies", "report")], draft=True)
    assert "report" not in site_of(report, denial).status_by
    assert site_of(report, denial, drafts=True).status_by["report"] == ("ukraine",)


@pytest.mark.parametrize("claimants, text", [
    (["gladkov"], "claimed by Vyacheslav Gladkov"),
    (["legion", "rvc"], "claimed by Freedom of Russia Legion and Russian Volunteer Corps"),
    (["legion", "rvc", "gladkov"], "claimed by Freedom of Russia Legion, Russian Volunteer Corps and others"),
    # 'The' of a name is lower case inside a sentence, but a publication keeps its title's.
    (["attackers", "conversation"], "claimed by the attackers and The Conversation"),
    (["kremlin"], "claimed by the Kremlin"),
])
def test_a_status_names_at_most_two_then_others(claimants, text):
    claim = event("claim", "claimed", claimants)
    assert present.status_text(site_of(claim), claim) == text


def test_a_status_with_no_one_to_name_is_the_status_alone():
    claim = event("claim", "reported", ["gladkov"])
    assert present.status_text(site_of(claim), claim) == "reported"


def test_an_unknown_status_by_actor_is_a_problem_at_its_line_with_a_suggestion():
    where = Where("events/claim.md", MappingProxyType({("status_by", 1): 7}))
    claim = event("claim", "claimed", ["gladkov"], given=("gladkov", "ukrane"))
    claim = replace(claim, where=where)
    site, problems = link(SiteConfig("T", "D", MOSCOW, "en"), [claim],
                          {"art": Source("art", "An article", "unknown")}, ACTORS, {})
    assert site is None
    assert [(p.path, p.line, p.message, p.hint) for p in problems] == [
        ("events/claim.md", 7, "unknown actor 'ukrane'", "did you mean 'ukraine'?")]

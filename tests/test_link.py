"""link: every name a record gives is resolved once, or is a problem at its line; the
site's events are put in order and indexed the ways the pages list them."""
from dataclasses import replace
from datetime import date
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pytest

from timeline.link import EVERY, check_key_points, check_references, link
from timeline.model import MAX_KEY_POINTS, Actor, Citation, Event, Place, Response, SiteConfig, \
    Source, Where
from timeline.timeparse import parse_when

MOSCOW = ZoneInfo("Europe/Moscow")
CONFIG = SiteConfig("T", "D", MOSCOW, "en")
SOURCES = {"art": Source("art", "An article", "unknown", published=date(2023, 5, 24)),
           "wire": Source("wire", "A wire story", "unknown", via=("agency",))}
ACTORS = {"rvc": Actor("rvc", "Russian Volunteer Corps", "group"),
          "agency": Actor("agency", "An agency", "media"),
          "ukraine": Actor("ukraine", "Ukraine", "state")}
PLACES = {"kozinka": Place("kozinka", "Kozinka")}


def event(slug, start="2023-05-22", cites=(("art", None, None),), lines=None, **fields) -> Event:
    """An event citing (source, claimant, via) each; `lines`: key path -> line."""
    citations = tuple(Citation(source, claimant, via, index=i)
                      for i, (source, claimant, via) in enumerate(cites))
    return Event(slug=slug, title=slug.title(), summary="", start=parse_when(start, MOSCOW),
                 status=fields.pop("status", "reported"), citations=citations,
                 where=Where(f"events/{slug}.md", MappingProxyType(lines or {})), **fields)


def site_of(*events, drafts=False, config=CONFIG):
    site, problems = link(config, list(events), SOURCES, ACTORS, PLACES, drafts=drafts)
    assert problems == []
    return site


def shown(problems) -> list[tuple]:
    return [(p.path, p.line, p.message, p.hint) for p in problems]


def test_every_unknown_name_is_a_problem_at_its_own_line_with_a_hint():
    shelling = event("shelling", actors=("rvc", "rvk"), places=("glotovo",),
                     cites=[("art", "ukrane", None), ("wir", None, None)],
                     responds_to=(Response("denail", "denies"),),
                     lines={("actors", 1): 8, ("places", 0): 9, ("sources", 0, "claimant"): 12,
                            ("sources", 1, "source"): 13, ("responds_to", 0, "event"): 15})
    expected = [
        ("events/shelling.md", 8, "unknown actor 'rvk'", "did you mean 'rvc'?"),
        ("events/shelling.md", 9, "unknown place 'glotovo'", "add content/places/glotovo.md"),
        ("events/shelling.md", 12, "unknown actor 'ukrane'", "did you mean 'ukraine'?"),
        ("events/shelling.md", 13, "unknown source 'wir'", "did you mean 'wire'?"),
        ("events/shelling.md", 15, "unknown event 'denail'", "did you mean 'denial'?")]
    records = [shelling, event("denial")], SOURCES, ACTORS, PLACES
    assert shown(check_references(*records)) == expected
    assert link(CONFIG, *records) == (None, check_references(*records))


def test_sources_and_actors_name_actors_too_and_none_names_itself():
    sources = {**SOURCES, "tass": Source("tass", "TASS", "unknown", via=("tas",),
                                          where=Where("sources/tass.md",
                                                      MappingProxyType({("via", 0): 4})))}
    actors = {**ACTORS, "corps": Actor("corps", "Corps", "group", affiliation="corps",
                                       where=Where("actors/corps.md",
                                                   MappingProxyType({("affiliation",): 5})))}
    selfish = event("selfish", responds_to=(Response("selfish", "answers"),),
                    lines={("responds_to", 0, "event"): 9})
    assert [p[:3] for p in shown(check_references([selfish], sources, actors, PLACES))] == [
        ("events/selfish.md", 9, "an event cannot respond to itself"),
        ("sources/tass.md", 4, "unknown actor 'tas'"),
        ("actors/corps.md", 5, "an actor cannot be affiliated with itself")]


def test_a_record_that_failed_to_validate_counts_as_there():
    """Its own problems are reported; naming it is not another one."""
    named = event("named", actors=("rvk",), places=("glotovo",))
    assert [p.message for p in check_references([named], SOURCES, ACTORS, PLACES)] == [
        "unknown actor 'rvk'", "unknown place 'glotovo'"]
    failed = {"actors": {"rvk"}, "places": EVERY}   # a misspelt file; a folder not read
    assert check_references([named], SOURCES, ACTORS, PLACES, failed) == []


def test_events_are_in_the_chronologys_order_in_the_site_zone_and_drafts_are_left_out():
    late = event("late", "2023-05-22T23:30+00:00")        # 02:30 on the 23rd in Moscow
    early = event("early", "2023-05-23T01:00+03:00")
    day = event("day", "2023-05-23")                       # known only by its day: opens it
    before = event("before", "2023-05-22T12:00+03:00")
    draft = event("draft", "2023-05-22T13:00+03:00", draft=True)
    site = site_of(late, early, draft, day, before)
    assert [e.slug for e in site.events] == ["before", "day", "early", "late"]
    assert [(d.isoformat(), [e.slug for e in events]) for d, events in site.days] == [
        ("2023-05-22", ["before"]), ("2023-05-23", ["day", "early", "late"])]
    assert [e.slug for e in site_of(late, early, draft, day, before, drafts=True).events] == [
        "before", "draft", "day", "early", "late"]


def test_pages_get_the_events_of_each_tag_place_source_and_actor_with_its_roles():
    one = event("one", "2023-05-22", tags=("drones",), places=("kozinka",), actors=("rvc",),
                cites=[("art", "rvc", None), ("wire", "ukraine", "agency")])
    two = event("two", "2023-05-23", tags=("drones", "shelling"), cites=[("wire", None, None)])
    site = site_of(two, one)
    assert {tag: [e.slug for e in events] for tag, events in site.tags.items()} == {
        "drones": ["one", "two"], "shelling": ["two"]}
    assert {p: [e.slug for e in events] for p, events in site.events_by_place.items()} == {
        "kozinka": ["one"]}
    assert {s: [(e.slug, c.index) for e, c in pairs]
            for s, pairs in site.events_by_source.items()} == {"art": [("one", 0)],
                                                                 "wire": [("one", 1), ("two", 0)]}
    assert {a: [(r.event.slug, r.roles) for r in roles]
            for a, roles in site.roles_by_actor.items()} == {
        "agency": [("one", ("reporter",))], "rvc": [("one", ("involved", "claimant"))],
        "ukraine": [("one", ("claimant",))]}


def test_independent_reporters_count_each_origin_once():
    """Two articles relaying one agency are one report; the claimant, else the
    relaying outlet, else the article itself is where an account comes from."""
    relayed = event("relayed", cites=[("wire", None, "agency"), ("art", None, "agency")])
    separate = event("separate", cites=[("wire", None, None), ("art", None, None),
                                        ("art", "rvc", None)])
    site = site_of(relayed, separate)
    assert dict(site.reporters_by_event) == {"relayed": 1, "separate": 3}


def test_a_response_links_both_events_but_never_an_event_left_out():
    report = event("report", status="denied")
    denial = event("denial", responds_to=(Response("report", "denies"),))
    draft = event("draft", responds_to=(Response("report", "confirms"),), draft=True)
    links = site_of(report, denial, draft).links_by_event
    assert {slug: [(l.label, l.event.slug) for l in found] for slug, found in links.items()} == {
        "denial": [("denies", "report")], "report": [("denied by", "denial")]}
    assert [(l.label, l.event.slug) for l in site_of(report, denial, draft, drafts=True)
            .links_by_event["report"]] == [("denied by", "denial"), ("confirmed by", "draft")]


def test_an_event_is_disputed_by_its_status_or_by_several_accounts():
    told = event("told", cites=[("art", "rvc", None), ("wire", "ukraine", None)])
    told = replace(told, citations=tuple(replace(c, says="so it says") for c in told.citations))
    once = replace(told, slug="once", citations=told.citations[:1])
    site = site_of(told, once, event("denied", status="denied"), event("plain"))
    assert [e.slug for e in site.disputed] == ["denied", "told"]   # one account is no dispute


def test_the_contents_date_is_site_yamls_else_the_latest_the_content_gives():
    """Never the build's clock: the pages are the same from one day to the next."""
    ends_later = event("ends-later", "2023-05-22", end=parse_when("2023-05-26", MOSCOW))
    assert site_of(event("one", "2023-05-22")).updated == date(2023, 5, 24)   # the article's
    assert site_of(ends_later).updated == date(2023, 5, 26)
    given = replace(CONFIG, updated=date(2024, 1, 2))
    assert site_of(ends_later, config=given).updated == date(2024, 1, 2)


def test_a_chronology_longer_than_the_page_limit_has_a_page_per_day():
    events = [event(f"e{i}", f"2023-05-{20 + i}") for i in range(3)]
    assert not site_of(*events, config=replace(CONFIG, chronology_page_limit=3)).split
    assert site_of(*events, config=replace(CONFIG, chronology_page_limit=2)).split


def test_key_points_past_the_summarys_length_are_problems_at_their_lines():
    marked = [event(f"k{i}", f"2023-05-{10 + i}", key_point=f"point {i}",
                    lines={("key_point",): 20 + i}) for i in range(MAX_KEY_POINTS + 2)]
    draft = event("k-draft", "2023-05-01", key_point="draft point", draft=True)
    problems = check_key_points([*reversed(marked), draft], MOSCOW)
    assert [(p.path, p.line) for p in problems] == [
        (f"events/k{i}.md", 20 + i) for i in range(MAX_KEY_POINTS, MAX_KEY_POINTS + 2)]
    assert problems[0].message == (f"{MAX_KEY_POINTS + 2} events have a key point; the summary "
                                   f"holds at most {MAX_KEY_POINTS}")
    assert check_key_points(marked[:MAX_KEY_POINTS] + [draft], MOSCOW) == []

"""records: an event as plain data, the same for the feed, the data files and the
calendar: ids stable per slug, dates from the content alone, every slug resolved."""
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from timeline.data import records
from timeline.link import link
from timeline.model import Actor, Citation, Event, Place, Response, SiteConfig, Source
from timeline.timeparse import parse_when

MOSCOW = ZoneInfo("Europe/Moscow")
CONFIG = SiteConfig("A chronology", "D", MOSCOW, "en")
SOURCES = {"art": Source("art", "An article", "The Paper", name="Paper", published=date(2023, 5, 24),
                         url="https://paper.example/a"),
           "wire": Source("wire", "A wire story", "unknown", name="Wire")}
ACTORS = {"rvc": Actor("rvc", "Russian Volunteer Corps", "group"),
          "agency": Actor("agency", "An agency", "media"),
          "ukraine": Actor("ukraine", "Ukraine", "state")}
PLACES = {"kozinka": Place("kozinka", "Kozinka", region="Belgorod"), "glotovo": Place("glotovo", "Glotovo")}


def event(slug, start="2023-05-22T11:00+03:00", cites=(("wire", None, None),), **fields) -> Event:
    citations = tuple(Citation(source, claimant, via, index=i)
                      for i, (source, claimant, via) in enumerate(cites))
    return Event(slug=slug, title=slug.title(), summary="", start=parse_when(start, MOSCOW),
                 status=fields.pop("status", "reported"), citations=citations, **fields)


def site_of(*events, config=CONFIG, drafts=False):
    site, problems = link(config, list(events), SOURCES, ACTORS, PLACES, drafts=drafts)
    assert problems == []
    return site


def record_of(site, slug: str) -> dict:
    [found] = [e for e in site.events if e.slug == slug]
    return records.event_record(site, found, records.shown_slugs(site),
                                records.event_facts(site, found))


def test_ids_stay_the_same_per_slug_with_or_without_a_base_url():
    """A feed reader must not see every entry as new when the site is published."""
    local = site_of(event("one"))
    hosted = site_of(event("one"), config=replace(CONFIG, base_url="https://example.org/c"))
    retitled = site_of(event("one"), config=replace(CONFIG, title="Another chronology"))
    assert records.event_uuid(local, "one") == records.event_uuid(hosted, "one")
    assert records.feed_urn(local) == records.feed_urn(hosted)
    assert records.feed_urn(local).startswith("urn:uuid:")
    assert records.event_uuid(local, "one") != records.event_uuid(local, "two")
    assert records.event_uuid(local, "one") != records.event_uuid(retitled, "one")
    assert record_of(local, "one")["id"] == records.event_uuid(local, "one").urn


def test_an_event_is_updated_when_it_ends_or_an_article_it_cites_appears_whichever_is_later():
    site = site_of(event("cited", cites=[("art", None, None)]),
                   event("ended", end=parse_when("2023-05-25T09:30+03:00", MOSCOW)),
                   event("alone"))
    updated = {e.slug: records.event_updated(site, e) for e in site.events}
    utc = timezone.utc
    assert updated == {"cited": datetime(2023, 5, 23, 21, 0, tzinfo=utc),   # 24 May in Moscow
                       "ended": datetime(2023, 5, 25, 6, 30, tzinfo=utc),
                       "alone": datetime(2023, 5, 22, 8, 0, tzinfo=utc)}


def test_times_are_utc_to_the_second_with_four_digit_years():
    assert records.rfc3339(datetime(999, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=3)))) == \
        "0999-01-02T00:04:05Z"
    assert records.rfc3339(records.latest([])) == "1970-01-01T00:00:00Z"   # no dates at all


def test_an_event_record_resolves_every_slug_it_names():
    shelling = event("shelling", actors=("rvc",), places=("kozinka", "glotovo"), tags=("drones",),
                     cites=[("art", "ukraine", None), ("wire", None, "agency")],
                     status="denied", status_by=("ukraine",))
    found = record_of(site_of(shelling), "shelling")
    assert found["page"] == "events/shelling.html" and found["url"] is None
    assert found["actors"] == [{"slug": "rvc", "name": "Russian Volunteer Corps",
                                "page": "actors/rvc.html", "kind": "group"}]
    assert found["places"] == [
        {"slug": "kozinka", "name": "Kozinka", "region": "Belgorod", "page": "places/kozinka.html"},
        {"slug": "glotovo", "name": "Glotovo", "region": None, "page": "places/glotovo.html"}]
    assert found["status_by"] == [{"slug": "ukraine", "name": "Ukraine", "page": "actors/ukraine.html"}]
    art, wire = found["accounts"]
    assert art["source"] == {"slug": "art", "title": "An article", "name": "Paper",
                             "publisher": "The Paper", "published": "2023-05-24",
                             "url": "https://paper.example/a", "page": "sources/art.html"}
    assert art["claimant"]["name"] == "Ukraine" and art["via"] is None
    assert wire["source"]["published"] is None and wire["source"]["url"] is None
    assert wire["via"] == {"slug": "agency", "name": "An agency", "page": "actors/agency.html"}
    assert (found["start"], found["start_precision"], found["end"]) == \
        ("2023-05-22T11:00+03:00", "minute", None)
    assert found["independent_reporters"] == 2 and found["disputed"] is True


def test_a_response_to_an_event_this_build_leaves_out_is_not_listed():
    report = event("report")
    denial = event("denial", responds_to=(Response("report", "denies"),
                                          Response("draft", "answers")))
    draft = event("draft", draft=True)
    assert record_of(site_of(report, denial, draft), "denial")["responds_to"] == [
        {"event": "report", "relation": "denies"}]
    assert len(record_of(site_of(report, denial, draft, drafts=True), "denial")["responds_to"]) == 2


def test_addresses_are_absolute_only_with_a_base_url():
    hosted = site_of(event("one"), config=replace(CONFIG, base_url="https://example.org/c"))
    assert record_of(hosted, "one")["url"] == "https://example.org/c/events/one.html"
    assert records.page_url(hosted, "feed.xml") == "https://example.org/c/feed.xml"
    assert records.page_url(site_of(event("one")), "feed.xml") is None


def test_the_site_record_lists_every_source_actor_and_place_with_its_page():
    site = site_of(event("one"))
    whole = records.site_record(site, ["the events"], records.EPOCH)
    assert (whole["title"], whole["timezone"], whole["base_url"], whole["events"]) == \
        ("A chronology", "Europe/Moscow", None, ["the events"])
    assert [s["page"] for s in whole["sources"]] == ["sources/art.html", "sources/wire.html"]
    assert [(a["slug"], a["page"]) for a in whole["actors"]] == [
        ("agency", "actors/agency.html"), ("rvc", "actors/rvc.html"), ("ukraine", "actors/ukraine.html")]
    assert [p["region"] for p in whole["places"]] == [None, "Belgorod"]   # glotovo, kozinka
    assert set(whole["statuses"]) == {"confirmed", "reported", "claimed", "disputed", "denied"}

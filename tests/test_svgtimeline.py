"""The build-time SVG timeline: marks placed honestly, linked, named, and clustered when crowded."""
import re
from datetime import date
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from timeline import svgtimeline
from timeline.model import Citation, Event
from timeline.timeparse import parse_when

ZONE = ZoneInfo("Europe/Moscow")
SVG = "{http://www.w3.org/2000/svg}"


def event(slug, start, end=None, approximate=False, status="reported"):
    return Event(slug=slug, title=f"Event {slug}", summary="", status=status,
                 start=parse_when(start, ZONE), end=parse_when(end, ZONE) if end else None,
                 approximate=approximate, citations=(Citation("art"),))


def draw(events):
    markup = svgtimeline.render(events, ZONE, lambda e: f"events/{e.slug}.html",
                                lambda d: f"index.html#day-{d.isoformat()}", "Timeline")
    return str(markup), ElementTree.fromstring(str(markup))


def test_shapes_follow_the_precision_of_the_sources():
    day = event("d", "2023-05-22")
    exact = event("x", "2023-05-22T11:00")
    rough = event("r", "2023-05-22T11:00", approximate=True)
    span = event("s", "2023-05-22T05:00", "2023-05-22T10:00")
    assert svgtimeline.interval(day, ZONE)[2] == "day"
    start, end, _ = svgtimeline.interval(day, ZONE)
    assert (end - start).total_seconds() == 24 * 3600 and start.hour == 0
    assert svgtimeline.interval(exact, ZONE)[2] == "dot"
    start, end, shape = svgtimeline.interval(rough, ZONE)
    assert shape == "fuzzy" and start.hour < 11 < end.hour
    assert svgtimeline.interval(span, ZONE)[2] == "bar"


def test_each_mark_links_to_its_event_with_a_name():
    text, svg = draw([event("a", "2023-05-22T11:00"), event("b", "2023-05-23", status="claimed")])
    links = svg.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == ["events/a.html", "events/b.html"]
    for a in links:
        assert a.get("aria-label") == a.find(f"{SVG}title").text
    assert "Event a (Monday 22 May 2023, 11:00 MSK; reported)" in text
    assert "22 May 2023" in text and "23 May 2023" in text


def test_times_are_placed_in_the_site_time_zone():
    _, svg = draw([event("a", "2023-05-22T06:00+00:00")])   # 09:00 in Moscow
    circle = svg.find(f".//{SVG}circle")
    x = float(circle.get("cx"))
    assert x == svgtimeline.LABEL_W + 9 * svgtimeline.HOUR_PX


def test_hundreds_of_events_stay_bounded_and_are_counted_in_clusters():
    crowd = [event(f"e{n:03}", "2023-05-22") for n in range(300)]
    text, svg = draw(crowd)
    assert float(svg.get("height")) < 200
    clusters = [a for a in svg.findall(f".//{SVG}a") if a.get("class") == "tl-cluster tl-reported"]
    assert len(clusters) == 1
    assert clusters[0].get("href") == "index.html#day-2023-05-22"
    shown = len(svg.findall(f".//{SVG}a")) - 1
    assert f"{300 - shown} more reported events on Monday 22 May 2023" in clusters[0].get("aria-label")


def test_output_is_deterministic_with_rounded_coordinates():
    events = [event("a", "2023-05-22T11:07"), event("b", "2023-05-22T13:13", approximate=True)]
    first, _ = draw(events)
    assert first == draw(events)[0]
    assert not re.search(r'="\d+\.\d{2,}', first)


def test_no_events_no_figure():
    assert str(svgtimeline.render((), ZONE, str, str, "x")) == ""
    assert date(2023, 5, 22)  # the module is date-based; keep the import honest

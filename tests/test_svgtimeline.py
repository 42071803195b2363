"""The timeline's markup: marks linked and named, drawn as the key says, its key in
swatches, its words for print, and a drawing that stays light at 10,000 events."""
import re
from datetime import date, datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest

from timeline import svgtimeline
from timeline.model import Citation, Event, Response
from timeline.timeparse import parse_when

ZONE = ZoneInfo("Europe/Moscow")
SVG = "{http://www.w3.org/2000/svg}"


def event(slug, start, end=None, approximate=False, status="reported", responds=()):
    return Event(slug=slug, title=f"Event {slug}", summary="", status=status,
                 start=parse_when(start, ZONE), end=parse_when(end, ZONE) if end else None,
                 approximate=approximate, citations=(Citation("art"),),
                 responds_to=tuple(Response(other, "denies") for other in responds))


def render(events, key=None):
    return svgtimeline.render(events, ZONE, lambda e: f"events/{e.slug}.html",
                              lambda d: f"index.html#day-{d.isoformat()}", "Timeline", key=key)


def draw(events, key=None):
    markup = render(events, key).svg
    canvas = ElementTree.fromstring(str(markup))
    assert canvas.tag == "div" and canvas.get("class") == "timeline-canvas"
    return str(markup), canvas.find(f"{SVG}svg[@class='timeline-svg']")


# Every kind of time the content model allows: the mark's classes, its shape's element,
# and the key's swatches that explain it (besides the status).
KINDS = {
    "exact instant": (("2023-05-22T11:00",), "tl-dot", "circle", {"dot"}),
    "stated span": (("2023-05-22T05:00", "2023-05-22T10:00"), "tl-bar", "rect", {"bar"}),
    "approximate time": (("2023-05-22T11:00", None, True), "tl-bar tl-approx", "rect", {"approx"}),
    "approximate span": (("2023-05-22T05:00", "2023-05-22T10:00", True), "tl-bar tl-approx", "rect", {"approx"}),
    "day only": (("2023-05-22",), "tl-token", "rect", {"token"}),
    "approximate day": (("2023-05-22", None, True), "tl-token tl-approx", "rect", {"token", "approx"}),
    "span of days": (("2023-05-22", "2023-05-23"), "tl-token", "rect", {"token"}),
    "approximate span of days": (("2023-05-22", "2023-05-23", True), "tl-token tl-approx", "rect",
                                 {"token", "approx"}),
    "day, ending at a time": (("2023-05-22", "2023-05-22T10:00"), "tl-days", "rect", {"days"}),
    "time, ending some time that day": (("2023-05-22T19:00", "2023-05-22"), "tl-days", "rect", {"days"}),
    "time, open to a later day": (("2023-05-22T19:00", "2023-05-23"), "tl-days", "rect", {"days"}),
    "approximate, time to a day": (("2023-05-22T19:00", "2023-05-23", True), "tl-days tl-approx", "rect",
                                   {"approx"}),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_time_is_drawn_as_the_key_says(kind):
    args, classes, element, swatches = KINDS[kind]
    _, svg = draw([event("e", *args)])
    mark = svg.find(f".//{SVG}a")
    assert mark.get("class") == f"tl-mark tl-reported {classes}"
    hit, shape = mark[0], mark[1]
    assert hit.get("class") == "tl-hit" and float(hit.get("width")) >= 24 and float(hit.get("height")) >= 24
    assert shape.tag == f"{SVG}{element}"
    assert ("approximate" in mark.get("aria-label") or "c. " in mark.get("aria-label")) == ("tl-approx" in classes)
    legend = str(render([event("e", *args)]).legend)
    shown = set(re.findall(r"tl-sw-([a-z]+)", legend)) - {"reported", "narrow"}
    assert shown == swatches, legend


def test_each_mark_links_to_its_event_with_a_name_and_its_label_is_part_of_the_link():
    text, svg = draw([event("a", "2023-05-22T11:00"), event("b", "2023-05-23", status="claimed")])
    links = svg.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == ["events/a.html", "events/b.html"]
    assert links[0].get("aria-label") == "Event a (Monday 22 May 2023, 11:00 MSK; reported)"
    assert links[1].get("aria-label") == "Event b (Tuesday 23 May 2023; claimed)"
    for a in links:
        assert "".join(a.find(f"{SVG}text").itertext()) == a.get("aria-label").split(" (")[0]


def test_the_lane_names_say_why_a_claim_sits_beside_its_denial():
    drawing = render([event("claim", "2023-05-22T05:00", status="claimed"),
                      event("denial", "2023-05-22", status="disputed", responds=["claim"]),
                      event("news", "2023-05-22T10:00")])
    names = ["".join(t.itertext()) for t in ElementTree.fromstring(str(drawing.svg)).iter(f"{SVG}text")
             if t.get("class") == "tl-lane-label"]
    assert names == ["Reported", "Claims and denials"] * 2   # the drawing's, and the copy kept in view
    assert "a claim sits beside its denial" in drawing.lanes
    assert render([event("news", "2023-05-22T10:00")]).lanes == ""


def test_the_key_shows_a_swatch_for_each_kind_drawn_and_each_status():
    legend = str(render([event("a", "2023-05-22T11:00"), event("b", "2023-05-23", approximate=True,
                                                               status="denied")]).legend)
    items = re.findall(r'<li><span class="tl-swatch tl-sw-([a-z]+)"></span>([^<]*)</li>', legend)
    assert items == [("dot", "exact time"), ("approx", "approximate"),
                     ("token", "time not given, only the day (or days)"),
                     ("narrow", "hours without an event, narrowed"), ("reported", "reported"), ("denied", "denied")]


def test_print_has_the_timeline_in_words_a_row_a_day_and_a_column_a_lane():
    words = str(render([event("claim", "2023-05-22T05:00", status="claimed"),
                        event("denial", "2023-05-22", status="disputed", responds=["claim"]),
                        event("news", "2023-05-23T10:00", approximate=True)]).words)
    table = ElementTree.fromstring(words)
    assert [th.text for th in table.iter("th")] == ["Day", "Reported", "Claims and denials",
                                                    "Monday 22 May 2023", "Tuesday 23 May 2023"]
    cells = [" ".join(" ".join(td.itertext()).split()) for td in table.iter("td")]
    assert cells == ["", "05:00 MSK Event claim claimed Time not given: Event denial disputed",
                     "c. 10:00 MSK Event news reported", ""]


def test_output_is_deterministic_with_rounded_coordinates():
    events = [event("a", "2023-05-22T11:07"), event("b", "2023-05-22T13:13", approximate=True)]
    first, _ = draw(events)
    assert first == draw(events)[0]
    assert not re.search(r'="-?\d+\.\d{2,}', first)


def test_no_events_no_figure():
    assert svgtimeline.render((), ZONE, str, str, "x") == svgtimeline.Drawing("", "", "", "")


def test_a_mistyped_year_costs_one_break_not_centuries_of_days():
    text, svg = draw([event("a", "2023-05-22T11:00"), event("b", "2203-05-22T11:00")])
    days = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "tl-day-label"]
    assert days == ["22 May 2023", "22 May 2203"]
    breaks = svg.findall(f".//{SVG}g[@class='tl-break']")
    left_out = (date(2203, 5, 21) - date(2023, 5, 23)).days + 1
    assert len(breaks) == 1 and [t.text for t in breaks[0].iter(f"{SVG}text")] == [f"{left_out:,} days", "left out"]
    assert len(text) < 6000


def test_the_drawing_stays_light_at_10000_events():
    """It is drawn on the index and on every actor page (bench/gen_corpus.py: a year of
    events a few minutes apart); the index has a 1 MB budget in all."""
    start = datetime(2023, 5, 22, tzinfo=ZONE)
    events = [event(f"event-{n:06}", (start + timedelta(minutes=53 * n)).isoformat(timespec="minutes"),
                    status=("reported", "claimed", "disputed")[n % 3]) for n in range(10_000)]
    drawing = render(events)
    size = sum(len(str(part)) for part in (drawing.svg, drawing.legend, drawing.words))
    assert size < 400_000, size
    assert str(drawing.svg).count('class="tl-count"') > 0   # the rest counted, each day linked


def test_a_lane_with_only_a_strip_names_both_without_overlap():
    """A lane without timed marks drew "time not given" over its own name."""
    _, svg = draw([event("a", "2023-05-22", status="claimed"), event("b", "2023-05-22T10:00")])
    texts = {t.get("class"): t for t in svg.iter(f"{SVG}text") if t.get("class") in ("tl-lane-label", "tl-strip-label")}
    names = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "tl-lane-label"]
    name, strip = names[-1], texts["tl-strip-label"]
    last_line = float(name.get("y")) + 12 * (len(name.findall(f"{SVG}tspan")) - 1)
    assert float(strip.get("y")) >= last_line + 12
    height = float(svg.get("height"))
    assert float(strip.get("y")) + 12 <= height


def test_a_key_label_with_no_room_after_its_mark_ends_where_the_mark_begins():
    """The last mark of a drawing wider than the page column has no room after it: its
    key label stands before it, right-aligned, rather than widening the drawing (whole
    pixels: see timelayout)."""
    events = [event(f"e{d}-{h}", f"2023-05-{d}T{h:02d}:00") for d in (22, 23, 24) for h in range(1, 23, 2)]
    events.append(event("last", "2023-05-24T23:30"))
    _, svg = draw(events, key=lambda e: e.slug == "last")
    assert svg.get("width") == str(int(svg.get("width"))) and svg.get("height") == str(int(svg.get("height")))
    last = next(a for a in svg.iter(f"{SVG}a") if a.get("href") == "events/last.html")
    hit, label = last.find(f"{SVG}rect"), last.find(f"{SVG}text")
    assert label.get("text-anchor") == "end" and "".join(label.itertext()) == "Event last"
    assert {float(t.get("x")) for t in label} == {float(hit.get("x")) - 4}

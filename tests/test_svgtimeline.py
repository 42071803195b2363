"""The build-time SVG timeline: marks placed honestly, linked, named, and clustered when crowded."""
import re
from datetime import date
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest

from timeline import svgtimeline
from timeline.model import Citation, Event
from timeline.timeparse import parse_when

ZONE = ZoneInfo("Europe/Moscow")
SVG = "{http://www.w3.org/2000/svg}"


def event(slug, start, end=None, approximate=False, status="reported"):
    return Event(slug=slug, title=f"Event {slug}", summary="", status=status,
                 start=parse_when(start, ZONE), end=parse_when(end, ZONE) if end else None,
                 approximate=approximate, citations=(Citation("art"),))


def render(events):
    return svgtimeline.render(events, ZONE, lambda e: f"events/{e.slug}.html",
                              lambda d: f"index.html#day-{d.isoformat()}", "Timeline")


def draw(events):
    markup = render(events).svg
    canvas = ElementTree.fromstring(str(markup))
    assert canvas.tag == "div" and canvas.get("class") == "timeline-canvas"
    return str(markup), canvas.find(f"{SVG}svg[@class='timeline-svg']")


def test_shapes_follow_the_precision_of_the_sources():
    day = svgtimeline.interval(event("d", "2023-05-22"), ZONE)
    assert day.shape == "days" and not day.approximate and day.stated is None
    assert (day.end - day.start).total_seconds() == 24 * 3600 and day.start.hour == 0
    assert svgtimeline.interval(event("x", "2023-05-22T11:00"), ZONE).shape == "dot"
    rough = svgtimeline.interval(event("r", "2023-05-22T11:00", approximate=True), ZONE)
    assert rough.shape == "bar" and rough.approximate and rough.start.hour < 11 < rough.end.hour
    assert svgtimeline.interval(event("s", "2023-05-22T05:00", "2023-05-22T10:00"), ZONE).shape == "bar"


H, D = svgtimeline.HOUR_PX, svgtimeline.DAY_W
X = svgtimeline.LABEL_W   # where 22 May begins: every case below starts on that day

# Every kind of time the content model allows, and what the caption promises for it
# (macros.html timeline_figure): a dot an exact time; a solid bar the time between
# stated times; a pale bar whole days without a time, solid where a span states a time
# at one end; a dashed, faded bar anything approximate. Drawn: (classes, element,
# [x0, x1] of the mark, [x0, x1] of its solid part or None).
KINDS = {
    "exact instant": (("2023-05-22T11:00",), "tl-dot", "circle", (X + 11 * H,) * 2, None),
    "stated span": (("2023-05-22T05:00", "2023-05-22T10:00"), "tl-bar", "rect", (X + 5 * H, X + 10 * H), None),
    "approximate time": (("2023-05-22T11:00", None, True), "tl-bar tl-approx", "rect",
                         (X + 9.5 * H, X + 12.5 * H), None),
    "approximate span": (("2023-05-22T05:00", "2023-05-22T10:00", True), "tl-bar tl-approx", "rect",
                         (X + 5 * H, X + 10 * H), None),
    "day only": (("2023-05-22",), "tl-days", "rect", (X, X + D), None),
    "approximate day": (("2023-05-22", None, True), "tl-days tl-approx", "rect", (X, X + D), None),
    "span of days": (("2023-05-22", "2023-05-23"), "tl-days", "rect", (X, X + 2 * D), None),
    "approximate span of days": (("2023-05-22", "2023-05-23", True), "tl-days tl-approx", "rect",
                                 (X, X + 2 * D), None),
    "day, ending at a time": (("2023-05-22", "2023-05-22T10:00"), "tl-days", "rect", (X, X + 10 * H), None),
    "time, ending some time that day": (("2023-05-22T19:00", "2023-05-22"), "tl-days", "rect",
                                        (X + 19 * H, X + D), None),
    "time, open to a later day": (("2023-05-22T19:00", "2023-05-23"), "tl-days", "rect",
                                  (X + 19 * H, X + 2 * D), (X + 19 * H, X + D)),
    "day, ending at a later time": (("2023-05-22", "2023-05-23T10:00"), "tl-days", "rect",
                                    (X, X + D + 10 * H), (X + D, X + D + 10 * H)),
    "approximate, time to a day": (("2023-05-22T19:00", "2023-05-23", True), "tl-days tl-approx", "rect",
                                   (X + 19 * H, X + 2 * D), None),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_time_is_drawn_as_the_caption_says(kind):
    args, classes, element, (x0, x1), stated = KINDS[kind]
    _, svg = draw([event("e", *args)])
    mark = svg.find(f".//{SVG}a")
    assert mark.get("class") == f"tl-mark tl-reported {classes}"
    shapes = [child for child in mark if child.tag != f"{SVG}title"]
    assert shapes[0].tag == f"{SVG}{element}"
    if element == "circle":
        assert float(shapes[0].get("cx")) == x0
    else:
        left, width = float(shapes[0].get("x")), float(shapes[0].get("width"))
        assert (left - 0.5, left + width + 0.5) == (x0, x1)
    solid = [s for s in shapes[1:] if s.get("class") == "tl-stated"]
    assert len(shapes) == 1 + len(solid)
    if stated is None:
        assert solid == []
    else:
        left, width = float(solid[0].get("x")), float(solid[0].get("width"))
        assert (left - 0.5, left + width + 0.5) == stated
    approximate = "tl-approx" in classes
    assert ("approximate" in mark.get("aria-label") or "c. " in mark.get("aria-label")) == approximate


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
    assert svgtimeline.render((), ZONE, str, str, "x") == svgtimeline.Drawing("", "")


# The clause of the caption that explains each kind of mark (macros.html shows the
# legend), and what an approximate mark is said to be after "anything approximate:".
CLAUSES = {"dot": "A dot is an exact time", "bar": "a solid bar, the time between stated times",
           "days": "a pale bar, a whole day (or days) for which the sources give no time",
           "stated": "solid only where a span states a time at one end",
           "rough": "a dashed, faded bar, anything approximate: ", "cluster": "“+N more”"}
EXPLAINED = {"exact instant": ({"dot"}, None), "stated span": ({"bar"}, None),
             "day only": ({"days"}, None), "span of days": ({"days"}, None),
             "day, ending at a time": ({"days"}, None), "time, ending some time that day": ({"days"}, None),
             "time, open to a later day": ({"days", "stated"}, None),
             "day, ending at a later time": ({"days", "stated"}, None),
             "approximate time": ({"rough"}, "a time (drawn wider than a moment)"),
             "approximate span": ({"rough"}, "a span"), "approximate day": ({"rough"}, "days"),
             "approximate span of days": ({"rough"}, "days"), "approximate, time to a day": ({"rough"}, "days")}


@pytest.mark.parametrize("kind", KINDS)
def test_the_caption_explains_only_the_marks_drawn(kind):
    """A caption that says "a dot is an exact time" under a drawing with no dot sends
    the reader looking for one."""
    legend = render([event("e", *KINDS[kind][0])]).legend
    clauses, rough = EXPLAINED[kind]
    for clause, words in CLAUSES.items():
        assert (words.lower() in legend.lower()) == (clause in clauses), (clause, legend)
    if rough:
        assert legend.lower().split(CLAUSES["rough"])[1].split(".")[0] == rough
    assert legend.endswith("Each mark links to its event.")


def test_the_caption_names_every_kind_drawn_and_the_crowded_days():
    drawn = [event("a", "2023-05-22T11:00"), event("b", "2023-05-23", approximate=True),
             event("c", "2023-05-22T05:00", "2023-05-22T10:00", approximate=True)]
    legend = render(drawn).legend
    assert legend.startswith("A dot is an exact time; a dashed, faded bar, anything approximate: "
                             "a span or days. Each mark links")
    crowd = render([event(f"e{n:03}", "2023-05-22") for n in range(300)]).legend
    assert crowd == ("A pale bar, a whole day (or days) for which the sources give no time. Each mark "
                     "links to its event; a “+N more” mark counts the other events of a crowded lane "
                     "on its day and links to that day.")


def day_labels(svg):
    return [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "tl-day-label"]


def test_a_short_span_is_drawn_day_by_day_with_no_break():
    text, svg = draw([event("a", "2023-05-22T11:00"), event("b", "2023-05-30")])   # 7 empty days
    assert day_labels(svg) == [f"{n} May 2023" for n in range(22, 31)]
    assert 'class="tl-break"' not in text
    assert float(svg.get("width")) == svgtimeline.LABEL_W + 9 * svgtimeline.DAY_W


def test_a_mistyped_year_costs_one_break_not_centuries_of_days():
    near = [event("a", "2023-05-22T11:00"), event("b", "2023-06-22T11:00")]
    far = [event("a", "2023-05-22T11:00"), event("b", "2203-05-22T11:00")]
    text, svg = draw(far)
    assert day_labels(svg) == ["22 May 2023", "22 May 2203"]
    breaks = svg.findall(f".//{SVG}g[@class='tl-break']")
    assert len(breaks) == 1
    left_out = (date(2203, 5, 21) - date(2023, 5, 23)).days + 1
    assert breaks[0].find(f"{SVG}title").text == (
        f"{left_out:,} days left out, in which no event begins or ends: 23 May 2023 to 21 May 2203")
    assert [t.text for t in breaks[0].iter(f"{SVG}text")] == [f"{left_out:,} days", "left out"]
    assert float(svg.get("width")) == svgtimeline.LABEL_W + 2 * svgtimeline.DAY_W + svgtimeline.GAP_W
    assert abs(len(text) - len(draw(near)[0])) < 20   # the size does not depend on the span
    later = svg.findall(f".//{SVG}circle")[1]
    assert float(later.get("cx")) == svgtimeline.LABEL_W + svgtimeline.DAY_W + svgtimeline.GAP_W + 11 * H


def test_the_widest_calendar_span_is_drawn_at_once():
    text, svg = draw([event("a", "0100-01-01"), event("b", "9990-12-31T23:00", status="claimed")])
    assert len(text) < 5000 and day_labels(svg) == ["1 January 100", "31 December 9990"]
    assert f"{(date(9990, 12, 31) - date(100, 1, 2)).days:,} days" in text


def test_a_bar_across_a_break_runs_from_its_start_to_its_end():
    text, svg = draw([event("s", "2023-05-22T12:00", "2024-05-22T12:00"), event("x", "2023-12-01T12:00")])
    assert day_labels(svg) == ["22 May 2023", "1 December 2023", "22 May 2024"]
    assert len(svg.findall(f".//{SVG}g[@class='tl-break']")) == 2
    bar = svg.find(f".//{SVG}rect")
    x0, width = float(bar.get("x")), float(bar.get("width"))
    W, D, G = svgtimeline.LABEL_W, svgtimeline.DAY_W, svgtimeline.GAP_W
    assert x0 == W + 12 * H + 0.5 and x0 + width + 0.5 == W + 2 * D + 2 * G + 12 * H
    dot = svg.find(f".//{SVG}circle")
    assert float(dot.get("cx")) == W + D + G + 12 * H


def test_an_approximate_time_just_after_midnight_keeps_the_day_before():
    _, svg = draw([event("a", "2023-05-22T00:30", approximate=True), event("b", "2024-01-01")])
    assert day_labels(svg)[:2] == ["21 May 2023", "22 May 2023"]

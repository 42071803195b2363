"""The timeline's time axis: marks placed honestly, empty hours narrowed, empty days left out."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from timeline import timeaxis
from timeline.model import Citation, Event
from timeline.timeaxis import DAY_MIN, GAP_W, HOUR_PX, LABEL_W, NARROW_W
from conftest import rough
from timeline.timeparse import parse_when

ZONE = ZoneInfo("Europe/Moscow")


def event(slug, start, end=None, approximate=False, status="reported"):
    return Event(slug=slug, title=f"Event {slug}", summary="", status=status,
                 start=parse_when(rough(start, approximate), ZONE),
                 end=parse_when(rough(end, approximate), ZONE) if end else None,
                 citations=(Citation("art"),))


def axis_of(*events, least=None):
    spans = [(timeaxis.interval(e, ZONE), timeaxis.clock_ends(e, timeaxis.interval(e, ZONE)))
             for e in events if not timeaxis.untimed(e)]
    return timeaxis.make_axis(ZONE, timeaxis.busy_hours(spans), least or {})


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=ZONE)


def test_shapes_follow_the_precision_of_the_sources():
    assert timeaxis.interval(event("x", "2023-05-22T11:00"), ZONE).shape == "dot"
    rough = timeaxis.interval(event("r", "2023-05-22T11:00", approximate=True), ZONE)
    assert rough.shape == "bar" and rough.approximate and rough.start.hour < 11 < rough.end.hour
    assert timeaxis.interval(event("s", "2023-05-22T05:00", "2023-05-22T10:00"), ZONE).shape == "bar"
    half = timeaxis.interval(event("h", "2023-05-22T19:00", "2023-05-23"), ZONE)
    assert half.shape == "days" and half.stated[0].hour == 19
    # No clock time at either end: a token in the strip, never a bar across the day.
    for untimed in (event("d", "2023-05-22"), event("a", "2023-05-22", approximate=True),
                    event("s", "2023-05-22", "2023-05-23")):
        assert timeaxis.untimed(untimed)
    assert not timeaxis.untimed(event("h", "2023-05-22", "2023-05-22T10:00"))


def test_an_hour_with_a_mark_is_full_width_and_empty_stretches_are_narrow():
    axis = axis_of(event("a", "2023-05-22T11:00"))
    hours = axis.hours[0]
    assert hours[12] - hours[10] == 2 * HOUR_PX           # 10:30 to 11:30 keeps 10:00-12:00
    assert hours[10] - hours[0] == NARROW_W + (DAY_MIN - 2 * HOUR_PX - 2 * NARROW_W) / 2
    assert [(first, count) for _, _, first, count in axis.narrow()] == [(0, 10), (12, 12)]
    assert axis.x(at("2023-05-22T11:00")) == LABEL_W + hours[11]


def test_one_idle_hour_between_marks_keeps_its_width():
    hours, narrow = timeaxis.day_hours({3, 5}, 0)
    assert hours[6] - hours[3] == 3 * HOUR_PX and (4, 1) not in narrow


def test_a_day_is_as_wide_as_its_strip_asks():
    axis = axis_of(event("a", "2023-05-22T11:00"), least={date(2023, 5, 22): 300})
    assert axis.width == LABEL_W + 300
    assert axis.hours[0][12] - axis.hours[0][10] == 2 * HOUR_PX   # the busy hours keep their scale


def test_a_long_bar_keeps_its_ends_and_narrows_its_middle():
    axis = axis_of(event("s", "2023-05-22T05:00", "2023-05-22T19:00"))
    narrowed = {(first, count) for _, _, first, count in axis.narrow()}
    assert (6, 12) in narrowed   # 06:00 to 18:00: nothing begins or ends
    short = axis_of(event("s", "2023-05-22T05:00", "2023-05-22T10:00"))
    assert all(first >= 11 or first + count <= 4 for _, _, first, count in short.narrow())


def test_times_are_placed_in_the_site_time_zone():
    axis = axis_of(event("a", "2023-05-22T06:00+00:00"))   # 09:00 in Moscow
    assert axis.x(at("2023-05-22T09:00")) == LABEL_W + axis.hours[0][9]
    assert axis.days == (date(2023, 5, 22),)


def test_days_without_an_event_are_a_break_whatever_their_number():
    near = axis_of(event("a", "2023-05-22T11:00"), event("b", "2023-05-24T11:00"))
    far = axis_of(event("a", "2023-05-22T11:00"), event("b", "2203-05-22T11:00"))
    assert near.days == (date(2023, 5, 22), date(2023, 5, 24))
    assert [(first, last) for _, first, last in near.breaks()] == [(date(2023, 5, 23),) * 2]
    assert far.days == (date(2023, 5, 22), date(2203, 5, 22)) and far.width == near.width
    assert far.lefts[1] == LABEL_W + DAY_MIN + GAP_W


def test_the_widest_calendar_span_is_drawn_at_once():
    axis = axis_of(event("a", "0100-01-01T10:00"), event("b", "9990-12-31T23:00"))
    assert axis.days == (date(100, 1, 1), date(9990, 12, 31)) and len(list(axis.breaks())) == 1


def test_a_bar_across_a_break_runs_from_its_start_to_its_end():
    axis = axis_of(event("s", "2023-05-22T12:00", "2024-05-22T12:00"), event("x", "2023-12-01T12:00"))
    assert axis.days == (date(2023, 5, 22), date(2023, 12, 1), date(2024, 5, 22))
    assert len(list(axis.breaks())) == 2
    left, right = axis.x(at("2023-05-22T12:00")), axis.x(at("2024-05-22T12:00"))
    middle = axis.x(at("2023-12-01T12:00"))
    assert left < axis.right(0) < middle < axis.right(1) < right
    inside = axis.x(at("2023-08-01T00:00"))   # in the first break, where no day is drawn
    assert axis.right(0) < inside < axis.lefts[1]


def test_the_day_a_span_begins_on_is_drawn_though_nothing_begins_there_at_a_time():
    axis = axis_of(event("s", "2023-05-22", "2023-05-23T10:00"))
    assert axis.days == (date(2023, 5, 22), date(2023, 5, 23))
    assert axis.x(at("2023-05-22T00:00")) == LABEL_W


def test_a_window_from_midnight_stays_on_its_day():
    """"Early on Monday" is drawn from Monday's midnight, not from an hour before a
    guessed time, which took in Sunday."""
    axis = axis_of(event("a", "2023-05-22T00:30", approximate=True), event("b", "2024-01-01T10:00"))
    assert axis.days[:2] == (date(2023, 5, 22), date(2024, 1, 1))
    span = timeaxis.interval(event("a", "2023-05-22T00:30", approximate=True), ZONE)
    assert (span.start, span.end) == (at("2023-05-22T00:00"), at("2023-05-22T09:00"))

"""Where the timeline's marks go: lanes by thread, tokens for days without a time,
targets a finger can take, labels where there is room, and a bounded drawing."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from timeline import timelayout
from timeline.model import Citation, Event, Response
from timeline.timelayout import HIT, MAX_MARKS, SPACE, fit, layout
from timeline.timeparse import parse_when

ZONE = ZoneInfo("Europe/Moscow")


def event(slug, start, end=None, approximate=False, status="reported", responds=(), title=None):
    return Event(slug=slug, title=title or f"Event {slug}", summary="", status=status,
                 start=parse_when(start, ZONE), end=parse_when(end, ZONE) if end else None,
                 approximate=approximate, citations=(Citation("art"),),
                 responds_to=tuple(Response(other, "denies") for other in responds))


def lane_of(plan) -> dict[str, str]:
    return {m.event.slug: lane.key for lane in plan.lanes for m in lane.marks if m.event}


def marks(plan):
    return [m for lane in plan.lanes for m in lane.marks]


def test_a_claim_and_its_denial_share_a_lane_whatever_the_denial_s_status():
    events = [event("claim", "2023-05-22T05:00", status="claimed"),
              event("news", "2023-05-22T06:00"),
              event("denial", "2023-05-22", responds=["claim"]),            # reported, but answers a claim
              event("answer", "2023-05-23", responds=["denial"]),            # two steps from the claim
              event("a", "2023-05-22"), event("b", "2023-05-23", responds=["a"])]   # a thread of reports
    assert lane_of(layout(events, ZONE)) == {"claim": "contested", "denial": "contested", "answer": "contested",
                                             "news": "reported", "a": "reported", "b": "reported"}
    assert [lane.name for lane in layout(events, ZONE).lanes] == ["Reported", "Claims and denials"]


def test_a_thread_sits_together_in_its_day_s_strip():
    events = [event("other1", "2023-05-22", status="claimed"),
              event("claim", "2023-05-22", status="claimed"),
              event("other2", "2023-05-22", status="disputed"),
              event("denial", "2023-05-22", status="disputed", responds=["claim"])]
    strip = [m.event.slug for m in layout(events, ZONE).lanes[0].marks]
    assert strip == ["other1", "claim", "denial", "other2"]


def test_a_day_without_a_time_is_a_token_in_its_lane_s_strip_not_a_bar_across_it():
    events = [event("timed", "2023-05-22T11:00"), event("day", "2023-05-22"),
              event("days", "2023-05-22", "2023-05-24")]
    lane = layout(events, ZONE).lanes[0]
    shapes = {m.event.slug: m for m in lane.marks}
    assert shapes["timed"].shape == "dot"
    for slug in ("day", "days"):
        token = shapes[slug]
        assert token.shape == "token" and token.x1 - token.x0 == HIT and token.y >= lane.strip
    assert lane.strip > shapes["timed"].y   # under the timed rows
    assert layout(events, ZONE).axis.days[-1].day == 22   # a span of days is drawn on its first day


def test_every_target_is_24_px_and_no_two_in_a_row_overlap():
    crowd = [event(f"t{n:03}", f"2023-05-22T{n % 24:02d}:{n % 60:02d}", approximate=n % 3 == 0,
                   status=("reported", "claimed")[n % 2]) for n in range(120)]
    crowd += [event(f"d{n:03}", "2023-05-22", status=("reported", "denied")[n % 2]) for n in range(120)]
    placed = marks(layout(crowd, ZONE))
    assert all(m.x1 - m.x0 >= HIT for m in placed)
    rows: dict[float, list] = {}
    for m in placed:
        rows.setdefault(m.y, []).append((m.x0, m.end))
    for row in rows.values():
        row.sort()
        assert all(left[1] + SPACE <= right[0] + 0.01 for left, right in zip(row, row[1:]))


def test_no_event_is_counted_away_while_there_is_room():
    """The published chronology's 52 events were 32 marks and 20 behind "+N more"."""
    day = [event(f"d{n:02}", "2023-05-22", status=("reported", "claimed")[n % 2]) for n in range(40)]
    timed = [event(f"t{n:02}", f"2023-05-22T{5 + n % 3:02d}:00", approximate=True) for n in range(12)]
    placed = marks(layout(day + timed, ZONE))
    assert len(placed) == 52 and all(m.event for m in placed)


def test_past_the_budget_each_day_keeps_its_share_key_events_first():
    start = datetime(2023, 5, 22, tzinfo=ZONE)
    events = [event(f"e{n:05}", (start + timedelta(minutes=53 * n)).isoformat(timespec="minutes"),
                    status=("reported", "claimed")[n % 2]) for n in range(10_000)]
    keys = {"e00007", "e04000"}
    plan = layout(events, ZONE, key=lambda e: e.slug in keys)
    placed = marks(plan)
    drawn = [m for m in placed if m.event]
    assert len(drawn) <= MAX_MARKS and keys <= {m.event.slug for m in drawn}
    assert len(drawn) + sum(m.count for m in placed if not m.event) == 10_000
    assert all(m.label for m in drawn if m.event.slug in keys)


def test_key_events_are_labelled_whatever_the_room():
    crowd = [event(f"t{n}", "2023-05-22T10:00", title=f"Something happened, number {n}") for n in range(6)]
    plain = {m.event.slug: m.label for m in marks(layout(crowd, ZONE))}
    keyed = {m.event.slug: m.label for m in marks(layout(crowd, ZONE, key=lambda e: e.slug == "t3"))}
    assert keyed["t3"].replace("\n", " ") == "Something happened, number 3"
    assert plain["t3"] == "" or plain["t3"] == keyed["t3"]


def test_a_mark_alone_in_its_row_is_labelled():
    plan = layout([event("a", "2023-05-22T10:00", title="Residents hear gunfire"), event("b", "2023-05-23")], ZONE)
    assert {m.event.slug: m.label for m in marks(plan)} == {"a": "Residents hear gunfire", "b": "Event b"}


@pytest.mark.parametrize("room, lines", [(400, ["Governor Gladkov reports a sabotage group"]),
                                          (160, ["Governor Gladkov reports", "a sabotage group"]),
                                          (100, ["Governor", "Gladkov…"]),
                                          (20, [])])
def test_labels_break_at_words_into_two_lines_and_say_where_they_are_cut(room, lines):
    text = fit("Governor Gladkov reports a sabotage group", room)
    assert text.split("\n") == lines if lines else text == ""
    assert all(len(line) * timelayout.CHAR_W <= room for line in lines)

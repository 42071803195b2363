"""Where the timeline's marks go: lanes by thread, tokens for days without a time,
targets a finger can take, labels where there is room, and a bounded drawing."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from timeline import timelayout
from timeline.model import Citation, Event, Response
from timeline.timelabels import fit
from timeline.timelayout import HIT, MAX_MARKS, SPACE, layout
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
        rows.setdefault(m.y, []).append((m.start, m.end))
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
    """A day of one busy hour has no room for a label: a key event's is drawn all the
    same, whole where the page column has room for it (the drawing widens up to it)."""
    crowd = [event(f"t{n}", "2023-05-22T10:00", title=f"Something happened, number {n}") for n in range(6)]
    plain = {m.event.slug: m.label for m in marks(layout(crowd, ZONE))}
    keyed = {m.event.slug: m.label for m in marks(layout(crowd, ZONE, key=lambda e: e.slug == "t3"))}
    assert keyed["t3"].replace("\n", " ") == "Something happened, number 3"
    assert plain["t3"] == "" or plain["t3"] == keyed["t3"]
    tokens = [event(f"d{n}", "2023-05-22", title=f"Something happened, number {n}") for n in range(6)]
    keyed = {m.event.slug: m.label for m in marks(layout(tokens, ZONE, key=lambda e: e.slug == "d0"))}
    assert keyed["d0"].replace("\n", " ") == "Something happened, number 0"


def in_order(events):
    """Events as the chronology has them (layout's order)."""
    return sorted(events, key=lambda e: e.sort_key(ZONE))


LONG = "Russia's defence ministry says the attackers were routed and pushed back into Ukraine"


def days(*hours):
    """Four events known by day on the 22nd; on each day from the 22nd, events at its
    `hours`; one at noon on the 23rd, and one at 23:30 on the last day."""
    last = f"2023-05-{21 + len(hours)}"
    return in_order([event("d1", "2023-05-22", title=LONG)] + [event(f"d{n}", "2023-05-22") for n in (2, 3, 4)]
                    + [event(f"m{d}-{h}", f"2023-05-{22 + d}T{h:02d}:00") for d, day in enumerate(hours) for h in day]
                    + [event("noon", "2023-05-23T12:00", title=LONG), event("late", f"{last}T23:30", title=LONG)])


def keyed_layouts(events):
    plain, keyed = layout(events, ZONE), layout(events, ZONE, key=lambda e: e.slug in {"d1", "noon", "late"})
    placed = {m.event.slug: m for m in marks(keyed)}
    for slug in ("d1", "noon", "late"):
        mark = placed[slug]
        assert mark.label and LONG.startswith(mark.label.replace("\n", " ").removesuffix("…"))
        assert timelayout.LABEL_W < mark.start and mark.end < keyed.width
    return plain, keyed, placed


def test_key_labels_take_the_room_the_page_column_has():
    """A narrow drawing widens for its key labels, up to the page column."""
    plain, keyed, placed = keyed_layouts(days((5, 9, 14, 19), (3, 6, 9)))
    assert plain.width < keyed.width <= timelayout.COLUMN_W
    whole = fit(LONG, timelayout.LABEL_MAX)
    assert [placed[slug].label for slug in ("d1", "noon", "late")] == [whole] * 3


def test_past_the_page_column_key_labels_fit_the_drawing_they_are_given():
    """Key labels were given 190 px whatever the room: the last day's pushed the drawing
    past the page column, and the day strips widened for them. Past the column, a key
    label fits the room the drawing has without it, cut with "…" where it must, and
    stands before its mark where the room is there: it adds rows, not width."""
    plain, keyed, placed = keyed_layouts(days((2, 6, 10, 14), range(1, 23, 2), range(1, 23, 2)))
    assert plain.width > timelayout.COLUMN_W
    assert (keyed.width, keyed.axis) == (plain.width, plain.axis)
    assert placed["late"].before and not placed["d1"].before   # no room after the last mark
    assert placed["d1"].label.endswith("…") and placed["d1"].label != fit(LONG, timelayout.LABEL_MAX)


def test_the_drawing_is_whole_pixels():
    """A fractional width is rounded by the browser, which then scales the drawing down:
    24 px targets measured 23.9998 px."""
    plan = layout([event("a", "2023-05-22T10:00", title="Residents hear gunfire")],
                  ZONE, key=lambda e: True)
    assert plan.width == int(plan.width) and plan.height == int(plan.height)


def test_a_mark_alone_in_its_row_is_labelled():
    plan = layout([event("a", "2023-05-22T10:00", title="Residents hear gunfire"), event("b", "2023-05-23")], ZONE)
    assert {m.event.slug: m.label for m in marks(plan)} == {"a": "Residents hear gunfire", "b": "Event b"}

from zoneinfo import ZoneInfo

import pytest

from timeline.problems import ContentError
from timeline.timeparse import DAY, MINUTE, load_zone, parse_when

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.mark.parametrize("value, precision, iso", [
    ("2023-05-22", DAY, "2023-05-22"),
    ("2023-05-22T11:00+03:00", MINUTE, "2023-05-22T11:00+03:00"),
    ("2023-05-22T11:00", MINUTE, "2023-05-22T11:00+03:00"),       # site zone applies
    ("2023-05-22T08:00Z", MINUTE, "2023-05-22T11:00+03:00"),      # shown in site zone
    ("2023-05-22 11:00", MINUTE, "2023-05-22T11:00+03:00"),
])
def test_precision_and_zone(value, precision, iso):
    when = parse_when(value, MOSCOW)
    assert when.precision == precision and when.iso(MOSCOW) == iso


@pytest.mark.parametrize("value", ["2023-02-30", "22 May", "yesterday", "", 2023, None,
                                   "2023-05-22T24:30", "2023-05-22T11:00+25:00"])
def test_not_a_time(value):
    with pytest.raises(ContentError):
        parse_when(value, MOSCOW)


def test_day_end_covers_the_whole_day():
    start = parse_when("2023-05-22T23:00", MOSCOW)
    assert not parse_when("2023-05-22", MOSCOW).is_before(start)
    assert parse_when("2023-05-21", MOSCOW).is_before(start)


@pytest.mark.parametrize("name", ["Europe", "America", "Europe/", "A" * 300, "Europe/Nowhere",
                                  "zone\0", "tzdata"])
def test_unknown_zone(name):
    with pytest.raises(ContentError) as error:
        load_zone(name)
    assert error.value.message == f"unknown time zone {name!r}"
    assert "Europe/Moscow" in error.value.hint

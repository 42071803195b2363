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


@pytest.mark.parametrize("name", ["localtime", "posixrules", "posix/localtime"])
def test_a_zone_that_is_the_computers_setting_is_refused(name):
    """/usr/share/zoneinfo/localtime is the build machine's zone: the same content
    would give a site in UTC on CI and in Moscow time on a laptop."""
    with pytest.raises(ContentError) as error:
        load_zone(name)
    assert error.value.message == f"time zone {name!r} is the building computer's setting, not a place's"


@pytest.mark.parametrize("value, message, hint", [
    ("2023-03-26T02:30", "does not exist in Europe/Berlin: the clocks were put forward",
     "give its UTC offset"),
    ("2023-10-29T02:30", "happened twice in Europe/Berlin: the clocks were put back",
     "+02:00 or +01:00"),
])
def test_a_local_time_must_name_one_moment(value, message, hint):
    """Without an offset a clock time is read in the site's zone: one the clocks
    skipped, or lived twice, is a problem rather than a silent guess."""
    with pytest.raises(ContentError, match=message) as caught:
        parse_when(value, ZoneInfo("Europe/Berlin"))
    assert hint in caught.value.hint
    assert parse_when(value + "+01:00", ZoneInfo("Europe/Berlin")).moment.utcoffset().seconds == 3600
    assert parse_when("2023-10-29T03:30", ZoneInfo("Europe/Berlin")).moment.hour == 3

from zoneinfo import ZoneInfo

import pytest

from timeline.problems import ContentError
from timeline.timeparse import DAY, MINUTE, parse_when
from timeline.zones import load_zone

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


@pytest.mark.parametrize("value, hint", [
    ("2023-05-22T11:00 MSK", "write the UTC offset instead of 'MSK' (Moscow time is +03:00), "
                             "e.g. 2023-05-22T11:00+03:00; without one, the site's time zone applies"),
    ("2023-05-22 11:00 UTC", "write UTC as 'Z' or '+00:00' with no space: 2023-05-22T11:00Z"),
    ("2023-05-22T11:00+03:00[Europe/Moscow]",
     "the offset says which time it is: delete '[Europe/Moscow]', leaving 2023-05-22T11:00+03:00"),
    ("2023-05-22T11:00+3", "write the offset as hours and minutes, with no space before it: "
                           "2023-05-22T11:00+03:00"),
    ("2023-05-22T11:00 +03:00", "with no space before it: 2023-05-22T11:00+03:00"),
    ("2023-05-22t11:00+03:00", "write a capital T between the date and the time: 2023-05-22T11:00+03:00"),
    ("2023-05-22T11", "write the time as hours and minutes after a capital T: 2023-05-22T11:00"),
    ("2023-05-22T9:30", "2023-05-22T09:30"),
    ("2023-5-2", "write the month and the day with two digits each: 2023-05-02"),
    ("20230522", "write the date with hyphens: 2023-05-22"),
    ("22/05/2023", "write the date year first, month and day in digits: 2023-05-22"),
    ("11:00", "give the date too, e.g. 2023-05-22T11:00"),
    ("yesterday", "write 2023-05-22, 2023-05-22T11:00 or 2023-05-22T11:00+03:00"),
    ("2023-05-22T11:00:00 +03:00", "with no space before it: 2023-05-22T11:00:00+03:00"),
    ("2023-05-22T11:00:00+3", "2023-05-22T11:00:00+03:00"),
    ("2023-05-22 1:00:00+03:00", "2023-05-22T01:00:00+03:00"),
    ("2023-05-22T1:00 MSK", "2023-05-22T01:00+03:00"),
    ("2023-05-22T11 +3", "with no space before it: 2023-05-22T11:00+03:00"),
    # not the hint about two-digit months and days, which these have
    ("2023-05-22T10:00:00.123456789+03:00", "write a fraction of a second after a point, with "
     "at most 6 digits (pages show the minute): 2023-05-22T10:00:00.123456+03:00"),
    ("2023-05-22T10:00:00,5Z", "after a point, with at most 6 digits (pages show the minute): "
                               "2023-05-22T10:00:00.5Z"),
    ("2023-05-22T10:00+03:00:30", "an offset is hours and minutes; for one with seconds "
                                  "(+03:00:30), give the time in UTC: 2023-05-22T06:59:30Z"),
    ("2023-05-22T10:00:00.123456789-00:00:30", "give the time in UTC: 2023-05-22T10:00:30.123456Z"),
    ("2023-05-22T10:00+25:00:30", "write 2023-05-22, 2023-05-22T11:00 or 2023-05-22T11:00+03:00"),
    ("9999-12-31T23:59-23:59:59", "write 2023-05-22, 2023-05-22T11:00 or 2023-05-22T11:00+03:00"),
])
def test_a_time_in_the_wrong_form_gets_the_right_form_as_hint(value, hint):
    with pytest.raises(ContentError) as caught:
        parse_when(value, MOSCOW)
    assert caught.value.message == f"'{value}' is not a date or date-time"
    assert caught.value.hint.startswith(hint) or hint in caught.value.hint, caught.value.hint


@pytest.mark.parametrize("value, hint", [
    ("2023-02-30", "check the day: February 2023 has 28 days"),
    ("2024-02-30T10:00", "check the day: February 2024 has 29 days"),
    ("2023-13-01", "check the month: 01 to 12"),
    ("2023-05-22T25:00", "check the time: hours 00 to 23, minutes 00 to 59"),
    ("2023-05-22T11:00+25:00", "check the time: hours 00 to 23, minutes 00 to 59, and an offset"),
])
def test_a_time_naming_no_moment_says_which_number_to_check(value, hint):
    with pytest.raises(ContentError) as caught:
        parse_when(value, MOSCOW)
    assert caught.value.message.startswith(f"'{value}' is not a valid date or time (")
    assert caught.value.hint.startswith(hint)


@pytest.mark.parametrize("name, hint", [
    ("Europe/Moskow", "did you mean 'Europe/Moscow'?"),
    ("europe/moscow", "did you mean 'Europe/Moscow'?"),
    ("Moscow", "did you mean 'Europe/Moscow'?"),
    ("MSK", "use the IANA name of the place, 'Europe/Moscow' for Moscow time"),
    ("+03:00", "use the IANA name of the place, 'Europe/Moscow' for Moscow time"),
    ("UTC-05:00", "use the IANA name of the place, not an offset: e.g. 'Europe/Moscow'"),
    ("Mars/Olympus", "use an IANA name such as 'Europe/Moscow'"),
])
def test_an_unknown_zone_gets_the_closest_real_one(name, hint):
    with pytest.raises(ContentError) as caught:
        load_zone(name)
    assert (caught.value.message, caught.value.hint) == (f"unknown time zone '{name}'", hint)

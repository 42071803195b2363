"""Timestamps with time zone and precision.

A value is a date (day precision: the sources give only the day), a date-time
with or without a UTC offset (minute precision), or a mapping: a part of a day
(`{date: 2023-05-22, part: early}`, a window from PARTS: the article says only
"early on Monday") or an hour the article gives (`{date: 2023-05-23, hour: 12}`,
"at midday"). A date-time without an offset is read in the site's time zone.
Seconds are accepted but never shown.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Optional
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

from .problems import ContentError, describe_type

DAY, MINUTE, HOUR, PART = "day", "minute", "hour", "part-of-day"
# The window each part of a day stands for, in hours of the site's local day: the
# article's phrase bounds the time, and nothing finer is claimed (docs/content-model.md).
PARTS = {"early": (0, 9), "morning": (5, 12), "afternoon": (12, 18),
         "evening": (17, 24), "late": (18, 24)}
_SHAPE = re.compile(
    r"\d{4}-\d{2}-\d{2}"                                   # date
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"               # time
    r"(Z|[+-]\d{2}:?\d{2})?)?")                            # offset


@dataclass(frozen=True, order=True, slots=True)
class When:
    """A point in time as precise as the sources allow. Orders chronologically."""
    moment: datetime        # aware; for day precision, midnight in the site zone;
                            # for a part of a day, the window's first moment
    precision: str          # DAY, PART, HOUR or MINUTE
    until: Optional[datetime] = None   # a part of a day: the window's end

    @property
    def is_day(self) -> bool:
        return self.precision == DAY

    @property
    def is_window(self) -> bool:
        """A stretch the article's phrase bounds, not a clock time."""
        return self.precision == PART

    @property
    def last(self) -> datetime:
        """The end of the time it may stand for: a date lasts all day, a window to its end."""
        if self.is_day:
            return self.moment + timedelta(days=1)
        return self.until if self.is_window else self.moment

    def in_zone(self, zone: ZoneInfo) -> datetime:
        return self.moment.astimezone(zone)

    def iso(self, zone: ZoneInfo) -> str:
        """The machine value for <time datetime>, in the site zone."""
        local = self.in_zone(zone)
        if self.is_day or self.is_window:   # HTML has no value for a window: its day
            return local.date().isoformat()
        if local.utcoffset().seconds % 60:  # historic local mean time, e.g. +02:30:17
            return self.moment.astimezone(timezone.utc).isoformat(timespec="minutes")[:-6] + "Z"
        return local.isoformat(timespec="minutes")

    def is_before(self, other: "When") -> bool:
        """True when this value ends before `other` begins (a date lasts all day,
        a window to its end)."""
        if self.is_day or self.is_window:
            return self.last <= other.moment
        return self.moment < other.moment


def parse_when(value, zone: ZoneInfo) -> When:
    """Parse a front-matter time; raise ContentError with a hint when it is not one."""
    if isinstance(value, dict):
        return _parse_part(value, zone)
    if isinstance(value, (datetime, date)):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ContentError(f"expected a date or date-time, got {describe_type(value)}", hint=_HINT)
    text = value.strip()
    if not _SHAPE.fullmatch(text):
        raise ContentError(f"'{text[:60]}' is not a date or date-time", hint=_shape_hint(text))
    try:
        parsed = dateparser.isoparse(text.replace(" ", "T", 1))
    except (ValueError, OverflowError) as exc:
        raise ContentError(f"'{text}' is not a valid date or time ({exc})",
                           hint=range_hint(text)) from None
    if len(text) == 10:
        when = When(datetime(parsed.year, parsed.month, parsed.day, tzinfo=zone), DAY)
    else:
        if parsed.tzinfo is None:
            _check_local(parsed, zone, text)
        when = When(parsed if parsed.tzinfo else parsed.replace(tzinfo=zone), MINUTE)
    try:  # the build shifts times by a day and between zones: all must stay in range
        for shift in (-2, 2):
            (when.moment + timedelta(days=shift)).astimezone(timezone.utc).astimezone(zone)
    except (ValueError, OverflowError):
        raise ContentError(f"'{text}' is out of range", hint=_HINT) from None
    return when


_PART_HINT = ("write {date: 2023-05-22, part: early} (parts: " + ", ".join(PARTS) +
              ") or {date: 2023-05-23, hour: 12}")


def _parse_part(value: dict, zone: ZoneInfo) -> When:
    """A window of a day (`part`) or an hour the article gives (`hour`), on `date`."""
    unknown = sorted(set(map(str, value)) - {"date", "part", "hour"})
    if unknown or "date" not in value or ("part" in value) == ("hour" in value):
        what = f"unknown key '{unknown[0][:40]}'" if unknown else (
            "needs a 'date'" if "date" not in value else "needs either 'part' or 'hour'")
        raise ContentError(what, hint=_PART_HINT)
    day = parse_when(value["date"], zone)
    if not day.is_day:
        raise ContentError("'date' is a date without a time", hint=_PART_HINT)
    local = day.moment.date()
    if "hour" in value:
        hour = value["hour"]
        if not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 23:
            raise ContentError(f"'hour' {hour!r} is not an hour from 0 to 23"[:100], hint=_PART_HINT)
        return When(_at(local, hour, zone), HOUR)
    part = value["part"]
    if part not in PARTS:
        raise ContentError(f"unknown part of a day {str(part)[:40]!r}",
                           hint=f"one of: {', '.join(PARTS)}")
    first, last = PARTS[part]
    return When(_at(local, first, zone), PART, _at(local, last, zone))


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """The hour of `day` in the zone; 24 is the next midnight."""
    return datetime.combine(day + timedelta(days=hour // 24), time(hour % 24), tzinfo=zone)


def _check_local(local: datetime, zone: ZoneInfo, text: str) -> None:
    """A clock time without an offset, read in the site's zone, must name one moment:
    not one skipped when the clocks went forward, nor one lived twice when they
    went back."""
    try:
        first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
        offsets = (first.utcoffset(), second.utcoffset())
        exists = first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) == local
    except (ValueError, OverflowError):
        return   # out of range: reported by the caller
    if not exists:
        raise ContentError(f"'{text}' does not exist in {_name(zone)}: the clocks were put "
                           "forward over it", hint="check the time, or give its UTC offset, "
                           "e.g. 2023-05-22T11:00+03:00")
    if offsets[0] != offsets[1]:
        choices = " or ".join(d.isoformat(timespec="minutes")[-6:] for d in (first, second))
        raise ContentError(f"'{text}' happened twice in {_name(zone)}: the clocks were put back",
                           hint=f"give its UTC offset, {choices}")


def _name(zone) -> str:
    return getattr(zone, "key", None) or str(zone)


def range_hint(text: str) -> str:
    """What to check in a time of the right shape whose numbers name no moment."""
    year, month, day = int(text[:4]), int(text[5:7]), int(text[8:10])
    if not 1 <= month <= 12:
        return "check the month: 01 to 12"
    if year < 1:
        return "check the year"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"check the day: {calendar.month_name[month]} {year} has {days} days"
    return "check the time: hours 00 to 23, minutes 00 to 59, and an offset under 24 hours"


def parse_date(value) -> date:
    """A calendar date (day precision only), e.g. a source's publication date."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip() if isinstance(value, str) else ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ContentError(f"expected a date like 2023-05-22, got {value!r}"[:120])
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ContentError(f"'{text}' is not a valid date ({exc})", hint=range_hint(text)) from None


_HINT = "write 2023-05-22, 2023-05-22T11:00 or 2023-05-22T11:00+03:00"
_DATE_TIME = r"(\d{4}-\d{2}-\d{2})[Tt ](\d{1,2}:\d{2}(?::\d{2})?)"


def _shape_hint(text: str) -> str:
    try:
        return shape_hint(text)
    except (ValueError, IndexError, OverflowError):   # a slip no rule foresaw: the general hint
        return _HINT


def _clock(text: str) -> str:
    """'1:00' as '01:00' (and '1:00:30' as '01:00:30')."""
    hour, rest = text.split(":", 1)
    return f"{int(hour):02d}:{rest}"


def shape_hint(text: str, again: bool = True) -> str:
    """What to write instead of a time that is not in one of the accepted forms,
    for the usual slips: a zone's name or abbreviation, a short offset, a lowercase
    't', no minutes, too fine a second or offset, a date not written year-month-day."""
    return _clock_hint(text, again) or _seconds_hint(text, again) or _date_hint(text)


def _clock_hint(text: str, again: bool) -> str:
    upper = re.sub(r"(?<=\d)t(?=\d)", "T", text, count=1)
    if upper != text and _SHAPE.fullmatch(upper):
        return f"write a capital T between the date and the time: {upper}"
    m = re.fullmatch(_DATE_TIME + r"(Z|[+-]\d{2}:?\d{2})\s*\[?([A-Za-z][\w/+-]*)\]?", text)
    if m:
        return (f"the offset says which time it is: delete '{text[m.end(3):].strip()}', "
                f"leaving {m.group(1)}T{_clock(m.group(2))}{m.group(3)}")
    m = re.fullmatch(_DATE_TIME + r"\s*\[?([A-Za-z][\w/+-]*)\]?", text)
    if m:
        zone = m.group(3)
        if zone.upper() in ("UTC", "GMT", "Z"):
            return f"write UTC as 'Z' or '+00:00' with no space: {m.group(1)}T{_clock(m.group(2))}Z"
        moscow = " (Moscow time is +03:00)" if zone in ("MSK", "Europe/Moscow") else ""
        return (f"write the UTC offset instead of '{zone}'{moscow}, e.g. "
                f"{m.group(1)}T{_clock(m.group(2))}+03:00; without one, the site's time zone applies")
    m = re.fullmatch(_DATE_TIME + r"\s*([+-])(\d{1,2})(?::?(\d{2}))?", text)
    if m:
        return (f"write the offset as hours and minutes, with no space before it: "
                f"{m.group(1)}T{_clock(m.group(2))}"
                f"{m.group(3)}{int(m.group(4)):02d}:{m.group(5) or '00'}")
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[Tt ](\d{1,2})(?::(\d{2}))?(.*)", text)
    if m and (len(m.group(2)) == 1 or not m.group(3) or "t" in text):
        fixed = f"{m.group(1)}T{int(m.group(2)):02d}:{m.group(3) or '00'}{m.group(4)}"
        if again and not _SHAPE.fullmatch(fixed):   # '2023-05-22T11 +3': the offset too
            return shape_hint(fixed, again=False)
        return f"write the time as hours and minutes after a capital T: {fixed}"
    return ""


def _seconds_hint(text: str, again: bool) -> str:
    """Nanoseconds, as some tools print them, and an offset with seconds (a place's
    local mean time before time zones): neither fits the forms the site reads."""
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})[.,](\d+)(.*)", text)
    if m and (len(m.group(2)) > 6 or text[m.end(1)] == ","):
        fixed = f"{m.group(1)}.{m.group(2)[:6]}{m.group(3)}"
        if again and not _SHAPE.fullmatch(fixed):   # a seconds offset too
            return shape_hint(fixed, again=False)
        return (f"write a fraction of a second after a point, with at most 6 digits "
                f"(pages show the minute): {fixed}")
    m = re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+([+-]\d{2}:\d{2}:\d{2}(\.\d+)?)", text)
    if m:
        utc = datetime.fromisoformat(text).astimezone(timezone.utc).replace(tzinfo=None)
        return (f"an offset is hours and minutes; for one with seconds ({m.group(1)}), "
                f"give the time in UTC: {utc.isoformat()}Z")
    return ""


def _date_hint(text: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(.*)", text)
    if m and len(m.group(2) + m.group(3)) < 4:
        return (f"write the month and the day with two digits each: "
                f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}{m.group(4)}")
    if re.fullmatch(r"\d{8}", text):
        return f"write the date with hyphens: {text[:4]}-{text[4:6]}-{text[6:]}"
    if re.fullmatch(r"\d{1,2}:\d{2}", text):
        return f"give the date too, e.g. 2023-05-22T{int(text[:-3]):02d}{text[-3:]}"
    if re.search(r"\d{4}", text) and not re.match(r"\d{4}-\d{2}-\d{2}", text):
        return "write the date year first, month and day in digits: 2023-05-22, " \
               "2023-05-22T11:00 or 2023-05-22T11:00+03:00"
    return _HINT

"""Timestamps with time zone and precision.

A value is either a date (day precision: the sources give only the day) or a
date-time with or without a UTC offset (minute precision). A date-time without
an offset is read in the site's time zone. Seconds are accepted but never shown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateparser

from .problems import ContentError, describe_type

DAY, MINUTE = "day", "minute"
_SHAPE = re.compile(
    r"\d{4}-\d{2}-\d{2}"                                   # date
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"               # time
    r"(Z|[+-]\d{2}:?\d{2})?)?")                            # offset


@dataclass(frozen=True, order=True, slots=True)
class When:
    """A point in time as precise as the sources allow. Orders chronologically."""
    moment: datetime        # aware; for day precision, midnight in the site zone
    precision: str          # DAY or MINUTE

    @property
    def is_day(self) -> bool:
        return self.precision == DAY

    def in_zone(self, zone: ZoneInfo) -> datetime:
        return self.moment.astimezone(zone)

    def iso(self, zone: ZoneInfo) -> str:
        """The machine value for <time datetime>, in the site zone."""
        local = self.in_zone(zone)
        if self.is_day:
            return local.date().isoformat()
        if local.utcoffset().seconds % 60:  # historic local mean time, e.g. +02:30:17
            return self.moment.astimezone(timezone.utc).isoformat(timespec="minutes")[:-6] + "Z"
        return local.isoformat(timespec="minutes")

    def is_before(self, other: "When") -> bool:
        """True when this value ends before `other` begins (a date lasts all day)."""
        if self.is_day:
            return self.moment + timedelta(days=1) <= other.moment
        return self.moment < other.moment


# Files in the zone folder that stand for a computer's setting, not a place: read
# from them, the same content would give another site on another computer.
_MACHINE_ZONES = frozenset({"localtime", "posixrules"})


def load_zone(name) -> ZoneInfo:
    if not isinstance(name, str) or not name or ".." in name or name.startswith("/"):
        raise ContentError(f"unknown time zone {name!r}", hint="use an IANA name such as 'Europe/Moscow'")
    if name.rsplit("/", 1)[-1].lower() in _MACHINE_ZONES:
        raise ContentError(f"time zone {name!r} is the building computer's setting, not a place's",
                           hint="use the IANA name of the place, such as 'Europe/Moscow'")
    try:
        return ZoneInfo(name)
    # OSError: a folder of zones ('Europe') or a name too long for a file name
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ContentError(f"unknown time zone {name!r}",
                           hint="use an IANA name such as 'Europe/Moscow'") from None


def parse_when(value, zone: ZoneInfo) -> When:
    """Parse a front-matter time; raise ContentError with a hint when it is not one."""
    if isinstance(value, (datetime, date)):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ContentError(f"expected a date or date-time, got {describe_type(value)}", hint=_HINT)
    text = value.strip()
    if not _SHAPE.fullmatch(text):
        raise ContentError(f"'{text[:60]}' is not a date or date-time", hint=_HINT)
    try:
        parsed = dateparser.isoparse(text.replace(" ", "T", 1))
    except (ValueError, OverflowError) as exc:
        raise ContentError(f"'{text}' is not a valid date or time ({exc})", hint=_HINT) from None
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
        raise ContentError(f"'{text}' is not a valid date ({exc})") from None


_HINT = "write 2023-05-22, 2023-05-22T11:00 or 2023-05-22T11:00+03:00"



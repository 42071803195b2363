"""Time zones by their IANA names, and hints for names that are not one."""
from __future__ import annotations

import difflib
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .problems import ContentError

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
        raise ContentError(f"unknown time zone {name!r}", hint=_zone_hint(name)) from None


def _zone_hint(name: str) -> str:
    """A close IANA name for a misspelt one; the Moscow zone's for its abbreviation
    or offset, which name no place (and so no change of the clocks)."""
    if name.upper() in ("MSK", "MSD", "UTC+3", "GMT+3", "+03:00", "+0300", "+03"):
        return "use the IANA name of the place, 'Europe/Moscow' for Moscow time"
    if name[:1] in "+-" or name.upper().startswith(("UTC+", "UTC-", "GMT+", "GMT-")):
        return "use the IANA name of the place, not an offset: e.g. 'Europe/Moscow'"
    zones = sorted(available_timezones())
    city = {zone.rsplit("/", 1)[-1].lower(): zone for zone in zones if "/" in zone}
    close = ([city[name.lower().replace(" ", "_")]] if name.lower().replace(" ", "_") in city
             else difflib.get_close_matches(name, zones, n=1, cutoff=0.8))
    return f"did you mean '{close[0]}'?" if close else "use an IANA name such as 'Europe/Moscow'"

"""What an event's start and end say together: the window the articles allow it,
and how precisely they date it (exports and the timeline read these)."""
from __future__ import annotations

from datetime import timedelta

from .timeparse import DAY, HOUR, MINUTE, PART


class Timed:
    """Mixed into model.Event, which has `start` and `end` (timeparse.When)."""
    __slots__ = ()

    @property
    def approximate(self) -> bool:
        """Whether a window bounds its time: drawn as a window, not at a point."""
        return self.start.is_window or (self.end is not None and self.end.is_window)

    @property
    def earliest(self):
        return self.start.moment

    @property
    def latest(self):
        """The last moment it may have gone on: the end of its end's (or start's) day or window."""
        return (self.end or self.start).last

    @property
    def precision(self) -> str:
        """How precisely the articles date it: 'minute', 'hour', 'part-of-day', 'day',
        or 'days' when only days, more than one, bound it."""
        ends = (self.start,) + ((self.end,) if self.end else ())
        kinds = {w.precision for w in ends}
        for coarse in (DAY, PART, HOUR):
            if coarse in kinds:
                if coarse == DAY and self.latest - self.earliest > timedelta(days=1):
                    return "days"
                return coarse
        return MINUTE

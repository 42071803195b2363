"""How times, dates and roles read on the page. Locale-independent on purpose,
so that output does not change with the machine's settings."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Event
# The date words are dates.py's; the pages and writers know them as present.long_date etc.
from .dates import (between, clock, date_range, dated, hours, long_date, month, short_date,
                    weekday, when_text)
from .timeparse import HOUR

ROLE_LABELS = {"involved": "involved", "claimant": "makes a claim",
               "reporter": "relays an account"}

NO_TIME = "time not given"

@dataclass(frozen=True, slots=True)
class TimeView:
    iso: str            # machine value for <time datetime>
    parts: tuple        # ((False, text), ...): the label in pieces
    day: str            # "Monday 22 May 2023"
    note: str
    spans_days: bool = False   # the label names its own dates: no day before it

    @property
    def has_label(self) -> bool:
        """Whether there is more to show than the day: a clock time or a span of days."""
        return self.parts != ((False, NO_TIME),)

    def shown(self, with_day: bool, under_untimed: bool = False) -> tuple:
        """The parts as a list or page shows them: with the day before a clock time
        when asked (a span of days names its own dates), or the day alone. Listed
        under a heading that says the sources give no time (the chronology's untimed
        group), a day alone shows nothing: the heading has said it."""
        if not self.has_label and under_untimed:
            return ()
        if not with_day or self.spans_days:
            return self.parts
        if not self.has_label:
            return ((False, self.day),)
        return ((False, self.day + ", "),) + self.parts

    def aside(self, alone: bool = False) -> str:
        """The note as it stands beside the time: in parentheses, unless it has its
        own, which would nest; then after a dash. With no time before it (`alone`),
        it is a sentence of its own."""
        if alone:
            return sentence(self.note)
        if "(" in self.note or ")" in self.note:
            return f"— {self.note}"
        return f"({self.note})"


def _plain(parts) -> str:
    return "".join(("c. " if marked else "") + text for marked, text in parts)


def counted(n: int, noun: str) -> str:
    """'no events', '1 event', '2 events', '1,250 events': the count and its noun, in
    the plural unless one."""
    return f"{n} {noun}" if n == 1 else f"{f'{n:,}' if n else 'no'} {noun}s"


def corroboration(citations: tuple, voices: int) -> str:
    """How many citations an event has, and how many speakers or outlets are behind
    them (`voices`, link.reporters); commentary among them is named apart, as it
    counts for none."""
    opinions = sum(1 for c in citations if c.commentary)
    reports = len(citations) - opinions
    if reports == 1:
        text = "1 citation"
    elif voices == 1:
        text = f"{reports} citations, all from one speaker or outlet"
    else:
        text = f"{counted(reports, 'citation')} from {voices} different speakers or outlets"
    if opinions:
        text += (", and 1 commentary, which is not counted" if opinions == 1 else
                 f", and {opinions} commentaries, which are not counted")
    return text + "."


def zone_time(zone) -> str:
    """The site's time zone as a reader says it: 'Moscow time' for Europe/Moscow (the
    key reads like a setting), 'UTC' for UTC and the Etc/ zones."""
    key = zone.key
    if key.startswith("Etc/GMT") and key[7:8] in ("+", "-"):
        # POSIX signs: Etc/GMT-3 is three hours ahead of UTC, so say it as 'UTC+3'.
        return "UTC" + {"+": "−", "-": "+"}[key[7]] + key[8:]
    if "/" not in key or key.startswith("Etc/"):
        return key.rsplit("/", 1)[-1]
    return key.rsplit("/", 1)[-1].replace("_", " ") + " time"


def cited_count(cited) -> str:
    """How much of the chronology rests on a source, from its (event, citation) pairs:
    '27 events (40 citations)', or '12 events' when each cites it once."""
    events = cited_events(cited)
    if events == len(cited):
        return counted(events, "event")
    return f"{counted(events, 'event')} ({counted(len(cited), 'citation')})"


def cited_events(cited) -> int:
    """How many events cite a source, from its (event, citation) pairs."""
    return len({event.slug for event, _ in cited})


def sentence(text: str) -> str:
    """The text with its first letter a capital, and nothing else changed (Jinja's
    `capitalize` lowers the rest, names and acronyms too)."""
    return text[:1].upper() + text[1:]


def joined(items, last: str = "and") -> str:
    """'A', 'A and B', 'A, B and C' (or, with last='or', 'A, B or C')."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def listed(names) -> str:
    """Source names one after another: 'MONDO, 22 May; Al Jazeera explainer'. Not
    joined by commas: a name may have one of its own."""
    return "; ".join(names)


def unlisted_actor(actor, members, relayed_by) -> str:
    """What an actor's page says when no entry names the actor: how the records
    still name it (as the affiliation of other actors, as an outlet articles
    relay), or that nothing does."""
    text = f"No entry in the chronology has {actor.name} among its actors, claimants or outlets"
    named = []
    if members:
        named.append("the affiliation of " + joined(m.name for m in members))
    if relayed_by:
        named.append("an outlet relayed in " + listed(s.name for s in relayed_by))
    if named:
        return f"{text}; {actor.name} is named only as {' and as '.join(named)}."
    return text + "."


def in_sentence(actor) -> str:
    """An actor's name inside a sentence: 'denied by the Kremlin', 'by the attackers';
    a publication keeps the 'The' of its title ('The Conversation')."""
    if actor.name.startswith("The ") and actor.kind != "media":
        return "the " + actor.name[4:]
    return actor.name


SHOWN_BY = 2   # names a status shows before 'and others': a badge stays short


def status_by(site, event) -> tuple[tuple[str, ...], bool]:
    """Whose the event's status is (attribution.py), as a sentence names them: the
    first SHOWN_BY names, and whether there are others."""
    slugs = site.status_by.get(event.slug, ())
    return tuple(in_sentence(site.actors[s]) for s in slugs[:SHOWN_BY]), len(slugs) > SHOWN_BY


def status_text(site, event) -> str:
    """'denied by Ukraine', 'claimed by A, B and others', or the status alone."""
    names, more = status_by(site, event)
    if not names:
        return event.status
    return f"{event.status} by {joined(names + (('others',) if more else ()))}"


def unlisted_place(place) -> str:
    return f"No entry in the chronology has {place.name} among its places."


def time_view(event: Event, zone) -> TimeView:
    start = event.start.in_zone(zone)
    end = event.end.in_zone(zone) if event.end else None
    spans_days = end is not None and end.date() != start.date()
    parts = _label(event, start, end, spans_days)
    vague = any(w and (w.is_window or w.precision == HOUR) for w in (event.start, event.end))
    note = event.time_note
    if event.phrase and vague:   # the article's words lead: the window is what they allow
        parts = ((False, f"“{event.phrase}”, "),) + parts
    elif event.phrase:
        note = "; ".join(x for x in (f"“{event.phrase}”", note) if x)
    return TimeView(iso=event.start.iso(zone), parts=parts,
                    day=long_date(start.date()), note=note, spans_days=spans_days)


def _label(event: Event, start, end, spans_days: bool) -> tuple:
    """The time as parts: a clock time only where an article gives one; a window
    as its bounds ('before 09:00 MSK', 'between 05:00 and 12:00 MSK')."""
    first, start_day = event.start, event.start.is_day
    if end is None and start_day and event.after:   # its place among the day's is given
        return ((False, "later that day"),)
    if end is None:
        return ((False, NO_TIME),) if start_day else ((False, when_text(first, start)),)
    last, end_day = event.end, event.end.is_day
    if spans_days:
        if start_day and end_day:
            return ((False, date_range(start.date(), end.date())),)
        return dated(first, start) + ((False, " – "),) + dated(last, end)
    if start_day and end_day:
        return ((False, NO_TIME),)
    if start_day:   # the sources give when it ended, not when it began
        return ((False, "until " + when_text(last, end, upto=True)),)
    if end_day:     # it began at a known time and went on that day
        return ((False, "from " + when_text(first, start)),)
    if first.is_window or last.is_window:   # from one window (or time) to another
        return ((False, between(start, last.last.astimezone(end.tzinfo))),)
    return ((False, f"{hours(start)}–{clock(end)}"),)


def roles_label(roles) -> str:
    """'involved and makes a claim'."""
    return joined([ROLE_LABELS[r] for r in roles])


_STRAIGHT_PAIR = re.compile(r'"([^"]*)"')


def quotation(text: str) -> str:
    """A quotation as it stands inside our own quotation marks: its own double
    marks become single ones, as English nests them (“… ‘sabotage group’ …”)
    rather than “… “sabotage group” …”. For reading only: events.json and events.csv
    keep the words exactly as cited."""
    return _STRAIGHT_PAIR.sub(r"‘\1’", text).replace("“", "‘").replace("”", "’")


def citation_text(site, citation) -> str:
    """One account as a plain-text line, for feeds, calendars and data files:
    'Claimant, via Outlet, as reported in Name (“Title”, Publisher, 2023-05-24): “quote” — says':
    the short name the pages cite it by, then the headline, for a reader with no page to look it up."""
    src = site.sources[citation.source]
    who = [site.actors[citation.claimant].name] if citation.claimant else []
    if citation.via:
        who.append("via " + site.actors[citation.via].name)
    lead = ", ".join(who) + ", as reported in" if who else "Reported in"
    publisher = "publisher not named" if src.publisher == "unknown" else src.publisher
    headline = f"“{src.title}”" if src.title != src.name else ""   # a short headline is its own name
    facts = ", ".join(x for x in (headline, publisher,
                                  src.published.isoformat() if src.published else "") if x)
    line = ("Commentary: " if citation.commentary else "") + f"{lead} {src.name} ({facts})"
    if citation.quote:
        line += f": “{quotation(citation.quote)}”"
    if citation.says:
        line += f" — {citation.says}"
    return line


def view_text(view: TimeView, note: bool = True) -> str:
    """The event's time (its `time_view`) as one plain line:
    'Monday 22 May 2023, “early on Monday”, before 09:00 MSK (Al Jazeera)'."""
    text = _plain(view.shown(with_day=True))
    if note and view.note:
        text += " " + view.aside()
    return text

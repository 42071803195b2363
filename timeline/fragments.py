"""HTML that many pages show alike, made in Python rather than by Jinja macros.

An event's time and status stand beside it on its own page and in every list
that names it (the chronology, the disputed page, its actors', places', tags'
and sources' pages), and its time on its marks in the timelines: as macros they
were a fifth of the lists' rendering. A `Fragments` works out each event's
time once and lives for one `render.Renderer` (one slice of a build's pages),
so it never outlives the records it was made from; it
reads nothing from `site`, so reusing it leaves page deps as they were.
An account (`citation`) and a status with whose it is (`status`) are made per
page, reading `site` through the page's own depends.SiteReader, as the macros did.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import replace

from markupsafe import Markup, escape

from . import present
from .model import STATUSES



class Fragments:
    def __init__(self, zone):
        self.zone = zone
        self._views: dict = {}    # slug -> present.TimeView

    def view(self, event) -> present.TimeView:
        """present.time_view, which the timelines' marks ask for too."""
        view = self._views.get(event.slug)
        if view is None:
            view = self._views[event.slug] = present.time_view(event, self.zone)
        return view

    def time(self, event, with_day: bool = False, under_untimed: bool = False,
             note: bool = True, phrase: bool = True) -> Markup:
        """The event's time in a <time> element, its note beside it unless `note` is
        false (lists: the summary, not how the time was worked out, should lead), the
        article's words for a window unless `phrase` is false (the index's summary);
        `under_untimed`: listed under a heading that says the sources give no time.
        Made anew each time from the kept view: kept too, the HTML was 7 MiB more at
        10,000 events."""
        view = self.view(event)
        if not phrase and view.parts and view.parts[0][1].startswith("“"):
            # the summary's narrow column: the window's bounds; the entry has the words
            view = replace(view, parts=view.parts[1:])
        return _time(view, with_day, under_untimed, note)


def _time(t: present.TimeView, with_day: bool, under_untimed: bool = False,
          note: bool = True) -> Markup:
    parts = t.shown(with_day, under_untimed)
    if not note:
        t = replace(t, note="")
    if not parts and not t.note:
        return Markup("")
    label = "".join(escape(text) for _, text in parts)
    time = f'<time datetime="{escape(t.iso)}">{label}</time>' if parts else ""
    note = (f'{" " if parts else ""}<bdi class="time-note">{escape(t.aside(alone=not parts))}'
            f'</bdi>' if t.note else "")
    return Markup(f'<span class="when">{time}{note}</span>')


def citation(site, href, time, c, show_event=None) -> Markup:
    """One account: who made it, through whom, in which article, in what words;
    with `show_event`, led by the event it is about (a source's page). On event,
    source and disputed pages alike; `site` is the page's (depends.SiteReader),
    so that its reads are noted as the template's were."""
    src = site.sources[c.source]
    parts = ['<div class="account">\n']
    if show_event:
        parts.append(f'<p class="account-event"><a href="{escape(href.event(show_event))}">'
                     f'<bdi>{escape(show_event.title)}</bdi></a> · {time(show_event, with_day=True)}</p>')
    parts.append('  <p class="account-who">\n')
    if c.commentary:   # an opinion the article embeds, not a report: said before who
        parts.append('<span class="commentary">Commentary</span> ')
    if c.claimant:
        parts.append(f'<a href="{escape(href.actor(c.claimant))}"><bdi>{escape(site.actors[c.claimant].name)}</bdi></a>, ')
    if c.via:
        parts.append(f'via <a href="{escape(href.actor(c.via))}"><bdi>{escape(site.actors[c.via].name)}</bdi></a>, ')
    parts.append("as reported in " if c.claimant or c.via else "Reported in ")
    # The short name: the headline, 25 words in some, is on the source's own page.
    parts.append(f'<a href="{escape(href.source(src.slug))}"><cite><bdi>{escape(src.name)}</bdi></cite></a>\n  </p>\n')
    if c.says:
        parts.append(f'<p class="says">{escape(c.says)}</p>')
    if c.quote:
        parts.append(f'<blockquote class="quote"><p>{escape(present.quotation(c.quote))}</p></blockquote>')
    parts.append("</div>")
    return Markup("".join(parts))


def status(site, event, words: str = "") -> Markup:
    """The event's status as a label, its meaning in the title, and whose it is
    (present.status_by): 'DENIED by Ukraine'. `site` is the page's. Beside `words`
    that name everyone it is attributed to (a key point: 'the attackers call that
    untrue'), the label alone: the words say whose it is, in fewer lines."""
    names, more = present.status_by(site, event)
    if words and names and not more and all(_named(words, name) for name in names):
        return _STATUS_HTML[event.status]
    return _status(event.status, names, more)


def status_note(site, event) -> Markup:
    """The status on the event's own page: the label, then what the status means."""
    names, _ = present.status_by(site, event)
    return Markup(f"{status(site, event)}{'.' if names else ''} "
                  f"{escape(present.sentence(STATUSES[event.status]))}.")


def _named(words: str, name: str) -> bool:
    """Whether `words` name `name`, as whole words, whatever the case ('The attackers')."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", words, re.IGNORECASE) is not None


@lru_cache(maxsize=1024)   # a few statuses and speakers recur on every list
def _status(name: str, names: tuple, more: bool) -> Markup:
    badge = _STATUS_HTML[name]
    if not names:
        return badge
    who = [f"<bdi>{escape(n)}</bdi>" for n in names] + (["others"] if more else [])
    # One element, so that a list's wrapping never parts the label from its 'by'.
    return Markup(f'<span class="status-by">{badge} by {present.joined(who)}</span>')


_STATUS_HTML = {name: Markup(f'<span class="status status-{escape(name)}" '
                             f'title="{escape(meaning)}">{escape(name)}</span>')
                for name, meaning in STATUSES.items()}

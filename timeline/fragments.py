"""HTML that many pages show alike, made in Python once per event and reused.

An event's time and status stand beside it on its own page and in every list
that names it (the chronology, the disputed page, its actors', places', tags'
and sources' pages), and its time on its marks in the timelines: as Jinja
macros they were a fifth of the lists' rendering.
A `Fragments` lives for one `render.render_pages` call, that is one build (in
`serve`, one rebuild), so it never outlives the records it was made from. Its
pieces read nothing from `site`, so reusing them leaves page deps as they were.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from . import present
from .model import STATUSES

_APPROXIMATELY = '<abbr title="approximately">c.</abbr> '


class Fragments:
    def __init__(self, zone):
        self.zone = zone
        self._views: dict = {}    # slug -> present.TimeView
        self._times: dict = {}    # (slug, with_day) -> Markup

    def view(self, event) -> present.TimeView:
        """present.time_view, which the timelines' marks ask for too."""
        view = self._views.get(event.slug)
        if view is None:
            view = self._views[event.slug] = present.time_view(event, self.zone)
        return view

    def time(self, event, with_day: bool = False) -> Markup:
        """The event's time in a <time> element, its note beside it."""
        key = (event.slug, with_day)
        html = self._times.get(key)
        if html is None:
            html = self._times[key] = _time(self.view(event), with_day)
        return html


def _time(t: present.TimeView, with_day: bool) -> Markup:
    label = "".join(f"{_APPROXIMATELY if marked else ''}{escape(text)}"
                    for marked, text in t.shown(with_day))
    note = f' <span class="time-note">{escape(t.aside)}</span>' if t.note else ""
    return Markup(f'<span class="when{" approximate" if t.approximate else ""}">'
                  f'<time datetime="{escape(t.iso)}">{label}</time>{note}</span>')


def status(event) -> Markup:
    """The event's status as a label, its meaning in the title."""
    return _STATUS_HTML[event.status]


_STATUS_HTML = {name: Markup(f'<span class="status status-{escape(name)}" '
                             f'title="{escape(meaning)}">{escape(name)}</span>')
                for name, meaning in STATUSES.items()}

"""schema.org `Event` JSON-LD for event pages.

Only what the content states: no end date, place or address is made up, and
`url` appears only when the site's base URL is known. The JSON is escaped so
that no text can close the <script> element it sits in.
"""
from __future__ import annotations

from markupsafe import Markup

from .. import urls
from ..model import Event, Site
from . import jsontext

_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
           "\u2028": "\\u2028", "\u2029": "\\u2029"}


def event_data(site: Site, event: Event) -> dict:
    zone = site.config.timezone
    data = {"@context": "https://schema.org", "@type": "Event", "name": event.title,
            "startDate": event.start.iso(zone)}
    if event.end:
        data["endDate"] = event.end.iso(zone)
    if event.places:
        data["location"] = [{"@type": "Place", "name": site.places[slug].name}
                            for slug in event.places]
    if event.summary:   # the body is optional
        data["description"] = event.summary
    if site.config.base_url:
        data["url"] = urls.absolute(site.config.base_url, urls.event(event.slug))
    return data


def script_json(data) -> Markup:
    """JSON safe to put between <script> and </script> as it is."""
    text = jsontext.dumps(data, indent=1)
    for char, escaped in _UNSAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)


def event_jsonld(site: Site, event: Event) -> Markup:
    return script_json(event_data(site, event))

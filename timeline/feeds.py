"""feed.xml (Atom 1.0, RFC 4287) and, with --base-url, sitemap.xml.

The feed lists events newest first. Its dates come from the content (see
records.event_updated), its ids are urn:uuid values stable per slug. Without a
base URL the links are relative to the feed (which sits at the site root), so it
works from disk and from any host; with one they are absolute.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

from . import present, urls
from .model import Site
from .records import event_updated, event_urn, feed_urn, rfc3339, site_updated
from .render import Output

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


def feed_outputs(site: Site, pages: list[str]) -> list[Output]:
    outputs = [Output(urls.FEED, atom_feed(site))]
    if site.config.base_url:
        outputs.append(Output(urls.SITEMAP, sitemap(site, pages)))
    return outputs


def linker(site: Site, here: str) -> urls.Linker:
    return urls.Linker(here, site.config.base_url, absolute_links=bool(site.config.base_url))


def _text(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _link(parent: ET.Element, rel: str, href: str, kind: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": kind, "href": href})


def serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def atom_feed(site: Site) -> bytes:
    c, href = site.config, linker(site, urls.FEED)
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": c.language})
    _text(root, "id", feed_urn(site))
    _text(root, "title", c.title)
    _text(root, "subtitle", c.description)
    _text(root, "updated", rfc3339(site_updated(site)))
    _text(ET.SubElement(root, "author"), "name", c.title)
    _link(root, "alternate", href(urls.INDEX), "text/html")
    if c.base_url:
        _link(root, "self", href(urls.FEED), "application/atom+xml")
    for event in reversed(site.events):  # newest first
        root.append(entry(site, event))
    return serialise(root)


def entry(site: Site, event) -> ET.Element:
    page = urls.event(event.slug)
    element = ET.Element("entry")
    _text(element, "id", event_urn(site, event.slug))
    _text(element, "title", event.title)
    _text(element, "updated", rfc3339(event_updated(site, event)))
    _link(element, "alternate", linker(site, urls.FEED)(page), "text/html")
    for tag in event.tags:
        ET.SubElement(element, "category", {"term": tag})
    _text(element, "summary", event.summary)
    # Links inside the content are relative to the event page, which xml:base names.
    base = linker(site, urls.FEED)(page)
    _text(element, "content", entry_html(site, event), type="html", **{"xml:base": base})
    return element


def entry_html(site: Site, event) -> str:
    """The entry as HTML: time and status, the text, then every account with its source."""
    href = linker(site, urls.event(event.slug))
    zone = site.config.timezone
    parts = [f"<p>{escape(present.when_text(event, zone))} · status: {escape(event.status)}</p>",
             event.body_html, "<h2>Sources</h2>", "<ul>"]
    for citation in event.citations:
        source = site.sources[citation.source]
        text = escape(present.citation_text(site, citation), quote=False)
        parts.append(f'<li>{text} <a href="{escape(href.source(citation.source))}">source notes</a>'
                     + (f' · <a href="{escape(source.url)}">article</a>' if source.url else "")
                     + "</li>")
    parts.append("</ul>")
    return "\n".join(parts)


def sitemap(site: Site, pages: list[str]) -> bytes:
    """Every HTML page except the 404 page, at its absolute address."""
    root = ET.Element("urlset", {"xmlns": SITEMAP})
    for page in pages:
        if page != urls.NOT_FOUND:
            _text(ET.SubElement(root, "url"), "loc", urls.absolute(site.config.base_url, page))
    return serialise(root)

"""feed.xml (Atom 1.0, RFC 4287) and, with --base-url, sitemap.xml.

The feed lists the latest events (site.yaml's `feed_entries`, 50 unless it
says), newest first. Its dates come from the content (see records.event_updated),
its ids are urn:uuid values stable per slug. Without a base URL the links are
relative to the feed (which sits at the site root), so it works from disk and from
any host; with one they are absolute.
"""
from __future__ import annotations

import itertools
from html import escape
from typing import Iterator

from .. import urls
from ..model import Site
from ..files import Streamed
from .records import EventFacts, feed_urn, rfc3339

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'


def feed_outputs(site: Site, pages: list[str], entries, updated) -> list[Streamed]:
    """The feed from its entries (`entry` of each event, newest first) and the
    latest of their `event_updated`; the sitemap from the pages' paths. The feed
    holds the latest `feed_entries` (site.yaml), as feed readers expect: every
    event is in the data files."""
    latest_entries = itertools.islice(entries, site.config.feed_entries)
    outputs = [Streamed(urls.FEED, atom_feed(site, latest_entries, updated))]
    if site.config.base_url:
        outputs.append(Streamed(urls.SITEMAP, sitemap(site, pages)))
    return outputs


def linker(site: Site, here: str) -> urls.Linker:
    return urls.Linker(here, site.config.base_url, absolute_links=bool(site.config.base_url))


# The XML is written as text, one element per line, exactly as ElementTree with
# ET.indent wrote it before (its escaping, " />" for an empty element) at a
# fraction of the cost: every element here holds either text or child elements.

def _text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    return (_text(value).replace('"', "&quot;").replace("\r", "&#13;")
            .replace("\n", "&#10;").replace("\t", "&#09;"))


def _open(tag: str, attrs: dict) -> str:
    return "<" + tag + "".join(f' {k}="{_attribute(v)}"' for k, v in attrs.items())


def _element(indent: str, tag: str, text: str = "", **attrs) -> str:
    """One element on its own line; with no text it closes itself."""
    head = indent + _open(tag, attrs)
    return f"{head}>{_text(text)}</{tag}>" if text else head + " />"


def _link(indent: str, rel: str, href: str, kind: str) -> str:
    return _element(indent, "link", rel=rel, type=kind, href=href)


def _document(lines) -> Iterator[str]:
    yield XML_DECLARATION
    for line in lines:
        yield "\n"
        yield line
    yield "\n"


def atom_feed(site: Site, entries, updated) -> Iterator[str]:
    c, href = site.config, linker(site, urls.FEED)
    lines = [_open("feed", {"xmlns": ATOM, "xml:lang": c.language}) + ">",
             _element("  ", "id", feed_urn(site)),
             _element("  ", "title", c.title),
             _element("  ", "subtitle", c.description),
             _element("  ", "updated", rfc3339(updated)),
             "  <author>", _element("    ", "name", c.title), "  </author>",
             _link("  ", "alternate", href(urls.INDEX), "text/html")]
    if c.base_url:
        lines.append(_link("  ", "self", href(urls.FEED), "application/atom+xml"))
    return _document(itertools.chain(lines, entries, ["</feed>"]))


def entry(site: Site, event, facts: EventFacts) -> str:
    """One event's <entry>, indented for its place in the feed."""
    # Links inside the content are relative to the event page, which xml:base names.
    page = linker(site, urls.FEED)(urls.event(event.slug))
    lines = ["  <entry>",
             _element("    ", "id", facts.uuid.urn),
             _element("    ", "title", event.title),
             _element("    ", "updated", rfc3339(facts.updated)),
             _link("    ", "alternate", page, "text/html")]
    lines += [_element("    ", "category", term=tag) for tag in event.tags]
    if event.summary:   # the body is optional; Atom's summary is too
        lines.append(_element("    ", "summary", event.summary))
    lines.append(_element("    ", "content", entry_html(site, event, facts),
                          type="html", **{"xml:base": page}))
    lines.append("  </entry>")
    return "\n".join(lines)


def entry_html(site: Site, event, facts: EventFacts) -> str:
    """The entry as HTML: time and status, the text, then every account with its source."""
    href = linker(site, urls.event(event.slug))
    parts = [f"<p>{escape(facts.when)} · status: {escape(facts.status)}</p>",
             facts.body_html, "<h2>Sources</h2>", "<ul>"]
    for citation, line in zip(event.citations, facts.citations):
        source = site.sources[citation.source]
        text = escape(line, quote=False)
        parts.append(f'<li>{text} <a href="{escape(href.source(citation.source))}">source notes</a>'
                     + (f' · <a href="{escape(source.url)}">article</a>' if source.url else "")
                     + "</li>")
    parts.append("</ul>")
    return "\n".join(parts)


def sitemap(site: Site, pages: list[str]) -> Iterator[str]:
    """Every HTML page except the 404 page, at its absolute address."""
    lines = [_open("urlset", {"xmlns": SITEMAP}) + ">"]
    for page in pages:
        if page != urls.NOT_FOUND:
            lines += ["  <url>", _element("    ", "loc", urls.absolute(site.config.base_url, page)),
                      "  </url>"]
    lines.append("</urlset>")
    return _document(lines if len(lines) > 2 else [_element("", "urlset", xmlns=SITEMAP)])

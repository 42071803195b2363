"""Links that Markdown bodies make into the site itself: each must name a file the
build makes. Read from disk, a link to a missing page is a dead click, one to a
folder opens a directory listing, and one from the server's root ('/x.html')
leads into the reader's own file system: all three are problems, at their line."""
from __future__ import annotations

import difflib
import posixpath
from urllib.parse import unquote

from . import urls
from .model import Site
from .problems import Problem


def check(site: Site, paths, about: tuple = ()) -> list[Problem]:
    """The problems with the links of every record's body, and of about.md's
    (`about`: its path and links); `paths` is every file the build makes, or a
    function giving it (only called when some body links into the site)."""
    linking = list(_linking(site, about))
    if not linking:
        return []
    made = paths() if callable(paths) else paths
    return [Problem(path, line, message, hint)
            for page, path, links in linking for href, line in links
            for message, hint in [_judge(page, href, made)] if message]


def _linking(site: Site, about: tuple):
    """(page, file, links) for each page whose body links into the site."""
    for event in site.events:
        if event.links:
            yield urls.event(event.slug), event.where.path, event.links
    for kind in ("sources", "actors", "places"):
        for slug, record in getattr(site, kind).items():
            if record.links:
                yield urls.record(kind, slug), record.where.path, record.links
    if about and about[1]:
        yield (urls.ABOUT, *about)


def _judge(page: str, href: str, made) -> tuple[str, str]:
    """What is wrong with the link `href` on `page`, and a hint; ('', '') if nothing."""
    target = unquote(href.split("#", 1)[0].split("?", 1)[0])
    if not target:   # '?x' alone: this page
        return "", ""
    folder = posixpath.dirname(page)
    if target.startswith("/"):
        resolved = posixpath.normpath(target.lstrip("/"))
        return (f"link '{href}' starts from the server's root, which read from disk is the "
                "computer's", _suggest(page, resolved, made, "write it from this page"))
    resolved = posixpath.normpath(posixpath.join(folder, target))
    if resolved in made:
        return "", ""
    if resolved.startswith("../") or resolved == "..":
        return f"link '{href}' leads out of the site", "link only to the site's own pages"
    index = posixpath.join(resolved, "index.html")
    if index in made:
        return (f"link '{href}' names a folder, which read from disk shows a file listing",
                f"name its page: '{urls.relative(page, index)}'")
    return f"link '{href}' leads to no page of the site", _suggest(page, resolved, made, "did you mean")


def _suggest(page: str, resolved: str, made, lead: str) -> str:
    close = difflib.get_close_matches(resolved, sorted(made), n=1, cutoff=0.6)
    if close:
        return f"{lead} '{urls.relative(page, close[0])}'?" if lead == "did you mean" \
            else f"{lead}: '{urls.relative(page, close[0])}'"
    return "links between pages are relative and name the .html file, e.g. '../events/slug.html'"

"""Links that Markdown bodies make into the site itself: each must name a file the
build makes. Read from disk, a link to a missing page is a dead click, one to a
folder opens a directory listing, and one from the server's root ('/x.html')
leads into the reader's own file system: all three are problems, at their line,
found for all of a body's links in one pass over its text (site_links)."""
from __future__ import annotations

import bisect
import difflib
import posixpath
import re
from html import unescape
from urllib.parse import unquote

from . import markup, urls
from .model import Site
from .problems import Problem, display_path


# Past this many bad links, no closest page is looked for: each look compares the
# link with every file of the site, and a moved folder can break thousands at once.
SUGGESTIONS = 20
GENERIC = "links between pages are relative and name the .html file, e.g. '../events/slug.html'"


def check(site: Site, paths, about: tuple = (), drafts=None) -> list[Problem]:
    """The problems with the links of every record's body, and of about.md's
    (`about`: its path and links); `paths` is every file the build makes, or a
    function giving it (only called when some body links into the site);
    `drafts` maps the pages of the drafts this build leaves out to their files."""
    linking = list(_linking(site, about))
    if not linking:
        return []
    made = paths() if callable(paths) else paths
    known = _Known(made, drafts or {})
    problems = []
    for page, path, links in linking:
        for href, line in links:
            message, hint = _judge(page, href, known)
            if message:
                problems.append(Problem(path, line, message, hint))
    return problems


class _Known:
    """The site's files, and the closest of them to a link that names none (for
    the first SUGGESTIONS such links only)."""

    def __init__(self, made, drafts: dict):
        self.made, self.drafts, self._sorted, self._asked = made, drafts, None, 0

    def __contains__(self, path: str) -> bool:
        return path in self.made

    def hint(self, page: str, resolved: str, form: str) -> str:
        self._asked += 1
        if self._asked > SUGGESTIONS:
            return GENERIC
        self._sorted = self._sorted or sorted(self.made)
        close = difflib.get_close_matches(resolved, self._sorted, n=1, cutoff=0.6)
        return form.format(urls.relative(page, close[0])) if close else GENERIC


def _linking(site: Site, about: tuple):
    """(page, file, links) for each page whose body links into the site."""
    for event in site.events:
        if event.links:
            yield urls.event(event.slug), event.where.path, event.links
    for kind in ("sources", "actors", "places"):
        for slug, record in getattr(site, kind).items():
            if record.links:
                yield urls.record(kind, slug), record.where.path, record.links
    for linked in site.disputes:
        if linked.dispute.links:
            yield urls.DISPUTED, linked.dispute.where.path, linked.dispute.links
    if about and about[1]:
        yield (urls.ABOUT, *about)


def _judge(page: str, href: str, known: _Known) -> tuple[str, str]:
    """What is wrong with the link `href` on `page`, and a hint; ('', '') if nothing."""
    target = unquote(href.split("#", 1)[0].split("?", 1)[0])
    if not target:   # '?x' alone: this page
        return "", ""
    if target.startswith("/"):
        return (f"link '{href}' starts from the server's root, which read from disk is the "
                "computer's", known.hint(page, posixpath.normpath(target.lstrip("/")),
                                         "write it from this page: '{}'"))
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
    if resolved.startswith("../") or resolved == "..":
        return f"link '{href}' leads out of the site", "link only to the site's own pages"
    # 'x.html/' is no file (normpath would drop the '/'); '../', '.', 'actors/' are folders.
    folder = target.endswith(("/", "/.", "/..")) or posixpath.basename(target) in (".", "..")
    if resolved in known and not folder:
        return "", ""
    if resolved in known.drafts:   # the closest page would be a guess: say why it is missing
        return (f"link '{href}' leads to a draft's page, which is only made with --drafts",
                f"publish the draft (remove 'draft: true' from "
                f"{display_path(known.drafts[resolved])}) or remove the link")
    index = posixpath.normpath(posixpath.join(resolved, "index.html"))
    if folder and index in known:
        return (f"link '{href}' names a folder, which read from disk shows a file listing",
                f"name its page: '{urls.relative(page, index)}'")
    if folder and resolved in known:
        return f"link '{href}' names a page as a folder", f"leave out the '/': '{target.rstrip('/.')}'"
    return f"link '{href}' leads to no page of the site", known.hint(page, resolved, "did you mean '{}'?")


# A link as `sanitise` writes it: its href in double quotes, with '&' as '&amp;'.
_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')


def site_links(html: str, text: str) -> tuple[tuple[str, int], ...]:
    """The links of sanitised `html` into the site itself: those without a scheme
    that lead off the page (not '#...'), each with the line of `text`, the Markdown
    it was made from, that writes it (from 0; the first line if it is not found as
    written). One pass over each: links come in the text's order, so each is looked
    for past the one before, and lines are counted on from there."""
    if 'href="' not in html:   # the usual body: no link at all
        return ()
    written = _Written(text)
    found, after, line, counted = [], 0, 0, 0   # lines counted up to `counted`
    for match in _HREF.finditer(html):
        href = unescape(match.group(1))
        bare = markup.URL_IGNORED.sub("", href)   # as a browser reads it (see markup._filter_attribute)
        if bare and not bare.startswith("#") and not markup.SCHEME.match(bare):
            at = written.find(href, after)
            if at >= 0:
                line += text.count("\n", counted, at)
                counted, after = at, at + 1
            found.append((href, line if at >= 0 else 0))
    return tuple(found)


# A link target as Markdown or HTML writes it: after '(', '<', ':', a quotation mark
# or '=', up to a space, quotation mark, bracket or parenthesis.
_TARGET = re.compile(r"""(?:[(<"'=]|:)[ \t]*([^\s"'<>()]+)""")
_BACKSLASHED = re.compile(r"\\(.)")


class _Written:
    """Where the text writes each link target, found in one pass, so that '../'
    is not found inside '../events/x.html'. A target written some other way is
    looked for as a plain string, in at most twice the text's length in all."""

    def __init__(self, text: str):
        self.text, self.budget, self.places = text, 2 * len(text), {}
        for match in _TARGET.finditer(text):
            target = match.group(1)
            for key in {target, unescape(_BACKSLASHED.sub(r"\1", target))}:
                self.places.setdefault(key, []).append(match.start(1))

    def find(self, href: str, after: int) -> int:
        """Where `href` is written at or past `after`; -1 if not found."""
        places = self.places.get(href, ())
        i = bisect.bisect_left(places, after)
        if i < len(places):
            return places[i]
        if self.budget <= 0:
            return -1
        at = self.text.find(href, after)
        self.budget -= (at if at >= 0 else len(self.text)) - after
        return at

"""Markdown to safe HTML, configured once.

Contributors write Markdown; raw HTML in it is not trusted. python-markdown
renders (code blocks highlighted by Pygments), then nh3 (the maintained Rust
`ammonia` sanitiser) keeps only an allow-list of tags, attributes and URL
schemes, so no script, handler, frame or `javascript:` URL survives.
"""
from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager
from html import unescape

import markdown
import nh3
from markdown.treeprocessors import InlineProcessor
from pygments.formatters import HtmlFormatter
from pygments.token import STANDARD_TYPES

from . import mdlimits, mdmarks
from .mdinline import SkippingInlineProcessor
from .mdlimits import MAX_NESTING, nesting
from .problems import ContentError

_EXTENSIONS = ["extra", "sane_lists", "codehilite"]
_CONFIG = {"codehilite": {"guess_lang": False, "css_class": "codehilite"}}
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "ol", "p", "pre", "q", "s",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}, "ol": {"start"},
    "sup": {"id"}, "li": {"id"},   # footnotes: only their own ids (see _filter_attribute)
}
# Only the classes code highlighting and footnotes use, so content cannot dress up
# as the site's own interface (a fake status badge or navigation link).
_CLASSES = {"div": {"codehilite", "footnote"}, "a": {"footnote-ref", "footnote-backref"},
            "span": {c for c in STANDARD_TYPES.values() if c} | {"hll"}}
# python-markdown's footnote ids ('fn:1', 'fnref:1', 'fnref2:1' for a second reference).
_FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:[\w-]+")
_SCHEMES = {"http", "https", "mailto"}
# Browsers drop ASCII tab and newline anywhere in a URL, and control characters and
# spaces at its ends, so 'java<TAB>script:' runs; judge the URL as they will read it.
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_local = threading.local()
# A backstop only: the limits on the text (mdlimits, mdmarks) keep python-markdown's
# time in proportion to it, so a body still rendering after this long has found a
# gap in them. Unlike them it depends on the machine, and says so. Once it has
# stopped one body the build has failed: later bodies get a shorter wait.
BACKSTOP_SECONDS = 30.0
BACKSTOP_AFTER_ONE = 3.0
_backstop = {"seconds": BACKSTOP_SECONDS}
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")   # python-markdown's for what it put aside
# Characters that are invisible, or that XML (the feed) and HTML do not allow.
# Tab and line feed are text; CR never reaches here (line endings are normalised).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
def _converter() -> markdown.Markdown:
    # One Markdown instance per thread, reset between documents (it is not re-entrant).
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(extensions=_EXTENSIONS,
                                           extension_configs=_CONFIG, output_format="html")
        if hasattr(InlineProcessor, "_InlineProcessor__applyPattern"):  # as in 3.10
            md.treeprocessors.register(SkippingInlineProcessor(md), "inline", 20)
        # After code is highlighted (30), before the inline pass (20) it judges.
        md.treeprocessors.register(mdmarks.RunLimits(md), "run_limits", 25)
    return md


class _TooSlow(Exception):
    pass


def start_build() -> None:
    """A new build gets the backstop's full wait again."""
    _backstop["seconds"] = BACKSTOP_SECONDS


def to_html(text: str) -> str:
    """Render Markdown and sanitise the result; raise ContentError if it cannot be
    (its `line` counts from 0 at the text's first line)."""
    bad = CONTROL.search(text)
    if bad:
        raise ContentError(f"the text contains a character that is not allowed "
                           f"(U+{ord(bad.group()):04X})",
                           text.count("\n", 0, bad.start()),
                           "delete it; it is invisible and not allowed in web pages")
    mdlimits.check_source(text)
    html = _rendered(text)
    # The page title is the only h1: body headings move one level down.
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)
    if nesting(html) > MAX_NESTING:
        raise ContentError(f"the text nests HTML elements more than {MAX_NESTING} deep",
                           hint="close the tags you open; raw HTML is rarely needed")
    html = sanitise(html)
    bad = CONTROL.search(html)
    if bad:   # the sanitiser decodes '&#7;' in raw HTML: the character itself is written
        raise _referenced(text, bad.group())
    return html


def _rendered(text: str) -> str:
    """python-markdown's HTML for `text`, or ContentError: from a limit on its
    paragraphs (at the paragraph's line), or from the backstop."""
    seconds = _backstop["seconds"]
    try:
        with _time_limit(seconds):
            return _converter().reset().convert(text)
    except mdmarks.Refused as refused:
        _local.md = None  # stopped mid-document: start the next one afresh
        problem = refused.problem
        raise ContentError(problem.message, _line_of(text, refused.run), problem.hint) from None
    except RecursionError:
        _local.md = None
        raise mdlimits.refused("python-markdown nests too deeply for Python", _REPORT) from None
    except _TooSlow:
        _local.md = None
        _backstop["seconds"] = BACKSTOP_AFTER_ONE
        raise mdlimits.refused(f"it was still rendering after {seconds:g} seconds, a time "
                               f"limit that depends on the machine and its load",
                               _REPORT) from None


_REPORT = "the limits on the text should have caught it first: please report it; meanwhile " \
          "simplify the text"


def _line_of(text: str, run: str) -> int:
    """The line of `text` where `run` (a paragraph as python-markdown holds it,
    marks and indentation gone, code as placeholders) starts; 0 if not found. Its
    start is looked for as written, then line by line."""
    head = max(_PLACEHOLDER.split(run[:200]), key=len)
    for piece in [head] + head.split("\n"):
        at = text.find(piece.strip()) if len(piece.strip()) >= 3 else -1
        if at >= 0:
            return text.count("\n", 0, at)
    return 0


# A numeric character reference as the HTML parser reads one (the ';' may be left out).
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _referenced(text: str, char: str) -> ContentError:
    """The problem with a character that is refused in the text, written as a reference:
    at the first such reference outside code (in code it is shown as written)."""
    hint = "delete it; it is invisible and not allowed in web pages"
    found = [match for match in _REFERENCE.finditer(text)
             if int(match.group(1) or match.group(2), 16 if match.group(1) else 10) == ord(char)]
    if not found:
        return ContentError(f"the text makes a character that is not allowed (U+{ord(char):04X})",
                            0, hint)
    match = _first_outside_code(text, found)
    return ContentError(f"the text refers to a character that is not allowed "
                        f"({match.group()} is U+{ord(char):04X})",
                        text.count("\n", 0, match.start()), hint)


def _first_outside_code(text: str, matches: list):
    """The first of `matches` (in the text's order) outside code, roughly: not after
    an odd number of backticks on its line (a code span), nor on a line inside a
    fence or indented four spaces; the first of all if each is in code. One pass."""
    fenced, line_start, i = False, 0, 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        while i < len(matches) and matches[i].start() <= line_end:
            at = matches[i].start() - line_start
            if not (fenced or line.startswith(("    ", "\t")) or line.count("`", 0, at) % 2):
                return matches[i]
            i += 1
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        line_start = line_end + 1
    return matches[0]


@contextmanager
def _time_limit(seconds: float):
    """Interrupt the block after `seconds` (main thread only; elsewhere no limit)."""
    if (threading.current_thread() is not threading.main_thread()
            or not hasattr(signal, "setitimer")):
        yield
        return

    def expire(signum, frame):
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def sanitise(html: str) -> str:
    return _SANITISER.clean(html)


def _filter_attribute(tag: str, attribute: str, value: str):
    """Second line of defence for links: drop any whose scheme is not allowed, and
    any protocol-relative one ('//host/x'): opened from file:// it names a network
    share, on Windows one the system may send the reader's credentials to. Keep
    only footnote ids, so content cannot take an id the site's pages use."""
    if attribute == "id":
        return value if _FOOTNOTE_ID.fullmatch(value) else None
    if attribute != "href":
        return value
    url = URL_IGNORED.sub("", value)
    if url[:2].replace("\\", "/") == "//":
        return None
    scheme = SCHEME.match(url)
    return value if scheme is None or scheme.group(1).lower() in _SCHEMES else None


# Built once: nh3.clean() builds its allow-lists again on every call, half its time.
_SANITISER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                         allowed_classes=_CLASSES, attribute_filter=_filter_attribute,
                         link_rel="noopener noreferrer", strip_comments=True)
# A tag as `sanitise` writes it (html5ever's serialiser): attribute values are
# always in double quotes, with '"' written &quot;, and '<' in text is always &lt;,
# so a '<' starts a tag and the tag ends at the first '>' outside quotes.
_SANITISED_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')


def plain_text(html: str) -> str:
    """Text of sanitised HTML (the output of `sanitise`), for summaries and search."""
    # Removing the tags leaves the text nh3 keeps with no tag allowed, at a third
    # of the cost (test_markup.py compares the two): the output of `sanitise` has
    # no script or style element whose text would have to go too. Entities are
    # decoded in one pass, so '&amp;lt;' stays the text '&lt;'.
    # str.split() and re's \s agree on what is white space (str.isspace).
    return " ".join(unescape(_SANITISED_TAG.sub("", html)).split())


def first_sentence(text: str, limit: int = 200) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


def pygments_css() -> str:
    light = HtmlFormatter(style="default").get_style_defs(".codehilite")
    dark = HtmlFormatter(style="monokai").get_style_defs(".codehilite")
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"

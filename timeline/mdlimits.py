"""Limits that keep python-markdown's time in proportion to the text, judged on the
text alone, so that check and build, on any machine and under any load, agree.

python-markdown 3.10 takes time out of proportion to some texts. After every match
in a paragraph it searches the paragraph again from its start; for each emphasis,
code or bracket mark it cannot close it reads on to the paragraph's end, and again
after each later match; it reads the rest of a block again for each heading or
definition it takes off the block, and moves all later blocks for each block it
takes. A few thousand marks take minutes. Each limit here bounds one of these by
counting, set so that a text at a limit renders in under a second of processor
time (bench/markdown_limits.py times each) while real text stays far below it.
"""
from __future__ import annotations

import bisect
import functools
import re

from .problems import ContentError

MAX_DEPTH = 20            # lists and block quotations inside each other
MAX_BLOCKS = 10_000       # blank lines, which separate paragraphs, lists, headings...
MAX_CODE_BLOCKS = 500     # Pygments sets up a formatter for each
MAX_UNKNOWN_LANGUAGE = 50   # and searches its plug-ins for a language it does not know
MAX_FOOTNOTES = 500
MAX_ABBREVIATIONS = 100   # each is looked for all through the text
MAX_HTML_TAGS = 20_000    # written in the text (not Pygments'): the sanitiser is slow
# Characters read again: by the block parser for each line it takes off a block on
# its own, by the HTML parser for each '<' of a tag never closed, by the code block
# finder for each fence never closed, and for each level of lists and quotations.
MAX_BLOCK_READS = 2_000_000
MAX_HTML_READS = 500_000
MAX_FENCE_READS = 2_000_000
MAX_NESTED_READS = 2_000_000   # each list or quotation reads what is inside it again

# python-markdown's fence: a line of three or more '`' or '~', a language or {attributes}.
_FENCE = re.compile(r"^(~{3,}|`{3,})[ ]*(?:\{([^\n]*)\}|\.?([\w#.+-]*)[ ]*"
                    r"(?:hl_lines=([\"'])[^\n]*?\4[ ]*)?)\n", re.M)
_FENCE_LINE = re.compile(r"^(~{3,}|`{3,})[ ]*$", re.M)
_CLASS = re.compile(r"\.([\w#.+-]+)")
# An indented code block, and the language its first line may name (':::python').
_INDENTED_CODE = re.compile(r"(?:\A|\n[ \t]*\n)(?: {4}|\t)(?:(?:::+|#!)(?:/\w+)*[/ ]?"
                            r"([\w#.+-]*))?")
_BLANK = re.compile(r"^[ \t]*$", re.M)
# One level: a '>', a list item's mark, four spaces or a tab.
_LEVEL = r"(?:[ ]{0,3}(?:>|[-*+](?=[ ])|\d{1,9}[.)](?=[ ]))[ ]?|[ ]{4}|\t)"
_DEEP = re.compile(r"^%s{%d}" % (_LEVEL, MAX_DEPTH + 1), re.M)
_INDENTED = re.compile(r"^(?:[ ]{0,3}>|[ ]{4}|\t)+", re.M)
# Lines the block parser takes off a block one at a time: headings, rules, setext
# underlines, terms' definitions, reference, footnote and abbreviation definitions.
_ONE_LINE = re.compile(r"^[ ]{0,3}(?:#|\*?\[[^\]\n]*\]:|(?:[-*_][ ]*){3,}$|[=-]+[ ]*$|:[ ])",
                       re.M)
_BLOCK_END = re.compile(r"\n[ \t]*\n")
_FOOTNOTE = re.compile(r"^[ ]{0,3}\[\^[^\]\n]+\]:", re.M)
_ABBREVIATION = re.compile(r"^[ ]{0,3}\*\[[^\]\n]+\]:", re.M)
_TAG_START = re.compile(r"</?[a-zA-Z!?]")
HINT_RECORDS = "split it into several records"


def refused(message: str, hint: str, line: int = 0) -> ContentError:
    return ContentError(f"the Markdown body is too complex to render: {message}", line, hint)


def check_source(text: str) -> None:
    """Raise ContentError (its line counting from 0) if the text passes a limit on
    its blocks; its paragraphs' are checked as it is rendered (mdmarks.RunLimits)."""
    code = _Fences(text)
    _check_depth(text, code)
    _check_counts(text, code)
    _check_reads(text, code)


class _Fences:
    """The fenced code blocks as python-markdown finds them: from a fence to the
    next line that is the same fence, looked up rather than searched for."""

    def __init__(self, text: str):
        closing: dict = {}   # fence -> (start, end) of each line that is only that fence
        for match in _FENCE_LINE.finditer(text):
            closing.setdefault(match.group(1), []).append(match.span())
        self.spans, self.languages, self.unclosed, at = [], [], [], 0
        for match in _FENCE.finditer(text):
            if match.start() < at:   # inside the block before
                continue
            lines = closing.get(match.group(1), [])
            i = bisect.bisect_left(lines, (match.end(),))
            if i == len(lines):   # not a code block: python-markdown reads on to the end
                self.unclosed.append(match.start())
                continue
            at = lines[i][1]
            self.spans.append((match.start(), at))
            attributes = _CLASS.search(match.group(2) or "")
            self.languages.append(attributes.group(1) if attributes else match.group(3))
        self.starts = [start for start, _ in self.spans]

    def inside(self, at: int) -> bool:
        i = bisect.bisect_right(self.starts, at) - 1
        return i >= 0 and at < self.spans[i][1]

    def count(self, pattern: re.Pattern, text: str) -> int:
        """Matches of `pattern` in `text` outside the code blocks."""
        inside = sum(len(pattern.findall(text, start, end)) for start, end in self.spans)
        return len(pattern.findall(text)) - inside


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at)


def _check_depth(text: str, code: _Fences) -> None:
    for match in _DEEP.finditer(text):
        if not code.inside(match.start()):
            raise refused(f"it nests lists or block quotations more than {MAX_DEPTH} deep "
                          "(each '>', list item's mark and four spaces of indentation is "
                          "a level)", "nest fewer levels; put code in a fenced block ('```') "
                          "rather than indent it",
                          _line(text, match.start()))


def _check_counts(text: str, code: _Fences) -> None:
    # Each thing counted takes a line (a tag, two characters): most texts are too
    # short to reach any of these limits, and are not counted.
    if text.count("\n") < MAX_UNKNOWN_LANGUAGE - 1 and len(text) < 2 * MAX_HTML_TAGS:
        return
    indented = [match.group(1) for match in _INDENTED_CODE.finditer(text)
                if not code.inside(match.start())]
    unknown = [name for name in code.languages + indented if name and _unknown(name)]
    for count, limit, what, hint in [
            (code.count(_BLANK, text), MAX_BLOCKS, "blank lines (each may end a block: a "
             "paragraph, list, heading...)", HINT_RECORDS),
            (len(code.spans) + len(indented), MAX_CODE_BLOCKS, "code blocks", HINT_RECORDS),
            (len(unknown), MAX_UNKNOWN_LANGUAGE, "code blocks in a language Pygments does "
             "not know (such as '{}')", "name a language Pygments knows, or none"),
            (code.count(_FOOTNOTE, text), MAX_FOOTNOTES, "footnotes", HINT_RECORDS),
            (code.count(_ABBREVIATION, text), MAX_ABBREVIATIONS, "abbreviations ('*[...]:')",
             "define fewer abbreviations"),
            (code.count(_TAG_START, text), MAX_HTML_TAGS, "HTML tags",
             "write Markdown instead; raw HTML is rarely needed")]:
        if count > limit:
            what = what.format(unknown[0]) if unknown else what
            raise refused(f"it has {count:,} {what}; the limit is {limit:,}", hint)


@functools.cache
def _pygments_names() -> frozenset:
    from pygments.lexers import get_all_lexers
    return frozenset(alias.lower() for _, aliases, _, _ in get_all_lexers() for alias in aliases)


def _unknown(language: str) -> bool:
    return language.lower() not in _pygments_names()


def _check_reads(text: str, code: _Fences) -> None:
    length = len(text)
    for most, limit, reads, message, hint in [   # `most`: what the reads cannot pass
            ((text.count("\n") + 1) * length, MAX_BLOCK_READS, _block_reads,
             "the block parser reads the rest of a block again for each heading, rule or "
             "definition it takes off it", "put a blank line after each of them"),
            (text.count("<") * length, MAX_HTML_READS, _html_reads,
             "the HTML parser reads on to the end for each '<' of a tag that is never "
             "closed with '>'", "write '&lt;' for a '<' that is not a tag"),
            (len(code.unclosed) * length, MAX_FENCE_READS, _fence_reads,
             "python-markdown reads on to the end for each code fence ('```') that no "
             "line of the same fence closes", "close each code block with a line of the "
             "same fence"),
            (MAX_DEPTH * length, MAX_NESTED_READS, _nested_reads, "python-markdown reads "
             "the text in lists and quotations again for each level they are nested",
             "nest fewer levels; put code in a fenced block ('```') rather than indent it")]:
        if most > limit:
            found, at = reads(text, code)
            if found > limit:
                raise refused(f"{message}, {found:,} characters here; the limit is "
                              f"{limit:,}", hint, _line(text, at))


def _fence_reads(text: str, code: _Fences) -> tuple[int, int]:
    return sum(len(text) - at for at in code.unclosed), (code.unclosed or [0])[0]


def _block_reads(text: str, code: _Fences) -> tuple[int, int]:
    """Characters read again for the lines taken off blocks one at a time, and
    where the one that costs most is."""
    reads, worst, end = 0, (0, 0), -1
    for match in _ONE_LINE.finditer(text):
        at = match.start()
        if code.inside(at):
            continue
        if at >= end:
            found = _BLOCK_END.search(text, at)
            end = found.start() if found else len(text)
        reads += end - at
        worst = max(worst, (end - at, -at))
    return reads, -worst[1]


def _html_reads(text: str, code: _Fences) -> tuple[int, int]:
    """Characters read again for the tags after the last '>' (of text, not code)."""
    last = len(text)
    while (last := text.rfind(">", 0, last)) >= 0 and code.inside(last):
        pass
    starts = [match.start() for match in _TAG_START.finditer(text, last + 1)
              if not code.inside(match.start())]
    return sum(len(text) - at for at in starts), (starts or [0])[0]


def _nested_reads(text: str, code: _Fences) -> tuple[int, int]:
    """Characters read again for the levels of nesting (each '>', four spaces or a
    tab at a line's start), and where the line that costs most is."""
    reads, worst = 0, (0, 0)
    for match in _INDENTED.finditer(text):
        if code.inside(match.start()):
            continue
        prefix = match.group()
        levels = prefix.count(">") + prefix.count("\t") + prefix.count("    ")
        end = text.find("\n", match.end())
        cost = levels * ((len(text) if end < 0 else end) - match.start())
        reads += cost
        worst = max(worst, (cost, -match.start()))
    return reads, -worst[1]


# The sanitiser's HTML parser takes time growing with the square of the nesting
# depth of some elements (200,000 nested <div>s: minutes), and runs outside the
# time limit: nesting deeper than any real text is refused before it runs. (The
# tags written in the text are limited in number too: mdlimits.MAX_HTML_TAGS.)
MAX_NESTING = 200
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "source", "track", "wbr"})
# How the parser ends elements whose end tags may be left out: a start tag ends
# the open element of its own kind (a <p> first, for a list item or a term)...
_ENDS_ON_START = {"li": ("p", "li"), "dd": ("p", "dd", "dt"), "dt": ("p", "dd", "dt"),
                  "p": ("p",), "td": ("td", "th"), "th": ("td", "th"),
                  "tr": ("td", "th", "tr"), "option": ("option",)}
# ... and the end tag of one of these blocks ends the list items and paragraphs in it.
_ENDS_INNER = frozenset({"address", "article", "aside", "blockquote", "center", "details",
                         "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure",
                         "footer", "header", "hgroup", "li", "dd", "dt", "main", "menu",
                         "nav", "ol", "p", "pre", "section", "summary", "ul"})
_IMPLIED = frozenset({"dd", "dt", "li", "option", "optgroup", "p", "rb", "rp", "rt", "rtc"})


def nesting(html: str) -> int:
    """How deep the parser may nest the elements, never less (counting stops past
    MAX_NESTING). An element stays open unless the parser is sure to close it: by
    its own end tag as the innermost open element; by the next <li>, <td>...
    (_ENDS_ON_START); by the end tag of a block around its innermost list items
    and paragraphs (_ENDS_INNER). Any other end tag is taken as ignored, as the
    parser ignores '</span>' in '<span><div></span>'."""
    if html.count("<") <= MAX_NESTING:   # the usual case: too few tags to matter
        return 0
    stack: list = []
    deepest = 0
    for match in _TAG.finditer(html):
        name = match.group(2).lower()
        if name in _VOID:
            continue
        if match.group(1):   # an end tag
            depth = len(stack)
            if name in _ENDS_INNER:
                while depth and stack[depth - 1] != name and stack[depth - 1] in _IMPLIED:
                    depth -= 1
            if depth and stack[depth - 1] == name:
                del stack[depth - 1:]
            continue
        for ended in _ENDS_ON_START.get(name, ()):
            if stack and stack[-1] == ended:
                stack.pop()
        stack.append(name)
        deepest = max(deepest, len(stack))
        if deepest > MAX_NESTING:
            break
    return deepest

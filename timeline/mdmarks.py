"""The limits on the marks in a body's paragraphs (mdlimits.py has its blocks').

python-markdown's inline pass tries each pattern on each paragraph (list item,
heading, table cell) in turn. After each match it searches the paragraph again
from its start; at a mark a pattern cannot close it reads on to the paragraph's
end, and again after every later match; '__' is tried with each lone '_' after
it as a middle, each to the end. Here each kind of mark is given the characters
python-markdown reads for it, counted the way it reads them and never fewer,
times the time a character takes, in steps of about a nanosecond of processor
time (bench/markdown_limits.py); a body may take MAX_STEPS. The count depends on
the text alone, never on a clock.
"""
from __future__ import annotations

import bisect
import re

from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .mdlimits import HINT_RECORDS, refused

MAX_STEPS = 500_000_000
MAX_ELEMENTS = 25_000   # each takes tens of microseconds; counted as blocks and marks
# Steps per character read: by the patterns for '_' (lookbehinds at each character),
# '*', '`' (no fixed first character to search for), in the Python loops that read
# a link, and in the search from the start after a match.
# (The search for '*' and '_' takes a step a character.)
UNDERSCORE, STAR, BACKTICK, LINK, LINK_SEARCH, SEARCH = 60, 15, 60, 200, 50, 5
ALONE = 50   # a lone '*' or '_' (between spaces) is searched for with a slow pattern
CANDIDATE = 3000   # steps to try the patterns at a '_' inside a word, after each match

_TICKS = re.compile(r"`+")
_ESCAPED = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!:|]")
_WORD = re.compile(r"\w")
_UNDERSCORES = re.compile(r"_+")
_STARS = re.compile(r"\*+")
_BRACKET = re.compile(r"[\[\]]")
_LINK_PARTS = re.compile(r"\]\(|[()\"']")
_OTHER = re.compile(r"[<&\\]|  \n")
_ALONE = re.compile(r"(?:^|(?<=\s))(?:\*{1,3}|_{1,3})(?=\s|$)", re.M)   # NOT_STRONG_RE
_MARKS = re.compile(r"[*_`\[<&\\]|  \n")
KINDS = {   # kind: (what, hint)
    "_": ("'_'", "escape each '_' that is not emphasis ('\\_'), close the emphasis you "
                 "open, or split the paragraph with blank lines"),
    "*": ("'*'", "escape each '*' that is not emphasis ('\\*'), close the emphasis you "
                 "open, or split the paragraph with blank lines"),
    "`": ("'`'", "close each code span with as many '`' as open it, escape the others "
                 "('\\`'), or split the paragraph with blank lines"),
    "[": ("'[' and '('", "close each '[' and '(' of a link, escape the others ('\\['), "
                         "or split the paragraph with blank lines"),
    "other": ("'<', '&', '\\' and line breaks", "split the paragraph with blank lines"),
    "abbr": ("abbreviations", "define fewer abbreviations, or split the paragraph"),
}


class Refused(Exception):
    """A limit passed: `problem` says which, `run` is the paragraph to find its line by."""

    def __init__(self, problem, run: str):
        super().__init__(problem.message)
        self.problem, self.run = problem, run


class RunLimits(Treeprocessor):
    """Runs before the inline pass; raises Refused if it would take more than
    MAX_STEPS for all the marks of all paragraphs, or make more than MAX_ELEMENTS
    elements."""

    def run(self, root) -> None:
        abbreviations = _abbreviations(self.md)
        steps, worst = dict.fromkeys(KINDS, 0), {}
        elements = sum(1 for _ in root.iter())
        for run in _runs(root):
            marks = len(_MARKS.findall(run))
            elements += marks + (len(abbreviations.findall(run)) if abbreviations else 0)
            found = _steps(run, abbreviations) if marks or abbreviations else {}
            for kind, taken in found.items():
                steps[kind] += taken
                worst[kind] = max(worst.get(kind, (0, "")), (taken, run))
        if elements > MAX_ELEMENTS:
            raise Refused(refused(f"it would make about {elements:,} HTML elements (a block, a "
                                  f"Markdown mark or an abbreviation each); the limit is "
                                  f"{MAX_ELEMENTS:,}",
                                  HINT_RECORDS), "")
        if sum(steps.values()) > MAX_STEPS:
            kind = max(steps, key=steps.get)
            what, hint = KINDS[kind]
            run = worst[kind][1]
            raise Refused(refused(f"python-markdown would take about {sum(steps.values()):,} "
                                  f"steps for its marks, most for its {what} (the limit is "
                                  f"{MAX_STEPS:,}); this paragraph has "
                                  f"{_count(kind, run, abbreviations):,} of them in "
                                  f"{len(run):,} characters", hint), run)


def _runs(root):
    """The texts the inline pass will read, as it finds them."""
    for element in root.iter():
        if element is not root:
            for text in (element.text, element.tail):
                if text and not isinstance(text, AtomicString):
                    yield text


def _abbreviations(md):
    """The pattern the abbreviation extension will look for, if it has any."""
    found = getattr(md.treeprocessors["abbr"], "abbrs", None) if "abbr" in md.treeprocessors \
        else None
    if not found:
        return None
    return re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, sorted(found, key=len)[::-1])))


def _count(kind: str, run: str, abbreviations) -> int:
    if kind == "abbr":
        return len(abbreviations.findall(run))
    if kind == "[":
        return run.count("[") + run.count("(")
    return len(_OTHER.findall(run)) if kind == "other" else run.count(kind)


def _steps(run: str, abbreviations) -> dict:
    """The steps python-markdown takes for each kind of mark in `run` (each kind
    only if `run` has its mark, most have none)."""
    spans, unclosed = _code_spans(run) if "`" in run else ([], 0)
    text = _without_code(run, spans) if spans or "\\" in run else run
    steps = {"`": BACKTICK * _tick_reads(len(run), spans, unclosed)}
    for kind, mark, measure in (("_", "_", _underscore_steps), ("*", "*", _star_steps),
                                ("[", "[", _link_steps)):
        if mark in text:
            steps[kind] = measure(text)
    others = len(_OTHER.findall(text))
    if "*" in text or "_" in text:
        others += ALONE * len(_ALONE.findall(text))
    steps["other"] = SEARCH * len(text) * others
    if abbreviations:
        steps["abbr"] = SEARCH * len(text) * len(abbreviations.findall(text))
    return steps


def _code_spans(run: str) -> tuple[list, int]:
    """The code spans python-markdown makes (from a run of '`' to the next run of
    the same length), and for the runs that close none, their lengths squared: it
    tries each shorter run inside one too, each to the end."""
    ticks = [match.span() for match in _TICKS.finditer(run)]
    following, nearest = [None] * len(ticks), {}
    for i in range(len(ticks) - 1, -1, -1):
        size = ticks[i][1] - ticks[i][0]
        following[i], nearest[size] = nearest.get(size), i
    spans, unclosed, i = [], 0, 0
    while i < len(ticks):
        j = following[i]
        if j is None:
            unclosed += (ticks[i][1] - ticks[i][0]) ** 2
            i += 1
        else:
            spans.append((ticks[i][0], ticks[j][1]))
            i = j + 1
    return spans, unclosed


def _tick_reads(length: int, spans: list, unclosed: int) -> int:
    """Each span is searched for again from the start (past the placeholders of
    those before it, 14 characters each); each run that closes none is read to
    the end, and again after each later span."""
    grown = length + 14 * len(spans)
    return grown * (len(spans) + unclosed * (len(spans) + 1))


def _without_code(run: str, spans: list) -> str:
    """`run` with its code spans and escaped characters as placeholders (which are
    no word characters), as the emphasis and link patterns see it."""
    pieces, last = [], 0
    for start, end in spans + [(len(run), len(run))]:
        pieces += [_ESCAPED.sub("\x02\x03", run[last:start]), "\x02" * (end - start)]
        last = end
    return "".join(pieces)


def _underscore_steps(text: str) -> int:
    """A '_' after a non-word character is read to the next lone '_' before one
    (which closes it), or to the end; '__' likewise to the next such '__', but
    first with each lone '_' after it as a middle, each to the end; '___' to the
    next '__', or with none, with each '_' after it to the end. Those that close
    nothing are read again after each match, which searches from the start again,
    trying each '_' inside a word on the way."""
    length, nearest = len(text), [len(text)] * 3   # where the next closer of each kind is
    first = failing = matches = lone = seen = inner = 0   # lone openers, '_' after this
    for match in reversed(list(_UNDERSCORES.finditer(text))):
        start, end = match.span()
        kind = min(end - start, 3) - 1
        glued = start > 0 and _WORD.match(text, start - 1), end < length and _WORD.match(text, end)
        if kind == 2 or not glued[0]:
            rest = length - start
            cost = (nearest[kind] - start + (kind == 1) * (lone + 1) * rest
                    + (kind == 2 and nearest[2] == length) * seen * rest)
            first += cost
            failing += cost if nearest[kind] == length else 0
            matches += nearest[kind] < length
            lone += kind == 0
        if kind < 2 and not glued[1]:
            nearest[kind] = start
        nearest[2] = start if kind > 0 else nearest[2]   # a '__' ends a '___'
        inner += all(glued)
        seen += end - start
    grown = length + 14 * matches   # each match leaves a placeholder
    return UNDERSCORE * (first + failing * matches) + matches * (grown + CANDIDATE * inner)


def _star_steps(text: str) -> int:
    """A run of '*' is read to the next run, '**' with a lone '*' next first to
    the end (as '**a *b***'), '***' with no '**' after it with each '*' after it as
    a middle, each to the end, again after each match (each a search again)."""
    length, following, later_double = len(text), len(text), False
    first = failing = stars = runs = 0   # '*' and runs of them after this one
    for match in reversed(list(_STARS.finditer(text))):
        start, size = match.start(), match.end() - match.start()
        rest = length - start
        lone_next = following < length and text[following:following + 2] != "**"
        cost = following - start + (size == 2 and lone_next) * rest
        if size > 2 and not later_double:
            cost += (stars + 1) * rest
            failing += cost
        first += cost
        later_double |= size > 1
        following, stars, runs = start, stars + size, runs + 1
    matches = (runs + 1) // 2
    return STAR * (first + failing * matches) + matches * (length + 14 * matches)


def _link_steps(text: str) -> int:
    """Three patterns read from each '[' to its ']', or to the end, in Python a
    character at a time, and again after each link for those that make none; a
    link is read to its ')', or to the end if none closes it or a quotation mark
    comes first, and each makes a search from the start again."""
    length, stack, spans, failing = len(text), [], 0, 0
    for match in _BRACKET.finditer(text):
        if match.group() == "[":
            stack.append(match.start())
        elif stack:
            span = match.start() - stack.pop()
            spans += span
            failing += span if text[match.end():match.end() + 1] not in ("(", "[") else 0
    unclosed = sum(length - at for at in stack)
    links, addresses = _addresses(text)
    reads = 3 * (spans + unclosed + (failing + unclosed) * links) + addresses
    return LINK * reads + LINK_SEARCH * length * links


def _addresses(text: str) -> tuple[int, int]:
    """The links' '(' and the characters read for their addresses."""
    opened, links, reads = [], 0, 0
    parts = [(match.start(), match.group()) for match in _LINK_PARTS.finditer(text)]
    quotes = [at for at, part in parts if part in "\"'"]
    for at, part in parts:
        if part in ("](", "("):   # '](' opens a link's address
            opened.append((at, part == "]("))
            links += part == "]("
        elif part == ")" and opened:
            start, link = opened.pop()
            quoted = bisect.bisect_right(quotes, start) < bisect.bisect_left(quotes, at)
            reads += (len(text) - start if quoted else at - start) if link else 0
    return links, reads + sum(len(text) - start for start, link in opened if link)

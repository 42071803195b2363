"""Split a content file into YAML front matter and Markdown body, keeping line numbers.

The YAML is composed into nodes and converted by hand so that every value keeps
the line it was written on, and so that what a contributor should never need
(anchors and aliases, explicit tags, duplicate keys) is rejected before it can
do harm (alias bombs, arbitrary object construction, silently lost keys).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import yaml

from .problems import ContentError

try:  # the C composer is several times faster; the pure one behaves the same
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}
_MAX_DEPTH = 20
_CONSTRUCTOR = yaml.constructor.SafeConstructor()  # scalars only: no state kept


@dataclass(frozen=True)
class FrontMatter:
    """Parsed front matter: plain values, and the line of every key or list item.

    `lines` maps a path such as ("sources", 0, "quote") to its 1-based file line.
    """
    data: dict
    lines: dict = field(default_factory=dict)
    start_line: int = 1     # line of the opening '---'
    body: str = ""
    body_line: int = 1      # file line where the body starts

    def line(self, *path) -> int:
        """The line of the deepest known prefix of `path`."""
        for n in range(len(path), 0, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return self.start_line


def normalise_text(text: str) -> str:
    """Drop a byte-order mark and turn CRLF/CR line endings into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> tuple[str, int, str, int]:
    """Return (yaml_text, yaml_first_line, body, body_line) of a normalised file."""
    if not text.strip():
        raise ContentError("the file is empty", 1,
                           "start it with '---', the front matter, and '---'")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise ContentError("the file does not start with front matter", 1,
                           "the first line must be '---'")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1:]), i + 2
    raise ContentError("the front matter is not closed", 1,
                       "add a line '---' after the last field")


def parse(text: str) -> FrontMatter:
    """Parse a whole content file (already decoded) into FrontMatter."""
    yaml_text, first, body, body_line = split(normalise_text(text))
    data, lines = parse_yaml(yaml_text, first)
    if not isinstance(data, dict):
        raise ContentError("the front matter must be a mapping of 'field: value' lines", first)
    return FrontMatter(data, lines, first - 1, body, body_line)


def parse_yaml(yaml_text: str, first_line: int = 1):
    """Parse YAML into plain values plus a {path: line} map; raise ContentError."""
    line_of = _Lines(yaml_text, first_line)
    try:
        _check_depth(yaml_text, line_of)
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # The problem's own line, unless the construct it broke started elsewhere
        # and ran to the end of the text (an unclosed quote or bracket): then where
        # it started. A problem on the last line itself keeps that line.
        last = first_line + yaml_text.count("\n")
        mark = exc.problem_mark or exc.context_mark
        line = line_of(mark) if mark else first_line
        if exc.context_mark and mark.index >= len(yaml_text.rstrip()):
            line = line_of(exc.context_mark)
        what = f"{exc.context}: {exc.problem}" if exc.context else exc.problem
        line = min(line, last)
        raise ContentError(f"invalid YAML: {what}", line,
                           yaml_hint(what, yaml_text.split("\n"), line - first_line)) from None
    except yaml.reader.ReaderError as exc:   # a control character or noncharacter
        # Found by the character itself: libyaml gives the position in UTF-8 bytes.
        at = yaml_text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = first_line + yaml_text.count("\n", 0, max(at, 0))
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise ContentError(f"invalid YAML: {what} is not allowed", line,
                           "delete it; it is invisible and not allowed in web pages") from None
    except yaml.YAMLError as exc:
        raise ContentError("invalid YAML: " + " ".join(str(exc).split()), first_line) from None
    if node is None:
        return {}, {}
    lines: dict = {}
    value = _convert(node, (), lines, line_of, set(), 0)
    return value, lines


_QUOTE_FIRST = "title: 'Kyiv says: \"no\"'"


def yaml_hint(what: str, lines: list[str], at: int) -> str:
    """What a contributor should do about a YAML error, from libyaml's words and the
    text of the line it names (`at`, 0-based in `lines`) and of the line above."""
    line = lines[at] if 0 <= at < len(lines) else ""
    above = next((t for t in reversed(lines[:max(at, 0)]) if t.strip()), "")
    value = line.split(":", 1)[1].strip() if ":" in line else line.strip().lstrip("- ")
    if "\t" in line and ("tab" in what or "cannot start any token" in what):
        return "indent with spaces: YAML does not allow tabs"
    if "alias" in what or ("cannot start any token" in what and value[:1] in "@`%"):
        return (f"a value starting with '{value[:1] or '*'}' must be in quotes, "
                f"e.g. {line.split(':', 1)[0].strip() or 'title'}: \"{value or '*...*'}\"")
    if "unexpected end of stream" in what and "quoted" in what:
        return "close the quotation mark this value opens"
    if "expected ',' or ']'" in what:
        return "close the list with ']' on the line where its '[' is"
    if "expected ',' or '}'" in what:
        return "close the entry with '}' on the line where its '{' is"
    if "mapping values are not allowed" in what:
        if ": " in value or value.endswith(":"):
            return f"a value with ': ' in it must be in quotes, e.g. {_QUOTE_FIRST}"
        if above.strip() and not above.lstrip().startswith("#") and \
                not re.search(r":(\s|$)", above):
            return (f"the line above, '{above.strip()[:40]}', is not 'field: value': "
                    "it needs a ':' followed by a space")
    if re.match(r"""\s*(- )?[\w-]+:\s*(["']).*?\2\s*[^\s#]""", line):
        return ("the value goes on after its closing quotation mark: put double quotes "
                "around a value with an apostrophe (title: \"Kyiv's denial\"), single "
                "quotes around one with double quotes (title: 'Kyiv says \"no\"')")
    if any(word in what for word in ("indicator", "expected key", "mapping values",
                                      "document start", "indentation")):
        return ("check the indentation: fields at one level start in the same column, "
                "and a list item's fields line up after its '- '")
    return ""


class _Lines:
    """The file line of a YAML mark. YAML also breaks lines at U+0085, U+2028 and
    U+2029, which editors show inside a line, so where the text has one the line
    is counted from the mark's character index rather than taken from the mark."""

    def __init__(self, text: str, first_line: int):
        self.first = first_line
        self.text = text
        self.breaks = ([i for i, c in enumerate(text) if c == "\n"]
                       if any(c in text for c in "\x85\u2028\u2029") else None)

    def __call__(self, mark) -> int:
        if self.breaks is None:
            return self.first + mark.line
        return self.first + bisect.bisect_left(self.breaks, mark.index)


def _check_depth(yaml_text: str, line_of: _Lines) -> None:
    """Refuse deep nesting before composing: the composer recurses, and a few
    thousand '[' would overflow the C stack (a crash, not an error). An anchor that
    no alias uses is refused too: it is a value starting with '&', which YAML
    would drop without a word ('summary: &more' reads as nothing)."""
    depth, anchored, aliased = 0, None, False
    for event in yaml.parse(yaml_text, Loader=_Loader):
        if getattr(event, "anchor", None) is not None:
            if isinstance(event, yaml.AliasEvent):
                aliased = True
            elif anchored is None:
                anchored = event
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > _MAX_DEPTH:
                raise ContentError("the front matter is nested too deeply",
                                   line_of(event.start_mark))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    if anchored is not None and not aliased:
        raise ContentError(f"'&{anchored.anchor}' is read as a YAML anchor, not as text",
                           line_of(anchored.start_mark),
                           "a value starting with '&' must be in quotes")


def _convert(node, path, lines, line_of, seen, depth):
    line = line_of(node.start_mark)
    if id(node) in seen:
        raise ContentError("YAML anchors and aliases are not allowed", line,
                           "write the value out in full")
    seen.add(id(node))
    if depth > _MAX_DEPTH:
        raise ContentError("the front matter is nested too deeply", line)
    if path:
        lines[path] = line
    if isinstance(node, yaml.ScalarNode):
        _check_comment(node, line_of)
        return _scalar(node, line)
    if node.tag not in ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"):
        raise ContentError(f"YAML tag '{node.tag}' is not allowed", line)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), lines, line_of, seen, depth + 1)
                for i, item in enumerate(node.value)]
    result = {}
    for key_node, value_node in node.value:
        key_line = line_of(key_node.start_mark)
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise ContentError("YAML merge keys ('<<') are not allowed", key_line)
        if not isinstance(key_node, yaml.ScalarNode):
            raise ContentError("a field name must be plain text", key_line)
        _scalar(key_node, key_line)   # for its tag: '!!python/name:...' is refused here too
        key = key_node.value          # as written: 'null', not 'None'
        if key in result:
            raise ContentError(f"duplicate field '{key}'", key_line,
                               f"'{key}' is already set on line {lines[path + (key,)]}")
        result[key] = _convert(value_node, path + (key,), lines, line_of, seen, depth + 1)
        lines[path + (key,)] = key_line
    return result


# What follows a plain value that a ' #' has cut short: the comment YAML reads.
_CUT = re.compile(r"[ \t]+(#\S[^\n]*)")


def _check_comment(node, line_of: _Lines) -> None:
    """A '#' after a space ends a plain value: 'title: Attack #2' is the title 'Attack'
    (on a value's last line, if it runs over several). A comment of the contributor's
    own ('  # ...', as `build.py new` writes them) has a space after the '#'; one
    without is taken for part of the value."""
    if node.style not in (None, ""):
        return
    cut = _CUT.match(line_of.text, node.end_mark.index)   # in place: a long line is not copied
    if cut:
        line = line_of(node.end_mark)
        whole = f"{node.value} {cut.group(1).rstrip()}"
        raise ContentError(f"the value is cut short at '{cut.group(1)[:40]}': YAML reads "
                           f"' #' as the start of a comment", line,
                           f"put the whole value in quotes: \"{whole[:80]}\"; a comment "
                           "needs a space after its '#'")


def _scalar(node, line):
    if node.tag not in _SCALAR_TAGS:
        raise ContentError(f"YAML tag '{node.tag}' is not allowed", line)
    if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
        return node.value  # times stay text: timeparse reads them with their precision
    if _is_text(node):
        return node.value
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise ContentError(f"invalid value {node.value[:40]!r}: {str(exc)[:80]}", line) from None
    except LookupError:   # PyYAML's own slip on an empty '!!int' or '!!float'
        raise ContentError(f"invalid value {node.value[:40]!r}: not a valid "
                           f"!!{node.tag.rsplit(':', 1)[-1]}", line) from None


def _is_text(node) -> bool:
    """What YAML 1.1 reads as something else but YAML 1.2, and a contributor, read as
    text: yes/no/on/off as true/false ('language: no' is Norwegian, 'tags: [on]' a
    word) and 12:30 as the number 750 (base 60). Only true and false are booleans."""
    if node.tag == "tag:yaml.org,2002:bool":
        return node.value.lower() not in ("true", "false")
    return node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and ":" in node.value

"""Problems found in content, and how they are printed.

Every stage returns problems instead of raising, so one run reports them all.
"""
from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str      # as given to the build (made relative to the cwd when printed)
    line: int      # 1-based; 0 when the problem concerns the whole file
    message: str
    hint: str = ""
    severity: str = "error"   # or "warning": reported by `check`, never stops a build

    def format(self) -> str:
        text = f"{display_path(self.path)}:{self.line}: {self.severity}: {self.message}"
        return printable(f"{text}; {self.hint}" if self.hint else text)

    def annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command."""
        msg = self.message + (f"; {self.hint}" if self.hint else "")
        msg = printable(msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
        path = printable(display_path(self.path))
        for char, code in (("%", "%25"), (":", "%3A"), (",", "%2C")):
            path = path.replace(char, code)
        return f"::{self.severity} file={path},line={max(self.line, 1)}::{msg}"

    def as_dict(self) -> dict:
        """Escaped as in `format`: a file name that is not UTF-8 holds lone surrogates,
        which no UTF-8 output can encode (a traceback, or bytes that are not JSON)."""
        return {"path": printable(display_path(self.path)), "line": self.line,
                "message": printable(self.message), "hint": printable(self.hint)}


class ContentError(Exception):
    """Raised inside a parser for one bad value; the caller turns it into a Problem."""

    def __init__(self, message: str, line: int = 0, hint: str = "", item=None):
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint
        self.item = item  # index of the offending list item, to find its line


# File names, field names and values quoted in messages come from the content: a
# line break or terminal escape in one must not start a forged line (or a CI
# workflow command) or recolour the terminal, so it is printed as an escape.
# Bidirectional controls too: they can reorder how a line reads ('Trojan Source').
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                          r"\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with those characters escaped as Python writes them ('\\n', '\\x1b'); also
    for build.py's own messages, which quote paths and values typed on its command line."""
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


def display_path(path: str) -> str:
    """Relative to the current directory, as compilers print it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows, or not a path ('--base-url')
        return str(path)


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def describe_type(value) -> str:
    """How a YAML value's type reads in a message: 'a list', 'true/false'..."""
    return {bool: "true/false", int: "a number", float: "a number", list: "a list",
            dict: "a mapping", str: "text", type(None): "nothing"}.get(type(value), "a value")


def sort_problems(problems) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (display_path(p.path), p.line, p.message))


def format_json(problems) -> str:
    return json.dumps([p.as_dict() for p in sort_problems(problems)], indent=2,
                      ensure_ascii=False)

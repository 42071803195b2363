"""CONTRIBUTING.md's table of errors is what `check` prints: every message in it is
produced by the mistake it stands for, so the table cannot drift from the tool."""
import re

import pytest

from conftest import ROOT, run_build

SHELLING = "events/shelling.md"
# Each message of the table (its first cell's `...` parts), and a mistake that makes it:
# (file in the valid fixture, the line to replace (by its start), the new line or lines).
MISTAKES = {
    "fill in 'status': it is still a placeholder": (SHELLING, "status:", "status: TODO"),
    "fill in the text below the front matter": (SHELLING, "Body *text*", "TODO: the text"),
    "missing required field 'title'": (SHELLING, "title:", ""),
    "unknown field 'qoute'; did you mean 'quote'?": (SHELLING, "    quote:", '    qoute: "x"'),
    "'status' 'rumoured' is not one of ...": (SHELLING, "status:", "status: rumoured"),
    "unknown actor 'rvk'; did you mean 'rvc'?": (SHELLING, "actors:", "actors: [rvk]"),
    "'start' '22/05/2023' is not a date or date-time": (SHELLING, "start:", "start: 22/05/2023"),
    "'start' '2023-02-30' is not a valid date or time (...)":
        (SHELLING, "start:", "start: 2023-02-30"),
    "'end' is before 'start'": (SHELLING, "end:", "end: 2023-05-21"),
    "'sources' needs at least one citation": ("events/c-draft.md", "sources:", "sources: []\nx:"),
    "invalid YAML: ...": (SHELLING, "  - source: art", "\t- source: art"),
    "the value is cut short at '#2': YAML reads ' #' as the start of a comment":
        (SHELLING, "title:", "title: Attack #2"),
    "'actors' is one value with commas in it, not a list":
        (SHELLING, "actors:", "actors: rvc, kozinka"),
    "is UTF-16, not UTF-8": (SHELLING, None, "utf-16"),
    "is not valid UTF-8 (byte N)": (SHELLING, "Body *text*", "Caf\udce9"),
    "'timezone' unknown time zone 'MSK'": ("site.yaml", "timezone:", "timezone: MSK"),
    "duplicate field 'title'": (SHELLING, "title:", "title: A\ntitle: B"),
    "'sources' item 3 repeats item 1":
        (SHELLING, "    says: three hours", "    says: three hours\n  - source: art\n    claimant: rvc\n"
         '    quote: "hello there,"\n    says: five hours'),
    "file name 'Bad_Name.md' is not a valid slug": ("events/Bad_Name.md", None, ""),
    "link 'denail.html' leads to no page of the site":
        (SHELLING, "Body *text*", "[the denial](denail.html)"),
    "link 'x.html' leads to a draft's page, which is only made with --drafts":
        (SHELLING, "Body *text*", "[x](x.html)", "events/x.md"),
    "link '../actors/' names a folder": (SHELLING, "Body *text*", "[x](../actors/)"),
    "the Markdown body is too complex to render: ...": (SHELLING, "Body *text*", "_a " * 12_000),
    "starts from the server's root": (SHELLING, "Body *text*", "[x](/actors/index.html)"),
    "quote not found in ...": (SHELLING, "    quote:", '    quote: "not in the article"'),
}


def documented() -> list[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text.split("## What the errors mean", 1)[1].split("\nExit status", 1)[0]
    rows = [line.split(" | ")[0].split("` (")[0] + "`" for line in table.splitlines()
            if line.startswith("| `")]   # without a note in brackets after the message
    return [message for row in rows for message in re.findall(r"`([^`]+)`", row)]


def test_every_documented_message_has_a_mistake_here():
    assert sorted(documented()) == sorted(MISTAKES)


def make(workdir, relpath, old, new, draft=None):
    path = workdir / "valid" / relpath
    if draft:
        (workdir / "valid" / draft).write_text((workdir / "valid/events/c-draft.md").read_text())
    if old is None and new == "utf-16":
        path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    elif old is None:
        path.write_text((workdir / "valid" / SHELLING).read_text())
    else:
        lines = path.read_text().split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith(old))
        lines[at:at + 1] = new.split("\n") if new else []
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape"))


@pytest.mark.parametrize("message", sorted(MISTAKES))
def test_a_documented_message_is_what_check_prints(workdir, message):
    make(workdir, *MISTAKES[message])
    archive = ["--archive-dir", "archive"] if message.startswith("quote") else []
    result = run_build("check", "--content", "valid", *archive, cwd=workdir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    pattern = re.escape(message).replace(r"\.\.\.", ".*").replace(r"byte\ N", r"byte\ \d+")
    found = re.compile(r"valid/[^:]+:\d+: error: (.*)?" + pattern)
    assert any(found.match(line) for line in result.stderr.splitlines()), result.stderr

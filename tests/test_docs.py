"""CONTRIBUTING.md's table of errors is what `check` prints: every message in it is
produced by the mistake it stands for, so the table cannot drift from the tool."""
import re

import pytest

from conftest import ROOT, run_build

SHELLING = "events/shelling.md"
# A dispute over the fixture's 'shelling', which cites 'art' twice: claimant rvc, and no one.
DISPUTE = ("---\nquestion: How long did it last?\nkind: figure\naccounts:\n"
           "  - event: shelling\n    source: art\n    claimant: rvc\n    value: 5\n"
           "  - event: shelling\n    source: art\n    value: 3\n---\n")
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
    "'end' is before 'start'": (SHELLING, "phrase:", "end: 2023-05-21\nphrase: early on Monday"),
    "'sources' needs at least one citation": ("events/c-draft.md", "sources:", "sources: []\nx:"),
    "every citation is commentary": ("events/c-draft.md", "  - source: art",
                                     "  - source: art\n    commentary: true"),
    "'corrections' item 1: 'date' expected a date like 2023-05-22, ...":
        (SHELLING, "phrase:", "phrase: early on Monday\ncorrections:\n  - {date: 24 May, note: x}"),
    "'key_point' is ... characters long; a key point is one line of at most 100":
        (SHELLING, "title:", "title: Shelling\nkey_point: " + "word " * 25),
    "8 events have a key point; the summary holds at most 7":
        (SHELLING, "title:", "title: Shelling\nkey_point: One", "events/more.md", 7),
    "a draft's key point would not be published":
        ("events/c-draft.md", "draft:", "draft: true\nkey_point: A draft"),
    "invalid YAML: ...": (SHELLING, "  - source: art", "\t- source: art"),
    "the value is cut short at '#2': YAML reads ' #' as the start of a comment":
        (SHELLING, "title:", "title: Attack #2"),
    "'actors' is one value with commas in it, not a list":
        (SHELLING, "actors:", "actors: rvc, kozinka"),
    "is UTF-16, not UTF-8": (SHELLING, None, "utf-16"),
    "is UTF-32, not UTF-8": (SHELLING, None, "utf-32"),
    "is not valid UTF-8 (byte N)": (SHELLING, "Body *text*", "Caf\udce9"),
    "'timezone' unknown time zone 'MSK'": ("site.yaml", "timezone:", "timezone: MSK"),
    "'url' 'https://google.com@evil.example/' has a user name or password":
        ("sources/art.md", "publisher:", "publisher: P\nurl: https://google.com@evil.example/"),
    "has a percent-encoded host name":
        ("sources/art.md", "publisher:", "publisher: P\nurl: https://google.com%40evil.example/"),
    "'title' contains a bidirectional control character (U+202E)":
        (SHELLING, "title:", 'title: "Shelling \\u202Egnillehs"'),
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
    "'accounts' item 2 is not a citation of event 'shelling'":
        ("disputes/length.md", None, DISPUTE.replace("    value: 3", "    via: rvc\n    value: 3")),
    "'accounts' item 1 gives a 'value', which only a figure dispute has":
        ("disputes/length.md", None, DISPUTE.replace("kind: figure", "kind: account")),
    "unknown side 'kiev'": ("actors/rvc.md", "kind:", "kind: group\nside: kiev"),
}


def documented() -> list[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text.split("## What the errors mean", 1)[1].split("\nExit status", 1)[0]
    rows = [line.split(" | ")[0].split("` (")[0] + "`" for line in table.splitlines()
            if line.startswith("| `")]   # without a note in brackets after the message
    return [message for row in rows for message in re.findall(r"`([^`]+)`", row)]


def test_every_documented_message_has_a_mistake_here():
    assert sorted(documented()) == sorted(MISTAKES)


def make(workdir, relpath, old, new, draft=None, copies=0):
    """Replace a line; with `draft`, add that draft event first, or, with `copies`,
    that many copies of the edited event (named after `draft`)."""
    path = workdir / "valid" / relpath
    if draft and not copies:
        (workdir / "valid" / draft).write_text((workdir / "valid/events/c-draft.md").read_text())
    if old is None and new.startswith("utf-"):
        path.write_bytes(path.read_text(encoding="utf-8").encode(new))
    elif old is None and new.startswith("---"):   # a new record, as given
        path.parent.mkdir(exist_ok=True)
        path.write_text(new)
    elif old is None:
        path.write_text((workdir / "valid" / SHELLING).read_text())
    else:
        lines = path.read_text().split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith(old))
        lines[at:at + 1] = new.split("\n") if new else []
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape"))
    for n in range(copies):
        copy = workdir / "valid" / draft.replace(".md", f"-{n}.md")
        copy.write_text(path.read_text().replace("title: Shelling", f"title: Shelling {n}"))


@pytest.mark.parametrize("message", sorted(MISTAKES))
def test_a_documented_message_is_what_check_prints(workdir, message):
    make(workdir, *MISTAKES[message])
    archive = ["--archive-dir", "archive"] if message.startswith("quote") else []
    result = run_build("check", "--content", "valid", *archive, cwd=workdir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    pattern = re.escape(message).replace(r"\.\.\.", ".*").replace(r"byte\ N", r"byte\ \d+")
    found = re.compile(r"valid/[^:]+:\d+: error: (.*)?" + pattern)
    assert any(found.match(line) for line in result.stderr.splitlines()), result.stderr

"""Field rules as a contributor meets them: the problem line `check` prints."""
import pytest

from conftest import run_build
from timeline.pipeline import Options, check_site


def check_with(workdir, relpath: str, old: str, new: str) -> tuple[int, list[str]]:
    """Replace the line starting with `old` in a valid fixture file; run check."""
    path = workdir / "valid" / relpath
    lines = path.read_text().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(old))
    lines[at] = new
    path.write_text("\n".join(lines))
    result = run_build("check", "--content", "valid", cwd=workdir)
    assert "Traceback" not in result.stderr
    return result.returncode, [line for line in result.stderr.splitlines() if ": error: " in line]


@pytest.mark.parametrize("relpath, old, new, problem", [
    ("events/shelling.md", "actors:", "actors: rvc, fsb",
     ":7: error: 'actors' is one value with commas in it, not a list; "
     "write a list in brackets: [rvc, fsb]"),
    ("actors/rvc.md", "aliases:", "aliases: RDK, RVC",
     ":4: error: 'aliases' is one value with commas in it, not a list; "
     "write a list in brackets: [RDK, RVC]; or, for one name with a comma in it, [\"RDK, RVC\"]"),
])
def test_a_list_written_without_brackets_is_not_read_as_one_value(workdir, relpath, old, new,
                                                                  problem):
    code, problems = check_with(workdir, relpath, old, new)
    assert code == 1 and problems == [f"valid/{relpath}{problem}"]


@pytest.mark.parametrize("new, hint", [
    ("url: example.org/reports/1.html",
     "write the whole address, 'https://example.org/reports/1.html'"),
    ("url: www.example.org", "write the whole address, 'https://www.example.org'"),
    ("url: ftp://example.org/x", "only http:// and https:// links are allowed"),
])
def test_an_address_without_its_scheme_gets_the_whole_address_as_hint(workdir, new, hint):
    code, problems = check_with(workdir, "sources/art.md", "publisher:", f"publisher: x\n{new}")
    assert code == 1 and len(problems) == 1 and problems[0].endswith(f"URL; {hint}")


@pytest.mark.parametrize("relpath, old, new, problem", [
    ("events/shelling.md", "title:", 'title: "Shelling \\u202Eyadnom"',
     (2, "'title' contains a bidirectional control character (U+202E)")),
    ("events/shelling.md", "time_note:", 'time_note: "\\u202Bearly\\u202C Monday"',
     (5, "'time_note' contains a bidirectional control character (U+202B)")),
    ("actors/rvc.md", "aliases:", 'aliases: [RDK, "\\u2067RVC\\u2069"]',
     (4, "'aliases' item 2: contains a bidirectional control character (U+2067)")),
    ("sources/art.md", "publisher:", 'publisher: "\\u202Dunknown"',
     (3, "'publisher' contains a bidirectional control character (U+202D)")),
])
def test_a_bidirectional_control_in_a_text_field_is_a_problem(workdir, relpath, old, new, problem):
    """Unlike a right-to-left word, an override reorders the text around it: a title
    ending in U+202E shows the page's own words after it backwards."""
    path = workdir / "valid" / relpath
    path.write_text("\n".join(new if line.startswith(old) else line
                              for line in path.read_text().split("\n")))
    found = check_site(Options(content=workdir / "valid")).problems
    assert [(p.path, p.line, p.message, p.hint) for p in found] == [
        (str(path), *problem, "delete it: it can reverse how the text beside it reads; "
                              "right-to-left words show correctly without it")]


@pytest.mark.parametrize("fields, name", [
    ('name: "MONDO, 22 May"\npublisher: MONDO\npublished: 2023-05-22\n', "MONDO, 22 May"),
    ("publisher: MONDO\npublished: 2023-05-22\n", "MONDO, 22 May 2023"),
    ("publisher: Reuters\n", "Reuters"),
    ("publisher: unknown\n", "A day after the legion launched…"),
])
def test_a_source_has_a_short_name_readers_can_match(fields, name):
    """Lists and accounts name a source by its short name, never its 25-word headline."""
    from timeline.frontmatter import parse
    from timeline.schema import validate_source
    text = f'---\ntitle: "A day after the legion launched an attack on Belgorod"\n{fields}---\nA.\n'
    source, problems = validate_source("s", "s.md", parse(text))
    assert problems == [] and source.name == name


KEY_HINT = ("remove 'key_point' from this event or another; "
            "`grep -l key_point content/events/*` lists them")


def key_point_problems(workdir) -> list[tuple]:
    found = check_site(Options(content=workdir / "valid")).problems
    return [(p.path.split("/valid/")[-1], p.line, p.message, p.hint) for p in found]


def test_a_key_point_is_one_short_line(workdir):
    """The index's 'What happened' is read at a glance: a key point is a line, not a paragraph."""
    path = workdir / "valid/events/shelling.md"
    path.write_text(path.read_text().replace("title: Shelling\n",
                                             f"title: Shelling\nkey_point: {'word ' * 25}\n"))
    assert key_point_problems(workdir) == [(
        "events/shelling.md", 3, "'key_point' is 124 characters long; a key point is one "
        "line of at most 100", "say the one thing that happened, and whose claim it is "
        "('Legion says it took Kozinka'); the summary and the text say the rest")]


def test_a_draft_has_no_key_point(workdir):
    """A draft is not published: its line in the summary would link to no page."""
    path = workdir / "valid/events/c-draft.md"
    path.write_text(path.read_text().replace("draft: true\n", "draft: true\nkey_point: A draft\n"))
    assert key_point_problems(workdir) == [(
        "events/c-draft.md", 6, "a draft's key point would not be published",
        "remove 'key_point' until the event is published, or remove 'draft: true'")]


def test_the_summary_holds_at_most_seven_key_points(workdir):
    """Each key point past the seventh, in the chronology's order, is a problem at its line."""
    events = workdir / "valid/events"
    text = (events / "shelling.md").read_text()
    for n in range(8):   # shelling is on 22 May: these come after it, one a day
        (events / f"more-{n}.md").write_text(text.replace(
            "start: {date: 2023-05-22, part: early}",
            f"start: 2023-06-{n + 10}\nkey_point: Point {n}").replace("Shelling", f"More {n}"))
    assert key_point_problems(workdir) == [
        ("events/more-7.md", 4, "8 events have a key point; the summary holds at most 7", KEY_HINT)]


@pytest.mark.parametrize("line, problem", [
    ("feed_entries: 0", "'feed_entries' expected a whole number of at least 1, got 0"),
    ("chronology_page_limit: many",
     "'chronology_page_limit' expected a whole number of at least 1, got 'many'"),
    ("updated: 24 May", "'updated' expected a date like 2023-05-22, got '24 May'"),
])
def test_site_settings_for_the_feed_pages_and_date_are_checked(workdir, line, problem):
    with (workdir / "valid/site.yaml").open("a") as f:
        f.write(line + "\n")
    assert [(path, msg) for path, _, msg, _ in key_point_problems(workdir)] == [("site.yaml", problem)]

"""`build.py new`: a correctly named file that fails `check` until its TODOs are filled."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_build

# What a contributor replaces in each new file, and with what (valid fixture slugs).
FILL = {
    "event": [("TODO-start-time", "2023-05-22T09:00+03:00"), ("status: TODO", "status: reported"),
              ("TODO-source-slug", "art"), ("TODO: What happened", "Shots were heard")],
    "source": [("name: TODO", "name: Glotovo report"), ("publisher: TODO", "publisher: unknown"), ("TODO: A short", "A short")],
    "actor": [("kind: TODO", "kind: group"), ("TODO: Who", "Who")],
    "place": [("TODO: What", "What")],
}
UNFILLED = {
    "event": ["fill in 'start'", "fill in 'status'", "fill in 'source'", "fill in the text"],
    "source": ["fill in 'name'", "fill in 'publisher'", "fill in the text"],
    "actor": ["fill in 'kind'", "fill in the text"],
    "place": ["fill in the text"],
}


@pytest.mark.parametrize("kind", FILL)
def test_new_file_fails_check_until_filled_in(workdir, kind):
    result = run_build("new", kind, "Shots near Glotovo’s school", "--content", "valid",
                       cwd=workdir)
    assert result.returncode == 0, result.stderr
    path = workdir / "valid" / f"{kind}s" / "shots-near-glotovos-school.md"
    assert f"created valid/{kind}s/shots-near-glotovos-school.md" in result.stdout
    text = path.read_text()
    assert "Shots near Glotovo’s school" in text and "TODO" in text

    check = run_build("check", "--content", "valid", cwd=workdir)
    assert check.returncode == 1
    problems = check.stderr.splitlines()[:-1]
    assert len(problems) == len(UNFILLED[kind])
    for line, expected in zip(problems, UNFILLED[kind]):
        assert line.startswith(f"valid/{kind}s/shots-near-glotovos-school.md:")
        assert expected in line

    for old, new in FILL[kind]:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text)
    check = run_build("check", "--content", "valid", cwd=workdir)
    assert check.returncode == 0, check.stderr
    build = run_build("build", "--content", "valid", "--out", "out", "--drafts", cwd=workdir)
    assert (workdir / "out" / f"{kind}s" / "shots-near-glotovos-school.html").is_file(), build.stderr


def test_event_start_can_be_given(workdir):
    result = run_build("new", "event", "Checkpoint attacked", "--start", "2023-05-22T11:00+03:00",
                       "--content", "valid", cwd=workdir)
    assert result.returncode == 0
    text = (workdir / "valid/events/checkpoint-attacked.md").read_text()
    assert 'start: "2023-05-22T11:00+03:00"' in text
    check = run_build("check", "--content", "valid", cwd=workdir)
    assert "fill in 'start'" not in check.stderr and "fill in 'status'" in check.stderr


def test_refuses_to_overwrite(workdir):
    existing = workdir / "valid/events/shelling.md"
    before = existing.read_bytes()
    result = run_build("new", "event", "Shelling", "--content", "valid", cwd=workdir)
    assert result.returncode == 2
    assert "valid/events/shelling.md already exists" in result.stderr
    assert existing.read_bytes() == before


@pytest.mark.parametrize("args", [["new", "event", "Index"], ["new", "event", "  "],
                                  ["new", "event", "x", "--slug", "Not A Slug"],
                                  ["new", "rumour", "x"]])
def test_bad_names_are_usage_errors(workdir, args):
    result = run_build(*args, "--content", "valid", cwd=workdir)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (workdir / "valid/events").iterdir()) == \
        ["c-draft.md", "denial.md", "shelling.md"]


@pytest.mark.parametrize("args, message", [
    (["Caf\udce9 shelling"], "the title is not valid UTF-8"),   # argv bytes b"Caf\xe9 ..."
    (["Cafe shelling", "--start", "2023-05-22\udcff"], "--start is not valid UTF-8"),
    (["Bad\x7fdel"], "the title contains a control character (U+007F)"),
    (["Bad\ufffedel"], "the title contains a control character (U+FFFE)"),
    (["x" * 2001], "the title is 2001 characters long; the limit is 2000"),
    (["Cafe shelling", "--start", "yesterday"], "--start 'yesterday' is not a date or date-time"),
    (["Cafe shelling", "--slug", "a" * 201], f"'{'a' * 201}' cannot be a file name here"),
])
def test_unusable_titles_and_starts_write_nothing(workdir, args, message):
    """Checked before anything is written: no empty or unreadable file is left behind
    to break the build and block the next `new`."""
    result = run_build("new", "event", *args, "--content", "valid", cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.startswith(f"build.py: error: {message}")
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (workdir / "valid/events").iterdir()) == \
        ["c-draft.md", "denial.md", "shelling.md"]
    again = run_build("new", "event", "Café shelling", "--content", "valid", cwd=workdir)
    assert again.returncode == 0, again.stderr
    assert 'title: "Café shelling"' in (workdir / "valid/events/cafe-shelling.md").read_text()


def test_start_is_read_in_the_sites_time_zone(workdir):
    """A local time the site's zone skipped at a DST change fails `new` at once, as it
    would fail the next `check`; in a zone without DST the same time is fine."""
    site = workdir / "valid/site.yaml"
    site.write_text(site.read_text().replace("Europe/Moscow", "Europe/Berlin"))
    result = run_build("new", "event", "Spring", "--start", "2023-03-26T02:30",
                       "--content", "valid", cwd=workdir)
    assert result.returncode == 2
    assert "--start '2023-03-26T02:30' does not exist in Europe/Berlin" in result.stderr
    site.write_text(site.read_text().replace("Europe/Berlin", "Europe/Moscow"))
    result = run_build("new", "event", "Spring", "--start", "2023-03-26T02:30",
                       "--content", "valid", cwd=workdir)
    assert result.returncode == 0, result.stderr


def _linked_out(events, outside):
    outside.mkdir()
    events.rename(outside / "events")
    events.symlink_to(outside / "events", target_is_directory=True)


def _broken_link(events, outside):
    shutil.rmtree(events)
    events.symlink_to(outside / "gone", target_is_directory=True)


def _a_file(events, outside):
    shutil.rmtree(events)
    events.write_text("not a folder")


@pytest.mark.parametrize("make, problem", [
    (_linked_out, "is a link outside the content directory; move the folder into content/ "
                  "instead of linking it"),
    (_broken_link, "is a broken symbolic link"),
    (_a_file, "is not a folder; content/events/ holds one file per record"),
])
def test_refuses_an_events_folder_the_build_would_not_read(workdir, make, problem):
    """`new` writes where the build reads records, and nowhere else: an events
    folder linked out of the content folder would have it write outside, into a
    file no build reads. It says what `check` says about the folder."""
    outside = workdir / "outside"
    make(workdir / "valid/events", outside)
    before = sorted(p.relative_to(workdir) for p in workdir.rglob("*"))
    result = run_build("new", "event", "Checkpoint attacked", "--content", "valid", cwd=workdir)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"valid/events:0: error: {problem}",
                                          "1 problem found; nothing was written."]
    assert sorted(p.relative_to(workdir) for p in workdir.rglob("*")) == before
    check = run_build("check", "--content", "valid", cwd=workdir)
    assert f"valid/events:0: error: {problem}" in check.stderr.splitlines()


@pytest.mark.parametrize("args, message", [
    (["Чекпойнт"], "a file name is made of the title's ASCII letters and digits, and "
                   "'Чекпойнт' has none; give one with --slug, e.g. --slug graivoron-checkpoint-attacked"),
    (["Cafe shelling", "--slug", "Cafe_Shelling"], "'Cafe_Shelling' cannot be a file name here; "
     "choose another with --slug: use lowercase letters, digits and single hyphens, e.g. 'cafe-shelling'"),
    (["Cafe shelling", "--slug", "index"], "'index' cannot be a file name here; choose another "
     "with --slug: 'index' is a reserved name"),
])
def test_new_says_why_it_cannot_name_the_file(workdir, args, message):
    result = run_build("new", "event", *args, "--content", "valid", cwd=workdir)
    assert (result.returncode, result.stderr) == (2, f"build.py: error: {message}\n")
    assert not (workdir / "valid/events/untitled.md").exists()


def test_new_names_the_check_to_run_with_this_python_and_content(workdir):
    result = run_build("new", "place", "Glotovo", "--content", "valid", cwd=workdir)
    assert result.returncode == 0
    python = sys.executable if not Path(sys.executable).is_relative_to(workdir) else "?"
    assert result.stdout == (f"created valid/places/glotovo.md: fill in every TODO, then run "
                             f"`{python} {ROOT / 'build.py'} check --content valid`\n")
    assert "then run: make check" in (workdir / "valid/places/glotovo.md").read_text()


def test_a_python_without_the_dependencies_is_a_usage_error_not_a_traceback(workdir):
    """`python build.py ...` with the system's Python instead of .venv's."""
    result = subprocess.run([sys.executable, "-S", str(ROOT / "build.py"), "check",
                             "--content", "valid"], cwd=workdir, capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("build.py: error: this Python (")
    assert result.stderr.endswith("run `make site` once, then use .venv/bin/python build.py\n")

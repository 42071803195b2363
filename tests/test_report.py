"""Problems for machines: GitHub Actions annotations and `check --format json`."""
import json
import os
import shutil

from conftest import FIXTURES, run_build, run_process

GITHUB = {"GITHUB_ACTIONS": "true"}


def test_check_prints_annotations_on_github():
    result = run_build("check", "--content", "fields", cwd=FIXTURES, env=GITHUB)
    assert result.returncode == 1
    annotations = result.stdout.splitlines()
    assert "::error file=fields/events/shelling.md,line=2::unknown field 'titel'; " \
           "did you mean 'title'?" in annotations
    expected = (FIXTURES / "fields" / "expected.txt").read_text().splitlines()
    assert len(annotations) == len(expected)
    assert all(a.startswith("::error file=fields/") for a in annotations)
    assert result.stderr.splitlines()[:-1] == expected   # the terminal lines are unchanged


def test_build_prints_annotations_on_github(tmp_path):
    shutil.copytree(FIXTURES / "refs", tmp_path / "refs")
    result = run_build("build", "--content", "refs", "--out", "out", cwd=tmp_path, env=GITHUB)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=refs/")
    assert not (tmp_path / "out").exists()


def test_no_annotations_elsewhere():
    result = run_build("check", "--content", "fields", cwd=FIXTURES)
    assert "::error" not in result.stdout + result.stderr


def test_annotation_escapes_newlines_and_percent():
    from timeline.problems import Problem
    line = Problem("x.md", 0, "100% wrong\nreally", "hint").annotation()
    assert line == "::error file=x.md,line=1::100%25 wrong%0Areally; hint"


def test_names_and_values_from_content_cannot_forge_lines():
    """A file name, a field name or a value may hold line breaks and terminal
    escapes: printed, they stay escaped within their own line (and, on GitHub,
    cannot start a workflow command or end the file= property)."""
    from timeline.problems import Problem
    problem = Problem("ev\nx.md:1: error: y,z.md", 3, "unknown field 'a\n::error b\x1b[31m'", "h")
    assert Problem("a\u202eb.md", 1, "m").format() == "a\\u202eb.md:1: error: m"   # bidi override
    assert problem.format() == \
        "ev\\nx.md:1: error: y,z.md:3: error: unknown field 'a\\n::error b\\x1b[31m'; h"
    assert problem.annotation() == ("::error file=ev\\nx.md%3A1%3A error%3A y%2Cz.md,line=3::"
                                    "unknown field 'a%0A::error b\\x1b[31m'; h")


def test_check_json():
    result = run_build("check", "--content", "fields", "--format", "json", cwd=FIXTURES)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    expected = (FIXTURES / "fields" / "expected.txt").read_text().splitlines()
    assert len(problems) == len(expected)
    assert all(set(p) == {"path", "line", "message", "hint"} for p in problems)
    assert {"path": "fields/events/shelling.md", "line": 2, "message": "unknown field 'titel'",
            "hint": "did you mean 'title'?"} in problems
    assert [f"{p['path']}:{p['line']}: error: {p['message']}" + (f"; {p['hint']}" if p["hint"] else "")
            for p in problems] == expected


def test_check_json_when_valid():
    result = run_build("check", "--content", "valid", "--format", "json", cwd=FIXTURES)
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_check_json_with_a_file_name_that_is_not_utf8(workdir):
    """os.listdir gives such a name as lone surrogates: printed raw, a strict UTF-8
    stdout raised a traceback (and a lenient one wrote bytes that are not JSON)."""
    shelling = (workdir / "valid/events/shelling.md").read_bytes()
    (workdir / os.fsdecode(b"valid/events/\xff.md")).write_bytes(shelling)
    result = run_process("check", "--content", "valid", "--format", "json", cwd=workdir,
                         env={"PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert json.loads(result.stdout) == [{
        "path": "valid/events/\\udcff.md", "line": 0,
        "message": "file name '\\udcff.md' is not a valid slug", "hint": "rename it to 'untitled.md'"}]

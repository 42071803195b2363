"""The command-line contract: commands, exit codes, problem lines, atomic output."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, copy_trees, run_build, run_process, tree_bytes

BROKEN = ["refs", "fields", "files", "shapes"]


def expected_lines(name: str) -> list[str]:
    return (FIXTURES / name / "expected.txt").read_text().splitlines()


@pytest.mark.parametrize("name", BROKEN)
def test_check_reports_every_problem_with_path_and_line(name):
    result = run_build("check", "--content", name, cwd=FIXTURES)   # check writes nothing
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected_lines(name)
    assert lines[-1] == f"{len(expected_lines(name))} problems found; nothing was written."
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args, code", [
    (["check", "--content", "valid"], 0), (["build", "--content", "valid", "--out", "site"], 0),
    (["check", "--content", "refs"], 1), (["build", "--content", "fields", "--out", "site"], 1),
    (["check", "--content", "missing"], 2), (["build", "--nope"], 2)])
def test_the_command_exits_and_prints_as_the_in_process_runs_of_the_tests(tmp_path, args, code):
    """The tests run build.py's main in their own process (conftest.run_build), which
    is much faster than a new Python per build: here each exit status of the command
    itself (Ctrl-C and kill: test_write.py) prints and writes exactly what that does."""
    seen = [what_a_run_did(run, copy_trees(tmp_path / run.__name__, "valid", "refs", "fields"), args)
            for run in (run_process, run_build)]
    assert seen[0] == seen[1] and seen[0][0] == code


def what_a_run_did(run, folder, args) -> tuple:
    result = run(*args, cwd=folder)
    files = sorted(re.sub("site-[0-9a-f]+", "site-", p.relative_to(folder).as_posix())   # by --out
                   for p in folder.rglob("*"))
    site = tree_bytes(folder / "site") if (folder / "site").exists() else None
    return (result.returncode, re.sub(r" in \d+\.\d\d s ", " in T s ", result.stdout),
            result.stderr, files, site)


def test_build_is_the_default_command(workdir):
    result = run_build("--content", "valid", "--out", "out", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert (workdir / "out" / "index.html").is_file()
    assert result.stderr == ""


def test_check_writes_nothing(workdir):
    result = run_build("check", "--content", "valid", cwd=workdir)
    assert result.returncode == 0
    assert result.stdout.startswith("ok: valid is valid")
    assert not (workdir / "site").exists()


@pytest.mark.parametrize("args", [["--nope"], ["build", "--content", "missing"],
                                  ["check", "--content", "missing"], ["frobnicate", "x"],
                                  ["check", "--content", "valid", "--archive-dir", "missing"]])
def test_usage_errors_exit_2(workdir, args):
    result = run_build(*args, cwd=workdir)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error: " in result.stderr and result.stderr.count("\n") <= 3   # one line, not one per quote


def test_failed_build_leaves_previous_site_untouched(workdir):
    copy_trees(workdir, "fields")
    assert run_build("build", "--content", "valid", "--out", "site", cwd=workdir).returncode == 0
    before = tree_bytes(workdir / "site")
    result = run_build("build", "--content", "fields", "--out", "site", cwd=workdir)
    assert result.returncode == 1
    assert "fields/events/shelling.md:2: error: unknown field 'titel'" in result.stderr
    assert tree_bytes(workdir / "site") == before


def test_good_build_replaces_the_previous_site(workdir):
    out = workdir / "site"
    assert run_build("build", "--content", "valid", "--out", out, cwd=workdir).returncode == 0
    (out / "stale.html").write_text("left over")
    assert run_build("build", "--content", "valid", "--out", out, cwd=workdir).returncode == 0
    assert not (out / "stale.html").exists()
    assert not [p for p in workdir.iterdir() if p.name.startswith(".site.")]


@pytest.mark.parametrize("extra", [[], ["--no-cache"]])
def test_hidden_entries_of_the_output_are_kept(workdir, extra):
    """A site deployed by pushing its folder has a .git inside: every build keeps the
    output's hidden top-level entries (linked into the new site before the swap)
    and replaces everything else."""
    out = workdir / "site"
    assert run_build("build", "--content", "valid", "--out", out, *extra, cwd=workdir).returncode == 0
    (out / ".git/objects").mkdir(parents=True)
    (out / ".git/objects/ab").write_text("history")
    (out / ".git/HEAD").symlink_to("objects/ab")
    (out / ".nojekyll").write_text("")
    (out / "stale.html").write_text("left over")
    (out / "events/.hidden-in-a-folder").write_text("not top-level")
    for change in ("", "changed"):   # nothing changed, then a changed record
        about = workdir / "valid/about.md"
        about.write_text(about.read_text() + change)
        result = run_build("build", "--content", "valid", "--out", out, *extra, cwd=workdir)
        assert result.returncode == 0, result.stderr
        assert (out / ".git/objects/ab").read_text() == "history"
        assert (out / ".git/HEAD").read_text() == "history"
        assert (out / ".nojekyll").exists()
    assert not (out / "stale.html").exists()
    assert not (out / "events/.hidden-in-a-folder").exists()
    assert "changed" in (out / "about.html").read_text()


def test_refuses_to_replace_a_directory_it_did_not_build(workdir):
    precious = workdir / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = run_build("build", "--content", "valid", "--out", precious, cwd=workdir)
    assert result.returncode == 2
    assert "refusing to replace" in result.stderr
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_refuses_an_output_that_contains_the_content(workdir):
    result = run_build("build", "--content", "valid", "--out", ".", cwd=workdir)
    assert result.returncode == 2
    assert (workdir / "valid" / "site.yaml").exists()


def test_builds_are_byte_identical(workdir):
    for out, seed, tz, lc in (("one", "0", "UTC", "C"),
                              ("two", "12345", "America/Los_Angeles", "C.UTF-8")):
        result = run_process("build", "--content", "valid", "--out", out, cwd=workdir,
                             env={"PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": lc})
        assert result.returncode == 0, result.stderr
    assert tree_bytes(workdir / "one") == tree_bytes(workdir / "two")


def test_drafts_only_with_flag(workdir):
    run_build("build", "--content", "valid", "--out", "plain", cwd=workdir)
    run_build("build", "--content", "valid", "--out", "drafts", "--drafts", cwd=workdir)
    assert not (workdir / "plain" / "events" / "c-draft.html").exists()
    assert (workdir / "drafts" / "events" / "c-draft.html").exists()


def problem_lines(*args, cwd) -> tuple[int, list[str]]:
    result = run_build(*args, cwd=cwd)
    assert "Traceback" not in result.stderr
    return result.returncode, [line for line in result.stderr.splitlines() if ": error: " in line]


def test_check_reports_a_drafts_bad_link_that_only_build_drafts_meets(workdir):
    """`serve --drafts` builds the drafts' pages and checks their links: a plain
    `check` that passed must not let such a preview fail."""
    draft = workdir / "valid/events/c-draft.md"
    draft.write_text(draft.read_text() + "\nSee [the denial](denail.html).\n")
    line = len(draft.read_text().splitlines())
    bad = (f"valid/events/c-draft.md:{line}: error: link 'denail.html' leads to no page of "
           "the site; did you mean 'denial.html'?")
    assert problem_lines("build", "--content", "valid", "--out", "out", cwd=workdir) == (0, [])
    for command in (["build", "--out", "out", "--drafts"], ["check"], ["check", "--drafts"]):
        assert problem_lines(*command, "--content", "valid", cwd=workdir) == (1, [bad]), command
    result = run_build("check", "--content", "valid", "--format", "json", cwd=workdir)
    assert result.returncode == 1 and '"message": "link \'denail.html\' leads' in result.stdout


@pytest.mark.parametrize("body", [
    "\nSee [the draft](c-draft.html).\n",              # fails `build` only
    "\nSee [the draft](c-draft.html) and [x](nope.html).\n",
    "\nSee [the denial](denial.html).\n",              # fine both ways
])
def test_check_reports_what_build_or_build_drafts_would(workdir, body):
    """Plain `check` is the union of both builds' problems; `check --drafts`
    is exactly `build --drafts`'s."""
    event = workdir / "valid/events/shelling.md"
    event.write_text(event.read_text() + body)
    draft = workdir / "valid/events/c-draft.md"
    draft.write_text(draft.read_text() + "\n[Up](../nope/index.html)\n")
    builds = [problem_lines("build", "--content", "valid", "--out", "out", *extra, cwd=workdir)
              for extra in ([], ["--drafts"])]
    code, lines = problem_lines("check", "--content", "valid", cwd=workdir)
    assert sorted(lines) == sorted(set(builds[0][1]) | set(builds[1][1]))
    assert code == (1 if lines else 0)
    assert problem_lines("check", "--content", "valid", "--drafts", cwd=workdir) == builds[1]


def test_a_passed_check_says_it_checked_the_drafts_too(workdir):
    result = run_build("check", "--content", "valid", cwd=workdir)
    assert result.stdout == "ok: valid is valid (31 pages would be built; 1 draft checked as " \
        "--drafts builds it)\n"
    result = run_build("check", "--content", "valid", "--drafts", cwd=workdir)
    assert result.stdout == "ok: valid is valid (32 pages would be built)\n"


def test_about_md_front_matter_and_todo_are_checked_as_a_records_are(workdir):
    """A field the about page does not use was silently dropped, and a TODO left in
    its text published; both are problems at their line, as in an event."""
    (workdir / "valid/about.md").write_text(
        "---\ntitle: TODO the page's title\ndescription: Background\n---\nIntro.\n\n"
        "  TODO: say how times are given\n")
    for command in (["check"], ["build", "--out", "out"]):
        code, lines = problem_lines(*command, "--content", "valid", cwd=workdir)
        assert code == 1
        assert lines == [
            "valid/about.md:2: error: fill in 'title': it is still a placeholder; replace "
            "\"TODO the page's title\"; the comment beside it says what goes there",
            "valid/about.md:3: error: unknown field 'description'; known fields: title",
            "valid/about.md:7: error: fill in the text below the front matter: it is still a "
            "placeholder; replace the line starting with 'TODO'"]
    assert not (workdir / "out").exists()


@pytest.mark.parametrize("front, title", [("title: Background & method\n", "Background &amp; method"),
                                          ("", "About this chronology")])
def test_about_md_title_names_the_about_page(workdir, front, title):
    (workdir / "valid/about.md").write_text(f"---\n{front}---\nBackground.\n")
    result = run_build("build", "--content", "valid", "--out", "out", cwd=workdir)
    assert result.returncode == 0, result.stderr
    page = (workdir / "out/about.html").read_text()
    assert f"<h1>{title}</h1>" in page and f"<title>{title} · " in page


def test_template_error_names_template_and_line(workdir):
    templates = workdir / "templates"
    import shutil
    from conftest import ROOT
    shutil.copytree(ROOT / "templates", templates)
    page = templates / "about.html"
    page.write_text(page.read_text().replace("{{ config.title }}", "{{ config.titel }}", 1)
                    .replace("<h1>{{ page.title }}</h1>", "<h1>{{ no_such_thing }}</h1>"))
    result = run_build("build", "--content", "valid", "--out", "out", "--templates", templates,
                       cwd=workdir)
    assert result.returncode == 1
    assert "templates/about.html:3: error: template: 'no_such_thing' is undefined" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("path, old, new, error", [
    ("actors/rvc.md", "kind: group\n", "kind: group\naffiliation: nowhere\n",
     "actors/rvc.md:4: error: unknown actor 'nowhere'"),
    ("actors/rvc.md", "kind: group\n", "kind: group\naffiliation: rvc\n",
     "actors/rvc.md:4: error: an actor cannot be affiliated with itself"),
    ("sources/art.md", "publisher: unknown\n", "publisher: unknown\nvia: [wire]\n",
     "sources/art.md:4: error: unknown actor 'wire'"),
])
def test_a_reference_outside_events_to_a_missing_record_is_an_error(tmp_path, path, old, new,
                                                                    error):
    """Linking checks every event's names at once and looks for the line only when one
    is missing; a source's relaying outlet and an actor's affiliation count too."""
    shutil.copytree(FIXTURES / "valid", tmp_path / "valid")
    file = tmp_path / "valid" / path
    file.write_text(file.read_text().replace(old, new, 1))
    result = run_build("check", "--content", "valid", cwd=tmp_path)
    assert result.returncode == 1
    assert error in result.stderr


def test_a_bad_file_does_not_hide_the_references_of_the_others(tmp_path):
    """One pass reports every problem: a misspelled field in one file and an unknown
    slug in another together. A record that failed to validate still counts as there:
    naming it is not a second problem."""
    shutil.copytree(FIXTURES / "valid", tmp_path / "valid")
    place = tmp_path / "valid/places/kozinka.md"
    place.write_text(place.read_text().replace("region:", "regoin:"))
    actor = tmp_path / "valid/actors/rvc.md"
    actor.write_text(actor.read_text().replace("kind: group", "kind: band"))
    event = tmp_path / "valid/events/shelling.md"
    event.write_text(event.read_text().replace("actors: [rvc]", "actors: [rvc, rvk]"))
    code, lines = problem_lines("check", "--content", "valid", cwd=tmp_path)
    assert code == 1
    assert [line.split(": error: ")[0] for line in lines] == [
        "valid/actors/rvc.md:3", "valid/events/shelling.md:7", "valid/places/kozinka.md:3"]
    assert "unknown actor 'rvk'" in lines[1]


def test_a_missing_site_setting_says_to_add_it_to_site_yaml(workdir):
    site = workdir / "valid/site.yaml"
    site.write_text("".join(line for line in site.read_text().splitlines(True)
                            if not line.startswith("title:")))
    code, lines = problem_lines("check", "--content", "valid", cwd=workdir)
    assert (code, lines) == (1, ["valid/site.yaml:1: error: missing required field 'title'; "
                                 "add a line 'title: ...' to site.yaml"])


def test_a_misnamed_file_is_one_problem_not_one_per_reference_to_it(tmp_path):
    shutil.copytree(FIXTURES / "valid", tmp_path / "valid")
    (tmp_path / "valid/actors/rvc.md").rename(tmp_path / "valid/actors/RVC.md")
    code, lines = problem_lines("check", "--content", "valid", cwd=tmp_path)
    assert (code, lines) == (1, ["valid/actors/RVC.md:0: error: file name 'RVC.md' is not a "
                                 "valid slug; rename it to 'rvc.md'"])


@pytest.mark.parametrize("closed", [1, 2])
def test_build_succeeds_with_its_output_streams_closed(workdir, closed):
    """Started by a scheduler with stdout or stderr closed: still built, still exit 0."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--content", "valid", "--out", "site"],
        cwd=workdir, preexec_fn=lambda: os.close(closed), capture_output=True,
        timeout=300)
    assert result.returncode == 0, result
    assert (workdir / "site" / "index.html").is_file()


BAD_BASE_URLS = [("https:///", "'https:///' has no host name"),
                 ("https://example.org/?q=1#frag", "'https://example.org/?q=1#frag' has a query or a fragment"),
                 ("https://example.org/chronology#", "'https://example.org/chronology#' has a query or a fragment"),
                 ("https://example.org:99999/", "'https://example.org:99999/' is not a valid URL"),
                 ("https://editor:s3cret@example.org/",
                  "'https://editor:s3cret@example.org/' has a user name or password; remove "
                  "'editor:s3cret@': the link leads to the host after the '@', 'example.org'"),
                 ("https://example.org%40evil.example/",
                  "'https://example.org%40evil.example/' has a percent-encoded host name; write "
                  "the host as the address bar shows it, without '%' escapes")]


@pytest.mark.parametrize("url, message", BAD_BASE_URLS)
def test_a_base_url_pages_cannot_be_added_to_is_a_usage_error(workdir, url, message):
    result = run_build("build", "--content", "valid", "--out", "site", "--base-url", url, cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.startswith(f"build.py: error: --base-url {message}")
    assert not (workdir / "site").exists()


@pytest.mark.parametrize("url, message", BAD_BASE_URLS)
def test_a_base_url_pages_cannot_be_added_to_in_site_yaml_is_a_content_problem(workdir, url, message):
    site = workdir / "valid/site.yaml"
    site.write_text(site.read_text() + f'base_url: "{url}"\n')
    result = run_build("build", "--content", "valid", "--out", "site", cwd=workdir)
    assert result.returncode == 1
    assert result.stderr.startswith(f"valid/site.yaml:5: error: 'base_url' {message}")
    assert not (workdir / "site").exists()


def test_a_base_url_in_site_yaml_makes_canonical_links(workdir):
    site = workdir / "valid/site.yaml"
    site.write_text(site.read_text() + "base_url: https://example.org:8443/chronology/\n")
    result = run_build("build", "--content", "valid", "--out", "site", cwd=workdir)
    assert result.returncode == 0, result.stderr
    html = (workdir / "site/events/shelling.html").read_text()
    assert '<link rel="canonical" href="https://example.org:8443/chronology/events/shelling.html">' in html


def test_a_tab_in_the_front_matter_is_reported_on_its_line_with_a_hint(workdir):
    path = workdir / "valid" / "events" / "shelling.md"
    lines = path.read_text().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  - source:"))
    lines[at] = "\t" + lines[at].lstrip()
    path.write_text("\n".join(lines))
    code, problems = problem_lines("check", "--content", "valid", cwd=workdir)
    assert code == 1
    assert problems == [f"valid/events/shelling.md:{at + 1}: error: invalid YAML: while scanning "
                        "for the next token: found character that cannot start any token; "
                        "indent with spaces: YAML does not allow tabs"]


def test_a_title_cut_short_by_a_hash_fails_the_build_and_keeps_the_site(workdir):
    assert run_build("build", "--content", "valid", "--out", "site", cwd=workdir).returncode == 0
    before = tree_bytes(workdir / "site")
    path = workdir / "valid" / "events" / "shelling.md"
    text = path.read_text()
    title = next(line for line in text.split("\n") if line.startswith("title:"))
    path.write_text(text.replace(title, "title: Attack #2 on the checkpoint", 1))
    line = text.split("\n").index(title) + 1
    code, problems = problem_lines("build", "--content", "valid", "--out", "site", cwd=workdir)
    assert code == 1 and problems == [
        f"valid/events/shelling.md:{line}: error: the value is cut short at '#2 on the checkpoint': "
        "YAML reads ' #' as the start of a comment; put the whole value in quotes: "
        "\"Attack #2 on the checkpoint\"; a comment needs a space after its '#'"]
    assert tree_bytes(workdir / "site") == before


@pytest.mark.parametrize("start, end, hint", [
    ("2023-05-22T11:00+03:00", "2023-05-22T11:00+04:00",
     "in Europe/Moscow, 'start' is 2023-05-22 11:00 and 'end' 2023-05-22 10:00"),
    ("2023-05-22T11:00Z", "2023-05-22T12:00+03:00",
     "in Europe/Moscow, 'start' is 2023-05-22 14:00 and 'end' 2023-05-22 12:00"),
])
def test_an_end_before_the_start_shows_both_in_the_site_zone(workdir, start, end, hint):
    path = workdir / "valid" / "events" / "shelling.md"
    lines = path.read_text().split("\n")
    lines = [line for line in lines if not line.startswith("end:")]
    at = next(i for i, line in enumerate(lines) if line.startswith("start:"))
    lines[at:at + 1] = [f"start: {start}", f"end: {end}"]
    path.write_text("\n".join(lines))
    code, problems = problem_lines("check", "--content", "valid", cwd=workdir)
    assert code == 1
    assert problems == [f"valid/events/shelling.md:{at + 2}: error: 'end' is before 'start'; "
                        f"{hint}; correct one of them, or swap them"]


@pytest.mark.parametrize("argv, quoted", [
    (["new", "event", "T", "--start", "x\ny"], "--start 'x\\ny' is not a date or date-time"),
    (["new", "event", "T", "--slug", "a\n::error::b"], "'a\\n::error::b' cannot be a file name"),
    (["build", "--content", "nope\n::error::x"], "content directory 'nope\\n::error::x' not found"),
    (["check", "--archive-dir", "a\x1b[31m"], "archive directory 'a\\x1b[31m' not found"),
    (["build", "--out", "valid/x\n::error::y"], "/valid/x\\n::error::y overlaps"),
    (["build", "--bogus\n::error::x"], "unrecognized arguments: --bogus\\n::error::x"),
    (["serve", "--port", "99999\n"], "argument --port: 99999 is not a port number"),
    (["serve", "--host", "127.0.0.1\n::error::x"], "--host: '127.0.0.1\\n::error::x' is not an address"),
    (["new", "event", "T\u202e"], "the title contains a bidirectional control character (U+202E)"),
    (["build", "--base-url", "https://a\u202eb/"],
     "--base-url contains a bidirectional control character (U+202E)"),
])
def test_a_usage_error_quotes_what_was_typed_on_one_line(workdir, monkeypatch, capsys, argv, quoted):
    """A line break or escape typed into an option is echoed escaped: it cannot print
    a forged line, such as a GitHub Actions '::error' command, or recolour the terminal."""
    import build
    monkeypatch.chdir(workdir)
    try:
        code = build.main([*argv, *([] if "--content" in argv else ["--content", "valid"])])
    except SystemExit as exc:   # argparse's own errors
        code = exc.code
    lines = capsys.readouterr().err.splitlines()
    assert code == 2
    assert quoted in lines[-1] and lines[-1].startswith("build.py")
    assert all(line.startswith(("build.py", "usage: ", " ")) for line in lines), lines
    assert sorted(os.listdir(workdir / "valid/events")) == ["c-draft.md", "denial.md", "shelling.md"]


@pytest.mark.parametrize("argv", [["check", "--content", "va\nlid"],
                                  ["build", "--content", "va\nlid", "--out", "si\nte", "--jobs", "1"]])
def test_the_line_a_success_prints_names_its_folder_on_one_line(workdir, monkeypatch, capsys, argv):
    import build
    (workdir / "valid").rename(workdir / "va\nlid")
    monkeypatch.chdir(workdir)
    assert build.main(argv) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and ("va\\nlid is valid" in out or "into si\\nte/" in out), out

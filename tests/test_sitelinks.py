"""Links that bodies make into the site: each must lead to a file the build makes."""
from pathlib import Path

import pytest

from conftest import ROOT, run_build, tree_bytes
from timeline.cache import open_cache
from timeline.pipeline import Options, prepare
from timeline.render import output_paths

LINKS = """
See [the denial](denial.html), [the actors](../actors/), [a typo](denail.html),
[from the root](/events/denial.html), [out](../../x.html), [an anchor](#top),
[the web](https://example.org/), [data](../data/events.csv), [a query](?x),
[mail](mailto:a@b.example) and [with a fragment](denial.html#x).
"""


def test_links_into_the_site_that_lead_nowhere_are_problems_at_their_lines(workdir):
    event = workdir / "valid/events/shelling.md"
    event.write_text(event.read_text() + LINKS)
    about = workdir / "valid/about.md"
    about.write_text(about.read_text() + "\nRead [the disputes](disputed.html) and [this](events/nope.html).\n")
    lines = len(event.read_text().splitlines())
    result = run_build("build", "--content", "valid", "--out", "out", cwd=workdir)
    assert result.returncode == 1
    about_line = len(about.read_text().splitlines())
    assert result.stderr.splitlines() == [
        f"valid/about.md:{about_line}: error: link 'events/nope.html' leads to no page of the "
        "site; did you mean 'events/denial.html'?",
        f"valid/events/shelling.md:{lines - 3}: error: link '../actors/' names a folder, which "
        "read from disk shows a file listing; name its page: '../actors/index.html'",
        f"valid/events/shelling.md:{lines - 3}: error: link 'denail.html' leads to no page of "
        "the site; did you mean 'denial.html'?",
        f"valid/events/shelling.md:{lines - 2}: error: link '../../x.html' leads out of the "
        "site; link only to the site's own pages",
        f"valid/events/shelling.md:{lines - 2}: error: link '/events/denial.html' starts from "
        "the server's root, which read from disk is the computer's; write it from this page: "
        "'denial.html'",
        "5 problems found; nothing was written."]
    assert not (workdir / "out").exists()


def test_links_that_name_pages_of_the_site_build_and_lead_there(workdir):
    event = workdir / "valid/events/shelling.md"
    event.write_text(event.read_text() + "\nSee [the denial](denial.html#x), [the data](../data.html) "
                     "and [the actors](../actors/index.html).\n")
    result = run_build("build", "--content", "valid", "--out", "out", cwd=workdir)
    assert result.returncode == 0, result.stderr
    page = (workdir / "out/events/shelling.html").read_text()
    for href in ("denial.html#x", "../data.html", "../actors/index.html"):
        assert f'href="{href}"' in page


def test_a_link_to_a_draft_leads_nowhere_unless_drafts_are_built(workdir):
    event = workdir / "valid/events/shelling.md"
    event.write_text(event.read_text() + "\nSee [the draft](c-draft.html).\n")
    assert run_build("check", "--content", "valid", cwd=workdir).returncode == 1
    result = run_build("build", "--content", "valid", "--out", "out", "--drafts", cwd=workdir)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("base_url", [None, "https://example.org/chronology"])
def test_the_paths_checked_against_are_the_files_the_build_makes(tmp_path, base_url):
    """sitelinks knows the site's files before any is made (render.output_paths):
    they must be exactly the files a build then writes."""
    extra = ["--base-url", base_url] if base_url else []
    result = run_build("build", "--out", tmp_path / "site", "--no-cache", *extra, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    opts = Options(content=ROOT / "content", out=tmp_path / "site", base_url=base_url)
    site = prepare(opts, open_cache(None, opts.out)).site
    built = {path for path in tree_bytes(tmp_path / "site") if not Path(path).name.startswith(".")}
    assert output_paths(site, opts.static) == built

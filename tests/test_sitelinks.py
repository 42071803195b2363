"""Links that bodies make into the site: each must lead to a file the build makes."""
from pathlib import Path

import pytest

from conftest import ROOT, run_build, tree_bytes
from timeline import sitelinks, urls
from timeline.pipeline import Options, read_site
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


def test_a_link_to_a_draft_says_its_page_is_made_only_with_drafts(workdir):
    """Not 'leads to no page; did you mean ...?': the page exists in a preview, and
    the fix is to publish the draft or drop the link, not to pick another page."""
    event = workdir / "valid/events/shelling.md"
    event.write_text(event.read_text() + "\nSee [the draft](c-draft.html) and "
                     "[again](../events/c-draft.html#x).\n")
    line = len(event.read_text().splitlines())
    hint = "publish the draft (remove 'draft: true' from valid/events/c-draft.md) or remove the link"
    for command in (["check"], ["build", "--out", "out"]):
        result = run_build(*command, "--content", "valid", cwd=workdir)
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            f"valid/events/shelling.md:{line}: error: link '../events/c-draft.html#x' leads to a "
            f"draft's page, which is only made with --drafts; {hint}",
            f"valid/events/shelling.md:{line}: error: link 'c-draft.html' leads to a draft's "
            f"page, which is only made with --drafts; {hint}",
            "2 problems found; nothing was written."]
    result = run_build("build", "--content", "valid", "--out", "out", "--drafts", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert 'href="c-draft.html"' in (workdir / "out/events/shelling.html").read_text()


@pytest.mark.parametrize("base_url", [None, "https://example.org/chronology"])
def test_the_paths_checked_against_are_the_files_the_build_makes(tmp_path, base_url):
    """sitelinks knows the site's files before any is made (render.output_paths):
    they must be exactly the files a build then writes."""
    extra = ["--base-url", base_url] if base_url else []
    result = run_build("build", "--out", tmp_path / "site", "--no-cache", *extra, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    opts = Options(content=ROOT / "content", out=tmp_path / "site", base_url=base_url)
    site, _ = read_site(opts)
    built = {path for path in tree_bytes(tmp_path / "site") if not Path(path).name.startswith(".")
             and not path.startswith(f"{urls.SEARCH_SHARDS}/")}
    assert output_paths(site, opts.static) == built


def test_each_link_is_reported_at_its_own_line_and_folders_say_so(workdir):
    """A link is looked for past the one before it, as a link target first: the
    same typo twice is two problems, and '../' is not found inside '../events/x.html'."""
    event = workdir / "valid/events/shelling.md"
    body = ("\nSee [one](../events/denial.html).\n\nUp [one level](../).\n\n"
            "Then [a typo](denail.html).\n\nAnd [the typo again](denail.html), "
            "[a page as a folder](denial.html/) and <a href=\" https://example.org/\">the web</a>.\n")
    event.write_text(event.read_text() + body)
    last = len(event.read_text().splitlines())
    result = run_build("check", "--content", "valid", cwd=workdir)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:-1] == [
        f"valid/events/shelling.md:{last - 4}: error: link '../' names a folder, which read from "
        "disk shows a file listing; name its page: '../index.html'",
        f"valid/events/shelling.md:{last - 2}: error: link 'denail.html' leads to no page of the "
        "site; did you mean 'denial.html'?",
        f"valid/events/shelling.md:{last}: error: link 'denail.html' leads to no page of the "
        "site; did you mean 'denial.html'?",
        f"valid/events/shelling.md:{last}: error: link 'denial.html/' names a page as a folder; "
        "leave out the '/': 'denial.html'"]


def test_links_in_source_actor_and_place_texts_are_checked_too(workdir):
    for path in ("sources/art.md", "actors/rvc.md", "places/kozinka.md"):
        record = workdir / "valid" / path
        record.write_text(record.read_text() + "\nSee [the event](../events/nope.html).\n")
    result = run_build("check", "--content", "valid", cwd=workdir)
    assert result.returncode == 1
    reported = sorted(line.split(":")[0] for line in result.stderr.splitlines()[:-1])
    assert reported == ["valid/actors/rvc.md", "valid/places/kozinka.md", "valid/sources/art.md"]


def test_past_twenty_bad_links_no_closest_page_is_looked_for(workdir):
    """Each look compares the link with every file of the site: a moved folder that
    breaks thousands of links must not take minutes to report."""
    event = workdir / "valid/events/shelling.md"
    event.write_text(event.read_text() + "".join(f"\n[x](denail-{i}.html)\n" for i in range(25)))
    result = run_build("check", "--content", "valid", cwd=workdir)
    lines = result.stderr.splitlines()[:-1]
    assert len(lines) == 25
    assert sum("did you mean" in line for line in lines) == 20
    assert lines[-1].endswith("links between pages are relative and name the .html file, "
                              "e.g. '../events/slug.html'")


def test_site_links_are_found_in_one_pass_over_the_text():
    """Each link was looked for from the one before to the end of the text four
    times over, and its line counted from the text's start: 40,000 links took
    minutes. The lines are the links' own, a repeated link found again past the
    first, one written differently ('\\_', '&amp;') found all the same."""
    count = 40_000
    text = "".join(f"See [event {i}](../events/e-{i}.html).\n" for i in range(count))
    text += "Again [event 0](../events/e-0.html), [escaped](a\\_b.html), [amp](a&amp;b.html).\n"
    html = "".join(f'<a href="../events/e-{i}.html">x</a>' for i in range(count))
    html += '<a href="../events/e-0.html">x</a><a href="a_b.html">x</a><a href="a&amp;b.html">x</a>'
    links = sitelinks.site_links(html, text)
    assert links[:count] == tuple((f"../events/e-{i}.html", i) for i in range(count))
    assert links[count:] == (("../events/e-0.html", count), ("a_b.html", count),
                             ("a&b.html", count))

"""The search index a reader's browser loads: every actor, place and source page and
every event, names with aliases, safe to embed."""
import json
import shutil

from conftest import run_build
from timeline import searchindex

PREFIX, SUFFIX = "window.CHRONOLOGY_SEARCH = ", ";\n"


def load_index(out):
    """The script's text, and its event records; its page records are in load_pages."""
    text, index = load_whole(out)
    return text, index["events"]


def load_whole(out):
    text = (out / "assets/search-index.js").read_text(encoding="utf-8")
    assert text.startswith(PREFIX) and text.endswith(SUFFIX)
    index = json.loads(text[len(PREFIX):-len(SUFFIX)])
    assert list(index) == ["pages", "events"]
    return text, index


def test_index_holds_every_event_with_aliases_and_quotes(real_site):
    out = real_site
    _, records = load_index(out)
    assert len(records) == len(list((out / "events").glob("*.html")))
    by_url = {r["u"]: r for r in records}
    shelling = by_url["events/graivoron-shelled-early-monday.html"]
    assert ["Graivoron", "Grayvoron", "Gryvoron"] in shelling["p"]
    assert shelling["s"] == "claimed" and shelling["w"] == "Monday 22 May 2023, c. 05:00–10:00 MSK"
    assert any("five hours" in q for q in shelling["q"])
    assert "<" not in shelling["b"] and "RBK" in shelling["b"]
    assert all((out / r["u"]).is_file() for r in records)


def test_index_holds_every_actor_place_and_source_page_before_the_events(real_site):
    text, index = load_whole(real_site)
    pages = [f"{kind}/{slug}.html" for kind in ("actors", "places", "sources")
             for slug in sorted(p.stem for p in (real_site / kind).glob("*.html")) if slug != "index"]
    assert [r["u"] for r in index["pages"]] == pages
    assert text.index("actors/vyacheslav-gladkov.html") < text.index('"events":[')
    by_url = {r["u"]: r for r in index["pages"]}
    gladkov = by_url["actors/vyacheslav-gladkov.html"]
    assert gladkov["t"] == "Vyacheslav Gladkov" and "Gladkov" in gladkov["n"]
    listed = (real_site / "actors/vyacheslav-gladkov.html").read_text().count('<p class="entry-title">')
    assert gladkov["w"] == f"Person · {listed} events"
    assert by_url["places/graivoron.html"]["n"] == ["Grayvoron", "Gryvoron"]
    assert by_url["places/kozinka.html"]["w"].startswith("Place in Belgorod region · ")
    source = by_url["sources/finnish-report-firefight.html"]
    assert source["t"] == "Residents of Belogorod report a fierce firefight on Monday morning"
    assert source["w"].startswith("Source, publisher not named, 24 May 2023 · ") and source["n"] == []
    # Names only, not the pages' text: the index grows by a line a page.
    assert "the main Russian source" not in json.dumps(index["pages"])
    assert "the main Russian source" in (real_site / "actors/vyacheslav-gladkov.html").read_text()


def test_content_cannot_break_out_of_the_script(workdir):
    tree = workdir / "valid"
    hostile = "</script><script>alert(1)</script> &"
    event = tree / "events/shelling.md"
    event.write_text(event.read_text().replace("title: Shelling", f'title: "{hostile} Shelling"'))
    actor = tree / "actors/rvc.md"
    actor.write_text(actor.read_text().replace("aliases: [RVC]", f'aliases: [RVC, "{hostile}"]'))
    place = tree / "places/kozinka.md"
    place.write_text(place.read_text().replace("name: Kozinka", f'name: "{hostile} Kozinka"'))
    out = workdir / "site"
    result = run_build("build", "--content", tree, "--out", out, cwd=workdir)
    assert result.returncode == 0, result.stderr
    raw, index = load_whole(out)
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in raw
    assert f"{hostile} Shelling" in [r["t"] for r in index["events"]]
    assert f"{hostile} Kozinka" in [r["t"] for r in index["pages"]]
    assert ["RVC", hostile] in [r["n"] for r in index["pages"]]


def test_a_cached_build_lists_an_edited_page_as_a_clean_build_does(workdir):
    tree, out = workdir / "valid", workdir / "site"
    assert run_build("build", "--content", tree, "--out", out, cwd=workdir).returncode == 0
    actor = tree / "actors/rvc.md"
    actor.write_text(actor.read_text().replace("name: Russian Volunteer Corps", "name: Russian Volunteers"))
    assert run_build("build", "--content", tree, "--out", out, cwd=workdir).returncode == 0
    clean = workdir / "clean"
    assert run_build("build", "--no-cache", "--content", tree, "--out", clean, cwd=workdir).returncode == 0
    cached = (out / "assets/search-index.js").read_bytes()
    assert cached == (clean / "assets/search-index.js").read_bytes()
    assert "Russian Volunteers" in [r["t"] for r in load_whole(out)[1]["pages"]]


def test_line_separators_are_escaped_for_old_javascript_parsers():
    raw = searchindex.to_script([{"t": "a\u2028b\u2029c"}], [{"t": "d\u2028e"}]).decode()
    assert "\u2028" not in raw and "\u2029" not in raw
    assert json.loads(raw[len(PREFIX):-len(SUFFIX)]) == {"pages": [{"t": "d\u2028e"}],
                                                         "events": [{"t": "a\u2028b\u2029c"}]}


def test_build_is_deterministic(workdir):
    outs = []
    for name in ("a", "b"):
        out = workdir / name
        assert run_build("build", "--content", workdir / "valid", "--out", out, cwd=workdir).returncode == 0
        outs.append((out / "assets/search-index.js").read_bytes() + (out / "index.html").read_bytes())
    assert outs[0] == outs[1]
    shutil.rmtree(workdir / "a")

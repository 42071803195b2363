"""The search index a reader's browser loads: a manifest of the actor, place and
source pages, and shards of terms and of events loaded as a query needs them; an
event found by its own words only, every file safe to embed and deterministic."""
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_build, tree_bytes
from timeline import pipeline
from timeline.data import searchindex, searchshards
from timeline.pipeline import Options

CALL = re.compile(r'window\.CHRONOLOGY_SEARCH\("([^"]+)",(.*)\);\n', re.S)


def read_script(path: Path):
    """(name, data) of one file of the index."""
    text = path.read_text(encoding="utf-8")
    match = CALL.fullmatch(text)
    assert match, text[:200]
    return match.group(1), json.loads(match.group(2))


def load_index(out: Path) -> dict:
    """The manifest, with every event record (`records`) and term entry (`terms`)
    read from its shards, in order."""
    name, manifest = read_script(out / "assets/search-index.js")
    assert name == "index" and list(manifest) == ["eventShards", "events", "pages", "termShards"]
    records, terms = [], {}
    for first, shard in manifest["eventShards"]:
        assert read_script(out / f"assets/search/{shard}.js")[0] == shard
        assert first == len(records)
        records += read_script(out / f"assets/search/{shard}.js")[1]
    for first, shard in manifest["termShards"]:
        entries = read_script(out / f"assets/search/{shard}.js")[1]
        assert entries[0][0] == first
        terms.update({term: decoded(codes) for term, codes in entries})
    assert len(records) == manifest["events"]
    return {**manifest, "records": records, "terms": terms}


def decoded(codes: list[int]) -> list[tuple[int, str]]:
    """A term's postings as (event number, class)."""
    event, found = 0, []
    for code in codes:
        event += code // 4
        found.append((event, searchindex.CLASSES[code % 4]))
    return found


def test_index_holds_every_event_with_aliases_quotes_and_short_source_names(real_site):
    index = load_index(real_site)
    records = index["records"]
    events = json.loads((real_site / "data/events.json").read_text())["events"]
    assert [r["u"] for r in records] == [e["page"] for e in events]   # the chronology's order
    by_url = {r["u"]: r for r in records}
    shelling = by_url["events/graivoron-shelled-early-monday.html"]
    assert ["Graivoron", "Grayvoron", "Gryvoron"] in shelling["p"]
    assert shelling["s"] == "claimed" and shelling["w"] == (
        "Monday 22 May 2023, “lasted about five hours early Monday”, before 09:00 MSK")
    assert any("five hours" in q for q in shelling["q"])
    assert "<" not in shelling["b"] and "RBK" in shelling["b"]
    assert by_url["events/legion-claims-kozinka-liberated.html"]["c"] == [
        "MONDO, 22 May", "Al Jazeera explainer", "PAP interview analysis"]
    assert all((real_site / r["u"]).is_file() for r in records)


def test_an_event_is_found_by_its_own_words_never_by_its_sources_titles(real_site):
    """'70' is in one source's headline, cited by 23 events; two say it themselves."""
    index = load_index(real_site)
    records, terms = index["records"], index["terms"]
    assert "pitched" not in terms   # a word of that headline only
    seventy = [records[event] for event, _ in terms["70"]]
    assert len(seventy) >= 2
    for record in seventy:
        assert re.search(r"\b70\b", " ".join([record["t"], record["b"], *record["q"]]))
    titled = {records[e]["u"] for e, kind in terms["kozinka"] if kind == "title"}
    assert "events/helicopter-strike-on-kozinka.html" in titled
    named = {records[e]["u"] for e, kind in terms["grayvoron"]}   # a place's other spelling
    assert "events/graivoron-shelled-early-monday.html" in named


def test_terms_are_folded_as_the_browser_folds_a_query():
    assert searchindex.terms("KOZÍNKA, Ёлка’s 22:00 o'clock_x") == [
        "kozinka", "елка", "s", "22", "00", "o", "clock", "x"]


def test_each_word_is_filed_under_the_best_field_that_has_it():
    record = {"t": "Shelling of Kozinka", "a": [["Russian Volunteer Corps", "RVC"]],
              "p": [["Kozinka"]], "q": ["shelling began"], "b": "The shelling began at dawn."}
    title, names, quotes, body = searchindex.record_terms(record).split("\t")
    assert title == "kozinka of shelling"
    assert names == "corps russian rvc volunteer"
    assert quotes == "began" and body == "at dawn the"


def test_index_holds_every_actor_place_and_source_page(real_site):
    index = load_index(real_site)
    pages = [f"{kind}/{slug}.html" for kind in ("actors", "places", "sources")
             for slug in sorted(p.stem for p in (real_site / kind).glob("*.html")) if slug != "index"]
    assert [r["u"] for r in index["pages"]] == pages
    by_url = {r["u"]: r for r in index["pages"]}
    gladkov = by_url["actors/vyacheslav-gladkov.html"]
    assert gladkov["t"] == "Vyacheslav Gladkov" and "Gladkov" in gladkov["n"]
    listed = (real_site / "actors/vyacheslav-gladkov.html").read_text().count('<p class="entry-title">')
    assert gladkov["w"] == f"Person · {listed} events"
    assert by_url["places/graivoron.html"]["n"] == ["Grayvoron", "Gryvoron"]
    assert by_url["places/kozinka.html"]["w"].startswith("Place in Belgorod region · ")
    source = by_url["sources/firefight-report-24-may.html"]   # by its short name, and its headline
    assert source["t"] == "24 May firefight report" and source["l"] == "Headline"
    assert source["n"] == ["Residents of Belogorod report a fierce firefight on Monday morning"]
    assert source["w"].startswith("Source, publisher not named, 24 May 2023 · ")
    # Names only, not the pages' text: the manifest grows by a line a page.
    manifest = (real_site / "assets/search-index.js").read_text()
    assert "the main Russian source" not in manifest
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
    index = load_index(out)
    for path in [out / "assets/search-index.js", *(out / "assets/search").iterdir()]:
        raw = path.read_text(encoding="utf-8")
        for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
            assert forbidden not in raw
    assert f"{hostile} Shelling" in [r["t"] for r in index["records"]]
    assert f"{hostile} Kozinka" in [r["t"] for r in index["pages"]]
    assert ["RVC", hostile] in [r["n"] for r in index["pages"]]


def search_files(out: Path) -> dict:
    return {path: data for path, data in tree_bytes(out).items()
            if path.startswith("assets/search")}


def test_a_cached_build_lists_an_edited_page_as_a_clean_build_does(workdir):
    tree, out = workdir / "valid", workdir / "site"
    assert run_build("build", "--content", tree, "--out", out, cwd=workdir).returncode == 0
    actor = tree / "actors/rvc.md"
    actor.write_text(actor.read_text().replace("name: Russian Volunteer Corps", "name: Russian Volunteers"))
    assert run_build("build", "--content", tree, "--out", out, cwd=workdir).returncode == 0
    clean = workdir / "clean"
    assert run_build("build", "--no-cache", "--content", tree, "--out", clean, cwd=workdir).returncode == 0
    assert search_files(out) == search_files(clean)
    assert "Russian Volunteers" in [r["t"] for r in load_index(out)["pages"]]


def test_line_separators_are_escaped_for_old_javascript_parsers():
    raw = searchindex.script("d-1", searchindex.to_json([{"t": "a\u2028b\u2029c"}]))
    assert "\u2028" not in raw and "\u2029" not in raw
    assert CALL.fullmatch(raw).groups() == ("d-1", '[{"t":"a\\u2028b\\u2029c"}]')


def test_build_is_deterministic(workdir):
    outs = []
    for name in ("a", "b"):
        out = workdir / name
        assert run_build("build", "--content", workdir / "valid", "--out", out, cwd=workdir).returncode == 0
        outs.append(search_files(out) | {"index.html": (out / "index.html").read_bytes()})
    assert outs[0] == outs[1]
    shutil.rmtree(workdir / "a")


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """The real content built with shards of a few hundred bytes: dozens of each kind."""
    out = tmp_path_factory.mktemp("sharded") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchshards, "EVENT_SHARD_BYTES", 2_000)
        patch.setattr(searchshards, "TERM_SHARD_BYTES", 600)
        assert pipeline.build(Options(content=ROOT / "content", out=out, jobs=1)).problems == ()
    return out


def test_small_shards_hold_the_same_index_in_many_files(sharded, real_site):
    index, whole = load_index(sharded), load_index(real_site)
    assert len(index["eventShards"]) > 10 and len(index["termShards"]) > 10
    assert len(whole["eventShards"]) < 5 and len(whole["termShards"]) < 3
    assert index["records"] == whole["records"] and index["terms"] == whole["terms"]
    firsts = [first for first, _ in index["termShards"]]
    assert firsts == sorted(firsts, key=searchshards.order)
    assert set(index["terms"]) >= set(firsts)
    files = {p.stem for p in (sharded / "assets/search").iterdir()}
    assert files == {name for _, name in index["eventShards"] + index["termShards"]}


@pytest.mark.parametrize("query", ["k", "koz", "gr", "70", "zzz", "a", "the attackers"])
def test_a_query_needs_the_term_shards_that_hold_the_words_it_begins(sharded, query):
    """searchshards.term_shards, the benchmark's account of what search.js loads:
    every term a word of the query begins is in one of them, and no other shard is."""
    index = load_index(sharded)
    needed = searchshards.term_shards(index["termShards"], query)
    for word in searchindex.terms(query):
        holding = set()
        for first, shard in index["termShards"]:
            entries = read_script(sharded / f"assets/search/{shard}.js")[1]
            if any(term.startswith(word) for term, _ in entries):
                holding.add(shard)
        assert holding <= set(needed)
        if holding:   # at most the shard before the first that holds one, where the word would sort
            # (the word's own shards: the query's other words need theirs too)
            assert len(set(searchshards.term_shards(index["termShards"], word)) - holding) <= 1


def test_serve_updates_the_shards_and_removes_the_old_ones(tmp_path):
    from timeline.incremental import IncrementalBuilder
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    builder = IncrementalBuilder(Options(content=content, out=tmp_path / "live"))
    assert builder.rebuild().problems == ()
    event = content / "events/baranovsky-says-operation-ongoing.md"
    event.write_text(event.read_text().replace("under way.", "under way, said Zanzibar."))
    result = builder.rebuild()
    assert result.problems == () and result.removed
    assert all(path.startswith("assets/search") for path in result.removed)
    index = load_index(tmp_path / "live")
    assert [index["records"][e]["u"] for e, _ in index["terms"]["zanzibar"]] == [
        "events/baranovsky-says-operation-ongoing.html"]

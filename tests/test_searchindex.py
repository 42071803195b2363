"""The search index a reader's browser loads: every event, names with aliases, safe to embed."""
import json
import shutil

from conftest import run_build
from timeline import searchindex

PREFIX, SUFFIX = "window.CHRONOLOGY_SEARCH = ", ";\n"


def load_index(out):
    text = (out / "assets/search-index.js").read_text(encoding="utf-8")
    assert text.startswith(PREFIX) and text.endswith(SUFFIX)
    return text, json.loads(text[len(PREFIX):-len(SUFFIX)])


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


def test_content_cannot_break_out_of_the_script(workdir):
    tree = workdir / "valid"
    event = tree / "events/shelling.md"
    text = event.read_text().replace("title: Shelling", 'title: "</script><script>alert(1)</script> & Shelling"')
    event.write_text(text)
    out = workdir / "site"
    result = run_build("build", "--content", tree, "--out", out, cwd=workdir)
    assert result.returncode == 0, result.stderr
    raw, records = load_index(out)
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in raw
    titles = [r["t"] for r in records]
    assert "</script><script>alert(1)</script> & Shelling" in titles


def test_line_separators_are_escaped_for_old_javascript_parsers():
    raw = searchindex.to_script([{"t": "a\u2028b\u2029c"}]).decode()
    assert "\u2028" not in raw and "\u2029" not in raw
    assert json.loads(raw[len(PREFIX):-len(SUFFIX)]) == [{"t": "a\u2028b\u2029c"}]


def test_build_is_deterministic(workdir):
    outs = []
    for name in ("a", "b"):
        out = workdir / name
        assert run_build("build", "--content", workdir / "valid", "--out", out, cwd=workdir).returncode == 0
        outs.append((out / "assets/search-index.js").read_bytes() + (out / "index.html").read_bytes())
    assert outs[0] == outs[1]
    shutil.rmtree(workdir / "a")

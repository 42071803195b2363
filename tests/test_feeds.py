"""feed.xml (Atom 1.0), sitemap.xml and the schema.org JSON-LD on event pages."""
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, build_site, run_build
from timeline.data.jsonld import script_json

A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
BASE = "https://example.org/chronology"
RFC3339_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
URN_UUID = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")



@pytest.fixture(scope="module")
def local(tmp_path_factory):
    return build_site(tmp_path_factory, ROOT / "tests/fixtures/valid")


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    return build_site(tmp_path_factory, ROOT / "tests/fixtures/valid", "--base-url", BASE + "/")



def feed(out: Path) -> ET.Element:
    return ET.parse(out / "feed.xml").getroot()


def only(parent, tag):
    found = parent.findall(A + tag)
    assert len(found) == 1, f"{tag}: {len(found)}"
    return found[0]


def event_order(out: Path) -> list[str]:
    return [e["slug"] for e in json.loads((out / "data/events.json").read_text())["events"]]


@pytest.mark.parametrize("site", ["local", "hosted", "real_site"])
def test_feed_meets_the_atom_requirements(site, request):
    out = request.getfixturevalue(site)
    root = feed(out)
    assert root.tag == A + "feed"
    assert URN_UUID.fullmatch(only(root, "id").text)
    assert only(root, "title").text
    updated = only(root, "updated").text
    assert RFC3339_UTC.fullmatch(updated)
    assert only(only(root, "author"), "name").text  # no entry has its own author
    entries = root.findall(A + "entry")
    assert len(entries) == min(len(event_order(out)), 50)   # the latest 50 (site.yaml: feed_entries)
    ids = []
    for entry in entries:
        ids.append(only(entry, "id").text)
        assert URN_UUID.fullmatch(ids[-1])
        assert only(entry, "title").text
        assert RFC3339_UTC.fullmatch(only(entry, "updated").text)
        assert only(entry, "updated").text <= updated
        alternates = [link for link in entry.findall(A + "link") if link.get("rel") == "alternate"]
        assert len(alternates) == 1 and alternates[0].get("type") == "text/html"
        assert only(entry, "summary").text
        assert only(entry, "content").get("type") == "html"
    assert len(set(ids)) == len(ids)
    assert max(e.find(A + "updated").text for e in entries) == updated


@pytest.mark.parametrize("site", ["local", "real_site"])
def test_feed_lists_events_newest_first_and_links_resolve_from_disk(site, request):
    out = request.getfixturevalue(site)
    entries = feed(out).findall(A + "entry")
    hrefs = [e.find(A + "link").get("href") for e in entries]
    assert hrefs == [f"events/{slug}.html" for slug in reversed(event_order(out))][:50]
    for entry, href in zip(entries, hrefs):
        assert (out / href).is_file()
        content = entry.find(A + "content")
        assert content.get(XML_BASE) == href
        for link in re.findall(r'href="([^"]+)"', content.text):
            if not link.startswith("https://"):
                assert (out / "events" / link).resolve().is_file(), link


def test_the_feed_holds_the_latest_entries_and_the_data_files_every_event(tmp_path):
    """Feed readers expect the latest entries, not the whole archive (at 10,000 events
    the feed was every one of them): `feed_entries` in site.yaml, 50 unless it says."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", content)
    with (content / "site.yaml").open("a") as f:
        f.write("feed_entries: 1\n")
    out = build_site_at(tmp_path, content)
    hrefs = [e.find(A + "link").get("href") for e in feed(out).findall(A + "entry")]
    assert hrefs == ["events/denial.html"] and event_order(out) == ["shelling", "denial"]


def build_site_at(tmp_path: Path, content: Path) -> Path:
    result = run_build("build", "--content", content, "--out", tmp_path / "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


def test_feed_entry_carries_time_status_and_sources(local):
    entry = feed(local).findall(A + "entry")[1]
    assert entry.find(A + "title").text == "Shelling"
    html = entry.find(A + "content").text
    assert "c. 05:00–10:00 MSK (early Monday)" in html and "status: reported" in html
    assert "Russian Volunteer Corps, as reported in An article (publisher not named" in html and "“hello there,”" in html
    assert '<a href="../sources/art.html">' in html
    assert [c.get("term") for c in entry.findall(A + "category")] == ["shelling"]


def test_feed_dates_come_from_the_content(local):
    # The article both events cite was published on 24 May (00:00 Moscow = 21:00 UTC).
    assert feed(local).find(A + "updated").text == "2023-05-23T21:00:00Z"


def test_hosted_feed_is_absolute_and_keeps_the_same_ids(local, hosted):
    root = feed(hosted)
    links = {link.get("rel"): link.get("href") for link in root.findall(A + "link")}
    assert links == {"alternate": f"{BASE}/index.html", "self": f"{BASE}/feed.xml"}
    entry = root.find(A + "entry")
    assert entry.find(A + "link").get("href") == f"{BASE}/events/denial.html"
    assert f'href="{BASE}/sources/art.html"' in entry.find(A + "content").text
    ids = lambda out: [e.find(A + "id").text for e in feed(out).findall(A + "entry")]  # noqa: E731
    assert ids(local) == ids(hosted)


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.feeds, self.canonical, self.scripts = [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("type") == "application/atom+xml":
            self.feeds.append(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        if tag == "script":
            self._in_script = True
            self.scripts.append([attrs.get("type"), ""])

    def handle_endtag(self, tag):
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1][1] += data


def head(page: Path) -> Head:
    parser = Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_page_links_the_feed(local):
    for page in local.rglob("*.html"):
        feeds = head(page).feeds
        assert len(feeds) == 1 and feeds[0]["rel"] == "alternate", page
        href = feeds[0]["href"]
        if page == local / "404.html":   # served at any depth, it links from the root
            assert href == "/feed.xml"
            continue
        assert (page.parent / href).resolve() == (local / "feed.xml").resolve(), page


def test_sitemap_and_canonical_only_with_base_url(local, hosted):
    assert not (local / "sitemap.xml").exists()
    assert all(head(page).canonical == [] for page in local.rglob("*.html"))
    root = ET.parse(hosted / "sitemap.xml").getroot()
    assert root.tag == SM + "urlset"
    listed = [loc.text for loc in root.iter(SM + "loc")]
    pages = sorted(p.relative_to(hosted).as_posix() for p in hosted.rglob("*.html"))
    assert sorted(listed) == [f"{BASE}/{p}" for p in pages if p != "404.html"]
    for page in pages:
        if page != "404.html":
            assert head(hosted / page).canonical == [f"{BASE}/{page}"]


def data_scripts(page: Path) -> list:
    """The JSON-LD blocks (the search script, an external file, is not one)."""
    return [(kind, text) for kind, text in head(page).scripts if kind == "application/ld+json"]


def jsonld(page: Path) -> dict:
    scripts = data_scripts(page)
    assert len(scripts) == 1
    return json.loads(scripts[0][1])


def test_event_pages_describe_the_event_in_json_ld(local, hosted):
    shelling = jsonld(local / "events/shelling.html")
    assert shelling == {
        "@context": "https://schema.org", "@type": "Event", "name": "Shelling",
        "startDate": "2023-05-22T05:00+03:00", "endDate": "2023-05-22T10:00+03:00",
        "location": [{"@type": "Place", "name": "Kozinka"}],
        "description": "Body text.",
    }
    denial = jsonld(local / "events/denial.html")
    assert denial["startDate"] == "2023-05-23" and "endDate" not in denial
    assert "location" not in denial and "url" not in denial
    assert jsonld(hosted / "events/denial.html")["url"] == f"{BASE}/events/denial.html"
    assert data_scripts(local / "index.html") == []


def test_json_ld_cannot_break_out_of_its_script_element(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", content)
    event = content / "events/shelling.md"
    nasty = 'Shelling </script><script>alert(1)</script> & <!-- "x"'
    event.write_text(event.read_text().replace("title: Shelling", f"title: '{nasty}'"))
    out = tmp_path / "site"
    result = run_build("build", "--content", content, "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = (out / "events/shelling.html").read_text()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["name"] == nasty
    assert html.count("</script>") == 1 + html.count("></script>")  # + the empty external search script


def test_json_ld_escapes_line_separators():
    text = str(script_json({"name": "a\u2028b\u2029c</script>"}))
    assert "\u2028" not in text and "\u2029" not in text and "</" not in text
    assert json.loads(text) == {"name": "a\u2028b\u2029c</script>"}

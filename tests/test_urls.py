"""urls: where each page goes, and links between pages that work from disk and at any
sub-path (relative, naming their .html file); only the 404 page's are absolute."""
from datetime import date

import pytest

from timeline import urls

DAY = date(2023, 5, 22)


@pytest.mark.parametrize("kind, path", [("events", "events/shelling.html"),
                                        ("sources", "sources/shelling.html"),
                                        ("actors", "actors/shelling.html"),
                                        ("places", "places/shelling.html"),
                                        ("disputes", "disputed.html")])
def test_each_record_has_one_page_and_a_dispute_is_shown_on_the_disputed_page(kind, path):
    assert urls.record(kind, "shelling") == path


def test_pages_of_a_kind_share_a_folder_and_its_index():
    assert urls.event("a") == "events/a.html" and urls.tag("drones") == "tags/drones.html"
    assert urls.listing("actors") == "actors/index.html"
    assert urls.asset("style.css") == urls.STYLESHEET == "assets/style.css"
    assert urls.search_shard("t-ab") == "assets/search/t-ab.js"


def test_an_entry_is_on_the_index_or_on_its_days_page_when_the_chronology_is_split():
    assert urls.entry("main", DAY, split=False) == "index.html#event-main"
    assert urls.entry("main", DAY, split=True) == "days/2023-05-22.html#event-main"
    assert urls.dispute("count") == "disputed.html#dispute-count"


@pytest.mark.parametrize("here, target, link", [
    ("index.html", "events/a.html", "events/a.html"),
    ("events/a.html", "events/b.html", "b.html"),
    ("events/a.html", "index.html#day-2023-05-22", "../index.html#day-2023-05-22"),
    ("events/a.html", "actors/rvc.html", "../actors/rvc.html"),
    ("days/2023-05-22.html", "assets/search/t-ab.js", "../assets/search/t-ab.js"),
    ("a/b/c.html", "a/d.html#x", "../d.html#x"),
    ("a/b/c.html", "index.html", "../../index.html"),
])
def test_links_are_relative_and_keep_their_fragment(here, target, link):
    assert urls.relative(here, target) == link


def test_a_pages_links_lead_from_its_own_folder():
    href = urls.Linker("events/a.html")
    assert href("events/b.html") == "b.html" and href.root == "../"
    assert href.asset("style.css") == "../assets/style.css"
    assert href.actor("rvc") == "../actors/rvc.html" and href.tag("t") == "../tags/t.html"
    assert href.day(DAY) == "../index.html#day-2023-05-22"
    assert urls.Linker("index.html").root == ""


def test_day_links_lead_to_the_days_page_when_the_chronology_is_split():
    assert urls.Linker("events/a.html", split=True).day(DAY) == "../days/2023-05-22.html"


@pytest.mark.parametrize("base, link, root", [("", "/events/a.html", "/"),
                                              ("https://example.org/chronology/",
                                               "https://example.org/chronology/events/a.html",
                                               "https://example.org/chronology/")])
def test_the_404_pages_links_are_absolute_as_it_is_served_at_any_depth(base, link, root):
    href = urls.Linker(urls.NOT_FOUND, base_url=base, absolute_links=True)
    assert href("events/a.html") == link and href.root == root


def test_an_absolute_address_has_one_slash_between_base_and_path():
    assert urls.absolute("https://example.org/c/", "feed.xml") == "https://example.org/c/feed.xml"
    assert urls.absolute("https://example.org/c", "feed.xml") == "https://example.org/c/feed.xml"

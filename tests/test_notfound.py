"""The 404 page, which a web server shows in place of any missing address: its
stylesheet, links and search work at any depth when served without --base-url, from
disk as site/404.html, and with --base-url."""
from __future__ import annotations

import base64
import hashlib
import re
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest

from conftest import ROOT, build_site

MISSING = ["/events/x/y", "/events/x/y/", "/no-such-page.html", "/a/b/c/d.html"]


class PagesHandler(SimpleHTTPRequestHandler):
    """Python's http.server, answering a missing address with 404.html as GitHub
    Pages, Netlify or nginx's `error_page 404 /404.html` do."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serving(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(PagesHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except HTTPError as error:
        return error.code, error.read().decode("utf-8")


def hrefs(html: str) -> list[str]:
    return [h for h in re.findall(r'<(?:a|link)\b[^>]*\shref="([^"]+)"', html) if h != "#main"]


def scripts(html: str) -> list[str]:
    """The addresses of the scripts the page loads: search.js (a src, or the inline
    script's data-search) and the search index (the search form's data-index)."""
    return re.findall(r'<script\b[^>]*\s(?:src|data-search)="([^"]+)"', html) + \
        re.findall(r'<form class="site-search"[^>]*\sdata-index="([^"]+)"', html)


def sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory, ROOT / "tests/fixtures/valid")


@pytest.fixture(scope="module")
def served(site):
    with serving(site) as url:
        yield url


@pytest.mark.parametrize("address", MISSING)
def test_served_at_any_depth_every_link_leads_to_a_page(served, address):
    status, html = fetch(served + address)
    assert status == 404 and "<h1>Page not found</h1>" in html
    links = hrefs(html)
    assert len(links) > 10 and all(link.startswith("/") for link in links)
    for link in links:
        assert fetch(urljoin(served + address, link))[0] == 200, link
    assert scripts(html) == ["/assets/search.js", "/assets/search-index.js"]
    for script in scripts(html):
        assert fetch(urljoin(served + address, script))[0] == 200, script
    assert 'data-root="/"' in html


def test_the_script_is_inline_and_allowed_by_its_hash(site):
    """It loads search.js from the links' root, which no relative address reaches
    from /events/x/y; and no <script src> that fails there or from disk."""
    html = (site / "404.html").read_text()
    inline = re.findall(r"<script\b[^>]*>(.+?)</script>", html, re.S)
    assert len(inline) == 1 and "<script src=" not in html
    assert inline[0] == (site / "assets/notfound.js").read_text()
    assert f"script-src 'self' 'sha256-{sha256(inline[0])}';" in html
    assert "script-src 'self';" in (site / "index.html").read_text()   # only this page


def test_the_stylesheet_is_inline_and_allowed_by_its_hash(site):
    """No one address of assets/style.css works both from /events/x/y and from disk."""
    html = (site / "404.html").read_text()
    assert 'rel="stylesheet"' not in html
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert css == (site / "assets/style.css").read_text()
    assert f"style-src 'self' 'sha256-{sha256(css)}';" in html
    other = (site / "index.html").read_text()
    assert "<style>" not in other and "style-src 'self';" in other   # only this page


def test_with_a_base_url_every_link_is_absolute(tmp_path_factory):
    site = build_site(tmp_path_factory, ROOT / "tests/fixtures/valid",
                      "--base-url", "https://example.org/chronology/")
    html = (site / "404.html").read_text()
    assert all(link.startswith("https://example.org/chronology/") for link in hrefs(html))
    assert '<link rel="stylesheet" href="https://example.org/chronology/assets/style.css">' in html
    assert "<style>" not in html and "sha256" not in html
    assert scripts(html) == ["https://example.org/chronology/assets/search.js",
                             "https://example.org/chronology/assets/search-index.js"]
    assert 'data-root="https://example.org/chronology/"' in html


def links_in(page) -> list[str]:
    return page.eval_on_selector_all(
        "a[href], link[href]", "els => els.map(e => e.href).filter(h => !h.endsWith('#main'))")


def styled(page) -> bool:
    return page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"


def test_from_disk_the_links_lead_to_the_site_files(browser, site):  # noqa: F811
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto((site / "404.html").as_uri(), wait_until="load")
    links = links_in(page)
    assert styled(page) and errors == []
    assert len(links) > 10
    for link in links:
        assert link.startswith(site.as_uri() + "/"), link
        assert (site / link[len(site.as_uri()) + 1:]).is_file(), link
    page.close()


def test_served_at_a_nested_address_in_a_browser(browser, site, served):  # noqa: F811
    page = browser.new_page()
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and violations.append(message.text))
    page.goto(served + "/events/x/y", wait_until="load")
    assert styled(page) and violations == []
    links = links_in(page)
    assert len(links) > 10
    for link in links:
        assert link.startswith(served + "/") and fetch(link)[0] == 200, link
    page.close()


def search(page, query: str) -> list[str]:
    """The addresses the search results lead to, once there are some."""
    page.fill("#search-q", query)
    page.locator(".search-status", has_text="match").wait_for()
    return page.eval_on_selector_all("#search-results a.search-hit", "links => links.map(a => a.href)")


def test_search_works_from_disk(browser, site):  # noqa: F811
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / "404.html").as_uri(), wait_until="load")
    hits = search(page, "Kozinka")
    assert hits and errors == []
    for hit in hits:
        assert hit.startswith(site.as_uri() + "/"), hit
        assert (site / hit[len(site.as_uri()) + 1:].partition("#")[0]).is_file(), hit
    page.close()


def test_search_works_served_at_a_nested_address(browser, served):  # noqa: F811
    page = browser.new_page()
    address = served + "/events/a/b/missing.html"
    failed, errors = [], []
    page.on("response", lambda r: r.status != 200 and r.url != address and failed.append(r.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: "Content Security Policy" in message.text
            and errors.append(message.text))
    page.goto(address, wait_until="load")
    hits = search(page, "Kozinka")
    assert hits and failed == [] and errors == []
    for hit in hits:
        assert hit.startswith(served + "/") and "/a/b/" not in hit and fetch(hit)[0] == 200, hit
    page.close()

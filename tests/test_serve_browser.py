"""An open tab follows the edits: it reloads after a save, shows the problems, recovers."""
from pathlib import Path

import pytest

from serve_support import PATIENCE, Served

EVENT = Path("valid/events/shelling.md")


@pytest.fixture
def served(workdir):
    server = Served(workdir, "--content", "valid", "--out", "out")
    yield server
    server.kill()


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_open_tab_reloads_and_shows_problems(browser, served, workdir):  # noqa: F811
    page = browser.new_page()
    page.goto(served.url + "events/shelling.html")
    heading = page.locator("main h1")
    assert heading.inner_text() == "Shelling"
    page.evaluate("window.sameTab = true")   # survives only if the tab is never reloaded

    save(workdir / EVENT, "title: Shelling", "title: Shelling of Kozinka")
    page.wait_for_function("document.querySelector('main h1').textContent === 'Shelling of Kozinka'",
                           timeout=PATIENCE * 1000)
    assert page.evaluate("window.sameTab") is None      # it was a real reload

    save(workdir / EVENT, "status: reported", "status: rumoured")
    overlay = page.locator("#build-py-problems")
    overlay.wait_for(state="visible", timeout=PATIENCE * 1000)
    assert "valid/events/shelling.md:7: error: 'status' 'rumoured' is not one of" in overlay.inner_text()
    assert heading.inner_text() == "Shelling of Kozinka"   # the last good page, under it

    save(workdir / EVENT, "status: rumoured", "status: claimed")
    overlay.wait_for(state="detached", timeout=PATIENCE * 1000)
    page.close()

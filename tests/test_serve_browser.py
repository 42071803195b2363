"""An open tab follows the edits: it reloads after a save, shows the problems, recovers."""
from serve_support import EVENT, PATIENCE, edit, served  # noqa: F401


def test_open_tab_reloads_and_shows_problems(browser, served, workdir):  # noqa: F811
    page = browser.new_page()
    page.goto(served.url + "events/shelling.html")
    heading = page.locator("main h1")
    assert heading.inner_text() == "Shelling"
    page.evaluate("window.sameTab = true")   # survives only if the tab is never reloaded

    edit(workdir / EVENT, "title: Shelling", "title: Shelling of Kozinka")
    # a locator wait, not wait_for_function: the page's CSP forbids the eval() that uses
    page.locator("main h1", has_text="Shelling of Kozinka").wait_for(timeout=PATIENCE * 1000)
    assert page.evaluate("window.sameTab") is None      # it was a real reload

    edit(workdir / EVENT, "status: reported", "status: rumoured")
    overlay = page.locator("#build-py-problems")
    overlay.wait_for(state="visible", timeout=PATIENCE * 1000)
    assert "valid/events/shelling.md:6: error: 'status' 'rumoured' is not one of" in overlay.inner_text()
    assert heading.inner_text() == "Shelling of Kozinka"   # the last good page, under it

    edit(workdir / EVENT, "status: rumoured", "status: claimed")
    overlay.wait_for(state="detached", timeout=PATIENCE * 1000)
    page.close()

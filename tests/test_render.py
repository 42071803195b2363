"""render.py: the plan of every page, and one page rendered from its context and
the site, which it reads only through its own recorder (speed/depends.py)."""
import shutil
from collections import defaultdict

import pytest
from markupsafe import escape

from conftest import ROOT
from timeline import urls
from timeline.model import Site
from timeline.pipeline import Options, read_site
from timeline.render import Renderer, environment, page_paths, plan, planned_pages
from timeline.speed.depends import Keyer, SiteReader

TEMPLATES, STATIC = ROOT / "templates", ROOT / "static"


@pytest.fixture(scope="module")
def site():
    found, problems = read_site(Options(content=ROOT / "content"))
    assert problems == ()
    return found


@pytest.fixture(scope="module")
def renderer(site):
    return Renderer(environment(TEMPLATES), TEMPLATES, site.config)


def test_an_event_page_shows_its_event_and_notes_what_it_read(site, renderer):
    event = site.events[0]
    [page] = [p for p in plan(site, STATIC) if p.path == urls.event(event.slug)]
    deps: set = set()
    html = renderer.render(page, SiteReader(site, deps)).decode()
    assert str(escape(event.title)) in html and html.startswith("<!DOCTYPE html>")
    assert ("sources", event.citations[0].source) in deps


def test_a_template_error_is_a_problem_at_its_line(site, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    about = templates / "about.html"
    lines = about.read_text().splitlines()
    at = next(n for n, line in enumerate(lines, 1) if "{% block" in line) + 1
    lines.insert(at - 1, "{{ page.no_such_field.deeper }}")
    about.write_text("\n".join(lines) + "\n")
    renderer = Renderer(environment(templates), templates, site.config)
    [page] = [p for p in plan(site, STATIC) if p.path == urls.ABOUT]
    problem = renderer.render(page, SiteReader(site, set()))
    assert (problem.path, problem.line) == (str(about), at)
    assert problem.message.startswith("template: ")
    assert not renderer.broken   # a runtime error: the other pages are still rendered


def test_planning_makes_no_page_until_asked(site, monkeypatch):
    made = []
    planned = planned_pages(site, STATIC)
    assert {p.path for p in planned} == page_paths(site)
    monkeypatch.setattr("timeline.chronology._event_context",
                        lambda *args: made.append(args) or ())
    planned = planned_pages(site, STATIC)
    assert made == []
    [first] = [p for p in planned if p.path == urls.event(site.events[0].slug)]
    first.page()
    assert len(made) == 1


class Restricted:
    """The site with only what `deps` names: any other read fails."""

    def __init__(self, site, deps: set):
        self._site = site
        self._whole = {dep[0] for dep in deps if len(dep) == 1}
        self._keys = defaultdict(set)
        for dep in deps:
            if len(dep) == 2:
                self._keys[dep[0]].add(dep[1])

    def __getattr__(self, name: str):
        value = getattr(self._site, name)
        if name == "config" or name in self._whole:
            return value
        if name in self._keys:
            return {key: value[key] for key in self._keys[name] if key in value}
        raise AttributeError(f"site.{name} was read but not noted")


def test_every_page_reads_the_site_only_through_its_recorder(site, renderer):
    """Each page of the real site, every template, rendered again from the parts of
    the site its recorder noted and nothing else, is byte for byte the same: a page
    key made of those reads cannot miss one, so the cache cannot keep a stale page."""
    templates = set()
    for page in plan(site, STATIC):
        deps: set = set()
        first = renderer.render(page, SiteReader(site, deps))
        again = renderer.render(page, SiteReader(Restricted(site, deps), set()))
        assert again == first, page.path
        templates.add(page.template)
    assert not [v for v in vars(renderer).values() if isinstance(v, Site)]   # only the views
    layouts = {"base.html", "macros.html"} | (set() if site.split else {"day.html"})
    assert templates == {p.name for p in TEMPLATES.glob("*.html")} - layouts


def test_a_read_the_recorder_missed_would_be_caught(site, renderer):
    """The check above has teeth: a way to the site that does not note its reads
    (here, the actors) renders differently from what was noted."""
    class Forgetful(SiteReader):
        def __getattr__(self, name):
            return self._site.actors if name == "actors" else super().__getattr__(name)

    event = next(e for e in site.events if e.actors)
    [page] = [p for p in plan(site, STATIC) if p.path == urls.event(event.slug)]
    deps: set = set()
    first = renderer.render(page, Forgetful(site, deps))
    assert renderer.render(page, SiteReader(Restricted(site, deps), set())) != first


def test_sets_in_a_page_context_are_keyed_in_any_order(site):
    keyer = Keyer(site, None, "")
    a, b = frozenset({"x", "y", ("z", 1)}), {("z", 1), "y", "x"}
    assert keyer.fingerprint(a) == keyer.fingerprint(b) != keyer.fingerprint(frozenset({"x"}))
    with pytest.raises(TypeError, match="cannot fingerprint object"):
        keyer.fingerprint(object())

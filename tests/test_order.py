"""Order the articles state (`after:`): the chronology follows it, and a cycle, an
unknown event or an order the times contradict is a problem at its line."""
import re
import shutil

import pytest

from conftest import ROOT, run_build

EVENT = """---
title: {title}
start: {start}
{extra}status: reported
sources:
  - source: art
---
Body.
"""


def write(content, slug, start, extra="", title=None):
    (content / f"events/{slug}.md").write_text(
        EVENT.format(title=title or slug, start=start, extra=extra))


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", root)
    return root


def errors(content) -> list[str]:
    result = run_build("check", "--content", content, cwd=content.parent)
    return [line for line in result.stderr.splitlines() if ": error: " in line]


def test_a_cycle_is_an_error_at_each_after_naming_both_events(content):
    write(content, "tanks", '"2023-05-22"', "after: [kozinka]\n")
    write(content, "kozinka", '"2023-05-22"', "after: [tanks]\n")
    assert errors(content) == [
        "content/events/kozinka.md:4: error: 'after' makes a cycle: 'kozinka' after 'tanks' "
        "after 'kozinka'; each says it came later than the next; remove the 'after' the "
        "articles do not state",
        "content/events/tanks.md:4: error: 'after' makes a cycle: 'tanks' after 'kozinka' "
        "after 'tanks'; each says it came later than the next; remove the 'after' the "
        "articles do not state"]


def test_an_after_naming_no_event_is_an_error_with_a_hint(content):
    write(content, "tanks", '"2023-05-22"', "after: [shellin]\n")
    assert errors(content) == [
        "content/events/tanks.md:4: error: unknown event 'shellin'; did you mean 'shelling'?"]


def test_an_after_the_times_contradict_is_an_error_naming_both(content):
    """'Early on Monday' cannot follow something that happened on Tuesday."""
    write(content, "alarm", "{date: 2023-05-22, part: early}",
          "phrase: early on Monday\nafter: [denial]\n")
    assert errors(content) == [
        "content/events/alarm.md:5: error: 'alarm' cannot be after 'denial': its time ends "
        "before that event's begins; check both events' times, or remove the 'after'"]


def test_an_event_cannot_follow_itself(content):
    write(content, "tanks", '"2023-05-22"', "after: [tanks]\n")
    assert errors(content) == ["content/events/tanks.md:4: error: an event cannot follow itself"]


def test_the_chronology_puts_an_event_after_those_it_follows(content, tmp_path):
    """'After that, tanks fired': the day-only entry moves after the early-Monday
    shelling, and reads 'later that day' among the day's timed entries; without
    `after` it would open the day with the entries the sources give no time."""
    write(content, "tanks", '"2023-05-22"', "phrase: after that\nafter: [shelling]\n",
          title="A tank fires")   # by title it would come before "Shelling"
    write(content, "crossing", "{date: 2023-05-22, part: early}", "phrase: early on Monday\n",
          title="A crossing")
    result = run_build("build", "--content", content, "--out", tmp_path / "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/index.html").read_text()
    found = re.findall(r'id="event-(shelling|tanks|crossing)"', html)
    assert found == ["crossing", "shelling", "tanks"]
    assert "later that day" in (tmp_path / "site/events/tanks.html").read_text()

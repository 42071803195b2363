"""How times and their notes read on the pages, in the feed and in the calendar."""
import re
from html import unescape

import pytest


def text(path) -> str:
    """What a reader reads: tags as spaces, runs of spaces as one; a calendar's
    folded lines joined and its escapes undone."""
    raw = path.read_text()
    if path.suffix == ".ics":
        raw = re.sub(r"\\([;,])", r"\1", re.sub(r"\r?\n ", "", raw))
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.mark.parametrize("page", ["index.html", "feed.xml", "data/events.ics", "disputed.html"])
def test_the_chronology_notes_read_in_one_pair_of_parentheses(real_site, page):
    """Every time note of the published chronology is one plain parenthesis."""
    shown = text(real_site / page)
    notes = re.findall(r"(?:MSK|2023|given) (\(.*?\)|— )", shown)
    assert notes and "— " not in notes
    assert all("(" not in note[1:-1] for note in notes), [n for n in notes if "(" in n[1:-1]]

"""The publication itself: the real content is valid and every quotation is exact."""
import re

import pytest

from conftest import FIXTURES, ROOT, SEEDS, run_build


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the article copies (../shared/seeds) are not here")
def test_real_content_checks_with_every_quote_verified():
    result = run_build("check", "--archive-dir", SEEDS, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_quotes_verify_with_normalised_whitespace_and_quote_marks(workdir):
    result = run_build("check", "--content", "valid", "--archive-dir", "archive", cwd=workdir)
    assert result.returncode == 0, result.stderr


def test_a_changed_quote_is_an_error_at_its_line_with_the_closest_passage(workdir):
    event = workdir / "valid/events/shelling.md"
    event.write_text(event.read_text().replace('quote: "hello there,"',
                                               """quote: 'hello there, and'"""))
    result = run_build("check", "--content", "valid", "--archive-dir", "archive", cwd=workdir)
    assert result.returncode == 1
    line = event.read_text().split("\n").index("    quote: 'hello there, and'") + 1
    assert result.stderr.splitlines()[0] == (
        f"valid/events/shelling.md:{line}: error: quote not found in the archived text of 'art'; "
        "quotes must be exact copies of the article's words; the closest passage in the article: "
        "\"hello there,\" and")


def test_a_quote_like_nothing_in_the_article_gets_no_passage(workdir):
    event = workdir / "valid/events/shelling.md"
    event.write_text(event.read_text().replace('quote: "hello there,"', 'quote: "goodbye"'))
    result = run_build("check", "--content", "valid", "--archive-dir", "archive", cwd=workdir)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].endswith(
        "quote not found in the archived text of 'art'; "
        "quotes must be exact copies of the article's words")


def test_only_the_first_misquotes_get_a_closest_passage():
    """Each look scans the article: thousands of misquotes must not take minutes."""
    from types import SimpleNamespace as NS
    from timeline import quotes
    where = NS(path="e.md", line=lambda *key: 1)
    citations = [NS(quote="hello there, and then", source="art", index=0)]
    events = [NS(where=where, citations=citations)] * (quotes.SUGGESTIONS + 5)
    source = NS(archive="art.txt", slug="art", where=where)
    problems = quotes.verify_quotes(events, {"art": source}, FIXTURES / "archive")
    hinted = [p for p in problems if "closest passage" in p.hint]
    assert len(problems) == quotes.SUGGESTIONS + 5 and len(hinted) == quotes.SUGGESTIONS


def test_a_closest_passage_lines_up_words_and_gives_up_on_endless_repetition():
    from timeline.quotes import closest_passage
    article = "The governor said the situation was “very tense” on Monday evening."
    assert closest_passage("the situation was very tense on Tuesday", article) == \
        "the situation was “very tense” on Monday"
    assert closest_passage("a " * 1000 + "b", "a " * 100_000) is None   # 10^8 pairs: no look


def test_a_missing_archive_file_is_an_error():
    result = run_build("check", "--content", "valid", "--archive-dir", "fields", cwd=FIXTURES)
    assert result.returncode == 1
    assert "valid/sources/art.md:5: error: archive file 'art.txt' not found" in result.stderr


def test_no_published_summary_is_cut_short():
    """A summary is the body's first sentence unless given; past 200 characters it is
    cut, mid-phrase, with '…'. The chronology's lists show summaries: each must read
    whole, so a long first sentence needs its own `summary:`."""
    from timeline.pipeline import Options, read_site

    site, _ = read_site(Options(content=ROOT / "content", out=ROOT / "site"))
    cut = [event.slug for event in site.events if event.summary.endswith("…")]
    assert cut == []



# Words an article's typo runs a name into ("Igor Girkinwho goes by the name Strelkov");
# a transliteration's extra letter (Zelensky, Zelenskyy) is not one of them.
RUN_ON = "who|which|that|the|and|said|says|was|is|has|had|of|in|on|to"


def test_no_other_name_shown_is_a_typo_running_a_name_into_the_next_word(real_site):
    """The actors and places lists and pages show aliases as other names ('also …',
    'Also written'); an article's typo, such as 'Igor Girkinwho', is not one."""
    for page in sorted([*real_site.glob("actors/*.html"), *real_site.glob("places/*.html")]):
        html = re.sub(r"</?bdi>", "", page.read_text())   # names are isolated in <bdi>
        shown = [alias for line in re.findall(
            r"(?: · also |<dt>Also written</dt><dd>)([^<]*?)(?: · |</dd>)", html)
            for alias in line.split(", ")]
        names = set(re.findall(r'<a href="[^"]*">([^<]+)</a> <span', html))
        names |= set(re.findall(r"<h1>([^<]+)</h1>", html)) | set(shown)
        for alias in shown:
            for name in names - {alias}:
                assert not re.fullmatch(re.escape(name) + f"(?:{RUN_ON})", alias), (page.name, alias)
    assert "Also written</dt><dd><bdi>Girkin</bdi>, <bdi>Strelkov</bdi></dd>" in \
        (real_site / "actors/igor-girkin.html").read_text()

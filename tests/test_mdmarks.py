"""mdmarks: the marks in a body's paragraphs are judged by what python-markdown would
read for them, counted on the text: the message names the mark, the paragraph's
line and the limit, and real paragraphs, however long, stay far below it."""
import re

import pytest

from timeline import markup, mdmarks
from timeline.problems import ContentError


def refusal(text: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        markup.to_html(text)
    return caught.value


def test_unmatched_underscores_are_refused_by_count_at_their_paragraph():
    """'_a ' 11,500 times took about 5 s, so that under load the time limit
    refused it on some runs and not on others."""
    problem = refusal("First paragraph.\n\nSecond.\n\n" + "_a " * 11_500 + "\n\nLast.\n")
    assert re.fullmatch(
        r"the Markdown body is too complex to render: python-markdown would take about "
        r"[\d,]+ steps for its marks, most for its '_' \(the limit is 500,000,000\); this "
        r"paragraph has 11,500 of them in 34,500 characters", problem.message)
    assert problem.line == 4
    assert problem.hint.startswith("escape each '_' that is not emphasis ('\\_')")


@pytest.mark.parametrize("text, mark", [
    ("__a " * 60 + "_c_ " * 60, "'_'"),   # '__' tried with each '_' after it, to the end
    ("**a *b " * 4000, "'*'"),
    ("`a` " * 3000, "'`'"),                # each code span makes a search from the start
    ("`a " * 1000 + "`b` " * 1000, "'`'"),
    ("[" * 3000, "'[' and '('"),           # read a character at a time, to the end
    ("[a " * 100 + "[b](c) " * 100, "'[' and '('"),
    ('[a]("b) ' * 2000, "'[' and '('"),
    ("&amp; " * 12_000, "'<', '&', '\\' and line breaks"),
    ("a  \n" * 12_000, "'<', '&', '\\' and line breaks"),
], ids=["__ and _", "** and *", "code spans", "unclosed code", "[", "[ and links",
        "quoted links", "entities", "line breaks"])
def test_each_kind_of_mark_has_its_message(text, mark):
    problem = refusal("Text.\n\n" + text)
    assert f"steps for its marks, most for its {mark} (the limit is 500,000,000)" \
        in problem.message
    assert problem.line == 2


def test_the_steps_of_all_paragraphs_add_up():
    paragraph = "_a " * 150 + "x " * 5000 + "\n\n"
    markup.to_html(paragraph * 2)
    assert "most for its '_'" in refusal(paragraph * 20).message


def test_abbreviations_used_in_a_long_paragraph_are_counted():
    text = "*[NATO]: North Atlantic Treaty Organization\n\n" + "NATO and " * 10_000
    assert "most for its abbreviations" in refusal(text).message
    markup.to_html("*[NATO]: North Atlantic Treaty Organization\n\n" + "NATO and " * 100)


def test_elements_are_limited_whatever_makes_them():
    rows = "| a | b |\n|---|---|\n" + "| *a* | b |\n" * 25_000
    problem = refusal(rows)
    assert problem.message.startswith("the Markdown body is too complex to render: it would "
                                      "make about ")
    assert problem.message.endswith(f"HTML elements (a block, a Markdown mark or an "
                                    f"abbreviation each); the limit is {mdmarks.MAX_ELEMENTS:,}")
    uses = ("NATO and " * 50 + "\n\n") * 600   # 30,000 abbreviations, each an element
    assert "HTML elements" in refusal("*[NATO]: North Atlantic Treaty Organization\n\n" + uses).message


PARAGRAPH = ("Shelling was reported in *Kozinka* and _Graivoron_ at `11:00`, as the "
             "[governor](../actors/gladkov.html) said; the __RVC__ claimed the snake_case_tag "
             "&amp; more. ") * 4


@pytest.mark.parametrize("text", [
    (PARAGRAPH + "\n\n") * 400,
    PARAGRAPH * 8,
    ("A paragraph pasted with single line breaks, **bold** and *italic*, "
     "[links](https://example.org/a_(b)) and `code`, &amp; entities.\n") * 100,
    "| a | b |\n|---|---|\n" + "| *a* [x](y.html) | `b` |\n" * 2000,
    "".join(f"- item {i} with [a link](x{i}.html) and `code`\n" for i in range(5000)),
], ids=["long article", "long paragraph", "pasted paragraph", "table", "long list"])
def test_real_articles_are_far_below_the_limits(text):
    markup.to_html(text)


def test_a_paragraph_python_markdown_is_truly_slow_on_is_refused_with_a_fix():
    """40,000 characters with single line breaks only are one paragraph: with
    300 code spans python-markdown searches it from its start 300 times."""
    problem = refusal(("Pasted with single line breaks, **bold**, [a link](x.html) and "
                       "`code`.\n") * 600)
    assert "most for its '`'" in problem.message
    assert problem.hint.endswith("or split the paragraph with blank lines")

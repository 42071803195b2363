"""mdlimits: a body's blocks are judged by counting, never by a clock: each limit
refuses the text just past it, with a message that names it, and lets the text at
it through; real text stays far below every one."""
import pytest

from conftest import ROOT
from timeline import markup, mdlimits
from timeline.problems import ContentError


def refusal(text: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        markup.to_html(text)
    return caught.value


RAW_HTML = ("<div>" + "<br>" * 98 + "</div>\n\n") * 200   # 20,000 tags in blocks of HTML


def nested(levels: int) -> str:
    return "Text.\n\n" + "".join("    " * i + "- item\n" for i in range(levels))


@pytest.mark.parametrize("within, past, message", [
    (nested(mdlimits.MAX_DEPTH), nested(mdlimits.MAX_DEPTH + 1),
     "nests lists or block quotations more than 20 deep"),
    ("> " * mdlimits.MAX_DEPTH + "x", "> " * (mdlimits.MAX_DEPTH + 1) + "x",
     "nests lists or block quotations more than 20 deep"),
    ("- " * mdlimits.MAX_DEPTH + "x", "- " * (mdlimits.MAX_DEPTH + 1) + "x",
     "nests lists or block quotations more than 20 deep"),
    ("a\n\n" * 9_999, "a\n\n" * 10_000, "has 10,001 blank lines"),
    ("~~~python\nx = 1\n~~~\n\n" * 500, "~~~python\nx = 1\n~~~\n\n" * 501,
     "has 501 code blocks; the limit is 500"),
    ("~~~zzz\nx\n~~~\n\n" * 50, "~~~zzz\nx\n~~~\n\n" * 51,
     "has 51 code blocks in a language Pygments does not know (such as 'zzz'); the limit is 50"),
    ("".join(f"a[^{i}]\n\n[^{i}]: x\n\n" for i in range(500)),
     "".join(f"a[^{i}]\n\n[^{i}]: x\n\n" for i in range(501)), "has 501 footnotes"),
    ("".join(f"*[A{i}]: x\n\n" for i in range(100)),
     "".join(f"*[A{i}]: x\n\n" for i in range(101)), "has 101 abbreviations"),
    (RAW_HTML, RAW_HTML + "<br>", "has 20,001 HTML tags; the limit is 20,000"),
], ids=["lists", "quotations", "list marks", "blocks", "code blocks", "unknown languages",
        "footnotes", "abbreviations", "tags"])
def test_each_limit_on_blocks_refuses_just_past_it_and_says_which(within, past, message):
    markup.to_html(within)
    assert message in refusal(past).message


def test_code_is_not_counted_where_python_markdown_does_not_read_it_as_markdown():
    fence = "~~~\n" + "    " * 30 + "- deep in code\n" + "<br>" * 20_001 + "\n\n" * 10_001 + "~~~\n"
    markup.to_html("Text.\n\n" + fence)
    # An opening fence that nothing closes is no code block: what follows is read.
    assert "more than 20 deep" in refusal("~~~\nText.\n\n" + nested(25)).message


def test_lines_taken_off_a_block_one_at_a_time_are_limited_with_a_fix():
    """Each heading or reference definition taken off a block makes the block
    parser read the rest of the block again: 2,000 in one block took 17 s."""
    refs = "".join(f"[r{i}]: http://example.org/{i}\n" for i in range(2000))
    problem = refusal("Text.\n\n" + refs)
    assert "reads the rest of a block again for each heading, rule or definition" in problem.message
    assert problem.line == 2 and problem.hint == "put a blank line after each of them"
    markup.to_html("Text.\n\n" + refs.replace("\n", "\n\n"))


def test_a_tag_never_closed_is_limited_by_what_the_html_parser_reads_again():
    problem = refusal("First.\n\nSecond.\n\n" + "<a " * 2000 + "x " * 10_000)
    assert "for each '<' of a tag that is never closed with '>'" in problem.message
    assert problem.line == 4 and problem.hint == "write '&lt;' for a '<' that is not a tag"
    markup.to_html("<a " * 2000 + "x " * 10_000 + ">")


def test_fences_never_closed_are_limited_by_what_is_read_to_the_end():
    problem = refusal("Text.\n\n" + "~~~zzz\n" * 20 + "word " * 200_000)
    assert "for each code fence ('```') that no line of the same fence closes" in problem.message
    assert problem.line == 2


def test_a_long_code_block_is_not_refused_for_its_highlighting():
    """Pygments writes a <span> for each token: 2,000 lines of code made more
    than 20,000 tags, refused as if the writer had not closed their tags."""
    html = markup.to_html("Code:\n\n~~~python\n" + "total = f(a, b) + g(c)  # sum\n" * 2000 + "~~~\n")
    assert html.count("<span") > 20_000


@pytest.mark.parametrize("path", ["README.md", "CONTRIBUTING.md", "docs/content-model.md"])
def test_long_real_markdown_is_far_from_every_limit(path):
    markup.to_html((ROOT / path).read_text(encoding="utf-8"))


def test_every_body_of_the_real_content_renders():
    bodies = [path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
              for path in sorted((ROOT / "content").glob("*/*.md"))]
    assert len(bodies) > 50
    for body in bodies:
        markup.to_html(body)

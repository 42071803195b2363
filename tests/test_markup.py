"""markup: the faster configuration converts exactly as stock python-markdown does."""
from html import unescape

import markdown
import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import markup, mdinline
from timeline.problems import ContentError

# Pieces of Markdown syntax for every inline pattern and the 'extra' extensions,
# so that random documents reach each pattern, nested and side by side.
PIECES = ["*", "**", "***", "_", "__", "`", "``", "\\", "[", "]", "(", ")", "![", "[^1]",
          "[^1]: note\n", "<", ">", "&", "&amp;", "&#x61;", "  \n", "\n", "\n\n", " ", "word",
          "<http://a.example/>", "<a@b.example>", "<b>", "</b>", "<!-- c -->", "# ", "- ", "1. ",
          "> ", "    ", "```\n", "~~~python\n", "| a | b |\n|---|---|\n", "*[HTML]: Hyper\n",
          "HTML", "{: #id }", "term\n: def\n", "<div markdown=\"1\">", "</div>", "\t", "é",
          "[ref]", "[ref]: http://r.example/ \"t\"\n", "[x](http://x.example/ 'y')", "<?x ?>"]
DOCUMENTS = st.lists(st.sampled_from(PIECES), max_size=50).map("".join)


# Three times the profile's examples (conftest.py): the converter's shortcuts are many,
# and only some documents reach each.
WIDER = settings(max_examples=3 * settings.default.max_examples, deadline=None)


def stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=markup._EXTENSIONS, extension_configs=markup._CONFIG,
                             output_format="html")


@WIDER   # no timed assertions (deadline): machines differ
@given(DOCUMENTS)
def test_converter_matches_stock_python_markdown(text):
    assert markup._converter().reset().convert(text) == stock().convert(text)


def test_converter_skips_patterns_only_by_known_regexes():
    """Every inline pattern of the configured extensions has its characters listed,
    so an upgrade that changes one shows here (it would then be tried, not skipped)."""
    md = markup._converter()
    assert type(md.treeprocessors["inline"]) is mdinline.SkippingInlineProcessor
    assert [p.compiled_re.pattern for p in md.inlinePatterns
            if p.compiled_re.pattern not in mdinline.NEEDS] == []


@settings(deadline=None)
@given(DOCUMENTS)
def test_reused_cleaners_match_nh3_clean(text):
    html = markup._converter().reset().convert(text)
    assert markup.sanitise(html) == nh3.clean(
        html, tags=markup._TAGS, attributes=markup._ATTRIBUTES, url_schemes=markup._SCHEMES,
        allowed_classes=markup._CLASSES, attribute_filter=markup._filter_attribute,
        link_rel="noopener noreferrer", strip_comments=True)


# Raw HTML a contributor might write, with '>' and quotes inside attribute values,
# entities, and elements whose text the sanitiser drops.
HTML_PIECES = PIECES + ['<a href="x>y" title="a>b">', "</a>", "<abbr title='x\"y>'>", "</abbr>",
                        "&nbsp;", "\u00a0", "&lt;b&gt;", "&#39;", '"', "'", "<script>s</script>",
                        "<style>p{}</style>", "<textarea><b></textarea>", "<svg><g/></svg>",
                        "<q cite=\"a\">", "</q>", "<img alt='a>b'>"]


@WIDER
@given(st.lists(st.sampled_from(HTML_PIECES), max_size=50).map("".join))
def test_plain_text_is_the_text_nh3_keeps(text):
    """plain_text strips the tags of sanitised HTML itself: it must give what nh3
    gives with no tag allowed (an nh3 upgrade that writes tags differently shows here)."""
    html = markup.to_html(text)
    assert markup.plain_text(html) == " ".join(unescape(nh3.clean(html, tags=set())).split())


def test_plain_text_decodes_each_entity_once():
    assert markup.plain_text(markup.to_html("a &amp;lt;b&amp;gt; and&nbsp;c")) == "a &lt;b&gt; and c"


def test_nesting_deeper_than_any_real_text_is_refused_before_sanitising():
    """The sanitiser's parser is slow (quadratic) on deeply nested elements and
    runs outside the time limit, so such nesting is refused first: by the tags
    the parser would keep open, whatever end tags it would ignore."""
    deep = markup.MAX_NESTING + 1
    # The parser ignores an inline element's end tag while a block is open inside it.
    for text in ["<div>" * deep, "<div></x>" * deep, "<ul/>" * deep,
                 "<blockquote><span>" * deep, "<span><div></span>" * deep,
                 "Text.\n\n<div>\n" + "<em><ul></em>" * deep + "\n</div>",
                 "<div><object></div>" * deep, "<li><dd>" * deep, "<b><p></b>" * deep]:
        with pytest.raises(ContentError, match="nests HTML elements"):
            markup.to_html(text)
    fine = ["<div>" * 150 + "x" + "</div>" * 150, "<b>x</b> " * 2000,
            "<br>" * 2000, "<div></div>" * 1000, "<ul>" + "<li>x" * 1000 + "</ul>",
            "<table>" + "<tr><td>a<td>b" * 500 + "</table>", "<ul>" + "<li><p>x" * 500 + "</ul>",
            "<dl>" + "<dt>a<dd>b" * 500 + "</dl>", "<ul><li>a</ul>" * 300, "<div><p>x</div>" * 300]
    for text in fine:
        markup.to_html(text)


def test_characters_no_page_or_feed_may_hold_are_refused_with_their_line():
    with pytest.raises(ContentError, match=r"\(U\+0007\)") as caught:
        markup.to_html("First.\n\nA bell\x07.")
    assert caught.value.line == 2
    for char in "\x00\x0c\x1b\x7f\x9d\ufffe\uffff":
        with pytest.raises(ContentError):
            markup.to_html(f"a{char}b")
    assert markup.to_html("tab\there") == "<p>tab here</p>"   # python-markdown expands tabs


def test_footnotes_keep_their_links_and_content_takes_no_other_id():
    html = markup.to_html("Claim[^1].\n\n[^1]: Per the article.\n\n<sup id=\"search\">x</sup>")
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"' in html
    assert '<li id="fn:1">' in html and 'href="#fnref:1"' in html
    assert '<div class="footnote">' in html
    assert 'id="search"' not in html


def test_protocol_relative_links_are_dropped():
    """From file:// '//host/x' names a network share (on Windows, one that may be
    sent the reader's credentials); browsers read '\\' as '/' there too."""
    for target in ["//evil.example/x", "/\\evil.example/x", " //evil.example/x"]:
        assert "href" not in markup.to_html(f"[x](<{target}>)"), target
    assert 'href="/site/x.html"' in markup.to_html("[x](/site/x.html)")


def test_the_backstop_says_it_is_a_time_limit_and_shortens_after_stopping_one(monkeypatch):
    """Only a gap in the limits on the text can reach it: it says so, and that its
    verdict depends on the machine. Once it has stopped one body the build has
    failed, so later ones get less time."""
    body = "A plain paragraph of words.\n\n" * 2000   # within every limit
    monkeypatch.setattr(markup, "BACKSTOP_SECONDS", 0.001)
    monkeypatch.setattr(markup, "BACKSTOP_AFTER_ONE", 0.0005)
    markup.start_build()
    for seconds in ("0.001", "0.0005", "0.0005"):
        with pytest.raises(ContentError) as caught:
            markup.to_html(body)
        assert caught.value.message == (
            f"the Markdown body is too complex to render: it was still rendering after "
            f"{seconds} seconds, a time limit that depends on the machine and its load")
        assert caught.value.hint.startswith("the limits on the text should have caught it "
                                            "first: please report it")
    monkeypatch.setattr(markup, "BACKSTOP_SECONDS", 30.0)
    markup.start_build()   # a new build waits the full time again
    assert markup.to_html(body).startswith("<p>A plain paragraph")


"""markup: the faster configuration converts exactly as stock python-markdown does."""
from html import unescape

import markdown
import nh3
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import markup

# Pieces of Markdown syntax for every inline pattern and the 'extra' extensions,
# so that random documents reach each pattern, nested and side by side.
PIECES = ["*", "**", "***", "_", "__", "`", "``", "\\", "[", "]", "(", ")", "![", "[^1]",
          "[^1]: note\n", "<", ">", "&", "&amp;", "&#x61;", "  \n", "\n", "\n\n", " ", "word",
          "<http://a.example/>", "<a@b.example>", "<b>", "</b>", "<!-- c -->", "# ", "- ", "1. ",
          "> ", "    ", "```\n", "~~~python\n", "| a | b |\n|---|---|\n", "*[HTML]: Hyper\n",
          "HTML", "{: #id }", "term\n: def\n", "<div markdown=\"1\">", "</div>", "\t", "é",
          "[ref]", "[ref]: http://r.example/ \"t\"\n", "[x](http://x.example/ 'y')", "<?x ?>"]
DOCUMENTS = st.lists(st.sampled_from(PIECES), max_size=50).map("".join)


def stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=markup._EXTENSIONS, extension_configs=markup._CONFIG,
                             output_format="html")


@settings(max_examples=1000)
@given(DOCUMENTS)
def test_converter_matches_stock_python_markdown(text):
    assert markup._converter().reset().convert(text) == stock().convert(text)


def test_converter_skips_patterns_only_by_known_regexes():
    """Every inline pattern of the configured extensions has its characters listed,
    so an upgrade that changes one shows here (it would then be tried, not skipped)."""
    md = markup._converter()
    assert type(md.treeprocessors["inline"]) is markup._SkippingInlineProcessor
    assert [p.compiled_re.pattern for p in md.inlinePatterns
            if p.compiled_re.pattern not in markup._NEEDS] == []


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


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(HTML_PIECES), max_size=50).map("".join))
def test_plain_text_is_the_text_nh3_keeps(text):
    """plain_text strips the tags of sanitised HTML itself: it must give what nh3
    gives with no tag allowed (an nh3 upgrade that writes tags differently shows here)."""
    html = markup.to_html(text)
    assert markup.plain_text(html) == " ".join(unescape(nh3.clean(html, tags=set())).split())


def test_plain_text_decodes_each_entity_once():
    assert markup.plain_text(markup.to_html("a &amp;lt;b&amp;gt; and&nbsp;c")) == "a &lt;b&gt; and c"

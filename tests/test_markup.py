"""markup: the faster configuration converts exactly as stock python-markdown does."""
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
    assert markup._TEXT_ONLY.clean(html) == nh3.clean(html, tags=set())

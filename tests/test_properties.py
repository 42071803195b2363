"""Property-based tests: arbitrary input raises nothing but ContentError, valid values
round-trip, and sanitised Markdown never carries anything that could run."""
import posixpath
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_hostile import dangers
from timeline import markup, urls
from timeline.frontmatter import parse, parse_yaml
from timeline.problems import ContentError
from timeline.values import SLUG, make_slug, slug, text
from timeline.timeparse import DAY, MINUTE, parse_when

settings.register_profile("project", deadline=None, max_examples=300,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")

MOSCOW = ZoneInfo("Europe/Moscow")
# Text that looks like front matter and YAML often enough to reach the deep code paths.
YAMLISH = st.text(alphabet=st.sampled_from(list("---\n\r:[]{}&*!|>'\"#%@`?,. \tab01\ufeff\x00é")))
ANY_TEXT = st.one_of(st.text(), YAMLISH, YAMLISH.map(lambda t: "---\n" + t + "\n---\n"))


def only_content_errors(function, *args):
    try:
        function(*args)
    except ContentError as exc:
        assert isinstance(exc.line, int) and exc.line >= 0 and exc.message


@given(ANY_TEXT)
def test_front_matter_never_raises_anything_else(value):
    only_content_errors(parse, value)


@given(ANY_TEXT)
def test_yaml_never_raises_anything_else(value):
    only_content_errors(parse_yaml, value)


SCALARS = st.one_of(st.text(), st.integers(), st.booleans(), st.none(),
                    st.floats(allow_nan=False))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)), max_leaves=12)


@given(st.dictionaries(st.text(min_size=1), VALUES, max_size=6),
       st.text().map(lambda t: t.replace("\r", "")))
def test_front_matter_round_trips(data, body):
    document = "---\n" + yaml.safe_dump(data) + "---\n" + body
    fm = parse(document)
    assert fm.data == data
    assert fm.body == body


@given(st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text()), YAMLISH,
                 st.from_regex(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?)?",
                               fullmatch=True)))
def test_time_parsing_never_raises_anything_else(value):
    only_content_errors(parse_when, value, MOSCOW)


@given(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9000, 12, 31)),
       st.integers(min_value=-14 * 60, max_value=14 * 60))
def test_times_with_offsets_round_trip(moment, offset_minutes):
    moment = moment.replace(second=0, microsecond=0,
                            tzinfo=timezone(timedelta(minutes=offset_minutes)))
    when = parse_when(moment.isoformat(timespec="minutes"), MOSCOW)
    assert when.precision == MINUTE and when.moment == moment
    assert parse_when(when.iso(MOSCOW), MOSCOW).moment == moment


@given(st.dates(min_value=datetime(1000, 1, 1).date(), max_value=datetime(9000, 12, 31).date()))
def test_dates_round_trip(day):
    when = parse_when(day.isoformat(), MOSCOW)
    assert when.precision == DAY and when.iso(MOSCOW) == day.isoformat()


@given(st.text())
def test_any_name_makes_a_valid_idempotent_slug(name):
    made = make_slug(name)
    assert SLUG.fullmatch(made) and slug(made) == made
    assert make_slug(made) == made


@given(st.from_regex(SLUG, fullmatch=True).filter(lambda s: len(s) <= 80))
def test_slugs_are_kept_as_they_are(value):
    assert make_slug(value) == value and slug(value) == value


@given(st.one_of(st.text(), SCALARS, st.lists(st.text())))
def test_text_fields_are_clean_or_an_error(value):
    try:
        cleaned = text(value)
    except ContentError:
        return
    assert cleaned == " ".join(cleaned.split()) and cleaned
    assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in cleaned)


PAYLOADS = ["<script>", "</script>", "<img src=x onerror=alert(1)>", "javascript:", "java\tscript:",
            "jav&#x61;script:", "vbscript:", "data:text/html,", "<a href=\"", "\">", "[x](",
            ")", "<svg onload=alert(1)>", "<iframe src=", "<style>", "style=\"", "onclick=",
            "<!--", "-->", "<math>", "<noscript>", "<p title=\"", "&#", "`", "\n", " ", "x",
            "<a href='", "'>", "{: onclick=alert(1) }", "<object data=", "<embed src=", "<base href=",
            "&colon;", "\x00", "<![CDATA[", "]]>", "<form action=", "<template>", "<details ontoggle=",
            "http://ok.example/", "<span class=\"skip-link\">"]


@given(st.lists(st.sampled_from(PAYLOADS), max_size=30).map("".join))
def test_sanitised_markdown_never_carries_script(body):
    try:
        html = markup.to_html(body)
    except ContentError:
        return
    assert dangers(html) == []


PATH_PART = st.sampled_from(["a", "b", "events", "x.html", "c.d", ".", "..", ""])
PATHS = st.lists(PATH_PART, max_size=4).map("/".join)


@given(PATHS, PATHS, st.sampled_from(["", "#day-1", "#a/b"]))
def test_links_are_what_relpath_gives(here, target, fragment):
    # Links are memoised by folder, not by page: each must still be the page's own.
    folder = posixpath.dirname(here) or "."
    whole = posixpath.normpath(target)
    if whole == "." or whole == posixpath.normpath(folder) or \
            posixpath.normpath(folder).startswith(whole + "/"):
        return   # a link to the page's own folder, which a site never makes
    assert urls.relative(here, target + fragment) == posixpath.relpath(target, folder) + fragment

import pytest

from timeline.frontmatter import parse
from timeline.problems import ContentError


def test_values_keep_their_lines():
    fm = parse("---\ntitle: A\nsources:\n  - source: x\n    quote: q\n---\nBody\n")
    assert fm.data == {"title": "A", "sources": [{"source": "x", "quote": "q"}]}
    assert fm.line("sources", 0, "quote") == 5
    assert fm.body == "Body\n" and fm.body_line == 7


def test_bom_and_crlf_are_accepted():
    fm = parse("\ufeff---\r\ntitle: A\r\n---\r\nBody\r\n")
    assert fm.data == {"title": "A"} and fm.body == "Body\n"


def test_times_stay_text_for_precision():
    assert parse("---\nstart: 2023-05-22\n---\n").data == {"start": "2023-05-22"}


@pytest.mark.parametrize("text, line, message", [
    ("", 1, "the file is empty"),
    ("title: x\n", 1, "the file does not start with front matter"),
    ("---\ntitle: x\n", 1, "the front matter is not closed"),
    ("---\na: 1\nb: [\n---\n", 3, "invalid YAML"),
    ("---\na: 1\na: 2\n---\n", 3, "duplicate field 'a'"),
    # on the last line: its own line, not the first of the mapping it broke
    ("---\na: 1\nb:\n  - x\n c: 2\n---\n", 5, "invalid YAML"),
    ("---\na: 1\nb: 'it's'\n---\n", 3, "invalid YAML"),
    ("---\na: 1\nb: 'open\n---\n", 3, "invalid YAML"),   # runs to the end: where it began
    ("---\na: !!float ''\n---\n", 2, "invalid value '': not a valid !!float"),
    ("---\na: &x [1]\nb: *x\n---\n", 2, "YAML anchors and aliases are not allowed"),
    ("---\na: !!binary aGk=\n---\n", 2, "YAML tag"),
    ("---\n<<: {a: 1}\n---\n", 2, "YAML merge keys"),
    ("---\n- a\n---\n", 2, "the front matter must be a mapping"),
    # libyaml gives a bad character's position in UTF-8 bytes: Cyrillic counts once
    ("---\ntitle: Белгород\nplace: Грайворон\nx: a\x9db\n---\n", 4, "invalid YAML: U+009D"),
    # U+2028 is a line break to YAML, not to an editor
    ('---\ntitle: "a\u2028b"\nstatus: [\n---\n', 3, "invalid YAML"),
])
def test_bad_front_matter(text, line, message):
    with pytest.raises(ContentError) as err:
        parse(text)
    assert err.value.line == line and err.value.message.startswith(message)


def test_alias_bomb_is_rejected_quickly():
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 30)]
    with pytest.raises(ContentError, match="aliases"):
        parse("\n".join(lines + ["---", ""]))


def test_only_true_and_false_are_booleans_and_keys_stay_as_written():
    fm = parse("---\na: [yes, no, on, off, true, False, 12:30, 1:2.5, 7]\nnull: 1\n---\n")
    assert fm.data == {"a": ["yes", "no", "on", "off", True, False, "12:30", "1:2.5", 7],
                       "null": 1}


@pytest.mark.parametrize("text, line, hint", [
    ("---\ntitle: x\nsources:\n\t- source: a\n---\n", 4, "indent with spaces: YAML does not allow tabs"),
    ("---\nsources:\n  - source: a\n\tquote: b\n---\n", 4, "indent with spaces"),
    ("---\ntitle: Kyiv says: no\n---\n", 2, "a value with ': ' in it must be in quotes"),
    ("---\ntitle: 'Kyiv's denial'\n---\n", 2, "put double quotes around a value with an apostrophe"),
    ('---\nquote: "he said "no" today"\n---\n', 2, "the value goes on after its closing quotation mark"),
    ('---\nquote: "foo bar\nstatus: x\n---\n', 2, "close the quotation mark this value opens"),
    ("---\nactors: [a, b\nstatus: x\n---\n", 3, "close the list with ']'"),
    ("---\nsummary: *Helicopter* strike\n---\n", 2, "a value starting with '*' must be in quotes"),
    ("---\nsummary: @user said\n---\n", 2, "a value starting with '@' must be in quotes"),
    ("---\ntitle x\nstatus: y\n---\n", 3, "the line above, 'title x', is not 'field: value'"),
    ("---\ntitle:x\nstatus: y\n---\n", 3, "the line above, 'title:x', is not 'field: value'"),
    ("---\nsources:\n  - source: a\n   quote: b\n---\n", 4, "check the indentation"),
    ("---\nsources:\n  - source: a\n     quote: b\n---\n", 4, "check the indentation"),
    ("---\ntitle: a\n  status: b\n---\n", 3, "check the indentation"),
])
def test_invalid_yaml_says_what_to_do(text, line, hint):
    """libyaml's words ('did not find expected key') name no remedy: the hint does,
    from the line they point at."""
    with pytest.raises(ContentError) as err:
        parse(text + "body\n")
    assert err.value.message.startswith("invalid YAML: ")
    assert err.value.line == line and hint in err.value.hint, err.value.hint


@pytest.mark.parametrize("text, line, message, hint", [
    ("---\ntitle: Attack #2 on the checkpoint\n---\n", 2,
     "the value is cut short at '#2 on the checkpoint': YAML reads ' #' as the start of a comment",
     "put the whole value in quotes: \"Attack #2 on the checkpoint\"; a comment needs a space after its '#'"),
    ("---\na: 1\ntags:\n  - strike #2\n---\n", 4, "the value is cut short at '#2'", "\"strike #2\""),
    ("---\nsummary: first line\n  second #2\n---\n", 3, "the value is cut short at '#2'",
     "\"first line second #2\""),   # on a value's last line, if it runs over several
    ("---\nsummary: &more of the same\n---\n", 2, "'&more' is read as a YAML anchor, not as text",
     "a value starting with '&' must be in quotes"),
])
def test_yaml_never_drops_part_of_a_value_silently(text, line, message, hint):
    with pytest.raises(ContentError) as err:
        parse(text)
    assert (err.value.line, err.value.message[:len(message)]) == (line, message)
    assert hint in err.value.hint


def test_comments_as_build_py_new_writes_them_stay_comments():
    fm = parse("---\nstatus: claimed  # confirmed, reported\ntitle: Attack#2 # note\n"
               "quote: \"a\" #x\n---\n")
    assert fm.data == {"status": "claimed", "title": "Attack#2", "quote": "a"}

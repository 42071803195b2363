"""jsontext writes exactly what json.dumps writes, whole, in parts, or spliced
together from items written earlier (how the data files are made)."""
import json

from hypothesis import given
from hypothesis import strategies as st

from timeline.data import jsontext

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(), st.floats(allow_nan=False))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner),
    st.dictionaries(st.text(max_size=5), inner, max_size=4)), max_leaves=20)


def expected(value, indent=2) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


@given(VALUES, st.integers(0, 4))
def test_dumps_and_parts_write_what_json_dumps_writes(value, indent):
    assert jsontext.dumps(value, indent) == expected(value, indent)
    assert "".join(jsontext.parts(value, indent)) == expected(value, indent)


@given(st.lists(VALUES, max_size=5), st.booleans())
def test_spliced_items_read_lazily_give_the_same_document(items, fall_back):
    # A float elsewhere in the document makes jsontext hand it to json.dumps.
    document = {"n": 1.5 if fall_back else 1, "items": items, "after": [1, "x"]}
    texts = (jsontext.dumps(item, 2, level=2) for item in items)   # read once, as written
    spliced = dict(document, items=jsontext.Spliced(texts))
    assert "".join(jsontext.parts(spliced, 2)) == expected(document)


def test_spliced_items_are_read_only_as_the_document_is_written():
    read = []

    def texts():
        for i in range(3):
            read.append(i)
            yield jsontext.dumps({"i": i}, 2, level=1)

    parts = jsontext.parts(jsontext.Spliced(texts()), 2)
    assert read == []
    assert json.loads("".join(parts)) == [{"i": 0}, {"i": 1}, {"i": 2}]
    assert read == [0, 1, 2]

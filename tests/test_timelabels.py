"""A label's words: cut at words to the room there is, saying where they are cut."""
import pytest

from timeline.timelabels import CHAR_W, fit


@pytest.mark.parametrize("room, lines", [(400, ["Governor Gladkov reports a sabotage group"]),
                                          (160, ["Governor Gladkov reports", "a sabotage group"]),
                                          (100, ["Governor", "Gladkov…"]),
                                          (20, [])])
def test_labels_break_at_words_into_two_lines_and_say_where_they_are_cut(room, lines):
    text = fit("Governor Gladkov reports a sabotage group", room)
    assert text.split("\n") == lines if lines else text == ""
    assert all(len(line) * CHAR_W <= room for line in lines)

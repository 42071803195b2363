"""A label's words: cut at words to the room there is, saying where they are cut."""
import pytest

from timeline.timelabels import CHAR_W, fit, key_label


@pytest.mark.parametrize("room, lines", [(400, ["Governor Gladkov reports a sabotage group"]),
                                          (160, ["Governor Gladkov reports", "a sabotage group"]),
                                          (100, ["Governor", "Gladkov…"]),
                                          (20, [])])
def test_labels_break_at_words_into_two_lines_and_say_where_they_are_cut(room, lines):
    text = fit("Governor Gladkov reports a sabotage group", room)
    assert text.split("\n") == lines if lines else text == ""
    assert all(len(line) * CHAR_W <= room for line in lines)


@pytest.mark.parametrize("after, before, label, placed_before", [
    (400, 0, "Governor Gladkov reports a\nsabotage group", False),   # room after: the whole
    (120, 400, "Governor Gladkov\nreports a…", False),                # fair room after: cut there
    (60, 400, "Governor Gladkov reports a\nsabotage group", True),    # little after: before it
    (20, 30, "Governor Gladkov\nreports a…", False)])                 # little either side: LABEL_ROOM after
def test_a_key_label_stands_after_its_mark_where_it_has_fair_room(after, before, label, placed_before):
    assert key_label("Governor Gladkov reports a sabotage group", after, before) == (label, placed_before)

"""The parser's shortcuts give what the general code gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from netnotes.notebody import plain_shown_texts, shown_lines

LINE_PARTS = ["", " ", "text", "%%", "<!--", "-->", "`code`", "<<<<<<< ours", "=======", ">>>>>>>"]
LINE_PARTS += ["|||||||", "# heading", "- [ ] task", "<b>", "50%", "\t", "  "]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(LINE_PARTS), max_size=4).map("".join), max_size=12),
    st.integers(-2, 14),
    st.integers(-2, 14),
)
def test_the_texts_of_a_note_with_nothing_hidden_are_shown_lines_texts(lines, start, end):
    expected = [text for _, text in shown_lines(lines, start, end, ())]
    assert list(plain_shown_texts(lines, start, end)) == expected

"""text.printable_utf8 (what `say` prints to a UTF-8 stream) is printable()
encoded, whatever the text: told from the bytes, not character by character."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from netnotes.text import is_printable, printable, printable_utf8

# Controls of both ranges, their neighbours, lone surrogates, and text beyond them.
_CHARS = st.sampled_from(
    ["\x00", "\x07", "\t", "\n", "\r", "\x1b", "\x1f", " ", "a", "\x7e", "\x7f", "\x80"]
    + ["\x85", "\x9f", "\xa0", "\xc2", "é", "…", "\u2028", "\udcc2", "\udc85", "😀"]
)


@given(st.lists(_CHARS | st.characters(), max_size=40).map("".join))
def test_printable_utf8_is_printable_encoded(text):
    expected = printable(text).encode("utf-8", "surrogateescape")
    assert printable_utf8(text, "surrogateescape") == expected
    assert is_printable(text) == (printable(text) == text)
    if not any("\ud800" <= c <= "\udfff" for c in text):
        assert printable_utf8(text) == printable(text).encode("utf-8")


def test_printable_utf8_keeps_clean_text_and_mends_controls():
    assert printable_utf8("Agnès  2026-03-14\tx\n") == "Agnès  2026-03-14\tx\n".encode()
    assert printable_utf8("a\x1b[31mb\x9bc\x7f") == "a\ufffd[31mb\ufffdc\ufffd".encode()

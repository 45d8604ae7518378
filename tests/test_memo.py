"""The parser's memos: bounded, short keys only, and forgotten on request
(the watcher's, once a refresh is done)."""

from __future__ import annotations

import pytest

from netnotes import memo
from netnotes.models import ParseContext
from netnotes.notes import parse_records

SECRET = "Her daughter starts at Riverside in May #personal"
NOTE = f"""---
type: person
---
# Priya Shah

### 2026-03-01 Lunch at [[Cafe Nero]] #call
- {SECRET}
- [ ] Send her the [[Reading List|list]] #ask
"""


@pytest.fixture(autouse=True)
def empty_memos():
    memo.forget()
    yield
    memo.forget()


def parse(text: str = NOTE) -> None:
    parse_records("People/Priya Shah.md", text, ParseContext())


def held_text() -> str:
    """Every key and answer the registered memos hold, as one string."""
    return repr([list(held.items()) for held in memo._REGISTERED])


def test_a_parsed_note_is_remembered_and_forget_leaves_none_of_its_text():
    parse()
    assert memo.held_entries() > 0 and "Riverside" in held_text()
    memo.forget()
    assert memo.held_entries() == 0 and "Riverside" not in held_text()


def test_a_long_line_is_not_remembered():
    long_item = "Riverside " * 40 + "#personal"
    parse(NOTE.replace(SECRET, long_item))
    assert "Riverside Riverside" not in held_text()
    assert "Riverside" not in held_text()


def test_a_full_memo_drops_its_oldest_quarter_not_everything():
    held: dict[str, int] = {}
    for n in range(8):
        memo.remember(held, str(n), n, cap=8)
    memo.remember(held, "new", 8, cap=8)
    assert list(held) == ["2", "3", "4", "5", "6", "7", "new"]


def test_a_key_at_the_limit_is_remembered_and_one_past_it_is_not():
    held: dict[str, int] = {}
    assert memo.remember(held, "x" * memo.LONGEST, 1, cap=8) == 1
    assert memo.remember(held, "y" * (memo.LONGEST + 1), 2, cap=8) == 2
    assert list(held) == ["x" * memo.LONGEST]

"""The one reader of a note's body (notes.py): what is hidden (comments and
code, on one line or many, closed or not), what the opening text is, and the
readers that used to keep their own copy of those rules — `log` finding its
Log heading, the vCard NOTE — agreeing with it."""

from __future__ import annotations

from datetime import date

import pytest

from netnotes.edit import LogEntry, add_log_entry
from netnotes.errors import WriteRefusedError
from netnotes.models import CODE, COMMENT, Hidden, ParseContext
from netnotes.notes import parse_note, shown_lines

NOTE = """---
name: Jane
---
# Jane Doe
Leads payments. %% met through her ex %%
%% only a comment %%
Generous with intros <!-- she is
job hunting -->
Line after.
Her divorce #sensitive

## Log
```
## Log inside code
```
"""


def test_hidden_ranges_are_comments_and_code_however_written():
    note = parse_note("People/Jane.md", NOTE)
    assert note.hidden == (
        Hidden(6, 6, COMMENT),
        Hidden(8, 8, COMMENT),
        Hidden(13, 15, CODE),
    )
    unclosed = parse_note("People/Jane.md", "---\nname: J\n---\nIntro\n<!--\nsecret\n")
    assert unclosed.hidden == (Hidden(5, 7, COMMENT, closed=False),)


def test_a_line_that_closes_a_comment_and_opens_another_keeps_hiding():
    note = parse_note("People/Jane.md", "%%\nsecret\n%% aside %%\nstill hidden\n%%\nShown\n")
    assert note.hidden == (Hidden(1, 5, COMMENT),)
    assert note.opening == ((6, "Shown"),)


def test_the_opening_text_skips_the_title_heading_comments_and_sensitive_lines():
    note = parse_note("People/Jane.md", NOTE)
    assert note.opening == ((5, "Leads payments."), (7, "Generous with intros"), (9, "Line after."))


def test_shown_lines_leave_out_what_is_hidden():
    note = parse_note("People/Jane.md", NOTE)
    lines = NOTE.split("\n")
    assert shown_lines(lines, 4, 16, note.hidden) == [
        (4, "# Jane Doe"),
        (5, "Leads payments."),
        (7, "Generous with intros"),
        (9, "Line after."),
        (10, "Her divorce #sensitive"),
        (12, "## Log"),
    ]


def test_comment_words_are_no_part_of_an_item():
    note = parse_note("People/Jane.md", "- [ ] Call her %% she is ill %% 📅 2026-12-01\n")
    (task,) = note.items
    assert task.text == "Call her" and task.due == date(2026, 12, 1)


def log(text: str):
    entry = LogEntry(date(2026, 11, 26), "Coffee", ("- Mia",))
    return add_log_entry(text, entry, "People/Jane.md", ParseContext())


def test_log_skips_a_log_heading_inside_a_comment_as_the_parser_does():
    text = "%%\n## Log\n%%\n## Log\n"
    assert log(text)[0] == text + "### 2026-11-26 — Coffee\n- Mia\n"


def test_log_refuses_to_write_after_a_comment_that_never_closes():
    with pytest.raises(WriteRefusedError, match="line 2 opens a code block or comment"):
        log("Intro.\n<!--\nprivate\n")

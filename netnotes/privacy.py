"""What each output may show (DESIGN.md §9), decided here and nowhere else.

The parser says what a reader never sees (comments and code blocks: the
hidden ranges and `shown_text`) and which lines are #sensitive. This module
says whose a sensitive line is and where it may appear:

- only on its subjects' prep sheets (their part of a group sheet), under
  "handle with care", and in `show` for them, marked;
- never among another person's lines, as or in a conversation's title, in the
  digest (a follow-up shows there as "a private follow-up for [[Jane]]", with
  its due date), a calendar, an address book or any derived string.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

PRIVATE_FOLLOW_UP = "a private follow-up"
CARE_MARK = "#sensitive: handle with care"
# A problem on a #sensitive line names its place, never its words.
SENSITIVE_LINK_PROBLEM = "a link on a #sensitive line leads to no note, or to several"


def subjects(linked: Sequence[int], named: Sequence[int]) -> tuple[int, ...]:
    """Whose a #sensitive line outside a contact's own note is: everyone it
    links or names (an attendee named in plain words counts; a non-attendee it
    links owns it alone). Empty when it does neither: then its place decides,
    as for any line (a meeting note's: every attendee's)."""
    return tuple(dict.fromkeys([*linked, *named]))


def private_follow_up(people: str) -> str:
    """What the digest says of a #sensitive follow-up: whose, never what."""
    return f"{PRIVATE_FOLLOW_UP} for {people}"


def plain_lines(
    lines: Iterable[tuple[int, str]], sensitive: frozenset[int]
) -> list[tuple[int, str]]:
    """A note's shown lines that may be printed as plain lines on anyone's
    sheet: #sensitive ones appear only under their subjects' "handle with care"."""
    return [(number, text) for number, text in lines if number not in sensitive]


def shareable(sensitive: bool) -> bool:
    """Whether an item may leave its subjects' sheets: into the digest's text,
    a calendar, an address book, a derived string."""
    return not sensitive


def marked(text: str, sensitive: bool) -> str:
    """A subject's own item as `show` prints it: a #sensitive one says so."""
    return f"{text} ({CARE_MARK})" if sensitive else text

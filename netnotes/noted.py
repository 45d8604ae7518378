"""Whether anything is noted under an in-person meeting: a fact the index
stores for each interaction when it parses the note (rows.py), and the
digest's "to write up" reads (writeup.py). Below both, so that indexing a note
needs nothing of the digest's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .models import MEETING
from .notelines import body_start, calendar_line

_LIST_MARK = re.compile(r"(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?")
# What a plan wrote, not what happened: "Bring the deck", "Plan: Q3",
# "Agenda: roadmap", an `#ask`; and the calendar's lines (notes.calendar_line).
_PLANNED = re.compile(r"(?:bring|plan|agenda)\b", re.IGNORECASE)
_ASK = re.compile(r"(?<![\w#])#ask\b", re.IGNORECASE)
_LIST_FIRST = "-*+"  # or a digit: what _LIST_MARK can start with
_PLANNED_FIRST = "bBpPaA"  # what _PLANNED can start with (no other letter folds to these)


# A line is_noted() says is noted, as it reads it, with nothing hidden on it:
# `- words`, indented or not, the first word no box and no plan (a plan letter first only where
# _PLANNED does not match there), the line holding no `#` (no heading, no
# #ask), no `:` (no `calendar::`), no `%` or `<` (no comment). The commonest
# first line under a dated heading or in a meeting's notes.
plainly_noted = re.compile(
    rf"[ \t]*- (?:[^\s\[{_PLANNED_FIRST}#%<:]|(?=[{_PLANNED_FIRST}])(?!{_PLANNED.pattern}))[^#%<:]*",
    _PLANNED.flags,
).fullmatch


def is_noted(lines: Iterable[str]) -> bool:
    """Whether any line says what happened: not blank, not a heading, not
    planned content. `lines`: as a reader sees them (notes.shown_lines:
    comments already out)."""
    for raw in lines:
        text = raw.strip()
        if "::" in raw and calendar_line(raw) is not None:  # its test, without its call
            continue
        if not text or text.startswith("#") and text.lstrip("#").startswith(" "):
            continue
        # Each pattern tried only where its first character is: a line of notes
        # is seldom planned, and asks only once a `#` is on it.
        if text[:2] == "- " and text[2] != "[" and not text[2].isspace():
            content = text[2:]  # _LIST_MARK's match of the commonest item, `- words`
        else:
            mark = _LIST_MARK.match(text) if text[0] in _LIST_FIRST or text[0].isdigit() else None
            content = text[mark.end() :] if mark else text
        if not content:
            continue
        if content[0] in _PLANNED_FIRST and _PLANNED.match(content):
            continue
        if "#" in content and _ASK.search(content):
            continue
        return True
    return False


def written_range(origin: str, line: int, end_line: int, lines: Sequence[str]) -> tuple[int, int]:
    """The 1-based lines of what is written under a dated heading (`line` to
    `end_line`), or in a meeting note's body (its frontmatter aside)."""
    if origin == MEETING:
        return body_start(lines) + 1, len(lines)
    return line + 1, end_line

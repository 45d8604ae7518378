"""A note's lines as a reader of the rendered note sees them: where the body
starts after the frontmatter's fences, which lines show (comments, code
blocks and git conflict markers out), and the calendar's own fields that
`import ics` writes under a meeting.

What prep sheets and the parser share without YAML: `prep NAME` reads a few
notes' lines and never their frontmatter's values, so it imports this, not
yamlfm (PyYAML and python-frontmatter cost ~25 ms at every start)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from .inline import shown_text

if TYPE_CHECKING:
    from .models import Hidden

FENCE = re.compile(r"---[ \t]*\r?")
CONFLICT_MARKER = re.compile(r"^(?:<{7}|>{7}|\|{7})(?: |$)|^={7}$")
# What `import ics` writes under a heading: what the calendar said, and the
# event's UID. Other people's words, never personal items, asks or tasks.
EVENT_UID_FIELD = "event_uid"
_CALENDAR_LINE = re.compile(r"[ \t]*[-*+][ \t]+(calendar|event_uid)::(.*)", re.I)


def frontmatter_end(lines: Sequence[str]) -> int | None:
    """Index of the closing `---`, when line 0 opens a block; else None."""
    if not lines or (lines[0] != "---" and not FENCE.fullmatch(lines[0])):
        return None
    for index in range(1, len(lines)):
        line = lines[index]
        if line[:3] == "---" and (line == "---" or FENCE.fullmatch(line)):  # the first: the usual
            return index
    return None


def body_start(lines: Sequence[str]) -> int:
    """The 0-based index of the first line after the frontmatter (0: none)."""
    end = frontmatter_end(lines)
    return 0 if end is None else end + 1


def calendar_line(raw: str) -> tuple[str, str] | None:
    """`- calendar:: Tartine` → ("calendar", "Tartine"); `- event_uid:: 0f3a@google.com`
    → ("event_uid", "0f3a@google.com"); None for any other line."""
    match = _CALENDAR_LINE.match(raw) if "::" in raw else None
    return (match.group(1).lower(), match.group(2).strip()) if match else None


def shown_lines(
    lines: list[str], start: int, end: int, hidden: tuple[Hidden, ...]
) -> list[tuple[int, str]]:
    """(line, text) of lines start..end (1-based) a reader of the rendered
    note sees: comments and code blocks (`hidden`, as the parser found them),
    blank lines and git conflict markers out; comments inside a line taken off."""
    found = []
    ranges = sorted((h.line, h.end_line) for h in hidden if h.end_line >= start and h.line <= end)
    at = 0
    for number in range(max(start, 1), min(end, len(lines)) + 1):
        while at < len(ranges) and ranges[at][1] < number:
            at += 1
        if at < len(ranges) and ranges[at][0] <= number:
            continue
        text = shown_text(lines[number - 1]).rstrip()
        if text.strip() and not CONFLICT_MARKER.match(text):
            found.append((number, text))
    return found


def plain_shown_texts(lines: list[str], start: int, end: int) -> Iterator[str]:
    """The texts shown_lines() gives for a note with nothing hidden, one at a
    time: a reader that stops at the first line it wants reads no further."""
    for raw in lines[max(start, 1) - 1 : max(end, 0)]:
        text = shown_text(raw).rstrip() if "%" in raw or "<" in raw else raw.rstrip()
        if text.strip() and not (text[0] in "<=>|" and CONFLICT_MARKER.match(text)):
            yield text

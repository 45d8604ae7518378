"""How you came to know someone, for their prep sheet: `how_met:` and
`met:` as written in their note, and the earliest dated line elsewhere in the
vault that links them ("[[Anna]] introduced me to [[Robert]], who is hiring"
in a breakfast note), quoted as written with its date and source.

Never a `#sensitive` line (DESIGN.md §9), never a comment's text. Pure: the
lines of notes come in through a reader; nothing is read from disk here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from .dates import parse_date
from .inline import CONTROL_TAGS, LIST_ITEM, TASK_LINE, strip_tags
from .models import Contact, note_stem
from .notelines import frontmatter_end
from .properties import property_key

_KEY = re.compile(r"^([^:#\s][^:]*):")


@dataclass(frozen=True, slots=True)
class Known:
    """One line of how you know them: `text` as written, where it is, its day."""

    text: str
    path: str
    line: int
    date: date | None

    @property
    def source(self) -> str:
        """The note's name, for a link: `2026-11-05 Breakfast`."""
        return note_stem(self.path)


def how_you_know(
    contact: Contact,
    lines_of: Callable[[str], list[str]],
    shown_line: Callable[[str, int], str | None],
    linking: Sequence[tuple[str, int, date | None]],
    first_met: date | None,
    today: date,
) -> tuple[Known, ...]:
    """`how_met:` (or `met:`) from their note, then the earliest line
    elsewhere that links them (`linking`: (path, line, date) of each line
    with a link to them), when it is dated no later than the first time you
    met or spoke (`first_met`) — a line written long after says nothing of
    how you came to know them — nor later than today. `shown_line(path, line)`:
    the line as any sheet may print it (comments out), None for a hidden or
    #sensitive one (the parser and privacy.py decide)."""
    found = []
    written = _from_frontmatter(contact, lines_of(contact.path))
    if written:
        found.append(written)
    dated = sorted(
        (when, path, line)
        for path, line, when in linking
        if when is not None and when <= min(first_met or today, today)
    )
    for when, path, line in dated:
        shown = shown_line(path, line)
        text = _quoted(shown) if shown is not None else None
        if text:
            found.append(Known(text, path, line, when))
            break
    return tuple(found)


def _from_frontmatter(contact: Contact, lines: list[str]) -> Known | None:
    end = frontmatter_end(lines)
    if end is None:
        return None
    keys: dict[str, tuple[int, str]] = {}
    for number, raw in enumerate(lines[1:end], start=2):
        match = _KEY.match(raw)
        if match:
            keys.setdefault(property_key(match.group(1)), (number, raw[match.end() :].strip()))
    how, met = keys.get("how_met"), keys.get("met")
    if how and how[1]:
        return Known(how[1].strip("\"'"), contact.path, how[0], contact.met or _day(met))
    if met and contact.met:
        return Known(f"Met {contact.met.isoformat()}", contact.path, met[0], contact.met)
    return None


def _day(entry: tuple[int, str] | None) -> date | None:
    try:
        return parse_date(entry[1].strip("\"'")) if entry else None
    except ValueError:
        return None


def _quoted(visible: str) -> str | None:
    """The line as written — its list marker, checkbox and netnotes' tags aside."""
    task = TASK_LINE.match(visible)
    item = LIST_ITEM.match(visible)
    text = task.group(2) or "" if task else item.group(1) if item else visible
    text = " ".join(strip_tags(text, CONTROL_TAGS).split())
    return text or None

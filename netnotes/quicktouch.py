"""Quick touches (DESIGN.md §4): a personal item whose own text names a date
("regionals are Nov 14", "her exam is on 2026-12-04") that has just passed is
a reason for a short message between meetings. Pure functions; the digest
feeds them the dated personal items the index stores."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .dates import MONTHS, day_pattern, month_pattern
from .models import PERSONAL, OwnedItem

if TYPE_CHECKING:
    from .digest_rows import PersonLink

WINDOW_DAYS = 14  # a named date this recent (and not today) makes a quick touch
# An item names a day without its year within a year of being shared: older
# ones cannot name a day in the window.
SHARED_LOOKBACK_DAYS = WINDOW_DAYS + 366


_NAMED = (
    r"\b(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2})"
    rf"|{month_pattern('m1')}\s+{day_pattern('d1')}(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|{day_pattern('d2')}\s+(?:of\s+)?{month_pattern('m2')}(?:,?\s+(?P<y2>\d{{4}}))?"
    r")\b"
)


@functools.cache  # compiled on first use: most digests have no item to read it on
def _named() -> re.Pattern[str]:
    return re.compile(_NAMED, re.IGNORECASE)


# What every form of _NAMED holds, found without it: the ISO form a hyphen,
# the others a digit with whitespace right before it (the month's day) or
# right after it or its ordinal's ending (a day before its month). Many
# personal items with a digit name no day (an age: "Maya (8)"): _NAMED tried
# at every word costs ~50k instructions an item, and is not compiled (~5.6 M)
# when no item can name a day.
_BESIDE = r"\s\d|\d(?:st|nd|rd|th)?\s"


@functools.cache
def _beside() -> re.Pattern[str]:
    return re.compile(_BESIDE, re.IGNORECASE)  # as _NAMED: its ordinal's ending in any case


def may_name_a_day(text: str) -> bool:
    """False when `text` cannot hold any form of _NAMED (above)."""
    return "-" in text or _beside().search(text) is not None


def named_date(text: str, shared: date) -> date | None:
    """The first date `text` names: `2026-12-04`, `Nov 14`, `14 November`,
    `December 4th`, `Dec. 4, 2027`. Without a year, the first such day on or
    after `shared`, the day it was shared. None when it names no real day."""
    if not may_name_a_day(text):
        return None
    for match in _named().finditer(text):
        found = _day_of(match, shared)
        if found is not None:
            return found
    return None


def _day_of(match: re.Match[str], shared: date) -> date | None:
    if match.group("iso"):
        try:
            return date.fromisoformat(match.group("iso"))
        except ValueError:
            return None
    first = match.group("m1") is not None
    month = MONTHS[match.group("m1" if first else "m2").lower()]
    day = int(match.group("d1" if first else "d2"))
    year = match.group("y1" if first else "y2")
    years = [int(year)] if year else range(shared.year, shared.year + 9)  # Feb 29 waits a leap
    for candidate_year in years:
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if year or candidate >= shared:
            return candidate
    return None


class QuickTouch(NamedTuple):
    person: PersonLink
    path: str  # where the item is written
    line: int
    text: str  # the user's own words
    shared: date  # the day it was shared
    date: date  # the day its text names
    note_link: str | None  # the note it is in, unless that is the person's own


def quick_touch_rows(
    items: Iterable[OwnedItem],
    last_touch: Mapping[str, date | None],
    today: date,
    person: Callable[[str], PersonLink],
    elsewhere: Callable[[str, PersonLink], str | None],
) -> list[QuickTouch]:
    """Personal items (never `#sensitive` ones) whose named date fell in the
    last WINDOW_DAYS days, before today, after the day they were shared and
    after the last conversation with their person: a conversation since
    closes it. Most recent date first; `items` in the index's order."""
    since = today - timedelta(days=WINDOW_DAYS)
    rows = []
    for item in items:
        if item.type != PERSONAL or item.sensitive or item.date is None:
            continue
        text = item.text  # the parser has taken comments out
        when = named_date(text, item.date)
        if when is None or not since <= when < today or when <= item.date:
            continue
        last = last_touch.get(item.contact)
        if last is not None and last >= when:
            continue
        who = person(item.contact)
        rows.append(
            QuickTouch(who, item.path, item.line, text, item.date, when, elsewhere(item.path, who))
        )
    return sorted(rows, key=lambda r: -r.date.toordinal())  # stable: index order breaks ties


def quick_touches_json(rows: Iterable[QuickTouch]) -> list[dict[str, object]]:
    return [
        {
            "name": r.person.name,
            "path": r.path,
            "line": r.line,
            "text": r.text,
            "shared": r.shared.isoformat(),
            "date": r.date.isoformat(),
            "contact": r.person.path,
        }
        for r in rows
    ]

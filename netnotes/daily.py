"""What a line of a daily note that links someone means (DESIGN.md §3): a
conversation that day, a meeting planned for a later day, or a mention.

A line is a conversation when a kind word comes before its first link and no
planning word is on it ("Lunch with [[Ada]] at Nopa", "Called [[Bob]]"). A
line that names a kind and an ISO date later than the note's is a plan for
that day. Everything else is a mention: netnotes never guesses that a plan
or a reminder happened."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .inline import kind_of
from .models import PLAN

CONVERSATION = "conversation"
MENTION = "mention"

_WEEKDAY = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
)
_PLANNING = re.compile(
    r"(?<![\w'’-])(?:"
    r"set(?:ting)?[ -]?up|schedul(?:e|es|ed|ing)|book(?:s|ed|ing)?|plan(?:s|ned|ning)?"
    r"|arrang(?:e|es|ed|ing)|invit(?:e|es|ed|ing)|asks?|remind(?:s|ed|er|ing)?"
    r"|needs?|should|wants?|going to|gonna|to-?do"
    r"|tomorrow|tonight|later|next (?:week(?:end)?|month|year|quarter|time|"
    + _WEEKDAY
    + r")|on (?:"
    + _WEEKDAY
    + r"))(?![\w'’-])"
    r"|\w['’]ll(?!\w)",
    re.IGNORECASE,
)
_WILL = re.compile(r"(?<![\w'’-])will(?![\w'’-])")  # lowercase only: Will is a name
_ISO_DAY = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-])")


@dataclass(frozen=True, slots=True)
class DailyLine:
    meaning: str  # CONVERSATION, PLAN or MENTION
    kind: str | None = None
    on: date | None = None  # the planned day of a PLAN
    opens_with_kind: bool | None = None  # a kind word before the first link (None: not asked)


def has_planning_word(text: str) -> bool:
    """Whether the line plans or reminds rather than records ("Set up lunch",
    "text him tomorrow", "Her assistant booked lunch")."""
    return _PLANNING.search(text) is not None or _WILL.search(text) is not None


def read_daily_line(
    text: str, tags: list[str], day: date | None, open_task: bool, quoted: bool = False
) -> DailyLine:
    """The meaning of a daily-note line that links someone. `text` is the
    visible text (a task's without its box and trailing fields), `day` the
    note's date, `quoted`: the line is in a blockquote ("> - [x] Called
    [[Bob]]"), someone else's words, whatever it holds."""
    if open_task or quoted or text.lstrip().startswith(">"):
        return DailyLine(MENTION)
    planned = _later_day(text, day)
    if planned is not None:
        kind = kind_of(text, tags)
        return DailyLine(PLAN, kind, planned) if kind else DailyLine(MENTION)
    if has_planning_word(text):
        return DailyLine(MENTION)
    first_link = text.find("[[")
    if not kind_of(text[:first_link] if first_link >= 0 else text, tags):
        return DailyLine(MENTION, opens_with_kind=False)
    # "Met [[Ada]] for a walk": a walk
    return DailyLine(CONVERSATION, kind_of(text, tags), opens_with_kind=True)


def _later_day(text: str, day: date | None) -> date | None:
    if day is None or "-" not in text:
        return None
    for match in _ISO_DAY.finditer(text):
        try:
            found = date.fromisoformat(match.group(1))
        except ValueError:
            continue
        if found > day:
            return found
    return None

"""When a networking group meets: `meets:` in plain words or as an RFC 5545
RRULE, turned into dates. Pure: no clock, no files; dates only, so there is
no time zone or daylight-saving change to get wrong (`time:` is only shown).

Plain words read as a few tokens, in any order, with filler words aside:

    weekly on Monday · every Tuesday and Thursday · every other Friday
    every 3 weeks on Wednesday · monthly on the second Tuesday
    the first Thursday of each month · monthly on the last Wednesday
    quarterly on the first Monday · monthly on the 15th (clamped to the month's end)

Quarters are the calendar's (January, April, July, October). Whatever has a
rhythm longer than its unit ("every other Friday", an RRULE's INTERVAL or
COUNT) counts from an *anchor* day the caller gives: the group note's
`start:`, else its first meeting note, else `DEFAULT_ANCHOR`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .dates import days_in_month

if TYPE_CHECKING:  # dateutil is imported for an RRULE only: plain words are counted here
    from dateutil.rrule import rrulebase

DEFAULT_ANCHOR = date(2000, 1, 3)  # a Monday: fortnights count from here when nothing else says
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": -1,
}
_FILLER = frozenset({"the", "on", "of", "and", "in", "a", "each", "every", "at", "meets", "day"})
_UNITS = {
    "weekly": ("week", 1),
    "week": ("week", 1),
    "weeks": ("week", 1),
    "biweekly": ("week", 2),
    "fortnightly": ("week", 2),
    "fortnight": ("week", 2),
    "monthly": ("month", 1),
    "month": ("month", 1),
    "months": ("month", 1),
    "quarterly": ("quarter", 1),
    "quarter": ("quarter", 1),
}
_MONTH_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")
_TOKEN = re.compile(r"[a-z0-9]+")
_QUARTER_MONTHS = (1, 4, 7, 10)
EXAMPLES = '"monthly on the first Thursday", "every other Friday" or an RRULE (FREQ=…)'


class ScheduleError(ValueError):
    """Words that are not a schedule; the message quotes them and shows what works."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """A readable schedule. `words` as written; `rrule_text` set for an RRULE,
    else the plain words' meaning: `unit` (week, month, quarter), `interval`,
    `weekdays` (0 is Monday), `nth` (1…5, -1 for the last; 0: every such
    weekday) and `month_day` (1…31, 0 when meeting on weekdays)."""

    words: str
    rrule_text: str | None = None
    unit: str = "week"
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    nth: int = 0
    month_day: int = 0

    def dates(self, start: date, end: date, anchor: date = DEFAULT_ANCHOR) -> list[date]:
        """Its days from `start` to `end`, both included, counted from `anchor`.
        Plain words are counted here; an RRULE by dateutil, imported only then."""
        if end < start:
            return []
        if self.rrule_text is None:
            return self._plain_dates(start, end, anchor)
        rule = _rrule(self.rrule_text, anchor)
        found = rule.between(_at(start), _at(end) + timedelta(hours=23, minutes=59), inc=True)
        return sorted({moment.date() for moment in found})

    def _plain_dates(self, start: date, end: date, anchor: date) -> list[date]:
        """What dateutil's rrule makes of the plain words (tests/test_schedule.py
        pins the two equal): MONTHLY on a day of the month (clamped to the
        month's end) or on the nth weekdays, in every month or the quarters'
        first; else WEEKLY on the weekdays, every `interval` weeks counted
        from the week of `anchor` (Monday first) and from `anchor` on."""
        if not (self.month_day or self.nth):
            return _weekly(start, end, anchor, self.interval, self.weekdays)
        found = []
        for year, month in _months(start, end, _QUARTER_MONTHS if self.unit == "quarter" else None):
            if self.month_day:
                days = [min(self.month_day, days_in_month(year, month))]
            else:
                days = [_nth_weekday(year, month, d, self.nth) for d in self.weekdays]
            found += [date(year, month, d) for d in days if d]
        return sorted(d for d in set(found) if start <= d <= end)


def _weekly(
    start: date, end: date, anchor: date, interval: int, weekdays: tuple[int, ...]
) -> list[date]:
    first = max(start, anchor) if interval > 1 else start
    week_one = anchor - timedelta(days=anchor.weekday())  # the Monday of anchor's week
    found = []
    for weekday in weekdays:
        day = first + timedelta(days=(weekday - first.weekday()) % 7)
        while day <= end:
            if (day - week_one).days // 7 % interval == 0:
                found.append(day)
            if end - day < timedelta(weeks=1):  # also where a week more passes date.max
                break
            day += timedelta(weeks=1)
    return sorted(found)


def _months(start: date, end: date, only: tuple[int, ...] | None) -> Iterable[tuple[int, int]]:
    """(year, month) of every month from `start`'s to `end`'s (of `only` those months)."""
    for index in range(start.year * 12 + start.month - 1, end.year * 12 + end.month):
        year, month = divmod(index, 12)
        if only is None or month + 1 in only:
            yield year, month + 1


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> int:
    """The day of the month of its `nth` `weekday` (-1: the last); 0 for none."""
    last = days_in_month(year, month)
    if nth > 0:
        first = (weekday - date(year, month, 1).weekday()) % 7 + 1
        day = first + 7 * (nth - 1)
        return day if day <= last else 0
    return last - (date(year, month, last).weekday() - weekday) % 7


def parse_schedule(words: object) -> Schedule:
    """A `meets:` value → a Schedule. Raises ScheduleError naming the words."""
    if not isinstance(words, str) or not words.strip():
        raise ScheduleError(f"meets: {_quoted(words)} is not a schedule; write e.g. {EXAMPLES}")
    text = " ".join(words.split())
    if "FREQ=" in text.upper():
        return _rrule_schedule(text)
    try:
        return _plain(text)
    except ScheduleError as err:
        raise ScheduleError(
            f'meets: cannot read "{text}" as a schedule ({err}); write e.g. {EXAMPLES}'
        ) from None


def occurrences(
    schedule: Schedule,
    start: date,
    end: date,
    *,
    anchor: date = DEFAULT_ANCHOR,
    until: date | None = None,
    skip: Iterable[date] = (),
) -> list[date]:
    """The days a group meets from `start` to `end` (both included): none
    after `until`, none on a day in `skip`."""
    last = min(end, until) if until else end
    skipped = set(skip)
    return [d for d in schedule.dates(start, last, anchor) if d not in skipped]


def next_occurrence(
    schedule: Schedule,
    after: date,
    *,
    anchor: date = DEFAULT_ANCHOR,
    until: date | None = None,
    skip: Iterable[date] = (),
    within_days: int = 400,
) -> date | None:
    """The first meeting day on or after `after`, looking at most `within_days` ahead."""
    found = occurrences(
        schedule, after, after + timedelta(days=within_days), anchor=anchor, until=until, skip=skip
    )
    return found[0] if found else None


# --- plain words ---------------------------------------------------------------


def _plain(text: str) -> Schedule:
    tokens = [t for t in _TOKEN.findall(text.lower()) if t not in _FILLER]
    unit, interval, nth, month_day = "", 1, 0, 0
    days: list[int] = []
    for position, token in enumerate(tokens):
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        day = _weekday(token)
        if day is not None:
            days.append(day)
        elif token in _ORDINALS and _weekday(following) is not None:
            nth = _ORDINALS[token]
        elif token in _UNITS:
            unit, times = _UNITS[token]
            interval = max(interval, times)
        elif token == "other":
            interval = 2
        elif (
            token.isdigit() and following in ("weeks", "months") and 0 < int(token) <= MAX_INTERVAL
        ):
            interval = int(token)
        elif _MONTH_DAY.fullmatch(token) and 1 <= int(token[:-2]) <= 31:
            month_day = int(token[:-2])
        else:
            raise ScheduleError(f'"{token}" is not a day, an ordinal or a period')
    return _checked(text, unit, interval, tuple(dict.fromkeys(days)), nth, month_day)


def _checked(
    text: str, unit: str, interval: int, days: tuple[int, ...], nth: int, month_day: int
) -> Schedule:
    if month_day and days:
        raise ScheduleError("give a weekday or a day of the month, not both")
    if not days and not month_day:
        raise ScheduleError("no weekday or day of the month")
    if (nth or month_day) and unit == "week":
        raise ScheduleError("a weekly schedule meets on weekdays, not on the nth")
    if nth or month_day:
        if interval > 1:
            raise ScheduleError("every other month: write it as an RRULE")
        return Schedule(text, None, unit or "month", 1, days, nth, month_day)
    if unit in ("month", "quarter"):
        raise ScheduleError(f"which {days_named(days)} of the {unit}? e.g. the first")
    return Schedule(text, None, "week", interval, days)


def days_named(days: tuple[int, ...]) -> str:
    return " and ".join(_WEEKDAYS[d].capitalize() for d in days)


def _weekday(token: str) -> int | None:
    """`monday`, `mondays`, `mon` → 0."""
    word = token[:-1] if token.endswith("s") and len(token) > 4 else token
    for number, name in enumerate(_WEEKDAYS):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return number
    return None


# --- RRULE -----------------------------------------------------------------------


_INTERVAL = re.compile(r"INTERVAL=([^;\s]*)", re.IGNORECASE)
MAX_INTERVAL = 1000  # dateutil loops for ever on INTERVAL=0; nobody meets once in a millennium


def _rrule_schedule(text: str) -> Schedule:
    from dateutil.rrule import DAILY

    for value in _INTERVAL.findall(text):
        if not value.isdigit() or not 1 <= int(value) <= MAX_INTERVAL:
            raise ScheduleError(
                f'meets: cannot read "{text}" as an RRULE (INTERVAL must be 1 to {MAX_INTERVAL})'
            )
    unreadable = (ValueError, TypeError, OverflowError, IndexError, KeyError)
    try:
        rule = _rrule(text, DEFAULT_ANCHOR)
    except unreadable as err:
        raise ScheduleError(f'meets: cannot read "{text}" as an RRULE ({err})') from None
    if getattr(rule, "_freq", DAILY) > DAILY:  # an hourly rule would also be slow to walk
        raise ScheduleError(f'meets: "{text}" meets more often than daily')
    try:
        first = rule.after(_at(DEFAULT_ANCHOR), inc=True)
    except unreadable as err:
        raise ScheduleError(f'meets: cannot read "{text}" as an RRULE ({err})') from None
    if first is None:
        raise ScheduleError(f'meets: "{text}" never meets (no such day)')
    return Schedule(text, text)


def _rrule(text: str, anchor: date) -> rrulebase:
    from dateutil.rrule import rrulestr

    parts = text.split()  # DTSTART and RRULE on lines of their own, or one rule
    body = "\n".join(parts) if len(parts) > 1 and "DTSTART" in text.upper() else "".join(parts)
    return rrulestr(body, dtstart=_at(anchor), ignoretz=True)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _quoted(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)

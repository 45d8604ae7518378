"""Dates as people write them: ISO dates, Obsidian datetimes, cadences, birthdays."""

import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

# This module's patterns are compiled when first used (re keeps them): every
# command imports it before its no-change walk starts, and most use none.
_ISO_DATE = (
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[Tt ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[Zz]|[-+]\d{1,2}(?::?\d{2})?)?)?"
)


def parse_date(value: object) -> date:
    """A date from a YAML value or text: `2026-03-14`, `2026-03-14T10:30`,
    `2026-03-14 10:30`, `2026-06-29T00:00:00.000Z`. The calendar day as written
    is kept (a `Z` time is not shifted to local time). Raises ValueError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)  # the common case, at C speed
        except ValueError:
            pass
    match = re.fullmatch(_ISO_DATE, value.strip())
    if not match:
        raise ValueError(f"not a date: {value!r} (write YYYY-MM-DD)")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"impossible date: {value.strip()}") from None


EARLIEST_DAY = date(1000, 1, 1)
LATEST_DAY = date(8999, 12, 31)
MAX_HORIZON_DAYS = 36500  # a hundred years ahead is as far as "coming up" looks


def parse_cli_date(text: str) -> date:
    """A day given on the command line, within EARLIEST_DAY..LATEST_DAY, so
    that looking ahead or back from it stays inside the calendar."""
    try:
        day = parse_date(text)
    except ValueError as err:
        raise ValueError(f"{err}; expected YYYY-MM-DD") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(
            f"{day.isoformat()} is out of range; give a day between "
            f"{EARLIEST_DAY.isoformat()} and {LATEST_DAY.isoformat()}"
        )
    return day


def add_months(start: date, months: int) -> date:
    """Calendar months, clamped to the month's end (Jan 31 + 1m = Feb 28)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    day = start.day
    if day > 28:  # every month has the 28th: only a later day may need clamping
        day = min(day, days_in_month(year, month + 1))
    return date(year, month + 1, day)


def is_leap(year: int) -> bool:
    """calendar.isleap, without importing calendar (and locale) at start-up."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1], without working out the weekday:
    `list` and the digest ask it for thousands of due days."""
    if month == 2 and is_leap(year):
        return 29
    return _MONTH_DAYS[month - 1]


class Cadence(NamedTuple):
    """How often to be in touch. `amount == 0` means never (`cadence: none`).
    A named tuple, as Birthday: every command makes the class, few read it
    (a dataclass's class costs three times as much to make)."""

    amount: int
    unit: str  # "d", "w", "m" or "y"

    @property
    def never(self) -> bool:
        return self.amount == 0

    @property
    def nominal_days(self) -> int | None:
        if self.never:
            return None
        return self.amount * {"d": 1, "w": 7, "m": 30, "y": 365}[self.unit]

    def after(self, start: date) -> date:
        """`start` plus the cadence; a sum past the calendar's end (a cadence of
        100000y, a touch dated 9999-12-31) is date.max: never due in practice."""
        try:
            if self.unit == "d":
                return start + timedelta(days=self.amount)
            if self.unit == "w":
                return start + timedelta(weeks=self.amount)
            if self.unit == "m":
                return add_months(start, self.amount)
            return add_months(start, 12 * self.amount)
        except (OverflowError, ValueError):
            return date.max

    def __str__(self) -> str:
        return "none" if self.never else f"{self.amount}{self.unit}"


NEVER = Cadence(0, "d")
_CADENCE_WORDS = {
    "daily": Cadence(1, "d"),
    "weekly": Cadence(1, "w"),
    "biweekly": Cadence(2, "w"),
    "fortnightly": Cadence(2, "w"),
    "monthly": Cadence(1, "m"),
    "quarterly": Cadence(3, "m"),
    "yearly": Cadence(1, "y"),
    "annually": Cadence(1, "y"),
    "none": NEVER,
    "never": NEVER,
}
_CADENCE = r"(\d+)\s*([dwmy])"


def parse_cadence(value: object) -> Cadence:
    """`14d`, `6w`, `3m`, `1y`, `weekly`, `monthly`, `quarterly`, `yearly`,
    `none`. A bare number is days. Raises ValueError naming the forms."""
    if isinstance(value, bool):
        raise ValueError(f"not a cadence: {value!r}")
    if isinstance(value, int):
        return Cadence(value, "d") if value > 0 else NEVER
    text = str(value).strip().lower()
    if text in _CADENCE_WORDS:
        return _CADENCE_WORDS[text]
    match = re.fullmatch(_CADENCE, text)
    if match and int(match.group(1)) > 0:
        return Cadence(int(match.group(1)), match.group(2))
    if text.isdigit() and int(text) > 0:
        return Cadence(int(text), "d")
    raise ValueError(
        f"not a cadence: {value!r} (use 14d, 6w, 3m, 1y, weekly, monthly, quarterly, "
        "yearly or none)"
    )


class Birthday(NamedTuple):
    month: int
    day: int
    year: int | None = None

    def next_on_or_after(self, today: date) -> date:
        """This year's occurrence, or next year's once it has passed. Feb 29 falls
        on Feb 28 in years without one."""
        for year in (today.year, today.year + 1):
            occurrence = self.in_year(year)
            if occurrence >= today:
                return occurrence
        raise AssertionError("unreachable")

    def in_year(self, year: int) -> date:
        if self.month == 2 and self.day == 29 and not is_leap(year):
            return date(year, 2, 28)
        return date(year, self.month, self.day)

    def age_on(self, occurrence: date) -> int | None:
        return None if self.year is None else occurrence.year - self.year

    def __str__(self) -> str:
        month_day = f"{self.month:02d}-{self.day:02d}"
        return month_day if self.year is None else f"{self.year:04d}-{month_day}"


def month_days_within(start: date, end: date) -> list[str]:
    """The `MM-DD`s of the birthdays next on a day from `start` to `end`:
    each of those days', and `02-29` when Feb 29 (Feb 28 in other years) is."""
    days = min((end - start).days + 1, 366)  # a year holds every other day
    within = {f"{day.month:02d}-{day.day:02d}" for day in map(start.__add__, _DAYS[:days])}
    if Birthday(2, 29).next_on_or_after(start) <= end:
        within.add("02-29")
    return sorted(within)


_DAYS = [timedelta(days=n) for n in range(366)]
_MONTH_DAY = r"(?:--)?(\d{2})-?(\d{2})"


def parse_birthday(value: object) -> Birthday:
    """`1980-07-14`, `07-14` or `--07-14` / `--0714` (year unknown)."""
    if isinstance(value, date):
        return Birthday(value.month, value.day, value.year)
    text = str(value).strip()
    match = re.fullmatch(_MONTH_DAY, text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        try:
            date(2000, month, day)  # a leap year, so 02-29 is allowed
        except ValueError:
            raise ValueError(f"impossible birthday: {text}") from None
        return Birthday(month, day)
    full = parse_date(text)
    return Birthday(full.month, full.day, full.year)


_MOMENT_TOKENS = {
    "YYYY": r"(?P<year>\d{4})",
    "YY": r"(?P<year2>\d{2})",
    "MMMM": r"(?P<monthname>[A-Za-z]+)",
    "MMM": r"(?P<monthabbr>[A-Za-z]{3})",
    "MM": r"(?P<month>\d{2})",
    "M": r"(?P<month>\d{1,2})",
    "DD": r"(?P<day>\d{2})",
    "Do": r"(?P<day>\d{1,2})(?:st|nd|rd|th)",
    "D": r"(?P<day>\d{1,2})",
    "dddd": r"[A-Za-z]+",
    "ddd": r"[A-Za-z]{3}",
    "dd": r"[A-Za-z]{2}",
    "d": r"\d",
    "gggg": r"\d{4}",
    "ww": r"\d{2}",
    "w": r"\d{1,2}",
}
_MOMENT = r"\[([^\]]*)\]|" + "|".join(sorted(_MOMENT_TOKENS, key=len, reverse=True))
# English month names and their usual abbreviations → 1-12: how people write
# dates in notes ("Nov 14", "14 November", "Sept 3") and how exports do.
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def month_pattern(group: str | None = None) -> str:
    """A regex fragment for a month written as a word, any case, an
    abbreviation's dot aside ("Nov", "november", "Sept."): captured, in the
    named `group` when given. MONTHS turns what it caught into 1-12."""
    names = "|".join(sorted(MONTHS, key=len, reverse=True))
    return ("(" if group is None else f"(?P<{group}>") + f"(?i:{names}))\\.?"


def day_pattern(group: str | None = None) -> str:
    """A regex fragment for a day of the month, an ordinal's ending aside
    ("3", "03", "3rd"): the digits captured, in the named `group` when given."""
    return ("(" if group is None else f"(?P<{group}>") + r"\d{1,2})(?:st|nd|rd|th)?"


def moment_pattern(fmt: str) -> re.Pattern[str]:
    """A regex for names made by a moment.js format (Obsidian's daily notes):
    `YYYY-MM-DD`, `YYYY/MMMM/YYYY-MM-DD dddd`, `[Journal] D MMM YYYY` …"""
    parts: list[str] = []
    seen: set[str] = set()
    position = 0
    for match in re.finditer(_MOMENT, fmt):
        parts.append(re.escape(fmt[position : match.start()]))
        if match.group(1) is not None:
            parts.append(re.escape(match.group(1)))
        else:
            token = _MOMENT_TOKENS[match.group(0)]
            name = re.search(r"\?P<(\w+)>", token)
            if name and name.group(1) in seen:  # a repeated field must match the same text
                token = f"(?P={name.group(1)})"
            elif name:
                seen.add(name.group(1))
            parts.append(token)
        position = match.end()
    parts.append(re.escape(fmt[position:]))
    return re.compile("".join(parts), re.IGNORECASE)


def date_from_moment(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        year = int(groups["year"]) if groups.get("year") else 2000 + int(groups["year2"])
        if groups.get("month"):
            month = int(groups["month"])
        else:
            name = (groups.get("monthname") or groups.get("monthabbr") or "").lower()
            month = MONTHS[name[:3]]
        return date(year, month, int(groups["day"]))
    except (KeyError, TypeError, ValueError, StopIteration):
        return None

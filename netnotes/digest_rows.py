"""The rows a digest's sections hold, and the words they are phrased in.

Each row type is what one section of `templates/digest.md.j2` lists (docs/digest.md
documents every field); `DigestSection` holds all of a section's rows and says how
many the markdown shows. Plain data: the section builders (digest_*.py) make them.

The row types are named tuples, not dataclasses: a JSON digest of 10,000
contacts makes some 50,000 rows, which a frozen dataclass would set field by
field through `object.__setattr__`; and every digest makes these classes as
it imports them, which for a dataclass means compiling its methods (ten
times the cost of a named tuple's).
"""

import functools
from datetime import date
from typing import Generic, NamedTuple, TypeVar

from .dates import Cadence
from .naming import wikilink
from .values import immutable

T = TypeVar("T")


class PersonLink(NamedTuple):
    name: str
    path: str  # the contact's note

    @property
    def link(self) -> str:
        """`[[Jane Doe]]`, clickable in Obsidian: made when shown (a JSON
        digest names some 11,000 people at 10,000 contacts and links none)."""
        return wikilink(self.path, self.name)


@immutable  # not a named tuple: its `count` would be tuple.count
class DigestSection(Generic[T]):
    """A section's rows, all of them; a template shows `shown` and says `more`.
    In a digest made only to be shown (`Digest.whole` False) `rows` may hold
    just the first rows, and `count` how many there are in all."""

    rows: tuple[T, ...]
    max_rows: int  # 0: no limit
    count: int | None = None  # all the rows, when `rows` holds only the first

    @property
    def shown(self) -> tuple[T, ...]:
        return self.rows[: self.max_rows] if self.max_rows else self.rows

    @property
    def more(self) -> int:
        return self.total - len(self.shown)

    @property
    def total(self) -> int:
        return len(self.rows) if self.count is None else self.count


class ComingUp(NamedTuple):
    """A planned interaction: one meeting note with its attendees, or one
    contact's future-dated log entry (or daily-note line)."""

    date: date
    weekday: str  # Mon … Sun
    in_days: int  # 0 is today
    title: str | None  # None: an entry written as a bare date
    label: str  # the title, else the kind ("Call"), else "Conversation"
    kind: str | None
    people: tuple[PersonLink, ...]
    path: str  # the note it is written in
    line: int
    note_link: str | None  # a meeting note's link, shown as its title; None otherwise
    prep: str  # the prep sheet's path, relative to the vault
    prep_link: str
    scheduled: bool = False  # a group's scheduled meeting with no note: no one is "planned"
    # the label (a daily note's line, as written) links every person already:
    # no "with …" after it
    names_everyone: bool = False


class Overdue(NamedTuple):
    person: PersonLink
    ladder: str | None
    due: date
    days_overdue: int
    overdue_for: str  # 138 days, over 2 years
    last_touch: date
    last_in_person: date | None
    cadence: str  # as netnotes reads it: 60d, 3m …
    cadence_days: int  # its nominal length (a month is 30 days)
    cadence_text: str  # every 60 days, every 3 months …
    planned: date | None  # a planned meeting within the horizon
    long_lost: bool  # overdue by more than two cadences or a year


class FollowUp(NamedTuple):
    """An open follow-up. From a group meeting it can belong to several people."""

    people: tuple[PersonLink, ...]
    path: str  # the note it is written in
    line: int
    text: str
    due: date | None
    overdue: bool
    days_overdue: int
    overdue_for: str  # '' unless overdue
    note_link: str | None  # the note it is in, unless that is its person's own note
    private: bool = False  # #sensitive: `text` says whose, never what (privacy.py)


class Shared(NamedTuple):
    """A personal item to ask about. `date` is None for the `## Personal`
    section of someone coming up."""

    people: tuple[PersonLink, ...]
    path: str
    line: int
    text: str
    date: date | None
    note_link: str | None


class BirthdayRow(NamedTuple):
    person: PersonLink
    date: date  # this year's occurrence (Feb 29 falls on Feb 28 in other years)
    weekday: str
    in_days: int
    age: int | None  # the age they turn; None when the year is unknown


class Unmet(NamedTuple):
    person: PersonLink
    ladder: str | None
    company: str | None
    role: str | None
    how_met: str | None
    last_touch: date | None  # emailed, called … but never face to face
    planned: date | None


class GroupRow(NamedTuple):
    """A networking group: when it meets next, who is in it, how often you
    went lately, and whom in it you have never met one on one."""

    name: str
    path: str | None  # the group note; None for a name used only in `groups:`
    link: str  # `[[Downtown Business Network]]`, or the name when there is no note
    next: date | None  # its next meeting from today on: a meeting note or a scheduled day
    next_scheduled: bool  # that day comes from `meets:`, with no note yet
    members: tuple[PersonLink, ...]
    attended_90d: int  # its meeting notes in the last 90 days, today included
    one_on_one_never: tuple[PersonLink, ...]


class Rung(NamedTuple):
    rung: str  # above, peer, below or unplaced
    label: str
    contacts: int  # active contacts
    touches_90d: int  # days with a touch, per contact, over the last 90 days
    in_person_90d: int
    warning: str | None


class Attention(NamedTuple):
    path: str
    line: int | None
    severity: str  # error or warning
    problem: str
    detail: str | None

    @property
    def link(self) -> str:
        """The note's link, made when shown: a JSON digest lists some
        13,000 problems at 10,000 contacts and links none."""
        return note_link(self.path)


@functools.lru_cache(maxsize=65536)  # a note with many problems is linked once per row
def note_link(path: str) -> str:
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    return wikilink(path, stem)


def span_text(days: int) -> str:
    """`1 day`, `138 days`; past a year, `over 2 years`."""
    if days < 365:
        return f"{days} day" if days == 1 else f"{days} days"
    years = days // 365
    return "over a year" if years == 1 else f"over {years} years"


class CadenceWords(NamedTuple):
    """A cadence as rows show it."""

    written: str  # as read: 60d, 6m, none
    days: int  # its nominal length (a month is 30 days); 0 for none
    text: str  # every 60 days, every 6 months


@functools.lru_cache(maxsize=256)  # a network has a handful of cadences, rows by the thousand
def cadence_words(cadence: Cadence) -> CadenceWords:
    return CadenceWords(str(cadence), cadence.nominal_days or 0, cadence_text(cadence))


def cadence_text(cadence: Cadence) -> str:
    """`every 60 days`, `every month`, `every 3 months`."""
    unit = {"d": "day", "w": "week", "m": "month", "y": "year"}[cadence.unit]
    return f"every {unit}" if cadence.amount == 1 else f"every {cadence.amount} {unit}s"

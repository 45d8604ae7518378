"""The pieces of a prep sheet, as typed contexts for templates and JSON
(docs/prep.md documents every field): one person (`SheetPerson`), the
meeting note a sheet is for (`MeetingInfo`), the items, lines and
conversations they list, and the `Limits` the markdown cuts them to.

Named tuples: immutable, hashed and compared by their fields (a template
of the user's own may take `unique` of a list of them), shown as
`Line(text=…, …)` as the dataclasses they were, and about five times
cheaper to make as a class: every `prep` makes all twelve before it builds
its one sheet, where values.immutable compiles four methods for each (~0.7
ms a class at start-up)."""

import datetime as dt
from typing import NamedTuple

from .howknow import Known

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
Key = tuple[str, int]  # (path, line) of a line shown on the sheet


class Limits(NamedTuple):
    """How many rows each part of the markdown sheet shows before "and N more",
    so a long history still fits a phone screen. The JSON is never cut."""

    questions: int = 6
    asks: int = 5
    personal: int = 5
    care: int = 3
    promises: int = 5  # each of owe and waiting
    lines: int = 5  # note lines under each past conversation
    agenda: int = 12  # note lines of the meeting ahead
    shared: int = 8
    mentions: int = 3
    about: int = 3
    text: int = 160  # characters of one note line
    # a group sheet (groupsheet.py): per person, and for the table once
    group_asks: int = 2
    group_agenda: int = 2
    group_history: int = 2
    group_tasks: int = 1


class PersonRef(NamedTuple):
    name: str
    path: str


class Line(NamedTuple):
    """A line of a conversation's notes: list marker, checkbox and netnotes'
    tags (#personal, #ask …) taken off; `depth` is its nesting (0 = top)."""

    text: str
    depth: int
    path: str
    line: int


class SheetItem(NamedTuple):
    """A personal item, an ask or a follow-up, as written (tags aside)."""

    text: str
    date: dt.date | None  # of the interaction it was written under
    path: str
    line: int
    due: dt.date | None = None
    overdue: bool = False


class Question(NamedTuple):
    """A personal item turned into something to ask about."""

    text: str  # as written
    question: str  # "On 2026-10-02: … — ask for an update."
    date: dt.date
    path: str
    line: int


class Conversation(NamedTuple):
    """One past interaction (one per day: a log entry and a meeting note the
    same day are one conversation), with the lines written under it."""

    date: dt.date
    kind: str | None
    title: str | None  # None: an entry written as a bare date
    label: str  # the title, else the kind ("Call"), else "Conversation"
    in_person: bool
    path: str
    line: int
    notes: tuple[Line, ...]  # what the lists above do not already show
    above: int  # lines of it the lists above show (questions, asks, promises …)


class MeetingAhead(NamedTuple):
    """The planned interaction a person's sheet prepares for."""

    date: dt.date
    weekday: str
    in_days: int
    title: str | None  # None: an entry written as a bare date
    label: str  # the title, else the kind ("Lunch"), else "Conversation"
    kind: str | None
    path: str
    line: int
    notes: tuple[Line, ...]


class BirthdayNote(NamedTuple):
    date: dt.date  # the next occurrence
    written: str  # as in the note: "1980-07-14" or "07-14"
    in_days: int
    age: int | None  # the age they turn, when the year is known


class MentionLine(NamedTuple):
    date: dt.date | None
    text: str
    path: str
    line: int


class Detail(NamedTuple):
    key: str
    value: str  # as written; lists joined with ", "


class SheetPerson(NamedTuple):
    name: str
    path: str
    headline: str | None  # "VP Engineering at [[Acme Payments]] · ladder: above"
    met: str | None  # "Met 2024-05-02 · [[NY Fintech Meetup]] — she gave the keynote"
    how_you_know: tuple[Known, ...]  # how_met/met, and the earliest line elsewhere linking them
    facts: tuple[Detail, ...]  # every other frontmatter key, in written order
    details: dict[str, object]  # the frontmatter as written
    about: tuple[str, ...]  # the note's opening lines, before its first heading
    since_last_time: tuple[Question, ...]
    asks: tuple[SheetItem, ...]
    personal: tuple[SheetItem, ...]  # the `## Personal` section (and undated personal items)
    handle_with_care: tuple[SheetItem, ...]  # #sensitive, whatever its date: never a question
    owe: tuple[SheetItem, ...]
    waiting: tuple[SheetItem, ...]
    recent: tuple[Conversation, ...]
    shared_contacts: tuple[PersonRef, ...]
    birthday: BirthdayNote | None
    last_touch: dt.date | None
    last_in_person: dt.date | None
    days_since_touch: int | None
    days_since_in_person: int | None
    due: dt.date | None  # the first clock: last touch + cadence
    meet_due: dt.date | None  # the second clock: last face to face + meet_every
    meet_every: str  # as read: 6m, 1y, none
    mentions: tuple[MentionLine, ...]


class MeetingInfo(NamedTuple):
    """The meeting note a group sheet is for. Items of the note that belong to
    every attendee are listed here once, not under each person; `#sensitive`
    ones only under `handle_with_care`."""

    path: str
    title: str
    date: dt.date
    weekday: str
    in_days: int
    kind: str | None
    attendees: tuple[PersonRef, ...]
    notes: tuple[Line, ...]
    asks: tuple[SheetItem, ...]
    owe: tuple[SheetItem, ...]
    waiting: tuple[SheetItem, ...]
    personal: tuple[SheetItem, ...]
    handle_with_care: tuple[SheetItem, ...]

"""The group sheet: a prep sheet for a table of people (a networking group's
meeting, or any meeting note with prep.GROUP_SHEET_FROM attendees or more) that
fits one screen.

Each attendee gets a *part* of at most eight lines in markdown — who they
are, how you know them, the one or two best questions, promises both ways,
the last time you met them one on one, and how many things to handle with
care (a count and the command that shows them, never the text). What the
table shares — the meeting's agenda, the last meeting's talk and decisions,
open group tasks — is shown once, not per person. A part only ever holds
that person's own lines: what they shared, what they asked, what is owed.

Pure: builds from what `prep.PrepBuilder` already read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .groups import Group, one_on_ones
from .inline import CONTROL_TAGS, parse_task, strip_tags
from .models import Contact, Touch, note_stem
from .people import touch_label
from .prep_lines import as_sheet_lines
from .prep_model import BirthdayNote, Line, MeetingInfo, SheetItem, SheetPerson
from .table import ContactAt, TableReader

if TYPE_CHECKING:
    from .index import Index


@dataclass(frozen=True, slots=True)
class OneOnOne:
    """The last time you met someone with no one else there."""

    date: date
    label: str  # the title, else the kind ("Coffee"), else "Conversation"
    kind: str | None
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Part:
    """One attendee's part of a group sheet."""

    name: str
    path: str
    headline: str | None
    met: str | None  # as on their own sheet: "Met 2025-02-06 · [[Downtown Business Network]]"
    asks: tuple[str, ...]  # the best questions first: what they shared, then open asks
    owe: tuple[SheetItem, ...]  # what you owe them (none #sensitive)
    waiting: tuple[SheetItem, ...]  # what they owe you (none #sensitive)
    last_one_on_one: OneOnOne | None
    handle_with_care: int  # how many; their own sheet (`netnotes prep NAME`) shows them
    birthday: BirthdayNote | None  # within the horizon


@dataclass(frozen=True, slots=True)
class LastMeeting:
    path: str
    title: str
    date: date


@dataclass(frozen=True, slots=True)
class GroupInfo:
    """What a group sheet shows once for the whole table."""

    name: str | None  # the group's, or None for a big meeting of no group
    path: str | None  # the group note
    meets: str | None  # `meets:` as written
    time: str | None
    place: str | None
    scheduled: bool  # a scheduled meeting with no note yet
    agenda: tuple[Line, ...]  # the meeting note's own lines that belong to the table
    last_meeting: LastMeeting | None
    history: tuple[Line, ...]  # the last meeting's talk and decisions, nobody's own lines
    tasks: tuple[SheetItem, ...]  # open tasks of its meeting notes that belong to no one person
    parts: tuple[Part, ...]


# What group_info needs from a prep builder: a note's body lines that any
# sheet may print, as the parser read them (comments out, #sensitive lines out).
LinesOf = Callable[[str], list[tuple[int, str]]]


def table_lines(reader: TableReader, lines: list[tuple[int, str]], path: str) -> tuple[Line, ...]:
    """A note's body lines that belong to the table: no tasks (listed apart)."""
    mine = [(number, raw) for number, raw in lines if reader.belongs_to_table(raw)]
    return tuple(
        line
        for line in as_sheet_lines(mine, path, frozenset())
        if not line.text.startswith(("☐", "✓", "**"))
    )


def table_tasks(
    reader: TableReader, lines: list[tuple[int, str]], path: str, when: date, today: date
) -> list[SheetItem]:
    """Open tasks of a note that belong to the table (no one person's)."""
    found = []
    for number, raw in lines:
        task = parse_task(raw)
        if task is None or task.done or not reader.belongs_to_table(raw):
            continue
        text = strip_tags(task.text, CONTROL_TAGS)
        overdue = bool(task.due and task.due < today)
        found.append(SheetItem(text, when, path, number, task.due, overdue))
    return found


def part_of(
    person: SheetPerson,
    sensitive_tasks: set[tuple[str, int]],
    table: set[tuple[str, int]],
    table_care: int,
    last_alone: list[Touch] | None,
) -> Part:
    """`sensitive_tasks`: their #sensitive follow-ups, counted, never shown;
    `table`: lines shown once for the whole table, left out here;
    `table_care`: the meeting's own #sensitive lines, which are everyone's."""
    asks = [q.question for q in person.since_last_time if (q.path, q.line) not in table]
    asks += [a.text for a in person.asks if (a.path, a.line) not in table]
    owe = tuple(e for e in person.owe if (e.path, e.line) not in sensitive_tasks | table)
    waiting = tuple(e for e in person.waiting if (e.path, e.line) not in sensitive_tasks | table)
    hidden = sum(1 for e in (*person.owe, *person.waiting) if (e.path, e.line) in sensitive_tasks)
    return Part(
        name=person.name,
        path=person.path,
        headline=person.headline,
        met=person.met or _known(person),
        asks=tuple(asks),
        owe=owe,
        waiting=waiting,
        last_one_on_one=_one_on_one(last_alone) if last_alone else None,
        handle_with_care=len(person.handle_with_care) + hidden + table_care,
        birthday=person.birthday,
    )


def _known(person: SheetPerson) -> str | None:
    elsewhere = next((k for k in person.how_you_know if k.path != person.path), None)
    if elsewhere is None or elsewhere.date is None:
        return None
    return f"{elsewhere.date.isoformat()}, [[{elsewhere.source}]]: “{elsewhere.text}”"


def _one_on_one(day: list[Touch]) -> OneOnOne:
    touch = next((t for t in day if t.in_person), day[0])
    title = strip_tags(touch.title, CONTROL_TAGS) or None
    return OneOnOne(touch.date, touch_label(title, touch.kind), touch.kind, touch.path, touch.line)


def group_info(
    *,
    group: Group | None,
    meeting: MeetingInfo,
    people: tuple[SheetPerson, ...],
    attendees: list[Contact],
    contact_at: ContactAt,
    lines_of: LinesOf,
    index: Index,
    sensitive: Callable[[str], set[tuple[str, int]]],
    today: date,
    scheduled: bool,
) -> GroupInfo:
    """The table of a group sheet. `sensitive`: a contact's #sensitive
    follow-ups, by (path, line); `contact_at`: whom a link goes to
    (table.ContactAt); `scheduled`: a scheduled day with no note."""
    reader = TableReader(contact_at, attendees)
    last = _last_meeting(group, meeting, today)
    history = table_lines(reader, lines_of(last.path), last.path) if last else ()
    tasks = _open_tasks(reader, group, meeting, lines_of, today, scheduled)
    agenda = () if scheduled else table_lines(reader, lines_of(meeting.path), meeting.path)
    table = {(e.path, e.line) for e in (*tasks, *meeting.owe, *meeting.waiting, *meeting.asks)}
    parts = tuple(
        part_of(
            p,
            sensitive(c.path),
            table,
            len(meeting.handle_with_care),
            next(iter(one_on_ones(index, c.path, today)), None),
        )
        for p, c in zip(people, attendees)
    )
    return GroupInfo(
        name=group.name if group else None,
        path=group.path if group else None,
        meets=group.schedule.words if group and group.schedule else None,
        time=group.time if group else None,
        place=group.place if group else None,
        scheduled=scheduled,
        agenda=agenda,
        last_meeting=last,
        history=history,
        tasks=tasks,
        parts=parts,
    )


def _last_meeting(group: Group | None, meeting: MeetingInfo, today: date) -> LastMeeting | None:
    """The group's last meeting note before this meeting, up to today."""
    earlier = [
        (when, path)
        for path, when in (group.notes if group else ())
        if when <= today and when < meeting.date and path != meeting.path
    ]
    if not earlier:
        return None
    when, path = max(earlier)
    return LastMeeting(path, _title(path), when)


def _open_tasks(
    reader: TableReader,
    group: Group | None,
    meeting: MeetingInfo,
    lines_of: LinesOf,
    today: date,
    scheduled: bool,
) -> tuple[SheetItem, ...]:
    """Open tasks of the group's meeting notes (and this one's) that belong
    to no one person, the most recent first."""
    notes = list(group.notes if group else ())
    if not scheduled and all(path != meeting.path for path, _ in notes):
        notes.append((meeting.path, meeting.date))
    tasks = [
        entry
        for path, when in notes
        if when <= max(today, meeting.date)
        for entry in table_tasks(reader, lines_of(path), path, when, today)
    ]
    tasks.sort(key=lambda e: (-(e.due or e.date or date.min).toordinal(), e.path, e.line))
    return tuple(tasks)


def _title(path: str) -> str:
    return re.sub(r"^\d{4}-\d{2}-\d{2}\s*", "", note_stem(path)) or note_stem(path)

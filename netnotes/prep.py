"""Prep sheets (DESIGN.md §4): what to know walking into a meeting with one
person, or with a table of them, as typed contexts for templates and JSON.

Pure: the index, the config, `today` and a reader of note text come in; no
clock, no printing, no writing. The contexts hold everything; the markdown
template shows at most `Limits` rows of each list and says how many more.
`PrepBuilder` finds what a sheet is for and builds it; the pieces live in
prep_model (the types), prep_person (one person), prep_items, prep_facts
and prep_lines, and groupsheet (the one-screen sheet for a table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .config import Config
from .errors import AmbiguousName, NoSuchName, shortlist
from .inline import CONTROL_TAGS, strip_tags
from .models import ARCHIVED, ASK, MEETING, PERSONAL, TASK, Contact, Meeting, OwnedItem, Touch
from .naming import lookup_key
from .people import once_per_contact_per_day, touch_label
from .prep_items import newest_first, open_task, promises, sheet_item, shown_keys, touch_order
from .prep_lines import body_start
from .prep_model import (
    WEEKDAYS,
    Key,
    Limits,
    Line,
    MeetingAhead,
    MeetingInfo,
    PersonRef,
    SheetPerson,
)
from .prep_person import note_lines, sheet_person
from .prep_source import NoteReader, SheetSource
from .roster import answering_contacts, find_indexed
from .sheetnames import SheetNames

if TYPE_CHECKING:  # groups only for a group's or a day's sheets: a person's needs none (issue 20)
    from .groups import Group, GroupNotes, Occurrence
    from .groupsheet import GroupInfo
    from .index import Index

GROUP_SHEET_FROM = 5  # a meeting with this many attendees gets the one-screen group sheet
FEW_PEOPLE = 50  # plans for up to this many people read their touches, not every one ahead


@dataclass(frozen=True, slots=True, weakref_slot=True)
class PrepSheet:
    date: dt.date  # the planned meeting's date, else today
    title: str  # the person's name or the meeting's title
    today: dt.date
    meeting: MeetingInfo | None  # set for a meeting note's sheet
    planned: MeetingAhead | None  # set for a person's sheet with a meeting ahead
    people: tuple[SheetPerson, ...]
    limits: Limits
    group: GroupInfo | None = None  # set for a group sheet: one screen for a table of people


class SheetPlan(NamedTuple):
    """A sheet to build: where it goes (`date`, `title`, `source`: the meeting
    note, group note or contact it is for, as `sheet_path` names it) and what
    `PrepBuilder.build` makes it from."""

    date: dt.date
    title: str
    source: str
    target: Meeting | Occurrence | Touch  # a touch: the contact's planned entry


# --- building ----------------------------------------------------------------


class PrepBuilder:
    """Builds sheets from one index on one day; `SheetSource` caches what several sheets share."""

    def __init__(self, index: Index, config: Config, today: date, read_note: NoteReader) -> None:
        self.src = SheetSource(index, config, today, read_note)
        self.index = index
        self.today = today
        self.horizon_end = self.src.horizon_end
        self._sheet_names: SheetNames | None = None

    # --- targets --------------------------------------------------------

    def resolve(self, query: str) -> Contact | Meeting | Group:
        """A contact (name, alias, file name or path), a meeting note (title,
        file name or path) or a group (its note's name, alias or path).
        Several meeting notes with one title (a monthly breakfast): the next
        one from today on. No one, or several: NameLookupError."""
        meeting = self._meeting_named(query)
        group = self._group_named(query)
        if meeting is not None or group is not None:
            return self._not_a_contact(query, meeting, group)
        try:
            return find_indexed(self.index, query)
        except NoSuchName as err:  # its candidates: the closest contacts' names
            raise self._not_found(query, err.candidates) from None

    def _not_a_contact(
        self, query: str, meeting: Meeting | None, group: Group | None
    ) -> Meeting | Group:
        """The meeting note or group `query` names, unless exactly one contact
        answers to it too: find_indexed's answer, without reading every
        contact only to word why none or several do."""
        paths = answering_contacts(self.index, query)
        if len(paths) == 1 and meeting is not None:
            raise _both(query, "a contact", paths[0], "a meeting note", meeting.path)
        if len(paths) == 1 and group is not None:
            raise _both(query, "a contact", paths[0], "a group", group.path)
        if meeting is not None and group is not None:
            raise _both(query, "a meeting note", meeting.path, "a group", group.path)
        return meeting or group  # type: ignore[return-value]

    def _group_named(self, query: str) -> Group | None:
        """A group with a note that answers to `query`; a name used only in
        `groups:` has no meeting to prepare for."""
        wanted = lookup_key(query.strip().removesuffix(".md"))
        if not wanted or not self.index.groups_answering(wanted):
            return None
        return self.src.groups.find(query)

    def _meeting_named(self, query: str) -> Meeting | None:
        wanted = lookup_key(query.strip().removesuffix(".md"))
        matches = self.index.meetings_answering(wanted) if wanted else []
        ahead = sorted((when, path) for path, when in matches if when >= self.today)
        if len(matches) == 1 or (ahead and (len(ahead) == 1 or ahead[0][0] != ahead[1][0])):
            chosen = matches[0][0] if len(matches) == 1 else ahead[0][1]
            return self.index.meetings({chosen})[0]
        if not matches:
            return None
        listed = [path for _, path in ahead] or [path for path, _ in matches]
        raise AmbiguousName(
            f"'{query}' could be any of: {shortlist(listed)}; give the path", listed
        )

    def _not_found(self, query: str, contacts: list[str]) -> NoSuchName:
        """No one, no meeting note and no group answers to `query`: the
        closest `contacts` (people.closest_names), meeting titles and groups."""
        import difflib  # only when a name was not found

        titles = {lookup_key(title): title for _, title, _ in self.src.meeting_notes}
        titles.update({lookup_key(g.name): g.name for g in self.src.groups.groups if g.path})
        close = difflib.get_close_matches(lookup_key(query), list(titles), n=3, cutoff=0.6)
        closest = list(dict.fromkeys(contacts + [titles[t] for t in close]))
        hint = f"; closest: {', '.join(closest)}" if closest else ""
        return NoSuchName(f"no contact, meeting note or group named '{query}'{hint}", closest)

    # --- sheets ---------------------------------------------------------

    def sheet(self, target: Contact | Meeting | Group) -> PrepSheet:
        if isinstance(target, Meeting):
            return self.meeting_sheet(target)
        if isinstance(target, Contact):
            return self.contact_sheet(target, self._first_planned(target.path))
        return self.group_sheet(target)

    def group_sheet(self, group: Group) -> PrepSheet:
        """The sheet of a group's next meeting from today on: its meeting
        note's, else the scheduled day's; with neither, a sheet of its
        members as of today."""
        day = group.next_meeting(self.today)
        noted = group.noted_on(day) if day else []
        if noted:
            return self.meeting_sheet(self.index.meetings({noted[0]})[0])
        members = tuple(self.src.groups.members(group))
        return self.scheduled_sheet(group, day or self.today, members, scheduled=day is not None)

    def scheduled_sheet(
        self, group: Group, day: date, members: tuple[str, ...], scheduled: bool = True
    ) -> PrepSheet:
        """A sheet for a group's scheduled meeting that has no note: its members are the table."""
        meeting = Meeting(group.path or "", group.name, day, group.kind, members)
        return self.meeting_sheet(meeting, group=group, scheduled=scheduled)

    def contact_sheet(self, contact: Contact, planned: Touch | None) -> PrepSheet:
        person = sheet_person(self.src, contact, frozenset())
        ahead = self._planned(planned, shown_keys(person)) if planned else None
        return PrepSheet(
            date=planned.date if planned else self.today,
            title=contact.name,
            today=self.today,
            meeting=None,
            planned=ahead,
            people=(person,),
            limits=Limits(),
        )

    def meeting_sheet(
        self, meeting: Meeting, group: Group | None = None, scheduled: bool = False
    ) -> PrepSheet:
        """`group`: the group a scheduled meeting (`scheduled`, no note) is of;
        a meeting note's own group is looked up."""
        attendees = [c for c in map(self.src.contact, meeting.attendees) if c is not None]
        shared = self._shared_items(meeting.path, attendees)
        shared_keys = frozenset((i.path, i.line) for i in shared)
        people = tuple(sheet_person(self.src, c, shared_keys) for c in attendees)
        shown = shared_keys.union(*(shown_keys(p) for p in people))
        upcoming = self.today < meeting.date <= self.horizon_end
        info = self._meeting_info(meeting, attendees, shared, shown, scheduled)
        if group is None and not scheduled:
            group = self.src.groups.of_meeting(meeting.path)
        table = None
        if group is not None or scheduled or len(attendees) >= GROUP_SHEET_FROM:
            table = self._table(info, group, people, attendees, scheduled)
        return PrepSheet(
            date=meeting.date if upcoming or scheduled else self.today,
            title=meeting.title,
            today=self.today,
            meeting=info,
            planned=None,
            people=people,
            limits=Limits(),
            group=table,
        )

    def _shared_items(self, path: str, attendees: list[Contact]) -> list[OwnedItem]:
        """The items of meeting note `path` that belong to every attendee."""
        owned = [self.src.items(c.path) for c in attendees]
        everyone = (
            set.intersection(*({(i.path, i.line) for i in items} for items in owned))
            if owned
            else set()
        )
        return [
            i
            for i in (owned[0] if owned else [])
            if i.path == path and (i.path, i.line) in everyone
        ]

    def _meeting_info(
        self,
        meeting: Meeting,
        attendees: list[Contact],
        shared: list[OwnedItem],
        shown: frozenset[Key],
        scheduled: bool,
    ) -> MeetingInfo:
        """The meeting's own part of the sheet: its notes (none for a
        scheduled day) and the items shared by the whole table."""
        care = [i for i in shared if i.sensitive and (i.type != TASK or open_task(i))]
        ordinary = [i for i in shared if not i.sensitive]
        today = self.today
        notes: tuple[Line, ...] = ()
        if not scheduled:
            lines = self.src.lines(meeting.path)
            notes = note_lines(self.src, meeting.path, body_start(lines), len(lines), shown)
        return MeetingInfo(
            path=meeting.path,
            title=meeting.title,
            date=meeting.date,
            weekday=WEEKDAYS[meeting.date.weekday()],
            in_days=(meeting.date - today).days,
            kind=meeting.kind,
            attendees=tuple(PersonRef(c.name, c.path) for c in attendees),
            notes=notes,
            asks=tuple(sheet_item(i, today) for i in ordinary if i.type == ASK),
            owe=promises(shared, today, waiting=False),
            waiting=promises(shared, today, waiting=True),
            personal=tuple(sheet_item(i, today) for i in ordinary if i.type == PERSONAL),
            handle_with_care=tuple(sheet_item(i, today) for i in newest_first(care)),
        )

    def _table(
        self,
        info: MeetingInfo,
        group: Group | None,
        people: tuple[SheetPerson, ...],
        attendees: list[Contact],
        scheduled: bool,
    ) -> GroupInfo:
        from .groupsheet import group_info  # only a table's sheet: a person's needs none of it

        return group_info(
            group=group,
            meeting=info,
            people=people,
            attendees=attendees,
            contact_at=self.src.contact_at,
            lines_of=self.src.body_lines,
            index=self.index,
            sensitive=self.src.sensitive_tasks,
            today=self.today,
            scheduled=scheduled,
        )

    def sheet_path(self, sheet: PrepSheet | SheetPlan) -> str:
        """Where the sheet goes in the vault: unique per meeting (see sheetnames)."""
        if self._sheet_names is None:
            src = self.src  # every meeting note, if plans() read them; else a day's
            groups = src.groups_read or _group_notes(self.index)  # the notes: who meets when
            self._sheet_names = SheetNames(
                self.index, src.config.output_dir, groups, meetings=src.meeting_notes_read
            )
        source = sheet.source if isinstance(sheet, SheetPlan) else _sheet_path(sheet)
        return self._sheet_names.path(sheet.date, sheet.title, source)

    def upcoming(self, only: set[str] | None = None) -> Iterator[PrepSheet]:
        """The sheets of `plans(only)`, built one at a time as they are asked
        for: a run over a busy day never holds more than one."""
        return (self.build(plan) for plan in self.plans(only))

    def build(self, plan: SheetPlan) -> PrepSheet:
        from .groups import Occurrence

        target = plan.target
        if isinstance(target, Meeting):
            return self.meeting_sheet(target)
        if isinstance(target, Occurrence):
            return self.scheduled_sheet(target.group, target.date, target.members)
        contact = self.src.contact(target.contact)
        assert contact is not None  # plans() found it
        return self.contact_sheet(contact, target)

    def plans(self, only: set[str] | None = None) -> list[SheetPlan]:
        """A sheet per meeting today and planned within the horizon: each meeting note
        (for its attendees), and each planned entry in a contact's log or a
        daily note (for that contact) unless a meeting note that day covers them.
        `only` (contact paths) keeps just the sheets with one of those people.
        In the order the sheets are listed; `build` makes each."""
        if only is not None and len(only) <= FEW_PEOPLE:
            notes, touches = self._theirs(only)
        else:
            notes, touches = self._everyones()
        if only is not None:
            notes = [m for m in notes if only & set(m.attendees)]
        plans = [SheetPlan(m.date, m.title, m.path, m) for m in notes]
        for occurrence in self.src.groups.occurrences(
            self.today + timedelta(days=1), self.horizon_end
        ):
            if only is None or only & set(occurrence.members):
                group = occurrence.group
                plans.append(SheetPlan(occurrence.date, group.name, group.path or "", occurrence))
        for touch in once_per_contact_per_day(touches):
            if touch.origin == MEETING or (only is not None and touch.contact not in only):
                continue  # a save reads only the contacts it touched
            contact = self.src.contact(touch.contact)
            if contact is not None and contact.status != ARCHIVED:
                plans.append(SheetPlan(touch.date, contact.name, contact.path, touch))
        return sorted(plans, key=lambda p: (p.date, lookup_key(p.title), p.title, p.source))

    def _everyones(self) -> tuple[list[Meeting], list[Touch]]:
        """The meeting notes from today to the horizon, and today's touches
        and the planned ones (daily notes' plans too: the digest's Today
        links both)."""
        ahead = {
            path for path, _, day in self.src.meeting_notes if self.today <= day <= self.horizon_end
        }
        touches = self.index.touches_between(self.today, self.horizon_end, plans=True)
        return self.index.meetings(ahead), touches

    def _theirs(self, only: set[str]) -> tuple[list[Meeting], list[Touch]]:
        """`_everyones()` as far as the contacts `only` are in them, read from
        their touches: a meeting note's attendees are its touches' contacts,
        so every meeting with one of them is among the notes they touch."""
        theirs = [
            touch
            for contact in sorted(only)
            for touch in self.index.touches(contact, plans_after=self.today - timedelta(days=1))
        ]
        met = {touch.path for touch in theirs if touch.origin == MEETING}
        notes = [m for m in self.index.meetings(met) if self.today <= m.date <= self.horizon_end]
        return notes, [t for t in theirs if self.today <= t.date <= self.horizon_end]

    def _first_planned(self, contact: str) -> Touch | None:
        ahead = [
            t
            for t in self.index.touches(contact, plans_after=self.today)
            if self.today < t.date <= self.horizon_end
        ]
        return min(ahead, key=touch_order, default=None)

    def _planned(self, touch: Touch, shown: frozenset[Key]) -> MeetingAhead:
        start = touch.line + 1
        if touch.origin == MEETING:
            start = max(start, body_start(self.src.lines(touch.path)))
        title = strip_tags(touch.title, CONTROL_TAGS) or None
        return MeetingAhead(
            date=touch.date,
            weekday=WEEKDAYS[touch.date.weekday()],
            in_days=(touch.date - self.today).days,
            title=title,
            label=touch_label(title, touch.kind),
            kind=touch.kind,
            path=touch.path,
            line=touch.line,
            notes=note_lines(self.src, touch.path, start, touch.end_line, shown),
        )


def _group_notes(index: Index) -> GroupNotes | None:
    """The group notes, whose scheduled meetings sheets are named beside;
    None for a vault with none, which needs no group code loaded (issue 20)."""
    if not index.group_notes():
        return None
    from .groups import GroupNotes

    return GroupNotes(index)


def _both(query: str, one: str, path: str, other: str, other_path: str | None) -> AmbiguousName:
    return AmbiguousName(
        f"'{query}' is both {one} ({path}) and {other} ({other_path}); give the path",
        [path, other_path or ""],
    )


def _sheet_path(sheet: PrepSheet) -> str:
    return sheet.meeting.path if sheet.meeting else sheet.people[0].path if sheet.people else ""

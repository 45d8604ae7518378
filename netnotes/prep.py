"""Prep sheets (DESIGN.md §4): what to know walking into a meeting with one
person, or with a table of them, as typed contexts for templates and JSON.

Pure: the index, the config, `today` and a reader of note text come in; no
clock, no printing, no writing. The contexts hold everything; the markdown
template shows at most `Limits` rows of each list and says how many more.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from . import privacy, yamlfm
from .config import Config
from .errors import NameLookupError
from .howknow import Known, how_you_know
from .inline import LIST_ITEM, parse_task, strip_tags
from .models import ASK, MEETING, PERSONAL, TASK, Contact, Hidden, Meeting, OwnedItem, Touch
from .naming import lookup_key
from .notes import (
    CONTROL_TAGS,
    EVENT_UID_FIELD,
    HEADING,
    calendar_line,
    normal_key,
    shown_lines,
)
from .people import (
    birthday_of,
    closest_names,
    find_indexed,
    once_per_contact_per_day,
    precedence,
    standing,
    touch_label,
)
from .properties import role_key, written_key
from .sheetnames import SheetNames
from .table import TableReader

if TYPE_CHECKING:
    from .groups import Group, Groups
    from .groupsheet import GroupInfo
    from .index import Index
    from .results import MeetingNote

# A vault-relative path → the note's text, or None when it cannot be read.
NoteReader = Callable[[str], "str | None"]
GROUP_SHEET_FROM = 5  # a meeting with this many attendees gets the one-screen group sheet
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
Key = tuple[str, int]  # (path, line) of a line shown on the sheet


# --- the context -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limits:
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


@dataclass(frozen=True, slots=True)
class PersonRef:
    name: str
    path: str


@dataclass(frozen=True, slots=True)
class Line:
    """A line of a conversation's notes: list marker, checkbox and netnotes'
    tags (#personal, #ask …) taken off; `depth` is its nesting (0 = top)."""

    text: str
    depth: int
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Entry:
    """A personal item, an ask or a follow-up, as written (tags aside)."""

    text: str
    date: dt.date | None  # of the interaction it was written under
    path: str
    line: int
    due: dt.date | None = None
    overdue: bool = False


@dataclass(frozen=True, slots=True)
class Question:
    """A personal item turned into something to ask about."""

    text: str  # as written
    question: str  # "On 2026-10-02: … — ask for an update."
    date: dt.date
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Conversation:
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


@dataclass(frozen=True, slots=True)
class Planned:
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


@dataclass(frozen=True, slots=True)
class BirthdayNote:
    date: dt.date  # the next occurrence
    written: str  # as in the note: "1980-07-14" or "07-14"
    in_days: int
    age: int | None  # the age they turn, when the year is known


@dataclass(frozen=True, slots=True)
class MentionLine:
    date: dt.date | None
    text: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Detail:
    key: str
    value: str  # as written; lists joined with ", "


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    path: str
    headline: str | None  # "VP Engineering at [[Acme Payments]] · ladder: above"
    met: str | None  # "Met 2024-05-02 · [[NY Fintech Meetup]] — she gave the keynote"
    how_you_know: tuple[Known, ...]  # how_met/met, and the earliest line elsewhere linking them
    facts: tuple[Detail, ...]  # every other frontmatter key, in written order
    details: dict[str, object]  # the frontmatter as written
    about: tuple[str, ...]  # the note's opening lines, before its first heading
    since_last_time: tuple[Question, ...]
    asks: tuple[Entry, ...]
    personal: tuple[Entry, ...]  # the `## Personal` section (and undated personal items)
    handle_with_care: tuple[Entry, ...]  # #sensitive, whatever its date: never a question
    owe: tuple[Entry, ...]
    waiting: tuple[Entry, ...]
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


@dataclass(frozen=True, slots=True)
class MeetingInfo:
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
    asks: tuple[Entry, ...]
    owe: tuple[Entry, ...]
    waiting: tuple[Entry, ...]
    personal: tuple[Entry, ...]
    handle_with_care: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class PrepSheet:
    date: dt.date  # the planned meeting's date, else today
    title: str  # the person's name or the meeting's title
    today: dt.date
    meeting: MeetingInfo | None  # set for a meeting note's sheet
    planned: Planned | None  # set for a person's sheet with a meeting ahead
    people: tuple[Person, ...]
    limits: Limits
    group: GroupInfo | None = None  # set for a group sheet: one screen for a table of people


# --- building ----------------------------------------------------------------


class PrepBuilder:
    """Builds sheets from one index on one day; caches what several sheets share."""

    def __init__(self, index: Index, config: Config, today: date, read_note: NoteReader) -> None:
        self.index = index
        self.config = config
        self.today = today
        self.horizon_end = today + timedelta(days=config.digest_horizon_days)
        self.read_note = read_note
        self._everyone: dict[str, Contact] | None = None
        self._contacts: dict[str, Contact | None] = {}
        self._notes_list: list[MeetingNote] | None = None
        self._lines: dict[str, list[str]] = {}
        self._views: dict[str, tuple[tuple[tuple[int, str], ...], tuple[Hidden, ...]]] = {}
        self._sensitive: dict[str, frozenset[int]] = {}
        self._owned: dict[str, list[OwnedItem]] = {}
        self._groups: Groups | None = None
        self._readers: dict[str, TableReader] = {}
        self._sheet_names: SheetNames | None = None

    @property
    def groups(self) -> Groups:
        """The vault's networking groups, read once."""
        if self._groups is None:
            from .groups import Groups

            self._groups = Groups(self.index, self.today)
        return self._groups

    @property
    def meeting_notes(self) -> list[MeetingNote]:
        """(path, title, date) of every meeting note: enough to find one by name."""
        if self._notes_list is None:
            self._notes_list = self.index.meeting_notes()
        return self._notes_list

    @property
    def everyone(self) -> dict[str, Contact]:
        """Every contact (without details), by path: to find one by name."""
        if self._everyone is None:
            self._everyone = {c.path: c for c in self.index.contacts(details=False)}
        return self._everyone

    def contact(self, path: str) -> Contact | None:
        """One contact with its details, or None: what a sheet shows of the
        few people on it, without loading every contact."""
        if path not in self._contacts:
            self._contacts[path] = self.index.contact(path)
        return self._contacts[path]

    def view(self, path: str) -> tuple[tuple[tuple[int, str], ...], tuple[Hidden, ...]]:
        """The note's opening text and hidden ranges, as the parser found them."""
        if path not in self._views:
            self._views[path] = self.index.shown(path)
        return self._views[path]

    def plain_lines(self, path: str, start: int, end: int) -> list[tuple[int, str]]:
        """Lines start..end a reader sees that any sheet may print (privacy.py)."""
        if path not in self._sensitive:
            self._sensitive[path] = self.index.sensitive_lines(path)
        visible = shown_lines(self.lines(path), start, end, self.view(path)[1])
        return privacy.plain_lines(visible, self._sensitive[path])

    def shown_line(self, path: str, line: int) -> str | None:
        """One line as any sheet may print it, or None (hidden, #sensitive)."""
        found = self.plain_lines(path, line, line)
        return found[0][1] if found else None

    def body_lines(self, path: str) -> list[tuple[int, str]]:
        """A note's body, as `plain_lines` gives it: what any sheet may print."""
        lines = self.lines(path)
        return self.plain_lines(path, _body_start(lines), len(lines))

    def lines(self, path: str) -> list[str]:
        if path not in self._lines:
            text = self.read_note(path) or ""
            self._lines[path] = [line.rstrip("\r") for line in text.lstrip("\ufeff").split("\n")]
        return self._lines[path]

    # --- targets --------------------------------------------------------

    def resolve(self, query: str) -> Contact | Meeting | Group:
        """A contact (name, alias, file name or path), a meeting note (title,
        file name or path) or a group (its note's name, alias or path).
        Several meeting notes with one title (a monthly breakfast): the next
        one from today on. No one, or several: NameLookupError."""
        meeting = self._meeting_named(query)
        group = self._group_named(query)
        try:
            contact = find_indexed(self.index, query)
        except NameLookupError as err:
            if meeting is not None and group is not None:
                raise _both(query, "a meeting note", meeting.path, "a group", group.path) from None
            if meeting is not None or group is not None:
                return meeting or group  # type: ignore[return-value]
            if not err.message.startswith("no contact named"):
                raise
            raise self._not_found(query) from None
        if meeting is not None:
            raise _both(query, "a contact", contact.path, "a meeting note", meeting.path)
        if group is not None:
            raise _both(query, "a contact", contact.path, "a group", group.path)
        return contact

    def _group_named(self, query: str) -> Group | None:
        """A group with a note that answers to `query`; a name used only in
        `groups:` has no meeting to prepare for."""
        wanted = lookup_key(query.strip().removesuffix(".md"))
        if not wanted or not self.index.groups_answering(wanted):
            return None
        return self.groups.find(query)

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
        raise NameLookupError(
            f"'{query}' could be any of: {', '.join(listed)}; give the path", listed
        )

    def _not_found(self, query: str) -> NameLookupError:
        titles = {lookup_key(title): title for _, title, _ in self.meeting_notes}
        titles.update({lookup_key(g.name): g.name for g in self.groups.groups if g.path})
        close = difflib.get_close_matches(lookup_key(query), list(titles), n=3, cutoff=0.6)
        closest = closest_names(list(self.everyone.values()), query) + [titles[t] for t in close]
        closest = list(dict.fromkeys(closest))
        hint = f"; closest: {', '.join(closest)}" if closest else ""
        return NameLookupError(f"no contact, meeting note or group named '{query}'{hint}", closest)

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
        members = tuple(self.groups.members(group))
        return self.scheduled_sheet(group, day or self.today, members, scheduled=day is not None)

    def scheduled_sheet(
        self, group: Group, day: date, members: tuple[str, ...], scheduled: bool = True
    ) -> PrepSheet:
        """A sheet for a group's scheduled meeting that has no note: its members are the table."""
        meeting = Meeting(group.path or "", group.name, day, group.kind, members)
        return self.meeting_sheet(meeting, group=group, scheduled=scheduled)

    def contact_sheet(self, contact: Contact, planned: Touch | None) -> PrepSheet:
        person = self._person(contact, frozenset())
        ahead = self._planned(planned, _shown(person)) if planned else None
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
        attendees = [c for c in map(self.contact, meeting.attendees) if c is not None]
        owned = [self._items(c.path) for c in attendees]
        everyone = (
            set.intersection(*({(i.path, i.line) for i in items} for items in owned))
            if owned
            else set()
        )
        shared = [
            i
            for i in (owned[0] if owned else [])
            if i.path == meeting.path and (i.path, i.line) in everyone
        ]
        shared_keys = frozenset((i.path, i.line) for i in shared)
        care = [i for i in shared if i.sensitive and (i.type != TASK or _open_task(i))]
        ordinary = [i for i in shared if not i.sensitive]
        people = tuple(self._person(c, shared_keys) for c in attendees)
        shown = shared_keys.union(*(_shown(p) for p in people))
        body = _body_start(self.lines(meeting.path)) if not scheduled else 1
        upcoming = self.today < meeting.date <= self.horizon_end
        info = MeetingInfo(
            path=meeting.path,
            title=meeting.title,
            date=meeting.date,
            weekday=WEEKDAYS[meeting.date.weekday()],
            in_days=(meeting.date - self.today).days,
            kind=meeting.kind,
            attendees=tuple(PersonRef(c.name, c.path) for c in attendees),
            notes=()
            if scheduled
            else self._notes(meeting.path, body, len(self.lines(meeting.path)), shown),
            asks=tuple(_entry(i, self.today) for i in ordinary if i.type == ASK),
            owe=_promises(shared, self.today, waiting=False),
            waiting=_promises(shared, self.today, waiting=True),
            personal=tuple(_entry(i, self.today) for i in ordinary if i.type == PERSONAL),
            handle_with_care=tuple(_entry(i, self.today) for i in _newest_first(care)),
        )
        if group is None and not scheduled:
            group = self.groups.of_meeting(meeting.path)
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

    def _table(
        self,
        info: MeetingInfo,
        group: Group | None,
        people: tuple[Person, ...],
        attendees: list[Contact],
        scheduled: bool,
    ) -> GroupInfo:
        from .groupsheet import group_info

        return group_info(
            group=group,
            meeting=info,
            people=people,
            attendees=attendees,
            everyone=self.everyone.values(),
            lines_of=self.body_lines,
            index=self.index,
            sensitive=self._sensitive_tasks,
            today=self.today,
            scheduled=scheduled,
        )

    def _sensitive_tasks(self, contact: str) -> set[Key]:
        return {(i.path, i.line) for i in self._items(contact) if i.sensitive and i.type == TASK}

    def sheet_path(self, sheet: PrepSheet) -> str:
        """Where the sheet goes in the vault: unique per meeting (see sheetnames)."""
        if self._sheet_names is None:
            self._sheet_names = SheetNames(self.index, self.config.output_dir, self.groups)
        return self._sheet_names.path(sheet.date, sheet.title, _sheet_path(sheet))

    def upcoming(self, only: set[str] | None = None) -> list[PrepSheet]:
        """A sheet per meeting today and planned within the horizon: each meeting note
        (for its attendees), and each planned entry in a contact's log or a
        daily note (for that contact) unless a meeting note that day covers them.
        `only` (contact paths) keeps just the sheets with one of those people."""
        ahead = {
            path for path, _, day in self.meeting_notes if self.today <= day <= self.horizon_end
        }
        notes = self.index.meetings(ahead)
        entries: list[tuple[Contact, Touch]] = []
        for touch in once_per_contact_per_day(self._ahead()):
            contact = self.contact(touch.contact)
            if touch.origin == MEETING or contact is None or contact.status == "archived":
                continue
            if only is None or touch.contact in only:
                entries.append((contact, touch))
        if only is not None:
            notes = [m for m in notes if only & set(m.attendees)]
        sheets = [self.meeting_sheet(m) for m in notes]
        for occurrence in self.groups.occurrences(self.today + timedelta(days=1), self.horizon_end):
            if only is None or only & set(occurrence.members):
                sheets.append(
                    self.scheduled_sheet(occurrence.group, occurrence.date, occurrence.members)
                )
        sheets += [self.contact_sheet(contact, touch) for contact, touch in entries]
        return sorted(sheets, key=lambda s: (s.date, lookup_key(s.title), s.title, _sheet_path(s)))

    def _ahead(self) -> list[Touch]:
        """Today's meetings and the planned ones (daily notes' plans too): the
        digest's Today links both."""
        return self.index.touches_between(self.today, self.horizon_end, plans=True)

    def _first_planned(self, contact: str) -> Touch | None:
        ahead = [
            t
            for t in self.index.touches(contact, plans_after=self.today)
            if self.today < t.date <= self.horizon_end
        ]
        return min(ahead, key=_touch_order, default=None)

    def _planned(self, touch: Touch, shown: frozenset[Key]) -> Planned:
        start = touch.line + 1
        if touch.origin == MEETING:
            start = max(start, _body_start(self.lines(touch.path)))
        title = strip_tags(touch.title, CONTROL_TAGS) or None
        return Planned(
            date=touch.date,
            weekday=WEEKDAYS[touch.date.weekday()],
            in_days=(touch.date - self.today).days,
            title=title,
            label=touch_label(title, touch.kind),
            kind=touch.kind,
            path=touch.path,
            line=touch.line,
            notes=self._notes(touch.path, start, touch.end_line, shown),
        )

    # --- one person -----------------------------------------------------

    def _items(self, contact: str) -> list[OwnedItem]:
        if contact not in self._owned:
            self._owned[contact] = self.index.items(contact)
        return self._owned[contact]

    def _person(self, contact: Contact, elsewhere: frozenset[Key]) -> Person:
        """`elsewhere`: lines shown once for the whole table, left out here."""
        contact = self.contact(contact.path) or contact  # with the details it shows
        today = self.today
        touches = [t for t in self.index.touches(contact.path) if t.date <= today]
        talks = _by_day(touches)
        items = [i for i in self._items(contact.path) if (i.path, i.line) not in elsewhere]
        start = _window_start(talks, items)
        recent = talks[: self.config.prep_recent]
        since = min(start, recent[-1][0].date) if start and recent else start
        lists = _item_lists(items, talks, start, since, today)
        shown = elsewhere | _keys(
            lists.since_last_time, lists.asks, lists.personal, lists.care, lists.owe, lists.waiting
        )
        last = standing(
            contact, (_last(touches), _last(touches, in_person=True)), self.config, today
        )
        return Person(
            name=contact.name,
            path=contact.path,
            headline=_headline(contact) or None,
            met=_met_line(contact) or None,
            how_you_know=how_you_know(
                contact,
                self.lines,
                self.shown_line,
                self.index.lines_linking(contact.path),
                min(
                    filter(None, (contact.met, touches[0].date if touches else None)), default=None
                ),
                today,
            ),
            facts=_facts(contact.details, contact.name),
            details=contact.details,
            about=_opening_text(
                self.view(contact.path)[0], {i.line for i in items if i.path == contact.path}
            ),
            since_last_time=lists.since_last_time,
            asks=lists.asks,
            personal=lists.personal,
            handle_with_care=lists.care,
            owe=lists.owe,
            waiting=lists.waiting,
            recent=tuple(self._conversation(day, shown, contact.path) for day in recent),
            shared_contacts=self._shared_contacts(contact, touches),
            birthday=_birthday(contact, today, self.horizon_end),
            last_touch=last.last_touch,
            last_in_person=last.last_in_person,
            days_since_touch=(today - last.last_touch).days if last.last_touch else None,
            days_since_in_person=(today - last.last_in_person).days
            if last.last_in_person
            else None,
            due=last.due,
            meet_due=last.meet_due,
            meet_every=str(last.meet_every),
            mentions=self._mentions(contact, _last(touches), {(i.path, i.line) for i in items}),
        )

    def _conversation(self, day: list[Touch], shown: frozenset[Key], contact: str) -> Conversation:
        first = day[0]
        notes: list[Line] = []
        above = 0
        shown_lines: dict[str, list[int]] = {}  # sorted, so a day of many touches stays linear
        for path, line in shown:
            shown_lines.setdefault(path, []).append(line)
        for lines in shown_lines.values():
            lines.sort()
        for touch in day:
            start = touch.line + 1
            if touch.origin == MEETING:
                start = max(start, _body_start(self.lines(touch.path)))
            found = self._notes(touch.path, start, touch.end_line, shown)
            if touch.origin == MEETING:  # what others at the table said is theirs
                reader, text = self._table_reader(touch.path), self.lines(touch.path)
                found = tuple(n for n in found if reader.belongs_to(text[n.line - 1], contact))
            notes += found
            here = shown_lines.get(touch.path, [])
            above += bisect.bisect_right(here, touch.end_line) - bisect.bisect_left(here, start)
        kind = next((t.kind for t in day if t.kind), None)
        title = strip_tags(first.title, CONTROL_TAGS) or None
        return Conversation(
            date=first.date,
            kind=kind,
            title=title,
            label=touch_label(title, kind),
            in_person=any(t.in_person for t in day),
            path=first.path,
            line=first.line,
            notes=tuple(notes),
            above=above,
        )

    def _table_reader(self, meeting: str) -> TableReader:
        """Whose lines are whose in a meeting note, read once per note."""
        if meeting not in self._readers:
            found = self.index.meetings({meeting})
            attendees = [self.everyone[p] for p in (found[0].attendees if found else ())]
            self._readers[meeting] = TableReader(self.everyone.values(), attendees)
        return self._readers[meeting]

    def _notes(self, path: str, start: int, end: int, shown: frozenset[Key]) -> tuple[Line, ...]:
        return as_sheet_lines(self.plain_lines(path, start, end), path, shown)

    def _shared_contacts(self, contact: Contact, touches: list[Touch]) -> tuple[PersonRef, ...]:
        """Whom their note links to, and who was at the meeting notes they
        were at (`touches`: theirs up to today)."""
        known = set(self.index.linked_contacts(contact.path))
        attended = {t.path for t in touches if t.origin == MEETING}
        for meeting in self.index.meetings(attended) if attended else ():
            known.update(meeting.attendees)
        known.discard(contact.path)
        names = self.index.contact_names(known)
        people = sorted(names.items(), key=lambda pair: (lookup_key(pair[1]), pair[0]))
        return tuple(PersonRef(name, path) for path, name in people)

    def _mentions(
        self, contact: Contact, last: date | None, items: set[Key]
    ) -> tuple[MentionLine, ...]:
        found = [
            MentionLine(m.date, m.text, m.path, m.line)
            for m in self.index.mentions(contact.path)
            if (m.path, m.line) not in items
            and (m.date is None or m.date <= self.today)
            and (last is None or (m.date is not None and m.date > last))
        ]
        found.sort(key=lambda m: (-(m.date.toordinal() if m.date else 0), m.path, m.line))
        return tuple(found)


def _both(query: str, one: str, path: str, other: str, other_path: str | None) -> NameLookupError:
    return NameLookupError(
        f"'{query}' is both {one} ({path}) and {other} ({other_path}); give the path",
        [path, other_path or ""],
    )


def _sheet_path(sheet: PrepSheet) -> str:
    return sheet.meeting.path if sheet.meeting else sheet.people[0].path if sheet.people else ""


def _touch_order(touch: Touch) -> tuple:
    return (touch.date, *precedence(touch), touch.contact)


def _by_day(touches: Iterable[Touch]) -> list[list[Touch]]:
    """One contact's happened touches as one conversation per day, newest
    first; within a day in `precedence` order, so the touch that speaks for
    the day (a meeting note's, else their own log entry's) leads it."""
    days: dict[date, list[Touch]] = {}
    for touch in sorted(touches, key=precedence):
        days.setdefault(touch.date, []).append(touch)
    return [days[d] for d in sorted(days, reverse=True)]


def _last(touches: list[Touch], in_person: bool = False) -> date | None:
    return max((t.date for t in touches if t.in_person or not in_person), default=None)


def _window_start(talks: list[list[Touch]], items: list[OwnedItem]) -> date | None:
    """How far back "since last time" reaches: from the newest conversation back
    to the last face-to-face one where something personal was shared. None:
    nothing like it yet, so every dated personal item."""
    shared_on = {i.date for i in items if i.type == PERSONAL and i.date and not i.in_section}
    for day in talks:
        if day[0].date in shared_on and any(t.in_person for t in day):
            return day[0].date
    return None


@dataclass(frozen=True, slots=True)
class _Lists:
    since_last_time: tuple[Question, ...]
    asks: tuple[Entry, ...]
    personal: tuple[Entry, ...]
    care: tuple[Entry, ...]
    owe: tuple[Entry, ...]
    waiting: tuple[Entry, ...]


def _item_lists(
    items: list[OwnedItem],
    talks: list[list[Touch]],
    start: date | None,
    since: date | None,
    today: date,
) -> _Lists:
    """`start`: how far back questions reach; `since`: how far back sensitive
    items do (at least as far as the conversations the sheet shows). A
    sensitive item written under a planned meeting is in `care` too: it is
    never shown as a plain line of that meeting's notes."""

    def dated_between(item: OwnedItem, first: date | None) -> bool:
        return (
            item.date is not None and item.date <= today and (first is None or item.date >= first)
        )

    def background(item: OwnedItem) -> bool:
        return item.in_section or item.date is None

    def planned(item: OwnedItem) -> bool:
        return item.date is not None and item.date > today

    personal = [i for i in items if i.type == PERSONAL]
    asks = [i for i in items if i.type == ASK and _ask_open(i, talks)]
    questions = [
        i for i in personal if not i.sensitive and not background(i) and dated_between(i, start)
    ]
    open_asks = {(i.path, i.line) for i in asks}
    care = [  # #sensitive, wherever the sheet could show it: never a plain line or a question
        i
        for i in items
        if i.sensitive
        and (
            (i.path, i.line) in open_asks
            or background(i)
            or planned(i)
            or dated_between(i, since)
            or _open_task(i)
        )
    ]
    return _Lists(
        since_last_time=tuple(_question(i) for i in _newest_first(questions)),
        asks=tuple(_entry(i, today) for i in _newest_first(i for i in asks if not i.sensitive)),
        personal=tuple(_entry(i, today) for i in personal if not i.sensitive and background(i)),
        care=tuple(_entry(i, today) for i in _newest_first(care)),
        owe=_promises(items, today, waiting=False),
        waiting=_promises(items, today, waiting=True),
    )


def _ask_open(item: OwnedItem, talks: list[list[Touch]]) -> bool:
    """An ask stays open until a conversation later than its own date (as a
    task: until it is checked)."""
    if item.is_task:
        return not item.done
    return item.date is None or not any(day[0].date > item.date for day in talks)


def _promises(items: Iterable[OwnedItem], today: date, waiting: bool) -> tuple[Entry, ...]:
    """Open follow-ups, the most recent (by due date, else by when they were
    noted) first: a long history's forgotten ones go to the end."""
    open_tasks = [
        i
        for i in items
        if _open_task(i) and i.waiting == waiting and privacy.shareable(i.sensitive)
    ]
    open_tasks.sort(key=lambda i: (-_ordinal(i.due or i.date), i.path, i.line))
    return tuple(_entry(i, today) for i in open_tasks)


def _open_task(item: OwnedItem) -> bool:
    return item.type == TASK and item.is_task and not item.done


def _newest_first(items: Iterable[OwnedItem]) -> list[OwnedItem]:
    return sorted(items, key=lambda i: (-_ordinal(i.date), i.path, i.line))


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day else 0


def _entry(item: OwnedItem, today: date) -> Entry:
    return Entry(
        item.text, item.date, item.path, item.line, item.due, bool(item.due and item.due < today)
    )


def _keys(*lists: Iterable[Entry | Question]) -> frozenset[Key]:
    return frozenset((e.path, e.line) for entries in lists for e in entries)


def _shown(person: Person) -> frozenset[Key]:
    """The lines a person's lists already show, so notes do not repeat them."""
    return _keys(
        person.since_last_time,
        person.asks,
        person.personal,
        person.handle_with_care,
        person.owe,
        person.waiting,
    )


# --- phrasing ----------------------------------------------------------------


def _question(item: OwnedItem) -> Question:
    assert item.date is not None
    return Question(item.text, question_for(item.text, item.date), item.date, item.path, item.line)


def question_for(text: str, when: date) -> str:
    """`On 2026-10-02: Mia started college at Tufts and loves it — ask for an
    update.` The line stays in the words it was written in: rewriting notes
    into reported speech guesses at grammar and gender, and guesses wrong."""
    return f"On {when.isoformat()}: {text.rstrip(' .;,:')} — ask for an update."


# --- who they are ------------------------------------------------------------

# What the headline and the "met" line show, by the key the parser reads it
# from (properties.py: `organization` is `company`); a role may also be
# written as `title`, as the parser reads it (properties.role_key).
_HEADLINE_KEYS = ("role", "company", "ladder", "met", "how_met")


def _written(details: dict[str, object], what: str, name: str) -> tuple[str | None, str]:
    """The frontmatter key holding `what` (role, company …) and its value as written."""
    key = role_key(details, name) if what == "role" else written_key(details, what)
    shown = shown_value(details[key]) if key is not None else ""
    return (key, shown) if shown else (None, "")


def shown_value(value: object) -> str:
    """A frontmatter value as written: lists joined with ", ", nothing for empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(filter(None, (shown_value(v) for v in value)))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown_value(v)}" for k, v in value.items())
    return str(value).strip()


def _headline(contact: Contact) -> str:
    _, role = _written(contact.details, "role", contact.name)
    _, company = _written(contact.details, "company", contact.name)
    job = f"{role} at {company}" if role and company else role or company
    ladder = f"ladder: {contact.ladder}" if contact.ladder else ""
    return " · ".join(filter(None, (job, ladder)))


def _met_line(contact: Contact) -> str:
    _, written = _written(contact.details, "met", contact.name)
    _, how = _written(contact.details, "how_met", contact.name)
    met = contact.met.isoformat() if contact.met else written and f"{written} (not a valid date)"
    if met and how:
        return f"Met {met} · {how}"
    return f"Met {met}" if met else f"How you met: {how}" if how else ""


def _facts(details: dict[str, object], name: str) -> tuple[Detail, ...]:
    used = {_written(details, what, name)[0] for what in _HEADLINE_KEYS}
    facts = []
    for key, value in details.items():
        shown = shown_value(value)
        own_name = normal_key(key) in ("name", "title") and shown.casefold() == name.casefold()
        if key not in used and normal_key(key) != "name" and not own_name and shown:
            facts.append(Detail(key, shown))
    return tuple(facts)


def _opening_text(opening: tuple[tuple[int, str], ...], items: set[int]) -> tuple[str, ...]:
    """The note's opening text (as the parser found it), its items aside: the
    lists of the sheet show those."""
    return tuple(text for line, text in opening if line not in items)


def _birthday(contact: Contact, today: date, end: date) -> BirthdayNote | None:
    birthday = birthday_of(contact)
    if birthday is None or not contact.birthday:
        return None
    next_one = birthday.next_on_or_after(today)
    if next_one > end:
        return None
    return BirthdayNote(
        next_one, contact.birthday, (next_one - today).days, birthday.age_on(next_one)
    )


# --- note lines --------------------------------------------------------------


def _body_start(lines: list[str]) -> int:
    """The 1-based line after the frontmatter (1 when there is none)."""
    return yamlfm.body_start(lines) + 1


def as_sheet_lines(
    lines: list[tuple[int, str]], path: str, shown: frozenset[Key]
) -> tuple[Line, ...]:
    """Shown lines (notes.shown_lines) as notes: checkboxes as ✓ and ☐, a
    sub-heading in bold with what follows nested under it; a `# Title`, rules,
    lines in `shown` and an import's `event_uid::` left out."""
    found: list[Line] = []
    base = 0  # 1 under a sub-heading
    for number, raw in lines:
        stripped = raw.strip()
        heading = HEADING.match(stripped)
        if heading:
            if len(heading.group(1)) > 1 and heading.group(2).strip():
                found.append(Line(f"**{heading.group(2).strip()}**", 0, path, number))
                base = 1
            continue
        if (path, number) in shown or stripped.startswith("---") or _is_event_uid(raw):
            continue
        text = _note_text(raw)
        if text:
            indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
            depth = base + (min(indent // 2, 3) if LIST_ITEM.match(raw) else 0)
            depth = min(depth, found[-1].depth + 1 if found else base)  # no orphaned nesting
            found.append(Line(text, depth, path, number))
    return tuple(found)


def _is_event_uid(raw: str) -> bool:
    """`- event_uid:: …` under an imported meeting: for netnotes, not for reading."""
    field = calendar_line(raw)
    return field is not None and field[0] == EVENT_UID_FIELD


def _note_text(raw: str) -> str:
    task = parse_task(raw)
    if task is not None:
        return f"{'✓' if task.done else '☐'} {strip_tags(task.text, CONTROL_TAGS)}"
    item = LIST_ITEM.match(raw)
    return strip_tags(item.group(1) if item else raw.strip(), CONTROL_TAGS)

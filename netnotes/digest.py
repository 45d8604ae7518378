"""The digest: what to do about your network today, as a typed context.

`build_digest(index, config, today)` reads the index's whole-vault queries once
and applies DESIGN.md §4: who is coming up, who is overdue, what you owe and
are owed, what to ask about, whose birthday is near, whom you have yet to
meet, how the ladder is balanced, and what needs fixing. It prints nothing and
reads no clock. `templates/digest.md.j2` renders the `Digest`; `digest_json`
is the `--format json` contract.

Rules the sections share: archived contacts appear nowhere; a `Scope` (tag,
ladder rung, group) narrows every section to the contacts it admits; every
list is sorted, ties broken by name (case and accents aside), then path.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from . import privacy
from .config import Config
from .dates import Cadence
from .groups import Groups, Occurrence, never_alone
from .models import ERROR, MEETING, PERSONAL, Contact, OwnedItem, Problem, Touch
from .naming import lookup_key, wikilink
from .people import Standing, birthday_of, once_per_contact_per_day, standing, touch_label
from .quicktouch import (
    SHARED_LOOKBACK_DAYS,
    QuickTouch,
    quick_touch_rows,
    quick_touches_json,
)
from .sheetnames import SheetNames
from .worklist import (
    Candidate,
    MeetRow,
    Pick,
    choose_picks,
    is_long_lost,
    last_text,
    meet_json,
    meet_rows,
    picks_json,
    reason,
)
from .writeup import WINDOW_DAYS as WRITE_UP_DAYS
from .writeup import WriteUp, write_up_json, write_up_rows

if TYPE_CHECKING:
    from .index import Index

RUNGS = ("above", "peer", "below", "unplaced")
RUNG_LABELS = {"above": "Above you", "peer": "Peers", "below": "Below you", "unplaced": "Unplaced"}
TODAY_LATE = 3  # the most late follow-ups Today lists
RECENT_DAYS = 90  # the ladder counts touches, and personal items are recent, over this many days
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

T = TypeVar("T")


# --- the context -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    """Which part of the network a digest covers; empty means all of it."""

    tag: str | None = (
        None  # a tag, or a parent of nested tags (`fintech` admits `fintech/payments`)
    )
    ladder: str | None = None  # above, peer, below or unplaced
    group: str | None = None  # a group's name (groups.Groups.find)
    members: frozenset[str] | None = None  # the group's members, once it is found

    @property
    def narrowed(self) -> bool:
        return bool(self.tag or self.ladder or self.group)

    def admits(self, contact: Contact) -> bool:
        if self.tag:
            wanted = self.tag.lstrip("#").lower()
            if not any(t == wanted or t.startswith(wanted + "/") for t in contact.tags):
                return False
        if self.ladder and (contact.ladder or "unplaced") != self.ladder:
            return False
        if self.group and self.members is not None:
            return contact.path in self.members
        return not self.group or lookup_key(self.group) in {lookup_key(g) for g in contact.groups}

    def describe(self) -> str:
        """`tagged #fintech · above you · in Downtown Business Network`, or ''."""
        parts = []
        if self.tag:
            parts.append(f"tagged #{self.tag.lstrip('#').lower()}")
        if self.ladder:
            parts.append(RUNG_LABELS[self.ladder].lower() if self.ladder != "peer" else "peers")
        if self.group:
            parts.append(f"in {self.group}")
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    path: str  # the contact's note
    link: str  # `[[Jane Doe]]`, clickable in Obsidian


@dataclass(frozen=True, slots=True)
class Section(Generic[T]):
    """A section's rows, all of them; a template shows `shown` and says `more`."""

    rows: tuple[T, ...]
    max_rows: int  # 0: no limit

    @property
    def shown(self) -> tuple[T, ...]:
        return self.rows[: self.max_rows] if self.max_rows else self.rows

    @property
    def more(self) -> int:
        return len(self.rows) - len(self.shown)

    @property
    def total(self) -> int:
        return len(self.rows)


@dataclass(frozen=True, slots=True)
class Planned:
    """A planned interaction: one meeting note with its attendees, or one
    contact's future-dated log entry (or daily-note line)."""

    date: date
    weekday: str  # Mon … Sun
    in_days: int  # 0 is today
    title: str | None  # None: an entry written as a bare date
    label: str  # the title, else the kind ("Call"), else "Conversation"
    kind: str | None
    people: tuple[Person, ...]
    path: str  # the note it is written in
    line: int
    note_link: str | None  # a meeting note's link, shown as its title; None otherwise
    prep: str  # the prep sheet's path, relative to the vault
    prep_link: str
    scheduled: bool = False  # a group's scheduled meeting with no note: no one is "planned"


@dataclass(frozen=True, slots=True)
class Overdue:
    person: Person
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


@dataclass(frozen=True, slots=True)
class Task:
    """An open follow-up. From a group meeting it can belong to several people."""

    people: tuple[Person, ...]
    path: str  # the note it is written in
    line: int
    text: str
    due: date | None
    overdue: bool
    days_overdue: int
    overdue_for: str  # '' unless overdue
    note_link: str | None  # the note it is in, unless that is its person's own note
    private: bool = False  # #sensitive: `text` says whose, never what (privacy.py)


@dataclass(frozen=True, slots=True)
class Shared:
    """A personal item to ask about. `date` is None for the `## Personal`
    section of someone coming up."""

    people: tuple[Person, ...]
    path: str
    line: int
    text: str
    date: date | None
    note_link: str | None


@dataclass(frozen=True, slots=True)
class BirthdayRow:
    person: Person
    date: date  # this year's occurrence (Feb 29 falls on Feb 28 in other years)
    weekday: str
    in_days: int
    age: int | None  # the age they turn; None when the year is unknown


@dataclass(frozen=True, slots=True)
class Unmet:
    person: Person
    ladder: str | None
    company: str | None
    role: str | None
    how_met: str | None
    last_touch: date | None  # emailed, called … but never face to face
    planned: date | None


@dataclass(frozen=True, slots=True)
class GroupRow:
    """A networking group: when it meets next, who is in it, how often you
    went lately, and whom in it you have never met one on one."""

    name: str
    path: str | None  # the group note; None for a name used only in `groups:`
    link: str  # `[[Downtown Business Network]]`, or the name when there is no note
    next: date | None  # its next meeting from today on: a meeting note or a scheduled day
    next_scheduled: bool  # that day comes from `meets:`, with no note yet
    members: tuple[Person, ...]
    attended_90d: int  # its meeting notes in the last 90 days, today included
    one_on_one_never: tuple[Person, ...]


@dataclass(frozen=True, slots=True)
class Rung:
    rung: str  # above, peer, below or unplaced
    label: str
    contacts: int  # active contacts
    touches_90d: int  # days with a touch, per contact, over the last 90 days
    in_person_90d: int
    warning: str | None


@dataclass(frozen=True, slots=True)
class Attention:
    path: str
    line: int | None
    severity: str  # error or warning
    problem: str
    detail: str | None
    link: str


@dataclass(frozen=True, slots=True)
class Today:
    """The digest's top: what to do today."""

    meetings: tuple[Planned, ...]  # today and tomorrow
    birthdays: tuple[BirthdayRow, ...]  # today
    follow_ups: tuple[Task, ...]  # the most late ones you owe, at most TODAY_LATE
    picks: tuple[Pick, ...]

    @property
    def empty(self) -> bool:
        return not (self.meetings or self.birthdays or self.follow_ups or self.picks)


@dataclass(frozen=True, slots=True)
class Digest:
    """What `templates/digest.md.j2` receives; each field is a variable."""

    date: date
    weekday: str
    horizon_days: int
    scope: Scope
    scope_text: str  # '' for the whole network
    output_dir: str
    today: Today
    picks: tuple[Pick, ...]  # this week's picks
    write_up: Section[WriteUp]
    quick_touches: Section[QuickTouch]
    coming_up: Section[Planned]
    overdue: Section[Overdue]  # the recently lapsed first, then the long lost
    lapsed: Section[Overdue]  # overdue without the long lost, for the markdown
    long_lost: tuple[Overdue, ...]  # folded into one line in the markdown
    meet_in_person: Section[MeetRow]
    follow_ups: Section[Task]
    follow_ups_late: int  # how many follow-ups are overdue
    waiting: Section[Task]
    personal: Section[Shared]
    birthdays: Section[BirthdayRow]
    still_to_meet: Section[Unmet]
    groups: Section[GroupRow]
    address_book: int  # contacts with no rung, cadence, touch or plan: not in still_to_meet
    ladder: tuple[Rung, ...]  # above, peer, below, unplaced
    attention: Section[Attention]
    attention_errors: int


# --- building it -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Network:
    """The contacts a digest covers, as of today, with what the index knows."""

    today: date
    horizon_end: date
    contacts: dict[str, Contact]  # in the index's order: by name, case and accents aside, then path
    rank: dict[str, int]  # each contact's place in that order, to sort by
    standings: dict[str, Standing]
    ahead: list[Touch]  # planned interactions, after today up to the horizon's end
    narrowed: bool
    people: dict[str, Person] = field(default_factory=dict)  # made as needed

    def person(self, path: str) -> Person:
        found = self.people.get(path)
        if found is None:
            name = self.contacts[path].name
            found = self.people[path] = Person(name, path, wikilink(path, name))
        return found


def build_digest(
    index: Index, config: Config, today: date, scope: Scope = Scope(), horizon: int | None = None
) -> Digest:
    """The digest as of `today`, for the contacts `scope` admits."""
    horizon_days = config.digest_horizon_days if horizon is None else horizon
    everyone = index.contacts(details=False)
    groups = Groups(index, today, everyone)
    if scope.group and scope.members is None:
        scope = replace(scope, members=frozenset(groups.members(groups.find(scope.group))))
    net = _network(index, config, today, scope, horizon_days, everyone)
    items = [i for i in index.open_items(personal_up_to=today) if i.contact in net.contacts]
    tasks = [i for i in items if i.is_task]
    sheets = SheetNames(index, config.output_dir, groups)
    noted = coming_up_rows(net, sheets)
    coming_up = with_scheduled(net, noted, groups, sheets)
    follow_ups = tuple(task_rows(net, [i for i in tasks if not i.waiting]))
    planned = first_planned(net.ahead)
    rows = config.digest_max_rows
    address_book = {p for p, s in net.standings.items() if in_address_book(s, planned)}
    attention = attention_rows(index.problems(), set(net.contacts) if scope.narrowed else None)
    overdue = overdue_rows(net, planned)
    birthdays = birthday_rows(net)
    days = index.touch_days(today - timedelta(RECENT_DAYS - 1), today)
    ladder = ladder_rows(net, days, address_book)
    work = work_through(index, net, items, overdue, ladder, config.digest_picks)
    meetings = today_meetings(index, net, coming_up, sheets)
    return Digest(
        date=today,
        weekday=_WEEKDAYS[today.weekday()],
        horizon_days=horizon_days,
        scope=scope,
        scope_text=scope.describe(),
        output_dir=config.output_dir,
        today=Today(
            meetings=tuple(meetings),
            birthdays=tuple(r for r in birthdays if r.in_days == 0),
            follow_ups=tuple(t for t in follow_ups if t.overdue)[:TODAY_LATE],
            picks=work.picks,
        ),
        picks=work.picks,
        write_up=Section(work.write_up, rows),
        quick_touches=Section(work.quick_touches, rows),
        coming_up=Section(tuple(coming_up), rows),
        overdue=Section(tuple(overdue), rows),
        lapsed=Section(tuple(r for r in overdue if not r.long_lost), rows),
        long_lost=tuple(r for r in overdue if r.long_lost),
        meet_in_person=Section(work.meet_in_person, rows),
        follow_ups=Section(follow_ups, rows),
        follow_ups_late=sum(1 for task in follow_ups if task.overdue),
        waiting=Section(tuple(task_rows(net, [i for i in tasks if i.waiting])), rows),
        personal=Section(tuple(personal_rows(net, items, noted)), rows),
        birthdays=Section(tuple(birthdays), rows),
        still_to_meet=Section(tuple(unmet_rows(net, planned)), rows),
        groups=Section(tuple(group_rows(net, groups, index)), rows),
        address_book=len(address_book),
        ladder=ladder,
        attention=Section(tuple(attention), rows),
        attention_errors=sum(a.severity == ERROR for a in attention),
    )


def _network(
    index: Index,
    config: Config,
    today: date,
    scope: Scope,
    horizon_days: int,
    everyone: list[Contact] | None = None,
) -> _Network:
    contacts = {
        c.path: c
        for c in (index.contacts(details=False) if everyone is None else everyone)
        if c.status != "archived" and scope.admits(c)
    }
    last = index.last_touches(today)
    standings = {
        path: standing(c, last.get(path, (None, None)), config, today)
        for path, c in contacts.items()
    }
    end = today + timedelta(days=horizon_days)
    ahead = [
        t
        for t in index.touches_between(today + timedelta(days=1), end, plans=True)
        if t.contact in contacts
    ]
    rank = {path: n for n, path in enumerate(contacts)}
    return _Network(today, end, contacts, rank, standings, ahead, scope.narrowed)


def first_planned(ahead: Iterable[Touch]) -> dict[str, date]:
    """Each contact's first planned interaction within the horizon."""
    first: dict[str, date] = {}
    for touch in ahead:
        if touch.contact not in first or touch.date < first[touch.contact]:
            first[touch.contact] = touch.date
    return first


def coming_up_rows(
    net: _Network, sheets: SheetNames, touches: Iterable[Touch] | None = None
) -> list[Planned]:
    """One row per meeting note with all its attendees, and one per contact for
    an entry in their log or a daily note — unless a meeting note with them
    that day is the same interaction (`once_per_contact_per_day`). `touches`:
    the planned ones (`net.ahead`) unless given."""
    events: dict[tuple[str, int, str], list[Touch]] = defaultdict(list)
    for touch in once_per_contact_per_day(net.ahead if touches is None else touches):
        events[(touch.path, touch.line, "" if touch.origin == MEETING else touch.contact)].append(
            touch
        )
    rows = [_planned(net, touches, sheets) for touches in events.values()]
    return sorted(rows, key=lambda r: (r.date, net.rank[r.people[0].path], r.path, r.line))


def _planned(net: _Network, touches: list[Touch], sheets: SheetNames) -> Planned:
    touch = touches[0]
    people = _people(net, (t.contact for t in touches))
    meeting = touch.origin == MEETING
    label = touch_label(touch.title, touch.kind)
    prep = (
        sheets.path(touch.date, touch.title, touch.path)
        if meeting
        else sheets.path(touch.date, people[0].name, people[0].path)
    )
    return Planned(
        date=touch.date,
        weekday=_WEEKDAYS[touch.date.weekday()],
        in_days=(touch.date - net.today).days,
        title=touch.title or None,
        label=label,
        kind=touch.kind,
        people=people,
        path=touch.path,
        line=touch.line,
        note_link=wikilink(touch.path, label) if meeting else None,
        prep=prep,
        prep_link=f"[[{prep.removesuffix('.md')}|prep sheet]]",
    )


def with_scheduled(
    net: _Network, rows: list[Planned], groups: Groups, sheets: SheetNames
) -> list[Planned]:
    """Coming up, with each group's scheduled meetings that have no note yet.
    They are only inferred: no one is "planned" by them and they are no
    touch, so they join the rows here and nowhere else."""
    scheduled = []
    for occurrence in groups.occurrences(net.today + timedelta(days=1), net.horizon_end):
        people = _people(net, (p for p in occurrence.members if p in net.contacts))
        if people or not net.narrowed:
            scheduled.append(_scheduled(net, occurrence, people, sheets))
    last = len(net.rank)
    return sorted(
        rows + scheduled,
        key=lambda r: (r.date, net.rank[r.people[0].path] if r.people else last, r.path, r.line),
    )


def _scheduled(
    net: _Network, occurrence: Occurrence, people: tuple[Person, ...], sheets: SheetNames
) -> Planned:
    group = occurrence.group
    prep = sheets.path(occurrence.date, group.name, group.path or "")
    return Planned(
        date=occurrence.date,
        weekday=_WEEKDAYS[occurrence.date.weekday()],
        in_days=(occurrence.date - net.today).days,
        title=group.name,
        label=group.name,
        kind=group.kind,
        people=people,
        path=group.path or "",
        line=1,
        note_link=wikilink(group.path, group.name) if group.path else None,
        prep=prep,
        prep_link=f"[[{prep.removesuffix('.md')}|prep sheet]]",
        scheduled=True,
    )


def group_rows(net: _Network, groups: Groups, index: Index) -> list[GroupRow]:
    """Each group with a member the digest covers (every group, for the
    whole network), by name."""
    rows = []
    members_of = {id(g): [p for p in groups.members(g) if p in net.contacts] for g in groups.groups}
    lonely = never_alone(index, {p for paths in members_of.values() for p in paths}, net.today)
    for group in groups.groups:
        members = members_of[id(group)]
        if net.narrowed and not members:
            continue
        people = _people_in_order(net, members)
        never = [p for p in people if p.path in lonely]
        next_day = group.next_meeting(net.today)
        rows.append(
            GroupRow(
                name=group.name,
                path=group.path,
                link=wikilink(group.path, group.name) if group.path else group.name,
                next=next_day,
                next_scheduled=next_day is not None and not group.noted_on(next_day),
                members=people,
                attended_90d=groups.attended(group, RECENT_DAYS),
                one_on_one_never=tuple(never),
            )
        )
    return rows


def overdue_rows(net: _Network, planned: dict[str, date]) -> list[Overdue]:
    """Contacts past their due date: the recently lapsed first, most overdue
    first among them; then the long lost, most overdue first."""
    rows = []
    for path, s in net.standings.items():
        if s.due is None or s.due >= net.today or s.last_touch is None:
            continue
        late = s.days_overdue(net.today)
        rows.append(
            Overdue(
                person=net.person(path),
                ladder=s.contact.ladder,
                due=s.due,
                days_overdue=late,
                overdue_for=span_text(late),
                last_touch=s.last_touch,
                last_in_person=s.last_in_person,
                cadence=str(s.cadence),
                cadence_days=s.cadence.nominal_days or 0,
                cadence_text=cadence_text(s.cadence),
                planned=planned.get(path),
                long_lost=is_long_lost(late, s.cadence.nominal_days or 0),
            )
        )
    return sorted(rows, key=lambda r: (r.long_lost, -r.days_overdue, net.rank[r.person.path]))


def span_text(days: int) -> str:
    """`1 day`, `138 days`; past a year, `over 2 years`."""
    if days < 365:
        return f"{days} day" if days == 1 else f"{days} days"
    years = days // 365
    return "over a year" if years == 1 else f"over {years} years"


def cadence_text(cadence: Cadence) -> str:
    """`every 60 days`, `every month`, `every 3 months`."""
    unit = {"d": "day", "w": "week", "m": "month", "y": "year"}[cadence.unit]
    return f"every {unit}" if cadence.amount == 1 else f"every {cadence.amount} {unit}s"


def task_rows(net: _Network, items: list[OwnedItem]) -> list[Task]:
    """Open tasks, one row per line even when it belongs to several people;
    those with a due date first, soonest (so most overdue) first."""
    rows = []
    for line_items in _by_line(items):
        item = line_items[0]
        people = _people(net, (i.contact for i in line_items))
        late = (net.today - item.due).days if item.due and item.due < net.today else 0
        shareable = privacy.shareable(item.sensitive)
        rows.append(
            Task(
                people=people,
                path=item.path,
                line=item.line,
                text=item.text
                if shareable
                else privacy.private_follow_up(", ".join(p.link for p in people)),
                due=item.due,
                overdue=late > 0,
                days_overdue=late,
                overdue_for=span_text(late) if late else "",
                note_link=_elsewhere(item.path, people),
                private=not shareable,
            )
        )
    return sorted(
        rows,
        key=lambda r: (
            r.due is None,
            r.due or net.today,
            net.rank[r.people[0].path],
            r.path,
            r.line,
        ),
    )


def personal_rows(net: _Network, items: list[OwnedItem], coming_up: list[Planned]) -> list[Shared]:
    """Per contact, the personal items shared on the latest day they shared any
    (today or before) when that day lies within the last RECENT_DAYS, and the
    `## Personal` section of everyone coming up; newest first. `items` come
    from `Index.open_items(personal_up_to=today)`, which keeps of each
    contact's dated personal items only those of that latest day. `#sensitive`
    items are left out (prep sheets handle them); so are paused contacts,
    unless they are coming up."""
    soon = {p.path for row in coming_up for p in row.people}
    since = net.today - timedelta(days=RECENT_DAYS - 1)
    chosen = [
        i
        for i in items
        if i.type == PERSONAL
        and privacy.shareable(i.sensitive)
        and (net.contacts[i.contact].status == "active" or i.contact in soon)
        and (since <= i.date <= net.today if i.date is not None else i.contact in soon)
    ]
    rows = []
    for line_items in _by_line(chosen):
        item = line_items[0]
        people = _people(net, (i.contact for i in line_items))
        rows.append(
            Shared(
                people, item.path, item.line, item.text, item.date, _elsewhere(item.path, people)
            )
        )
    return sorted(
        rows,
        key=lambda r: (
            r.date is None,
            -(r.date or net.today).toordinal(),
            net.rank[r.people[0].path],
            r.path,
            r.line,
        ),
    )


def birthday_rows(net: _Network) -> list[BirthdayRow]:
    rows = []
    for path, contact in net.contacts.items():
        birthday = birthday_of(contact)
        if birthday is None:
            continue
        when = birthday.next_on_or_after(net.today)
        if when <= net.horizon_end:
            rows.append(
                BirthdayRow(
                    net.person(path),
                    when,
                    _WEEKDAYS[when.weekday()],
                    (when - net.today).days,
                    birthday.age_on(when),
                )
            )
    return sorted(rows, key=lambda r: (r.date, net.rank[r.person.path]))


def in_address_book(s: Standing, planned: dict[str, date]) -> bool:
    """DESIGN §4: an active contact with no rung, no cadence of their own
    (`cadence:` or `meet_every:`), no touch and nothing planned (typically one of hundreds imported) is only in
    the address book: counted, never listed as still to meet."""
    c = s.contact
    return (
        c.status == "active"
        and not c.ladder
        and not c.cadence
        and not c.meet_every
        and s.last_touch is None
        and c.path not in planned
    )


def unmet_rows(net: _Network, planned: dict[str, date]) -> list[Unmet]:
    """Active contacts never met face to face, address book aside: those with
    a meeting planned first, then those you are in touch with (latest first),
    then by name."""
    rows = []
    for path, s in net.standings.items():
        c = s.contact
        if c.status == "active" and s.never_met and not in_address_book(s, planned):
            rows.append(
                Unmet(
                    net.person(path),
                    c.ladder,
                    c.company,
                    c.role,
                    c.how_met,
                    s.last_touch,
                    planned.get(path),
                )
            )

    def order(r: Unmet) -> tuple[int, int, int]:
        if r.planned:
            return (0, r.planned.toordinal(), net.rank[r.person.path])
        if r.last_touch:
            return (1, -r.last_touch.toordinal(), net.rank[r.person.path])
        return (2, 0, net.rank[r.person.path])

    return sorted(rows, key=order)


def ladder_rows(
    net: _Network, days: dict[str, dict[date, bool]], address_book: set[str] | None = None
) -> tuple[Rung, ...]:
    """Active contacts per rung and their touches over the last 90 days (once
    per contact per day; a `met:` date in the window counts as face to face).
    The address book is not on the list, so not among the unplaced either."""
    start = net.today - timedelta(days=RECENT_DAYS - 1)
    counts = {rung: [0, 0, 0] for rung in RUNGS}
    for path, contact in net.contacts.items():
        if contact.status != "active" or (address_book and path in address_book):
            continue
        touched = dict(days.get(path, {}))
        if contact.met and start <= contact.met <= net.today:
            touched[contact.met] = True
        count = counts[contact.ladder or "unplaced"]
        count[0] += 1
        count[1] += len(touched)
        count[2] += sum(touched.values())
    rungs = []
    for rung in RUNGS:
        contacts, touches, in_person = counts[rung]
        warning = _rung_warning(rung, contacts, touches, in_person, net.narrowed)
        rungs.append(Rung(rung, RUNG_LABELS[rung], contacts, touches, in_person, warning))
    return tuple(rungs)


_WHO = {
    "above": "anyone above you",
    "peer": "any peer",
    "below": "anyone below you",
    "unplaced": "anyone unplaced",
}
_NOBODY = {
    "above": "Nobody above you on your list.",
    "peer": "No peers on your list.",
    "below": "Nobody below you on your list.",
}


def _rung_warning(
    rung: str, contacts: int, touches: int, in_person: int, narrowed: bool
) -> str | None:
    """A plain warning when a rung has gone quiet, or (for the whole network) is empty."""
    who = _WHO[rung]
    if contacts == 0:
        return None if narrowed else _NOBODY.get(rung)
    if touches == 0:
        return f"Gone quiet: no touch with {who} in {RECENT_DAYS} days."
    if in_person == 0:
        return f"No face-to-face time with {who} in {RECENT_DAYS} days."
    return None


def attention_rows(problems: list[Problem], only: set[str] | None) -> list[Attention]:
    """What `netnotes check` reports (errors first), or for a narrowed digest
    what it reports about the admitted contacts' own notes. `problems` in
    Index.problems()'s order."""
    rows = [
        Attention(p.path, p.line, p.severity, p.problem, p.detail, _note_link(p.path))
        for p in problems
        if only is None or p.path in only
    ]
    # problems come sorted by path, line, severity, problem: taking the errors
    # out first keeps that order within each kind, as sorting again would.
    errors = [a for a in rows if a.severity == ERROR]
    return errors + [a for a in rows if a.severity != ERROR] if errors else rows


# --- working through the list (worklist.py, writeup.py, quicktouch.py) -------


@dataclass(frozen=True, slots=True)
class _Work:
    meet_in_person: tuple[MeetRow, ...]
    picks: tuple[Pick, ...]
    write_up: tuple[WriteUp, ...]
    quick_touches: tuple[QuickTouch, ...]


def work_through(
    index: Index,
    net: _Network,
    items: list[OwnedItem],
    overdue: list[Overdue],
    ladder: tuple[Rung, ...],
    picks: int,
) -> _Work:
    """The second clock, quick touches, to write up and this week's picks."""
    today = net.today
    in_person_ahead = {t.contact for t in net.ahead if t.in_person}
    meet = meet_rows(net.standings, today, in_person_ahead, net.person)
    quick = quick_touch_rows(
        _shared_lately(index, net),
        {path: s.last_touch for path, s in net.standings.items()},
        today,
        net.person,
        lambda path, who: _elsewhere(path, (who,)),
    )
    candidates = _candidates(net, overdue, meet, _news(net, items, quick))
    chosen = _picks(index, net, candidates, ladder, picks)
    return _Work(tuple(meet), chosen, tuple(_write_up(index, net)), tuple(quick))


def _shared_lately(index: Index, net: _Network) -> list[OwnedItem]:
    """Active contacts' personal items shared recently enough to name a date
    that has just passed, in the index's order."""
    start = net.today - timedelta(days=SHARED_LOOKBACK_DAYS)
    found = [
        i
        for i in index.personal_items_between(start, net.today)
        if i.contact in net.contacts and net.contacts[i.contact].status == "active"
    ]
    return sorted(found, key=lambda i: (net.rank[i.contact], i.path, i.line))


def _candidates(
    net: _Network, overdue: list[Overdue], meet: list[MeetRow], news: dict[str, str]
) -> list[Candidate]:
    """Everyone due on either clock, with nothing planned within the horizon."""
    planned = {t.contact for t in net.ahead}
    candidates: dict[str, Candidate] = {}
    rows: list[Overdue | MeetRow] = [*overdue, *meet]
    for row in rows:
        path = row.person.path
        if path not in planned and path not in candidates:
            candidates[path] = Candidate(
                path=path,
                ladder=row.ladder,
                long_lost=row.long_lost,
                days_overdue=row.days_overdue,
                in_person=isinstance(row, MeetRow),
                news=news.get(path),
                rank=net.rank[path],
            )
    return list(candidates.values())


def _picks(
    index: Index, net: _Network, candidates: list[Candidate], ladder: tuple[Rung, ...], count: int
) -> tuple[Pick, ...]:
    chosen = choose_picks(candidates, {r.rung: r.touches_90d for r in ladder}, count)
    touches = index.touches_of({c.path for c in chosen}, net.today) if chosen else []
    return tuple(
        Pick(net.person(c.path), c.ladder, reason(c, _last_words(net, c, touches))) for c in chosen
    )


def _news(net: _Network, items: list[OwnedItem], quick: list[QuickTouch]) -> dict[str, str]:
    """Per contact, something to follow up in their own words: a quick touch,
    else a personal item shared at the last conversation. Never #sensitive."""
    news: dict[str, str] = {}
    for q in quick:
        news.setdefault(q.person.path, f"shared {q.shared.isoformat()}: {q.text}")
    for i in items:
        last = net.standings[i.contact].last_touch
        words = i.text  # comments are out already: the parser's work
        if (
            i.type == PERSONAL
            and not i.sensitive
            and i.date is not None
            and i.date == last
            and words
        ):
            news.setdefault(i.contact, f"shared {i.date.isoformat()}: {words}")
    return news


def _last_words(net: _Network, c: Candidate, touches: list[Touch]) -> str:
    """`last lunch 75 days ago`: the last touch (or face to face, for the
    second clock) by its kind."""
    s = net.standings[c.path]
    day = s.last_in_person if c.in_person else s.last_touch
    if day is None:
        return ""
    that_day = [
        t
        for t in touches
        if t.contact == c.path and t.date == day and (t.in_person or not c.in_person)
    ]
    kinds = [t.kind for t in once_per_contact_per_day(that_day) if t.kind]
    what = kinds[0] if kinds else "face to face" if c.in_person or not that_day else "touch"
    return last_text(what, day, net.today)


def _write_up(index: Index, net: _Network) -> list[WriteUp]:
    """Unnoted in-person meetings of the window, once per contact per day —
    unless something in person that day has notes (a meeting note beside an
    empty log entry, a second entry `log` wrote, a daily-note line)."""
    start, end = net.today - timedelta(days=WRITE_UP_DAYS), net.today - timedelta(days=1)
    unnoted = [t for t in index.unnoted_between(start, end) if t.contact in net.contacts]
    days = {(t.contact, t.date) for t in unnoted}
    noted_days = {
        (t.contact, t.date)
        for t in index.touches_of({c for c, _ in days}, end)
        if (t.contact, t.date) in days and t.in_person and t.noted
    }
    touches = [
        t for t in once_per_contact_per_day(unnoted) if (t.contact, t.date) not in noted_days
    ]
    return write_up_rows(touches, lambda paths: _people(net, paths), wikilink)


def today_meetings(
    index: Index, net: _Network, coming_up: list[Planned], sheets: SheetNames
) -> list[Planned]:
    """Meetings today (dated today: they count as happening, but a daily
    note's plan for today is only shown) and tomorrow."""
    today = [
        t
        for t in index.touches_between(net.today, net.today, plans=True)
        if t.contact in net.contacts
    ]
    return coming_up_rows(net, sheets, today) + [r for r in coming_up if r.in_days == 1]


# --- helpers -----------------------------------------------------------------


def _by_line(items: list[OwnedItem]) -> list[list[OwnedItem]]:
    """Items grouped by the line they are written on (a group meeting's line can
    belong to several attendees)."""
    grouped: dict[tuple[str, int], list[OwnedItem]] = defaultdict(list)
    for item in items:
        grouped[(item.path, item.line)].append(item)
    return list(grouped.values())


def _people_in_order(net: _Network, paths: Iterable[str]) -> tuple[Person, ...]:
    return tuple(net.person(path) for path in sorted(set(paths), key=net.rank.__getitem__))


def _people(net: _Network, paths: Iterable[str]) -> tuple[Person, ...]:
    unique = set(paths)
    if len(unique) == 1:  # most lines belong to one person
        return (net.person(unique.pop()),)
    return tuple(net.person(path) for path in sorted(unique, key=net.rank.__getitem__))


@functools.lru_cache(maxsize=65536)  # a note with many problems is linked once per row
def _note_link(path: str) -> str:
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    return wikilink(path, stem)


def _elsewhere(path: str, people: tuple[Person, ...]) -> str | None:
    """A link to the note a line is in, unless it is one of its people's own."""
    return None if any(p.path == path for p in people) else _note_link(path)


# --- JSON ----------------------------------------------------------------------


def digest_json(d: Digest) -> dict[str, Any]:
    """The `--format json` document (docs/digest.md). Never cut; a row that
    belongs to several people appears once per person."""
    return {
        "date": d.date.isoformat(),
        "horizon_days": d.horizon_days,
        "filters": {"tag": d.scope.tag, "ladder": d.scope.ladder, "group": d.scope.group},
        "today": {
            "meetings": _coming_up_json(d.today.meetings),
            "birthdays": _birthdays_json(d.today.birthdays),
            "follow_ups": _tasks_json(d.today.follow_ups),
            "picks": picks_json(d.today.picks),
        },
        "picks": picks_json(d.picks),
        "write_up": write_up_json(d.write_up.rows),
        "quick_touches": quick_touches_json(d.quick_touches.rows),
        "coming_up": _coming_up_json(d.coming_up.rows),
        "overdue": [
            {
                "name": r.person.name,
                "path": r.person.path,
                "due": _iso(r.due),
                "days_overdue": r.days_overdue,
                "last_touch": _iso(r.last_touch),
                "last_in_person": _iso(r.last_in_person),
                "cadence_days": r.cadence_days,
                "planned": _iso(r.planned),
                "cadence": r.cadence,
                "ladder": r.ladder,
                "long_lost": r.long_lost,
            }
            for r in d.overdue.rows
        ],
        "meet_in_person": meet_json(d.meet_in_person.rows),
        "still_to_meet": [
            {
                "name": r.person.name,
                "path": r.person.path,
                "ladder": r.ladder,
                "last_touch": _iso(r.last_touch),
                "planned": _iso(r.planned),
            }
            for r in d.still_to_meet.rows
        ],
        "address_book": d.address_book,
        "follow_ups": _tasks_json(d.follow_ups.rows),
        "waiting": _tasks_json(d.waiting.rows),
        "personal": [
            {
                "name": p.name,
                "path": r.path,
                "line": r.line,
                "text": r.text,
                "date": _iso(r.date),
                "contact": p.path,
            }
            for r in d.personal.rows
            for p in r.people
        ],
        "birthdays": _birthdays_json(d.birthdays.rows),
        "groups": [
            {
                "name": g.name,
                "path": g.path,
                "next": _iso(g.next),
                "members": [{"name": p.name, "path": p.path} for p in g.members],
                "attended_90d": g.attended_90d,
                "one_on_one_never": [{"name": p.name, "path": p.path} for p in g.one_on_one_never],
            }
            for g in d.groups.rows
        ],
        "ladder": {
            r.rung: {
                "contacts": r.contacts,
                "touches_90d": r.touches_90d,
                "in_person_90d": r.in_person_90d,
                "warning": r.warning,
            }
            for r in d.ladder
        },
        "attention": [
            {
                "path": a.path,
                "line": a.line,
                "problem": a.problem,
                "detail": a.detail,
                "severity": a.severity,
            }
            for a in d.attention.rows
        ],
    }


def _coming_up_json(rows: tuple[Planned, ...]) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "path": p.path,
            "date": _iso(r.date),
            "title": r.title,
            "label": r.label,
            "kind": r.kind,
            "prep": r.prep,
            "note": r.path,
            "line": r.line,
            "scheduled": r.scheduled,
        }
        for r in rows
        for p in r.people
    ]


def _birthdays_json(rows: tuple[BirthdayRow, ...]) -> list[dict[str, Any]]:
    return [
        {"name": r.person.name, "path": r.person.path, "date": _iso(r.date), "age": r.age}
        for r in rows
    ]


def _tasks_json(rows: tuple[Task, ...]) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "path": r.path,
            "line": r.line,
            "text": r.text,
            "due": _iso(r.due),
            "overdue": r.overdue,
            "contact": p.path,
            "private": r.private,
        }
        for r in rows
        for p in r.people
    ]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None

"""Networking groups (DESIGN.md §4 "Groups"): which groups there are, who is
in each, and when each meets next.

A group is a group note (`type: group`, or a note under `Groups/`), or a
name in a contact's `groups:` (or a meeting note's `group:`) with no note.
Its members are the contacts whose `groups:` name it and everyone who was at
one of its meeting notes (`group:` names it) in the last year. A group note's
`meets:` plans its meetings; a scheduled day is only inferred: it is never a
touch and never makes anyone "planned". A meeting note of the group dated on
a scheduled day *is* that meeting.

Pure: the index and `today` come in; nothing is printed or written.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .dates import parse_date
from .errors import NoSuchName
from .models import Meeting, Touch, note_stem
from .naming import answers_to, lookup_key
from .people import precedence
from .results import joined_parts

if TYPE_CHECKING:
    from .index import Index
    from .results import MeetingGroups
    from .schedule import Schedule

MEMBER_DAYS = 365  # attending one of its meetings this recently makes you a member
RECENT_DAYS = 90  # the digest counts the meetings you attended over this many days


class Group(NamedTuple):
    name: str
    path: str | None  # the group note; None for a name used only in `groups:`
    keys: frozenset[str]  # what it answers to, folded: name, aliases, file name, path
    schedule: Schedule | None = None
    time: str | None = None  # as written; only shown
    place: str | None = None
    until: date | None = None
    skip: tuple[date, ...] = ()
    start: date | None = None  # `start:` (or `since:`): where fortnights count from
    kind: str | None = None  # `kind:` on the note, else a kind word in its name
    notes: tuple[tuple[str, date], ...] = ()  # its meeting notes, by date

    @property
    def anchor(self) -> date:
        """Where a rhythm longer than its unit counts from: `start:`, else its
        first meeting note, else schedule.DEFAULT_ANCHOR."""
        from .schedule import DEFAULT_ANCHOR  # a scheduled group's: see _group_note

        return self.start or (self.notes[0][1] if self.notes else DEFAULT_ANCHOR)

    def noted_on(self, day: date) -> list[str]:
        return [path for path, when in self.notes if when == day]

    def scheduled(self, start: date, end: date) -> list[date]:
        """Scheduled days from `start` to `end` with no meeting note of the
        group on them (a note on the day is that meeting)."""
        if self.schedule is None:
            return []
        from .schedule import occurrences

        found = occurrences(
            self.schedule, start, end, anchor=self.anchor, until=self.until, skip=self.skip
        )
        noted = {when for _, when in self.notes}
        return [day for day in found if day not in noted]

    def next_meeting(self, today: date) -> date | None:
        """Its next meeting from today on: a meeting note, else a scheduled day."""
        ahead = [when for _, when in self.notes if when >= today]
        if self.schedule is not None:
            from .schedule import next_occurrence

            scheduled = next_occurrence(
                self.schedule, today, anchor=self.anchor, until=self.until, skip=self.skip
            )
            ahead += [scheduled] if scheduled else []
        return min(ahead, default=None)


class Occurrence(NamedTuple):
    """A scheduled meeting of a group with no note (yet)."""

    group: Group
    date: date
    members: tuple[str, ...]  # contact paths


class Groups:
    """Every group of a vault as of `today`, with its members."""

    def __init__(self, index: Index, today: date) -> None:
        self.index = index
        self.today = today
        self._members: dict[str, list[str]] = {}
        self._names: dict[str, str] = {}  # each member's name, read with their rank
        self._ids: dict[str, int] = {}  # each member's file id, read with their name
        self._contacts = self._contact_groups()
        self.groups = self._read()

    def find(self, query: str) -> Group:
        """The group that answers to `query` (name, alias, file name or path),
        or NoSuchName listing the groups there are."""
        wanted = lookup_key(query.strip().removesuffix(".md"))
        for group in self.groups:
            if wanted and wanted in group.keys:
                return group
        names = [g.name for g in self.groups]
        listed = f"; the groups are: {', '.join(names)}" if names else "; there are no groups yet"
        raise NoSuchName(f"no group named '{query}'{listed}", names)

    def of_meeting(self, path: str) -> Group | None:
        return next((g for g in self.groups if any(p == path for p, _ in g.notes)), None)

    def members(self, group: Group) -> list[str]:
        """Contact paths, by name: whose `groups:` name it, and who was at one
        of its meeting notes in the last year; archived contacts aside."""
        key = group.path or group.name
        if key not in self._members:
            self._members[key] = self._find_members(group)
        return self._members[key]

    def names(self, paths: Iterable[str]) -> dict[str, str]:
        """The name of each of these members (of members()), by path."""
        return {path: self._names[path] for path in paths}

    def ids(self, paths: Iterable[str]) -> dict[str, int]:
        """The file id of each of these members (of members()), by path."""
        return {path: self._ids[path] for path in paths}

    def _find_members(self, group: Group) -> list[str]:
        ranked = {rank for key in group.keys for rank in self._by_group_name.get(key, [])}
        since = self.today - timedelta(days=MEMBER_DAYS)
        recent = {path for path, when in group.notes if since <= when <= self.today}
        attended = {p for meeting in self._meetings(recent) for p in meeting.attendees}
        ranked.update(self._ranked(attended - {path for _, path in ranked}))
        return [path for _, path in sorted(ranked)]

    @functools.cached_property
    def _by_group_name(self) -> dict[str, list[tuple[str, str]]]:
        """Active and paused contacts by each (folded) name in their
        `groups:`, each as its place in the index's order: (sort key, path)."""
        found: dict[str, list[tuple[str, str]]] = {}
        keys: dict[str, set[str]] = {}  # of each `groups:` packed: hundreds share a few
        for rank, packed in self._grouped():
            names = keys.get(packed)
            if names is None:
                names = keys[packed] = {lookup_key(g) for g in joined_parts(packed)}
            for name in names:
                found.setdefault(name, []).append(rank)
        return found

    def _contact_groups(self) -> list[tuple[str, str, str, str, int | None, int]]:
        """(sort key, path, name, `groups:` packed, not archived, file id) of
        each contact with a `groups:`, in the order of contacts(): read once
        for the groups' names (_read) and their members (_grouped)."""
        return self.index.conn.execute(
            "SELECT c.sort_key, f.path, c.name, c.groups_, c.status != 'archived', c.file"
            " FROM contacts c"
            " JOIN files f ON f.id = c.file WHERE c.groups_ IS NOT NULL AND c.groups_ != ''"
            " ORDER BY c.sort_key, f.path"
        ).fetchall()

    def _grouped(self) -> Iterable[tuple[tuple[str, str], str]]:
        """((sort key, path), `groups:` packed) of each contact not archived
        with a `groups:`, their names and ids kept (names(), ids()), without
        a Contact made for each."""
        names, ids = self._names, self._ids
        for key, path, name, packed, kept, file in self._contacts:
            if kept:
                names[path] = name
                ids[path] = file
                yield (key, path), packed

    def _ranked(self, paths: set[str]) -> list[tuple[str, str]]:
        """(sort key, path) of those of `paths` that are contacts not archived."""
        if not paths:
            return []
        rows = self.index.conn.execute(
            "SELECT c.sort_key, f.path, c.name, f.id FROM files f JOIN contacts c ON c.file = f.id"
            " WHERE f.path IN (SELECT value FROM json_each(?)) AND c.status != 'archived'",
            (json.dumps(sorted(paths)),),
        )
        names, ids = self._names, self._ids
        ranked = []
        for key, path, name, file in rows:
            names[path] = name
            ids[path] = file
            ranked.append((key, path))
        return ranked

    def attended(self, group: Group, days: int = RECENT_DAYS) -> int:
        """Its meeting notes dated within the last `days` days, today included."""
        since = self.today - timedelta(days=days - 1)
        return sum(1 for _, when in group.notes if since <= when <= self.today)

    def occurrences(self, start: date, end: date) -> list[Occurrence]:
        """Every group's scheduled meetings from `start` to `end` with no note, by date."""
        found = [
            Occurrence(group, day, tuple(self.members(group)))
            for group, day in self.scheduled(start, end)
        ]
        return sorted(found, key=lambda o: (o.date, lookup_key(o.group.name), o.group.path or ""))

    def scheduled(self, start: date, end: date) -> list[tuple[Group, date]]:
        """occurrences() without their members, which need every contact read."""
        return _scheduled(self.groups, start, end)

    def _meetings(self, paths: set[str]) -> list[Meeting]:
        return self.index.meetings(paths) if paths else []

    # --- reading them -----------------------------------------------------

    def _read(self) -> list[Group]:
        notes = [
            _group_note(path, name, details) for path, name, details in self.index.group_notes()
        ]
        by_key = {key: group for group in notes for key in group.keys}
        meetings = self.index.meeting_groups()
        named: dict[str, Group] = {}
        # each name once, where first used (a name used again makes no group)
        for name in dict.fromkeys(self._names_used(meetings)):
            key = lookup_key(name)
            if key and key not in by_key and key not in named:
                named[key] = Group(name, None, frozenset({key}))
        groups = notes + list(named.values())
        return sorted(
            _with_notes(groups, meetings), key=lambda g: (lookup_key(g.name), g.path or "")
        )

    def _names_used(self, meetings: list[MeetingGroups]) -> Iterable[str]:
        """The group names in `groups:` and meeting notes' `group:`, in the
        order first used: each `groups:` list once (hundreds of contacts
        share a few; a list used again adds no name not used before)."""
        for packed in dict.fromkeys(row[3] for row in self._contacts):  # Index.contact_groups()
            yield from joined_parts(packed)
        for _, _, targets in meetings:
            yield from (note_stem(t + ".md") for t in targets)


class GroupNotes:
    """The group notes alone, each with its meeting notes: all `scheduled`
    needs (only a note has `meets:`, and a name used only in `groups:` never
    takes a note's meeting notes), without every contact's `groups:` read.
    Its `scheduled` gives Groups.scheduled's pairs, in the notes' order."""

    def __init__(self, index: Index) -> None:
        notes = [_group_note(path, name, details) for path, name, details in index.group_notes()]
        self.groups = _with_notes(notes, index.meeting_groups())

    def scheduled(self, start: date, end: date) -> list[tuple[Group, date]]:
        return _scheduled(self.groups, start, end)


def _scheduled(groups: list[Group], start: date, end: date) -> list[tuple[Group, date]]:
    return [(group, day) for group in groups for day in group.scheduled(start, end)]


def _with_notes(groups: list[Group], meetings: list[MeetingGroups]) -> list[Group]:
    """Each group with its meeting notes: those whose `group:` names it."""
    notes: dict[int, list[tuple[str, date]]] = {id(g): [] for g in groups}
    for path, when, targets in meetings:
        for target in targets:
            key = lookup_key(target.removesuffix(".md"))
            stem = lookup_key(note_stem(target + ".md"))
            group = next((g for g in groups if key in g.keys or stem in g.keys), None)
            if group is not None and (path, when) not in notes[id(group)]:
                notes[id(group)].append((path, when))
    return [
        g._replace(notes=tuple(sorted(notes[id(g)], key=lambda n: (n[1], n[0])))) for g in groups
    ]


def _group_note(path: str, name: str, details: dict[str, object]) -> Group:
    # inline and schedule only for a group note: a digest's groups are often
    # names in `groups:` alone, and the two cost a third of its imports
    from .inline import canonical_kind, display_links, kind_of
    from .properties import property_key

    values = {property_key(key): value for key, value in details.items()}
    aliases = values.get("aliases")
    alias_list = aliases if isinstance(aliases, list) else [aliases] if aliases else []
    keys = answers_to(name, path, [str(a) for a in alias_list])
    kind_text = display_links(_shown(values.get("kind")))
    return Group(
        name=name,
        path=path,
        keys=frozenset(k for k in keys if k),
        schedule=_schedule(values.get("meets")),
        time=_shown(values.get("time")) or None,
        place=_shown(values.get("place")) or None,
        until=_day(values.get("until")),
        skip=tuple(d for d in map(_day, _as_list(values.get("skip"))) if d),
        start=_day(values.get("start")) or _day(values.get("since")),
        kind=canonical_kind(kind_text) or kind_of(name),
    )


def _schedule(words: object) -> Schedule | None:
    """The schedule, or None when `meets:` is missing or unreadable (`check` says so)."""
    if words is None:
        return None
    from .schedule import ScheduleError, parse_schedule

    try:
        return parse_schedule(words)
    except ScheduleError:
        return None


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _day(value: object) -> date | None:
    try:
        return parse_date(value) if value not in (None, "") else None
    except ValueError:
        return None


def _shown(value: object) -> str:
    """A value as written (a `[[link]]` stays one, to click in Obsidian)."""
    return "" if value is None else str(value).strip()


def one_on_ones(index: Index, contact: str, today: date) -> list[list[Touch]]:
    """The days up to today you met `contact` one on one — in person, and
    with no one else in any note of that day — newest first, each as its
    touches (a meeting note's first, as `people.precedence` orders them)."""
    company = index.company(contact)
    days: dict[date, list[Touch]] = {}
    for touch in sorted(index.touches(contact), key=precedence):
        if touch.date <= today:
            days.setdefault(touch.date, []).append(touch)
    alone = [
        day
        for day in days.values()
        if any(t.in_person for t in day) and all(company.get((t.path, t.line), 1) == 1 for t in day)
    ]
    return sorted(alone, key=lambda day: day[0].date, reverse=True)


def never_alone(
    index: Index, contacts: set[str], today: date, ids: Mapping[str, int] | None = None
) -> set[str]:
    """Of these contacts, those you have never met one on one up to today
    (as `one_on_ones`, for many people at once: met_alone); `ids`, each
    one's file id (Groups.ids), read here when not given."""
    if ids is None:
        ids = dict(
            index.conn.execute(
                "SELECT f.path, f.id FROM json_each(?) j CROSS JOIN files f ON f.path = j.value",
                (json.dumps(sorted(contacts)),),
            )
        )
    return contacts - met_alone(index, ids, today)


def met_alone(index: Index, ids: Mapping[str, int], today: date) -> set[str]:
    """Of these contacts (path: file id), those met one on one on some day up
    to today: in person that day, and no touch of that day with anyone else
    (an entry in their own log is theirs alone): contact_days holds both,
    read up to the first. Looked up by file id, each probed in
    contact_days' index (by contact, date), not by path: no path compared,
    and one statement prepared however many there are (an `IN (?, …)` of
    hundreds of paths cost twice as much)."""
    paths = {file: path for path, file in ids.items()}
    rows = index.conn.execute(
        "SELECT j.value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM contact_days d"
        " WHERE d.contact = j.value AND d.date <= ? AND d.in_person AND d.headcount <= 1)",
        (json.dumps(sorted(paths)), today.isoformat()),
    )
    return {paths[file] for (file,) in rows}

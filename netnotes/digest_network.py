"""The contacts a digest covers, as of one day, with what the index knows of
them (`Network`), and the small helpers every section builder shares: naming
people as links, grouping items by line, linking the note a line is in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .digest_facts import DigestFacts
from .digest_members import Members, Ranks
from .digest_rows import PersonLink, note_link
from .digest_scope import Scope
from .models import OwnedItem, Touch

if TYPE_CHECKING:
    from .index import Index
    from .kept import Connection

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Network(NamedTuple):
    """The contacts a digest covers, as of today, with what the index knows:
    `contacts` reads them from temp.member (digest_members.py), each made
    when asked for; the sections that weigh everyone ask SQL (`conn`)."""

    today: date
    horizon_end: date
    contacts: Members  # by path; iterated in the index's order (by name, then path)
    ahead: list[Touch]  # planned interactions, after today up to the horizon's end; no order
    narrowed: bool
    people: dict[str, PersonLink]  # made as needed

    @property
    def rank(self) -> Ranks:
        """Each contact's place in the index's order, to sort by."""
        return Ranks(self.contacts)

    @property
    def conn(self) -> Connection:
        """The index's connection, with the table member (digest_members.py)."""
        return self.contacts.conn

    def person(self, path: str) -> PersonLink:
        found = self.people.get(path)
        return self.named(path, self.contacts.name_of(path)) if found is None else found

    def named(self, path: str, name: str) -> PersonLink:
        """person(path), its name known (Members.names): no Member made."""
        found = self.people.get(path)
        if found is None:
            found = self.people[path] = PersonLink(name, path)
        return found


def network(
    index: Index, facts: DigestFacts, scope: Scope, members: Members | None = None
) -> Network:
    """The contacts of the table member (digest_members.fill_members: those
    `scope` admits, archived ones never) and what is planned with them up to
    the horizon's end."""
    today = facts.today
    contacts = Members(index.conn) if members is None else members
    # in no order: what reads `ahead` orders it (planned_events) or needs no order
    planned = facts.planned_within(today + timedelta(days=1), facts.end)
    contacts.names(t.contact for t in planned)  # whom planned rows name, no Member made
    ahead = [t for t in planned if t.contact in contacts]
    return Network(today, facts.end, contacts, ahead, scope.narrowed, {})


def in_person_ahead(ahead: Iterable[Touch]) -> set[str]:
    """Whoever has a meeting in person planned: not yet to be told to meet
    in person (digest_work.lapsed_meetings, digest_json_sql.due_texts)."""
    return {t.contact for t in ahead if t.in_person}


def first_planned(ahead: Iterable[Touch]) -> dict[str, date]:
    """Each contact's first planned interaction within the horizon."""
    first: dict[str, date] = {}
    for touch in ahead:
        if touch.contact not in first or touch.date < first[touch.contact]:
            first[touch.contact] = touch.date
    return first


def by_line(items: list[OwnedItem]) -> list[list[OwnedItem]]:
    """Items grouped by the line they are written on (a group meeting's line can
    belong to several attendees)."""
    grouped: dict[tuple[str, int], list[OwnedItem]] = defaultdict(list)
    for item in items:
        grouped[(item.path, item.line)].append(item)
    return list(grouped.values())


def people_of(net: Network, paths: Iterable[str]) -> tuple[PersonLink, ...]:
    unique = set(paths)
    if len(unique) == 1:  # most lines belong to one person
        return (net.person(unique.pop()),)
    net.contacts.names(unique)
    return tuple(net.person(path) for path in sorted(unique, key=net.rank.__getitem__))


def line_people(net: Network, line: list[OwnedItem]) -> tuple[PersonLink, ...]:
    """The people a line's items belong to (people_of), the one of a line of
    one item without more ado: most lines, thousands of rows in JSON."""
    return (
        (net.person(line[0].contact),)
        if len(line) == 1
        else people_of(net, (i.contact for i in line))
    )


def elsewhere(path: str, people: tuple[PersonLink, ...]) -> str | None:
    """A link to the note a line is in, unless it is one of its people's own."""
    if len(people) == 1:
        return None if people[0].path == path else note_link(path)
    return None if any(p.path == path for p in people) else note_link(path)

"""What lies ahead, for the digest: coming up (meeting notes, planned log
entries, groups' scheduled days), today's and tomorrow's meetings, and the
birthdays within the horizon. Each section's rows, sorted as it shows them."""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .dates import month_days_within
from .digest_members import Members, Rank
from .digest_network import WEEKDAYS, Network, people_of
from .digest_rows import BirthdayRow, ComingUp, PersonLink
from .groups import Groups, Occurrence
from .models import MEETING, Touch, note_stem
from .naming import link_key, wikilink
from .people import once_per_contact_per_day, read_birthday, touch_label
from .schema import BIRTHDAY_ODD, BIRTHDAY_ON
from .sheetnames import SheetNames

if TYPE_CHECKING:
    from .digest_facts import DigestFacts
    from .index import Index


def planned_events(net: Network, touches: Iterable[Touch] | None = None) -> list[list[Touch]]:
    """The planned interactions (`touches`, else `net.ahead`), each as its
    touches (one per person), in coming up's order, before any row is made:
    one per meeting note with all its attendees, and one per contact for an
    entry in their log or a daily note — unless a meeting note with them
    that day is the same interaction (`once_per_contact_per_day`)."""
    rank_of = net.contacts.rank_of
    return sorted(_events(net, touches), key=lambda event: _event_order(rank_of, event))


def _events(net: Network, touches: Iterable[Touch] | None = None) -> list[list[Touch]]:
    """planned_events' events, in no particular order."""
    events: dict[tuple[str, int, str], list[Touch]] = defaultdict(list)
    for touch in once_per_contact_per_day(net.ahead if touches is None else touches):
        events[(touch.path, touch.line, "" if touch.origin == MEETING else touch.contact)].append(
            touch
        )
    return list(events.values())


# When a coming-up row is, and then: whether it has no one (those last),
# the place of its first person in the index's order, its note and line.
Order = tuple[date, bool, Rank | tuple[()], str, int]


def _event_order(rank_of: Callable[[str], Rank], event: list[Touch]) -> Order:
    first = event[0]
    who = rank_of(first.contact) if len(event) == 1 else min(rank_of(t.contact) for t in event)
    return (first.date, False, who, first.path, first.line)


def _planned(net: Network, touches: list[Touch], sheets: SheetNames) -> ComingUp:
    touch = touches[0]
    people = people_of(net, (t.contact for t in touches))
    meeting = touch.origin == MEETING
    label = touch_label(touch.title, touch.kind)
    prep = (
        sheets.path(touch.date, touch.title, touch.path)
        if meeting
        else sheets.path(touch.date, people[0].name, people[0].path)
    )
    return ComingUp(
        date=touch.date,
        weekday=WEEKDAYS[touch.date.weekday()],
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
        names_everyone=_links_everyone(label, people),
    )


def _links_everyone(label: str, people: tuple[PersonLink, ...]) -> bool:
    """Whether `label` links each of `people` by their note's name or path,
    as a daily note's line does (`Coffee with [[Ada]] at Nopa`); a person
    it links by another name is named again after it."""
    if "[[" not in label:
        return False
    from .inline import links_in  # only here: the parser's patterns cost a digest ~7 ms to import

    linked = {link_key(target) for target, _ in links_in(label)}
    return all(
        link_key(note_stem(p.path)) in linked or link_key(p.path.removesuffix(".md")) in linked
        for p in people
    )


def with_scheduled(
    net: Network,
    events: list[list[Touch]],
    groups: Groups,
    sheets: SheetNames,
    first: int | None = None,
) -> tuple[list[ComingUp], int, int]:
    """Coming up: the planned `events` and each group's scheduled meetings
    that have no note yet — only inferred: no one is "planned" by them and
    they are no touch, so they join the rows here and nowhere else. The rows
    (only the `first` ones, when given), how many, and how many of them are
    tomorrow's (they come first: Today's meetings after today's)."""
    scheduled = []
    for occurrence in groups.occurrences(net.today + timedelta(days=1), net.horizon_end):
        people = people_of(net, (p for p in occurrence.members if p in net.contacts))
        if people or not net.narrowed:
            scheduled.append(_scheduled(net, occurrence, people, sheets))
    rank_of = net.contacts.rank_of
    keyed: list[tuple[Order, list[Touch] | ComingUp]] = [
        (_event_order(rank_of, event), event) for event in events
    ]
    for row in scheduled:
        who = net.rank[row.people[0].path] if row.people else ()
        keyed.append(((row.date, not row.people, who, row.path, row.line), row))
    keyed.sort(key=lambda pair: pair[0])
    tomorrow = net.today + timedelta(days=1)
    rows = [
        what if isinstance(what, ComingUp) else _planned(net, what, sheets)
        for _, what in keyed[:first]
    ]
    return rows, len(keyed), sum(1 for (when, *_), _ in keyed if when == tomorrow)


def _scheduled(
    net: Network, occurrence: Occurrence, people: tuple[PersonLink, ...], sheets: SheetNames
) -> ComingUp:
    group = occurrence.group
    prep = sheets.path(occurrence.date, group.name, group.path or "")
    return ComingUp(
        date=occurrence.date,
        weekday=WEEKDAYS[occurrence.date.weekday()],
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


def contact_names(index: Index, contacts: Members) -> Callable[[set[str]], dict[str, str]]:
    """SheetNames' names of the contacts planned on a day: the members' as
    the digest reads them (Members.names: most are read already, to order
    and show its rows), the others' (archived, out of scope) from the index."""

    def names(paths: set[str]) -> dict[str, str]:
        found = contacts.names(paths)
        others = paths - found.keys()
        if others:
            found.update(index.contact_names(others))
        return found

    return names


def today_meetings(
    facts: DigestFacts,
    net: Network,
    coming_up: list[ComingUp],
    tomorrow: int,
    sheets: SheetNames,
    first: int | None = None,
) -> tuple[list[ComingUp], int]:
    """Meetings today (dated today: they count as happening, but a daily
    note's plan for today is only shown), then tomorrow's (the first of
    `coming_up`, `tomorrow` of them in all): the rows (only the `first`
    ones, when given) and how many. Each contact's rank is read to sort
    today's, but only the rows shown are made."""
    # in no order: the events are ordered below (once_per_contact_per_day sorts
    # the touches by a key no two share, then the events by planned_events' order)
    planned = facts.planned_within(net.today, net.today)
    net.contacts.names(t.contact for t in planned)  # their ranks, and their sheets' names
    events = _events(net, [t for t in planned if t.contact in net.contacts])
    rank_of = net.contacts.rank_of

    def order(event: list[Touch]) -> Order:
        return _event_order(rank_of, event)

    # the first in planned_events' order (nsmallest is sorted()[:first]), not
    # every event sorted: a thousand meetings today at 10,000 contacts
    shown = sorted(events, key=order) if first is None else heapq.nsmallest(first, events, order)
    net.contacts.names(t.contact for event in shown for t in event)
    rows = [_planned(net, event, sheets) for event in shown]
    wanted = None if first is None else first - len(rows)
    rows += [r for r in coming_up if r.in_days == 1][:wanted]
    return rows, len(events) + tomorrow


# The contacts with a birthday from today to the horizon's end, read through
# the indexes of birthdays (schema.INDEXES): those whose birthday ends in the
# month and day of one of those days (the JSON list of `MM-DD`s given, twice),
# and those whose birthday is written in no form that ends in its month and day
# (read as written) and does not end in one of them (else read already).
_BIRTHDAYS = " UNION ALL ".join(
    "SELECT f.path, c.birthday FROM contacts c CROSS JOIN member m ON m.file = c.file"
    f" CROSS JOIN files f ON f.id = c.file WHERE {wanted}"
    for wanted in (
        f"c.birthday IS NOT NULL AND {BIRTHDAY_ON} IN (SELECT value FROM json_each(?))",
        f"{BIRTHDAY_ODD} AND {BIRTHDAY_ON} NOT IN (SELECT value FROM json_each(?))",
    )
)


def birthday_rows(net: Network) -> list[BirthdayRow]:
    """Birthdays from today to the horizon's end, soonest first, ties in the
    index's order: of the contacts with a `birthday:`, read as written."""
    found = []
    next_on: dict[tuple[int, int], date] = {}  # thousands of birthdays, a few hundred days
    within = json.dumps(month_days_within(net.today, net.horizon_end))
    for path, text in net.conn.execute(_BIRTHDAYS, (within, within)):
        birthday = read_birthday(text)
        if birthday is None:
            continue
        month_day = (birthday.month, birthday.day)
        when = next_on.get(month_day)
        if when is None:
            when = next_on[month_day] = birthday.next_on_or_after(net.today)
        if when <= net.horizon_end:
            found.append((path, when, birthday))
    net.contacts.names(path for path, _, _ in found)
    rows = [
        BirthdayRow(
            net.person(path),
            when,
            WEEKDAYS[when.weekday()],
            (when - net.today).days,
            birthday.age_on(when),
        )
        for path, when, birthday in found
    ]
    return sorted(rows, key=lambda r: (r.date, net.rank[r.person.path]))

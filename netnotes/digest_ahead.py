"""What lies ahead, for the digest: coming up (meeting notes, planned log
entries, groups' scheduled days), today's and tomorrow's meetings, and the
birthdays within the horizon. Each section's rows, sorted as it shows them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from .digest_network import WEEKDAYS, Network, people_of
from .digest_rows import BirthdayRow, ComingUp, PersonLink
from .groups import Groups, Occurrence
from .models import MEETING, Touch
from .naming import wikilink
from .people import birthday_of, once_per_contact_per_day, touch_label
from .sheetnames import SheetNames

if TYPE_CHECKING:
    from .digest_facts import DigestFacts


def coming_up_rows(
    net: Network, sheets: SheetNames, touches: Iterable[Touch] | None = None
) -> list[ComingUp]:
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
    )


def with_scheduled(
    net: Network, rows: list[ComingUp], groups: Groups, sheets: SheetNames
) -> list[ComingUp]:
    """Coming up, with each group's scheduled meetings that have no note yet.
    They are only inferred: no one is "planned" by them and they are no
    touch, so they join the rows here and nowhere else."""
    scheduled = []
    for occurrence in groups.occurrences(net.today + timedelta(days=1), net.horizon_end):
        people = people_of(net, (p for p in occurrence.members if p in net.contacts))
        if people or not net.narrowed:
            scheduled.append(_scheduled(net, occurrence, people, sheets))
    last = len(net.rank)
    return sorted(
        rows + scheduled,
        key=lambda r: (r.date, net.rank[r.people[0].path] if r.people else last, r.path, r.line),
    )


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


def today_meetings(
    facts: DigestFacts, net: Network, coming_up: list[ComingUp], sheets: SheetNames
) -> list[ComingUp]:
    """Meetings today (dated today: they count as happening, but a daily
    note's plan for today is only shown) and tomorrow."""
    today = [t for t in facts.planned_between(net.today, net.today) if t.contact in net.contacts]
    return coming_up_rows(net, sheets, today) + [r for r in coming_up if r.in_days == 1]


def birthday_rows(net: Network) -> list[BirthdayRow]:
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
                    WEEKDAYS[when.weekday()],
                    (when - net.today).days,
                    birthday.age_on(when),
                )
            )
    return sorted(rows, key=lambda r: (r.date, net.rank[r.person.path]))

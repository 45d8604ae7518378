"""The vault as one iCalendar (RFC 5545) file a calendar app can subscribe to:
open follow-ups with a due date (VTODO, date-only DUE), meetings from today on
(all-day VEVENT), birthdays (yearly all-day VEVENT) and, when asked, an
all-day "reconnect" reminder on each contact's due date (today's when
overdue, never a day in the past). Archived
contacts appear nowhere, as in the digest.

Every component has a UID made from the note's vault path and what the item
is (its text and date, never its line number, which shifts when the note is
edited above it), and a DTSTAMP taken from the item's own date, never the
clock; so the same vault and day give the same bytes, and re-importing
updates events instead of duplicating them."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, Todo

from .. import privacy
from ..config import Config
from ..index import Index
from ..inline import display_links
from ..models import Contact, OwnedItem, Touch
from ..naming import lookup_key
from ..people import birthday_of, once_per_contact_per_day, standing, touch_label

PRODID = "-//netnotes//netnotes export//EN"
CALENDAR_NAME = "netnotes"
TODO = "VTODO"
EVENT = "VEVENT"
LEAP_YEAR = 2000  # the year a birthday without one starts in (a leap year, for Feb 29)


@dataclass(frozen=True, slots=True)
class CalendarItem:
    """One component, before it becomes iCalendar text."""

    component: str  # TODO or EVENT
    identity: str  # what the item is, for its UID: path, kind, and its text or date
    on: date  # DUE of a to-do, the day of an event
    stamp: date  # DTSTAMP: the date of the source it came from
    summary: str
    description: str
    yearly: bool = False

    @property
    def uid(self) -> str:
        digest = hashlib.blake2b(self.identity.encode("utf-8"), digest_size=16).hexdigest()
        return f"{digest}@netnotes"


def build_calendar(index: Index, config: Config, today: date, reconnect: bool = False) -> bytes:
    """The whole calendar as bytes (CRLF lines, folded at 75 octets)."""
    return render_calendar(calendar_items(index, config, today, reconnect))


def calendar_items(
    index: Index, config: Config, today: date, reconnect: bool
) -> list[CalendarItem]:
    contacts = [c for c in index.contacts() if c.status != "archived"]  # as in the digest: nowhere
    names = {c.path: c.name for c in contacts}
    items = [
        *follow_ups([i for i in index.items() if i.contact in names], names),
        *meetings(
            [t for t in index.touches(plans_after=today) if t.contact in names], names, today
        ),
        *birthdays(contacts),
    ]
    if reconnect:
        items += reconnect_reminders(index, config, contacts, today)
    items = [i for i in items if i.on < date.max]  # an all-day event must end the day after
    return sorted(
        _unique_identities(items), key=lambda i: (i.on, i.component, lookup_key(i.summary), i.uid)
    )


def _unique_identities(items: list[CalendarItem]) -> list[CalendarItem]:
    """Two items that look the same (one task written twice in a note) get
    `#2`, `#3`… in the order they stand, so every UID in the file is unique."""
    seen: dict[str, int] = defaultdict(int)
    unique = []
    for item in items:
        seen[item.identity] += 1
        count = seen[item.identity]
        unique.append(
            item if count == 1 else replace(item, identity=f"{item.identity}\x1f#{count}")
        )
    return unique


def _names(paths: list[str], names: dict[str, str]) -> str:
    return ", ".join(
        sorted((names.get(p, p) for p in set(paths)), key=lambda n: (lookup_key(n), n))
    )


def follow_ups(items: list[OwnedItem], names: dict[str, str]) -> list[CalendarItem]:
    """Open tasks with a due date, once each even when a group meeting note
    gives them to several people. Ones marked #sensitive stay out."""
    owners: dict[tuple[str, int], list[str]] = defaultdict(list)
    first: dict[tuple[str, int], OwnedItem] = {}
    for item in items:
        if item.is_task and not item.done and item.due and privacy.shareable(item.sensitive):
            owners[(item.path, item.line)].append(item.contact)
            first.setdefault((item.path, item.line), item)
    found: list[CalendarItem] = []
    for key in sorted(first):
        item = first[key]
        assert item.due is not None
        text = " ".join(display_links(item.text).split())
        who = _names(owners[key], names)
        summary = f"Waiting on {who}: {text}" if item.waiting else f"{who}: {text}"
        written = f", written {item.date.isoformat()}" if item.date else ""
        found.append(
            CalendarItem(
                TODO,
                f"{item.path}\x1ftask\x1f{_iso(item.date)}\x1f{item.text}",
                item.due,
                item.date or item.due,
                summary,
                f"Follow-up in {item.path}{written}",
            )
        )
    return found


def meetings(touches: list[Touch], names: dict[str, str], today: date) -> list[CalendarItem]:
    """Interactions from today on, one event per place they are written (a
    meeting note with three people is one event), counted once per contact
    per day: a log entry with someone who is in a meeting note that day is
    that meeting (`once_per_contact_per_day`)."""
    people: dict[tuple[str, int, date], list[str]] = defaultdict(list)
    first: dict[tuple[str, int, date], Touch] = {}
    for touch in once_per_contact_per_day(t for t in touches if t.date >= today):
        key = (touch.path, touch.line, touch.date)
        people[key].append(touch.contact)
        first.setdefault(key, touch)
    found = []
    for key in sorted(first):
        touch = first[key]
        found.append(
            CalendarItem(
                EVENT,
                f"{touch.path}\x1fmeeting\x1f{touch.date.isoformat()}\x1f{touch.title}",
                touch.date,
                touch.date,
                meeting_summary(touch, people[key], names),
                f"Planned in {touch.path}",
            )
        )
    return found


def meeting_summary(touch: Touch, paths: list[str], names: dict[str, str]) -> str:
    """Plain text: the title with links shown as their text, then `with` the
    people it does not already name ("Lunch with [[Max]] at Nopa" stays
    "Lunch with Max at Nopa", never "… with Max" again)."""
    title = " ".join(display_links(touch_label(touch.title, touch.kind)).split())
    words = f" {' '.join(_WORD.findall(lookup_key(title)))} "
    missing = [p for p in paths if not _named(names.get(p, p), words)]
    if not missing:
        return title
    if len(missing) < len(set(paths)):
        return f"{title} (and {_names(missing, names)})"
    return f"{title} with {_names(missing, names)}"


_WORD = re.compile(r"\w+")


def _named(name: str, words: str) -> bool:
    """The name, or its first word, stands in the title as whole words."""
    folded = _WORD.findall(lookup_key(name))
    return bool(folded) and (f" {' '.join(folded)} " in words or f" {folded[0]} " in words)


def birthdays(contacts: list[Contact]) -> list[CalendarItem]:
    """A yearly all-day event from the birth date (or from 2000 when the year
    is unknown). Archived contacts and unreadable birthdays are left out."""
    found = []
    for contact in contacts:
        birthday = birthday_of(contact)
        if birthday is None or contact.status == "archived":
            continue
        first = date(birthday.year or LEAP_YEAR, birthday.month, birthday.day)
        found.append(
            CalendarItem(
                EVENT,
                f"{contact.path}\x1fbirthday",
                first,
                first,
                f"{contact.name}'s birthday",
                f"Birthday ({birthday}) in {contact.path}",
                yearly=True,
            )
        )
    return found


def reconnect_reminders(
    index: Index, config: Config, contacts: list[Contact], today: date
) -> list[CalendarItem]:
    """An all-day reminder on each contact's next due date within the horizon,
    and on `today` for those already overdue: never a day in the past."""
    touches = index.last_touches(today)
    horizon_end = today + timedelta(days=config.digest_horizon_days)
    found = []
    for contact in contacts:
        s = standing(contact, touches.get(contact.path, (None, None)), config, today)
        if s.due is None or s.due > horizon_end:
            continue
        last = f"due {s.due}, last touch {_iso(s.last_touch)}, cadence {s.cadence}"
        on = max(s.due, today)
        found.append(
            CalendarItem(
                EVENT,
                f"{contact.path}\x1freconnect",
                on,
                s.due,
                f"Reconnect with {contact.name}",
                f"Due to reconnect ({last}); {contact.path}",
            )
        )
    return found


def _iso(value: date | None) -> str:
    return value.isoformat() if value else "-"


def render_calendar(items: list[CalendarItem]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for item in items:
        calendar.add_component(_component(item))
    return calendar.to_ical()


def _component(item: CalendarItem) -> Todo | Event:
    component = Todo() if item.component == TODO else Event()
    component.add("uid", item.uid)
    component.add("dtstamp", datetime.combine(item.stamp, time(0, 0), tzinfo=UTC))
    component.add("summary", item.summary)
    component.add("description", item.description)
    if item.component == TODO:
        component.add("due", item.on)
        component.add("status", "NEEDS-ACTION")
        return component
    component.add("dtstart", item.on)
    component.add("dtend", item.on + timedelta(days=1))
    component.add("transp", "TRANSPARENT")
    if item.yearly:
        rule: dict[str, str | int] = {"freq": "yearly"}
        if (item.on.month, item.on.day) == (2, 29):
            rule |= {"bymonth": 2, "bymonthday": -1}  # Feb 28 in years without a 29th
        component.add("rrule", rule)
    return component

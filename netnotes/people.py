"""Contacts as of a date — last touch, cadence, when they are due, birthday —
finding one by the name a user types, and which of their touches on one day
speaks for it."""

import functools
from collections.abc import Callable, Iterable
from datetime import date
from typing import NamedTuple

from .config import Config
from .dates import NEVER, Birthday, Cadence, parse_birthday, parse_cadence
from .errors import AmbiguousName, NameLookupError, NoSuchName, shortlist
from .models import CONTACT, DAILY, MEETING, Contact, Touch
from .naming import answers_to, lookup_key


class Standing(NamedTuple):
    """Where a contact stands on a given day."""

    contact: Contact
    last_touch: date | None
    last_in_person: date | None
    cadence: Cadence
    due: date | None  # None: never due (no touch yet, paused, archived, cadence none)
    meet_every: Cadence = NEVER  # the second clock: how often to meet in person
    meet_due: date | None = None  # None: never met in person, or meet_every none

    def days_overdue(self, today: date) -> int:
        return (today - self.due).days if self.due and self.due < today else 0

    def days_overdue_to_meet(self, today: date) -> int:
        return (today - self.meet_due).days if self.meet_due and self.meet_due < today else 0

    @property
    def never_met(self) -> bool:
        return self.last_in_person is None

    @property
    def ladder(self) -> str | None:
        return self.contact.ladder


class Member(NamedTuple):
    """A contact the digest weighs, with where they stand on its day: a
    Standing's fields and the few of the contact's that the digest reads,
    as plain values (digest_members.py reads them from the index; no
    Contact is made)."""

    path: str
    name: str
    ladder: str | None
    status: str
    company: str | None
    role: str | None
    how_met: str | None
    birthday: str | None  # as written
    groups: tuple[str, ...]
    tags: tuple[str, ...]
    met: date | None
    own_clock: bool  # a `cadence:` or `meet_every:` of their own
    last_touch: date | None
    last_in_person: date | None
    cadence: Cadence
    due: date | None
    meet_every: Cadence
    meet_due: date | None


def standing(
    contact: Contact, touches: tuple[date | None, date | None], config: Config, today: date
) -> Standing:
    """DESIGN.md §4: due = last touch + cadence (the contact's, else by ladder, else
    the default), or `snooze:` when later. `met:` counts as a face-to-face touch.
    The second clock, `meet_due`, is the last face-to-face touch plus
    `meet_every:` (else the rung's in `[meet_every]`), or `snooze:` when later."""
    return Standings(config, today).of(contact, touches)


class _Clocks(NamedTuple):
    """A contact's two clocks: the cadence and how it counts from a day
    (Standings' remembered cadence.after), then meet_every's."""

    cadence: Cadence
    after: Callable[[date], date]
    meet_every: Cadence
    meet_after: Callable[[date], date]


class Standings:
    """standing() of many contacts with one config on one day: each distinct
    cadence setting read once, and each due day (a cadence after a day)
    worked out once; thousands of contacts share a handful of cadences and a
    few hundred days. The digest asks it for every contact it covers."""

    def __init__(self, config: Config, today: date) -> None:
        self.config = config
        self.today = today
        self._clocks: dict[tuple[str | None, str | None, str | None], _Clocks] = {}
        self._after: dict[Cadence, Callable[[date], date]] = {}

    def of(self, contact: Contact, touches: tuple[date | None, date | None]) -> Standing:
        last_touch, last_in_person = with_met(touches, contact.met, self.today)
        clocks = self._clocks_of(contact)
        cadence, meet_every = clocks.cadence, clocks.meet_every
        status, snooze = contact.status, contact.snooze
        due = due_after(last_touch, cadence, status, snooze, clocks.after)
        meet_due = due_after(last_in_person, meet_every, status, snooze, clocks.meet_after)
        return Standing(contact, last_touch, last_in_person, cadence, due, meet_every, meet_due)

    def _clocks_of(self, contact: Contact) -> _Clocks:
        key = (contact.cadence, contact.meet_every, contact.ladder)
        found = self._clocks.get(key)
        if found is None:
            config, ladder = self.config, contact.ladder
            cadence = cadence_from(contact.cadence or config.cadence_for(ladder))
            meet_every = cadence_from(contact.meet_every or config.meet_every_for(ladder))
            found = self._clocks[key] = _Clocks(
                cadence=cadence,
                after=self._after_of(cadence),
                meet_every=meet_every,
                meet_after=self._after_of(meet_every),
            )
        return found

    def _after_of(self, cadence: Cadence) -> Callable[[date], date]:
        """cadence.after, remembering each day's answer."""
        found = self._after.get(cadence)
        if found is None:
            found = self._after[cadence] = functools.cache(cadence.after)
        return found


# The rules standing() applies, on plain values, for callers that read them
# straight from the index (roster.list_rows) and make no Contact at all.


def with_met(
    touches: tuple[date | None, date | None], met: date | None, today: date
) -> tuple[date | None, date | None]:
    """(last touch, last in person), `met:` counted as a face-to-face touch."""
    last_touch, last_in_person = touches
    if met and met <= today:
        last_touch = met if last_touch is None or met > last_touch else last_touch
        last_in_person = met if last_in_person is None or met > last_in_person else last_in_person
    return last_touch, last_in_person


def due_after(
    last: date | None,
    cadence: Cadence,
    status: str,
    snooze: date | None,
    after: Callable[[date], date] | None = None,
) -> date | None:
    """When a contact with this last touch, cadence, status and snooze is due.
    `after`: how the cadence counts from a day (Standings' remembered one),
    else the cadence's own."""
    if last is None or cadence.never or status != "active":
        return None
    due = cadence.after(last) if after is None else after(last)
    return snooze if snooze and snooze > due else due


@functools.lru_cache(maxsize=512)
def cadence_from(text: str) -> Cadence:
    """parse_cadence, once per distinct value (a Cadence is immutable): a
    network of thousands uses a handful of cadences."""
    return parse_cadence(text)


def find_contact(contacts: list[Contact], query: str) -> Contact:
    """By name, alias, file stem or path, case- and accent-insensitively. No one
    or several: NoSuchName listing the closest names, or AmbiguousName
    listing everyone who answers."""
    wanted = lookup_key(query.removesuffix(".md"))
    if not wanted:
        raise NameLookupError(
            "give a name: the one in the contact's note, an alias or its file name"
        )
    matches = [c for c in contacts if wanted in _answers_to(c)]
    if not matches:  # "aisha" for Aisha Khan: a first or last name, when only one answers
        matches = [c for c in contacts if any(wanted in key.split() for key in _answers_to(c))]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = shortlist([f"{c.name} ({c.path})" for c in matches])
        raise AmbiguousName(
            f"'{query}' could be any of: {listed}; use the file name or path",
            [c.name for c in matches],
        )
    raise no_such_name(query, closest_names(contacts, query))


def no_such_name(query: str, closest: list[str]) -> NoSuchName:
    """The error for a name no contact answers to, offering `closest`."""
    hint = f"; closest: {', '.join(closest)}" if closest else ""
    return NoSuchName(f"no contact named '{query}'{hint}", closest)


def closest_names(contacts: list[Contact], query: str, count: int = 5) -> list[str]:
    """The names of the contacts answering to what is closest to `query`;
    of those answering to one key, the first in `contacts`."""
    by_key: dict[str, str] = {}
    for contact in contacts:
        for key in _answers_to(contact):
            by_key.setdefault(key, contact.name)
    return closest_keyed(by_key, by_key.__getitem__, query, count)


def closest_keyed(
    keys: Iterable[str], name_of: Callable[[str], str], query: str, count: int = 5
) -> list[str]:
    """closest_names among lookup keys (each once), `name_of` naming the
    contact a key stands for: asked only of the closest keys, in order."""
    import difflib  # only when a name was not found

    wanted = lookup_key(query)
    known = list(keys)
    close = difflib.get_close_matches(wanted, known, n=count * 2, cutoff=0.6)
    close += sorted(k for k in known if wanted and wanted in k and k not in close)
    names: dict[str, None] = {}
    for key in close:
        if len(names) == count:
            break
        names[name_of(key)] = None
    return list(names)


def _answers_to(contact: Contact) -> set[str]:
    return answers_to(contact.name, contact.path, contact.aliases)


def birthday_of(contact: Contact) -> Birthday | None:
    """The contact's `birthday:` read, or None: none written, or one the
    parser already reported as unreadable."""
    return read_birthday(contact.birthday) if contact.birthday else None


@functools.lru_cache(maxsize=16384)  # a watcher's digest reads every birthday on every save
def read_birthday(text: str) -> Birthday | None:
    """A `birthday:` as written, read; None when the parser reported it unreadable."""
    try:
        return parse_birthday(text)
    except ValueError:
        return None


# --- once per contact per day ------------------------------------------------

# Which of a contact's touches on one day speaks for it (DESIGN.md §3): a
# meeting note's, else the contact's own log entry, else a daily-note line.
ORIGIN_PRECEDENCE = {MEETING: 0, CONTACT: 1, DAILY: 2}


def precedence(touch: Touch) -> tuple[int, str, int]:
    """Sort key: the touch that speaks for its contact's day first, then by
    where it is written."""
    return (ORIGIN_PRECEDENCE.get(touch.origin, len(ORIGIN_PRECEDENCE)), touch.path, touch.line)


def once_per_contact_per_day(touches: Iterable[Touch]) -> list[Touch]:
    """A log entry or daily-note line and a meeting note with the same person
    on the same day are one interaction. Per (contact, day) this keeps every
    meeting note's touch — two meeting notes are two meetings, and neither
    hides the other — and, when there is none, one touch: the contact's own
    log entry, else the daily-note line. Sorted by day, contact, precedence."""
    rank = ORIGIN_PRECEDENCE.get
    last = len(ORIGIN_PRECEDENCE)
    # (day, contact, *precedence(t)), precedence's key written out: a
    # digest sorts thousands of planned touches, a call each
    return each_day(
        sorted(touches, key=lambda t: (t.date, t.contact, rank(t.origin, last), t.path, t.line))
    )


def each_day(ordered: Iterable[Touch]) -> list[Touch]:
    """Of touches sorted by day, contact and precedence, those
    once_per_contact_per_day keeps, in that order."""
    kept: dict[tuple[str, date], list[Touch]] = {}
    for touch in ordered:
        day = kept.setdefault((touch.contact, touch.date), [])
        if not day or (
            touch.origin == MEETING
            and day[0].origin == MEETING
            and all(t.path != touch.path for t in day)
        ):
            day.append(touch)
    return [touch for day in kept.values() for touch in day]


def touch_label(title: str | None, kind: str | None) -> str:
    """What to call an interaction: its title, else its kind ("Call"), else
    "Conversation" — an entry written as a bare date (`### 2026-11-20`)."""
    return title or (kind.capitalize() if kind else "Conversation")

"""`netnotes import ics`: meetings from a calendar become conversations.

Each occurrence in the window whose attendees include contacts becomes a
dated heading in the contact's log (one contact) or a meeting note (several),
under which go what the calendar said (`- calendar:: …`) and the event's UID
(`- event_uid:: …`). The plan says, per event, what would be written where
and why; `apply_calendar_plan` writes it through the same safe paths as
`netnotes log`. Importing the same calendar again adds nothing: an event is
known by its UID on that day, by its title on that day, or by any
conversation the user wrote by hand that day with the same person."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePosixPath

from ..config import Config
from ..models import Contact, Touch
from ..models_note import NewContact
from ..naming import lookup_key, safe_filename
from .calendar_file import CalendarData, Occurrence
from .calendar_file import Person as Invited
from .calendar_notes import Written, written_conversations
from .identity import Identities, Person, email_key, person_of_contact
from .invitetext import inert, inert_lines, inert_title
from .plan import contact_path

CREATE = "create"
UPDATE = "update"
REMOVE = "remove"
SKIP = "skip"
UNTITLED = "(no title)"


@dataclass(frozen=True, slots=True)
class Attendee:
    email: str | None
    name: str | None
    contact: str | None  # the contact's note, or None when no one in the vault


@dataclass(frozen=True, slots=True)
class Step:
    """What becomes of one occurrence (or of a planned meeting written earlier)."""

    uid: str
    date: date
    summary: str
    action: str  # CREATE, UPDATE, REMOVE or SKIP
    reason: str | None
    notes: tuple[str, ...]  # the notes it writes, or that hold it already
    attendees: tuple[Attendee, ...]
    title: str = ""  # the heading's title, made inert
    lines: tuple[str, ...] = ()  # the list items under it
    contacts: tuple[str, ...] = ()  # the contacts it is with, by path
    old: Written | None = None  # the entry an UPDATE moves or a REMOVE takes out
    present: bool = False  # skipped because the vault holds it already


@dataclass(frozen=True, slots=True)
class Unknown:
    email: str | None
    name: str | None
    events: int  # how many of the listed events they are in


@dataclass(frozen=True, slots=True)
class CalendarPlan:
    steps: tuple[Step, ...]
    unknown: tuple[Unknown, ...]
    new_contacts: tuple[NewContact, ...] = ()  # with --create
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()  # attendees who are several contacts
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for step in self.steps if step.action == action)

    def failed(self) -> int:
        return sum(
            1 for s in self.steps if s.action == SKIP and (s.reason or "").startswith("not ")
        )


@dataclass(frozen=True, slots=True)
class Window:
    today: date
    since: date
    until: date


@dataclass(frozen=True, slots=True)
class VaultView:
    """What the plan reads of the vault: its contacts, its conversations from
    the window's first day on (index.touches_between), and a note's text."""

    contacts: list[Contact]
    touches: list[Touch]
    read: Callable[[str], str | None]
    config: Config


@dataclass
class _Vault:
    """What the plan needs to know of the vault, looked up by key."""

    identities: Identities
    config: Config
    create: bool
    written: list[Written] = field(default_factory=list)
    by_uid: dict[str, list[Written]] = field(default_factory=dict)
    by_contact_day: dict[tuple[str, date], list[Written]] = field(default_factory=dict)
    new: dict[str, NewContact] = field(default_factory=dict)  # path → contact to create
    new_by_email: dict[str, str] = field(default_factory=dict)
    new_paths: set[str] = field(default_factory=set)
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)  # who → contacts

    def know(self, written: list[Written]) -> None:
        self.written = written
        for entry in written:
            if entry.uid:
                self.by_uid.setdefault(entry.uid, []).append(entry)
            for contact in entry.contacts:
                self.by_contact_day.setdefault((contact, entry.day), []).append(entry)


@dataclass(frozen=True, slots=True)
class _Meeting:
    """An occurrence with the vault's people in it, before it is placed."""

    occurrence: Occurrence
    attendees: tuple[Attendee, ...]
    contacts: tuple[str, ...]
    skipped: str | None = None  # why it is not written: declined, cancelled


def build_calendar_plan(
    data: CalendarData,
    view: VaultView,
    window: Window,
    me: Iterable[str],
    create: bool = False,
) -> CalendarPlan:
    """What to write for each occurrence; `me` the user's own addresses
    (none: the calendar's owner)."""
    mine = {k for k in map(email_key, me) if k} or {k for k in map(email_key, data.owners) if k}
    people = Identities(person_of_contact(c) for c in view.contacts)
    vault = _Vault(people, view.config, create)
    unknown: dict[str, tuple[Invited, set[tuple[str, date]]]] = {}
    meetings = [m for o in data.occurrences if (m := _meeting(o, mine, vault, unknown))]
    wanted = {c for m in meetings for c in m.contacts}
    # Only the notes that can matter are read: these people's, and planned meetings.
    touches = [t for t in view.touches if t.contact in wanted or t.date > window.today]
    vault.know(written_conversations(touches, view.read))
    steps = [_step(m, vault, window) for m in meetings]
    live = {(inert(s.uid), s.date) for s in steps if s.action != SKIP or s.notes}
    moved = {id(s.old) for s in steps if s.old is not None}
    steps += _withdrawn(vault, window, live, moved, _gone_reasons(data, mine))
    steps.sort(key=lambda s: (s.date, lookup_key(s.summary), s.uid, s.action))
    ambiguous = tuple(sorted(vault.ambiguous.items()))
    return CalendarPlan(tuple(steps), _unknown_list(unknown), tuple(vault.new.values()), ambiguous)


def _meeting(
    occurrence: Occurrence,
    mine: set[str],
    vault: _Vault,
    unknown: dict[str, tuple[Invited, set[tuple[str, date]]]],
) -> _Meeting | None:
    """Who of the vault is in the occurrence; None when no one (a conference,
    focus time). Declined and cancelled ones are kept, to be listed."""
    people = _people(occurrence, mine)
    declined = any(p.email in mine and p.partstat == "DECLINED" for p in _invited(occurrence))
    skipped = "you declined it" if declined else None
    if occurrence.cancelled and not skipped:
        skipped = "cancelled in the calendar"
    attendees = tuple(_attendee(p, vault, create=not skipped) for p in people)
    if not skipped:
        for attendee in attendees:
            if _unknown(attendee, vault):
                key = attendee.email or lookup_key(attendee.name or "")
                held = unknown.setdefault(key, (Invited(attendee.email, attendee.name), set()))
                held[1].add((occurrence.uid, occurrence.day))
    contacts = tuple(sorted({a.contact for a in attendees if a.contact}))
    return _Meeting(occurrence, attendees, contacts, skipped) if contacts else None


def _step(meeting: _Meeting, vault: _Vault, window: Window) -> Step:
    o = meeting.occurrence
    if meeting.skipped:
        return Step(o.uid, o.day, o.summary, SKIP, meeting.skipped, (), meeting.attendees)
    return _placed(o, meeting.attendees, meeting.contacts, vault, window)


def _unknown(attendee: Attendee, vault: _Vault) -> bool:
    """No one of the vault (yet): not a contact, or one --create is to make."""
    if attendee.contact is not None:
        return attendee.contact in vault.new
    return _who(attendee.name, attendee.email) not in vault.ambiguous


def _who(name: str | None, email: str | None) -> str:
    return " ".join(x for x in (name, f"<{email}>" if email else "") if x)


def _invited(occurrence: Occurrence) -> list[Invited]:
    organizer = [occurrence.organizer] if occurrence.organizer else []
    return [*organizer, *occurrence.attendees]


def _people(occurrence: Occurrence, mine: set[str]) -> list[Invited]:
    """The other people at the event: attendees and organizer, once each,
    without the user and without those who declined."""
    seen: dict[str, Invited] = {}
    for person in _invited(occurrence):
        if person.email in mine or person.partstat == "DECLINED":
            continue
        key = person.email or lookup_key(person.name or "")
        if key and (key not in seen or (person.name and not seen[key].name)):
            seen[key] = person
    return sorted(seen.values(), key=lambda p: (p.email or "", lookup_key(p.name or "")))


def _attendee(person: Invited, vault: _Vault, create: bool = True) -> Attendee:
    asked = Person(
        ref=person.email or person.name or "",
        names=(person.name,) if person.name else (),
        emails=(person.email,) if person.email else (),
    )
    matches = vault.identities.match(asked)
    best = [m for m in matches if m.by == matches[0].by] if matches else []
    if len(best) == 1:
        return Attendee(person.email, person.name, best[0].person.ref)
    if best:  # never guessed: said once, and left out
        vault.ambiguous[_who(person.name, person.email)] = tuple(sorted(m.person.ref for m in best))
        return Attendee(person.email, person.name, None)
    if create and vault.create:
        return Attendee(person.email, person.name, _to_create(person, vault))
    return Attendee(person.email, person.name, None)


def _to_create(person: Invited, vault: _Vault) -> str | None:
    """With --create: the note a new contact for this attendee would get."""
    if person.email and person.email in vault.new_by_email:
        return vault.new_by_email[person.email]
    name = " ".join((person.name or "").split())
    if not name:
        return None  # an address alone does not say who someone is
    try:
        path = contact_path(vault.config, name)
    except ValueError:
        return None
    if lookup_key(path) in vault.new_paths:
        return None  # two attendees of one name: left for the user to tell apart
    vault.new_paths.add(lookup_key(path))
    vault.new[path] = NewContact(name=name, email=person.email, tags=("calendar",))
    if person.email:
        vault.new_by_email[person.email] = path
    return path


def _placed(
    occurrence: Occurrence,
    attendees: tuple[Attendee, ...],
    contacts: tuple[str, ...],
    vault: _Vault,
    window: Window,
) -> Step:
    uid, day = inert(occurrence.uid), occurrence.day
    title = inert_title(occurrence.summary) or UNTITLED
    lines = _calendar_lines(occurrence, uid)
    step = Step(occurrence.uid, day, occurrence.summary, CREATE, None, (), attendees)
    step = replace(step, title=title, lines=lines, contacts=contacts)
    there = _already_there(uid, day, title, contacts, vault)
    if there is not None:
        changed = _people_changed(step, uid, day, vault, window)
        if changed is not None:
            return changed
        return replace(step, action=SKIP, reason=there[0], notes=there[1], present=True)
    try:
        target = _target(step, day, vault)
    except ValueError as err:
        return replace(step, action=SKIP, reason=str(err))
    step = replace(step, reason=_when(day, window), notes=(target,))
    earlier = _moved_from(occurrence, uid, day, vault)
    return step if earlier is None else _move(step, earlier, target, window)


def _people_changed(step: Step, uid: str, day: date, vault: _Vault, window: Window) -> Step | None:
    """A planned meeting imported before on this day whose invitation has
    since gained or lost someone of the vault: rewritten with the people it
    has now (an UPDATE), while nothing but the calendar's lines is under it.
    None when its people are the same, or the day has passed (a past
    conversation stays as it was written)."""
    same = [w for w in vault.by_uid.get(uid, []) if w.day == day]
    if len(same) != 1 or set(same[0].contacts) == set(step.contacts) or day <= window.today:
        return None
    earlier = same[0]
    joined = [PurePosixPath(p).stem for p in step.contacts if p not in earlier.contacts]
    left = [PurePosixPath(p).stem for p in earlier.contacts if p not in step.contacts]
    change = "; ".join(
        f"{', '.join(names)} {verb}"
        for names, verb in ((joined, "joined"), (left, "left"))
        if names
    )
    if not earlier.only_calendar:
        why = f"{change}, but you wrote under {earlier.path}:{earlier.line}; change it by hand"
        return replace(step, action=SKIP, reason=why, notes=(earlier.path,))
    try:
        target = _target(step, day, vault)
    except ValueError:
        return None
    return replace(step, action=UPDATE, reason=change, notes=(target,), old=earlier)


def _when(day: date, window: Window) -> str:
    return "a past conversation" if day <= window.today else "a planned meeting"


def _calendar_lines(occurrence: Occurrence, uid: str) -> tuple[str, ...]:
    said = [*inert_lines(occurrence.location), *inert_lines(occurrence.description)]
    return (*(f"- calendar:: {line}" for line in said), f"- event_uid:: {uid}")


def _already_there(
    uid: str, day: date, title: str, contacts: tuple[str, ...], vault: _Vault
) -> tuple[str, tuple[str, ...]] | None:
    """(why, where) when the vault holds this event on this day already: its
    UID, its title, or a conversation written by hand with one of them."""
    same = [w for w in vault.by_uid.get(uid, []) if w.day == day]
    if same:
        return "already imported", tuple(sorted({w.path for w in same}))
    for contact in contacts:
        for entry in vault.by_contact_day.get((contact, day), []):
            if entry.uid is None:
                return f"you wrote it already ({entry.path}:{entry.line})", (entry.path,)
            if lookup_key(entry.title) == lookup_key(title):
                return f"already there by date and title ({entry.path}:{entry.line})", (entry.path,)
    return None


def _target(step: Step, day: date, vault: _Vault) -> str:
    """The note the event goes into: the contact's own, or a new meeting note."""
    if len(step.contacts) == 1:
        return step.contacts[0]
    try:
        stem = f"{day.isoformat()} {safe_filename(step.title)}"
    except ValueError:
        raise ValueError("its title has no letters or digits to name a meeting note") from None
    folder = vault.config.meetings_dir.strip("/")
    return f"{folder}/{stem}.md" if folder else f"{stem}.md"


def _moved_from(occurrence: Occurrence, uid: str, day: date, vault: _Vault) -> Written | None:
    """The entry written for this event on another day (a single event only:
    the instances of a series come and go on their own days)."""
    if occurrence.recurring:
        return None
    return next((w for w in vault.by_uid.get(uid, []) if w.day != day), None)


def _move(step: Step, earlier: Written, target: str, window: Window) -> Step:
    was = earlier.day.isoformat()
    if earlier.day <= window.today:
        return replace(
            step, action=SKIP, reason=f"already there on {was}", notes=(earlier.path,), present=True
        )
    if not earlier.only_calendar:
        why = (
            f"moved from {was}, but you wrote under {earlier.path}:{earlier.line}; move it by hand"
        )
        return replace(step, action=SKIP, reason=why, notes=(earlier.path,), old=earlier)
    same_shape = earlier.meeting == (len(step.contacts) > 1)
    if same_shape and (earlier.meeting or earlier.path == target):
        return replace(
            step, action=UPDATE, reason=f"moved from {was}", notes=(target,), old=earlier
        )
    return step  # a new entry; the old one, of another shape, goes (see _withdrawn)


def _gone_reasons(data: CalendarData, mine: set[str]) -> dict[str, str]:
    """Why an entry written before is no longer wanted, by "uid day" for an
    occurrence still in the file, else by uid for an event on other days."""
    reasons = {inert(uid): "no longer on this day in the calendar" for uid in data.uids}
    for o in data.occurrences:
        declined = any(p.email in mine and p.partstat == "DECLINED" for p in _invited(o))
        why = (
            "cancelled in the calendar" if o.cancelled else "you declined it" if declined else None
        )
        reasons[f"{inert(o.uid)} {o.day.isoformat()}"] = why or "no contact of yours in it now"
    return reasons


def _withdrawn(
    vault: _Vault,
    window: Window,
    live: set[tuple[str, date]],
    moved: set[int],
    reasons: dict[str, str],
) -> list[Step]:
    """Planned meetings an import wrote whose event is no longer on that day."""
    steps = []
    for entry in vault.written:
        if entry.uid is None or id(entry) in moved or (entry.uid, entry.day) in live:
            continue
        if not (window.today < entry.day and window.since <= entry.day <= window.until):
            continue
        why = reasons.get(f"{entry.uid} {entry.day.isoformat()}") or reasons.get(
            entry.uid, "no longer in the calendar"
        )
        action = REMOVE if entry.only_calendar else SKIP
        if not entry.only_calendar:
            why += f"; you wrote under {entry.path}:{entry.line}, so it stays"
        attendees = tuple(Attendee(None, None, c) for c in entry.contacts)
        steps.append(
            Step(
                entry.uid, entry.day, entry.title, action, why, (entry.path,), attendees, old=entry
            )
        )
    return steps


def _unknown_list(unknown: dict[str, tuple[Invited, set[tuple[str, date]]]]) -> tuple[Unknown, ...]:
    rows = [Unknown(p.email, p.name, len(events)) for p, events in unknown.values()]
    return tuple(sorted(rows, key=lambda u: (u.email or "", lookup_key(u.name or ""))))


def plan_json(plan: CalendarPlan) -> dict[str, object]:
    """The JSON document of `import ics --format json`."""
    return {
        "events": [
            {
                "uid": s.uid,
                "date": s.date.isoformat(),
                "summary": s.summary,
                "action": s.action,
                "reason": s.reason,
                "notes": list(s.notes),
                "attendees": [
                    {"email": a.email, "name": a.name, "contact": a.contact} for a in s.attendees
                ],
            }
            for s in plan.steps
        ],
        "unknown": [{"email": u.email, "name": u.name, "events": u.events} for u in plan.unknown],
    }

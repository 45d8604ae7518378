"""An iCalendar export (one .ics file, or Google's .zip of them) → the
occurrences of its events within a window of days, each on its own date.

The date of an event is its start in its own TZID; a time in UTC (or one
with no zone at all, when the calendar names one) is read in the calendar's
X-WR-TIMEZONE, else in the zone the caller gives (`--tz`, else the
machine's). All-day events are their date. Series are expanded by
`recurring-ical-events`, which also applies RECURRENCE-ID overrides, EXDATE
and RDATE: no recurrence arithmetic of our own."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
from icalendar import Calendar, Component
from icalendar.parser import Contentline

from .records import SourceError, decode_source

EXPECTED = "an iCalendar file (.ics, BEGIN:VCALENDAR) or a .zip of them"
_SKIPPED_TYPES = frozenset({"ROOM", "RESOURCE"})
_NOT_PEOPLE = ("resource.calendar.google.com", "group.calendar.google.com")


@dataclass(frozen=True, slots=True)
class Person:
    """An attendee or organizer as the invitation names them."""

    email: str | None  # lowercased, without mailto:
    name: str | None
    partstat: str | None = None  # ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One event on one day: a single event, or one instance of a series."""

    uid: str
    day: date
    summary: str
    location: str | None
    description: str | None
    cancelled: bool
    organizer: Person | None
    attendees: tuple[Person, ...]
    recurring: bool
    source: str  # the file (or zip member) it came from


@dataclass(frozen=True, slots=True)
class CalendarData:
    occurrences: tuple[Occurrence, ...]
    owners: tuple[str, ...]  # emails the file names as its owner (X-WR-CALNAME, ORGANIZER)
    uids: frozenset[str]  # every UID in the file, whatever its dates
    warnings: tuple[str, ...]  # "FILE: event …: warning: …", one per event not read


def zone_named(name: str) -> tzinfo:
    """`--tz Europe/Berlin` → the zone; SourceError naming it when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SourceError(
            f"--tz {name}: not a time zone name (like Europe/Berlin or America/Los_Angeles)"
        ) from None


def read_calendar(
    label: str, data: bytes, since: date, until: date, zone: tzinfo | None
) -> CalendarData:
    """Every occurrence from `since` to `until` (both included), by date.
    `zone` is --tz, or None for the machine's own. SourceError when the file
    is not a calendar at all; an event that cannot be read is a warning."""
    files = _members(label, data) if data.startswith(b"PK\x03\x04") else [(label, data)]
    found: list[Occurrence] = []
    owners: list[str] = []
    uids: set[str] = set()
    warnings: list[str] = []
    for name, raw in files:
        calendar = _parse(name, raw, warnings)
        warnings += _drop_broken(name, calendar)
        owners += _owners(calendar)
        uids.update(str(e.get("UID")) for e in calendar.walk("VEVENT") if e.get("UID"))
        found += _occurrences(name, calendar, since, until, zone, warnings)
    found.sort(key=lambda o: (o.day, o.uid, o.summary))
    once = {(o.uid, o.day): o for o in reversed(found)}  # an event shared by two calendars
    found = [o for o in found if once[(o.uid, o.day)] is o]
    return CalendarData(
        tuple(found), tuple(dict.fromkeys(owners)), frozenset(uids), tuple(warnings)
    )


def _members(label: str, data: bytes) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = sorted(n for n in archive.namelist() if n.lower().endswith(".ics"))
        members = [(f"{label}:{n}", archive.read(n)) for n in names]
    except (zipfile.BadZipFile, OSError, RuntimeError) as err:
        raise SourceError(
            f"{label}: cannot read the zip archive ({err}); expected {EXPECTED}"
        ) from None
    if not members:
        raise SourceError(f"{label}: the zip archive holds no .ics file; expected {EXPECTED}")
    return members


def _parse(label: str, data: bytes, warnings: list[str]) -> Calendar:
    text = decode_source(label, data, EXPECTED)
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise SourceError(f"{label}: does not start with BEGIN:VCALENDAR; expected {EXPECTED}")
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError):
        calendars = _without_bad_lines(label, text, warnings)
    if not calendars:
        raise SourceError(
            f"{label}: holds no complete calendar (it may be cut short); expected {EXPECTED}"
        )
    first = calendars[0]
    for extra in calendars[1:]:  # several VCALENDARs in one file: read them as one
        first.subcomponents.extend(extra.subcomponents)
    return first


def _without_bad_lines(label: str, text: str, warnings: list[str]) -> list[Calendar]:
    """The calendar read again without the lines icalendar cannot split into
    name, parameters and value (a warning each); SourceError if still unreadable."""
    kept = []
    for number, line in _unfolded(text):
        try:
            Contentline(line).parts()
        except ValueError:
            warnings.append(f"{label}: line {number}: warning: cannot be read; left out")
            continue
        kept.append(line)
    try:
        return Calendar.from_ical("\r\n".join(kept) + "\r\n", multiple=True)
    except (ValueError, KeyError, IndexError) as err:
        raise SourceError(
            f"{label}: not a readable calendar ({err}); expected {EXPECTED}"
        ) from None


def _unfolded(text: str) -> list[tuple[int, str]]:
    """(first line number, logical line) with RFC 5545 folding undone."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw.strip():
            lines.append((number, raw))
    return lines


def event_label(event: Component) -> str:
    summary = str(event.get("SUMMARY") or "").strip()
    uid = str(event.get("UID") or "").strip()
    named = f"'{summary}'" if summary else "with no summary"
    return f"event {named}" + (f" (UID {uid})" if uid else "")


def _drop_broken(label: str, calendar: Calendar) -> list[str]:
    """Take out the events that cannot be placed on a day, with a warning each."""
    warnings = []
    for event in list(calendar.walk("VEVENT")):
        problem = _broken(event)
        if problem:
            warnings.append(f"{label}: {event_label(event)}: warning: {problem}; skipped")
            _remove(calendar, event)
        elif _ends_before_it_starts(event):
            del event["DTEND"]  # else the expander swaps them and the event moves a day
            warnings.append(f"{label}: {event_label(event)}: warning: DTEND is before DTSTART")
    return warnings


def _ends_before_it_starts(event: Component) -> bool:
    start, end = event.get("DTSTART"), event.get("DTEND")
    if end is None:
        return False
    try:
        return bool(end.dt < start.dt)
    except TypeError:  # a date and a date-time: nothing to compare
        return False


def _broken(event: Component) -> str | None:
    errors = dict(event.errors)
    for key in ("DTSTART", "RRULE", "RECURRENCE-ID", "EXDATE", "RDATE", "DTEND"):
        if key in errors:
            return f"{key} cannot be read ({errors[key]})"
    if event.get("DTSTART") is None:
        return "no DTSTART (no date)"
    if not str(event.get("UID") or "").strip():
        return "no UID"
    return next(filter(None, map(_rule_problem, _listed(event.get("RRULE")))), None)


_TOO_OFTEN = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
MAX_INTERVAL = 1000  # the expander loops for ever on INTERVAL=0


def _rule_problem(rule: object) -> str | None:
    """What makes a repeat rule one netnotes does not expand: a step of zero
    (an endless loop) or more often than daily (not a meeting to log)."""
    values = rule if isinstance(rule, dict) else {}
    frequency = str((values.get("FREQ") or [""])[0]).upper()
    interval = (values.get("INTERVAL") or [1])[0]
    if not isinstance(interval, int) or not 1 <= interval <= MAX_INTERVAL:
        return f"RRULE INTERVAL={interval} is not a step from 1 to {MAX_INTERVAL}"
    if frequency in _TOO_OFTEN:
        return f"RRULE repeats {frequency.lower()}, more often than a meeting"
    return None


def _remove(calendar: Component, event: Component) -> None:
    for component in calendar.walk():
        if event in component.subcomponents:
            component.subcomponents.remove(event)
            return


def _owners(calendar: Calendar) -> list[str]:
    """The owner as the file names them: Google's X-WR-CALNAME is the owner's
    address; else the ORGANIZER of most events."""
    owners = []
    name = str(calendar.get("X-WR-CALNAME") or "").strip().lower()
    if _is_email(name):
        owners.append(name)
    organizers = Counter(
        person.email
        for person in (_person(event.get("ORGANIZER")) for event in calendar.walk("VEVENT"))
        if person is not None and person.email
    )
    if organizers:
        top = max(organizers.values())
        owners += sorted(str(e) for e, n in organizers.items() if n == top)[:1]
    return owners


def _occurrences(
    label: str,
    calendar: Calendar,
    since: date,
    until: date,
    zone: tzinfo | None,
    warnings: list[str],
) -> list[Occurrence]:
    start, stop = since - timedelta(days=2), until + timedelta(days=3)
    try:
        events = recurring_ical_events.of(calendar).between(start, stop)
    except Exception:  # the library raises many kinds: find the series, warn, go on
        events = _one_by_one(label, calendar, start, stop, warnings)
    series = _series_uids(calendar)
    found = []
    for event in events:
        day = event_day(event.get("DTSTART").dt, zone)
        if since <= day <= until:
            found.append(_occurrence(label, event, day, series))
    return found


def _one_by_one(
    label: str, calendar: Calendar, start: date, stop: date, warnings: list[str]
) -> list[Component]:
    """Expand each UID's events on their own, so one bad series costs only itself."""
    groups: dict[str, list[Component]] = {}
    for event in calendar.walk("VEVENT"):
        groups.setdefault(str(event.get("UID")), []).append(event)
    zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    found = []
    for events in groups.values():
        single = Calendar()
        for key, value in calendar.items():
            single.add(key, value)
        single.subcomponents.extend([*zones, *events])
        try:
            found += recurring_ical_events.of(single).between(start, stop)
        except Exception as err:  # noqa: BLE001 - any failure of one series is a warning
            warnings.append(
                f"{label}: {event_label(events[0])}: warning: cannot expand it ({err}); skipped"
            )
    return found


def _series_uids(calendar: Calendar) -> set[str]:
    return {
        str(e.get("UID"))
        for e in calendar.walk("VEVENT")
        if e.get("RRULE") or e.get("RDATE") or e.get("RECURRENCE-ID")
    }


def event_day(start: date | datetime, zone: tzinfo | None) -> date:
    """The day an event starts on, as its calendar means it (see the module doc)."""
    if not isinstance(start, datetime):
        return start
    if start.tzinfo is None:
        return start.date()  # floating: the same wall-clock time everywhere
    if start.utcoffset() == timedelta(0) and _is_utc(start.tzinfo):
        return start.astimezone(zone).date() if zone else start.astimezone().date()
    return start.date()


def _is_utc(zone: tzinfo) -> bool:
    return zone is UTC or str(zone) in ("UTC", "Etc/UTC", "Z", "GMT", "Etc/GMT")


def _occurrence(label: str, event: Component, day: date, series: set[str]) -> Occurrence:
    uid = str(event.get("UID"))
    return Occurrence(
        uid=uid,
        day=day,
        summary=_text(event.get("SUMMARY")) or "",
        location=_text(event.get("LOCATION")),
        description=_text(event.get("DESCRIPTION")),
        cancelled=str(event.get("STATUS") or "").upper() == "CANCELLED",
        organizer=_person(event.get("ORGANIZER")),
        attendees=tuple(p for p in map(_person, _listed(event.get("ATTENDEE"))) if p),
        recurring=uid in series,
        source=label,
    )


def _listed(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _person(address: object) -> Person | None:
    if address is None:
        return None
    params = getattr(address, "params", {})
    if str(params.get("CUTYPE", "")).upper() in _SKIPPED_TYPES:
        return None
    email = _email(address) or _email(params.get("EMAIL"))  # Apple: urn:uuid:… with EMAIL=
    if email and email.endswith(_NOT_PEOPLE):
        return None
    name = _text(params.get("CN"))
    if name and name.strip().lower() == email:
        name = None
    if not email and not name:
        return None
    partstat = str(params.get("PARTSTAT", "")).upper() or None
    return Person(email, name, partstat)


def _email(address: object) -> str | None:
    text = str(address or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if _is_email(text) else None


def _is_email(text: str) -> bool:
    local, at, domain = text.partition("@")
    return bool(at and local and "." in domain and " " not in text)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None

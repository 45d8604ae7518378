"""What an import would do, before it does it: each person in the source file
is to be created, is already in the vault (and left alone), or is skipped,
with the reason. Matching is by name, alias, email or LinkedIn address,
case- and accent-insensitively; nothing existing is ever changed.

`apply_plan` then creates the new contacts through the caller's `create`
(the same path as `netnotes new`), one by one, and says what became of each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..config import Config
from ..errors import UsageError, WriteRefusedError
from ..models import Contact, NewContact
from ..naming import safe_filename
from ..people import fold
from ..properties import property_value
from .records import Entry, Record, Rejected, linkedin_key, tag_from_label

CREATE = "create"
CREATED = "created"
EXISTS = "exists"
SKIP = "skip"
FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Match:
    """An existing contact that answers to someone in the source, and how."""

    path: str
    name: str
    by: str  # "name", "alias", "email" or "linkedin"


@dataclass(frozen=True, slots=True)
class Step:
    action: str  # CREATE, EXISTS, SKIP; after apply_plan also CREATED or FAILED
    where: str  # where in the source: "line 7", "card 3 (line 20)"
    name: str | None
    path: str | None = None  # the note it would become (CREATE) or became (CREATED)
    matches: tuple[Match, ...] = ()
    reason: str | None = None
    contact: NewContact | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    source: str  # "linkedin", "vcard" or "google"
    file: str
    steps: tuple[Step, ...]
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for step in self.steps if step.action == action)


def new_contact(record: Record, source: str) -> NewContact:
    """The contact a record becomes: the fields the source has, tagged with its name."""
    tags = [source, *(t for t in map(tag_from_label, record.labels) if t)]
    return NewContact(
        name=record.name,
        company=record.company,
        role=record.role,
        tags=tuple(dict.fromkeys(tags)),
        email=record.emails[0] if record.emails else None,
        phone=record.phones[0] if record.phones else None,
        linkedin=record.linkedin,
        met=record.met,
        birthday=record.birthday,
        note=record.note,
    )


def contact_path(config: Config, name: str) -> str:
    """Where `netnotes new` puts a contact of this name. ValueError if the name
    has nothing to make a file name from."""
    folder = config.people_dir.strip("/")
    stem = safe_filename(" ".join(name.split()))
    return f"{folder}/{stem}.md" if folder else f"{stem}.md"


def build_plan(
    source: str,
    file: str,
    entries: list[Entry],
    contacts: list[Contact],
    config: Config,
    exists: Callable[[str], bool],
) -> Plan:
    """`exists(path)` says whether a vault-relative path is taken on disk."""
    known = _Known.of(contacts)
    steps = [_step(source, entry, known, config, exists) for entry in entries]
    return Plan(source, file, tuple(steps))


def _step(
    source: str, entry: Entry, known: _Known, config: Config, exists: Callable[[str], bool]
) -> Step:
    if isinstance(entry, Rejected):
        return Step(SKIP, entry.where, entry.label, reason=entry.reason)
    contact = new_contact(entry, source)
    matches = known.matches(entry)
    if matches:
        reason = None
        if len({m.path for m in matches}) > 1:
            reason = "answers to more than one contact; check them by hand"
        return Step(
            EXISTS,
            entry.where,
            entry.name,
            matches=matches,
            reason=reason,
            contact=contact,
            warnings=entry.warnings,
        )
    earlier = known.planned(entry)
    if earlier:
        return Step(
            SKIP,
            entry.where,
            entry.name,
            reason=f"same person as {earlier} of this file",
            contact=contact,
            warnings=entry.warnings,
        )
    try:
        path = contact_path(config, entry.name)
    except ValueError as err:
        return Step(
            SKIP, entry.where, entry.name, reason=str(err), contact=contact, warnings=entry.warnings
        )
    taken = known.path_taken(path)
    if taken or exists(path):
        why = f"{path} is already the note of {taken}" if taken else f"{path} already exists"
        return Step(
            SKIP,
            entry.where,
            entry.name,
            reason=why + "; add them by hand",
            contact=contact,
            warnings=entry.warnings,
        )
    known.plan(entry, path)
    return Step(
        CREATE, entry.where, entry.name, path=path, contact=contact, warnings=entry.warnings
    )


class _Known:
    """Who answers to what: the vault's contacts, then the people this import
    is about to create (so a file that lists someone twice creates them once)."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], list[Match]] = {}
        self.planned_keys: dict[tuple[str, str], str] = {}
        self.paths: dict[str, str] = {}

    @classmethod
    def of(cls, contacts: list[Contact]) -> _Known:
        known = cls()
        for contact in contacts:
            for kind, key, by in _contact_keys(contact):
                known.keys.setdefault((kind, key), []).append(Match(contact.path, contact.name, by))
            known.paths[fold(contact.path)] = contact.name
        return known

    def matches(self, record: Record) -> tuple[Match, ...]:
        found: dict[str, Match] = {}
        for kind, key in _record_keys(record):
            for match in self.keys.get((kind, key), []):
                found.setdefault(match.path, match)
        return tuple(sorted(found.values(), key=lambda m: (fold(m.name), m.path)))

    def planned(self, record: Record) -> str | None:
        return next(
            (self.planned_keys[k] for k in _record_keys(record) if k in self.planned_keys), None
        )

    def path_taken(self, path: str) -> str | None:
        return self.paths.get(fold(path))

    def plan(self, record: Record, path: str) -> None:
        for key in _record_keys(record):
            self.planned_keys.setdefault(key, record.where)
        self.paths[fold(path)] = record.name


def _contact_keys(contact: Contact) -> list[tuple[str, str, str]]:
    keys = [("name", fold(contact.name), "name"), ("name", fold(contact.stem), "name")]
    keys += [("name", fold(alias), "alias") for alias in contact.aliases]
    keys += [("email", fold(email), "email") for email in _emails(contact)]
    linkedin = property_value(contact.details, "linkedin")
    if isinstance(linkedin, str) and linkedin_key(linkedin):
        keys.append(("linkedin", str(linkedin_key(linkedin)), "linkedin"))
    return [k for k in keys if k[1]]


def _emails(contact: Contact) -> list[str]:
    written = property_value(contact.details, "email")
    emails = [str(e) for e in written] if isinstance(written, list) else []
    return [e for e in [contact.email or "", *emails] if e]


def _record_keys(record: Record) -> list[tuple[str, str]]:
    keys = [("name", fold(record.name))] + [("email", fold(e)) for e in record.emails]
    if record.linkedin and linkedin_key(record.linkedin):
        keys.append(("linkedin", str(linkedin_key(record.linkedin))))
    return [k for k in keys if k[1]]


def apply_plan(plan: Plan, create: Callable[[NewContact], str]) -> Plan:
    """Create every CREATE step through `create` (which returns the new note's
    path); a refusal or a value it rejects becomes a FAILED step and the others
    go on. A broken template (TemplateError) stops the import: it would fail
    for everyone."""
    steps = []
    for step in plan.steps:
        if step.action == CREATE and step.contact is not None:
            try:
                step = replace(step, action=CREATED, path=create(step.contact))
            except (WriteRefusedError, UsageError) as err:  # this person only; go on with the rest
                step = replace(step, action=FAILED, reason=err.message)
        steps.append(step)
    return replace(plan, steps=tuple(steps), applied=True)

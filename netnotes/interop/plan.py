"""What an import would do, before it does it: each person in the source file
is to be created, is already in the vault (and left alone), or is skipped,
with the reason. Who is who is the identity rule (identity.py): a LinkedIn
address, email or phone, else the name unless LinkedIn addresses or
companies differ. Nothing existing is changed, but for one repair: a
LinkedIn connection an older import wrote as `met:` becomes `connected:`.

`apply_plan` then creates the new contacts through the caller's `create`
(the same path as `netnotes new`), one by one, and says what became of each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from ..config import Config
from ..edit import Lines, refuse_conflicts
from ..errors import UsageError, WriteRefusedError
from ..fmedit import find_key, rename_key, scalar_line
from ..models import Contact
from ..models_note import NewContact
from ..naming import lookup_key, safe_filename
from ..newcontact import contact_context
from .identity import (
    Identities,
    Person,
    kept_apart,
    person_of_contact,
    person_of_record,
)
from .keys import link_target, linkedin_key
from .records import Entry, Record, Rejected, tag_from_label

CREATE = "create"
CREATED = "created"
EXISTS = "exists"
UPDATE = "update"
UPDATED = "updated"
SKIP = "skip"
FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Match:
    """An existing contact that answers to someone in the source, and how."""

    path: str
    name: str
    by: str  # "linkedin", "email", "phone", "name" or "alias"


@dataclass(frozen=True, slots=True)
class Step:
    action: str  # CREATE, UPDATE, EXISTS, SKIP; after apply_plan CREATED, UPDATED or FAILED
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
    warnings: tuple[str, ...] = ()  # about the file as a whole, each kind once with a count

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
        connected=record.connected,
        given_name=record.given_name,
        family_name=record.family_name,
        birthday=record.birthday,
        note=record.note,
    )


@dataclass(frozen=True, slots=True)
class Placement:
    """Where `import … --ladder/--tag/--cadence` puts the people it creates."""

    ladder: str | None = None
    tags: tuple[str, ...] = ()
    cadence: str | None = None

    def place(self, new: NewContact) -> NewContact:
        if not (self.ladder or self.tags or self.cadence):
            return new
        tags = tuple(dict.fromkeys((*new.tags, *self.tags)))
        return replace(
            new, ladder=self.ladder or new.ladder, cadence=self.cadence or new.cadence, tags=tags
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
    placement: Placement = Placement(),
) -> Plan:
    """`exists(path)` says whether a vault-relative path is taken on disk."""
    known = _Known.of(contacts)
    steps = [_step(source, entry, known, config, exists, placement) for entry in entries]
    return Plan(source, file, tuple(steps))


def _step(
    source: str,
    entry: Entry,
    known: _Known,
    config: Config,
    exists: Callable[[str], bool],
    placement: Placement,
) -> Step:
    if isinstance(entry, Rejected):
        return Step(SKIP, entry.where, entry.label, reason=entry.reason)
    contact = placement.place(new_contact(entry, source))
    step = Step(CREATE, entry.where, entry.name, contact=contact, warnings=entry.warnings)
    person = person_of_record(entry)
    matches = known.matches(person)
    if matches:
        return _existing(step, entry, matches, known)
    earlier = known.in_file.match(person)
    if earlier:
        first = earlier[0]
        why = f"same person as {first.person.ref} of this file (by {first.by})"
        return replace(step, action=SKIP, reason=why)
    try:  # the checks `--apply` makes (control characters, `<%` …), so the plan tells true
        contact_context(contact)
    except UsageError as err:
        return replace(step, action=SKIP, reason=err.message)
    try:
        path, namesakes = known.place(config, person, exists)
    except ValueError as err:
        return replace(step, action=SKIP, reason=str(err))
    known.plan(person, path)
    reason = _apart_reason(person, namesakes) if namesakes else None
    return replace(step, path=path, reason=reason)


def _existing(step: Step, entry: Record, matches: tuple[Match, ...], known: _Known) -> Step:
    """Already in the vault: left alone, except a LinkedIn connection that an
    older import wrote as `met:` (a note it tagged `linkedin` whose `met:` is
    the row's day), offered as `connected:`."""
    if len({m.path for m in matches}) > 1:
        reason = "answers to more than one contact; check them by hand"
        return replace(step, action=EXISTS, matches=matches, reason=reason)
    found = known.contacts[matches[0].path]
    if (
        entry.connected
        and found.met == entry.connected
        and "linkedin" in (t.casefold() for t in found.tags)  # an older import's note
        and "connected" not in found.details
    ):
        reason = f"met: {entry.connected} becomes connected: (a LinkedIn connection is no meeting)"
        return replace(step, action=UPDATE, path=found.path, matches=matches, reason=reason)
    return replace(step, action=EXISTS, matches=matches)


def _apart_reason(person: Person, namesakes: tuple[Person, ...]) -> str:
    """Why a namesake is someone else, for the dry run."""
    parts = []
    for other in namesakes:
        if kept_apart(person, other):
            why = "not_same_as"
        elif person.linkedin and other.linkedin:
            why = "another LinkedIn profile"
        elif person.company and other.company:
            why = "another company"
        else:
            why = "other emails or phones"
        parts.append(f"not {other.name} ({other.ref}): {why}")
    return "; ".join(parts)


class _Known:
    """Who is who: the vault's contacts (one matcher over them, built once),
    then the people this import is about to create (a file that lists someone
    twice creates them once) and the paths they take."""

    def __init__(self, contacts: list[Contact]) -> None:
        self.contacts = {c.path: c for c in contacts}
        self.vault = Identities(person_of_contact(c) for c in contacts)
        self.in_file = Identities(strict=True)
        self.paths: dict[str, str] = {lookup_key(c.path): c.name for c in contacts}

    @classmethod
    def of(cls, contacts: list[Contact]) -> _Known:
        return cls(contacts)

    def matches(self, person: Person) -> tuple[Match, ...]:
        found = [Match(m.person.ref, m.person.name, m.by) for m in self.vault.match(person)]
        return tuple(found)

    def place(
        self, config: Config, person: Person, exists: Callable[[str], bool]
    ) -> tuple[str, tuple[Person, ...]]:
        """The new note's path and the namesakes it must be told apart from:
        `Name.md` when free, else `Name (Company).md` (never `Name 1.md`, which
        reads as a sync tool's copy). ValueError when neither can be had."""
        namesakes = self.vault.namesakes(person) + self.in_file.namesakes(person)
        path = contact_path(config, person.name)
        if not self._taken(path, exists):
            return path, namesakes
        for qualifier in qualifiers_of(person):
            qualified = contact_path(config, f"{person.name} ({qualifier})")
            if not self._taken(qualified, exists):
                return qualified, namesakes
        holder = self.paths.get(lookup_key(path))
        why = f"{path} is already the note of {holder}" if holder else f"{path} already exists"
        raise ValueError(why + "; add them by hand")

    def _taken(self, path: str, exists: Callable[[str], bool]) -> bool:
        return lookup_key(path) in self.paths or exists(path)

    def plan(self, person: Person, path: str) -> None:
        self.in_file.add(person)
        self.paths[lookup_key(path)] = person.name


def qualifiers_of(person: Person) -> list[str]:
    """What may tell a namesake apart in a file name, best first: their
    company, then the address, profile or number that identifies them."""
    found = []
    if person.company and link_target(person.company):
        found.append(" ".join(link_target(person.company).split()))
    found += [email.strip() for email in person.emails[:1]]
    if person.linkedin and (key := linkedin_key(person.linkedin)):
        found.append(key.rsplit("/", 1)[-1])
    found += [phone.strip() for phone in person.phones[:1]]
    return [q for q in found if q]


def apply_plan(
    plan: Plan,
    create: Callable[[NewContact, str], str],
    update: Callable[[Step], None] = lambda step: None,
) -> Plan:
    """Create every CREATE step through `create(contact, planned path)` (which
    returns the new note's path) and make every UPDATE through `update`; a
    refusal or a value it rejects becomes a FAILED step and the others go on.
    A broken template (TemplateError) stops the import: it would fail for
    everyone."""
    steps = []
    for step in plan.steps:
        try:
            if step.action == CREATE and step.contact is not None and step.path:
                step = replace(step, action=CREATED, path=create(step.contact, step.path))
            elif step.action == UPDATE:
                update(step)
                step = replace(step, action=UPDATED)
        except (WriteRefusedError, UsageError) as err:  # this person only; go on with the rest
            step = replace(step, action=FAILED, reason=err.message)
        steps.append(step)
    return replace(plan, steps=tuple(steps), applied=True)


def met_to_connected(path: str, day: date) -> Callable[[str], tuple[str, None]]:
    """The change an UPDATE makes to a note's text: its `met:` line, still
    holding `day`, renamed `connected:`; nothing else moves."""

    def change(text: str) -> tuple[str, None]:
        refuse_conflicts(path, text)
        lines = Lines.of(text)
        index = find_key(lines, "met")
        value = scalar_line(lines, index) if index is not None else None
        if value is None or value.split("#", 1)[0].strip().strip("'\"") != day.isoformat():
            raise WriteRefusedError(f"{path}: its met: is no longer {day}; left alone")
        return rename_key(text, "met", "connected"), None

    return change

"""Who is who: the one rule every importer (and `import ics`) uses to decide
whether a record from a source file is a person already known.

Two people are the same when they share a LinkedIn profile address, an email
or a phone number (each normalised). Sharing none of these, they are the same
when their names fold alike (case and accents aside; a known person answers
to their name, file name and aliases), unless both carry LinkedIn addresses
that differ, or both carry companies that differ. `not_same_as:` on either
side keeps two people apart whatever they share.

`Identities` indexes the known people once; each `match` then costs a few
dictionary look-ups, so an import of thousands of rows stays linear."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..models import Contact
from ..naming import known_as, lookup_key
from ..properties import emails_of, identifying_values
from .keys import company_key, email_key, link_target, linkedin_key, phone_key
from .records import Record

# What a match was made by, strongest first.
BY_LINKEDIN = "linkedin"
BY_EMAIL = "email"
BY_PHONE = "phone"
BY_NAME = "name"
BY_ALIAS = "alias"
STRONG = (BY_LINKEDIN, BY_EMAIL, BY_PHONE)
_ORDER = {by: rank for rank, by in enumerate((*STRONG, BY_NAME, BY_ALIAS))}


# --- people ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """What identifies someone. `ref` is the caller's handle on them (a note's
    path, a row's `line 7`); `names` are the name first, then file stem and
    aliases, as written; `not_same_as` the names of people they are not."""

    ref: str
    names: tuple[str, ...]
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    linkedin: str | None = None
    company: str | None = None
    not_same_as: tuple[str, ...] = ()
    aliases_from: int = 1  # names[aliases_from:] are aliases (a note's file stem is a name)
    folded: frozenset[str] = field(init=False, repr=False, compare=False)
    apart: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", frozenset(k for k in map(lookup_key, self.names) if k))
        apart = (lookup_key(link_target(n)) for n in self.not_same_as)
        object.__setattr__(self, "apart", frozenset(k for k in apart if k))

    @property
    def name(self) -> str:
        return self.names[0] if self.names else ""

    def strong_keys(self) -> Iterable[tuple[str, str]]:
        """(kind, normal form) of everything strong that identifies them."""
        if self.linkedin and (key := linkedin_key(self.linkedin)):
            yield BY_LINKEDIN, key
        for email in self.emails:
            if key := email_key(email):
                yield BY_EMAIL, key
        for phone in self.phones:
            if key := phone_key(phone):
                yield BY_PHONE, key


@dataclass(frozen=True, slots=True)
class Match:
    """A known person who is the one asked about, and what showed it."""

    person: Person
    by: str  # BY_LINKEDIN, BY_EMAIL, BY_PHONE, BY_NAME or BY_ALIAS


def kept_apart(a: Person, b: Person) -> bool:
    """`not_same_as:` on either side names the other."""
    return bool(a.apart & b.folded or b.apart & a.folded)


def told_apart(a: Person, b: Person, strict: bool = False) -> bool:
    """Namesakes who are not the same person: both carry LinkedIn addresses
    that differ, or both carry companies that differ. `strict` (two entries of
    one source file, which that file already keeps apart) adds: both carry
    emails, or both phones, and share none."""
    if marks_differ(namesake_marks(a), namesake_marks(b)):
        return True
    if strict:
        for kind in (BY_EMAIL, BY_PHONE):
            ka = {k for t, k in a.strong_keys() if t == kind}
            kb = {k for t, k in b.strong_keys() if t == kind}
            if ka and kb and not ka & kb:
                return True
    return False


def namesake_marks(person: Person) -> tuple[str | None, str | None]:
    """What tells namesakes apart (told_apart): their LinkedIn address and
    company, normalised. Small enough to hold for a whole vault's contacts
    where their Persons are not (duplicates.py)."""
    linkedin = linkedin_key(person.linkedin) if person.linkedin else None
    return linkedin, company_key(person.company)


def marks_differ(a: tuple[str | None, ...], b: tuple[str | None, ...]) -> bool:
    """Both carry a LinkedIn address and they differ, or both a company."""
    return any(x and y and x != y for x, y in zip(a, b, strict=True))


class Identities:
    """Known people indexed by every key that identifies them. Build it once
    (`Identities(people)`), then `match` each record; `add` a record once it
    is to become someone, so a file that lists a person twice makes one."""

    def __init__(self, people: Iterable[Person] = (), strict: bool = False) -> None:
        self.strict = strict
        self._strong: dict[tuple[str, str], list[Person]] = {}
        self._names: dict[str, list[tuple[Person, str]]] = {}
        self._people: list[Person] = []
        for person in people:
            self.add(person)

    def __len__(self) -> int:
        return len(self._people)

    def add(self, person: Person) -> None:
        self._people.append(person)
        for key in dict.fromkeys(person.strong_keys()):
            self._strong.setdefault(key, []).append(person)
        seen: set[str] = set()
        for position, name in enumerate(map(lookup_key, person.names)):
            if name and name not in seen:
                seen.add(name)
                by = BY_NAME if position < person.aliases_from else BY_ALIAS
                self._names.setdefault(name, []).append((person, by))

    def match(self, person: Person) -> tuple[Match, ...]:
        """Every known person who is `person`, strongest evidence first, one
        Match per known person (by the strongest key they share)."""
        found: dict[int, Match] = {}
        for kind, key in person.strong_keys():
            for known in self._strong.get((kind, key), ()):
                if not kept_apart(person, known):
                    _keep_stronger(found, Match(known, kind))
        for known, by in self._namesakes(person):
            if not told_apart(person, known, self.strict):
                _keep_stronger(found, Match(known, by))
        return tuple(
            sorted(found.values(), key=lambda m: (_ORDER[m.by], lookup_key(m.person.name)))
        )

    def namesakes(self, person: Person) -> tuple[Person, ...]:
        """Known people with `person`'s name (or alias) who are someone else:
        told apart by LinkedIn or company, or by `not_same_as:`."""
        matched = {id(m.person) for m in self.match(person)}
        seen: dict[int, Person] = {}
        for known, _ in self._namesakes(person, keep_apart=True):
            if id(known) not in matched:
                seen.setdefault(id(known), known)
        return tuple(seen.values())

    def by_email(self, email: str) -> tuple[Person, ...]:
        """Who has this address (a calendar attendee's, say)."""
        key = email_key(email)
        return tuple(self._strong.get((BY_EMAIL, key), ())) if key else ()

    def by_name(self, name: str) -> tuple[Person, ...]:
        """Who answers to this name, file name or alias (case and accents aside)."""
        return tuple(dict.fromkeys(p for p, _ in self._names.get(lookup_key(name), ())))

    def _namesakes(self, person: Person, keep_apart: bool = False) -> Iterable[tuple[Person, str]]:
        for name in person.folded:
            for known, by in self._names.get(name, ()):
                if keep_apart or not kept_apart(person, known):
                    yield known, by


def _keep_stronger(found: dict[int, Match], match: Match) -> None:
    held = found.get(id(match.person))
    if held is None or _ORDER[match.by] < _ORDER[held.by]:
        found[id(match.person)] = match


# --- from notes ------------------------------------------------------------


def identity_keys(
    details: Mapping[str, object],
    email: str | None,
    names: Iterable[str],
    aliases: Iterable[str],
    folded: Mapping[str, str] | None = None,
) -> list[str]:
    """What identifies a contact, as the index stores it: `name:jane doe`
    (name and file name, folded), `alias:jd`, `email:a@x.example`,
    `phone:550104477`, `linkedin:in/jane`, `apart:…` (not_same_as). Two
    contacts that share one may be one person: `check` judges only those.
    `folded`: lookup_key of some of the names and aliases, made already."""
    values = identifying_values(details)
    if folded:
        found = {f"{BY_NAME}:{folded[t] if t in folded else lookup_key(t)}" for t in names}
        for t in aliases:
            found.add(f"{BY_ALIAS}:{folded[t] if t in folded else lookup_key(t)}")
    else:
        found = {f"{BY_NAME}:{key}" for key in map(lookup_key, names)}
        for key in map(lookup_key, aliases):
            found.add(f"{BY_ALIAS}:{key}")
    if email or values:  # emails_of's list is empty without either
        for address in emails_of(email, values):
            found.add(_stored(BY_EMAIL, address))
    if values:  # most contacts have a phone or a LinkedIn address, few both; loops, not generators
        for phone in values.get("phone", ()):
            found.add(_stored(BY_PHONE, phone))
        for url in values.get("linkedin", ()):
            found.add(_stored(BY_LINKEDIN, url))
        for name in values.get("not_same_as", ()):
            found.add(f"{APART}:{lookup_key(link_target(name))}")
    # An empty key leaves only its kind: `name:`, or "" from _stored.
    found.difference_update(_EMPTY_KEYS)
    return sorted(found)


APART = "apart"
# The keys of an empty value, never stored.
_EMPTY_KEYS = ("", f"{BY_NAME}:", f"{BY_ALIAS}:", f"{APART}:")


def person_of_keys(contact: Contact, keys: Iterable[str]) -> Person:
    """A contact as the matcher sees them, from the keys the index stored
    (identity_keys) instead of their frontmatter: what `check` uses."""
    by_kind: dict[str, list[str]] = {}
    for key in keys:
        kind, _, value = key.partition(":")
        if kind not in (BY_NAME, BY_ALIAS):
            by_kind.setdefault(kind, []).append(value)
    linkedin = by_kind.get(BY_LINKEDIN, [])
    return Person(
        ref=contact.path,
        names=known_as(contact.name, contact.path, contact.aliases),
        emails=tuple(by_kind.get(BY_EMAIL, [])),
        phones=tuple(by_kind.get(BY_PHONE, [])),
        linkedin=f"linkedin.com/{linkedin[0]}" if linkedin else None,
        company=contact.company,
        not_same_as=tuple(by_kind.get(APART, [])),
        aliases_from=2,
    )


def _stored(kind: str, value: str) -> str:
    normal: Callable[[str], str | None] = _NORMAL[kind]
    key = normal(value) if value else None
    return f"{kind}:{key}" if key else ""


_NORMAL: dict[str, Callable[[str], str | None]] = {
    BY_EMAIL: email_key,
    BY_PHONE: phone_key,
    BY_LINKEDIN: linkedin_key,
}


def person_of_contact(contact: Contact) -> Person:
    """A vault contact as the matcher sees them; `ref` is the note's path."""
    values = identifying_values(contact.details)
    linkedin = next((u for u in values.get("linkedin", []) if linkedin_key(u)), None)
    return Person(
        ref=contact.path,
        names=known_as(contact.name, contact.path, contact.aliases),
        emails=tuple(emails_of(contact.email, values)),
        phones=tuple(dict.fromkeys(values.get("phone", []))),
        linkedin=linkedin,
        company=contact.company,
        not_same_as=tuple(values.get("not_same_as", [])),
        aliases_from=2,
    )


def person_of_record(record: Record) -> Person:
    """A source file's record as the matcher sees them; `ref` is where it is."""
    return Person(
        ref=record.where,
        names=(record.name,),
        emails=record.emails,
        phones=record.phones,
        linkedin=record.linkedin,
        company=record.company,
    )

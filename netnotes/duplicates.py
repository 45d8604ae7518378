"""Likely duplicates for `check` and the digest's "needs attention": two
contacts who are one person by the identity rule (interop/identity.py) — a
shared LinkedIn address, email or phone, else one name unless LinkedIn
addresses or companies differ — and that no `not_same_as:` keeps apart.
`netnotes merge` joins them."""

from __future__ import annotations

from .interop.identity import Identities, Match, Person, person_of_contact
from .models import WARNING, Contact, Problem


def likely_duplicates(contacts: list[Contact]) -> list[Problem]:
    """One warning per contact that has a likely duplicate, naming the others."""
    known = Identities()
    pairs: dict[str, dict[str, str]] = {}
    for contact in sorted(contacts, key=lambda c: c.path):
        person = person_of_contact(contact)
        for match in known.match(person):
            why = _why(person, match)
            pairs.setdefault(person.ref, {})[match.person.ref] = why
            pairs.setdefault(match.person.ref, {})[person.ref] = why
        known.add(person)
    return [_problem(path, others) for path, others in sorted(pairs.items())]


def _why(person: Person, match: Match) -> str:
    """The name they share (folded), else what else they share."""
    shared = person.folded & match.person.folded
    return f"'{min(shared, key=lambda k: (-len(k), k))}'" if shared else f"the same {match.by}"


def _problem(path: str, others: dict[str, str]) -> Problem:
    whys = sorted(set(others.values()))
    listed = ", ".join(sorted(others))
    names = [w for w in whys if w.startswith("'")]
    if names:
        text = f"another contact also answers to {names[0]}: {listed}"
    else:
        text = f"likely the same person ({' and '.join(whys)}) as {listed}"
    hint = "; `netnotes merge` joins them, `not_same_as:` says they differ"
    return Problem(path, None, WARNING, text + hint, names[0].strip("'") if names else listed)

"""Likely duplicates for `check` and the digest's "needs attention": two
contacts who are one person by the identity rule (interop/identity.py) — a
shared LinkedIn address, email or phone, else one name unless LinkedIn
addresses or companies differ — and that no `not_same_as:` keeps apart.
`netnotes merge` joins them. The index finds the pairs that share a name or
a key; only those are judged here."""

from __future__ import annotations

from collections.abc import Sequence

from .interop.identity import Person, kept_apart, person_of_keys, told_apart
from .models import WARNING, Contact, Problem

_STRONG_PREFIXES = ("email:", "phone:", "linkedin:")


def likely_duplicates(
    pairs: Sequence[tuple[str, str, str]], contacts: dict[str, Contact]
) -> list[Problem]:
    """One warning per contact that has a likely duplicate, naming the others.
    `pairs` are (path, path, shared key), keys `name:…` or `email:…` and such."""
    shared: dict[tuple[str, str], set[str]] = {}
    for first, second, key in pairs:
        shared.setdefault((min(first, second), max(first, second)), set()).add(key)
    people: dict[str, Person] = {}

    def person(path: str) -> Person:
        found = people.get(path)
        if found is None:
            contact = contacts[path]
            keys = contact.details.get("keys", [])
            found = people[path] = person_of_keys(contact, keys if isinstance(keys, list) else [])
        return found

    others: dict[str, dict[str, str]] = {}
    for (first, second), keys in sorted(shared.items()):
        a, b = person(first), person(second)
        strong = sorted(k.split(":", 1)[0] for k in keys if k.startswith(_STRONG_PREFIXES))
        if kept_apart(a, b) or (not strong and told_apart(a, b)):
            continue
        names = sorted((k[5:] for k in keys if k.startswith("name:")), key=lambda k: (-len(k), k))
        why = f"'{names[0]}'" if names else f"the same {strong[0]}"
        others.setdefault(first, {})[second] = why
        others.setdefault(second, {})[first] = why
    return [_problem(path, found) for path, found in sorted(others.items())]


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

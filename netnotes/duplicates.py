"""Likely duplicates for `check` and the digest's "needs attention": two
contacts who are one person by the identity rule (interop/identity.py) — a
shared LinkedIn address, email or phone, else one name unless LinkedIn
addresses or companies differ — and that no `not_same_as:` keeps apart.
`netnotes merge` joins them. The index finds the pairs that share a name or
a key; only those are judged here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .interop.identity import Person, kept_apart, person_of_keys, told_apart
from .layout import PROBLEMS
from .models import WARNING, Contact, Problem
from .naming import link_key
from .results import CONTACT_COLUMNS, SharedIdentities, SharedKey, contact_of
from .schema import chunks, insert, marks

if TYPE_CHECKING:
    import sqlite3

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


def record_duplicates(conn: sqlite3.Connection) -> None:
    """Store duplicate_problems for Index.problems: every sync that wrote a
    contact or changed a file's names does (sync._Changes.may_move_duplicates)."""
    conn.execute("DELETE FROM duplicate_problems")
    conn.executemany(
        insert("duplicate_problems", PROBLEMS[1:]),
        [(p.path, p.line, p.severity, p.problem, p.detail) for p in duplicate_problems(conn)],
    )


def duplicate_problems(conn: sqlite3.Connection) -> list[Problem]:
    """Likely duplicates and sync-conflict copies of a contact, as problems."""
    found = likely_duplicates(*shared_identities(conn))
    for path, original in conn.execute(
        "SELECT f.path, c.copy_of FROM contacts c JOIN files f ON f.id = c.file"
        " WHERE c.copy_of IS NOT NULL"
    ):
        if conn.execute(
            "SELECT 1 FROM names WHERE key = ? AND rank = 1", (link_key(original),)
        ).fetchone():
            found.append(
                Problem(
                    path,
                    None,
                    WARNING,
                    f"looks like a sync-conflict copy of '{original}'",
                    original,
                )
            )
    return found


def shared_identities(conn: sqlite3.Connection) -> SharedIdentities:
    """Pairs of contacts (path, path, shared key) where one's name or file
    name (folded) is the other's name, file name or alias (`name:…`), or
    that hold one email, phone or LinkedIn address (`email:…`, normalised
    when indexed); and those contacts, with the keys they hold as
    `details` ({"keys": [...]}): all `check` needs to tell likely
    duplicates, found in SQL rather than by matching every contact."""
    both = " JOIN files fa ON fa.id = a.file JOIN files fb ON fb.id = b.file"
    pairs = [  # from the keys held twice, and the names someone holds as an alias:
        SharedKey(*pair)  # read off the index of keys, not contact by contact
        for pair in conn.execute(
            "WITH twice AS (SELECT key FROM identities GROUP BY key HAVING COUNT(*) > 1"
            " AND key NOT LIKE 'apart:%' AND key NOT LIKE 'alias:%'),"
            " aliased AS (SELECT DISTINCT 'name:' || substr(key, 7) AS key FROM identities"
            " WHERE key LIKE 'alias:%')"
            " SELECT fa.path, fb.path, a.key FROM twice s JOIN identities a ON a.key = s.key"
            " JOIN identities b ON b.key = a.key AND a.file < b.file" + both + " UNION"
            " SELECT fa.path, fb.path, a.key FROM aliased s JOIN identities a ON a.key = s.key"
            " JOIN identities b ON b.key = 'alias:' || substr(a.key, 6) AND a.file != b.file" + both
        )
    ]
    paths = sorted({p for a, b, _ in pairs for p in (a, b)})
    contacts: dict[str, Contact] = {}
    for chunk in chunks(paths):
        held = marks(chunk)
        keys: dict[str, list[str]] = {}
        for path, key in conn.execute(
            f"SELECT f.path, x.key FROM identities x JOIN files f ON f.id = x.file"
            f" WHERE f.path IN ({held})",
            chunk,
        ):
            keys.setdefault(path, []).append(key)
        for row in conn.execute(
            f"SELECT {CONTACT_COLUMNS}, NULL FROM contacts c JOIN files f ON f.id = c.file"
            f" WHERE f.path IN ({held})",
            chunk,
        ):
            found = contact_of(row)
            contacts[found.path] = replace(found, details={"keys": keys.get(found.path, [])})
    return SharedIdentities(pairs, contacts)

"""Likely duplicates for `check` and the digest's "needs attention": two
contacts who are one person by the identity rule (interop/identity.py) — a
shared LinkedIn address, email or phone, else one name unless LinkedIn
addresses or companies differ — and that no `not_same_as:` keeps apart.
`netnotes merge` joins them. The index finds the pairs that share a name or
a key; only those are judged here."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from .interop.identity import Person, kept_apart, marks_differ, namesake_marks, person_of_keys
from .layout import PROBLEMS
from .models import WARNING, Problem
from .naming import link_key
from .results import CONTACT_COLUMNS, contact_of
from .schema import chunks, insert, marks

if TYPE_CHECKING:
    import sqlite3

_STRONG_PREFIXES = ("email:", "phone:", "linkedin:")


def likely_duplicates(conn: sqlite3.Connection) -> list[Problem]:
    """One warning per contact that has a likely duplicate, naming the others.
    The pairs that share a key are read in order, a pair's keys together, and
    judged by each contact's namesake marks: at 100,000 contacts ~200,000
    pairs of ~75,000 contacts, whose paths and Persons held at once took
    ~270 MB."""
    conn.execute("DROP TABLE IF EXISTS temp.shared_keys")
    conn.execute(f"CREATE TEMP TABLE shared_keys AS {_SHARED_KEYS}")
    try:
        judge = _Judge(conn)
        others: dict[int, dict[int, str]] = {}
        pairs = conn.execute("SELECT lo, hi, key FROM temp.shared_keys ORDER BY lo, hi")
        for (first, second), rows in groupby(pairs, key=itemgetter(0, 1)):
            why = judge.why(first, second, {key for _, _, key in rows})
            if why is not None:
                others.setdefault(first, {})[second] = why
                others.setdefault(second, {})[first] = why
    finally:
        conn.execute("DROP TABLE temp.shared_keys")
    paths: dict[int, str] = {}
    for chunk in chunks(sorted(others)):
        paths.update(
            conn.execute(f"SELECT id, path FROM files WHERE id IN ({marks(chunk)})", chunk)
        )
    found = {paths[f]: {paths[o]: why for o, why in mine.items()} for f, mine in others.items()}
    return [_problem(path, found[path]) for path in sorted(found)]


# Pairs of contacts (file ids, the lower first) and a key both hold: keys
# held twice, and the names someone holds as an alias. Read off the index
# of keys, not contact by contact.
_SHARED_KEYS = (
    "WITH twice AS (SELECT key FROM identities GROUP BY key HAVING COUNT(*) > 1"
    " AND key NOT LIKE 'apart:%' AND key NOT LIKE 'alias:%'),"
    " aliased AS (SELECT DISTINCT 'name:' || substr(key, 7) AS key FROM identities"
    " WHERE key LIKE 'alias:%')"
    " SELECT a.file AS lo, b.file AS hi, a.key AS key FROM twice s"
    " JOIN identities a ON a.key = s.key JOIN identities b ON b.key = a.key AND a.file < b.file"
    " UNION SELECT MIN(a.file, b.file), MAX(a.file, b.file), a.key FROM aliased s"
    " JOIN identities a ON a.key = s.key"
    " JOIN identities b ON b.key = 'alias:' || substr(a.key, 6) AND a.file != b.file"
)


class _Judge:
    """The contacts of temp.shared_keys as the identity rule sees them: each
    one's namesake marks (LinkedIn, company), and whole Persons only for
    those with `not_same_as:` and whom they pair with."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.marks: dict[int, tuple[str | None, str | None]] = {}
        self.people: dict[int, Person] = {}  # with `not_same_as:`, and their pairs' others
        self.apart: set[int] = set()
        files = [f for (f,) in conn.execute(_PAIRED)]
        seen: dict[tuple[str | None, str | None], tuple[str | None, str | None]] = {}
        for chunk in chunks(files):
            for file, person in _people(conn, chunk):
                found = namesake_marks(person)
                self.marks[file] = seen.setdefault(found, found)  # one of each
                if person.apart:
                    self.apart.add(file)
                    self.people[file] = person

    def why(self, first: int, second: int, keys: set[str]) -> str | None:
        """Why two contacts sharing `keys` are likely one person, or None."""
        strong = sorted(k.split(":", 1)[0] for k in keys if k.startswith(_STRONG_PREFIXES))
        if {first, second} & self.apart and kept_apart(self._person(first), self._person(second)):
            return None
        if not strong and marks_differ(self.marks[first], self.marks[second]):
            return None
        names = sorted((k[5:] for k in keys if k.startswith("name:")), key=lambda k: (-len(k), k))
        return f"'{names[0]}'" if names else f"the same {strong[0]}"

    def _person(self, file: int) -> Person:
        found = self.people.get(file)
        if found is None:
            found = self.people[file] = next(_people(self.conn, [file]))[1]
        return found


_PAIRED = "SELECT lo FROM temp.shared_keys UNION SELECT hi FROM temp.shared_keys"


def _people(conn: sqlite3.Connection, files: list[int]) -> Iterator[tuple[int, Person]]:
    """Each of these contacts as the identity rule sees them, from the keys
    the index holds (identity_keys)."""
    held = marks(files)
    keys: dict[int, list[str]] = {}
    for file, key in conn.execute(
        f"SELECT file, key FROM identities WHERE file IN ({held})", files
    ):
        keys.setdefault(file, []).append(key)
    for row in conn.execute(
        f"SELECT c.file, {CONTACT_COLUMNS}, NULL FROM contacts c JOIN files f ON f.id = c.file"
        f" WHERE c.file IN ({held})",
        files,
    ):
        yield row[0], person_of_keys(contact_of(row[1:]), keys.get(row[0], []))


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
    found = likely_duplicates(conn)
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

"""The digest's table of members as the index keeps it between commands
(schema: `member`, `member_dirty`, meta MEMBERS_KEY): of one day and one
config's clocks, read whole when asked of another, else read again only for
the contacts a sync marked. What the rows hold is digest_members' (its SQL
comes in); this module owns the writing: one transaction, never waited
for, so that a digest beside a writing watcher reads into a table of its own
instead (digest_members.fill_members); and the reading: in one read
transaction that holds the table as refreshed, so that two digests of two
days at once (a watcher's today, a user's `--date`) each read their own."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from .schema import MEMBERS_KEY

Connection = sqlite3.Connection  # for the domain's annotations, which import no sqlite3
_TRIES = 3  # refreshes before a digest reads into a table of its own instead


# (here, where the digest needs it, not in coldload.py: a digest imports no cold load)
@contextmanager
def never_waiting(conn: sqlite3.Connection) -> Iterator[None]:
    """No wait for another connection's lock meanwhile: what is tried then
    is worth only its saving, not a wait (its busy timeout restored after)."""
    waits = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waits)}")


def refresh(
    conn: sqlite3.Connection,
    key: str,
    whole: Sequence[str],
    marked: Sequence[str],
    values: dict,
    prepare: Callable[[], None],
) -> bool:
    """Bring the kept table to `key` (its day and clocks): `whole` (SQL
    statements filling it, and what is kept with it) when it is of another
    key, else `marked` for the contacts a sync marked, before their marks
    are cleared; each run with `values` after `prepare()` (only when there
    is something to read). True when the kept table is current: the
    connection is then left in a read transaction that sees it so, which
    the caller ends with `release` once it has read (another process may
    bring the table to another day meanwhile: its writes wait in the log).
    False when the index cannot be written now (read-only, or another
    process writing) and the kept table is not current anyway."""
    for _ in range(_TRIES):
        try:
            with never_waiting(conn):
                conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return _held(conn, key)
        try:
            if stored(conn) != key:
                prepare()
                conn.execute("DELETE FROM member")
                for statement in whole:
                    conn.execute(statement, values)
                conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (MEMBERS_KEY, key))
            elif _marked(conn):
                prepare()
                conn.execute("DELETE FROM member WHERE file IN (SELECT file FROM member_dirty)")
                for statement in marked:
                    conn.execute(statement, values)
            conn.execute("DELETE FROM member_dirty")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if _held(conn, key):  # unless another process wrote it between the two
            return True
    return False


def release(conn: sqlite3.Connection) -> None:
    """End the read transaction `refresh` left open, if it did."""
    if conn.in_transaction:
        conn.execute("COMMIT")


def _held(conn: sqlite3.Connection, key: str) -> bool:
    """A read transaction begun in which the kept table is of `key` and
    current (True), or none (False)."""
    conn.execute("BEGIN")
    if stored(conn) == key and not _marked(conn):
        return True
    conn.execute("COMMIT")
    return False


def stored(conn: sqlite3.Connection) -> str | None:
    """The key the kept table is of (None: to be read whole)."""
    found = conn.execute("SELECT value FROM meta WHERE key = ?", (MEMBERS_KEY,)).fetchone()
    return None if found is None else str(found[0])


def _marked(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM member_dirty LIMIT 1").fetchone() is not None

"""Rows of parsed files written into the index (or a cold load's part
file) in batches: a table's rows of many files written a few dozen to a
statement."""

from __future__ import annotations

import sqlite3
from itertools import chain
from itertools import count as numbers
from typing import TYPE_CHECKING, Any

from . import fulltext, layout
from .schema import insert

if TYPE_CHECKING:
    from .rows import FileRows

BATCH = 500  # files written with one executemany per table

# The tables whose FileRows list (the attribute of the same name) goes in as it is.
AS_THEY_ARE = {
    "names": layout.NAMES,
    "folds": layout.FOLDS,
    "identities": layout.IDENTITIES,
    "problems": layout.PROBLEMS,
    "links": layout.LINKS,
    "interactions": layout.INTERACTIONS,
    "items": layout.ITEMS,
    "mentions": layout.MENTIONS,
}
ROWS_AT_ONCE = 32  # rows an INSERT writes at once, past the last few of a table


class Insert:
    """A table's INSERT of rows laid out as `columns`, written ROWS_AT_ONCE
    rows a statement (their values in one flat tuple), the rest one a row:
    each statement SQLite runs, and sqlite3 steps with the GIL released and
    resets, costs about what binding a row's values does; the rows go in in
    the same order, with the same ids."""

    def __init__(self, table: str, columns: tuple[str, ...]) -> None:
        self.one = insert(table, columns)
        head, values = self.one.split(" VALUES ")
        self.many = f"{head} VALUES {', '.join([values] * ROWS_AT_ONCE)}"

    def write(self, conn: sqlite3.Connection, rows: list[Any]) -> None:
        whole = len(rows) - len(rows) % ROWS_AT_ONCE
        for start in range(0, whole, ROWS_AT_ONCE):
            conn.execute(self.many, tuple(chain.from_iterable(rows[start : start + ROWS_AT_ONCE])))
        conn.executemany(self.one, rows[whole:])


_FILE = Insert("files", layout.FILES)
_BODY = Insert("bodies", layout.BODIES)
_CONTACT = Insert("contacts", layout.CONTACTS)
_DETAILS = Insert("contact_details", layout.CONTACT_DETAILS)
_SHOWN = Insert("shown", layout.SHOWN)
_MEETING = Insert("meetings", layout.MEETINGS)
_SECTION = Insert("sections", ("id", *layout.SECTIONS))
_SECTION_ROW = Insert("sections", layout.SECTIONS)  # numbered by SQLite
_INSERTS = {table: Insert(table, columns) for table, columns in AS_THEY_ARE.items()}


class Batch:
    """Rows from many files, written table by table (Insert). The rows
    come ready (rows.py puts the file's id in each); only sections are
    numbered here, as each one's id is its full-text row's too. `appending`:
    nothing is deleted from the tables while it writes (a cold load's part
    file), so SQLite's own numbering (the last id + 1) gives sections the
    same ids, and those without full text are written without one (one
    value fewer to bind, for ~170,000 sections at 10,000 contacts)."""

    def __init__(self, conn: sqlite3.Connection, appending: bool = False) -> None:
        self.conn = conn
        self.pending: list[FileRows] = []
        self.next_section = (conn.execute("SELECT MAX(id) FROM sections").fetchone()[0] or 0) + 1
        self.appending = appending

    def add(self, rows: FileRows) -> None:
        self.pending.append(rows)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        pending, conn = self.pending, self.conn
        self.pending = []

        def rows_of(table: str) -> list[Any]:
            return list(chain.from_iterable(getattr(f, table) for f in pending))

        _FILE.write(conn, [f.file_row() for f in pending])
        _BODY.write(conn, [(f.file, f.body) for f in pending if f.body is not None])
        _CONTACT.write(conn, [f.contact for f in pending if f.contact])
        _DETAILS.write(conn, [(f.file, f.details) for f in pending if f.details is not None])
        _SHOWN.write(conn, [f.shown for f in pending if f.shown])
        _MEETING.write(
            conn, [(f.file, f.attendees, f.groups) for f in pending if f.attendees is not None]
        )
        for table, statement in _INSERTS.items():
            statement.write(conn, rows_of(table))
        sections = rows_of("sections")
        start, self.next_section = self.next_section, self.next_section + len(sections)
        if not any(f.texts for f in pending) and self.appending:
            _SECTION_ROW.write(conn, sections)
            return
        _SECTION.write(conn, [(start + n, *row) for n, row in enumerate(sections)])
        if any(f.texts for f in pending):
            fulltext.add(conn, zip(numbers(start), rows_of("texts")))


# The tables a Batch writes, in its order; a cold load copies them from the parts.
BATCH_TABLES = (
    *("files", "bodies", "contacts", "contact_details", "shown", "meetings"),
    *AS_THEY_ARE,
    "sections",
)

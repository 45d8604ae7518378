"""Rows of parsed files written into the index (or a cold load's part
file) in batches: one executemany per table for many files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
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
_INSERT_FILE = insert("files", layout.FILES)
_INSERT_BODY = insert("bodies", layout.BODIES)
_INSERT_CONTACT = insert("contacts", layout.CONTACTS)
_INSERT_DETAILS = insert("contact_details", layout.CONTACT_DETAILS)
_INSERT_SHOWN = insert("shown", layout.SHOWN)
_INSERT_MEETING = insert("meetings", layout.MEETINGS)
_INSERT_SECTION = insert("sections", ("id", *layout.SECTIONS))
_INSERT_SECTION_ROW = insert("sections", layout.SECTIONS)  # numbered by SQLite
_INSERTS = {table: insert(table, columns) for table, columns in AS_THEY_ARE.items()}


class Batch:
    """Rows from many files, written with one executemany per table. The rows
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

        def rows_of(table: str) -> Iterator[Any]:
            return chain.from_iterable(getattr(f, table) for f in pending)

        conn.executemany(_INSERT_FILE, [f.file_row() for f in pending])
        conn.executemany(_INSERT_BODY, [(f.file, f.body) for f in pending if f.body is not None])
        conn.executemany(_INSERT_CONTACT, [f.contact for f in pending if f.contact])
        conn.executemany(
            _INSERT_DETAILS, [(f.file, f.details) for f in pending if f.details is not None]
        )
        conn.executemany(_INSERT_SHOWN, [f.shown for f in pending if f.shown])
        conn.executemany(
            _INSERT_MEETING,
            [(f.file, f.attendees, f.groups) for f in pending if f.attendees is not None],
        )
        for table, statement in _INSERTS.items():
            conn.executemany(statement, rows_of(table))
        sections = list(rows_of("sections"))
        start, self.next_section = self.next_section, self.next_section + len(sections)
        if not any(f.texts for f in pending) and self.appending:
            conn.executemany(_INSERT_SECTION_ROW, sections)
            return
        conn.executemany(_INSERT_SECTION, [(start + n, *row) for n, row in enumerate(sections)])
        if any(f.texts for f in pending):
            fulltext.add(conn, zip(numbers(start), rows_of("texts")))


# The tables a Batch writes, in its order; a cold load copies them from the parts.
BATCH_TABLES = (
    *("files", "bodies", "contacts", "contact_details", "shown", "meetings"),
    *AS_THEY_ARE,
    "sections",
)

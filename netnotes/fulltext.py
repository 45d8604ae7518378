"""Full-text search's rows: a contentless FTS5 table (`search`), one row per
section (its rowid is the section's id), and each note's text kept
zlib-compressed in `bodies`, because SQLite 3.40's contentless FTS5 can only
take a row's words out when given its text again (`contentless_delete`
arrives in 3.43).

The full-text index is filled on the first search, not by the sync that
builds the index: tokenising every note and compressing its text was a fifth
of a cold index's work, and most commands never search. Once filled (the
`meta` key FILLED), every sync keeps it up to date; until then a sync stores
neither texts nor bodies. A file has rows here exactly when it has a body.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from .text import section_text, split_note
from .vault import ReadProblem, decode_note

if TYPE_CHECKING:  # rows.py compresses with this module in parse workers: no SQLite there
    import sqlite3

FILLED = "fulltext"  # the meta key present once `search` holds every section
_INSERT = "INSERT INTO search(rowid, text) VALUES (?, ?)"
_DELETE = "INSERT INTO search(search, rowid, text) VALUES ('delete', ?, ?)"
_BATCH = 2000  # sections inserted with one executemany while filling


def is_filled(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM meta WHERE key = ?", (FILLED,)).fetchone() is not None


def compress(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def section_texts(body: bytes, sections: list[tuple[int, int]]) -> list[str]:
    """The text of each (line, end_line) section of a stored body."""
    return texts_of(zlib.decompress(body).decode("utf-8", "surrogatepass"), sections)


def texts_of(text: str, sections: list[tuple[int, int]]) -> list[str]:
    """The text of each (line, end_line) section, exactly as the parser gave
    it to the full-text index."""
    lines = split_note(text)
    return [section_text(lines, start, end) for start, end in sections]


def add(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
    """(section id, text) rows into the full-text index."""
    conn.executemany(_INSERT, rows)


def forget(conn: sqlite3.Connection, file: int) -> None:
    """Take a file's sections out of the full-text index, with the text they
    went in with; its body and section rows are the caller's to delete."""
    found = conn.execute("SELECT body FROM bodies WHERE file = ?", (file,)).fetchone()
    if found is None:  # not filled yet, or the note was unreadable when it was
        return
    sections = conn.execute(
        "SELECT id, line, end_line FROM sections WHERE file = ? ORDER BY id", (file,)
    ).fetchall()
    texts = section_texts(found[0], [(start, end) for _, start, end in sections])
    conn.executemany(_DELETE, [(row[0], text) for row, text in zip(sections, texts)])


def fill_once(
    conn: sqlite3.Connection, root: Path, progress: Callable[[int, int], None] | None = None
) -> None:
    """fill() in a write transaction of its own, unless the index is filled;
    another process may be filling it: that is checked again under the lock."""
    if is_filled(conn):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not is_filled(conn):
            fill(conn, root, progress)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def fill(
    conn: sqlite3.Connection, root: Path, progress: Callable[[int, int], None] | None = None
) -> None:
    """Fill the full-text index from the notes, inside the caller's write
    transaction: each note with sections is read again, its text stored
    compressed and its sections' words indexed. A note unreadable now (gone
    since the sync) gets no words until it changes; it never stops the others."""
    rows: list[tuple[int, str]] = []
    bodies: list[tuple[int, bytes]] = []
    total = conn.execute("SELECT COUNT(DISTINCT file) FROM sections").fetchone()[0]
    for done, (file, path, sections) in enumerate(_sections_by_file(conn), 1):
        if progress:
            progress(done, total)
        try:
            with open(root / path, "rb") as handle:
                text = decode_note(path, handle.read())
        except (OSError, ReadProblem):
            continue
        bodies.append((file, compress(text)))
        texts = texts_of(text, [(start, end) for _, start, end in sections])
        rows += [(section[0], words) for section, words in zip(sections, texts)]
        if len(rows) >= _BATCH:
            _write(conn, bodies, rows)
    _write(conn, bodies, rows)
    conn.execute("INSERT INTO meta VALUES (?, '1')", (FILLED,))


def _write(conn: sqlite3.Connection, bodies: list, rows: list) -> None:
    conn.executemany("INSERT INTO bodies(file, body) VALUES (?, ?)", bodies)
    add(conn, rows)
    bodies.clear()
    rows.clear()


def _sections_by_file(
    conn: sqlite3.Connection,
) -> Iterator[tuple[int, str, list[tuple[int, int, int]]]]:
    """(file id, path, its (id, line, end_line) sections) for each file with any."""
    cursor = conn.execute(
        "SELECT s.file, f.path, s.id, s.line, s.end_line FROM sections s"
        " JOIN files f ON f.id = s.file ORDER BY s.file, s.id"
    )
    for (file, path), group in groupby(cursor, key=lambda r: (r[0], r[1])):
        yield file, path, [(r[2], r[3], r[4]) for r in group]

"""The watcher's WAL checkpoints, run when no one waits for them.

SQLite checkpoints the WAL in the commit that takes it past 1,000 pages:
that commit also fsyncs the WAL and the index (17-31 ms of one save in ~20
at 10,000 contacts, the one-change p99). A watcher's connection leaves
them (`leave`) to `checkpoint`, which the watcher calls once it has written
a save's outputs, in the watcher's thread: nothing runs beside a sync (a
checkpoint in a thread of its own let back-to-back saves keep the WAL from
starting again), the WAL starts again after each complete checkpoint, and
a save's Digest.md no longer waits for it. A one-shot command keeps
SQLite's own checkpoints.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

CHECKPOINT_PAGES = 1000  # SQLite's own threshold: the WAL past it is checkpointed
_FRAME_HEADER = 24  # bytes before each page in the WAL


def leave(conn: sqlite3.Connection) -> None:
    """Leave `conn`'s checkpoints to `checkpoint`. When SQLite starts the WAL
    again, its file is cut to the first commit's pages (journal_size_limit
    0), so that the file's size says how many pages it holds."""
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("PRAGMA journal_size_limit = 0")


def checkpoint(conn: sqlite3.Connection, index: Path) -> bool:
    """A passive checkpoint of `index`'s WAL once it holds CHECKPOINT_PAGES
    or more; it waits for no one. False when the WAL could not all be
    copied (another process reads an older state): the next call tries
    again, as SQLite's own would at the next commit."""
    try:
        size = os.stat(f"{index}-wal").st_size
    except FileNotFoundError:
        return True
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    if size < CHECKPOINT_PAGES * (page + _FRAME_HEADER):
        return True
    busy, pages, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return not busy and pages == copied

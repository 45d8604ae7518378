"""A watcher's saves leave the WAL's checkpoint out of their commits: the
watcher checkpoints once it has written a save's outputs (checkpoints.py),
so the WAL starts again and stays small however many saves come; a
one-shot command keeps SQLite's own checkpoints."""

from __future__ import annotations

import functools
import os
import sqlite3
from pathlib import Path

from test_watch_digest import DIGEST, RAJ, TODAY, Watching, full_build, wait_for

from netnotes import checkpoints
from netnotes.session import Session
from netnotes.watch import Clock, WatchSession

SAVES = 30


def autocheckpoint(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]


def shows(path: Path, text: str) -> bool:
    return text in path.read_text(encoding="utf-8")


def test_a_watchers_saves_keep_the_wal_small_and_the_digest_whole(example_vault, monkeypatch):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_PAGES", 4)
    before: list[int] = []  # the WAL's size as each refresh left it, before its checkpoint
    checkpoint = checkpoints.checkpoint

    def recorded(conn: sqlite3.Connection, index) -> bool:
        before.append(os.stat(f"{index}-wal").st_size)
        return checkpoint(conn, index)

    def checkpointed(asked: int) -> bool:  # once more since `asked` were recorded
        return len(before) > asked

    monkeypatch.setattr(checkpoints, "checkpoint", recorded)
    watching = Watching(example_vault)
    watching.thread.start()
    try:
        assert watching.ready.wait(30), watching.lines
        note, digest = example_vault / RAJ, example_vault / DIGEST
        original = note.read_text(encoding="utf-8")
        for n in range(SAVES):
            asked = len(before)
            marker = f"Send Raj the agenda, take {n}"
            note.write_text(original + f"\n- [ ] {marker} 📅 2026-11-20\n", encoding="utf-8")
            assert wait_for(functools.partial(shows, digest, marker)), watching.lines
            assert wait_for(functools.partial(checkpointed, asked)), watching.lines
    finally:
        assert watching.watcher is not None
        watching.watcher.stop.set()
        watching.thread.join(timeout=10)
    saves = before[-SAVES:]
    assert max(saves) <= 2 * min(saves), saves  # started again each time, never piling up
    assert digest.read_text(encoding="utf-8") == full_build(example_vault)


def test_only_the_watchers_connection_leaves_its_checkpoints(example_vault):
    with Session(example_vault) as command:
        index, _ = command.index()
        assert autocheckpoint(index.conn) == 1000  # SQLite's own
    with Session(example_vault) as session:
        index, _ = session.index()
        WatchSession(session, Clock(today=lambda: TODAY), pinned=TODAY)
        assert autocheckpoint(index.conn) == 0
        index.conn.close()
        index.conn = index._open(retry=False)  # as a sync rebuilding a damaged index does
        assert autocheckpoint(index.conn) == 0


def test_a_checkpoint_a_reader_holds_back_is_tried_again(example_vault, monkeypatch):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_PAGES", 1)
    with Session(example_vault) as session:
        index, _ = session.index()
        index.leave_checkpoints()
        reader = sqlite3.connect(index.path, isolation_level=None)
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT COUNT(*) FROM files").fetchone()  # holds today's state
            note = example_vault / RAJ
            note.write_text(note.read_text(encoding="utf-8") + "\n- A new line.\n", "utf-8")
            index.sync(paths={RAJ})
            assert not index.checkpoint()
            reader.execute("COMMIT")
        finally:
            reader.close()
        assert index.checkpoint()

"""A watcher's saves leave the WAL's checkpoints off their commits
(sync.Checkpoints): a thread of its own connection moves the saved pages
into the index file, without another process's version moving for it; a
command's walk keeps SQLite's own checkpoints."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from netnotes import sync
from netnotes.index import Index
from netnotes.session import Session

RAJ = "People/Raj Patel.md"


def open_index(root: Path, path: Path) -> Index:
    index, _ = Session(root, path).index(sync=False)
    return index


def save(root: Path, title: str) -> None:
    note = root / RAJ
    note.write_text(note.read_text(encoding="utf-8") + f"\n### 2026-11-20 — {title}\n- Fine.\n")


def indexed(root: Path, path: Path) -> Index:
    """An index of the vault, every page of it in the index file."""
    index = open_index(root, path)
    index.sync()
    index.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return index


def file_alone_has(index_path: Path, tmp_path: Path, title: str) -> bool:
    """Whether the index file without its WAL holds an interaction titled so."""
    copy = tmp_path / "alone.sqlite3"
    shutil.copyfile(index_path, copy)
    conn = sqlite3.connect(copy)
    try:
        return bool(conn.execute("SELECT 1 FROM interactions WHERE title = ?", (title,)).fetchall())
    finally:
        conn.close()


def test_a_save_is_checkpointed_by_a_thread_not_by_its_commit(example_vault, tmp_path, monkeypatch):
    monkeypatch.setattr(sync, "WAL_CHECKPOINT_PAGES", 1)
    path = tmp_path / "index.sqlite3"
    index = indexed(example_vault, path)
    assert index.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    for n in range(3):
        save(example_vault, f"Tea at the quay {n}")
        index.sync(paths={RAJ})
        version = index.others_version()
        checkpoints = index._checkpoints
        assert checkpoints is not None and checkpoints.thread is not None
        checkpoints.wait()
        assert index.others_version() == version  # not another process's commit
        assert file_alone_has(path, tmp_path, f"Tea at the quay {n}")
    assert index.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    assert [
        t.title for t in index.touches("People/Raj Patel.md") if "Tea at the quay" in t.title
    ] == [
        "Tea at the quay 0",
        "Tea at the quay 1",
        "Tea at the quay 2",
    ]
    index.close()


def test_a_wal_past_its_limit_is_checkpointed_by_the_commit(example_vault, tmp_path, monkeypatch):
    monkeypatch.setattr(sync, "WAL_LIMIT_PAGES", 1)
    path = tmp_path / "index.sqlite3"
    index = indexed(example_vault, path)
    save(example_vault, "Tea at the quay")
    index.sync(paths={RAJ})
    assert index._checkpoints is not None and index._checkpoints.thread is None
    assert file_alone_has(path, tmp_path, "Tea at the quay")
    index.close()


def test_a_few_saves_start_no_checkpoint(example_vault, tmp_path):
    path = tmp_path / "index.sqlite3"
    index = indexed(example_vault, path)
    save(example_vault, "Tea at the quay")
    index.sync(paths={RAJ})
    assert index._checkpoints is not None and index._checkpoints.thread is None
    assert not file_alone_has(path, tmp_path, "Tea at the quay")  # still in the WAL alone
    index.close()

"""What the index keeps of the last walk that found the vault unchanged
(`StoredWalk`), and the walk every no-change check starts with
(`walk_vault`): a sync's, and walkcheck's child's. Light on imports, so that
a command can start its child's walk before it imports the index (issue 20)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from .errors import NetnotesError
from .indexfile import OURS, claim
from .vault import Vault, Walk

WALK_KEY = "walk"  # meta: "DIGEST NOTES" of the last walk found unchanged (sync._walk_unchanged)
FILES_KEY = "files"  # meta: what stands for every note's path and content (sync.mark_files)


def walk_vault(
    vault: Vault, walk: Walk | None = None, found: Callable[[int], None] | None = None
) -> Walk:
    """The walk of the whole vault every no-change check starts with (a
    sync's, or walkcheck's child's; `walk`: one just made), netnotes' temp
    files a killed write left behind removed. StoredWalk.matches compares it.
    `found` is told the notes found so far after each folder (Vault.scan)."""
    walk = vault.scan(found) if walk is None else walk
    vault.remove_stale_temps(walk.stale)
    return walk


class StoredWalk(NamedTuple):
    """What the index holds of the last walk: its digest and how many notes
    it found, when the last sync found the vault unchanged (None since any
    sync that wrote; `notes` None too for a digest stored without it), and
    the odd entries it reported. Read before a walk, so that the walk can be
    compared without the index at hand (walkcheck's child process)."""

    digest: str | None
    notes: int | None
    problems: Counter[tuple[Any, ...]]

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> StoredWalk:
        stored = conn.execute("SELECT value FROM meta WHERE key = ?", (WALK_KEY,)).fetchone()
        was = conn.execute("SELECT path, line, severity, problem, detail FROM walk_problems")
        digest, _, notes = ("" if stored is None else stored[0]).partition(" ")
        return cls(digest or None, int(notes) if notes.isdigit() else None, Counter(was))

    @classmethod
    def peek(cls, path: Path, needs: str | None = None) -> StoredWalk | None:
        """read() of the index file at `path` through a read-only connection
        of its own, before the index is opened (and checked to be current:
        what this finds holds only if read() finds the same then). None when
        there is no such file, it cannot be read as an index, or its meta has
        no `needs` key. A file whose header is not netnotes' index's is not
        opened (SQLite would leave files of its own beside it), and an index
        another process holds is not waited for: no early walk then."""
        try:
            if claim(path) != OURS:
                return None
            conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=0)
        except (NetnotesError, sqlite3.Error, ValueError):
            return None
        try:
            if needs is not None:
                found = conn.execute("SELECT 1 FROM meta WHERE key = ?", (needs,)).fetchone()
                if found is None:
                    return None
            return cls.read(conn)
        except sqlite3.Error:
            return None
        finally:
            conn.close()

    @staticmethod
    def value(walk: Walk) -> str:
        """What read() reads back, for `walk`."""
        return f"{walk.digest()} {len(walk)}"

    def matches(self, walk: Walk) -> bool:
        """Whether `walk` found the vault as the stored digest says: unchanged."""
        return walk.digest() == self.digest and self.same_problems(walk)

    def same_problems(self, walk: Walk) -> bool:
        found = ((p.path, p.line, p.severity, p.problem, p.detail) for p in walk.problems)
        return self.problems == Counter(found)

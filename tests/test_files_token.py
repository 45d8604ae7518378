"""The stamp's index part (sheetstamp.index_part) is a token each sync that
adds, changes or removes a note makes anew (sync.mark_files), read instead
of hashing every files row: the same token always means the same notes'
paths and contents (files_hash, what the stamp held before)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netnotes import sheetstamp, sync
from netnotes.index import Index
from netnotes.session import Session

RAJ = "People/Raj Patel.md"


class Looks:
    """index_part at each look, each checked to stand for one files_hash."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.hashes: dict[str, str] = {}

    def __call__(self) -> str:
        part = sheetstamp.index_part(self.index)
        files = sheetstamp.files_hash(self.index)
        assert self.hashes.setdefault(part, files) == files  # one token, one state of the notes
        return part


@pytest.mark.parametrize("every_note_from", [0, sync.MARK_EVERY_NOTE_FROM])
def test_a_token_stands_for_the_notes_and_changes_with_them(
    example_vault, monkeypatch, every_note_from
):
    monkeypatch.setattr(sync, "MARK_EVERY_NOTE_FROM", every_note_from)  # (0: every note's row)
    with Session(example_vault) as session:
        index, _ = session.index()
        look = Looks(index)
        first = look()
        assert first.startswith(f"{sheetstamp.FILES_KEY} ")  # a token, not the hash of every row
        index.sync()
        assert look() == first  # nothing changed
        note = example_vault / RAJ
        os.utime(note, ns=(note.stat().st_atime_ns, note.stat().st_mtime_ns + 10**9))
        assert index.sync(paths={RAJ}).unchanged == 1
        assert look() == first  # touched, the same bytes: the same notes
        original = note.read_text(encoding="utf-8")
        note.write_text(original + "\n- A new line.\n", encoding="utf-8")
        index.sync(paths={RAJ})
        changed = look()
        note.write_text(original, encoding="utf-8")
        index.sync()
        assert len({first, changed, look()}) == 3  # put back: a new token all the same
        jane = example_vault / "People" / "Jane Doe.md"
        jane.write_text(jane.read_text(encoding="utf-8") + "\n- Another line.\n", encoding="utf-8")
        index.sync()
        look()
        note.write_text(original + "\n- A new line.\n", encoding="utf-8")
        index.sync(paths={RAJ})
        assert look() != changed  # Raj's bytes as before, beside Jane's new ones: other notes
        added = example_vault / "People" / "Ada Quill.md"
        added.write_text("---\ntype: person\n---\n# Ada Quill\n", encoding="utf-8")
        index.sync()
        with_ada = look()
        added.unlink()
        index.sync()
        assert look() != with_ada and len(look.hashes) == 7  # added, then removed: two more


def test_the_same_syncs_of_the_same_notes_give_the_same_token(example_vault, tmp_path: Path):
    """The token is made from the notes, not drawn at random: two indexes of
    the vault hold the same tables (a cold index's tables compare equal)."""
    with Session(example_vault) as session:
        index, _ = session.index()
        mine = sheetstamp.index_part(index)
    with Session(example_vault, tmp_path / "other.sqlite3") as other:
        index, _ = other.index()
        assert sheetstamp.index_part(index) == mine
    note = example_vault / RAJ
    note.write_text(note.read_text(encoding="utf-8") + "\n- A new line.\n", encoding="utf-8")
    with Session(example_vault, tmp_path / "changed.sqlite3") as changed:
        index, _ = changed.index()
        assert sheetstamp.index_part(index) != mine  # one note's other bytes: another token

"""The full-text index is filled on the first search, not by the sync that
builds the index; once filled, every sync keeps it exactly as a new one
would be, and a note unreadable while filling stops no other."""

from pathlib import Path

from netnotes.index import Index
from netnotes.search import search
from netnotes.session import Session

ADA = "---\nname: Ada Lovelace\n---\n## Log\n### 2026-01-10 — Coffee\n- training for a marathon\n"
BOB = "---\nname: Bob Stone\n---\n## Log\n### 2026-02-01 — Call\n- sailing in Lisbon\n"
MEETING = "---\ndate: 2026-03-01\nattendees: ['[[Ada Lovelace]]']\n---\n- the Lisbon trip\n"


def open_index(root: Path, path: Path) -> Index:
    index, _ = Session(root, path).index(sync=False)
    return index


def words(index: Index) -> list[tuple]:
    """Every word the full-text index holds, with the note and line of its
    section (section ids differ between indexes built differently)."""
    conn = index.conn
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, search, 'instance')"
    )
    return conn.execute(
        "SELECT v.term, f.path, s.line, v.offset FROM temp.v v JOIN sections s ON s.id = v.doc"
        " JOIN files f ON f.id = s.file ORDER BY 1, 2, 3, 4"
    ).fetchall()


def count(index: Index, table: str) -> int:
    return index.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def paths_found(index: Index, query: str) -> list[str]:
    return sorted(hit.path for hit in search(index, query))


def test_a_new_index_leaves_full_text_out_until_the_first_search(make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA, "People/Bob.md": BOB})
    index = open_index(root, tmp_path / "index.sqlite3")
    index.sync()
    assert words(index) == [] and count(index, "bodies") == 0
    assert paths_found(index, "marathon") == ["People/Ada.md"]
    assert count(index, "bodies") == 2 and words(index)


def test_once_filled_every_sync_keeps_it_as_a_new_index_would_be(make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA, "People/Bob.md": BOB})
    kept = open_index(root, tmp_path / "kept.sqlite3")
    kept.sync()
    assert paths_found(kept, "Lisbon") == ["People/Bob.md"]  # filled now
    (root / "People/Ada.md").write_text(ADA.replace("a marathon", "Lisbon"), encoding="utf-8")
    (root / "People/Bob.md").unlink()
    (root / "Meetings").mkdir()
    (root / "Meetings/2026-03-01 Trip.md").write_text(MEETING, encoding="utf-8")
    kept.sync()
    kept.sync(paths={"People/Ada.md"})
    assert paths_found(kept, "marathon") == []
    assert paths_found(kept, "Lisbon") == ["Meetings/2026-03-01 Trip.md", "People/Ada.md"]

    fresh = open_index(root, tmp_path / "fresh.sqlite3")
    fresh.sync()
    search(fresh, "Lisbon")
    assert words(kept) == words(fresh)


def test_a_note_gone_while_filling_gets_no_words_and_stops_none(make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA, "People/Bob.md": BOB})
    index = open_index(root, tmp_path / "index.sqlite3")
    index.sync()
    (root / "People/Ada.md").unlink()  # after the sync, before the first search
    assert paths_found(index, "Lisbon") == ["People/Bob.md"]
    assert paths_found(index, "marathon") == []
    index.sync()  # takes Ada's rows out: she had no words to take out
    fresh = open_index(root, tmp_path / "fresh.sqlite3")
    fresh.sync()
    search(fresh, "Lisbon")
    assert words(index) == words(fresh)

"""The index follows the vault: changes, deletions, renames; it never re-parses
an unchanged file; and links resolve to the right people."""

import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from netnotes import rows as rows_module
from netnotes.index import SCHEMA_VERSION, Index
from netnotes.session import Session

ADA = "---\nname: Ada Lovelace\naliases: [Ada]\nladder: peer\n---\n## Log\n### 2026-01-10 — Coffee\n- hi\n"
BOB = "---\nname: Bob Stone\nladder: above\n---\n"


def open_index(root: Path, tmp_path: Path) -> Index:
    index, _ = Session(root, tmp_path / "cache" / "index.sqlite3").index(sync=False)
    return index


@pytest.fixture
def counted_reads(monkeypatch):
    """How many files the index parsed (read_file is called once per parse)."""
    calls = []
    original = rows_module.read_file

    def counting(root, path, *args):
        rows = original(root, path, *args)
        if rows.kind != "unchanged":
            calls.append(path)
        return rows

    monkeypatch.setattr(rows_module, "read_file", counting)
    return calls


def names(index: Index) -> list[str]:
    return [c.name for c in index.contacts()]


def test_sync_adds_changes_and_removes(make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA, "People/Bob.md": BOB})
    index = open_index(root, tmp_path)
    report = index.sync()
    assert (report.added, report.changed, report.removed) == (2, 0, 0)
    assert names(index) == ["Ada Lovelace", "Bob Stone"]

    (root / "People/Bob.md").write_text(BOB.replace("Bob Stone", "Robert Stone"))
    os.utime(root / "People/Bob.md", ns=(1, 10**18))
    (root / "People/Ada.md").unlink()
    report = index.sync()
    assert (report.added, report.changed, report.removed) == (0, 1, 1)
    assert names(index) == ["Robert Stone"]


def test_a_no_change_sync_parses_nothing(make_vault, tmp_path, counted_reads):
    root = make_vault({"People/Ada.md": ADA, "People/Bob.md": BOB})
    index = open_index(root, tmp_path)
    index.sync()
    assert sorted(counted_reads) == ["People/Ada.md", "People/Bob.md"]
    counted_reads.clear()
    report = index.sync()
    assert counted_reads == [] and report.unchanged == 2


def test_a_touched_but_unchanged_file_is_hashed_not_reparsed(make_vault, tmp_path, counted_reads):
    root = make_vault({"People/Ada.md": ADA})
    index = open_index(root, tmp_path)
    index.sync()
    counted_reads.clear()
    os.utime(root / "People/Ada.md", ns=(1, 10**18))  # as a git checkout does
    report = index.sync()
    assert counted_reads == [] and report.unchanged == 1 and report.changed == 0
    counted_reads.clear()
    assert index.sync().unchanged == 1 and counted_reads == []  # the new mtime was stored


def test_a_rename_keeps_the_contact_and_its_history(make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA})
    index = open_index(root, tmp_path)
    index.sync()
    (root / "People/Ada.md").rename(root / "People/Ada Lovelace.md")
    report = index.sync()
    assert (report.added, report.removed) == (1, 1)
    (contact,) = index.contacts()
    assert contact.path == "People/Ada Lovelace.md"
    assert [t.date for t in index.touches(contact.path)] == [date(2026, 1, 10)]


def test_meeting_and_daily_notes_count_for_the_people_they_name(make_vault, tmp_path):
    root = make_vault(
        {
            "People/Ada.md": ADA,
            "People/Bob.md": BOB,
            "Meetings/2026-02-01 Lunch.md": (
                '---\ndate: 2026-02-01\nwith: ["[[Ada]]", "[[Bob Stone]]"]\n---\n'
                "- [[Ada]] got a puppy #personal\n- [ ] book the next one\n"
            ),
            "Daily/2026-02-05.md": "- called [[ada]]\n- saw [[Bob]] at the gym\n",
        }
    )
    index = open_index(root, tmp_path)
    index.sync()
    ada = [(t.date, t.kind, t.origin) for t in index.touches("People/Ada.md")]
    assert ada == [
        (date(2026, 1, 10), "coffee", "contact"),
        (date(2026, 2, 1), "lunch", "meeting"),
        (date(2026, 2, 5), "call", "daily"),
    ]
    assert [t.date for t in index.touches("People/Bob.md")] == [date(2026, 2, 1)]
    ada_items = [(i.type, i.text) for i in index.items("People/Ada.md")]
    bob_items = [(i.type, i.text) for i in index.items("People/Bob.md")]
    assert ada_items == [("personal", "[[Ada]] got a puppy"), ("task", "book the next one")]
    assert bob_items == [("task", "book the next one")]
    assert [m.text for m in index.mentions("People/Bob.md")] == ["saw [[Bob]] at the gym"]
    last = index.last_touches(date(2026, 3, 1))
    assert last["People/Ada.md"] == (date(2026, 2, 5), date(2026, 2, 1))


def test_an_alias_added_later_resolves_links_in_notes_that_did_not_change(make_vault, tmp_path):
    root = make_vault(
        {
            "People/Bob.md": BOB,
            "Daily/2026-02-05.md": "- lunch with [[Bobby]]\n",
        }
    )
    index = open_index(root, tmp_path)
    index.sync()
    assert index.touches("People/Bob.md") == []
    (root / "People/Bob.md").write_text(BOB.replace("ladder", "aliases: [Bobby]\nladder"))
    index.sync()
    assert [t.kind for t in index.touches("People/Bob.md")] == ["lunch"]


def test_links_to_no_note_and_ambiguous_links_are_warnings(make_vault, tmp_path):
    root = make_vault(
        {
            "People/Sam.md": "x",
            "Other/Sam.md": "y",
            "People/Ada.md": ADA + "- met [[Nobody Here]] and [[Sam]]\n",
        }
    )
    index = open_index(root, tmp_path)
    index.sync()
    problems = {p.problem: p for p in index.problems()}
    missing = problems["link [[Nobody Here]] leads to no note"]
    assert (missing.path, missing.line, missing.severity, missing.detail) == (
        "People/Ada.md",
        9,
        "warning",
        "Nobody Here",
    )
    assert "link [[Sam]] could mean Other/Sam.md or People/Sam.md" in problems


def test_two_contacts_with_one_name_and_sync_conflict_copies_are_reported(make_vault, tmp_path):
    root = make_vault(
        {
            "People/Ada.md": ADA,
            "People/Ada (conflicted copy 2024-05-01).md": ADA,
            "People/Bob.md": BOB,
            "People/Bob 2.md": "x",
        }
    )
    index = open_index(root, tmp_path)
    index.sync()
    texts = [(p.path, p.problem) for p in index.problems()]
    assert ("People/Bob 2.md", "looks like a sync-conflict copy of 'Bob'") in texts
    assert any(
        path == "People/Ada.md" and "also answers to 'ada lovelace'" in text for path, text in texts
    )


def test_one_broken_note_never_stops_the_others(make_vault, tmp_path):
    root = make_vault(
        {
            "People/Ada.md": ADA,
            "People/Broken.md": "---\nname: [unclosed\n---\n### 2026-01-01 Call\n",
            "People/Latin1.md": "caf\xe9".encode("latin-1"),
            "People/Utf16.md": "---\nname: x\n---\n".encode("utf-16"),
        }
    )
    index = open_index(root, tmp_path)
    report = index.sync()
    failed = {(p.path, p.line) for p in report.failed}
    assert failed == {("People/Broken.md", 2), ("People/Latin1.md", 1), ("People/Utf16.md", 1)}
    assert "Ada Lovelace" in names(index) and "Broken" in names(index)


def test_a_schema_change_rebuilds_the_index(make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA})
    index = open_index(root, tmp_path)
    index.sync()
    index.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    index.close()
    reopened = open_index(root, tmp_path)
    assert reopened.sync().added == 1


def test_a_damaged_index_file_is_thrown_away_and_rebuilt(make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA})
    first = open_index(root, tmp_path)
    first.sync()
    first.close()
    path = tmp_path / "cache" / "index.sqlite3"
    data = bytearray(path.read_bytes())
    data[100:8192] = b"\xa5" * (8192 - 100)  # pages damaged, netnotes' header intact
    path.write_bytes(bytes(data))
    index = open_index(root, tmp_path)
    assert index.sync().added == 1 and names(index) == ["Ada Lovelace"]


def test_two_connections_can_share_the_index(make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA})
    first = open_index(root, tmp_path)
    second = open_index(root, tmp_path)
    first.sync()
    (root / "People/Bob.md").write_text(BOB)
    second.sync()
    assert names(first) == ["Ada Lovelace", "Bob Stone"]
    assert first.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_search_finds_the_line_and_the_interaction_date(make_vault, tmp_path):
    from netnotes.search import search

    root = make_vault({"People/Ada.md": ADA + "- She is training for the Zürich marathon\n"})
    index = open_index(root, tmp_path)
    index.sync()
    (hit,) = search(index, "zurich MARATHON")
    assert (hit.path, hit.line, hit.date, hit.name) == (
        "People/Ada.md",
        9,
        date(2026, 1, 10),
        "Ada Lovelace",
    )
    assert hit.snippet == "- She is training for the Zürich marathon"
    (root / "People/Ada.md").write_text(ADA)
    index.sync()
    assert search(index, "marathon") == []  # the old text left the full-text index too


def test_search_query_errors_are_clear(make_vault, tmp_path):
    from netnotes.errors import SearchQueryError
    from netnotes.search import search

    index = open_index(make_vault({"People/Ada.md": ADA}), tmp_path)
    index.sync()
    assert search(index, "Ada's") == []  # punctuation in plain words is fine
    with pytest.raises(SearchQueryError, match="cannot search for"):
        search(index, "coffee AND (")


def test_the_index_stays_a_valid_sqlite_file_between_syncs(make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA})
    open_index(root, tmp_path).sync()
    conn = sqlite3.connect(tmp_path / "cache" / "index.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_link_warnings_follow_notes_created_and_deleted_elsewhere(make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA + "- works at [[Acme]]\n"})
    index = open_index(root, tmp_path)
    index.sync()

    def warnings():
        return [p.problem for p in index.problems() if "link" in p.problem]

    assert warnings() == ["link [[Acme]] leads to no note"]
    (root / "Companies").mkdir()
    (root / "Companies/Acme.md").write_text("a company")
    index.sync()
    assert warnings() == []
    (root / "Other").mkdir()
    (root / "Other/acme.md").write_text("another")
    index.sync(paths={"Other/acme.md"})  # the watcher's targeted sync
    assert warnings() == ["link [[Acme]] could mean Companies/Acme.md or Other/acme.md"]
    (root / "Companies/Acme.md").unlink()
    (root / "Other/acme.md").unlink()
    index.sync()
    assert warnings() == ["link [[Acme]] leads to no note"]

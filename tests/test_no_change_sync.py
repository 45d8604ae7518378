"""The sync every command starts with, when nothing changed: the walk's digest
against the one the index stored (sync._walk_unchanged), so that most runs
compare one string instead of a row per note. These prove the fast path is
taken, and that it never hides a change the row-by-row compare would see."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import person
from netnotes.session import Session
from netnotes.vault import Notes, Vault


def files_read(session: Session) -> list[str]:
    """Sync, and return the statements that read the files table row by row."""
    index, _ = session.index(sync=False)
    seen: list[str] = []
    index.conn.set_trace_callback(seen.append)
    try:
        index.sync()
    finally:
        index.conn.set_trace_callback(None)
    return [s for s in seen if s.startswith("SELECT path, size, mtime_ns FROM files")]


def synced(vault: Path) -> Session:
    session = Session(vault)
    session.index()  # the first sync reads every note
    return session


def test_an_unchanged_vault_is_known_by_its_digest_without_reading_the_files_table(make_vault):
    vault = make_vault({"People/Ada.md": person("Ada"), "People/Bob.md": person("Bob")})
    with synced(vault) as session:
        assert files_read(session)  # compared row by row once: the digest is stored
        assert files_read(session) == []  # then: one digest compared
        assert session.index()[1].unchanged == 2


def test_an_edit_in_place_with_the_same_size_is_seen_after_the_digest_was_stored(make_vault):
    vault = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    with synced(vault) as session:
        session.index()  # stores the digest
        note = vault / "People/Ada.md"
        stat = note.stat()
        note.write_text(person("Ada", "company: Abcd\n"), encoding="utf-8")
        os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        index, report = session.index()
        assert report is not None and report.changed == 1
        assert index.contact("People/Ada.md").company == "Abcd"


def test_two_notes_swapping_their_files_are_seen(make_vault):
    """Renames keep sizes and mtimes: only the paths tell the two walks apart."""
    vault = make_vault({"People/Ada.md": person("Ada"), "People/Bob.md": person("Bob")})
    os.utime(vault / "People/Bob.md", ns=(0, 10**18))
    with synced(vault) as session:
        session.index()
        os.rename(vault / "People/Ada.md", vault / "People/tmp.md")
        os.rename(vault / "People/Bob.md", vault / "People/Ada.md")
        os.rename(vault / "People/tmp.md", vault / "People/Bob.md")
        index, report = session.index()
        assert report is not None and report.changed == 2
        assert index.contact("People/Ada.md").name == "Bob"


def test_a_sync_of_a_few_paths_forgets_the_digest(make_vault):
    """The watcher's sync writes rows the digest does not describe: a note put
    back as it was (same bytes count, same mtime) is read again, not missed."""
    vault = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    note = vault / "People/Ada.md"
    with synced(vault) as session:
        session.index()
        before = note.stat()
        note.write_text(person("Ada", "company: Abcd\n"), encoding="utf-8")
        index, _ = session.index(sync=False)
        index.sync(paths={"People/Ada.md"})
        assert index.contact("People/Ada.md").company == "Abcd"
        note.write_text(person("Ada", "company: Acme\n"), encoding="utf-8")
        os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
        index, _ = session.index()
        assert index.contact("People/Ada.md").company == "Acme"


def test_the_digest_is_of_what_the_walk_found(make_vault):
    vault = make_vault({"People/Ada.md": person("Ada"), "Meetings/Lunch.md": "lunch\n"})
    config = Session(vault).config
    one, two = Vault(vault, config).scan(), Vault(vault, config).scan()
    assert one.digest() == two.digest() and len(one) == 2
    walked = [(s.path, s.size, s.mtime_ns) for s in Vault(vault, config).walk()[0]]
    assert sorted(one.notes()) == walked
    (vault / "Meetings/Lunch.md").write_text("lunch!\n", encoding="utf-8")
    assert Vault(vault, config).scan().digest() != one.digest()


def test_the_walks_notes_hold_each_note_by_path_size_and_mtime(make_vault):
    vault = make_vault({"People/Ada.md": person("Ada"), "Meetings/Lunch.md": "lunch\n"})
    notes = Notes(Vault(vault, Session(vault).config).scan())
    lunch, ada = Vault(vault, Session(vault).config).walk()[0]
    assert list(notes) == [lunch, ada] and len(notes) == 2
    assert ada in notes and lunch in notes
    assert ada._replace(size=ada.size + 1) not in notes
    assert ada._replace(path="People/Bob.md") not in notes and ada.path not in notes


def test_an_odd_entry_appearing_beside_unchanged_notes_is_reported(make_vault, tmp_path):
    """The digest is of the notes; what the walk says of other entries (here a
    symlink that leaves the vault) is compared too, and changes the index."""
    vault = make_vault({"People/Ada.md": person("Ada")})
    outside = tmp_path / "outside.md"
    outside.write_text("elsewhere\n", encoding="utf-8")
    with synced(vault) as session:
        session.index()  # stores the digest
        (vault / "People/Away.md").symlink_to(outside)
        index, report = session.index()
        assert report is not None and report.unchanged == 1
        assert any("symlink leads outside" in p.problem for p in index.problems())

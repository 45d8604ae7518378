"""The diff a sync starts from (sync.diff_vault): the notes in the vault
against what the index holds of them. Pure, so tested without a vault."""

from netnotes.sync import diff_vault
from netnotes.vault import FileStat

KNOWN = {
    "People/Ada.md": (10, 100, "hash-ada", 1),
    "People/Bob.md": (20, 200, "hash-bob", 2),
    "Meetings/Lunch.md": (30, 300, "hash-lunch", 3),
}


def stat(path: str, size: int, mtime_ns: int) -> FileStat:
    return FileStat(path, size, mtime_ns)


def test_notes_as_the_index_saw_them_are_left_alone():
    stats = [stat("Meetings/Lunch.md", 30, 300), stat("People/Ada.md", 10, 100)]
    stats.append(stat("People/Bob.md", 20, 200))
    assert diff_vault(stats, KNOWN) == ([], [])


def test_a_new_note_and_one_whose_size_or_mtime_changed_are_read_in_the_vaults_order():
    stats = [
        stat("Meetings/Lunch.md", 30, 301),  # touched: mtime only
        stat("People/Ada.md", 11, 100),  # size only
        stat("People/Bob.md", 20, 200),
        stat("People/Cy.md", 5, 50),  # new
    ]
    todo, removed = diff_vault(stats, KNOWN)
    assert [s.path for s in todo] == ["Meetings/Lunch.md", "People/Ada.md", "People/Cy.md"]
    assert removed == []


def test_notes_gone_from_the_vault_are_removed_sorted():
    todo, removed = diff_vault([stat("People/Bob.md", 20, 200)], KNOWN)
    assert todo == []
    assert removed == ["Meetings/Lunch.md", "People/Ada.md"]


def test_with_the_watchers_paths_only_those_can_be_removed():
    stats = [stat("People/Bob.md", 20, 200)]
    assert diff_vault(stats, KNOWN, paths={"People/Bob.md", "People/Ada.md"}).removed == [
        "People/Ada.md"
    ]
    assert diff_vault([], KNOWN, paths={"People/Gone.md"}) == ([], [])


def test_an_empty_index_reads_every_note():
    stats = [stat("People/Ada.md", 10, 100), stat("People/Bob.md", 20, 200)]
    assert diff_vault(stats, {}) == (stats, [])

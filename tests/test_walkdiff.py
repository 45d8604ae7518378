"""A walk of the vault against the index's rows (walkdiff.py): the notes the
watcher syncs as saves after a look at everything, and the sync's proof that
nothing changed, found a folder at a time rather than from a vault's worth
of rows held at once."""

from __future__ import annotations

import sqlite3
import tracemalloc
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from netnotes.vault import Walk
from netnotes.walkdiff import IN_PATH_ORDER, changed_notes

# Folder and file names that sort around "/" (".", "-", "0" and "é" lie on
# either side of it), so that a folder's notes and its subfolders' interleave.
PARTS = st.sampled_from(["a", "a.b", "a-b", "a0", "ab", "é", "A", "z"])
PATHS = st.lists(PARTS, min_size=1, max_size=4).map(lambda parts: "/".join(parts) + ".md")
NUMBERS = st.tuples(st.integers(0, 3), st.integers(0, 3))


def walk_of(notes: dict[str, tuple[int, int]]) -> Walk:
    """A Walk holding these notes (path -> size, mtime), one entry per folder."""
    walk = Walk()
    folders: dict[str, tuple[list[str], array[int]]] = {}
    for path, (size, mtime) in notes.items():
        prefix, _, name = path.rpartition("/")
        names, numbers = folders.setdefault(prefix + "/" if prefix else "", ([], array("q")))
        names.append(name)
        numbers.extend((size, mtime))
    walk.folders = [(prefix, names, numbers) for prefix, (names, numbers) in folders.items()]
    return walk


def stored_rows(notes: dict[str, tuple[int, int]]) -> list[tuple[str, int, int]]:
    """The rows an index holding these notes gives, in its own path order."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE files (path TEXT UNIQUE, size INTEGER, mtime_ns INTEGER)")
    conn.executemany("INSERT INTO files VALUES (?, ?, ?)", [(p, *n) for p, n in notes.items()])
    return list(conn.execute(IN_PATH_ORDER))


@settings(max_examples=examples(200))
@given(
    walked=st.dictionaries(PATHS, NUMBERS, max_size=25),
    indexed=st.dictionaries(PATHS, NUMBERS, max_size=25),
    most=st.integers(0, 30),
)
def test_the_changed_notes_are_those_a_whole_comparison_finds(walked, indexed, most):
    expected = {p for p in walked.keys() | indexed.keys() if walked.get(p) != indexed.get(p)}
    found = changed_notes(stored_rows(indexed), walk_of(walked), most)
    assert found == (None if len(expected) > most else expected)


def test_an_unchanged_vault_has_no_changed_note():
    notes = {f"{folder}/{n}.md": (n, n * 7) for folder in ("a", "a/b", "c") for n in range(50)}
    notes["Home.md"] = (1, 2)
    assert changed_notes(stored_rows(notes), walk_of(notes), 0) == set()


def test_the_comparison_holds_one_folder_of_names_at_a_time():
    # Eight folders of 2,000 notes, the rows made beforehand: every note's
    # numbers held at once by path cost ~80 bytes a note here (a tuple and a
    # dict slot each), one folder's names looked up at a time ~16.
    notes = {f"F{f}/note {n}.md": (n + 1000, n * 10**9) for f in range(8) for n in range(2000)}
    walk, rows = walk_of(notes), stored_rows(notes)
    tracemalloc.start()
    try:
        assert changed_notes(iter(rows), walk, 0) == set()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * len(notes)

"""A whole vault's link statuses, set in one statement (links._update_every_link),
are those the pass over some files sets one (key, folder) pair at a time."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netnotes.links import Names, names_folder, record_statuses
from netnotes.naming import link_key
from netnotes.session import Session

VAULT = {
    "People/Sam.md": "---\nname: Sam Rivers\n---\n",
    "Other/Sam.md": "y",
    "People/Ada.md": "---\nname: Ada Lovelace\naliases: [Ada]\n---\n"
    "## Log\n### 2026-01-10 — Coffee with [[Sam]] and [[Nobody Here]]\n"
    "- [[People/Sam]] [[Other/Sam]] [[Folder/Sam]] [[Ada]] [[ada lovelace]]\n",
    "Meetings/2026-02-01 Sync.md": "---\nattendees: ['[[Ada]]', '[[Sam]]', '[[Ghost]]']\n---\n"
    "- [[Nobody Here]] [[Sam Rivers]] [[Sam|the other]]\n",
}
# Wrong statuses a stale index could hold: each must be set right again.
STALE = [
    ("UPDATE links SET status = 'missing', matches = NULL WHERE rowid % 2 = 0", ()),
    ("UPDATE links SET status = 'ambiguous', matches = '1,2' WHERE rowid % 3 = 0", ()),
    ("UPDATE links SET matches = '7' WHERE status = 'ambiguous' AND rowid % 5 = 1", ()),
]


def statuses(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT rowid, key, target, status, matches FROM links ORDER BY rowid"
    ).fetchall()


@pytest.mark.parametrize("vault", ["made", "examples", "edge"])
def test_the_whole_vaults_statuses_are_those_set_file_by_file(
    vault, make_vault, example_vault, edge_vault, tmp_path: Path
):
    root = {"made": lambda: make_vault(VAULT), "examples": lambda: example_vault}.get(
        vault, lambda: edge_vault
    )()
    index, _ = Session(root, tmp_path / "index.sqlite3").index(sync=False)
    index.sync()
    index.close()
    shutil.copy(tmp_path / "index.sqlite3", tmp_path / "by_file.sqlite3")
    found = []
    for name, whole in (("index", True), ("by_file", False)):
        conn = sqlite3.connect(tmp_path / f"{name}.sqlite3", isolation_level=None)
        right = statuses(conn)
        assert any(status for *_, status, _ in right)  # some links lead nowhere or to several
        for statement, args in STALE:
            conn.execute(statement, args)
        files = {file for (file,) in conn.execute("SELECT id FROM files")}
        record_statuses(conn, None if whole else files, set(), Names(conn, everything=whole))
        found.append(statuses(conn))
        assert found[-1] == right
        conn.close()
    assert found[0] == found[1]


@given(st.text(st.sampled_from("/aA \u0338\u0301\u2044\uff0f\u212a\u00df\u1e9e") | st.characters()))
def test_a_key_names_a_folder_exactly_when_its_target_does(target: str):
    """links.names_folder reads "names a folder" from a link's key, for the
    links of a whole vault (in SQL) and of a few files alike."""
    assert names_folder(link_key(target)) == ("/" in target)


def test_no_character_makes_or_drops_a_slash_in_a_key():
    """Every code point, alone and on both sides of a '/': the rule
    names_folder rests on, checked whole rather than sampled (U+2100,
    U+2101, U+2105, U+2106 and U+FF0F decompose to a '/' by compatibility,
    which NFC does not apply)."""
    wrong = [
        hex(cp)
        for cp in range(0x110000)
        if names_folder(link_key(chr(cp))) != (cp == 0x2F)
        or not names_folder(link_key(f"{chr(cp)}/{chr(cp)}"))
    ]
    assert wrong == []

"""A save sets the statuses of the links it wrote, and of every link whose
names it changed, and leaves the others as they were: each step leaves
every link's status as an index built from nothing gives it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from netnotes.session import Session

VAULT = {
    "People/Sam.md": "---\nname: Sam Rivers\n---\n",
    "Other/Sam.md": "y",
    "People/Ada.md": "---\nname: Ada Lovelace\n---\n- [[Ghost]] [[Sam]] [[Ada]] [[Sam Rivers]]\n",
    "Notes/Plain.md": "- [[Ghost]]\n",
}
STEPS = [  # (path, new text): each synced alone, as a watcher's save
    ("Notes/Plain.md", "- [[Ghost]] [[Sam]] [[Ada Lovelace]] [[Nobody]]\n"),
    ("Notes/Ghost.md", "now a note\n"),  # a missing name leads somewhere now
    ("Notes/Plain.md", "- [[Ghost]] [[Sam]]\n"),
    ("Other/Sam.md", None),  # an ambiguous name resolves to one note
    ("People/Ada.md", "---\nname: Ada Lovelace\naliases: [Nobody]\n---\n- [[Sam]]\n"),
]


def statuses(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        paths = dict(conn.execute("SELECT id, path FROM files"))
        rows = conn.execute(
            "SELECT f.path, l.line, l.target, l.status, l.matches FROM links l"
            " JOIN files f ON f.id = l.file ORDER BY 1, 2, 3"
        )
        return [  # the notes a name leads to by path: the two indexes number files apart
            (*row, sorted(paths[int(m)] for m in matches.split(",")) if matches else None)
            for *row, matches in rows
        ]
    finally:
        conn.close()


def test_each_save_leaves_every_links_status_as_a_new_index_has_it(make_vault, tmp_path):
    root = make_vault(VAULT)
    index, _ = Session(root, tmp_path / "kept.sqlite3").index()
    for step, (relative, text) in enumerate(STEPS):
        if text is None:
            (root / relative).unlink()
        else:
            (root / relative).write_text(text, encoding="utf-8")
        index.sync(paths={relative})
        fresh, _ = Session(root, tmp_path / f"fresh{step}.sqlite3").index()
        fresh.close()
        assert statuses(tmp_path / "kept.sqlite3") == statuses(tmp_path / f"fresh{step}.sqlite3")
    index.close()

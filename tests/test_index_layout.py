"""The index's layout is written down once: each table's columns come from
layout.py's tuple for it, and the rows the parser's output becomes fit them.
And storage stands below the domain: the index imports no digest, prep,
people, groups or write-up code."""

import ast
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from netnotes import layout, rows
from netnotes.models import ParseContext
from netnotes.notes import parse_records
from netnotes.rowbatch import AS_THEY_ARE
from netnotes.schema import TABLES, insert, statements

PACKAGE = Path(__file__).resolve().parent.parent / "netnotes"
CONTEXT = ParseContext("People", "Daily", "YYYY-MM-DD")

CONTACT = """---
name: Ada Lovelace
aliases: [Ada]
tags: [friend]
ladder: peer
company: Analytical
email: ada@example.org
---
Met at the <!-- hidden --> engine demo.

## Log
### 2026-01-10 — Coffee
- Talked about [[Bob Stone]]'s engine
- [ ] Send Ada the paper due:2026-02-01
- personal: her daughter starts school
"""
MEETING = """---
date: 2026-02-03
attendees: ["[[Ada Lovelace]]", "[[Bob Stone]]"]
group: "[[Engine club]]"
---
- Ada's demo went well #sensitive
- [ ] Bob to book the room
"""


@pytest.fixture
def db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    for statement in statements():
        conn.execute(statement)
    return conn


def test_every_table_has_exactly_the_columns_of_its_tuple(db):
    made = {
        name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name != "search" and not name.startswith("search_")
    }
    assert made == set(TABLES)
    for table, columns in TABLES.items():
        found = tuple(row[1] for row in db.execute(f"PRAGMA table_info({table})"))
        assert found == columns, table


def test_the_tables_rows_are_written_into_start_with_the_rows_columns():
    for table, columns in AS_THEY_ARE.items():
        assert tuple(c for c in TABLES[table] if c != "id")[: len(columns)] == columns, table
    assert TABLES["files"] == layout.FILES
    assert TABLES["contacts"] == layout.CONTACTS


@pytest.mark.parametrize(
    "path, text", [("People/Ada Lovelace.md", CONTACT), ("Meetings/2026-02-03 Club.md", MEETING)]
)
def test_a_parsed_notes_rows_have_a_value_per_column_and_go_in(db, path, text):
    found = rows.note_rows(parse_records(path, text, CONTEXT), text, len(text), 1, "h", file=7)
    layouts = dict(AS_THEY_ARE, sections=layout.SECTIONS)
    written = 0
    for table, columns in layouts.items():
        for row in getattr(found, table):
            assert len(row) == len(columns), (table, row)
            written += 1
    assert written > 5  # the example notes fill most tables
    flags = [v for t in layouts for row in getattr(found, t) for v in row if isinstance(v, bool)]
    assert flags == []  # ints: sqlite3 binds a bool through its slow adapter look-up
    singles = [(layout.FILES, found.file_row()), (layout.CONTACTS, found.contact)]
    singles.append((layout.SHOWN, found.shown))
    for columns, row in singles:
        if row is not None:
            assert len(row) == len(columns), columns
            assert not any(isinstance(v, bool) for v in row), columns
    db.execute(insert("files", layout.FILES), found.file_row())
    for table, columns in AS_THEY_ARE.items():
        db.executemany(insert(table, columns), getattr(found, table))
    (count,) = db.execute("SELECT COUNT(*) FROM links WHERE file = 7").fetchone()
    assert count == len(found.links) > 0


def _imports(module: str) -> set[str]:
    """The netnotes modules `module` imports, wherever in the file."""
    path = PACKAGE / (module.replace(".", "/") + ".py")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = module.split(".")[: -node.level]
            target = ".".join([*base, node.module] if node.module else base)
            if node.module is None:
                found.update(f"{target}.{a.name}".lstrip(".") for a in node.names)
            else:
                found.add(target)
    return {m for m in found if (PACKAGE / (m.replace(".", "/") + ".py")).exists()}


def test_the_index_imports_no_domain_code():
    seen, todo = set(), ["index", "sync"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += _imports(module)
    assert not seen & {"people", "digest", "prep", "groups", "writeup", "groupsheet"}, seen


def test_opening_the_index_loads_neither_the_parser_nor_yaml():
    code = "import sys, netnotes.index; print(sorted(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert not {"yaml", "netnotes.notes", "netnotes.rows"} & set(eval(loaded.stdout))

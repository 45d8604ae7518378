"""contact_days filled touch by touch (schema.contact_days_sql: the table's
key groups a contact's day, each column keeping its largest value) holds
exactly what grouping every touch by contact and day gives, for the whole
vault (a cold index) and for some contacts whose rows were deleted first (a
save's sync)."""

from __future__ import annotations

import sqlite3

from hypothesis import example, given
from hypothesis import strategies as st

from netnotes.schema import (
    HEADCOUNT,
    contact_days_sql,
    create_table,
    headcount_sql,
    marks,
    touches_sql,
)

# The meaning it replaced: every touch grouped by contact and day.
_GROUPED = (
    "SELECT t.contact, t.date, MAX(t.in_person), MAX(CASE WHEN t.origin = 'contact' THEN 1"
    " ELSE (SELECT k.n FROM temp.headcount k WHERE k.interaction = t.id) END)"
    " FROM ({touches}) t WHERE t.date IS NOT NULL GROUP BY t.contact, t.date"
)
# (file, date, in person, origin) of an interaction; files 1-4 are contacts.
interactions = st.lists(
    st.tuples(
        st.integers(1, 8),
        st.sampled_from([None, "2026-01-01", "2026-01-02", "2026-02-01"]),
        st.booleans(),
        st.sampled_from(["contact", "meeting", "daily", "plan"]),
    ),
    max_size=40,
)
touch_lists = st.lists(st.tuples(st.integers(1, 4), st.integers(1, 40)), max_size=60)


def vault(found: list[tuple], touches: list[tuple[int, int]]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    for table in ("interactions", "touches", "contact_days"):
        conn.execute(create_table(table))
    conn.execute("CREATE INDEX touches_file ON touches(file)")
    conn.execute("CREATE INDEX touches_contact ON touches(contact)")
    conn.executemany(
        "INSERT INTO interactions(id, file, date, in_person, origin) VALUES (?, ?, ?, ?, ?)",
        ((n, *row[:2], int(row[2]), row[3]) for n, row in enumerate(found, 1)),
    )
    rows = [(c, i, found[i - 1][0]) for c, i in set(touches) if i <= len(found)]
    rows = [(c, i, file) for c, i, file in rows if found[i - 1][3] != "contact"]
    conn.executemany("INSERT INTO touches VALUES (?, ?, ?)", rows)
    conn.execute(HEADCOUNT)
    return conn


def fill(conn: sqlite3.Connection, contacts: list[int] | None) -> list[tuple]:
    own = resolved = ""
    args: list[int] = []
    if contacts is not None:
        own = f"AND i.file IN ({marks(contacts)})"
        resolved = f"AND t.contact IN ({marks(contacts)})"
        args = contacts * 2
        conn.execute(f"DELETE FROM contact_days WHERE contact IN ({marks(contacts)})", contacts)
    else:
        conn.execute("DELETE FROM contact_days")
    conn.execute("DELETE FROM temp.headcount")
    conn.execute(headcount_sql(resolved), args)
    conn.execute(contact_days_sql(own, resolved), args)
    return conn.execute("SELECT * FROM contact_days ORDER BY contact, date").fetchall()


def grouped(conn: sqlite3.Connection) -> list[tuple]:
    conn.execute("DELETE FROM temp.headcount")
    conn.execute(headcount_sql())
    return sorted(conn.execute(_GROUPED.format(touches=touches_sql())))


@given(interactions, touch_lists, st.lists(st.integers(1, 4), min_size=1, max_size=3, unique=True))
@example(  # a day in person, then not; met with two, then alone
    [(1, "2026-01-01", True, "contact"), (1, "2026-01-01", False, "contact")]
    + [(5, "2026-01-02", True, "meeting"), (6, "2026-01-02", False, "daily")],
    [(1, 3), (2, 3), (1, 4)],
    [1],
)
def test_a_contacts_days_are_its_touches_grouped_by_day(found, touches, contacts):
    conn = vault(found, touches)
    expected = grouped(conn)
    assert fill(conn, None) == expected
    assert fill(conn, sorted(contacts)) == expected  # some contacts' rows again

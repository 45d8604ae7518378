"""temp.headcount filled for some contacts' touches (a save's sync) holds
exactly the rows the whole vault's fill (a cold index) holds for those
touches' interactions: looking the touches up by file first changes nothing
while a touch's file is its interaction's."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from netnotes.schema import HEADCOUNT, create_table, headcount_sql, marks

# (contact, interaction): each interaction is in the file numbered by its tens.
touch_lists = st.lists(st.tuples(st.integers(1, 12), st.integers(1, 60)), max_size=80)


def filled(conn: sqlite3.Connection, contacts: list[int] | None) -> list[tuple[int, int]]:
    conn.execute("DELETE FROM temp.headcount")
    if contacts is None:
        conn.execute(headcount_sql())
    else:
        conn.execute(headcount_sql(f"AND t.contact IN ({marks(contacts)})"), contacts * 2)
    return conn.execute("SELECT * FROM temp.headcount ORDER BY interaction").fetchall()


@given(touch_lists, st.lists(st.integers(1, 12), min_size=1, max_size=5, unique=True))
def test_some_contacts_headcounts_are_the_whole_vaults_for_their_interactions(touches, contacts):
    conn = sqlite3.connect(":memory:")
    conn.execute(create_table("touches"))
    conn.execute("CREATE INDEX touches_file ON touches(file)")
    conn.execute("CREATE INDEX touches_contact ON touches(contact)")
    conn.executemany("INSERT INTO touches VALUES (?, ?, ?)", ((c, i, i // 10) for c, i in touches))
    conn.execute(HEADCOUNT)
    theirs = {i for c, i in touches if c in contacts}
    expected = [row for row in filled(conn, None) if row[0] in theirs]
    assert filled(conn, sorted(contacts)) == expected

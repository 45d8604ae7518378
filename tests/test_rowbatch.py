"""rowbatch writes a table's rows several to a statement: the same rows, in
the same order, with the same ids as one statement a row."""

import sqlite3

from hypothesis import example, given
from hypothesis import strategies as st

from netnotes.rowbatch import ROWS_AT_ONCE, Insert
from netnotes.schema import create_table

_VALUES = st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), st.text(), st.binary())


def _written(rows: list[tuple], write) -> list[tuple]:
    conn = sqlite3.connect(":memory:")
    conn.execute(create_table("links"))  # (file, line, target, embed, fm, key, …)
    write(conn, rows)
    return conn.execute("SELECT rowid, * FROM links ORDER BY rowid").fetchall()


@given(st.lists(st.tuples(*[_VALUES] * 6), max_size=3 * ROWS_AT_ONCE + 5))
# two statements of ROWS_AT_ONCE rows, then three one at a time (hypothesis's
# default lists are shorter than ROWS_AT_ONCE)
@example([(n, n, f"t{n}", None, bytes([n]), -n) for n in range(2 * ROWS_AT_ONCE + 3)])
def test_rows_at_once_are_the_rows_one_at_a_time(rows: list[tuple]) -> None:
    insert = Insert("links", ("file", "line", "target", "embed", "fm", "key"))
    at_once = _written(rows, insert.write)
    assert at_once == _written(rows, lambda conn, rows: conn.executemany(insert.one, rows))
    assert len(at_once) == len(rows)

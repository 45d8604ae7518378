"""`list` prints its table from roster.list_rows, which reads the index's rows
as they are instead of making a Contact and a Standing per contact: the same
rows as the standings every other command uses, on any day."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_DATE, examples
from netnotes.roster import list_row, list_rows, sorted_standings, standings
from netnotes.session import Session

AROUND = date.fromisoformat(EXAMPLE_DATE)


def both(vault: Path, day: date) -> tuple[list, list]:
    with Session(vault) as session:
        index, _ = session.index()
        slow = [list_row(s) for s in standings(index, session.config, day)]
        return list_rows(index, session.config, day), slow


@settings(
    max_examples=examples(10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(days=st.integers(min_value=-800, max_value=400))
def test_list_rows_are_the_standings_rows_on_any_day(example_vault, days):
    fast, slow = both(example_vault, AROUND + timedelta(days=days))
    assert fast == slow and fast


@pytest.mark.parametrize("by", ["name", "due", "last", "ladder"])
def test_on_the_edge_vault_in_every_order(edge_vault, by):
    fast, slow = both(edge_vault, AROUND)
    assert sorted_standings(fast, by) == sorted_standings(slow, by) and fast


def test_a_touch_planned_after_the_day_does_not_count_yet(make_vault):
    vault = make_vault(
        {
            "People/Ada.md": "---\nname: Ada\n---\n### 2026-01-05 — Coffee\n\n"
            "### 2026-03-01 — Lunch\n",
        }
    )
    fast, slow = both(vault, date(2026, 2, 1))
    assert fast == slow and fast[0].last_touch == date(2026, 1, 5)

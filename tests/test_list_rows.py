"""`list` prints its table from roster.list_rows and its JSON from
roster.list_json, which read the index's texts as they are instead of making
a Contact and a Standing per contact: the same rows as the standings every
other command uses (standing_json, and list_row below, the table's fields of
one), on any day, archived contacts included or not."""

from __future__ import annotations

from datetime import date, timedelta
from operator import attrgetter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_DATE, examples
from netnotes.config import Config
from netnotes.index import Index
from netnotes.people import Standing, standing
from netnotes.roster import (
    ListRow,
    list_json,
    list_rows,
    sorted_rows,
    standing_json,
)
from netnotes.session import Session

AROUND = date.fromisoformat(EXAMPLE_DATE)


def standings(index: Index, config: Config, today: date) -> list[Standing]:
    """Every contact's Standing as of `today`, in the index's order (by
    name): what list_rows and list_json must equal, made the way every other
    command makes one (people.standing of each Contact)."""
    touches = index.last_touches(today)
    contacts = index.contacts(details=False)
    return [standing(c, touches.get(c.path, (None, None)), config, today) for c in contacts]


def list_row(s: Standing) -> ListRow:
    """A Standing as the `list` table shows it: the old meaning of a row."""
    c = s.contact

    def iso(day: date | None) -> str | None:
        return day.isoformat() if day else None

    return ListRow(
        c.path,
        c.name,
        c.ladder,
        c.company,
        iso(s.last_touch),
        iso(s.last_in_person),
        str(s.cadence),
        iso(s.due),
        c.status,
        iso(c.snooze),
    )


def both(vault: Path, day: date, archived: bool = True) -> tuple[list, list]:
    """list_rows and list_json against the standings' rows, as pairs."""
    with Session(vault) as session:
        index, _ = session.index()
        kept = [
            s
            for s in standings(index, session.config, day)
            if archived or s.contact.status != "archived"
        ]
        fast = list_rows(index, session.config, day, archived)
        fast_json = list_json(index, session.config, day, archived)
        assert fast_json == [standing_json(s) for s in kept]
        return fast, [list_row(s) for s in kept]


@settings(
    max_examples=examples(10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(days=st.integers(min_value=-800, max_value=400), archived=st.booleans())
def test_list_rows_are_the_standings_rows_on_any_day(example_vault, days, archived):
    fast, slow = both(example_vault, AROUND + timedelta(days=days), archived)
    assert fast == slow and fast


@pytest.mark.parametrize("by", ["name", "due", "last", "ladder"])
def test_on_the_edge_vault_in_every_order(edge_vault, by):
    fast, slow = both(edge_vault, AROUND)
    assert sorted_rows(fast, by, attrgetter) == sorted_by_days(slow, by) and fast


def sorted_by_days(rows: list[ListRow], by: str) -> list[ListRow]:
    """`list --sort` as it was: by the days as dates, never due (or touched) last."""
    if by == "name":
        return rows
    if by == "ladder":
        return sorted(
            rows, key=lambda r: {"above": 0, "peer": 1, "below": 2}.get(r.ladder or "", 3)
        )
    field = attrgetter("due" if by == "due" else "last_touch")

    def day(r: ListRow) -> date:
        return date.fromisoformat(field(r)) if field(r) else date.min

    return sorted(rows, key=lambda r: (field(r) is None, day(r)))


def test_a_touch_planned_after_the_day_does_not_count_yet(make_vault):
    vault = make_vault(
        {
            "People/Ada.md": "---\nname: Ada\n---\n### 2026-01-05 — Coffee\n\n"
            "### 2026-03-01 — Lunch\n",
        }
    )
    fast, slow = both(vault, date(2026, 2, 1))
    assert fast == slow and fast[0].last_touch == "2026-01-05"


# Any vault: contacts with or without `met:` (before, on or after the day,
# odd text too) and touches in person or not, past and planned. list_rows
# counts `met:` in SQL (roster._LISTED); standings through people.with_met:
# these pin the two to one rule.
A_DAY = st.integers(min_value=-40, max_value=40).map(lambda n: AROUND + timedelta(days=n))
A_MET = st.one_of(st.none(), A_DAY.map(date.isoformat), st.sampled_from(["soon", "2026-02-30"]))
A_TOUCH = st.tuples(A_DAY, st.sampled_from(["Coffee", "Call", "Lunch with the team", "Email"]))


def contact_note(name: str, met: str | None, touches: list[tuple[date, str]]) -> str:
    front = f"met: {met}\n" if met else ""
    log = "".join(f"### {day.isoformat()} — {title}\n\n" for day, title in touches)
    return f"---\nname: {name}\n{front}---\n{log}"


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    contacts=st.lists(st.tuples(A_MET, st.lists(A_TOUCH, max_size=3)), min_size=1, max_size=4),
    days=st.integers(min_value=-20, max_value=20),
)
def test_list_rows_count_met_as_the_standings_do_on_any_vault(tmp_path_factory, contacts, days):
    vault = tmp_path_factory.mktemp("vault")
    (vault / ".netnotes").mkdir()
    for at, (met, touches) in enumerate(contacts):
        (vault / "People").mkdir(exist_ok=True)
        note = contact_note(f"Person {at}", met, touches)
        (vault / "People" / f"Person {at}.md").write_text(note, encoding="utf-8")
    with Session(vault, index=vault / ".netnotes" / "index.sqlite3") as session:
        index, _ = session.index()
        day = AROUND + timedelta(days=days)
        slow = standings(index, session.config, day)
        assert list_rows(index, session.config, day) == [list_row(s) for s in slow]
        assert list_json(index, session.config, day) == [standing_json(s) for s in slow]

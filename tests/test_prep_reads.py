"""`prep NAME` reads that person's rows and their meetings' (issue 20): not
every contact of the vault, not every meeting note. The narrow queries it
uses answer as the wide ones did."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import EXAMPLE_DATE
from netnotes.groups import Groups
from netnotes.index import Index
from netnotes.session import Session

TODAY = date.fromisoformat(EXAMPLE_DATE)


@pytest.mark.parametrize("who", ["Jane Doe", "Maria Gonzalez", "Zoë Ångström"])
def test_prep_for_one_person_reads_no_list_of_everyone(example_vault, run, monkeypatch, who):
    args = ("prep", who, "--stdout", "--date", EXAMPLE_DATE)
    assert run(example_vault, "index").exit_code == 0
    wide = run(example_vault, *args)

    def everyone(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("prep NAME read every contact or every meeting note")

    monkeypatch.setattr(Index, "contacts", everyone)
    monkeypatch.setattr(Index, "meeting_notes", everyone)
    narrow = run(example_vault, *args)
    assert narrow.exit_code == 0 and narrow.output == wide.output


def test_groups_read_from_their_names_are_the_groups_read_from_every_contact(
    example_vault, edge_vault
):
    for vault in (example_vault, edge_vault):
        with Session(vault) as session:
            index, _ = session.index()
            wide = Groups(index, TODAY, index.contacts(details=False))
            assert Groups(index, TODAY).groups == wide.groups
            assert wide.groups or vault == edge_vault  # the example's has groups


def test_a_days_meeting_notes_are_those_of_every_meeting_note_on_that_day(example_vault):
    with Session(example_vault) as session:
        index, _ = session.index()
        every = index.meeting_notes()
        assert every
        for day in {m.date for m in every} | {TODAY + timedelta(days=30)}:
            assert index.meeting_notes_on(day) == [m for m in every if m.date == day]

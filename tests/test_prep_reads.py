"""`prep NAME` reads that person's rows and their meetings' (issue 20): not
every contact of the vault, not every meeting note. The narrow queries it
uses answer as the wide ones did."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import EXAMPLE_DATE
from netnotes.groups import Groups
from netnotes.index import Index
from netnotes.models import ARCHIVED
from netnotes.naming import lookup_key
from netnotes.session import Session

TODAY = date.fromisoformat(EXAMPLE_DATE)


@pytest.mark.parametrize(
    "who", ["Jane Doe", "Maria Gonzalez", "Zoë Ångström", "Design review lunch"]
)
def test_prep_for_one_person_or_meeting_reads_no_list_of_everyone(
    example_vault, run, monkeypatch, who
):
    args = ("prep", who, "--stdout", "--date", EXAMPLE_DATE)
    assert run(example_vault, "index").exit_code == 0
    wide = run(example_vault, *args)

    def everyone(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("prep NAME read every contact or every meeting note")

    monkeypatch.setattr(Index, "contacts", everyone)
    monkeypatch.setattr(Index, "meeting_notes", everyone)
    narrow = run(example_vault, *args)
    assert narrow.exit_code == 0 and narrow.output == wide.output


def test_groups_and_their_members_read_from_the_index_are_those_every_contact_names(
    example_vault, edge_vault
):
    """Groups read the names contacts give in `groups:`, who gives them and
    in what order from the index, without a Contact made for each: the same
    as every contact says, archived ones aside as members."""
    for vault in (example_vault, edge_vault):
        with Session(vault) as session:
            index, _ = session.index()
            contacts = index.contacts(details=False)
            assert index.contact_groups() == [g for c in contacts for g in c.groups]
            groups = Groups(index, TODAY)
            order = [c.path for c in contacts if c.status != ARCHIVED]
            for group in groups.groups:
                members = groups.members(group)
                named = {
                    c.path
                    for c in contacts
                    if c.status != ARCHIVED and group.keys & {lookup_key(g) for g in c.groups}
                }
                assert named <= set(members) <= set(order)
                assert members == sorted(members, key=order.index)
            assert groups.groups or vault == edge_vault  # the example's has groups


def test_a_days_meeting_notes_are_those_of_every_meeting_note_on_that_day(example_vault):
    with Session(example_vault) as session:
        index, _ = session.index()
        every = index.meeting_notes()
        assert every
        for day in {m.date for m in every} | {TODAY + timedelta(days=30)}:
            assert index.meeting_notes_on(day) == [m for m in every if m.date == day]


@pytest.mark.parametrize(
    "query, said",
    [
        ("Design Review", "is both a contact (People/Design Review.md) and a meeting note"),
        ("Chess Club", "is both a contact (People/Chess Club.md) and a group"),
        ("Breakfast Club", "is both a meeting note (Meetings/Breakfast Club.md) and a group"),
        ("Ana", None),  # two contacts answer by first name: the meeting note is meant
    ],
)
def test_a_meeting_or_group_that_one_contact_answers_to_too_is_ambiguous(
    make_vault, run, query, said
):
    ana = '---\ndate: 2026-03-21\nwith: ["[[Ana Lima]]"]\n'
    vault = make_vault(
        {
            "People/Design Review.md": "---\nname: Design Review\n---\n",
            "People/Chess Club.md": "---\nname: Chess Club\n---\n",
            "People/Ana Lima.md": "---\nname: Ana Lima\n---\n",
            "People/Ana Souza.md": "---\nname: Ana Souza\n---\n",
            "Meetings/Design Review.md": ana + "---\n# Design Review\n",
            "Meetings/Ana.md": ana + "---\n# Ana\n",
            "Meetings/Breakfast Club.md": ana + 'group: "[[Breakfast Club]]"\n---\n',
            "Groups/Breakfast Club.md": "---\ntype: group\n---\n",
            "Groups/Chess Club.md": "---\ntype: group\n---\n",
        }
    )
    result = run(vault, "prep", query, "--stdout", "--date", "2026-03-14")
    if said is None:
        assert result.exit_code == 0 and "Ana Lima" in result.output
    else:
        assert result.exit_code == 2 and said in result.stderr

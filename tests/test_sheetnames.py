"""A prep sheet's name depends on its rivals of the day (sheetnames): the
digest names only the sheets of the rows it makes, from the names it has
read, and each is the name `prep` and `watch` give it, reading every sheet
of the day; a name already safe is only checked, by naming's own rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import entry, meeting, person
from netnotes import naming
from netnotes.digest import Scope, build_digest
from netnotes.digest_rows import ComingUp
from netnotes.groups import Groups
from netnotes.session import Session
from netnotes.sheetnames import SheetNames

TODAY = date(2026, 3, 14)
TOMORROW = TODAY + timedelta(days=1)


def clashing_vault(make_vault, max_rows: int) -> Path:
    """Today: "Lunch" twice (two notes, two folders), a meeting titled like
    a planned contact ("ADA PARK"), one titled like an archived contact
    planned today ("Board": the contact's path sorts first, so the meeting's
    sheet is the one marked) and one like a contact planned tomorrow; a
    crowd of planned contacts besides, more than the markdown shows."""
    today, tomorrow = TODAY.isoformat(), TOMORROW.isoformat()
    notes = {
        "People/Ada Park.md": person("Ada Park", body=entry(today, "Coffee", "- Plan")),
        "People/Bo Li.md": person("Bo Li", body=entry(tomorrow, "Walk", "- Plan")),
        "People/Board.md": person("Board", "status: archived\n", entry(today, "Review")),
        "Meetings/Lunch.md": meeting(today, ["Cy"]),
        "Other/Lunch.md": meeting(today, ["Di"]),
        "Work/ADA PARK.md": meeting(today, ["Ed"]),
        "Work/Board.md": meeting(today, ["Fi"]),
        "Work/bo  li.md": meeting(tomorrow, ["Gu"]),
        ".netnotes/config.toml": f"[digest]\nmax_rows = {max_rows}\n",
    }
    for name in ("Cy", "Di", "Ed", "Fi", "Gu"):  # one meeting each
        notes[f"People/{name}.md"] = person(name)
    for n in range(12):
        notes[f"People/P{n:02d}.md"] = person(f"P{n:02d}", body=entry(today, "Call", "- Plan"))
    return make_vault(notes)


def every_sheet(rows: list[ComingUp], names: SheetNames) -> list[tuple[str, str]]:
    """Each row's sheet as the digest named it, and as `names` names it."""
    found = []
    for row in rows:
        if row.note_link is not None or row.scheduled:  # a meeting note or a group's
            title, source = row.title or "", row.path
        else:  # a contact's plan: the sheet of its person
            title, source = row.people[0].name, row.people[0].path
        found.append((row.prep, names.path(row.date, title, source)))
    return found


@pytest.mark.parametrize("whole", [True, False])
def test_the_digest_names_its_sheets_as_naming_every_sheet_of_the_day_does(make_vault, whole):
    """The markdown (the first 5 rows of today's) and the JSON (every row)."""
    vault = clashing_vault(make_vault, max_rows=5)
    with Session(vault) as session:
        index, _ = session.index()
        digest = build_digest(index, session.config, TODAY, Scope(), 14, whole=whole)
        rows = [*digest.today.meeting_rows.rows, *digest.coming_up.rows]
        groups = Groups(index, TODAY)
        every = SheetNames(index, session.config.output_dir, groups)  # queried, as prep's
        sheets = every_sheet(rows, every)
    assert [mine for mine, _ in sheets] == [theirs for _, theirs in sheets]
    names = {path.rsplit("/", 1)[1].removesuffix(".md") for path, _ in sheets}
    apart = {name.rsplit(" ", 1)[0] for name in names if re.search(r" [0-9a-f]{6}$", name)}
    assert {"2026-03-14 Lunch", "2026-03-14 Ada Park"} <= names  # the first paths keep them
    assert "2026-03-14 Board" not in names  # the archived contact's
    # each marked apart: the second "Lunch", a meeting like a contact planned,
    # one like an archived contact planned, one like a contact planned tomorrow
    expected = {"2026-03-14 Lunch", "2026-03-14 ADA PARK", "2026-03-14 Board", "2026-03-15 bo li"}
    assert apart == expected


# Titles at each edge of what safe_filename changes: dots and spaces at the
# ends, doubled spaces, characters it replaces, `%%`, reserved Windows names
# and what merely starts like one, NFD, case folding, the byte cap, nothing
# usable ("☕"), and plain ones.
EDGES = [
    "Ada Park",
    "O'Brien-Smith, J. (Lunch) + Q1 & co; =@`{}~!$_",
    "Lunch.",
    "Lunch. ",
    ".Lunch",
    " Lunch",
    "Lunch  Q1",
    "Lunch: Q1",
    "Lunch%%Q1",
    "Lunch%Q1",
    "Lunch\tQ1",
    "Lunch\u00a0Q1",
    "Lunch\u200eQ1",
    "CON",
    "con.txt",
    "Com1",
    "LPT\u00b2",
    "Connor Smith",
    "Nul",
    "Jose\u0301",
    "Jos\u00e9",
    "STRASSE",
    "Stra\u00dfe",
    "\u212aelvin",
    "\u2615",
    "_Lunch",
    "x" * 60,
    "x" * 61,
    "\u00e9" * 60,
    "\u00e9" * 121,
    "\u1100\u1161 Lee",  # conjoining jamo: NFC makes them one syllable
    "\u212bngstr\u00f6m",
    "\U00020000" * 60,  # 4 bytes each in UTF-8
    "\U00020000" * 61,
    "\u4e2d" * 81,
    "\U0001f600" * 61,
    "a" * 59 + ".",
    "",
    " ",
    "1",
]


def outcome(clean: Callable[[str], str], title: str) -> str:
    """What `clean` makes of `title`, its ValueError as a string, to compare
    safe_filename with naming._cleaned, which it skips for a name already safe."""
    try:
        return clean(title)
    except ValueError as err:
        return f"ValueError: {err}"


def test_plain_names_and_titles_are_taken_as_safe_and_only_those():
    """The comparisons below look at the shortcut only where it is taken."""
    taken = [title for title in EDGES if naming._is_safe(title)]
    # (not "Connor Smith": any name that starts like a reserved one is cleaned, to be sure)
    assert taken == ["Ada Park", EDGES[1], "Jos\u00e9", "STRASSE", "Stra\u00dfe", "x" * 60,
                     "\u00e9" * 60, "\U00020000" * 60, "1"]  # fmt: skip


@pytest.mark.parametrize("title", EDGES)
def test_a_name_taken_as_safe_is_the_name_cleaning_gives_at_each_edge(title):
    assert outcome(naming.safe_filename, title) == outcome(naming._cleaned, title)


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("aZ9 ._-'%:#/Nnul\u00e9\u0301\u00df\u212a\u00a0\u200e\u2615\u1100\u1161\U00020000")
        ),
        max_size=70,
    )
    | st.text(max_size=70)
)
@example("Con")
def test_a_name_taken_as_safe_is_the_name_cleaning_gives(title):
    assert outcome(naming.safe_filename, title) == outcome(naming._cleaned, title)


def test_a_meeting_note_of_another_day_is_no_rival():
    """The meeting notes given (the digest's, of its whole horizon) are each
    a rival on its own day only."""
    from netnotes.results import MeetingNote
    from netnotes.sheetnames import SheetNames

    first, second = date(2026, 3, 14), date(2026, 3, 15)
    notes = [
        MeetingNote("Meetings/b.md", "Lunch", first),
        MeetingNote("Meetings/a.md", "Lunch", second),
        MeetingNote("Meetings/c.md", "Lunch", first),
    ]
    sheets = SheetNames(None, "NetNotes", planned=[], meetings=notes, names=lambda paths: {})  # type: ignore[arg-type]
    assert sheets.path(second, "Lunch", "Meetings/a.md") == "NetNotes/Prep/2026-03-15 Lunch.md"
    assert sheets.path(first, "Lunch", "Meetings/b.md") == "NetNotes/Prep/2026-03-14 Lunch.md"
    assert sheets.path(first, "Lunch", "Meetings/c.md").startswith(
        "NetNotes/Prep/2026-03-14 Lunch "
    )
    assert sheets.shared(first) == {"Meetings/b.md", "Meetings/c.md"}

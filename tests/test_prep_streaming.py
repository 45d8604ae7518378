"""`prep --upcoming` and the watcher's refresh over a busy day: sheets are
built one at a time (never all held at once), the reads they share are kept
for the last few notes only, and what is written is unchanged — a sheet for
each meeting, the same bytes as `prep MEETING` gives for it alone."""

from __future__ import annotations

import weakref
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATE, entry, meeting, person
from netnotes import prep_source, table
from netnotes.groups import Occurrence
from netnotes.models import Meeting
from netnotes.prep import PrepBuilder
from netnotes.prep_source import Recent
from netnotes.session import Session

TODAY = "2026-11-26"
PEOPLE = [f"Person {n:02}" for n in range(12)]


def busy_day() -> dict[str, str]:
    """Twelve people; meeting notes today and later with several of them each,
    a big table (a group sheet), and planned log entries of their own."""
    files = {
        f"People/{name}.md": person(
            name,
            "cadence: 30d\n",
            "## Log\n"
            + entry("2026-10-01", "Coffee", f"- talked with [[{PEOPLE[(n + 1) % 12]}]] about work")
            + entry("2026-12-01" if n % 3 == 0 else "2026-11-26", "Call", "- catch up"),
        )
        for n, name in enumerate(PEOPLE)
    }
    for n in range(8):
        day = TODAY if n < 5 else f"2026-11-{27 + n - 5}"
        who = [PEOPLE[n], PEOPLE[(n + 3) % 12]]
        files[f"Meetings/{day} Lunch {n}.md"] = meeting(
            day, who, f"- [[{who[0]}]] asked about hiring", "- agenda for the table"
        )
    files[f"Meetings/{TODAY} Big table.md"] = meeting(TODAY, PEOPLE[:7], "- everyone's update")
    files["Meetings/2026-10-01 Old lunch.md"] = meeting("2026-10-01", PEOPLE[:2], "- old talk")
    return files


def opened_builder(vault: Path, today: str = TODAY):
    session = Session(vault)
    index, _ = session.index()
    builder = PrepBuilder(index, session.config, date.fromisoformat(today), session.vault.note_text)
    return session, builder


def test_upcoming_builds_one_sheet_at_a_time(make_vault):
    vault = make_vault(busy_day())
    session, builder = opened_builder(vault)
    try:
        sheets = builder.upcoming()
        assert iter(sheets) is sheets  # a generator, not a list built up front
        alive: list[weakref.ref] = []
        for sheet in sheets:
            assert [r for r in alive if r() is not None] == []  # the last one is gone
            alive.append(weakref.ref(sheet))
        assert len(alive) == len(builder.plans()) > 10
    finally:
        session.close()


def test_plans_are_the_sheets_in_their_order_and_places(make_vault):
    vault = make_vault(busy_day())
    session, builder = opened_builder(vault)
    try:
        plans = builder.plans()
        sheets = [builder.build(plan) for plan in plans]
        assert [(p.date, p.title) for p in plans] == [(s.date, s.title) for s in sheets]
        assert [builder.sheet_path(p) for p in plans] == [builder.sheet_path(s) for s in sheets]
    finally:
        session.close()


def test_upcoming_writes_each_meetings_sheet_as_prep_gives_it_alone(make_vault, run):
    vault = make_vault(busy_day())
    result = run(vault, "prep", "--upcoming", "--date", TODAY)
    assert result.exit_code == 0, result.stderr
    written = {p.name: p.read_text(encoding="utf-8") for p in (vault / "NetNotes/Prep").iterdir()}
    for note in sorted((vault / "Meetings").glob("2026-11-2[6-9]*.md")):
        name = f"{note.stem}.md"
        assert name in written  # today's meetings and the coming ones each get a sheet
        alone = run(vault, "prep", f"Meetings/{note.name}", "--stdout", "--date", TODAY)
        assert written[name] == alone.stdout
    assert "2026-11-26 Person 08.md" in written  # a log entry today, at no meeting note
    assert "2026-11-26 Person 01.md" not in written  # at Lunch 1 today: that sheet covers it
    assert "2026-12-01 Person 00.md" in written  # and one later in the horizon
    assert not any("Old lunch" in name for name in written)


@pytest.mark.parametrize("where", ["busy", "example"])
def test_keeping_only_the_last_notes_read_changes_no_sheet(
    make_vault, example_vault, where, monkeypatch
):
    vault, today = (
        (make_vault(busy_day()), TODAY) if where == "busy" else (example_vault, EXAMPLE_DATE)
    )

    def texts() -> list[str]:
        session, builder = opened_builder(vault, today)
        try:
            return [session.renderer.render("prep.md.j2", s) for s in builder.upcoming()]
        finally:
            session.close()

    whole = texts()
    monkeypatch.setattr(prep_source, "NOTES_KEPT", 1)
    monkeypatch.setattr(prep_source, "CONTACTS_KEPT", 1)
    assert texts() == whole and whole


def namesakes() -> dict[str, str]:
    """busy_day, and contacts who answer to one another's names: which one a
    link goes to is then table.contact_keys' rule."""
    return {
        **busy_day(),
        "People/Sam Lee.md": person("Sam Lee", "aliases: [Sam]\n"),
        "People/Sam.md": person("Sam"),
        "Work/Sam.md": person("Sam Ortiz", "aliases: [Sam Lee]\n"),
        "People/Ann.md": person("Ann", "aliases: [Annie]\n"),
        "Other/Ann.md": person("Ann B", "aliases: [Annie]\n"),
        f"Meetings/{TODAY} Sams.md": meeting(TODAY, ["Sam Lee", "Ann"], "- [[Sam]] and [[Annie]]"),
    }


def test_whom_a_link_goes_to_is_as_the_map_of_every_contact_says(make_vault):
    vault = make_vault(namesakes())
    session, builder = opened_builder(vault)
    try:
        src = builder.src
        everyone = table.contact_keys(src.everyone.values())
        asked = [*everyone, "sam", "annie", "sam lee", "nobody", "people/sam", "work/sam"]
        assert {k: src.contact_at(k) for k in asked} == {k: everyone.get(k) for k in asked}
    finally:
        session.close()


def test_the_map_of_every_contact_is_built_only_for_namesakes(make_vault, monkeypatch):
    built = []

    def counted(everyone):
        built.append(1)
        return table.contact_keys(everyone)

    monkeypatch.setattr(prep_source, "contact_keys", counted)
    for files, times in ((busy_day(), []), (namesakes(), [1])):
        built.clear()
        session, builder = opened_builder(make_vault(files, name=f"v{len(times)}"))
        try:
            assert sum(1 for _ in builder.upcoming()) > 10
        finally:
            session.close()
        assert built == times  # once for the run, however many tables ask


def test_recent_keeps_the_last_keys_asked_for():
    loads: list[str] = []

    def load(key: str) -> str:
        loads.append(key)
        return key.upper()

    recent = Recent(2, load)
    assert [recent(k) for k in "abab"] == ["A", "B", "A", "B"]
    assert loads == ["a", "b"]
    recent("c")  # lets go of a, the one asked for longest ago
    assert len(recent) == 2
    assert recent("b") == "B" and loads == ["a", "b", "c"]
    assert recent("a") == "A" and loads == ["a", "b", "c", "a"]


def test_a_save_plans_the_sheets_of_the_people_it_touched_reading_only_them(make_vault):
    vault = make_vault(busy_day())
    session, builder = opened_builder(vault)
    try:
        read: list[str] = []
        index = builder.index

        def contact(path: str):
            read.append(path)
            return index.contact(path)

        builder.src.contact = Recent(8, contact)
        plans = builder.plans({"People/Person 08.md"})
        assert [(p.date.isoformat(), p.title) for p in plans] == [
            ("2026-11-26", "Person 08"),  # a log entry today
            ("2026-11-27", "Lunch 5"),  # a meeting note they are at
        ]
        assert read == ["People/Person 08.md"]
    finally:
        session.close()


def _with(plan, only: set[str]) -> bool:
    """Whether a sheet of every meeting ahead is one with someone in `only`."""
    target = plan.target
    if isinstance(target, Meeting):
        return bool(only & set(target.attendees))
    if isinstance(target, Occurrence):
        return bool(only & set(target.members))
    return target.contact in only


@pytest.mark.parametrize("where", ["busy", "example", "edge"])
def test_a_saves_plans_read_from_its_peoples_touches_are_those_of_every_sheet(
    make_vault, example_vault, edge_vault, where, monkeypatch
):
    """plans(only) reads the touches of the people it is given, not every
    meeting note and touch ahead: the same plans as every sheet's narrowed
    to those with them, person by person and a few at once."""
    vault = {"busy": lambda: make_vault(busy_day()), "example": lambda: example_vault}
    vault["edge"] = lambda: edge_vault
    today = TODAY if where != "example" else EXAMPLE_DATE
    session, builder = opened_builder(vault[where](), today)
    try:
        every = builder.plans()
        people = sorted({p for plan in every for p in _people(plan)} | set(builder.src.everyone))
        asked = [{p} for p in people] + [set(people[n : n + 3]) for n in range(0, len(people), 3)]
        index = builder.index

        def wide(*_args: object, **_kwargs: object) -> None:
            raise AssertionError("a save's plans read every meeting note or touch ahead")

        monkeypatch.setattr(index, "meeting_notes", wide)
        monkeypatch.setattr(index, "touches_between", wide)
        found = 0
        for only in asked:
            fresh = PrepBuilder(index, session.config, builder.today, session.vault.note_text)
            plans = fresh.plans(only)
            assert plans == [plan for plan in every if _with(plan, only)], only
            found += len(plans)
        assert found > len(every) > 0  # each sheet found again for each of its people
    finally:
        session.close()


def _people(plan) -> tuple[str, ...]:
    target = plan.target
    if isinstance(target, Meeting):
        return target.attendees
    if isinstance(target, Occurrence):
        return target.members
    return (target.contact,)


def with_daily_notes() -> dict[str, str]:
    """busy_day() with daily notes: conversations, and plans for today and later
    (a plan is no touch, yet a sheet's rival), some on days only meeting notes note."""
    files = busy_day()
    files["Daily/2026-11-20.md"] = (
        f"- Schedule coffee with [[{PEOPLE[1]}]] on {TODAY}\n"
        f"- Set up lunch with [[{PEOPLE[2]}]] on 2026-11-28\n"
        f"- Lunch with [[{PEOPLE[3]}]]\n"
    )
    files[f"Daily/{TODAY}.md"] = f"- Called [[{PEOPLE[4]}]]\n- Drinks with [[{PEOPLE[9]}]]\n"
    return files


@pytest.mark.parametrize("where", ["busy", "daily", "example", "edge"])
def test_a_sheets_name_asks_who_notes_that_day_without_reading_their_touches(
    make_vault, example_vault, edge_vault, where, monkeypatch
):
    """The contacts whose log or daily note notes a day (a sheet's possible
    rivals for its file name) are those of every touch that day less the
    meeting notes'; a sheet's name reads no touch."""
    vault = {"busy": lambda: make_vault(busy_day()), "example": lambda: example_vault}
    vault["edge"] = lambda: edge_vault
    vault["daily"] = lambda: make_vault(with_daily_notes())
    today = TODAY if where != "example" else EXAMPLE_DATE
    session, builder = opened_builder(vault[where](), today)
    try:
        index = builder.index
        touches = index.touches_between(date(2000, 1, 1), date(2100, 1, 1), plans=True)
        days = {t.date for t in touches} | {builder.today}
        origins = set()
        for day in sorted(days):
            wide = index.touches_between(day, day, plans=True)
            origins |= {t.origin for t in wide}
            noting = index.noting_on(day)
            assert set(noting) == {t.contact for t in wide if t.origin != "meeting"}
            assert noting == index.contact_names(set(noting))
        if where == "daily":
            assert origins == {"contact", "meeting", "daily", "plan"}
        plans = builder.plans()
        expected = [builder.sheet_path(plan) for plan in plans]

        def wide_read(*_args: object, **_kwargs: object) -> None:
            raise AssertionError("a sheet's name read every touch of its day")

        monkeypatch.setattr(index, "touches_between", wide_read)
        fresh = PrepBuilder(index, session.config, builder.today, session.vault.note_text)
        assert [fresh.sheet_path(plan) for plan in plans] == expected and expected
    finally:
        session.close()

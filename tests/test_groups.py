"""Networking groups end to end: `meets:` plans meetings, members come from
`groups:` and from who came, the group sheet fits one screen, the digest
lists groups, every sheet says how you know someone, `--group` errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import entry, person

TODAY = "2026-11-26"  # a Thursday; the group meets on the first Thursday: 2026-12-03

GROUP = """---
type: group
aliases: [EL]
meets: monthly on the first Thursday
time: "07:30"
place: Tartine
kind: breakfast
---
Engineering leaders' breakfast.
"""

BREAKFAST = """---
date: 2026-11-05
with: ["[[Anna]]", "[[Robert]]", "[[Ravi]]", "[[Chen]]", "[[Marcus]]"]
group: "[[Eng Leaders]]"
kind: breakfast
---
# Eng Leaders breakfast

- [[Anna]] introduced me to [[Robert]], who is hiring
- [[Ravi]] ran his first ultramarathon #personal
- [[Chen]] got married in October #personal
- [[Marcus]] is between jobs #sensitive
- We agreed to rotate hosts.
- [ ] Send the venue poll 📅 2026-11-30
- Budget talk %% the treasurer owes rent %%
%%
the host is going through a divorce
%%
- Venue costs are a secret #sensitive
"""


def files() -> dict[str, str]:
    return {
        "Groups/Eng Leaders.md": GROUP,
        "Meetings/2026-11-05 Eng Leaders breakfast.md": BREAKFAST,
        "Meetings/2024-06-01 Old breakfast.md": (
            '---\ndate: 2024-06-01\nwith: ["[[Olga]]"]\ngroup: "[[Eng Leaders]]"\n'
            "kind: breakfast\n---\n"
        ),
        "People/Anna.md": person(
            "Anna",
            'groups: ["[[Eng Leaders]]"]\ncadence: 30d\n',
            "## Log\n" + entry("2026-10-01", "Coffee at Ritual", "- Likes climbing"),
        ),
        "People/Robert.md": person("Robert"),
        "People/Ravi.md": person("Ravi"),
        "People/Chen.md": person("Chen"),
        "People/Marcus.md": person("Marcus", "met: 2025-01-10\ncadence: 14d\n"),
        "People/Olga.md": person("Olga"),
        "People/Dana.md": person("Dana", "groups: [Book Club]\n"),
        "People/Gone.md": person("Gone", 'status: archived\ngroups: ["[[Eng Leaders]]"]\n'),
    }


@pytest.fixture
def vault(make_vault: Callable[..., Path]) -> Path:
    return make_vault(files())


def as_json(result) -> dict | list:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_scheduled_meeting_shows_under_coming_up_with_its_members(vault, run):
    digest = as_json(run(vault, "digest", "--date", TODAY, "--format", "json"))
    rows = [r for r in digest["coming_up"] if r["date"] == "2026-12-03"]
    assert {r["name"] for r in rows} == {"Anna", "Robert", "Ravi", "Chen", "Marcus"}
    assert {(r["title"], r["kind"], r["scheduled"], r["note"]) for r in rows} == {
        ("Eng Leaders", "breakfast", True, "Groups/Eng Leaders.md")
    }
    assert {r["prep"] for r in rows} == {"NetNotes/Prep/2026-12-03 Eng Leaders.md"}
    md = run(vault, "digest", "--date", TODAY, "--stdout").stdout
    assert (
        "[[Eng Leaders]] (scheduled) with [[Anna]], [[Chen]], [[Marcus]], [[Ravi]], [[Robert]]"
        in md
    )


def test_a_scheduled_meeting_makes_no_one_planned_and_is_never_a_touch(vault, run):
    digest = as_json(run(vault, "digest", "--date", TODAY, "--format", "json"))
    marcus = next(r for r in digest["overdue"] if r["name"] == "Marcus")
    assert marcus["planned"] is None  # the face-to-face clock still sees him
    assert all(r["planned"] is None for r in digest["still_to_meet"])
    # a week after the scheduled day, with no note written, nothing happened then
    later = as_json(run(vault, "digest", "--date", "2026-12-10", "--format", "json"))
    anna = next(r for r in later["overdue"] if r["name"] == "Anna")
    assert anna["last_touch"] == "2026-11-05"
    assert "2026-12-03" not in json.dumps({k: v for k, v in later.items() if k != "groups"})
    listed = as_json(run(vault, "list", "--date", "2026-12-10", "--format", "json"))
    assert {r["name"]: r["last_touch"] for r in listed}["Marcus"] == "2026-11-05"


def test_a_meeting_note_on_a_scheduled_day_is_that_meeting(make_vault, run):
    note = BREAKFAST.replace("2026-11-05", "2026-12-03")
    vault = make_vault({**files(), "Meetings/2026-12-03 Eng Leaders breakfast.md": note})
    digest = as_json(run(vault, "digest", "--date", TODAY, "--format", "json"))
    rows = [r for r in digest["coming_up"] if r["date"] == "2026-12-03"]
    assert len(rows) == 5 and not any(r["scheduled"] for r in rows)
    assert {r["note"] for r in rows} == {"Meetings/2026-12-03 Eng Leaders breakfast.md"}
    sheets = as_json(run(vault, "prep", "--upcoming", "--date", TODAY, "--format", "json"))
    assert [s["title"] for s in sheets] == ["Eng Leaders breakfast"]


def test_skip_and_until_hold_back_scheduled_days(make_vault, run):
    group = GROUP.replace("kind: breakfast\n", "kind: breakfast\nskip: [2026-12-03]\n")
    vault = make_vault({**files(), "Groups/Eng Leaders.md": group})
    digest = as_json(run(vault, "digest", "--date", TODAY, "--format", "json"))
    assert not [r for r in digest["coming_up"] if r["date"] == "2026-12-03"]
    assert digest["groups"][1]["next"] == "2027-01-07"
    ended = GROUP.replace("kind: breakfast\n", "kind: breakfast\nuntil: 2026-12-01\n")
    vault = make_vault({**files(), "Groups/Eng Leaders.md": ended}, name="ended")
    digest = as_json(run(vault, "digest", "--date", TODAY, "--format", "json"))
    assert digest["groups"][1]["next"] is None


def test_an_unreadable_schedule_is_a_check_error_naming_note_and_words(make_vault, run):
    vault = make_vault(
        {**files(), "Groups/Eng Leaders.md": GROUP.replace("monthly on the first", "every blue")}
    )
    result = run(vault, "check")
    assert result.exit_code == 1
    line = next(x for x in result.stdout.splitlines() if "blue" in x)
    assert line.startswith("Groups/Eng Leaders.md:4: error: meets:")
    assert '"every blue Thursday"' in line
    digest = as_json(run(vault, "digest", "--date", TODAY, "--format", "json"))
    assert not [r for r in digest["coming_up"] if r["date"] == "2026-12-03"]


def test_the_digest_lists_groups_with_members_and_whom_you_never_met_alone(vault, run):
    digest = as_json(run(vault, "digest", "--date", TODAY, "--format", "json"))
    book, eng = digest["groups"]
    assert book == {
        "name": "Book Club",
        "path": None,
        "next": None,
        "members": [{"name": "Dana", "path": "People/Dana.md"}],
        "attended_90d": 0,
        "one_on_one_never": [{"name": "Dana", "path": "People/Dana.md"}],
    }
    assert list(eng) == ["name", "path", "next", "members", "attended_90d", "one_on_one_never"]
    assert (eng["name"], eng["path"], eng["next"]) == (
        "Eng Leaders",
        "Groups/Eng Leaders.md",
        "2026-12-03",
    )
    # listed in groups:, or at one of its meetings in the last year; not Olga (2024),
    # not an archived contact
    assert [m["name"] for m in eng["members"]] == ["Anna", "Chen", "Marcus", "Ravi", "Robert"]
    assert eng["attended_90d"] == 1
    assert [m["name"] for m in eng["one_on_one_never"]] == ["Chen", "Marcus", "Ravi", "Robert"]
    md = run(vault, "digest", "--date", TODAY, "--stdout").stdout
    assert (
        "- [[Eng Leaders]]: next 2026-12-03 (scheduled) · 5 members · 1 meeting in 90 days"
        " · never one on one: [[Chen]], [[Marcus]], [[Ravi]], [[Robert]] — have coffee with one"
        " of them"
    ) in md


@pytest.mark.parametrize("name", ["Eng Leaders", "el", "Groups/Eng Leaders.md"])
def test_prep_a_group_by_name_alias_or_path_writes_its_next_meeting(vault, run, name):
    result = run(vault, "prep", name, "--date", TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "wrote NetNotes/Prep/2026-12-03 Eng Leaders.md\n"
    text = (vault / "NetNotes/Prep/2026-12-03 Eng Leaders.md").read_text(encoding="utf-8")
    assert "breakfast · Thursday 2026-12-03, in 7 days · 07:30 · Tartine" in text


def test_prep_upcoming_includes_scheduled_group_meetings(vault, run):
    sheets = as_json(run(vault, "prep", "--upcoming", "--date", TODAY, "--format", "json"))
    sheet = next(s for s in sheets if s["title"] == "Eng Leaders")
    assert sheet["date"] == "2026-12-03" and sheet["group"]["scheduled"] is True
    assert [p["name"] for p in sheet["people"]] == ["Anna", "Chen", "Marcus", "Ravi", "Robert"]


def part(sheet: str, name: str) -> str:
    return sheet.split(f"### [[{name}]]", 1)[1].split("\n\n", 1)[0]


def test_a_persons_part_holds_only_their_own_lines(vault, run):
    sheet = run(vault, "prep", "Eng Leaders", "--date", TODAY, "--stdout").stdout
    assert "ultramarathon" in part(sheet, "Ravi") and "married" in part(sheet, "Chen")
    for name in ("Anna", "Marcus", "Robert"):
        assert "ultramarathon" not in part(sheet, name) and "married" not in part(sheet, name)
    # his own line, and the table's sensitive line (it names no one: everyone's)
    assert '- Handle with care: 2 items — `netnotes prep "Marcus"`' in part(sheet, "Marcus")
    assert '- Handle with care: 1 item — `netnotes prep "Robert"`' in part(sheet, "Robert")
    assert "between jobs" not in sheet
    # the table's own lines, once: the last meeting's decisions and its open task
    assert sheet.count("We agreed to rotate hosts.") == 1
    assert sheet.count("Send the venue poll") == 1
    assert "- Last one on one: 2026-10-01, Coffee at Ritual" in part(sheet, "Anna")
    assert "- Never met one on one" in part(sheet, "Robert")


def test_how_you_know_them_quotes_the_introduction_with_date_and_source(vault, run):
    sheet = as_json(run(vault, "prep", "Robert", "--date", TODAY, "--format", "json"))
    assert sheet["people"][0]["how_you_know"] == [
        {
            "text": "[[Anna]] introduced me to [[Robert]], who is hiring",
            "path": "Meetings/2026-11-05 Eng Leaders breakfast.md",
            "line": 9,
            "date": "2026-11-05",
        }
    ]
    md = run(vault, "prep", "Robert", "--date", TODAY, "--stdout").stdout
    assert (
        "How you know them: 2026-11-05, [[2026-11-05 Eng Leaders breakfast]]:"
        " “[[Anna]] introduced me to [[Robert]], who is hiring”"
    ) in md


def test_how_you_know_them_never_quotes_a_sensitive_line_or_a_comment(make_vault, run):
    vault = make_vault(
        {
            **files(),
            "Daily/2026-10-20.md": (
                "- [[Robert]] told me about his layoff #sensitive\n"
                "%%\n[[Robert]] owes money\n%%\n"
                "- Chatted with a recruiter about [[Robert]] %% he was let go %%\n"
            ),
        }
    )
    sheet = as_json(run(vault, "prep", "Robert", "--date", TODAY, "--format", "json"))
    assert sheet["people"][0]["how_you_know"] == [
        {
            "text": "Chatted with a recruiter about [[Robert]]",
            "path": "Daily/2026-10-20.md",
            "line": 5,
            "date": "2026-10-20",
        }
    ]
    md = run(vault, "prep", "Robert", "--date", TODAY, "--stdout").stdout
    assert (
        "How you know them: 2026-10-20, [[2026-10-20]]: “Chatted with a recruiter about [[Robert]]”"
        in md
    )
    known = md.split("\n## ", 1)[0]
    assert not any(secret in known for secret in ("layoff", "let go", "owes money"))


def test_a_persons_own_sheet_leaves_out_what_others_at_the_table_said(vault, run):
    md = run(vault, "prep", "Robert", "--date", TODAY, "--stdout").stdout
    conversation = md.split("## Last conversation", 1)[1].split("\n## ", 1)[0]
    assert "We agreed to rotate hosts." in conversation
    assert "introduced me to [[Robert]]" in conversation
    for others in ("ultramarathon", "married", "between jobs"):
        assert others not in md


def test_how_you_know_them_reads_how_met_and_met_from_the_note(make_vault, run):
    note = person("Robert", 'met: 2026-11-05\nhow_met: "[[Eng Leaders]] breakfast"\n')
    vault = make_vault({**files(), "People/Robert.md": note})
    sheet = as_json(run(vault, "prep", "Robert", "--date", TODAY, "--format", "json"))
    assert sheet["people"][0]["how_you_know"][0] == {
        "text": "[[Eng Leaders]] breakfast",
        "path": "People/Robert.md",
        "line": 4,
        "date": "2026-11-05",
    }


def test_group_filter_covers_attendees_and_an_unknown_group_is_an_error(vault, run):
    listed = as_json(run(vault, "list", "--group", "EL", "--date", TODAY, "--format", "json"))
    assert [r["name"] for r in listed] == ["Anna", "Chen", "Marcus", "Ravi", "Robert"]
    digest = as_json(
        run(vault, "digest", "--group", "eng leaders", "--date", TODAY, "--format", "json")
    )
    assert {r["name"] for r in digest["overdue"]} <= {"Anna", "Marcus"}
    assert [g["name"] for g in digest["groups"]] == ["Eng Leaders"]
    for command in ("digest", "list"):
        result = run(vault, command, "--group", "Eng Leadrs", "--date", TODAY)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            "netnotes: no group named 'Eng Leadrs'; the groups are: Book Club, Eng Leaders\n"
        )


def busy_table(size: int) -> dict[str, str]:
    """A meeting of `size` people, each with a long history: one-on-ones,
    things shared, asks, promises both ways, sensitive items; and the
    meeting note itself full of everyone's news."""
    names = [f"Person {n:02d}" for n in range(size)]
    notes: dict[str, str] = {}
    for n, name in enumerate(names):
        log = "## Personal\n- Has two kids\n- Loves sailing\n\n## Log\n"
        for month in range(1, 11):
            log += entry(
                f"2026-{month:02d}-1{n % 9}",
                "Coffee downtown",
                f"- Shared news number {month} of {name} #personal",
                f"- Ask about project {month} #ask",
                f"- [ ] Send {name} article {month} 📅 2026-{month:02d}-2{n % 9}",
                f"- [ ] {name} sends deck {month} #waiting",
                f"- {name} private matter {month} #sensitive",
                "- A long line of small talk that goes on and on " * 3,
            )
        notes[f"People/{name}.md"] = person(
            name, "role: Engineer\ncompany: Acme\nladder: peer\n", log
        )
    lines = [f"- [[{name}]] said something personal #personal" for name in names]
    lines += ["- The venue was loud.", "- We agreed on a speaker series.", "- Next: bring a guest."]
    lines += ["- [ ] Book the room", "- [ ] Share the slides", "- Table-wide secret #sensitive"]
    attendees = ", ".join(f'"[[{name}]]"' for name in names)
    notes["Meetings/2026-12-03 Big breakfast.md"] = (
        f"---\ndate: 2026-12-03\nwith: [{attendees}]\nkind: breakfast\n---\n"
        + "\n".join(lines)
        + "\n"
    )
    return notes


def parts_of(sheet: str) -> list[list[str]]:
    return [block.split("\n\n", 1)[0].splitlines() for block in sheet.split("\n### ")[1:]]


@pytest.mark.parametrize("size", [6, 12])
def test_a_busy_table_fits_one_screen(make_vault, run, size):
    vault = make_vault(busy_table(size))
    result = run(vault, "prep", "Big breakfast", "--date", TODAY, "--stdout")
    assert result.exit_code == 0, result.stderr
    sheet = result.stdout
    parts = parts_of(sheet)
    assert len(parts) == size
    assert all(len(lines) <= 8 for lines in parts), max(parts, key=len)
    for lines in parts:
        own = lines[0].split("]]")[0].removeprefix("[[")
        others = [f"Person {n:02d}" for n in range(size) if f"Person {n:02d}" != own]
        assert not any(other in line for line in lines[1:] for other in others)
    assert "secret" not in sheet and "private matter" not in sheet
    assert sheet.count("We agreed on a speaker series.") <= 1
    if size == 6:
        assert len(sheet.splitlines()) <= 70
    else:
        assert len(sheet.splitlines()) <= 16 + 9 * size


def test_a_group_note_is_type_group_anywhere_or_any_note_under_groups():
    from netnotes.models import CONTACT, GROUP, MEETING
    from netnotes.notes import parse_note

    assert parse_note("Clubs/Chess.md", "---\ntype: group\n---\n").kind == GROUP
    assert parse_note("People/Chess club.md", "---\ntype: group\n---\n").kind == GROUP
    assert parse_note("groups/Runners.md", "Saturday runs.\n").kind == GROUP
    assert parse_note("People/Ann.md", "---\nname: Ann\n---\n").kind == CONTACT
    # a meeting note filed under its group's folder is still a meeting note
    met = parse_note("Groups/Runners/2026-11-07.md", BREAKFAST)
    assert met.kind == MEETING and met.groups == ("Eng Leaders",)


def test_prep_a_group_with_no_meeting_ahead_is_a_sheet_of_its_members_today(make_vault, run):
    group = GROUP.replace("meets: monthly on the first Thursday\n", "")
    vault = make_vault({**files(), "Groups/Eng Leaders.md": group})
    sheet = as_json(run(vault, "prep", "Eng Leaders", "--date", TODAY, "--format", "json"))
    assert sheet["date"] == TODAY and sheet["title"] == "Eng Leaders"
    assert sheet["group"]["scheduled"] is False and len(sheet["group"]["parts"]) == 5
    digest = as_json(run(vault, "digest", "--date", TODAY, "--format", "json"))
    assert digest["groups"][1]["next"] is None
    assert not [r for r in digest["coming_up"] if r["scheduled"]]


def test_prep_knows_no_group_by_a_wrong_name_and_offers_the_closest(vault, run):
    result = run(vault, "prep", "Eng Leadrs", "--date", TODAY)
    assert result.exit_code == 2
    assert "no contact, meeting note or group named 'Eng Leadrs'" in result.stderr
    assert "Eng Leaders" in result.stderr


def test_the_tables_history_never_shows_a_comment_or_a_sensitive_line(vault, run):
    sheet = as_json(run(vault, "prep", "Eng Leaders", "--date", TODAY, "--format", "json"))
    history = [line["text"] for line in sheet["group"]["history"]]
    assert history == ["We agreed to rotate hosts.", "Budget talk"]
    md = run(vault, "prep", "Eng Leaders", "--date", TODAY, "--stdout").stdout
    for secret in ("treasurer", "divorce", "Venue costs"):
        assert secret not in md and secret not in json.dumps(sheet["group"])


def test_the_watcher_writes_the_sheet_of_a_moved_meeting_day_on_a_save_of_the_group_note(vault):
    from datetime import date

    from netnotes.outputs import Keeper
    from netnotes.session import Session

    opened = Session(vault)
    index, _ = opened.index()
    keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
    day = date(2026, 11, 26)
    keeper.refresh(day, None)
    prep = vault / "NetNotes" / "Prep"
    assert (prep / "2026-12-03 Eng Leaders.md").is_file()
    note = vault / "Groups" / "Eng Leaders.md"
    note.write_text(GROUP.replace("the first Thursday", "the second Tuesday"), encoding="utf-8")
    done = keeper.refresh(day, {"Groups/Eng Leaders.md"})
    assert done.error is None
    assert "NetNotes/Prep/2026-12-08 Eng Leaders.md" in done.written
    opened.close()


def test_the_digest_names_five_never_met_alone_and_counts_the_rest(make_vault, run):
    people = {f"People/P{n}.md": person(f"P{n}", "groups: [Chess]\n") for n in range(7)}
    vault = make_vault(people)
    md = run(vault, "digest", "--date", TODAY, "--stdout").stdout
    assert (
        "never one on one: [[P0]], [[P1]], [[P2]], [[P3]], [[P4]] and 2 more — have coffee"
    ) in md
    digest = as_json(run(vault, "digest", "--date", TODAY, "--format", "json"))
    assert len(digest["groups"][0]["one_on_one_never"]) == 7


def test_a_scheduled_row_names_six_members_and_counts_the_rest(make_vault, run):
    people = {f"People/P{n}.md": person(f"P{n}", 'groups: ["[[Eng Leaders]]"]\n') for n in range(8)}
    vault = make_vault({"Groups/Eng Leaders.md": GROUP, **people})
    md = run(vault, "digest", "--date", TODAY, "--stdout").stdout
    assert (
        "[[Eng Leaders]] (scheduled) with [[P0]], [[P1]], [[P2]], [[P3]], [[P4]], [[P5]]"
        " and 2 more · [[NetNotes/Prep/2026-12-03 Eng Leaders|prep sheet]]"
    ) in md


def test_a_group_note_reads_its_keys_as_every_note_does(make_vault, run):
    """`Alias:` and `Meets:` are `aliases` and `meets` (properties.py), for
    the group as for the parser: prep finds it by that alias."""
    written = GROUP.replace("aliases: [EL]", "Alias: EL").replace("meets:", "Meets:")
    vault = make_vault({**files(), "Groups/Eng Leaders.md": written})
    result = run(vault, "prep", "EL", "--date", TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "wrote NetNotes/Prep/2026-12-03 Eng Leaders.md\n"


def test_the_group_notes_alone_schedule_the_days_that_every_group_does(make_vault):
    """A person's sheet name reads only the group notes (GroupNotes): the days
    they schedule are Groups.scheduled's, names only used in `groups:` (with
    meeting notes of their own) and a note's meeting notes included."""
    from datetime import date

    from netnotes.groups import GroupNotes, Groups
    from netnotes.session import Session

    extra = {
        "Groups/Walkers.md": "---\ntype: group\nmeets: weekly on Tuesday\n---\n",
        "Meetings/2026-12-01 Walk.md": (
            '---\ndate: 2026-12-01\nwith: ["[[Dana]]"]\ngroup: "[[Walkers]]"\n---\n'
        ),
        "Meetings/2026-11-20 Book night.md": (
            '---\ndate: 2026-11-20\nwith: ["[[Dana]]"]\ngroup: "[[Book Club]]"\n---\n'
        ),
    }
    session = Session(make_vault({**files(), **extra}))
    try:
        index, _ = session.index()
        start, end = date(2026, 11, 1), date(2027, 2, 28)
        every = Groups(index, date.fromisoformat(TODAY)).scheduled(start, end)
        noted = GroupNotes(index).scheduled(start, end)

        def order(pair):
            return (pair[1], pair[0].path or "")

        assert sorted(noted, key=order) == sorted(every, key=order)
        assert {group.name for group, _ in every} == {"Eng Leaders", "Walkers"}
        walkers = next(group for group, _ in noted if group.name == "Walkers")
        assert walkers.notes == (("Meetings/2026-12-01 Walk.md", date(2026, 12, 1)),)
    finally:
        session.close()


@pytest.mark.parametrize("group_note", [True, False])
def test_a_persons_sheet_on_a_groups_meeting_day_of_the_same_name_is_named_apart(
    make_vault, run, group_note
):
    """A group note says when its group meets; a person's planned lunch on
    that day with the same title gets a sheet name of its own. A vault with
    no group note reads none (prep loads no group code then): the plain name."""
    files = {"People/Ada.md": person("Ada", "", entry("2026-12-03", "Lunch", "plan"))}
    if group_note:
        files["Groups/Ada.md"] = "---\ntype: group\nmeets: every Thursday\n---\n"
    vault = make_vault(files)
    result = run(vault, "prep", "People/Ada.md", "--date", "2026-12-01")
    assert result.exit_code == 0, result.output
    written = result.output.strip().removeprefix("wrote ")
    assert written.startswith("NetNotes/Prep/2026-12-03 Ada")
    assert (written == "NetNotes/Prep/2026-12-03 Ada.md") != group_note


def test_a_groups_members_come_in_the_index_order_listed_or_attended(make_vault):
    """Groups.members sorts the ranks it read (sort key, then path) as the
    index orders contacts: a name that sorts apart from its file's, accents
    aside, a sort key two share; those listed (by name or alias) and those
    at its meeting notes of the last year, once each, archived ones aside."""
    from datetime import date

    from netnotes.groups import Groups
    from netnotes.session import Session

    extra = {
        "People/zz.md": person("Aaron", 'groups: ["[[Eng Leaders]]"]\n'),
        "People/Émile.md": person("Émile", "groups: [EL]\n"),
        "People/emile.md": person("Emile", 'groups: ["[[Eng Leaders]]"]\n'),
        "People/Chen.md": person("Chen", "groups: [EL]\n"),  # at the breakfast too
    }
    session = Session(make_vault({**files(), **extra}))
    try:
        index, _ = session.index()
        groups = Groups(index, date.fromisoformat(TODAY))
        members = groups.members(groups.find("Eng Leaders"))
        rows = index.conn.execute(
            "SELECT f.path FROM contacts c JOIN files f ON f.id = c.file"
            " WHERE c.status != 'archived' ORDER BY c.sort_key, f.path"
        )
        assert members == [path for (path,) in rows if path in members]
        # their names, read with their ranks: the whole digest's group rows name them so
        named = dict(
            index.conn.execute(
                "SELECT f.path, c.name FROM contacts c JOIN files f ON f.id = c.file"
            )
        )
        assert groups.names(reversed(members)) == {path: named[path] for path in members}
        assert [p.removeprefix("People/").removesuffix(".md") for p in members] == [
            "zz", "Anna", "Chen", "emile", "Émile", "Marcus", "Ravi", "Robert"
        ]  # fmt: skip
    finally:
        session.close()


def test_the_meeting_notes_naming_a_group_are_read_through_their_partial_index(vault):
    """Index.meeting_groups reads only the meeting notes that name a group
    (schema: meetings_grouped, whose WHERE its query's is), never a scan of
    every meeting note: a meeting note naming no group is not among them."""
    from datetime import date

    from netnotes.session import Session

    (vault / "Meetings" / "2026-11-06 Lunch.md").write_text(
        '---\ndate: 2026-11-06\nwith: ["[[Anna]]"]\n---\n', encoding="utf-8"
    )
    session = Session(vault)
    try:
        index, _ = session.index()
        asked: list[str] = []
        index.conn.set_trace_callback(asked.append)
        found = index.meeting_groups()
        index.conn.set_trace_callback(None)
        assert [(m.path, m.date) for m in found] == [
            ("Meetings/2024-06-01 Old breakfast.md", date(2024, 6, 1)),
            ("Meetings/2026-11-05 Eng Leaders breakfast.md", date(2026, 11, 5)),
        ]
        (query,) = asked
        plan = " ".join(row[3] for row in index.conn.execute("EXPLAIN QUERY PLAN " + query))
        assert "USING INDEX meetings_grouped" in plan
    finally:
        session.close()


@pytest.mark.parametrize("vault_name", ["example_vault", "edge_vault"])
def test_never_met_alone_is_one_on_ones_for_many_at_once(vault_name, request):
    """met_alone (never_alone) reads contact_days up to each contact's
    first day alone: the contacts with no day one_on_ones finds, on days
    before, between and after their meetings."""
    from datetime import date

    from netnotes.groups import Groups, never_alone, one_on_ones
    from netnotes.session import Session

    with Session(request.getfixturevalue(vault_name)) as session:
        index, _ = session.index()
        people = {c.path for c in index.contacts(details=False)}
        first_alone = index.conn.execute(  # someone's first day alone: the edge
            "SELECT MIN(date) FROM contact_days WHERE in_person AND headcount <= 1"
        ).fetchone()[0]
        days = [date(2024, 1, 1), date(2026, 3, 14), date(2027, 1, 2)]
        counts = set()
        for today in days + ([date.fromisoformat(first_alone)] if first_alone else []):
            meant = {p for p in people if not one_on_ones(index, p, today)}
            assert never_alone(index, people, today) == meant, today
            if vault_name == "example_vault" and today.year > 2024:  # both kinds
                assert 0 < len(meant) < len(people)
            # the digest's way: the groups' members by the file ids Groups read
            groups = Groups(index, today)
            members = {p for g in groups.groups for p in groups.members(g)}
            lonely = never_alone(index, members, today, groups.ids(members))
            assert lonely == {p for p in members if not one_on_ones(index, p, today)}, today
            counts.add((len(lonely), len(members)))
        if vault_name == "example_vault":  # some day none of them met alone, some day all
            assert {n for n, _ in counts} >= {0, max(m for _, m in counts)} and counts != {(0, 0)}


def test_the_contacts_groups_are_read_through_their_index(example_vault):
    """Every Groups reads the contacts with a `groups:` through their index
    (schema: contacts_grouped, whose WHERE its queries' is), never a scan of
    every contact, and Index.contact_groups alike."""
    from datetime import date

    from netnotes.groups import Groups
    from netnotes.session import Session

    with Session(example_vault) as session:
        index, _ = session.index()
        asked: list[str] = []
        index.conn.set_trace_callback(asked.append)
        groups = Groups(index, date(2026, 3, 14))
        names = index.contact_groups()
        index.conn.set_trace_callback(None)
        meant = [c for c in index.contacts(details=False) if c.groups]
        assert [path for _, path, *_ in groups._contacts] == [c.path for c in meant]
        assert names == [g for c in meant for g in c.groups]
        read = [q for q in asked if "groups_ != ''" in q]
        assert len(read) == 2
        for query in read:
            plan = " ".join(row[3] for row in index.conn.execute("EXPLAIN QUERY PLAN " + query))
            assert "USING INDEX contacts_grouped" in plan


def test_a_group_without_a_note_is_named_as_first_written_in_the_index_order(make_vault):
    """A group only named in `groups:` takes the spelling of its first use,
    contacts in the index's order: a list many contacts share is read once,
    and a spelling used again (or a list used again) changes nothing."""
    from datetime import date

    from netnotes.groups import Groups
    from netnotes.session import Session

    people = {
        "People/A.md": person("A", "groups: [Founders Club, Runners]\n"),
        "People/B.md": person("B", "groups: [founders club]\n"),
        "People/C.md": person("C", "groups: [Founders Club, Runners]\n"),
        "People/D.md": person("D", "groups: [RUNNERS, Chess]\n"),
        "People/E.md": person("E", "groups: [founders club]\n"),
    }
    with Session(make_vault(people)) as session:
        index, _ = session.index()
        groups = Groups(index, date(2026, 3, 14))
        assert [g.name for g in groups.groups] == ["Chess", "Founders Club", "Runners"]
        assert [len(groups.members(g)) for g in groups.groups] == [1, 4, 3]

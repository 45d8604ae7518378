"""The digest: its rules as pure functions of (index, config, today) on small
temp vaults, then the real CLI: where it writes, when it refuses, the JSON
contract, template overrides, and a golden digest of examples/vault."""

from __future__ import annotations

import dataclasses
import json
import os
import typing
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLE_DATE, REPO, entry, meeting, person
from netnotes import digest as digest_module
from netnotes.digest import Digest, Scope, build_digest, digest_json
from netnotes.models import CONTACT, DAILY, MEETING, Touch
from netnotes.people import once_per_contact_per_day
from netnotes.session import Session

TODAY = "2026-11-26"


def build(
    vault: Path, today: str = TODAY, scope: Scope | None = None, horizon: int | None = None
) -> Digest:
    opened = Session(vault)
    try:
        index, _ = opened.index()
        return build_digest(
            index, opened.config, date.fromisoformat(today), scope or Scope(), horizon
        )
    finally:
        opened.close()


def names(rows) -> list[str]:
    return [r.person.name for r in rows]


# --- overdue: every cadence form, and who is never overdue ------------------


def test_due_is_last_touch_plus_the_contacts_cadence_else_the_ladders_else_the_default(make_vault):
    coffee = entry("2026-01-31", "Coffee", "- talked")
    forms = {
        "14d": "2026-02-14",
        "6w": "2026-03-14",
        "3m": "2026-04-30",
        "1m": "2026-02-28",
        "weekly": "2026-02-07",
        "monthly": "2026-02-28",
        "quarterly": "2026-04-30",
    }
    files = {f"People/{form}.md": person(form, f"cadence: {form}\n", coffee) for form in forms}
    files |= {
        "People/yearly.md": person("yearly", "cadence: yearly\n", coffee),  # due 2027-01-31
        "People/1y.md": person("1y", "cadence: 1y\n", coffee),
        "People/Above.md": person("Above", "ladder: above\n", coffee),  # 60d
        "People/Below.md": person("Below", "ladder: below\n", coffee),  # 10d, from the config
        "People/Nobody.md": person("Nobody", "", coffee),  # the default, 90d
        ".netnotes/config.toml": '[cadence]\nbelow = "10d"\n',
    }
    overdue = {r.person.name: r for r in build(make_vault(files)).overdue.rows}
    assert {name: r.due.isoformat() for name, r in overdue.items()} == {
        **forms,
        "Above": "2026-04-01",
        "Below": "2026-02-10",
        "Nobody": "2026-05-01",
    }
    assert overdue["3m"].days_overdue == 210 and overdue["3m"].cadence_days == 90
    assert (
        overdue["Above"].cadence_text == "every 60 days"
        and overdue["monthly"].cadence_text == "every month"
    )


def test_paused_archived_and_cadence_none_are_never_overdue_and_snooze_postpones(make_vault):
    old = entry("2025-01-10", "Lunch", "- long ago")
    vault = make_vault(
        {
            "People/Paused.md": person("Paused", "status: paused\n", old),
            "People/Archived.md": person("Archived", "status: archived\n", old),
            "People/Never.md": person("Never", "cadence: none\n", old),
            "People/Snoozed.md": person("Snoozed", "snooze: 2026-12-01\n", old),
            "People/Snoozed past.md": person("Snoozed past", "snooze: 2026-11-01\n", old),
            "People/Due.md": person("Due", "", old),
        }
    )
    rows = build(vault).overdue.rows
    assert names(rows) == ["Snoozed past", "Due"]  # recently lapsed, then long lost
    assert rows[0].due == date(2026, 11, 1) and rows[0].days_overdue == 25
    assert [r.long_lost for r in rows] == [False, True]


def test_most_overdue_first_then_by_name_regardless_of_case_and_accents(make_vault):
    talk = entry("2026-06-01", "Call", "- hi")
    vault = make_vault(
        {f"People/{n}.md": person(n, "", talk) for n in ("zed", "Émile", "adam", "Bea")}
    )
    vault.joinpath("People/Bea.md").write_text(
        person("Bea", "", entry("2026-05-01", "Call", "- hi"))
    )
    assert names(build(vault).overdue.rows) == ["Bea", "adam", "Émile", "zed"]


def test_someone_with_only_email_is_still_to_meet_and_met_counts_as_face_to_face(make_vault):
    vault = make_vault(
        {
            "People/Emailed.md": person(
                "Emailed", "ladder: above\n", entry("2026-11-01", "Email", "- hello")
            ),
            "People/Nothing yet.md": person("Nothing yet", "company: Acme\nladder: peer\n"),
            "People/Imported.md": person("Imported", "company: Acme\nconnected: 2019-05-02\n"),
            "People/Met once.md": person("Met once", "met: 2026-11-20\n"),
            "People/Lunched.md": person("Lunched", "", entry("2026-11-02", "Lunch", "- ok")),
            "People/Paused.md": person("Paused", "status: paused\n"),
            "People/Gone.md": person("Gone", "status: archived\n"),
        }
    )
    d = build(vault)
    assert names(d.still_to_meet.rows) == ["Emailed", "Nothing yet"]  # in touch first
    assert d.still_to_meet.rows[0].last_touch == date(2026, 11, 1)
    assert not d.overdue.rows  # no touch at all is never overdue
    assert d.address_book == 1  # Imported: no rung, cadence or touch; connected: is none


def test_address_book_contacts_join_still_to_meet_once_placed_or_planned(make_vault, run):
    vault = make_vault(
        {
            "People/Placed.md": person("Placed", "ladder: below\nconnected: 2019-05-02\n"),
            "People/Own cadence.md": person("Own cadence", "cadence: 1y\n"),
            "People/Meets yearly.md": person("Meets yearly", "meet_every: 1y\n"),
            "People/Planned.md": person("Planned", "", entry("2026-12-01", "Coffee")),
            "People/Only imported.md": person("Only imported", "connected: 2019-05-02\n"),
        }
    )
    d = build(vault)
    assert names(d.still_to_meet.rows) == ["Planned", "Meets yearly", "Own cadence", "Placed"]
    assert d.address_book == 1
    text = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    assert (
        "1 more in your address book, with no rung, cadence or touch yet: "
        "see `netnotes list --ladder unplaced`." in text
    )


# --- coming up and planned meetings -------------------------------------------


@pytest.fixture
def planning_vault(make_vault) -> Path:
    return make_vault(
        {
            "People/Ann.md": person("Ann", "", entry("2026-12-01", "Dinner", "- bring wine")),
            "People/Bo.md": person("Bo", "", entry("2026-01-01", "Lunch", "- ok")),
            "People/Cy.md": person(
                "Cy", "", entry("2026-12-05", "Coffee") + entry("2026-01-01", "Lunch", "- ok")
            ),
            "People/Di.md": person("Di", "", entry(TODAY, "Lunch", "- today")),
            "People/Ed.md": person(
                "Ed", "", entry("2026-12-20", "Drinks") + entry("2026-01-01", "Lunch", "- ok")
            ),
            "People/Fay.md": person("Fay", "status: archived\n", entry("2026-12-02", "Coffee")),
            "Meetings/2026-12-01 Team dinner.md": meeting(
                "2026-12-01", ["Ann", "Bo", "Fay"], kind="dinner"
            ),
        }
    )


def test_coming_up_holds_planned_entries_and_meeting_notes_within_the_horizon(planning_vault):
    rows = build(planning_vault).coming_up.rows
    assert [(r.date.isoformat(), r.title, [p.name for p in r.people]) for r in rows] == [
        ("2026-12-01", "Team dinner", ["Ann", "Bo"]),  # Ann's log entry that day is the same dinner
        ("2026-12-05", "Coffee", ["Cy"]),
    ]  # today's lunch with Di has happened; Ed's drinks are past the horizon; Fay is archived
    assert rows[0].prep == "NetNotes/Prep/2026-12-01 Team dinner.md"
    assert rows[0].note_link == "[[2026-12-01 Team dinner|Team dinner]]"
    assert rows[1].prep == "NetNotes/Prep/2026-12-05 Cy.md" and rows[1].kind == "coffee"
    assert rows[1].prep_link == "[[NetNotes/Prep/2026-12-05 Cy|prep sheet]]"
    assert [r.title for r in build(planning_vault, horizon=30).coming_up.rows][-1] == "Drinks"


def test_an_overdue_contact_with_a_planned_meeting_is_marked(planning_vault):
    overdue = {r.person.name: r.planned for r in build(planning_vault).overdue.rows}
    assert overdue == {"Bo": date(2026, 12, 1), "Cy": date(2026, 12, 5), "Ed": None}


def test_coming_up_json_has_one_row_per_attendee_with_the_meetings_prep_sheet(planning_vault):
    rows = digest_json(build(planning_vault))["coming_up"]
    assert [(r["name"], r["prep"]) for r in rows] == [
        ("Ann", "NetNotes/Prep/2026-12-01 Team dinner.md"),
        ("Bo", "NetNotes/Prep/2026-12-01 Team dinner.md"),
        ("Cy", "NetNotes/Prep/2026-12-05 Cy.md"),
    ]
    assert rows[0]["path"] == "People/Ann.md" and rows[0]["kind"] == "dinner"


def touch(contact: str, origin: str, path: str, day: str = "2026-12-01") -> Touch:
    when = date.fromisoformat(day)
    return Touch(contact, path, 1, 1, when, path, None, True, origin)


def test_once_per_contact_per_day_a_meeting_note_speaks_for_the_day_and_hides_no_other():
    kept = once_per_contact_per_day(
        [
            touch("Bob", DAILY, "2026-12-01.md"),
            touch("Bob", CONTACT, "People/Bob.md"),
            touch("Bob", MEETING, "Meetings/Dinner.md"),
            touch("Bob", MEETING, "Meetings/Breakfast.md"),
            touch("Ann", DAILY, "2026-12-01.md"),
            touch("Ann", CONTACT, "People/Ann.md"),
            touch("Cy", DAILY, "2026-12-01.md"),
            touch("Cy", DAILY, "2026-12-02.md", "2026-12-02"),
        ]
    )
    assert [(t.contact, t.path) for t in kept] == [
        ("Ann", "People/Ann.md"),  # their own log entry over a daily-note line
        ("Bob", "Meetings/Breakfast.md"),  # every meeting note, over the log and the daily note
        ("Bob", "Meetings/Dinner.md"),
        ("Cy", "2026-12-01.md"),
        ("Cy", "2026-12-02.md"),
    ]


def test_coming_up_keeps_every_meeting_note_of_a_day_with_all_its_attendees(make_vault, run):
    vault = make_vault(
        {
            "People/Bob.md": person("Bob", "", entry("2026-12-01", "Dinner", "- book")),
            "People/Eve.md": person("Eve"),
            "Meetings/2026-12-01 Breakfast club.md": meeting(
                "2026-12-01", ["Bob", "Eve"], kind="breakfast"
            ),
            "Meetings/2026-12-01 Dinner.md": meeting("2026-12-01", ["Bob"], kind="dinner"),
        }
    )
    rows = build(vault).coming_up.rows
    assert [(r.title, [p.name for p in r.people]) for r in rows] == [
        ("Breakfast club", ["Bob", "Eve"]),
        ("Dinner", ["Bob"]),  # a one-person meeting note is not lost to the breakfast
    ]  # and Bob's log entry that day is one of those meetings, not a row of its own
    data = json.loads(run(vault, "digest", "--format", "json", "--date", TODAY).stdout)
    assert [(r["name"], r["title"]) for r in data["coming_up"]] == [
        ("Bob", "Breakfast club"),
        ("Eve", "Breakfast club"),
        ("Bob", "Dinner"),
    ]


def test_a_planned_entry_written_as_a_bare_date_is_called_a_conversation(make_vault, run):
    vault = make_vault({"People/Ann.md": person("Ann", "", "### 2026-12-02\n- Bring the map\n")})
    (row,) = build(vault).coming_up.rows
    assert (row.title, row.label) == (None, "Conversation")
    markdown = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    assert "- **2026-12-02** Wed, in 6 days: Conversation with [[Ann]] · [[" in markdown
    (data,) = json.loads(run(vault, "digest", "--format", "json", "--date", TODAY).stdout)[
        "coming_up"
    ]
    assert data["title"] is None and data["label"] == "Conversation"  # unknown values are null


# --- follow-ups and waiting ------------------------------------------------------


def test_follow_ups_overdue_first_then_by_due_date_and_waiting_apart(make_vault):
    vault = make_vault(
        {
            "People/Ann.md": person(
                "Ann",
                "",
                entry(
                    "2026-10-01",
                    "Lunch",
                    "- [ ] Send deck 📅 2026-11-01",
                    "- [ ] Book table [due:: 2026-12-01]",
                    "- [ ] Think about it",
                    "- [x] Done thing 📅 2026-10-02",
                    "- [ ] Intro to Bob #waiting 📅 2026-11-20",
                    "- [ ] Reply to her #waiting",
                ),
            ),
            "People/Bo.md": person(
                "Bo", "", entry("2026-10-05", "Call", "- [ ] Send Bo the paper 📅 2026-10-15")
            ),
            "People/Gone.md": person(
                "Gone", "status: archived\n", entry("2026-10-05", "Call", "- [ ] Old promise")
            ),
        }
    )
    d = build(vault)
    assert [(r.text, r.overdue, r.days_overdue) for r in d.follow_ups.rows] == [
        ("Send Bo the paper", True, 42),
        ("Send deck", True, 25),
        ("Book table", False, 0),
        ("Think about it", False, 0),
    ]
    assert [(r.text, r.due, r.overdue) for r in d.waiting.rows] == [
        ("Intro to Bob", date(2026, 11, 20), True),
        ("Reply to her", None, False),
    ]
    assert d.follow_ups.rows[0].path == "People/Bo.md" and d.follow_ups.rows[0].note_link is None


def test_a_group_meetings_task_is_one_markdown_row_and_one_json_row_per_attendee(make_vault, run):
    vault = make_vault(
        {
            "People/Ann.md": person("Ann"),
            "People/Bo.md": person("Bo"),
            "People/Cy.md": person("Cy"),
            "Meetings/2026-11-20 Breakfast.md": meeting(
                "2026-11-20",
                ["Ann", "Bo", "Cy"],
                "- [ ] Share the speaker list 📅 2026-11-30",
                "- [ ] [[Cy]] sends the dataset #waiting",
                kind="breakfast",
            ),
        }
    )
    d = build(vault)
    (task,) = d.follow_ups.rows
    assert [p.name for p in task.people] == ["Ann", "Bo", "Cy"]
    assert task.note_link == "[[2026-11-20 Breakfast]]"
    assert [p.name for p in d.waiting.rows[0].people] == [
        "Cy"
    ]  # the line links Cy: it is Cy's alone
    rows = json.loads(run(vault, "digest", "--format", "json", "--date", TODAY).stdout)[
        "follow_ups"
    ]
    assert [(r["name"], r["path"], r["line"]) for r in rows] == [
        ("Ann", "Meetings/2026-11-20 Breakfast.md", 6),
        ("Bo", "Meetings/2026-11-20 Breakfast.md", 6),
        ("Cy", "Meetings/2026-11-20 Breakfast.md", 6),
    ]
    markdown = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    assert markdown.count("Share the speaker list") == 1
    assert (
        "- [[Ann]], [[Bo]], [[Cy]]: Share the speaker list · due 2026-11-30 · in [[2026-11-20 Breakfast]]"
        in markdown
    )


# --- personal items ------------------------------------------------------------------


def test_personal_items_come_from_each_contacts_latest_sharing_newest_first(make_vault):
    ann = (
        "## Personal\n- Two cats\n\n## Log\n"
        + entry("2026-12-01", "Dinner", "- Future news #personal")
        + entry("2026-11-01", "Email", "- Sent slides.")
        + entry(
            "2026-10-01",
            "Lunch",
            "- Kid started school #personal",
            "- Mother ill #personal #sensitive",
            "- Likes jazz #personal",
        )
        + entry("2026-09-01", "Coffee", "- Old news #personal")
    )
    vault = make_vault(
        {
            "People/Ann.md": person("Ann", "", ann),
            "People/Cy.md": person(
                "Cy",
                "",
                entry("2026-11-10", "Call", "- Divorce #personal #sensitive")
                + entry("2026-10-15", "Lunch", "- New puppy #personal"),
            ),
            "People/Di.md": person("Di", "", "## Personal\n- Plays cello\n"),  # not coming up
            "People/Paused.md": person(
                "Paused", "status: paused\n", entry("2026-11-20", "Coffee", "- Twins #personal")
            ),
        }
    )
    rows = build(vault).personal.rows
    assert [(r.people[0].name, r.text, r.date) for r in rows] == [
        ("Cy", "New puppy", date(2026, 10, 15)),
        ("Ann", "Kid started school", date(2026, 10, 1)),
        ("Ann", "Likes jazz", date(2026, 10, 1)),
        ("Ann", "Two cats", None),  # Ann is coming up on 2026-12-01: her Personal section
    ]


def test_personal_things_to_ask_about_reach_back_90_days_and_no_further(make_vault, run):
    vault = make_vault(
        {
            # 2026-08-29 is the 90th day back from 2026-11-26, today included
            "People/Ann.md": person("Ann", "", entry("2026-08-29", "Lunch", "- New job #personal")),
            "People/Bo.md": person("Bo", "", entry("2026-08-28", "Lunch", "- Got a dog #personal")),
            "People/Cy.md": person(
                "Cy",
                "",
                "## Personal\n- Two cats\n\n"
                + entry("2013-05-01", "Lunch", "- Old news #personal"),
            ),
        }
    )
    assert [r.text for r in build(vault).personal.rows] == ["New job"]
    empty = run(vault, "digest", "--stdout", "--date", "2026-12-01").stdout
    assert "## Personal things to ask about\nNothing shared in the last 90 days.\n" in empty


def test_a_personal_item_from_a_group_meeting_belongs_to_every_attendee(make_vault):
    vault = make_vault(
        {
            "People/Ann.md": person("Ann"),
            "People/Bo.md": person("Bo"),
            "Meetings/2026-11-20 Drinks.md": meeting(
                "2026-11-20", ["Ann", "Bo"], "- Both training for Berlin #personal"
            ),
        }
    )
    d = build(vault)
    assert [[p.name for p in r.people] for r in d.personal.rows] == [["Ann", "Bo"]]
    assert [(r["name"], r["contact"], r["date"]) for r in digest_json(d)["personal"]] == [
        ("Ann", "People/Ann.md", "2026-11-20"),
        ("Bo", "People/Bo.md", "2026-11-20"),
    ]


# --- birthdays ------------------------------------------------------------------------


def test_birthdays_within_the_horizon_with_age_when_the_year_is_known(make_vault):
    vault = make_vault(
        {
            "People/Edge.md": person("Edge", "birthday: 1980-12-10\n"),  # the horizon's last day
            "People/Later.md": person("Later", "birthday: 12-11\n"),
            "People/Today.md": person("Today", "birthday: 11-26\n"),
            "People/Passed.md": person("Passed", "birthday: 1990-11-25\n"),
            "People/Gone.md": person("Gone", "birthday: 11-27\nstatus: archived\n"),
        }
    )
    rows = build(vault).birthdays.rows
    assert [(r.person.name, r.date.isoformat(), r.age, r.in_days) for r in rows] == [
        ("Today", "2026-11-26", None, 0),
        ("Edge", "2026-12-10", 46, 14),
    ]


def test_days_ahead_read_as_words_for_0_and_1(make_vault, run):
    vault = make_vault(
        {
            "People/Ann.md": person("Ann", "birthday: 11-27\n", entry("2026-11-27", "Lunch")),
            "People/Bo.md": person("Bo", "birthday: 1990-11-26\n"),
        }
    )
    markdown = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    assert "- **2026-11-26** Thu, today: [[Bo]] turns 36\n" in markdown
    assert "- **2026-11-27** Fri, tomorrow: [[Ann]]'s birthday\n" in markdown
    assert "- **2026-11-27** Fri, tomorrow: Lunch with [[Ann]] · " in markdown
    later = run(vault, "digest", "--stdout", "--date", "2027-01-10", "--horizon", "1").stdout
    assert "\nNothing planned tomorrow.\n" in later and "\nNone today or tomorrow.\n" in later
    none = run(vault, "digest", "--stdout", "--date", "2027-01-10", "--horizon", "0").stdout
    assert "\nNothing planned: the horizon is 0 days.\n" in none and "\nNone today.\n" in none
    assert " 1 days" not in markdown + later + none


def test_birthdays_cross_the_new_year_and_feb_29_falls_on_feb_28(make_vault):
    vault = make_vault(
        {
            "People/January.md": person("January", "birthday: 1970-01-05\n"),
            "People/Leap.md": person("Leap", "birthday: 2000-02-29\n"),
        }
    )
    assert [(r.person.name, r.date, r.age) for r in build(vault, "2026-12-28").birthdays.rows] == [
        ("January", date(2027, 1, 5), 57)
    ]
    assert [(r.date, r.age) for r in build(vault, "2027-02-20").birthdays.rows] == [
        (date(2027, 2, 28), 27)
    ]
    assert [(r.date, r.age) for r in build(vault, "2028-02-20").birthdays.rows] == [
        (date(2028, 2, 29), 28)
    ]


# --- the ladder ------------------------------------------------------------------------


def test_the_ladder_counts_active_contacts_and_touches_once_per_contact_per_day(make_vault):
    vault = make_vault(
        {
            "People/P1.md": person(
                "P1",
                "ladder: above\n",
                entry("2026-11-20", "Coffee")
                + entry("2026-11-20", "Email")
                + entry("2026-10-01", "Call")
                + entry("2026-08-28", "Lunch"),
            ),
            "People/P2.md": person("P2", "ladder: above\n", entry("2026-11-20", "Lunch")),
            "Meetings/2026-11-20 Lunch.md": meeting("2026-11-20", ["P2"]),
            "People/P3.md": person(
                "P3", "ladder: peer\nstatus: paused\n", entry("2026-11-20", "Lunch")
            ),
            "People/P4.md": person(
                "P4", "ladder: peer\nstatus: archived\n", entry("2026-11-20", "Lunch")
            ),
            "People/P5.md": person("P5", "ladder: below\nmet: 2026-11-01\n"),
            "People/P6.md": person("P6", "", entry("2026-11-02", "Email")),
        }
    )
    ladder = {
        r.rung: (r.contacts, r.touches_90d, r.in_person_90d, r.warning) for r in build(vault).ladder
    }
    assert ladder == {
        "above": (2, 3, 2, None),
        "peer": (0, 0, 0, "No peers on your list."),
        "below": (1, 1, 1, None),
        "unplaced": (1, 1, 0, "No face-to-face time with anyone unplaced in 90 days."),
    }


def test_a_rung_that_has_gone_quiet_gets_a_plain_warning(make_vault):
    vault = make_vault(
        {
            "People/Old.md": person("Old", "ladder: above\n", entry("2026-01-01", "Lunch")),
            "People/Peer.md": person("Peer", "ladder: peer\n", entry("2026-11-01", "Lunch")),
            "People/Junior.md": person("Junior", "ladder: below\n", entry("2026-11-01", "Lunch")),
        }
    )
    warnings = {r.rung: r.warning for r in build(vault).ladder}
    assert warnings["above"] == "Gone quiet: no touch with anyone above you in 90 days."
    assert warnings["peer"] is None and warnings["unplaced"] is None


# --- needs attention, scope, dates ----------------------------------------------------------


def test_needs_attention_is_what_check_reports_with_errors_first(make_vault, run):
    vault = make_vault(
        {
            "People/Ann.md": person("Ann", "", "See [[Nobody here]].\n"),
            "People/Zed.md": "---\nname: Zed\n---\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> other\n",
        }
    )
    rows = build(vault).attention.rows
    checked = json.loads(run(vault, "check", "--format", "json").stdout)
    assert sorted((r.path, r.line, r.problem) for r in rows) == sorted(
        (p["path"], p["line"], p["problem"]) for p in checked
    )
    assert rows[0].path == "People/Zed.md" and rows[0].severity == "error"
    assert any("Nobody here" in r.problem for r in rows)


def test_tag_ladder_and_group_narrow_every_section(example_vault):
    fintech = build(example_vault, EXAMPLE_DATE, Scope(tag="#FinTech"))
    assert names(fintech.overdue.rows) == ["Raj Patel"]
    assert names(fintech.still_to_meet.rows) == ["Priya Nair"]
    assert {p.name for r in fintech.follow_ups.rows for p in r.people} == {
        "Jane Doe",
        "Priya Nair",
        "Raj Patel",
    }
    group = build(example_vault, EXAMPLE_DATE, Scope(group="downtown business network"))
    assert {p.name for r in group.follow_ups.rows for p in r.people} == {
        "Chen Wei",
        "Jane Doe",
        "Maria Gonzalez",
        "Zoë Ångström",
    }
    assert [r.person.name for r in group.birthdays.rows] == ["Maria Gonzalez"]
    below = build(example_vault, EXAMPLE_DATE, Scope(ladder="below"))
    assert [r.title for r in below.coming_up.rows] == ["Design review lunch"]
    assert [p.name for p in below.coming_up.rows[0].people] == ["Aisha Khan"]
    assert {r.rung: r.contacts for r in below.ladder} == {
        "above": 0,
        "peer": 0,
        "below": 1,
        "unplaced": 0,
    }
    assert not below.attention.rows  # Jane's dangling link is not about anyone below


def test_dates_written_as_datetimes_count_as_their_day(make_vault):
    vault = make_vault(
        {
            "People/Ann.md": person(
                "Ann", "met: 2026-06-29T00:00:00.000Z\nbirthday: 1990-12-01T00:00:00Z\n"
            ),
            "People/Bo.md": person("Bo", "ladder: peer\n", entry("2026-01-01", "Email")),
            "Meetings/2026-12-02 Demo day.md": meeting(
                "2026-12-02T18:30:00", ["Bo"], kind="meetup"
            ),
        }
    )
    d = build(vault)
    assert names(d.still_to_meet.rows) == ["Bo"] and d.still_to_meet.rows[0].planned == date(
        2026, 12, 2
    )
    assert [(r.person.name, r.date, r.age) for r in d.birthdays.rows] == [
        ("Ann", date(2026, 12, 1), 36)
    ]
    assert [(r.date, r.title) for r in d.coming_up.rows] == [(date(2026, 12, 2), "Demo day")]


# --- the markdown ---------------------------------------------------------------------


def test_each_section_shows_at_most_max_rows_and_says_how_many_more_json_is_never_cut(
    make_vault, run
):
    lapsed = entry("2026-08-01", "Lunch")
    vault = make_vault(
        {
            **{f"People/P{n}.md": person(f"P{n}", "", lapsed) for n in range(5)},
            ".netnotes/config.toml": "[digest]\nmax_rows = 2\n",
        }
    )
    markdown = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    overdue = markdown.split("## Overdue\n")[1].split("\n\n")[0]
    assert overdue.splitlines() == [
        "- [[P0]]: 27 days overdue · last touch 2026-08-01 · face to face 2026-08-01 · every 90 days",
        "- [[P1]]: 27 days overdue · last touch 2026-08-01 · face to face 2026-08-01 · every 90 days",
        "- … and 3 more",
    ]
    assert (
        len(json.loads(run(vault, "digest", "--format", "json", "--date", TODAY).stdout)["overdue"])
        == 5
    )


def test_empty_sections_say_so_in_one_line(make_vault, run):
    markdown = run(
        make_vault({"People/Ann.md": person("Ann")}), "digest", "--stdout", "--date", TODAY
    ).stdout
    for line in (
        "Nothing planned in the next 14 days.",
        "Nobody is overdue.",
        "Nothing open.",
        "Nobody owes you anything.",
        "Nothing shared in the last 90 days.",
        "None in the next 14 days.",
        "Nothing: every note reads cleanly.",
    ):
        assert f"\n{line}\n" in markdown


# --- the CLI: writing the file ------------------------------------------------------------


def test_digest_writes_the_file_once_and_then_leaves_it_alone(example_vault, run):
    first = run(example_vault, "digest", "--date", EXAMPLE_DATE)
    assert (
        first.exit_code == 0 and first.stderr == "wrote NetNotes/Digest.md\n" and first.stdout == ""
    )
    path = example_vault / "NetNotes" / "Digest.md"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    second = run(example_vault, "digest", "--date", EXAMPLE_DATE)
    assert second.exit_code == 0 and second.stderr == "NetNotes/Digest.md is up to date\n"
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert (
        path.read_text(encoding="utf-8")
        == run(example_vault, "digest", "--stdout", "--date", EXAMPLE_DATE).stdout
    )


def test_the_digest_never_overwrites_a_file_it_did_not_write(example_vault, run):
    path = example_vault / "NetNotes" / "Digest.md"
    path.parent.mkdir()
    path.write_text("# My own digest notes\n", encoding="utf-8")
    result = run(example_vault, "digest", "--date", EXAMPLE_DATE)
    assert (
        result.exit_code == 1
        and "NetNotes/Digest.md" in result.stderr
        and "generated_by" in result.stderr
    )
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == "# My own digest notes\n"


def test_a_digest_is_not_written_during_a_git_merge_but_still_prints(example_vault, run):
    (example_vault / ".git").mkdir()
    (example_vault / ".git" / "MERGE_HEAD").write_text("abc\n")
    result = run(example_vault, "digest", "--date", EXAMPLE_DATE)
    assert result.exit_code == 1 and "git" in result.stderr
    assert not (example_vault / "NetNotes" / "Digest.md").exists()
    assert run(example_vault, "digest", "--stdout", "--date", EXAMPLE_DATE).exit_code == 0


def test_a_narrowed_digest_goes_to_stdout_and_the_file_stays_whole(example_vault, run):
    run(example_vault, "digest", "--date", EXAMPLE_DATE)
    path = example_vault / "NetNotes" / "Digest.md"
    whole = path.read_bytes()
    result = run(example_vault, "digest", "--ladder", "above", "--date", EXAMPLE_DATE)
    assert result.exit_code == 0 and "Only contacts above you." in result.stdout
    assert "[[Raj Patel]]" in result.stdout and "[[Maria Gonzalez]]" not in result.stdout
    assert path.read_bytes() == whole


def test_the_output_folder_is_never_read_as_notes(example_vault, run):
    run(example_vault, "digest", "--date", EXAMPLE_DATE)
    again = json.loads(
        run(example_vault, "digest", "--format", "json", "--date", EXAMPLE_DATE).stdout
    )
    assert [a["path"] for a in again["attention"]] == ["People/Jane Doe.md"]
    assert "NetNotes/Digest.md" not in run(example_vault, "search", "Digest").stdout


def test_the_json_contract(example_vault, run):
    result = run(example_vault, "digest", "--format", "json", "--date", EXAMPLE_DATE)
    data = json.loads(result.stdout)
    assert result.stderr == "" and not (example_vault / "NetNotes").exists()
    required = {
        "coming_up": {"name", "path", "date", "title", "kind", "prep"},
        "overdue": {
            "name",
            "path",
            "due",
            "days_overdue",
            "last_touch",
            "last_in_person",
            "cadence_days",
            "planned",
        },
        "still_to_meet": {"name", "path"},
        "follow_ups": {"name", "path", "line", "text", "due", "overdue"},
        "waiting": {"name", "path", "line", "text", "due", "overdue"},
        "personal": {"name", "path", "line", "text", "date"},
        "birthdays": {"name", "path", "date", "age"},
        "attention": {"path", "line", "problem", "detail"},
    }
    assert {"date", "horizon_days", "ladder", *required} <= set(data)
    assert data["date"] == EXAMPLE_DATE and data["horizon_days"] == 14
    for key, fields in required.items():
        assert data[key], key
        assert all(fields <= set(row) for row in data[key]), key
    assert set(data["ladder"]) == {"above", "peer", "below", "unplaced"}
    assert all(
        {"contacts", "touches_90d", "in_person_90d"} <= set(r) for r in data["ladder"].values()
    )
    assert data["birthdays"] == [
        {
            "name": "Maria Gonzalez",
            "path": "People/Maria Gonzalez.md",
            "date": "2026-12-05",
            "age": 38,
        }
    ]
    # the recently lapsed first, then the long lost (over two cadences overdue)
    assert [
        (r["name"], r["days_overdue"], r["cadence_days"], r["long_lost"]) for r in data["overdue"]
    ] == [("Daniel Okafor", 116, 90, False), ("Raj Patel", 138, 60, True)]
    assert data["meet_in_person"] == [
        {
            "name": "Raj Patel",
            "path": "People/Raj Patel.md",
            "last_in_person": "2025-09-10",
            "due": "2026-03-10",
            "days_overdue": 261,
            "meet_every_days": 180,
            "meet_every": "6m",
            "ladder": "above",
            "long_lost": False,  # 261 days: not yet two cadences (360) nor a year
        },
        {
            "name": "Daniel Okafor",
            "path": "People/Daniel Okafor.md",
            "last_in_person": "2026-05-02",
            "due": "2026-11-02",
            "days_overdue": 24,
            "meet_every_days": 180,
            "meet_every": "6m",
            "ladder": "above",
            "long_lost": False,
        },
    ]
    assert set(data["today"]) == {"meetings", "birthdays", "follow_ups", "picks"}
    assert [r["name"] for r in data["today"]["meetings"]] == ["Chen Wei"]
    assert set(data["today"]["meetings"][0]) == set(data["coming_up"][0])
    assert [r["text"] for r in data["today"]["follow_ups"]] == [
        r["text"] for r in data["follow_ups"][:3]
    ]
    assert data["today"]["picks"] == data["picks"]
    assert [p["name"] for p in data["picks"]] == ["Daniel Okafor", "Raj Patel"]
    assert all({"name", "path", "ladder", "reason"} <= set(p) for p in data["picks"])
    assert data["write_up"] == [
        {
            "name": "Zoë Ångström",
            "path": "People/Zoë Ångström.md",
            "line": 17,
            "date": "2026-11-19",
            "title": "Coffee at Fjord's office",
            "kind": "coffee",
            "contact": "People/Zoë Ångström.md",
            "log": 'netnotes log "Zoë Ångström" --date 2026-11-19 -t "Coffee at Fjord\'s office"',
        }
    ]
    assert data["quick_touches"] == [
        {
            "name": "Aisha Khan",
            "path": "People/Aisha Khan.md",
            "line": 15,
            "text": "Her AWS certification exam is on Nov 21; she is studying every evening",
            "shared": "2026-11-12",
            "date": "2026-11-21",
            "contact": "People/Aisha Khan.md",
        }
    ]


def test_horizon_option_looks_further_ahead(example_vault, run):
    data = json.loads(
        run(
            example_vault, "digest", "--format", "json", "--horizon", "5", "--date", EXAMPLE_DATE
        ).stdout
    )
    assert data["horizon_days"] == 5 and data["birthdays"] == []
    assert [r["name"] for r in data["coming_up"]] == ["Chen Wei"]  # tomorrow, not Jane in 7 days


# --- the golden digest and its template -------------------------------------------------


def test_golden_digest_of_the_example_vault(example_vault, run, golden):
    """Regenerate after a deliberate change with NETNOTES_UPDATE_GOLDEN=1, then read it."""
    text = run(example_vault, "digest", "--stdout", "--date", EXAMPLE_DATE).stdout
    golden("digest-example-2026-11-26.md", text)


def test_golden_digest_json_of_the_example_vault(example_vault, run, golden):
    """The whole JSON document, pinned: its keys are a contract (docs/digest.md)."""
    text = run(example_vault, "digest", "--format", "json", "--date", EXAMPLE_DATE).stdout
    golden("digest-example-2026-11-26.json", text)


def test_golden_digest_of_the_edge_vault(edge_vault, run, golden):
    """Bare-date entries, a birthday today and tomorrow, two meetings with one
    person on one day, things one day late, a personal item past 90 days.
    Regenerate with NETNOTES_UPDATE_GOLDEN=1, then read it."""
    golden(
        "digest-edge-2026-11-26.md", run(edge_vault, "digest", "--stdout", "--date", TODAY).stdout
    )
    json_text = run(edge_vault, "digest", "--format", "json", "--date", TODAY).stdout
    golden("digest-edge-2026-11-26.json", json_text)


def test_the_same_vault_and_date_give_the_same_bytes(example_vault, run, tmp_path, monkeypatch):
    first = run(example_vault, "digest", "--stdout", "--date", EXAMPLE_DATE).stdout
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))  # a new index, built again
    assert run(example_vault, "digest", "--stdout", "--date", EXAMPLE_DATE).stdout == first


def test_a_vault_template_overrides_the_default(example_vault, run):
    override = example_vault / ".netnotes" / "templates" / "digest.md.j2"
    override.parent.mkdir()
    override.write_text(
        "---\ngenerated_by: netnotes\n---\n{% for r in overdue.shown %}{{ r.person.link }} {{ r.days_overdue }}\n"
        "{% endfor %}{{ ladder[0].label }}: {{ ladder[0].contacts }}\n",
        encoding="utf-8",
    )
    result = run(example_vault, "digest", "--stdout", "--date", EXAMPLE_DATE)
    assert result.stdout.endswith("[[Daniel Okafor]] 116\n[[Raj Patel]] 138\nAbove you: 4\n")


def test_a_broken_template_is_one_line_naming_it_and_nothing_is_written(example_vault, run):
    override = example_vault / ".netnotes" / "templates" / "digest.md.j2"
    override.parent.mkdir()
    override.write_text(
        "---\ngenerated_by: netnotes\n---\nline four\n{{ no_such_thing }}\n", encoding="utf-8"
    )
    result = run(example_vault, "digest", "--date", EXAMPLE_DATE)
    assert result.exit_code == 1
    assert (
        "digest.md.j2" in result.stderr
        and "line 5" in result.stderr
        and result.stderr.count("\n") == 1
    )
    assert not (example_vault / "NetNotes" / "Digest.md").exists()


def test_every_field_of_the_template_context_is_documented():
    docs = (REPO / "docs" / "digest.md").read_text(encoding="utf-8")
    hints = typing.get_type_hints(Digest, vars(digest_module))
    assert set(hints) == set(Digest._fields)
    row_types = [
        digest_module.PersonLink,
        digest_module.ComingUp,
        digest_module.Overdue,
        digest_module.FollowUp,
        digest_module.Shared,
        digest_module.BirthdayRow,
        digest_module.Unmet,
        digest_module.Rung,
        digest_module.Attention,
        digest_module.Scope,
        digest_module.Today,
        digest_module.Pick,
        digest_module.WriteUp,
        digest_module.QuickTouch,
        digest_module.MeetRow,
        Digest,
    ]
    for row_type in row_types:
        assert f"`{row_type.__name__}`" in docs, row_type.__name__
        names = getattr(row_type, "_fields", None) or [f.name for f in dataclasses.fields(row_type)]
        for name in names:
            assert f"`{name}`" in docs, f"{row_type.__name__}.{name}"
    for name in ("shown", "more", "total", "rows"):
        assert f"`{name}`" in docs


_TOUCHES = st.lists(
    st.builds(
        Touch,
        contact=st.sampled_from(["People/A.md", "People/B.md"]),
        path=st.sampled_from(["Meetings/x.md", "Meetings/y.md", "People/A.md", "Daily/d.md"]),
        line=st.integers(1, 3),
        end_line=st.just(3),
        date=st.sampled_from([date(2026, 3, 14), date(2026, 3, 15)]),
        title=st.just(""),
        kind=st.none(),
        in_person=st.booleans(),
        origin=st.sampled_from([MEETING, CONTACT, DAILY, "plan"]),
    ),
    max_size=12,
)


@given(_TOUCHES)
def test_once_per_contact_per_day_orders_by_day_contact_and_precedence(touches):
    """The touches kept, in the order of (day, contact, *precedence): the sort
    key written out is precedence's, in its place."""
    from netnotes.people import each_day, precedence

    meant = each_day(sorted(touches, key=lambda t: (t.date, t.contact, *precedence(t))))
    assert once_per_contact_per_day(touches) == meant

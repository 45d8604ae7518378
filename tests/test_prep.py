"""Prep sheets: each part of a sheet as a pure function of (index, config,
today, note text) on small temp vaults, then the real CLI: where it writes,
the JSON contract, --upcoming, name lookups, that no note ever changes, and
golden sheets from examples/vault."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATE, REPO, entry, meeting, person
from netnotes import groupsheet, howknow, prep_model
from netnotes import prep as prep_module
from netnotes.errors import AmbiguousName
from netnotes.prep import PrepBuilder, PrepSheet
from netnotes.prep_items import question_for
from netnotes.session import Session

TODAY = "2026-11-26"


def sheet_for(vault: Path, target: str, today: str = TODAY) -> PrepSheet:
    opened = Session(vault)
    try:
        index, _ = opened.index()
        builder = PrepBuilder(
            index, opened.config, date.fromisoformat(today), lambda p: opened.vault.read_text(p)[0]
        )
        return builder.sheet(builder.resolve(target))
    finally:
        opened.close()


def upcoming(vault: Path, today: str = TODAY) -> list[PrepSheet]:
    opened = Session(vault)
    try:
        index, _ = opened.index()
        return list(
            PrepBuilder(
                index,
                opened.config,
                date.fromisoformat(today),
                lambda p: opened.vault.read_text(p)[0],
            ).upcoming()
        )
    finally:
        opened.close()


def texts(entries) -> list[str]:
    return [e.text for e in entries]


# --- phrasing ------------------------------------------------------------------


def test_questions_keep_the_words_as_written_with_their_date():
    day = date(2026, 10, 2)
    assert question_for("Mia started college at Tufts and loves it.", day) == (
        "On 2026-10-02: Mia started college at Tufts and loves it — ask for an update."
    )
    # No guessing at grammar or gender: "they're studying for her exam" was
    # what rewriting into reported speech produced.
    assert question_for("Studying for her AWS exam", day) == (
        "On 2026-10-02: Studying for her AWS exam — ask for an update."
    )


# --- who they are ----------------------------------------------------------------


def test_who_they_are_shows_every_frontmatter_value_as_written(make_vault):
    front = (
        'ladder: above\ncompany: "[[Acme]]"\nrole: CTO\nmet: 2024-05-02\nhow_met: "Intro from [[Raj]]"\n'
        "zip: 01234\nphone: +15555550142\nshoe_size: 44\nemail: ada@example.com\n"
    )
    vault = make_vault(
        {"People/Ada.md": person("Ada", front, "Builds ledgers. Hates small talk.\n\n## Log\n")}
    )
    (ada,) = sheet_for(vault, "Ada").people
    assert ada.headline == "CTO at [[Acme]] · ladder: above"
    assert ada.met == "Met 2024-05-02 · Intro from [[Raj]]"
    assert [(f.key, f.value) for f in ada.facts] == [
        ("zip", "01234"),
        ("phone", "+15555550142"),
        ("shoe_size", "44"),
        ("email", "ada@example.com"),
    ]
    assert ada.details["zip"] == "01234" and ada.about == ("Builds ledgers. Hates small talk.",)


def test_the_headline_reads_keys_as_the_parser_does_and_is_null_when_there_is_none(make_vault, run):
    front = "Organization: Northwind\nJob Title: Product lead\nFirst met: 2024-05-02\n"
    vault = make_vault({"People/Ada.md": person("Ada", front), "People/Bo.md": person("Bo")})
    (ada,) = sheet_for(vault, "Ada").people
    assert (ada.headline, ada.met, ada.facts) == ("Product lead at Northwind", "Met 2024-05-02", ())
    (bo,) = json.loads(run(vault, "prep", "Bo", "--format", "json", "--date", TODAY).stdout)[
        "people"
    ]
    assert bo["headline"] is None and bo["met"] is None  # unknown values are null (DESIGN §8)


# --- since last time ---------------------------------------------------------------


def test_since_last_time_reaches_back_to_the_last_face_to_face_where_something_was_shared(
    make_vault,
):
    body = "## Personal\n- Two cats\n\n## Log\n" + "".join(
        [
            entry("2026-11-01", "Email", "- Her dog had surgery #personal"),
            entry(
                "2026-10-02",
                "Coffee",
                "- Finished the marathon #personal",
                "- Mother is ill #personal #sensitive",
            ),
            entry("2026-06-20", "Lunch", "- Mia is touring colleges #personal"),
        ]
    )
    (ada,) = sheet_for(make_vault({"People/Ada.md": person("Ada", "", body)}), "Ada").people
    assert [q.question for q in ada.since_last_time] == [
        "On 2026-11-01: Her dog had surgery — ask for an update.",
        "On 2026-10-02: Finished the marathon — ask for an update.",
    ]
    assert texts(ada.handle_with_care) == ["Mother is ill"]  # apart, never a question
    assert texts(ada.personal) == ["Two cats"]
    assert all("Mother" not in q.question for q in ada.since_last_time)


def test_with_no_face_to_face_sharing_every_personal_item_is_a_question(make_vault):
    body = (
        "## Log\n"
        + entry("2026-09-01", "Call", "- Moving to Lisbon #personal")
        + entry("2025-01-01", "Email", "- Learning Portuguese #personal")
    )
    (ada,) = sheet_for(make_vault({"People/Ada.md": person("Ada", "", body)}), "Ada").people
    assert [q.text for q in ada.since_last_time] == ["Moving to Lisbon", "Learning Portuguese"]


def test_an_ask_stays_open_until_a_later_conversation_happens_or_its_task_is_checked(make_vault):
    body = "## Log\n" + "".join(
        [
            entry(
                "2026-12-01", "Lunch", "- Ask about the reorg #ask"
            ),  # planned: dated ahead, open
            entry(
                "2026-10-02",
                "Coffee",
                "- Ask how the move went #ask",
                "- [ ] Ask about the book #ask",
            ),
            entry(
                "2026-06-01",
                "Coffee",
                "- Ask about the Series B #ask",
                "- [x] Ask about Tufts #ask",
            ),
        ]
    )
    (ada,) = sheet_for(make_vault({"People/Ada.md": person("Ada", "", body)}), "Ada").people
    assert texts(ada.asks) == ["Ask about the reorg", "Ask how the move went", "Ask about the book"]


def test_promises_both_ways_with_overdue_marked(make_vault):
    body = "## Log\n" + entry(
        "2026-10-02",
        "Coffee",
        "- [ ] Send the article 📅 2026-10-09",
        "- [ ] Intro to [[Raj]] #waiting 📅 2026-12-20",
        "- [ ] Book a table",
        "- [x] Send the slides 📅 2026-10-05",
    )
    (ada,) = sheet_for(make_vault({"People/Ada.md": person("Ada", "", body)}), "Ada").people
    assert [(e.text, e.overdue) for e in ada.owe] == [
        ("Send the article", True),
        ("Book a table", False),
    ]
    assert [(e.text, e.due, e.overdue) for e in ada.waiting] == [
        ("Intro to [[Raj]]", date(2026, 12, 20), False)
    ]


def test_a_sensitive_item_under_a_planned_entry_is_handled_with_care_not_a_line_of_the_plan(
    make_vault, run
):
    body = "## Log\n" + entry(
        "2026-12-02",
        "Lunch",
        "- Bring the map",
        "- Her father's surgery is that week #personal #sensitive",
        "- Ask how the chemo went #ask #sensitive",
    )
    vault = make_vault({"People/Ada.md": person("Ada", "", body)})
    sheet = sheet_for(vault, "Ada")
    assert sheet.planned is not None and texts(sheet.planned.notes) == ["Bring the map"]
    (ada,) = sheet.people
    assert texts(ada.handle_with_care) == [
        "Her father's surgery is that week",
        "Ask how the chemo went",
    ]
    assert not ada.asks and not ada.since_last_time
    text = run(vault, "prep", "Ada", "--stdout", "--date", TODAY).stdout
    care = text.split("## Handle with care — let them raise it\n")[1]
    assert text.count("surgery") == 1 and "surgery" in care.split("\n\n")[0]


# --- conversations, people, timing, mentions ----------------------------------------


def test_last_conversations_are_the_happened_ones_newest_first_with_their_notes(make_vault):
    body = "## Log\n" + "".join(
        [
            entry("2026-12-01", "Lunch", "- Bring the roadmap"),
            entry(
                "2026-10-02",
                "Coffee",
                "- Acme reorganised payments",
                "  - into two teams",
                "- Finished the marathon #personal",
                "- [x] Sent the CFP 📅 2026-10-05",
            ),
            entry("2026-08-14", "Email", "- Sent slides"),
            entry("2026-06-20", "Lunch", "- Talked shop"),
            entry("2026-01-10", "Drinks", "- Old news"),
        ]
    )
    sheet = sheet_for(make_vault({"People/Ada.md": person("Ada", "", body)}), "Ada")
    (ada,) = sheet.people
    assert [(c.date.isoformat(), c.kind) for c in ada.recent] == [
        ("2026-10-02", "coffee"),
        ("2026-08-14", "email"),
        ("2026-06-20", "lunch"),
    ]
    coffee = ada.recent[0]
    # the personal line is already a question above, so the notes do not repeat it
    assert [(n.text, n.depth) for n in coffee.notes] == [
        ("Acme reorganised payments", 0),
        ("into two teams", 1),
        ("✓ Sent the CFP", 0),
    ]
    assert sheet.planned is not None and sheet.date == date(2026, 12, 1)
    assert [n.text for n in sheet.planned.notes] == ["Bring the roadmap"]


def test_an_entry_written_as_a_bare_date_is_called_a_conversation(make_vault, run):
    """`netnotes log Ada -m …` without --title writes `### 2026-11-20`."""
    body = (
        "## Log\n### 2026-12-02\n- Bring the map\n\n"
        "### 2026-11-20\n- Started a new job #personal\n\n"
        + entry("2026-11-10", "Call", "- Talked shop")
    )
    vault = make_vault({"People/Ada.md": person("Ada", "", body)})
    sheet = sheet_for(vault, "Ada")
    assert sheet.planned is not None
    assert (sheet.planned.title, sheet.planned.label) == (None, "Conversation")
    assert [(c.title, c.label) for c in sheet.people[0].recent] == [
        (None, "Conversation"),
        ("Call", "Call"),
    ]
    text = run(vault, "prep", "Ada", "--stdout", "--date", TODAY).stdout
    assert "Next: Conversation · Wednesday 2026-12-02, in 6 days\n" in text
    assert "- **2026-11-20** — Conversation (all noted above)\n" in text
    assert "- **2026-11-10** call\n" in text
    assert "—  " not in text and "Next:  " not in text
    data = json.loads(run(vault, "prep", "Ada", "--format", "json", "--date", TODAY).stdout)
    assert data["planned"]["title"] is None and data["planned"]["label"] == "Conversation"
    assert data["people"][0]["recent"][0]["title"] is None


def test_prep_recent_sets_how_many_conversations(make_vault):
    body = "## Log\n" + "".join(entry(f"2026-0{m}-01", "Call", "- x") for m in range(1, 8))
    files = {
        "People/Ada.md": person("Ada", "", body),
        ".netnotes/config.toml": "[prep]\nrecent = 5\n",
    }
    (ada,) = sheet_for(make_vault(files), "Ada").people
    assert [c.date.month for c in ada.recent] == [7, 6, 5, 4, 3]


def test_people_you_both_know_are_linked_contacts_and_table_mates(make_vault):
    files = {
        "People/Ada.md": person("Ada", "", "Introduced me to [[Bob]].\n"),
        "People/Bob.md": person("Bob"),
        "People/Cy.md": person("Cy"),
        "People/Di.md": person("Di"),
        "Topics/Ledgers.md": "[[Ada]] and [[Di]] argue about ledgers.\n",
        "Meetings/2026-11-01 Dinner.md": meeting("2026-11-01", ["Ada", "Cy"]),
        "Meetings/2026-12-01 Lunch.md": meeting("2026-12-01", ["Ada", "Di"]),  # not yet shared
    }
    (ada,) = sheet_for(make_vault(files), "Ada").people
    assert [r.name for r in ada.shared_contacts] == ["Bob", "Cy"]


def test_birthday_only_within_the_horizon_and_days_since_touches(make_vault):
    log = "## Log\n" + entry("2026-11-20", "Call", "- x") + entry("2026-10-01", "Coffee", "- y")
    files = {
        "People/Ada.md": person("Ada", "birthday: 1988-12-05\n", log),
        "People/Bob.md": person("Bob", "birthday: 12-31\nmet: 2025-01-01\n"),
    }
    (ada,) = sheet_for(make_vault(files), "Ada").people
    assert (ada.birthday.date, ada.birthday.in_days, ada.birthday.age) == (date(2026, 12, 5), 9, 38)
    assert (ada.days_since_touch, ada.days_since_in_person) == (6, 56)
    (bob,) = sheet_for(make_vault(files, name="again"), "Bob").people
    assert bob.birthday is None and bob.last_in_person == date(2025, 1, 1)  # met: counts


def test_a_birthday_today_or_tomorrow_says_so_in_words(make_vault, run):
    files = {
        "People/Ada.md": person("Ada", "birthday: 1990-11-27\n"),
        "People/Bo.md": person("Bo", "birthday: 11-26\n"),
    }
    vault = make_vault(files)
    ada = run(vault, "prep", "Ada", "--stdout", "--date", TODAY).stdout
    bo = run(vault, "prep", "Bo", "--stdout", "--date", TODAY).stdout
    assert "- Birthday 2026-11-27, tomorrow (turns 36)\n" in ada
    assert "- Birthday 2026-11-26, today\n" in bo
    assert not re.search(r"\b1 days\b|\bin 0 days\b", ada + bo)


def test_a_day_with_a_log_entry_and_a_meeting_note_is_one_conversation_led_by_the_meeting(
    make_vault,
):
    files = {
        "People/Ada.md": person(
            "Ada", "", "## Log\n" + entry("2026-11-05", "Breakfast", "- She liked the venue")
        ),
        "Meetings/2026-11-05 Club breakfast.md": meeting(
            "2026-11-05", ["Ada"], "- Talked about retreats", kind="breakfast"
        ),
        "2026-11-05.md": "- Breakfast with [[Ada]] at the club\n",
    }
    (ada,) = sheet_for(make_vault(files), "Ada").people
    (day,) = ada.recent
    assert (day.title, day.path) == ("Club breakfast", "Meetings/2026-11-05 Club breakfast.md")
    assert texts(day.notes) == ["Talked about retreats", "She liked the venue"]


def test_mentions_since_the_last_interaction_only(make_vault):
    files = {
        "People/Ada.md": person("Ada", "", "## Log\n" + entry("2026-11-10", "Coffee", "- x")),
        "2026-11-01.md": "- Read something [[Ada]] wrote\n",
        "2026-11-20.md": "- Saw [[Ada]] was promoted\n",
        "2026-11-21.md": "- [ ] Congratulate [[Ada]]\n",  # a task: listed as a promise, not twice
    }
    (ada,) = sheet_for(make_vault(files), "Ada").people
    assert [(m.date.isoformat(), m.text) for m in ada.mentions] == [
        ("2026-11-20", "Saw [[Ada]] was promoted")
    ]
    assert texts(ada.owe) == ["Congratulate [[Ada]]"]


# --- group meetings ------------------------------------------------------------------


def group_vault(make_vault) -> Path:
    return make_vault(
        {
            "People/Ada.md": person(
                "Ada", "", "## Log\n" + entry("2026-10-01", "Coffee", "- Got a puppy #personal")
            ),
            "People/Bob.md": person("Bob"),
            "People/Cy.md": person("Cy"),
            "Meetings/2026-11-05 Breakfast.md": meeting(
                "2026-11-05",
                ["Ada", "Bob", "Cy"],
                "- [[Bob]] is moving to Lisbon #personal",
                "- [ ] [[Cy]] sends the dataset #waiting",
                "- Everyone loved the venue #personal",
                kind="breakfast",
            ),
            "Meetings/2026-12-08 Review lunch.md": meeting(
                "2026-12-08",
                ["Cy", "Ada"],
                "Ada wants to see a review.",
                "- Ask which tools they use #ask",
                "- [ ] Send [[Ada]] the agenda",
            ),
        }
    )


def test_items_of_a_group_meeting_go_to_the_person_the_line_links_and_never_to_the_others(
    make_vault,
):
    vault = group_vault(make_vault)
    ada, bob, cy = (sheet_for(vault, name).people[0] for name in ("Ada", "Bob", "Cy"))
    assert [q.text for q in bob.since_last_time] == [
        "[[Bob]] is moving to Lisbon",
        "Everyone loved the venue",
    ]
    assert "[[Bob]] is moving to Lisbon" not in [
        q.text for q in ada.since_last_time + cy.since_last_time
    ]
    assert texts(cy.waiting) == ["[[Cy]] sends the dataset"] and not ada.waiting and not bob.waiting


def test_a_group_sheet_has_the_meeting_then_each_attendee_in_order(make_vault):
    sheet = sheet_for(group_vault(make_vault), "Review lunch")
    assert (
        sheet.title == "Review lunch" and sheet.date == date(2026, 12, 8) and sheet.planned is None
    )
    assert sheet.meeting is not None and [p.name for p in sheet.people] == ["Cy", "Ada"]
    assert [n.text for n in sheet.meeting.notes] == ["Ada wants to see a review."]
    assert texts(sheet.meeting.asks) == ["Ask which tools they use"]  # everyone's: listed once
    cy, ada = sheet.people
    assert not cy.asks and not ada.asks
    assert texts(ada.owe) == ["Send [[Ada]] the agenda"] and not cy.owe


def test_a_group_sheet_lists_sensitive_items_for_everyone_only_under_handle_with_care(
    make_vault, run
):
    vault = make_vault(
        {
            "People/Ada.md": person("Ada"),
            "People/Bob.md": person("Bob"),
            "Meetings/2026-12-01 Breakfast.md": meeting(
                "2026-12-01",
                ["Ada", "Bob"],
                "- Everyone is nervous about the layoffs #personal #sensitive",
                "- Ask about the venue #ask #sensitive",
                "- Planning the spring retreat #personal",
                "- Ask who can host in March #ask",
                kind="breakfast",
            ),
        }
    )
    info = sheet_for(vault, "Breakfast").meeting
    assert info is not None
    assert texts(info.personal) == ["Planning the spring retreat"]
    assert texts(info.asks) == ["Ask who can host in March"]
    assert texts(info.handle_with_care) == [
        "Everyone is nervous about the layoffs",
        "Ask about the venue",
    ]
    text = run(vault, "prep", "Breakfast", "--stdout", "--date", TODAY).stdout
    everyone, care = text.split("## For everyone\n")[1].split("\n\n")[:2]
    assert everyone.splitlines() == [
        "- Ask who can host in March",
        "- Planning the spring retreat",
    ]
    assert care.splitlines() == [
        "### Handle with care — let them raise it",
        "- Everyone is nervous about the layoffs (2026-12-01)",
        "- Ask about the venue (2026-12-01)",
    ]
    assert text.count("layoffs") == 1 and text.count("venue") == 1  # nowhere else


# --- finding the target ------------------------------------------------------------------


def test_a_meeting_note_is_found_by_title_file_name_or_path(make_vault):
    vault = group_vault(make_vault)
    for query in ("review lunch", "2026-12-08 Review lunch", "Meetings/2026-12-08 Review lunch.md"):
        assert sheet_for(vault, query).meeting.path == "Meetings/2026-12-08 Review lunch.md"


def test_a_recurring_title_means_the_next_one(make_vault):
    vault = make_vault(
        {
            "People/Ada.md": person("Ada"),
            **{
                f"Meetings/2026-{m}-05 Breakfast.md": meeting(f"2026-{m}-05", ["Ada"])
                for m in ("10", "11", "12")
            },
        }
    )
    assert sheet_for(vault, "Breakfast").meeting.date == date(2026, 12, 5)
    with pytest.raises(AmbiguousName, match="could be any of") as raised:
        sheet_for(vault, "Breakfast", today="2027-01-01")
    assert len(raised.value.candidates) == 3


def test_a_title_many_past_meetings_share_lists_ten_of_them_and_how_many_more(make_vault, run):
    days = [f"2026-{m:02}-05" for m in range(1, 13)]
    vault = make_vault(
        {
            "People/Ada.md": person("Ada"),
            **{f"Meetings/{day} Breakfast.md": meeting(day, ["Ada"]) for day in days},
        }
    )
    with pytest.raises(AmbiguousName) as raised:
        sheet_for(vault, "Breakfast", today="2027-01-01")
    assert raised.value.candidates == [f"Meetings/{day} Breakfast.md" for day in days]
    result = run(vault, "prep", "Breakfast", "--stdout", "--date", "2027-01-01")
    listed = ", ".join(f"Meetings/{day} Breakfast.md" for day in days[:10])
    assert result.exit_code == 2
    assert result.stderr == (
        f"netnotes: 'Breakfast' could be any of: {listed} and 2 more; give the path\n"
    )


def test_unknown_or_ambiguous_names_exit_2_with_the_closest(make_vault, run):
    vault = make_vault(
        {
            "People/Ada Lovelace.md": person("Ada Lovelace"),
            "People/Ada L.md": person("Ada L", "aliases: [Ada]\n"),
            "People/Sam.md": person("Sam", "aliases: [AL]\n"),
            "People/Sam 2.md": person("Sam B", "aliases: [AL]\n"),
        }
    )
    result = run(vault, "prep", "Ada Lovelase")
    assert result.exit_code == 2 and "closest: Ada Lovelace" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    result = run(vault, "prep", "AL")
    assert result.exit_code == 2 and "could be any of" in result.stderr
    assert run(vault, "prep").exit_code == 2
    assert run(vault, "prep", "Sam", "--upcoming").exit_code == 2
    assert not (vault / "NetNotes").exists()


# --- the CLI: writing, JSON, --upcoming ------------------------------------------------


def test_writes_the_sheet_under_the_planned_date_and_only_when_it_changes(example_vault, run):
    result = run(example_vault, "prep", "jane", "--date", EXAMPLE_DATE)
    assert result.exit_code == 0, result.stderr
    sheet = example_vault / "NetNotes" / "Prep" / "2026-12-03 Jane Doe.md"
    assert result.stderr == "wrote NetNotes/Prep/2026-12-03 Jane Doe.md\n"
    first = sheet.read_bytes()
    assert first.startswith(b"---\ngenerated_by: netnotes\n")
    again = run(example_vault, "prep", "Jane Doe", "--date", EXAMPLE_DATE)
    assert (
        again.stderr == "NetNotes/Prep/2026-12-03 Jane Doe.md is up to date\n"
        and sheet.read_bytes() == first
    )
    # no meeting within the horizon: today's date
    run(example_vault, "prep", "Raj Patel", "--date", EXAMPLE_DATE)
    assert (example_vault / "NetNotes" / "Prep" / f"{EXAMPLE_DATE} Raj Patel.md").exists()


def test_never_overwrites_a_file_it_did_not_write(example_vault, run):
    mine = example_vault / "NetNotes" / "Prep" / "2026-12-03 Jane Doe.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own notes\n", encoding="utf-8")
    result = run(example_vault, "prep", "Jane Doe", "--date", EXAMPLE_DATE)
    assert result.exit_code == 1 and "not written by netnotes" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own notes\n"


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "NetNotes" not in p.parts
    }


def test_prep_never_changes_a_byte_of_any_note(example_vault, run):
    before = snapshot(example_vault)
    for args in (
        ["Jane Doe"],
        ["Design review lunch"],
        ["--upcoming"],
        ["Raj Patel", "--stdout"],
        ["Chen Wei", "--format", "json"],
    ):
        assert run(example_vault, "prep", *args, "--date", EXAMPLE_DATE).exit_code == 0
    assert snapshot(example_vault) == before


def test_the_json_contract(example_vault, run):
    result = run(example_vault, "prep", "Jane Doe", "--format", "json", "--date", EXAMPLE_DATE)
    data = json.loads(result.stdout)
    assert result.stderr == "" and not (example_vault / "NetNotes").exists()
    assert (
        {"date", "meeting", "people"} <= set(data)
        and data["meeting"] is None
        and data["date"] == "2026-12-03"
    )
    (jane,) = data["people"]
    assert {
        "name",
        "path",
        "details",
        "since_last_time",
        "asks",
        "owe",
        "waiting",
        "recent",
        "shared_contacts",
        "birthday",
        "last_touch",
        "last_in_person",
        "mentions",
    } <= set(jane)
    assert jane["last_touch"] == "2026-10-02" and jane["birthday"] is None
    assert jane["since_last_time"][0]["date"] == "2026-10-02"
    group = json.loads(
        run(
            example_vault, "prep", "Design review lunch", "--format", "json", "--date", EXAMPLE_DATE
        ).stdout
    )
    assert group["meeting"]["title"] == "Design review lunch"
    assert [p["name"] for p in group["people"]] == ["Aisha Khan", "Tom Becker"]
    daniel = json.loads(
        run(
            example_vault, "prep", "Daniel Okafor", "--format", "json", "--date", EXAMPLE_DATE
        ).stdout
    )
    assert daniel["people"][0]["details"]["zip"] == "01234"


def test_upcoming_writes_a_sheet_per_planned_meeting_within_the_horizon(example_vault, run):
    result = run(example_vault, "prep", "--upcoming", "--date", EXAMPLE_DATE)
    assert result.exit_code == 0
    written = sorted(p.name for p in (example_vault / "NetNotes" / "Prep").iterdir())
    assert written == [
        "2026-11-27 Chen Wei.md",
        "2026-12-03 Downtown Business Network.md",  # the group's scheduled breakfast
        "2026-12-03 Jane Doe.md",
        "2026-12-08 Design review lunch.md",
    ]
    # the digest links to the same files
    digest = json.loads(
        run(example_vault, "digest", "--format", "json", "--date", EXAMPLE_DATE).stdout
    )
    assert sorted({row["prep"] for row in digest["coming_up"]}) == [
        f"NetNotes/Prep/{n}" for n in written
    ]
    later = run(example_vault, "prep", "--upcoming", "--date", "2026-12-20")
    assert later.stderr == "no planned meetings in the next 14 days\n"


def test_upcoming_writes_the_other_sheets_when_one_is_refused(example_vault, run):
    mine = example_vault / "NetNotes" / "Prep" / "2026-12-03 Jane Doe.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own notes\n", encoding="utf-8")
    result = run(example_vault, "prep", "--upcoming", "--date", EXAMPLE_DATE)
    assert result.exit_code == 1 and "not written by netnotes" in result.stderr
    assert "wrote NetNotes/Prep/2026-12-08 Design review lunch.md" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own notes\n"


def test_upcoming_gives_a_log_entry_its_own_sheet_unless_a_meeting_note_covers_that_day(make_vault):
    vault = make_vault(
        {
            "People/Ada.md": person(
                "Ada",
                "",
                "## Log\n"
                + entry("2026-12-01", "Lunch", "- x")
                + entry("2026-12-03", "Call", "- y"),
            ),
            "People/Bob.md": person(
                "Bob", "", "## Log\n" + entry("2026-12-30", "Lunch", "- too far")
            ),
            "People/Old.md": person(
                "Old", "status: archived\n", "## Log\n" + entry("2026-12-02", "Lunch", "- z")
            ),
            "Meetings/2026-12-03 Standup.md": meeting("2026-12-03", ["Ada", "Bob"], kind="meeting"),
        }
    )
    sheets = upcoming(vault)
    assert [(s.date.isoformat(), s.title) for s in sheets] == [
        ("2026-12-01", "Ada"),
        ("2026-12-03", "Standup"),
    ]
    assert sheets[0].planned is not None and sheets[0].planned.title == "Lunch"


def test_upcoming_gives_each_meeting_note_of_a_day_its_sheet(make_vault):
    vault = make_vault(
        {
            "People/Bob.md": person("Bob", "", "## Log\n" + entry("2026-12-01", "Dinner", "- x")),
            "People/Eve.md": person("Eve"),
            "Meetings/2026-12-01 Breakfast club.md": meeting("2026-12-01", ["Bob", "Eve"]),
            "Meetings/2026-12-01 Dinner.md": meeting("2026-12-01", ["Bob"], kind="dinner"),
        }
    )
    sheets = upcoming(vault)
    assert [(s.title, [p.name for p in s.people]) for s in sheets] == [
        ("Breakfast club", ["Bob", "Eve"]),
        ("Dinner", ["Bob"]),
    ]  # and no sheet of Bob's own: his log entry that day is one of those meetings


# --- reading it as the user would: long histories stay short ----------------------------


def test_a_long_history_is_capped_in_markdown_and_whole_in_json(make_vault, run):
    entries = "".join(
        entry(
            f"2025-{m:02d}-{d:02d}",
            "Coffee",
            *(f"- note {k}" for k in range(9)),
            f"- Thing {m}-{d} #personal",
            f"- [ ] Task {m}-{d} 📅 2025-{m:02d}-{d + 1:02d}",
        )
        for m in range(12, 0, -1)
        for d in (20, 10)
    )
    linked = " ".join(f"[[P{n}]]" for n in range(20))
    files = {"People/Ada.md": person("Ada", "", f"Knows {linked}.\n\n## Log\n{entries}")}
    files |= {f"People/P{n}.md": person(f"P{n}") for n in range(20)}
    vault = make_vault(files)
    text = run(vault, "prep", "Ada", "--stdout", "--date", TODAY).stdout
    assert "- …and 19 more you owe" in text and "and 12 more" in text
    assert text.count("  - note") == 3 * 5 and text.count("more lines") == 3
    assert len(text.splitlines()) < 60
    data = json.loads(run(vault, "prep", "Ada", "--format", "json", "--date", TODAY).stdout)
    assert len(data["people"][0]["owe"]) == 24 and len(data["people"][0]["shared_contacts"]) == 20


# --- templates and golden sheets -------------------------------------------------------------


def test_a_vault_template_overrides_the_default(example_vault, run):
    override = example_vault / ".netnotes" / "templates" / "prep.md.j2"
    override.parent.mkdir()
    override.write_text(
        "---\ngenerated_by: netnotes\n---\n{% for p in people %}{{ p.name }}: "
        "{{ p.since_last_time|length }} {{ limits.questions }}\n{% endfor %}",
        encoding="utf-8",
    )
    result = run(example_vault, "prep", "Jane Doe", "--stdout", "--date", EXAMPLE_DATE)
    assert result.stdout.endswith("---\nJane Doe: 2 6\n")


def test_a_vault_template_may_take_unique_of_a_sheets_people(example_vault, run):
    """The sheet's pieces are values hashed by their fields, as when they
    were frozen: Jinja's `unique` over a meeting's attendees works."""
    override = example_vault / ".netnotes" / "templates" / "prep.md.j2"
    override.parent.mkdir()
    override.write_text(
        "---\ngenerated_by: netnotes\n---\n# {{ title }}\n"
        "{% for p in meeting.attendees | unique %}- {{ p.name }}\n{% endfor %}",
        encoding="utf-8",
    )
    result = run(example_vault, "prep", "Design review lunch", "--stdout", "--date", "2026-11-25")
    assert result.stdout.endswith("- Aisha Khan\n- Tom Becker\n")


def test_note_text_is_never_evaluated_as_a_template(make_vault, run):
    body = "## Log\n" + entry(
        "2026-10-01", "Coffee", "- {{ 7*7 }} and {{ ''.__class__ }} #personal", "- {% raw %}"
    )
    text = run(
        make_vault({"People/Ada.md": person("Ada", "", body)}),
        "prep",
        "Ada",
        "--stdout",
        "--date",
        TODAY,
    ).stdout
    assert "{{ 7*7 }} and {{ ''.__class__ }}" in text and "- {% raw %}" in text


@pytest.mark.parametrize(
    ("target", "name"),
    [
        ("Jane Doe", "prep-jane-doe-2026-11-26"),
        ("Chen Wei", "prep-chen-wei-2026-11-26"),
        ("Design review lunch", "prep-design-review-lunch-2026-11-26"),
        ("Downtown Business Network", "prep-downtown-business-network-2026-11-26"),
    ],
)
def test_golden_sheets_of_the_example_vault(example_vault, run, golden, target, name):
    """Markdown and JSON, whole. Regenerate after a deliberate change with
    NETNOTES_UPDATE_GOLDEN=1, then read them."""
    golden(
        f"{name}.md", run(example_vault, "prep", target, "--stdout", "--date", EXAMPLE_DATE).stdout
    )
    as_json = run(example_vault, "prep", target, "--format", "json", "--date", EXAMPLE_DATE)
    golden(f"{name}.json", as_json.stdout)


@pytest.mark.parametrize(
    ("target", "name"),
    [
        ("Ada Park", "prep-edge-ada-park-2026-11-26"),
        ("Breakfast club", "prep-edge-breakfast-club-2026-11-26"),
    ],
)
def test_golden_sheets_of_the_edge_vault(edge_vault, run, golden, target, name):
    """Bare-date entries, a birthday today and tomorrow, #sensitive items in a
    group meeting note and under a planned entry, two meetings on one day.
    Regenerate with NETNOTES_UPDATE_GOLDEN=1, then read them."""
    golden(f"{name}.md", run(edge_vault, "prep", target, "--stdout", "--date", TODAY).stdout)
    as_json = run(edge_vault, "prep", target, "--format", "json", "--date", TODAY)
    golden(f"{name}.json", as_json.stdout)


def test_the_same_vault_and_date_give_the_same_bytes(example_vault, run, tmp_path, monkeypatch):
    first = run(
        example_vault, "prep", "Design review lunch", "--stdout", "--date", EXAMPLE_DATE
    ).stdout
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))
    assert (
        run(example_vault, "prep", "Design review lunch", "--stdout", "--date", EXAMPLE_DATE).stdout
        == first
    )


def test_every_field_of_the_context_is_documented():
    docs = (REPO / "docs" / "prep.md").read_text(encoding="utf-8")
    types = [
        prep_module.PrepSheet,
        prep_model.MeetingInfo,
        prep_model.MeetingAhead,
        prep_model.SheetPerson,
        prep_model.Question,
        prep_model.SheetItem,
        prep_model.Conversation,
        prep_model.Line,
        prep_model.PersonRef,
        prep_model.BirthdayNote,
        prep_model.MentionLine,
        prep_model.Detail,
        prep_model.Limits,
        groupsheet.GroupInfo,
        groupsheet.Part,
        groupsheet.OneOnOne,
        groupsheet.LastMeeting,
        howknow.Known,
    ]
    for kind in types:  # dataclasses, and named tuples (prep_model's)
        names = (
            kind._fields if hasattr(kind, "_fields") else [f.name for f in dataclasses.fields(kind)]
        )
        for name in names:
            assert re.search(rf"`{name}`", docs), f"{kind.__name__}.{name} is not in docs/prep.md"


def test_sheets_whose_titles_make_one_file_name_in_any_case_are_named_apart():
    """Titles that make the same sheet name once cleaned ("Lunch: Q1", "Lunch Q1")
    or once case-folded ("LUNCH Q1", "Straße"/"STRASSE") are rivals: the note whose
    path sorts first keeps the plain name. Each title's name is made once, for
    every day asked about; another day's sheets are no rivals."""
    from netnotes.results import MeetingNote
    from netnotes.sheetnames import SheetNames

    class NoPlans:
        def contact_names(self, paths: object) -> dict[str, str]:
            return {}

    day, other_day = date(2026, 3, 14), date(2026, 3, 15)
    notes = [
        MeetingNote("Meetings/b.md", "Lunch: Q1", day),
        MeetingNote("Meetings/a.md", "LUNCH Q1", day),
        MeetingNote("Meetings/c.md", "Lunch Q1", other_day),
        MeetingNote("Meetings/d.md", "Straße", day),
        MeetingNote("Meetings/e.md", "STRASSE", day),
    ]
    names = SheetNames(NoPlans(), "Out", planned=[], meetings=notes)  # type: ignore[arg-type]
    assert names.path(day, "LUNCH Q1", "Meetings/a.md") == "Out/Prep/2026-03-14 LUNCH Q1.md"
    marked = names.path(day, "Lunch: Q1", "Meetings/b.md")
    assert re.fullmatch(r"Out/Prep/2026-03-14 Lunch Q1 [0-9a-f]{6}\.md", marked)
    assert names.path(other_day, "Lunch Q1", "Meetings/c.md") == "Out/Prep/2026-03-15 Lunch Q1.md"
    assert names.path(day, "Straße", "Meetings/d.md") == "Out/Prep/2026-03-14 Straße.md"
    assert names.path(day, "STRASSE", "Meetings/e.md") != "Out/Prep/2026-03-14 STRASSE.md"
    assert names.shared(day) == {"Meetings/a.md", "Meetings/b.md", "Meetings/d.md", "Meetings/e.md"}

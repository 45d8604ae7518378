"""`netnotes export ics`: follow-ups, meetings, birthdays and reconnect
reminders as one RFC 5545 calendar whose UIDs and DTSTAMPs come from the
notes, so the same vault and date give the same bytes (T70)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

from dateutil.rrule import rrulestr
from icalendar import Calendar

from conftest import EXAMPLE_DATE


def components(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk() if c.name in ("VTODO", "VEVENT")]


def by_summary(data: bytes) -> dict[str, object]:
    return {str(c["SUMMARY"]): c for c in components(data)}


def export(run, vault: Path, *args: str) -> bytes:
    result = run(vault, "export", "ics", "--date", EXAMPLE_DATE, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def test_calendar_has_prodid_version_and_every_component_a_uid_and_dtstamp(example_vault, run):
    data = export(run, example_vault, "--reconnect")
    calendar = Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//netnotes//netnotes export//EN"
    assert str(calendar["VERSION"]) == "2.0"
    found = components(data)
    assert found
    uids = [str(c["UID"]) for c in found]
    assert len(uids) == len(set(uids))
    for component in found:
        assert isinstance(component.decoded("DTSTAMP"), datetime)
    for line in data.split(b"\r\n"):
        if line.startswith((b"DUE", b"DTSTART", b"DTEND")):
            assert b";VALUE=DATE:" in line, line
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_open_follow_ups_with_a_due_date_become_date_only_todos(example_vault, run):
    todos = {
        str(c["SUMMARY"]): c.decoded("DUE")
        for c in components(export(run, example_vault))
        if c.name == "VTODO"
    }
    assert todos == {
        "Jane Doe: Send her the article on payment rails": date(2026, 10, 9),
        "Raj Patel: Send Raj the write-up on our ledger migration": date(2026, 6, 1),
        "Daniel Okafor: Send Daniel the survey results": date(2026, 5, 16),
        "Tom Becker: Suggest a coffee with Tom": date(2026, 11, 30),
        "Waiting on Aisha Khan: Aisha sends her draft résumé": date(2026, 11, 20),
        # a group meeting note's task: once, with everyone it belongs to
        "Chen Wei, Maria Gonzalez, Zoë Ångström: Share the speaker list with the group": date(
            2026, 11, 30
        ),
    }


def test_meetings_from_today_on_and_birthdays_are_all_day_events(example_vault, run):
    events = {
        str(c["SUMMARY"]): c for c in components(export(run, example_vault)) if c.name == "VEVENT"
    }
    assert sorted(events) == [
        "Coffee at Sightglass with Chen Wei",
        "Design review lunch with Aisha Khan, Tom Becker",
        "Jane Doe's birthday",
        "Lunch at Café Uno with Jane Doe",
        "Maria Gonzalez's birthday",
    ]
    lunch = events["Lunch at Café Uno with Jane Doe"]
    assert (lunch.decoded("DTSTART"), lunch.decoded("DTEND")) == (
        date(2026, 12, 3),
        date(2026, 12, 4),
    )
    birthday = events["Jane Doe's birthday"]
    assert birthday.decoded("DTSTART") == date(1980, 7, 14)
    assert birthday["RRULE"].to_ical() == b"FREQ=YEARLY"


def test_reconnect_reminds_on_the_due_date_in_the_horizon_or_today_never_in_the_past(
    example_vault, run
):
    plain = by_summary(export(run, example_vault))
    events = by_summary(export(run, example_vault, "--reconnect"))
    added = {s: c.decoded("DTSTART") for s, c in events.items() if s not in plain}
    assert added == {
        "Reconnect with Raj Patel": date(2026, 11, 26),  # due 2026-07-11: overdue, so today
        "Reconnect with Daniel Okafor": date(2026, 11, 26),  # due 2026-08-02
        "Reconnect with Jane Doe": date(2026, 12, 1),  # due within the 14-day horizon
    }
    assert "due 2026-07-11" in str(events["Reconnect with Raj Patel"]["DESCRIPTION"])


def test_same_vault_and_date_give_the_same_bytes_and_no_clock_is_read(example_vault, run):
    first = export(run, example_vault, "--reconnect")
    assert export(run, example_vault, "--reconnect") == first
    # nothing happens on Nov 27: the calendar of that day is the same file
    plain = export(run, example_vault)
    later = run(example_vault, "export", "ics", "--date", "2026-11-27").stdout_bytes
    assert later == plain
    stamps = {c.decoded("DTSTAMP") for c in components(first)}
    jane = by_summary(first)["Jane Doe: Send her the article on payment rails"]
    assert jane.decoded("DTSTAMP") == datetime(
        2026, 10, 2, tzinfo=UTC
    )  # the entry it was written under
    assert datetime(2026, 11, 26, tzinfo=UTC) not in stamps


def test_uids_survive_an_unrelated_edit_that_shifts_lines(example_vault, run):
    before = export(run, example_vault)
    note = example_vault / "People" / "Jane Doe.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(
        text.replace("## Personal\n", "Lives in Brooklyn.\n\nLoves jazz.\n\n## Personal\n"),
        encoding="utf-8",
    )
    assert export(run, example_vault) == before


def test_a_changed_task_keeps_the_others_uids(example_vault, run):
    before = {str(c["SUMMARY"]): str(c["UID"]) for c in components(export(run, example_vault))}
    note = example_vault / "People" / "Raj Patel.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace("📅 2026-06-01", "📅 2026-06-15"), encoding="utf-8"
    )
    after = {str(c["SUMMARY"]): str(c["UID"]) for c in components(export(run, example_vault))}
    assert after == before  # a new due date updates the same to-do


def test_identical_tasks_in_one_note_get_different_uids(make_vault, run):
    vault = make_vault(
        {
            "People/Ada.md": "## Log\n### 2026-01-05 — Call\n- [ ] Send the deck 📅 2026-02-01\n"
            "- [ ] Send the deck 📅 2026-02-01\n"
        }
    )
    found = components(run(vault, "export", "ics", "--date", "2026-01-10").stdout_bytes)
    assert len(found) == 2
    assert found[0]["UID"] != found[1]["UID"]


def test_feb_29_and_yearless_birthdays_recur_every_year(make_vault, run):
    vault = make_vault(
        {
            "People/Leap.md": "---\nbirthday: 2000-02-29\n---\n",
            "People/Noyear.md": "---\nbirthday: 07-04\n---\n",
            "People/Gone.md": "---\nbirthday: 1970-01-01\nstatus: archived\n---\n",
        }
    )
    events = by_summary(run(vault, "export", "ics", "--date", "2027-01-01").stdout_bytes)
    assert sorted(events) == ["Leap's birthday", "Noyear's birthday"]
    leap = events["Leap's birthday"]
    rule = leap["RRULE"].to_ical().decode()
    assert set(rule.split(";")) == {"FREQ=YEARLY", "BYMONTH=2", "BYMONTHDAY=-1"}
    days = list(
        rrulestr(rule, dtstart=datetime(2000, 2, 29)).between(
            datetime(2026, 1, 1), datetime(2029, 1, 1)
        )
    )
    assert [d.date() for d in days] == [date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29)]
    assert events["Noyear's birthday"].decoded("DTSTART") == date(2000, 7, 4)


def test_sensitive_and_done_tasks_stay_out(make_vault, run):
    vault = make_vault(
        {
            "People/Ada.md": "## Log\n### 2026-01-05 — Call\n"
            "- [ ] Ask about the diagnosis #sensitive 📅 2026-02-01\n"
            "- [x] Sent the deck 📅 2026-01-06\n"
        }
    )
    assert components(run(vault, "export", "ics", "--date", "2026-01-10").stdout_bytes) == []


def test_output_file_is_written_once_and_left_alone_when_unchanged(example_vault, run, tmp_path):
    target = tmp_path / "netnotes.ics"
    first = run(example_vault, "export", "ics", "--date", EXAMPLE_DATE, "-o", str(target))
    assert first.exit_code == 0 and first.stdout == ""
    assert first.stderr.strip() == f"wrote {target}"
    assert target.read_bytes() == export(run, example_vault)
    os.utime(target, ns=(1, 1))
    again = run(example_vault, "export", "ics", "--date", EXAMPLE_DATE, "-o", str(target))
    assert again.stderr.strip() == f"{target} is up to date"
    assert target.stat().st_mtime_ns == 1
    changed = run(
        example_vault, "export", "ics", "--date", EXAMPLE_DATE, "-o", str(target), "--reconnect"
    )
    assert changed.exit_code == 0
    assert b"Reconnect with Raj Patel" in target.read_bytes()


def test_output_never_replaces_a_calendar_netnotes_did_not_write_unless_forced(
    example_vault, run, tmp_path
):
    target = tmp_path / "work.ics"
    foreign = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 14//EN\r\nEND:VCALENDAR\r\n"
    )
    target.write_bytes(foreign)
    refused = run(example_vault, "export", "ics", "-o", str(target))
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"netnotes: {target} exists and is not a calendar netnotes wrote"
    )
    assert "--force" in refused.stderr
    assert target.read_bytes() == foreign
    forced = run(
        example_vault, "export", "ics", "--date", EXAMPLE_DATE, "-o", str(target), "--force"
    )
    assert forced.exit_code == 0
    assert target.read_bytes() == export(run, example_vault)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".netnotes-")]


def test_archived_contacts_appear_nowhere(make_vault, run):
    vault = make_vault(
        {
            "People/Ada.md": "---\nstatus: archived\nbirthday: 1990-01-02\n---\n## Log\n"
            "### 2026-01-05 — Call\n- [ ] Send the deck 📅 2026-02-01\n### 2026-03-01 — Lunch\n",
            "People/Bo.md": "---\nname: Bo\n---\n",
            "Meetings/2026-02-10 Breakfast.md": '---\ndate: 2026-02-10\nwith: ["[[Ada]]", "[[Bo]]"]\n---\n'
            "- [ ] Book the room 📅 2026-02-05\n",
        }
    )
    events = by_summary(run(vault, "export", "ics", "--date", "2026-01-10").stdout_bytes)
    assert sorted(events) == ["Bo: Book the room", "Breakfast with Bo"]


def test_a_log_entry_with_someone_in_a_meeting_note_that_day_is_that_meeting(make_vault, run):
    vault = make_vault(
        {
            "People/Bob.md": "---\nname: Bob\n---\n## Log\n### 2026-12-01 — Dinner\n- book\n",
            "People/Eve.md": "---\nname: Eve\n---\n",
            "Meetings/2026-12-01 Breakfast club.md": "---\ndate: 2026-12-01\n"
            'with: ["[[Bob]]", "[[Eve]]"]\n---\n',
            "Meetings/2026-12-01 Dinner.md": '---\ndate: 2026-12-01\nwith: ["[[Bob]]"]\n---\n',
        }
    )
    found = components(run(vault, "export", "ics", "--date", EXAMPLE_DATE).stdout_bytes)
    # two meeting notes are two events; Bob's log entry is one of them, not a third
    assert sorted(str(c["SUMMARY"]) for c in found) == [
        "Breakfast club with Bob, Eve",
        "Dinner with Bob",
    ]


def test_an_entry_written_as_a_bare_date_is_a_conversation_in_the_calendar(make_vault, run):
    vault = make_vault({"People/Ada.md": "---\nname: Ada\n---\n### 2026-12-02\n- map\n"})
    (event,) = components(run(vault, "export", "ics", "--date", EXAMPLE_DATE).stdout_bytes)
    assert str(event["SUMMARY"]) == "Conversation with Ada"


def test_meeting_titles_are_plain_text_and_do_not_repeat_names(make_vault, run):
    vault = make_vault(
        {
            "People/Max Mustermann.md": "---\nname: Max Mustermann\n---\n## Log\n"
            "### 2026-12-01 — Lunch with [[Max Mustermann|Max]] at Tartine\n"
            "### 2026-12-02 — Coffee at [[Blue Bottle]]\n",
            "People/Ada.md": "---\nname: Ada\n---\n",
            "Meetings/2026-12-03 Dinner with Ada.md": "---\ndate: 2026-12-03\n"
            "with: ['[[Ada]]', '[[Max Mustermann]]']\n---\n",
        }
    )
    data = run(vault, "export", "ics", "--date", "2026-11-26").stdout_bytes
    assert set(by_summary(data)) == {
        "Lunch with Max at Tartine",
        "Coffee at Blue Bottle with Max Mustermann",
        "Dinner with Ada (and Max Mustermann)",
    }
    assert b"[[" not in data

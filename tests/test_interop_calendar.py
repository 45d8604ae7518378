"""`netnotes import ics`: calendars exported by Google, Outlook and Apple
(hand-written fixtures in tests/fixtures/ics) become conversations in a
real temp vault, through the real CLI."""

from __future__ import annotations

import json
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, examples, person
from netnotes.interop.calendar_file import read_calendar
from netnotes.interop.invitetext import inert_lines, inert_title
from netnotes.notes import calendar_line, parse_note

ICS = REPO / "tests" / "fixtures" / "ics"
TODAY = "2026-12-10"
WINDOW = (date(2026, 9, 11), date(2026, 12, 24))


def read(name: str, zone=None, data: bytes | None = None):
    raw = data if data is not None else (ICS / name).read_bytes()
    return read_calendar(name, raw, *WINDOW, zone)


def days_of(calendar, summary: str) -> list[str]:
    return [o.day.isoformat() for o in calendar.occurrences if o.summary.startswith(summary)]


PEOPLE = {
    "People/Helen Park.md": person(
        "Helen Park",
        "email: helen@example.org\nladder: above\n",
        "Leads design.\n\n## Log\n### 2026-10-01 — Coffee\n- Talked about her move.\n",
    ),
    "People/Raj Patel.md": person(
        "Raj Patel", "email:\n  - raj@example.net\n  - raj@work.example.net\n"
    ),
    "People/Priya Shah.md": person(
        "Priya Shah",
        "email: priya@example.com\n",
        "\n## Log\n\n### 2026-11-26 — Coffee\n- wrote this by hand\n",
    ),
    "People/Grace Hopper.md": "\ufeff---\r\nname: Grace Hopper\r\nemail: grace@example.com\r\n"
    "---\r\nCRLF note\r\n",
}


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".netnotes" not in p.parts
    }


def import_ics(run, vault: Path, file: Path | str, *args: str):
    return run(vault, "import", "ics", str(file), "--date", TODAY, *args)


def plan(run, vault: Path, file: Path | str, *args: str) -> dict:
    result = import_ics(run, vault, file, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def actions(document: dict) -> list[tuple[str, str, str]]:
    return [(e["date"], e["summary"], e["action"]) for e in document["events"]]


# --- reading calendars ------------------------------------------------------


def test_google_dates_series_overrides_exdates_and_utc_evenings():
    calendar = read("google.ics")
    # 05:30Z on 3 December is the evening of the 2nd in the calendar's zone (Los Angeles)
    assert days_of(calendar, "Drinks") == ["2026-12-02"]
    # weekly from 26 Nov: 3 Dec is an EXDATE, 17 Dec moved to the 18th (with Raj), 31 Dec is
    # after the window
    assert days_of(calendar, "Coffee / mentoring") == [
        "2026-11-26",
        "2026-12-10",
        "2026-12-18",
        "2026-12-24",
    ]
    moved = next(o for o in calendar.occurrences if o.summary.endswith("(with Raj)"))
    assert {a.email for a in moved.attendees} == {"priya@example.com", "raj@work.example.net"}
    assert days_of(calendar, "Visit Grace") == ["2026-12-18"]  # all-day: its date
    assert next(o for o in calendar.occurrences if o.summary == "Dinner with Helen").cancelled
    assert calendar.owners[0] == "me@example.com"  # X-WR-CALNAME
    lunch = next(o for o in calendar.occurrences if o.summary == "Lunch with Helen")
    helen = next(a for a in lunch.attendees if a.email == "helen@example.org")
    assert (helen.name, helen.partstat) == ("Helen Park", "ACCEPTED")  # a folded ATTENDEE line
    assert "c_1888abc@resource.calendar.google.com" not in {a.email for a in lunch.attendees}
    assert [w for w in calendar.warnings if "'Broken event'" in w and "DTSTART" in w]


def test_a_utc_time_takes_tz_then_the_local_zone_when_the_file_names_none(monkeypatch):
    data = (ICS / "google.ics").read_bytes().replace(b"X-WR-TIMEZONE:America/Los_Angeles\r\n", b"")
    from zoneinfo import ZoneInfo

    assert days_of(read("g.ics", ZoneInfo("America/Los_Angeles"), data), "Drinks") == ["2026-12-02"]
    assert days_of(read("g.ics", ZoneInfo("Asia/Tokyo"), data), "Drinks") == ["2026-12-03"]
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        assert days_of(read("g.ics", None, data), "Drinks") == ["2026-12-02"]
    finally:
        monkeypatch.undo()
        time.tzset()


def test_outlook_windows_zone_names_and_apple_email_parameters():
    outlook = read("outlook.ics")
    assert days_of(outlook, "1:1 Helen") == ["2026-12-07"]
    assert days_of(outlook, "Breakfast") == ["2026-12-04"]
    one = next(o for o in outlook.occurrences if o.summary.startswith("1:1"))
    assert [a.email for a in one.attendees] == ["helen@example.org"]  # mailto case folded
    apple = read("apple.ics")
    # 00:30 in Berlin on the 5th: its own TZID, though it is still the 4th in Los Angeles
    assert days_of(apple, "Dinner at Nopa") == ["2026-12-05"]
    dinner = apple.occurrences[0]
    assert {a.email for a in dinner.attendees} == {"priya@example.com", "me@icloud.example"}
    assert apple.owners == ("me@icloud.example",)  # X-WR-CALNAME "Home": the organizer


# --- invitation text is data -------------------------------------------------


def test_invitation_text_cannot_add_a_task_tag_link_comment_or_code():
    hostile = (
        "<p>#ask her [[Bob]] ![[secret.png]]</p><ul><li>- [ ] pay me 📅 2026-12-01</li></ul>"
        "%% hidden %% <% tp.file.cursor() %> <!-- x personal:: her divorce #sensitive"
        " &lt;iframe src=https://evil.example&gt;"
    )
    lines = [f"- calendar:: {line}" for line in inert_lines(hostile)]
    title = inert_title("# Lunch [[Eve]] #personal")
    text = person("Ada", body=f"## Personal\n### 2026-12-01 — {title}\n" + "\n".join(lines))
    note = parse_note("People/Ada.md", text + "\n")
    assert note.items == ()
    assert note.links == ()
    assert [i.title for i in note.interactions] == [title]
    for line in [*lines, title]:
        for markup in ("[[", "]]", "[ ]", "%%", "<%", "<!--", ":: ", " #"):
            assert markup not in line.replace("calendar:: ", ""), (markup, line)
        assert line.count("<") == line.count("\\<"), line  # no HTML for Obsidian to render
    assert inert_lines("<b>Agenda</b>:<br>roadmap &amp; hiring") == ["Agenda:", "roadmap & hiring"]


def test_calendar_lines_are_not_personal_items_asks_or_tasks_even_unescaped():
    body = (
        "## Personal\n- Daughter Mia\n"
        "- calendar:: Ask about #ask [x] things\n- event_uid:: abc@google.com\n"
        "## Log\n### 2026-12-01 — Lunch\n- calendar:: personal:: secret #personal\n"
        "- event_uid:: 0f3a@google.com\n- She got the job #personal\n"
    )
    note = parse_note("People/Ada.md", person("Ada", body=body))
    assert [(i.type, i.text) for i in note.items] == [
        ("personal", "Daughter Mia"),
        ("personal", "She got the job"),
    ]
    assert calendar_line("- event_uid:: 0f3a@google.com") == ("event_uid", "0f3a@google.com")
    assert calendar_line("- calendar:: Tartine, 555 Alabama St") == (
        "calendar",
        "Tartine, 555 Alabama St",
    )
    assert calendar_line("- calendars:: x") is None


# --- the plan and the writes --------------------------------------------------


def test_dry_run_plans_every_event_and_writes_nothing(run, make_vault):
    vault = make_vault(PEOPLE)
    before = snapshot(vault)
    document = plan(run, vault, ICS / "google.ics")
    assert snapshot(vault) == before
    assert actions(document) == [
        ("2026-11-20", "Lunch with Helen", "create"),
        ("2026-11-26", "Coffee / mentoring", "skip"),  # written by hand that day
        ("2026-12-02", "Drinks #team", "create"),
        ("2026-12-10", "Coffee / mentoring", "create"),
        ("2026-12-12", "Holiday party", "skip"),  # declined by the owner
        ("2026-12-15", "Dinner with Helen", "skip"),  # cancelled
        ("2026-12-16", "Planning meeting", "create"),
        ("2026-12-18", "Coffee / mentoring (with Raj)", "create"),
        ("2026-12-18", "Visit Grace", "create"),
        ("2026-12-24", "Coffee / mentoring", "create"),
    ]
    first = document["events"][0]
    assert set(first) == {"uid", "date", "summary", "action", "reason", "notes", "attendees"}
    assert first["uid"] == "lunch-helen-1120@google.com"
    assert first["notes"] == ["People/Helen Park.md"]
    assert first["attendees"] == [
        {"email": "helen@example.org", "name": "Helen Park", "contact": "People/Helen Park.md"}
    ]
    reasons = {e["summary"]: e["reason"] for e in document["events"]}
    assert reasons["Holiday party"] == "you declined it"
    assert reasons["Dinner with Helen"] == "cancelled in the calendar"
    assert "People/Priya Shah.md:8" in document["events"][1]["reason"]
    planning = next(e for e in document["events"] if e["summary"] == "Planning meeting")
    assert planning["notes"] == ["Meetings/2026-12-16 Planning meeting.md"]
    assert document["unknown"] == [
        {"email": "sam@stranger.example", "name": "Sam Stranger", "events": 2},
        {"email": "tickets@devcon.example", "name": "Devcon", "events": 1},
    ]
    text = import_ics(run, vault, ICS / "google.ics")
    assert "not in your vault: 2 addresses" in text.stdout
    assert "dry run, nothing written: 7 new" in text.stderr
    assert "'Broken event'" in text.stderr and "warning" in text.stderr


def test_apply_writes_conversations_and_a_second_apply_changes_no_byte(run, make_vault):
    vault = make_vault(PEOPLE)
    result = import_ics(run, vault, ICS / "google.ics", "--apply")
    assert result.exit_code == 0, result.stderr
    helen = (vault / "People/Helen Park.md").read_text()
    assert helen.endswith(
        "## Log\n### 2026-11-20 — Lunch with Helen\n"
        "- calendar:: Tartine, 555 Alabama St\n"
        "- calendar:: Agenda: roadmap\n"
        "- calendar:: \\#ask about \\[\\[Bob Smith\\]\\] and - \\[ \\] send the deck %\\% secret"
        " %\\% \\<\\% tp.date.now() %>\n"
        "- calendar:: Join: https://meet.google.com/abc-defg-hij\n"
        "- event_uid:: lunch-helen-1120@google.com\n"
        "\n### 2026-10-01 — Coffee\n- Talked about her move.\n"
    )
    grace = (vault / "People/Grace Hopper.md").read_bytes()
    assert grace.startswith(b"\xef\xbb\xbf---\r\n")
    assert grace.endswith(
        b"CRLF note\r\n\r\n## Log\r\n### 2026-12-18 \xe2\x80\x94 Visit Grace\r\n"
        b"- event_uid:: visit-grace@google.com\r\n"
    )
    planning = (vault / "Meetings/2026-12-16 Planning meeting.md").read_text()
    assert planning == (
        '---\ndate: 2026-12-16\nwith:\n  - "[[Helen Park]]"\n  - "[[Raj Patel]]"\nkind: meeting\n'
        "---\n# Planning meeting\n\n- calendar:: Acme HQ\n- event_uid:: planning@google.com\n"
    )
    after = snapshot(vault)
    again = import_ics(run, vault, ICS / "google.ics", "--apply")
    assert again.exit_code == 0
    assert snapshot(vault) == after
    assert "0 new, 0 moved, 0 removed, 8 already in the vault" in again.stderr
    assert "Lunch with Helen" not in again.stdout  # known events are not listed again


def test_written_events_are_conversations_of_their_kind_past_or_planned(run, make_vault):
    vault = make_vault(PEOPLE)
    import_ics(run, vault, ICS / "google.ics", "--apply")
    shown = json.loads(run(vault, "show", "Priya Shah", "--date", TODAY, "--format", "json").stdout)
    assert shown  # the contact reads back
    helen = parse_note("People/Helen Park.md", (vault / "People/Helen Park.md").read_text())
    kinds = {i.title: i.kind for i in helen.interactions}
    assert kinds["Lunch with Helen"] == "lunch"
    assert helen.items == ()  # nothing from the invitation became a task, ask or personal item
    raj = parse_note("People/Raj Patel.md", (vault / "People/Raj Patel.md").read_text())
    assert [(i.title, i.kind) for i in raj.interactions] == [("Drinks \\#team", "drinks")]
    digest = json.loads(run(vault, "digest", "--date", TODAY, "--format", "json").stdout)
    coming = [(c["date"], c["name"], c["title"]) for c in digest["coming_up"]]
    assert ("2026-12-18", "Grace Hopper", "Visit Grace") in coming
    assert ("2026-12-16", "Helen Park", "Planning meeting") in coming


def later_export() -> bytes:
    """The same calendar exported a few days on: Grace's visit moved to the
    19th, the 24 December coffee cancelled (an EXDATE), the planning meeting
    deleted."""
    text = (ICS / "google.ics").read_bytes().decode()
    text = text.replace(
        "DTSTART;VALUE=DATE:20261218\r\nDTEND;VALUE=DATE:20261219",
        "DTSTART;VALUE=DATE:20261219\r\nDTEND;VALUE=DATE:20261220",
    )
    text = text.replace("20261203T080000\r\n", "20261203T080000,20261224T080000\r\n", 1)
    start = text.index("BEGIN:VEVENT\r\nDTSTART;TZID=America/Los_Angeles:20261216T100000")
    end = text.index("END:VEVENT\r\n", start) + len("END:VEVENT\r\n")
    return (text[:start] + text[end:]).encode()


def test_moved_and_cancelled_planned_meetings_move_or_go(run, make_vault, tmp_path):
    vault = make_vault(PEOPLE)
    import_ics(run, vault, ICS / "google.ics", "--apply")
    priya_before = (vault / "People/Priya Shah.md").read_text()
    later = tmp_path / "later.ics"
    later.write_bytes(later_export())
    document = plan(run, vault, later)
    changes = [a for a in actions(document) if a[2] in ("update", "remove")]
    assert changes == [
        ("2026-12-16", "Planning meeting", "remove"),
        ("2026-12-19", "Visit Grace", "update"),
        ("2026-12-24", "Coffee / mentoring", "remove"),
    ]
    result = import_ics(run, vault, later, "--apply")
    assert result.exit_code == 0, result.stderr
    grace = (vault / "People/Grace Hopper.md").read_text()
    assert "### 2026-12-19 — Visit Grace" in grace and "2026-12-18" not in grace
    assert not (vault / "Meetings/2026-12-16 Planning meeting.md").exists()
    assert (vault / ".trash/2026-12-16 Planning meeting.md").exists()  # as Obsidian deletes
    priya = (vault / "People/Priya Shah.md").read_text()
    assert priya == priya_before.replace(
        "### 2026-12-24 — Coffee / mentoring\n- event_uid:: coffee-priya@google.com\n\n", ""
    )
    settled = snapshot(vault)
    import_ics(run, vault, later, "--apply")
    assert snapshot(vault) == settled


def test_a_planned_meeting_with_the_users_notes_under_it_stays(run, make_vault, tmp_path):
    vault = make_vault(PEOPLE)
    import_ics(run, vault, ICS / "google.ics", "--apply")
    grace = vault / "People/Grace Hopper.md"
    grace.write_bytes(grace.read_bytes() + b"- Bring the COBOL book\r\n")
    meeting = vault / "Meetings/2026-12-16 Planning meeting.md"
    meeting.write_text(meeting.read_text() + "- [ ] book the room\n")
    before = snapshot(vault)
    later = tmp_path / "later.ics"
    later.write_bytes(later_export())
    document = plan(run, vault, later, "--apply")
    assert snapshot(vault)["People/Grace Hopper.md"] == before["People/Grace Hopper.md"]
    assert meeting.exists()
    reasons = {(e["date"], e["summary"]): (e["action"], e["reason"]) for e in document["events"]}
    action, reason = reasons[("2026-12-19", "Visit Grace")]
    assert action == "skip" and "moved from 2026-12-18" in reason and "by hand" in reason
    action, reason = reasons[("2026-12-16", "Planning meeting")]
    assert action == "skip" and "you wrote under" in reason


def test_me_and_owner_detection_decide_who_is_the_user(run, make_vault):
    vault = make_vault({**PEOPLE, "People/Me.md": person("Me Myself", "email: me@example.com\n")})
    document = plan(run, vault, ICS / "outlook.ics")
    # the organizer of most events is the owner: never an attendee of their own meetings
    assert actions(document) == [
        ("2026-12-04", "Breakfast", "create"),
        ("2026-12-07", "1:1 Helen / Me", "create"),
    ]
    assert all(a["contact"] != "People/Me.md" for e in document["events"] for a in e["attendees"])
    # --me names someone else: the owner's address is then an attendee (and a contact)
    other = plan(run, vault, ICS / "outlook.ics", "--me", "helen@example.org")
    contacts = {a["contact"] for e in other["events"] for a in e["attendees"]}
    assert "People/Me.md" in contacts and "People/Helen Park.md" not in contacts


def test_create_makes_contacts_of_named_strangers(run, make_vault):
    vault = make_vault(PEOPLE)
    result = import_ics(run, vault, ICS / "google.ics", "--create", "--apply")
    assert result.exit_code == 0, result.stderr
    sam = (vault / "People/Sam Stranger.md").read_text()
    assert "email: sam@stranger.example" in sam
    planning = (vault / "Meetings/2026-12-16 Planning meeting.md").read_text()
    assert '"[[Sam Stranger]]"' in planning
    without = make_vault(PEOPLE, name="plain")
    import_ics(run, without, ICS / "google.ics", "--apply")
    assert not (without / "People/Sam Stranger.md").exists()


def test_a_zip_of_calendars_is_read_whole(run, make_vault, tmp_path):
    archive = tmp_path / "me@example.com.ical.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(ICS / "google.ics", "me@example.com.ics")
        zipped.write(ICS / "apple.ics", "Home.ics")
        zipped.write(ICS / "google.ics", "Shared with me.ics")  # the same events twice
        zipped.writestr("README.txt", "not a calendar")
    document = plan(run, make_vault(PEOPLE), archive)
    summaries = [e["summary"] for e in document["events"]]
    assert {"Lunch with Helen", "Dinner at Nopa"} <= set(summaries)
    assert summaries.count("Lunch with Helen") == 1  # an event in two calendars is one event


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n", "does not start with BEGIN:VCALENDAR"),
        (b"PK\x03\x04garbage", "cannot read the zip archive"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "no complete calendar"),
        (b"BEGIN:VCALENDAR\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", "not a readable calendar"),
    ],
)
def test_bad_files_are_one_line_errors(run, make_vault, tmp_path, content, message):
    vault = make_vault(PEOPLE)
    bad = tmp_path / "bad.ics"
    bad.write_bytes(content)
    result = import_ics(run, vault, bad)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "bad.ics" in result.stderr and "Traceback" not in result.stderr


def test_bad_options_are_usage_errors(run, make_vault):
    vault = make_vault(PEOPLE)
    zone = import_ics(run, vault, ICS / "google.ics", "--tz", "Mars/Olympus")
    assert zone.exit_code == 1 and "--tz Mars/Olympus" in zone.stderr
    window = import_ics(
        run, vault, ICS / "google.ics", "--since", "2026-12-20", "--until", "2026-12-01"
    )
    assert window.exit_code == 2 and "--since" in window.stderr
    me = import_ics(run, vault, ICS / "google.ics", "--me", "not-an-address")
    assert me.exit_code == 2 and "--me" in me.stderr


def test_apply_refuses_during_a_git_operation_and_skips_conflicted_notes(run, make_vault):
    vault = make_vault(PEOPLE)
    (vault / ".git").mkdir()
    (vault / ".git/MERGE_HEAD").write_text("abc\n")
    before = snapshot(vault)
    busy = import_ics(run, vault, ICS / "google.ics", "--apply")
    assert busy.exit_code == 1 and "git operation" in busy.stderr
    assert snapshot(vault) == before
    (vault / ".git/MERGE_HEAD").unlink()
    raj = vault / "People/Raj Patel.md"
    raj.write_text(raj.read_text() + "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> x\n")
    conflicted = raj.read_bytes()
    result = import_ics(run, vault, ICS / "google.ics", "--apply")
    assert result.exit_code == 1
    assert raj.read_bytes() == conflicted
    assert "### 2026-11-20 — Lunch with Helen" in (vault / "People/Helen Park.md").read_text()


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False])
def test_taking_an_entry_out_gives_back_the_note_as_it_was(newline, final):
    from netnotes.edit import LogEntry, add_log_entry
    from netnotes.interop.calendar_notes import without_entry
    from netnotes.models import ParseContext

    lines = ["\ufeff---", "name: Ada", "---", "Intro", "", "## Log", "### 2026-11-01 — Call", "- x"]
    original = newline.join(lines) + (newline if final else "")
    context = ParseContext()
    for day in ("2026-12-20", "2026-10-01"):  # first in the log, and last
        entry = LogEntry(
            date.fromisoformat(day), "Lunch", ("- calendar:: Nopa", "- event_uid:: u1")
        )
        written, _ = add_log_entry(original, entry, "People/Ada.md", context)
        assert written != original
        back = without_entry(written, "People/Ada.md", entry.date, "u1", context)
        assert back == original


MARKUP = st.sampled_from(
    ["[[", "]]", "#", "[ ]", "[x]", "- ", "%%", "<%", "%>", "<!--", "-->", "::", "`", "```",
     "\n", "<b>", "</p>", "&lt;", "personal", "ask", "sensitive", "waiting", "Bob", " ", "📅",
     "2026-12-01", "\\", "|", "^", ">", "---"]
)  # fmt: skip
INVITE_TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=4)), max_size=24).map("".join)


@given(summary=INVITE_TEXT, place=INVITE_TEXT, description=INVITE_TEXT)
@settings(max_examples=examples(150))
def test_no_invitation_can_add_markup_to_a_note(summary, place, description):
    said = [*inert_lines(place), *inert_lines(description)]
    lines = [f"- calendar:: {line}" for line in said] + ["- event_uid:: u1"]
    title = inert_title(summary) or "(no title)"
    for section in ("## Log", "## Personal"):
        body = f"{section}\n### 2026-12-01 — {title}\n" + "\n".join(lines)
        body += "\n- Mia starts college #personal\n### 2026-12-02 — Call\n"
        note = parse_note("People/Ada.md", person("Ada", body=body))
        assert [(i.type, i.text) for i in note.items] == [("personal", "Mia starts college")]
        assert note.links == ()
        assert [i.date.isoformat() for i in note.interactions] == ["2026-12-01", "2026-12-02"]
        assert note.problems == ()


def test_a_moved_meeting_gets_its_new_note_and_the_old_goes_to_the_trash(run, make_vault, tmp_path):
    vault = make_vault(PEOPLE)
    import_ics(run, vault, ICS / "google.ics", "--apply")
    moved = tmp_path / "moved.ics"
    moved.write_bytes(
        (ICS / "google.ics")
        .read_bytes()
        .replace(b"America/Los_Angeles:20261216T100000", b"America/Los_Angeles:20261217T100000")
    )
    document = plan(run, vault, moved)
    assert [a for a in actions(document) if a[2] != "skip"] == [
        ("2026-12-17", "Planning meeting", "update")
    ]
    assert import_ics(run, vault, moved, "--apply").exit_code == 0
    assert not (vault / "Meetings/2026-12-16 Planning meeting.md").exists()
    assert (vault / ".trash/2026-12-16 Planning meeting.md").exists()
    new = (vault / "Meetings/2026-12-17 Planning meeting.md").read_text()
    assert new.startswith("---\ndate: 2026-12-17\n") and "- event_uid:: planning@google.com" in new


def test_the_table_lists_the_strangers_in_most_events_and_counts_the_rest(run, make_vault):
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:e{i}\r\nDTSTART:20261201T120000Z\r\nSUMMARY:Lunch\r\n"
        "ATTENDEE;CN=Helen Park:mailto:helen@example.org\r\n"
        f"ATTENDEE:mailto:stranger{i:02d}@example.net\r\n"
        + ("ATTENDEE;CN=Often Seen:mailto:often@example.net\r\n" if i % 2 else "")
        + "END:VEVENT\r\n"
        for i in range(25)
    )
    vault = make_vault({**PEOPLE, "crowd.ics": f"BEGIN:VCALENDAR\r\n{events}END:VCALENDAR\r\n"})
    table = import_ics(run, vault, vault / "crowd.ics", "--me", "me@example.com").stdout
    assert "not in your vault: 26 addresses" in table
    assert table.index("Often Seen <often@example.net> (12 events)") < table.index("stranger00")
    assert "… and 6 more (--format json lists them all)" in table


def test_a_series_the_expander_cannot_read_costs_only_itself(monkeypatch):
    import recurring_ical_events

    real = recurring_ical_events.of

    def picky(calendar, *args, **kwargs):
        if any(str(e.get("UID")) == "drinks-raj@google.com" for e in calendar.walk("VEVENT")):
            raise ValueError("cannot expand this one")
        return real(calendar, *args, **kwargs)

    monkeypatch.setattr(recurring_ical_events, "of", picky)
    calendar = read("google.ics")
    assert days_of(calendar, "Drinks") == []
    assert days_of(calendar, "Lunch with Helen") == ["2026-11-20"]
    assert len(days_of(calendar, "Coffee / mentoring")) == 4
    assert any("'Drinks #team'" in w and "cannot expand it" in w for w in calendar.warnings)


def test_an_event_that_ends_before_it_starts_keeps_its_start_day():
    from zoneinfo import ZoneInfo

    raw = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x1\r\nSUMMARY:Backwards\r\n"
        b"DTSTART:20261207T163000Z\r\nDTEND:20261206T163000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    calendar = read("odd.ics", ZoneInfo("UTC"), raw)
    assert days_of(calendar, "Backwards") == ["2026-12-07"]
    assert calendar.warnings == (
        "odd.ics: event 'Backwards' (UID x1): warning: DTEND is before DTSTART",
    )


def test_a_prep_sheet_shows_what_the_calendar_said_but_not_the_event_uid(run, make_vault):
    vault = make_vault(PEOPLE)
    import_ics(run, vault, ICS / "google.ics", "--apply")
    sheet = run(vault, "prep", "Grace Hopper", "--stdout", "--date", TODAY).stdout
    assert "Visit Grace" in sheet and "event_uid" not in sheet
    helen = run(vault, "prep", "Helen Park", "--stdout", "--date", TODAY).stdout
    assert "calendar:: Tartine, 555 Alabama St" in helen and "event_uid" not in helen


@pytest.mark.parametrize(
    ("rule", "warning"),
    [
        ("FREQ=WEEKLY;INTERVAL=0", "RRULE INTERVAL=0 is not a step from 1 to 1000"),
        ("FREQ=MINUTELY", "RRULE repeats minutely, more often than a meeting"),
    ],
)
def test_a_repeat_rule_that_never_ends_or_is_no_meeting_is_skipped(run, make_vault, rule, warning):
    # INTERVAL=0 sends the expander into an endless loop: this must come back at all
    vault = make_vault(PEOPLE)
    (vault / "loop.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:loop\r\nSUMMARY:Loop\r\n"
        f"DTSTART:20261201T160000Z\r\nRRULE:{rule}\r\n"
        "ATTENDEE;CN=Helen Park:mailto:helen@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    import subprocess
    import sys

    script = (
        "import sys; from netnotes.cli import main; sys.argv = ['netnotes', '--vault', sys.argv[1],"
        " 'import', 'ics', sys.argv[2], '--date', '2026-12-10', '--me', 'me@example.com']; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(vault), str(vault / "loop.ics")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"event 'Loop' (UID loop): warning: {warning}; skipped" in result.stderr


def test_an_imported_meeting_that_passed_is_still_to_write_up(run, example_vault):
    calendar = ICS / "calendar.ics"
    result = run(example_vault, "import", "ics", str(calendar), "--date", "2026-11-26", "--apply")
    assert result.exit_code == 0, result.stderr
    digest = json.loads(
        run(example_vault, "digest", "--date", "2026-11-26", "--format", "json").stdout
    )
    assert ("2026-11-19", "Coffee with Raj") in {
        (w["date"], w["title"]) for w in digest["write_up"]
    }
    raj = example_vault / "People/Raj Patel.md"
    raj.write_text(raj.read_text().replace("- event_uid:: coffee-raj-1119@google.com\n",
                                           "- event_uid:: coffee-raj-1119@google.com\n- He moved to Boston\n"))  # fmt: skip
    digest = json.loads(
        run(example_vault, "digest", "--date", "2026-11-26", "--format", "json").stdout
    )
    assert "Coffee with Raj" not in {w["title"] for w in digest["write_up"]}


def test_an_attendee_who_is_two_contacts_is_never_guessed(run, make_vault):
    twin = person("Helen P.", "email: helen@example.org\n")
    vault = make_vault({**PEOPLE, "People/Helen P.md": twin})
    result = import_ics(run, vault, ICS / "google.ics", "--format", "json")
    document = json.loads(result.stdout)
    assert "Lunch with Helen" not in {e["summary"] for e in document["events"]}
    assert "helen@example.org" not in {u["email"] for u in document["unknown"]}
    assert (
        "warning: Helen Park <helen@example.org> answers to People/Helen P.md, "
        "People/Helen Park.md; left out of their events"
    ) in result.stderr


def test_a_meeting_note_that_is_not_utf8_is_left_alone_in_the_readers_words(tmp_path: Path):
    """Taking back a meeting note reads it as every command reads a note
    (vault.decode_note), so its refusal says what the parser would."""
    from netnotes.config import Config
    from netnotes.errors import WriteRefusedError
    from netnotes.interop.calendar_notes import trash_meeting_note
    from netnotes.vault import Vault

    (tmp_path / "Meetings").mkdir()
    (tmp_path / "Meetings/Lunch.md").write_bytes(b"---\ndate: 2026-11-20\n---\ncaf\xe9\n")
    with pytest.raises(WriteRefusedError) as refused:
        trash_meeting_note(Vault(tmp_path, Config()), "Meetings/Lunch.md", "uid-1")
    assert str(refused.value) == (
        "Meetings/Lunch.md: cannot read it (not valid UTF-8 (byte 0xe9); save the file as UTF-8);"
        " left alone"
    )
    assert (tmp_path / "Meetings/Lunch.md").exists()


def invited(export: bytes, uid: bytes, *attendees: bytes) -> bytes:
    """The export with these ATTENDEE lines added to the event `uid`."""
    start = export.index(b"UID:" + uid + b"\r\n")
    end = export.index(b"END:VEVENT\r\n", start)
    return (
        export[:end]
        + b"".join(b"ATTENDEE;CN=x:mailto:" + a + b"\r\n" for a in attendees)
        + (export[end:])
    )


def test_who_joins_or_leaves_a_planned_meeting_is_written_in_or_taken_out(
    run, make_vault, tmp_path
):
    vault = make_vault(PEOPLE)
    assert import_ics(run, vault, ICS / "google.ics", "--apply").exit_code == 0
    planning = vault / "Meetings/2026-12-16 Planning meeting.md"
    planning.write_bytes(planning.read_bytes().replace(b"\n", b"\r\n"))  # a CRLF checkout
    export = (ICS / "google.ics").read_bytes()
    joined = tmp_path / "joined.ics"
    joined.write_bytes(
        invited(
            invited(export, b"visit-grace@google.com", b"raj@example.net"),
            b"planning@google.com",
            b"priya@example.com",
        )
    )
    reasons = {
        (e["date"], e["summary"]): (e["action"], e["reason"], e["notes"])
        for e in plan(run, vault, joined)["events"]
        if e["action"] != "skip"
    }
    assert reasons == {
        ("2026-12-16", "Planning meeting"): (
            "update",
            "Priya Shah joined",
            ["Meetings/2026-12-16 Planning meeting.md"],
        ),
        ("2026-12-18", "Visit Grace"): (
            "update",
            "Raj Patel joined",
            ["Meetings/2026-12-18 Visit Grace.md"],
        ),
    }
    result = import_ics(run, vault, joined, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "0 new, 0 moved, 2 changed, 0 removed" in result.stderr
    # a meeting note's people are rewritten in place, its other bytes kept
    assert planning.read_bytes() == (
        b'---\r\ndate: 2026-12-16\r\nwith:\r\n  - "[[Helen Park]]"\r\n  - "[[Priya Shah]]"\r\n'
        b'  - "[[Raj Patel]]"\r\nkind: meeting\r\n---\r\n# Planning meeting\r\n\r\n'
        b"- calendar:: Acme HQ\r\n- event_uid:: planning@google.com\r\n"
    )
    # a visit with one person becomes a meeting note of two, out of her log
    grace = (vault / "People/Grace Hopper.md").read_bytes()
    assert grace == PEOPLE["People/Grace Hopper.md"].encode() + b"\r\n## Log\r\n"
    visit = (vault / "Meetings/2026-12-18 Visit Grace.md").read_text()
    assert 'with:\n  - "[[Grace Hopper]]"\n  - "[[Raj Patel]]"\n' in visit
    settled = snapshot(vault)
    assert import_ics(run, vault, joined, "--apply").exit_code == 0
    assert snapshot(vault) == settled
    # Raj leaves the visit again: it goes back into Grace's log, the meeting note to the trash
    assert import_ics(run, vault, ICS / "google.ics", "--apply").exit_code == 0
    assert (
        b"### 2026-12-18 \xe2\x80\x94 Visit Grace\r\n"
        in (vault / "People/Grace Hopper.md").read_bytes()
    )
    assert not (vault / "Meetings/2026-12-18 Visit Grace.md").exists()
    assert (vault / ".trash/2026-12-18 Visit Grace.md").exists()
    assert b"Priya" not in planning.read_bytes()


def test_a_changed_invitation_leaves_a_meeting_the_user_wrote_under_or_that_passed(
    run, make_vault, tmp_path
):
    vault = make_vault(PEOPLE)
    assert import_ics(run, vault, ICS / "google.ics", "--apply").exit_code == 0
    planning = vault / "Meetings/2026-12-16 Planning meeting.md"
    planning.write_text(planning.read_text() + "- [ ] book the room\n")
    joined = tmp_path / "joined.ics"
    joined.write_bytes(
        invited((ICS / "google.ics").read_bytes(), b"planning@google.com", b"priya@example.com")
    )
    before = snapshot(vault)
    events = plan(run, vault, joined, "--apply")["events"]
    (reason,) = [e["reason"] for e in events if e["summary"] == "Planning meeting"]
    assert reason.startswith("Priya Shah joined, but you wrote under") and "by hand" in reason
    assert snapshot(vault) == before
    # once the day has passed, the conversation stays as it was written
    planning.write_text(planning.read_text().replace("- [ ] book the room\n", ""))
    written = planning.read_bytes()
    later = run(vault, "import", "ics", str(joined), "--date", "2026-12-17", "--apply")
    assert later.exit_code == 0, later.stderr
    assert planning.read_bytes() == written


def test_the_dry_run_table_cannot_restyle_the_terminal(run, make_vault):
    """An invitation's summary is someone else's text: the planned steps'
    table shows it with its terminal controls replaced, never obeyed."""
    event = (
        "BEGIN:VEVENT\r\nUID:e1\r\nDTSTART:20261201T120000Z\r\n"
        "SUMMARY:Lunch \x1b[2J\x1b]0;owned\x07 \u009b31m\r\n"
        "ATTENDEE;CN=Helen Park:mailto:helen@example.org\r\nEND:VEVENT\r\n"
    )
    vault = make_vault({**PEOPLE, "evil.ics": f"BEGIN:VCALENDAR\r\n{event}END:VCALENDAR\r\n"})
    result = import_ics(run, vault, vault / "evil.ics", "--me", "me@example.com")
    assert result.exit_code == 0, result.output
    assert "Lunch" in result.stdout and "\ufffd[2J" in result.stdout
    assert not {"\x1b", "\x07", "\u009b"} & set(result.stdout)

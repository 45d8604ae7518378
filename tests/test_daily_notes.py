"""Daily-note lines read the way people write them (DESIGN.md §3): a kind
word before the first link and no planning word is a conversation; plans,
reminders and other sentences are mentions; a plan with a later ISO date is
a planned meeting; an outliner's children belong to the people their parent
links."""

from __future__ import annotations

import json
from datetime import date

import pytest
from icalendar import Calendar

from conftest import person
from netnotes.daily import CONVERSATION, MENTION, PLAN, read_daily_line
from netnotes.notes import parse_note

DAY = date(2026, 9, 14)

CONVERSATIONS = [
    # the issue's
    ("Breakfast with [[Ada]]", "breakfast"),
    ("Emailed [[Raj]] the deck", "email"),
    ("Quick call with [[Raj]]", "call"),
    ("Met [[Ada]] for a walk", "walk"),
    ("9:30 call with [[Raj]]", "call"),
    ("- [x] Called [[Raj]]", "call"),
    # DESIGN §3's
    ("Lunch with [[Ada]] at Nopa", "lunch"),
    ("Called [[Bob]]", "call"),
    ("Had coffee with [[Ada]]", "coffee"),
    ("14:30 Zoom with [[Raj]]", "zoom"),
    ("- [x] Called [[Bob]]", "call"),
    ("Drinks with [[Kevin]]", "drinks"),
    ("Lunch with [[Ada]] and Will", "lunch"),  # Will is a name, not a plan
]

MENTIONS = [
    # the issue's
    "Set up lunch with [[David Kim]] for Tue at Tartine",
    "Her assistant booked lunch with [[Helen Park]] next Thursday",
    "[[Robert Chen]]'s regionals today — text him tomorrow",
    # DESIGN §3's
    "Set up lunch with [[Ada]]",
    "Lunch with [[Ada]] tomorrow",
    "Ask [[Bob]] to call",
    "[[Bob]]'s launch today; text him tomorrow",
    "Her assistant booked lunch with [[Ada]]",
    "- [ ] Coffee with [[Ada]]",
    "Caught up with [[Ada]] over coffee",
    "Schedule coffee with [[Ada]]",
    "Need to call [[Raj]]",
    "Remind [[Raj]] about the deck",
    "Coffee with [[Ada]] on Friday",
    "Lunch with [[Ada]] next week",
    "I'll email [[Ada]] the deck",
    "Should text [[Bob]] about the launch",
    "Dinner with [[Ada]] tonight",
    "Want to invite [[Ada]] to the party",
    "Going to have lunch with [[Ada]]",
    "TODO email [[Ada]]",
    "Read [[Ada]]'s post",
    "> Coffee with [[Fay]]",
    "> - [x] Called [[Bob]]",  # a quoted checked task: someone else's words too
    ">> Lunch with [[Ada]] at Nopa",
]


def meaning(line: str, day: date = DAY):
    note = parse_note(f"Daily/{day.isoformat()}.md", f"- {line}\n" if line[0] not in "->" else line)
    return note


@pytest.mark.parametrize(("line", "kind"), CONVERSATIONS)
def test_a_kind_word_before_the_link_and_no_planning_word_is_a_conversation(line, kind):
    note = meaning(line)
    assert [(i.date, i.kind, i.planned_only) for i in note.interactions] == [(DAY, kind, False)]
    assert note.mentions == ()


@pytest.mark.parametrize("line", MENTIONS)
def test_plans_reminders_and_other_sentences_are_mentions(line):
    note = meaning(line)
    assert note.interactions == ()
    assert len(note.mentions) == 1


def test_a_plan_with_a_later_iso_date_is_a_planned_meeting_on_that_date():
    for line in (
        "Schedule coffee with [[Ada]] on 2026-12-14",
        "Set up lunch with [[Ada]] on 2026-12-14",
    ):
        (planned,) = meaning(line).interactions
        assert (planned.date, planned.kind, planned.planned_only) == (
            date(2026, 12, 14),
            planned.kind,
            True,
        )
        assert planned.kind in ("coffee", "lunch")
    # an earlier date, or no kind: a mention
    assert meaning("Set up lunch with [[Ada]] on 2026-01-14").interactions == ()
    assert meaning("Ping [[Ada]] on 2026-12-14").interactions == ()


def test_the_rule_reads_words_not_links():
    assert read_daily_line("Will said hi to [[Ada]] at lunch", [], DAY, False).meaning == MENTION
    assert read_daily_line("Called [[Ada]]", [], DAY, False).meaning == CONVERSATION
    assert read_daily_line("Coffee [[Ada]] 2026-09-20", [], DAY, False).meaning == PLAN
    assert read_daily_line("Called [[Ada]]", [], DAY, True).meaning == MENTION  # an open task
    assert read_daily_line("Called [[Ada]]", [], DAY, False, quoted=True).meaning == MENTION


def test_a_heading_that_opens_with_a_kind_owns_its_lines_and_a_plan_heading_is_a_mention():
    note = parse_note(
        "Daily/2026-09-14.md",
        "## Lunch with [[Ada]]\n- moving to Lisbon #personal\n\n"
        "## Lunch with [[Bob]] tomorrow\n- bring the book #ask\n## Other\n- x #personal\n",
    )
    assert [(i.line, i.end_line) for i in note.interactions] == [(1, 2)]
    assert [(i.text, i.owners) for i in note.items] == [
        ("moving to Lisbon", ("Ada",)),
        ("bring the book", ("Bob",)),
        ("x", ()),
    ]


# --- end to end: digest, prep, export ----------------------------------------

TODAY = "2026-10-01"


def vault_of(make_vault, daily: str, day: str = "2026-09-14"):
    return make_vault(
        {
            "People/David Kim.md": person(
                "David Kim", "cadence: 30d\n", "### 2026-06-01 — Lunch\n"
            ),
            "People/Helen Park.md": person(
                "Helen Park", "cadence: 30d\n", "### 2026-06-01 — Call\n"
            ),
            "People/Robert Chen.md": person("Robert Chen", "", "### 2026-06-01 — Coffee\n"),
            "People/Kevin.md": person("Kevin", "cadence: 30d\n"),
            "People/Ada.md": person("Ada", "cadence: 30d\n"),
            "People/Bob.md": person("Bob", "cadence: 30d\n"),
            f"Daily/{day}.md": daily,
        }
    )


def digest(run, vault, today: str = TODAY) -> dict:
    result = run(vault, "digest", "--format", "json", "--date", today)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_plans_and_reminders_in_a_daily_note_are_no_touch_end_to_end(make_vault, run):
    vault = vault_of(
        make_vault,
        "- Set up lunch with [[David Kim]] for Tue at Tartine\n"
        "- Her assistant booked lunch with [[Helen Park]] next Thursday\n"
        "- [[Robert Chen]]'s regionals today — text him tomorrow\n"
        "- Breakfast with [[Ada]]\n",
    )
    data = digest(run, vault)
    overdue = {row["name"]: row for row in data["overdue"]}
    assert overdue["David Kim"]["last_touch"] == "2026-06-01"
    assert overdue["Helen Park"]["last_in_person"] is None
    listing = json.loads(run(vault, "list", "--format", "json", "--date", TODAY).stdout)
    by_name = {row["name"]: row for row in listing}
    assert by_name["Robert Chen"]["last_touch"] == "2026-06-01"
    assert by_name["Ada"]["last_in_person"] == "2026-09-14"
    sheet = run(vault, "prep", "David Kim", "--stdout", "--date", TODAY).stdout
    assert "Set up lunch with" in sheet  # a mention, on the sheet


def test_a_planned_meeting_is_coming_up_with_a_sheet_and_never_a_touch(make_vault, run):
    vault = vault_of(make_vault, "- Schedule coffee with [[Ada]] on 2026-10-05\n")
    coming = digest(run, vault)["coming_up"]
    assert [(r["name"], r["date"], r["kind"]) for r in coming] == [("Ada", "2026-10-05", "coffee")]
    result = run(vault, "prep", "--upcoming", "--stdout", "--date", TODAY)
    assert result.exit_code == 0 and "Ada" in result.stdout
    # after the day it is no touch: Ada is still to meet, never met
    later = digest(run, vault, "2026-10-20")
    assert "Ada" in [r["name"] for r in later["still_to_meet"]]
    shown = json.loads(run(vault, "show", "Ada", "--format", "json", "--date", "2026-10-20").stdout)
    assert shown["last_touch"] is None and shown["interactions"] == []


KEVIN = (
    "- Drinks with [[Kevin]]\n"
    "    - His mom is visiting from Cork #personal\n"
    "    - [ ] Send Kevin the book link 📅 2026-10-20\n"
    "    - She worries about the surgery #sensitive\n"
    "- Lunch with [[Ada]] and [[Bob]]\n"
    "\t- [ ] Send the deck 📅 2026-10-21\n"
    "\t- Ask [[Bob]] about his move #ask\n"
    "\t- Her knee operation [[Ada]] #sensitive\n"
)


def sheet(run, vault, name: str) -> dict:
    result = run(vault, "prep", name, "--format", "json", "--date", TODAY)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["people"][0]


def test_children_of_a_conversation_line_are_its_people_items_end_to_end(make_vault, run):
    vault = vault_of(make_vault, KEVIN)
    data = digest(run, vault)
    owed = sorted((r["name"], r["text"]) for r in data["follow_ups"])
    assert owed == [
        ("Ada", "Send the deck"),
        ("Bob", "Send the deck"),
        ("Kevin", "Send Kevin the book link"),
    ]
    assert [(r["name"], r["text"]) for r in data["personal"]] == [
        ("Kevin", "His mom is visiting from Cork")
    ]
    kevin = json.loads(run(vault, "prep", "Kevin", "--format", "json", "--date", TODAY).stdout)
    text = json.dumps(kevin)
    assert "surgery" in text and "handle_with_care" in text
    for other in ("Ada", "Bob"):
        text = run(vault, "prep", other, "--stdout", "--date", TODAY).stdout
        assert "surgery" not in text and "Cork" not in text
    assert "surgery" not in json.dumps(data) and "knee" not in json.dumps(data)
    assert "knee" not in run(vault, "prep", "Bob", "--stdout", "--date", TODAY).stdout
    asks = {name: [a["text"] for a in sheet(run, vault, name)["asks"]] for name in ("Ada", "Bob")}
    assert asks == {"Ada": [], "Bob": ["Ask [[Bob]] about his move"]}  # it links Bob: his alone
    assert sheet(run, vault, "Bob")["handle_with_care"] == []
    assert [h["text"] for h in sheet(run, vault, "Ada")["handle_with_care"]] == [
        "Her knee operation [[Ada]]"
    ]
    calendar = run(vault, "export", "ics", "--date", TODAY).stdout_bytes
    todos = {str(c["SUMMARY"]) for c in Calendar.from_ical(calendar).walk() if c.name == "VTODO"}
    assert "Kevin: Send Kevin the book link" in todos


def test_a_sensitive_daily_line_is_never_a_title_or_a_mention():
    note = parse_note(
        "Daily/2026-09-14.md",
        "- Lunch with [[Ada]] #sensitive\n"
        "    - [[Bob]] says her surgery went badly #sensitive\n"
        "- Dinner with [[Bob]]\n",
    )
    assert [(i.title, i.kind) for i in note.interactions] == [
        ("lunch", "lunch"),  # its kind stands in for the title
        ("Dinner with [[Bob]]", "dinner"),
    ]
    assert note.mentions == ()
    assert [(i.sensitive, i.targets, i.owners) for i in note.items] == [
        (True, ("Ada",), ()),  # it links Ada: hers
        (True, ("Bob",), ("Ada",)),  # under Ada's line; as it links Bob, it is his (DESIGN §9)
    ]


def test_lines_under_a_daily_heading_that_opens_with_a_kind_are_theirs_end_to_end(make_vault, run):
    vault = vault_of(
        make_vault,
        "## Coffee with [[Bob]]\n- [ ] Send Bob the link 📅 2026-10-20\n- New job at Stripe #personal\n"
        "## Errands\n- [ ] Buy milk 📅 2026-10-20\n",
    )
    data = digest(run, vault)
    assert [(r["name"], r["text"]) for r in data["follow_ups"]] == [("Bob", "Send Bob the link")]
    assert [(r["name"], r["text"]) for r in data["personal"]] == [("Bob", "New job at Stripe")]
    (talk,) = sheet(run, vault, "Bob")["recent"]
    assert (talk["kind"], talk["line"]) == ("coffee", 1)


def test_on_its_day_a_planned_meeting_is_under_today_and_still_no_touch(make_vault, run):
    vault = vault_of(make_vault, "- Schedule coffee with [[Ada]] on 2026-10-05\n")
    data = digest(run, vault, "2026-10-05")
    assert [(r["date"], r["name"]) for r in data["today"]["meetings"]] == [("2026-10-05", "Ada")]
    assert "Ada" in [r["name"] for r in data["still_to_meet"]]


def test_a_planned_meeting_from_a_daily_line_is_titled_by_its_kind_not_the_plan(make_vault, run):
    vault = vault_of(
        make_vault,
        "- Set up lunch with [[Ada]] on 2026-10-05\n"
        "- Book dinner with [[Bob]] on 2026-10-06 about his divorce #sensitive\n",
    )
    assert [r["title"] for r in digest(run, vault)["coming_up"]] == ["Lunch", "Dinner"]
    md = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    assert "Lunch with [[Ada]]" in md and "Set up lunch" not in md

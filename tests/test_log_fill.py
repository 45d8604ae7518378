"""`log` fills a planned heading instead of adding a second one, keeps date
order among headings written as other dates, and adds to an existing
meeting note of the same date and title — every other byte kept."""

from __future__ import annotations

import json
from datetime import date

from conftest import person
from netnotes.edit import LogEntry, add_log_entry
from netnotes.models import ParseContext

PATH = "People/David Kim.md"
DAY = date(2026, 9, 15)

PLANNED = (
    "---\nname: David Kim\n---\n## Log\n"
    "### 2026-09-15 — Lunch at Tartine\n- Bring the book #ask\n\n"
    "### 2026-08-01 — Call\n- old\n"
)


def log(text: str, title: str | None, *lines: str, when: date = DAY) -> tuple[str, int]:
    return add_log_entry(text, LogEntry(when, title, lines), PATH, ParseContext())


def test_the_same_date_and_title_case_aside_fills_the_planned_heading():
    new, line = log(PLANNED, "lunch at tartine", "- He starts at Stripe #personal")
    assert new == PLANNED.replace(
        "- Bring the book #ask\n", "- Bring the book #ask\n- He starts at Stripe #personal\n"
    )
    assert line == 5


def test_a_heading_of_that_date_without_title_is_filled_too_and_other_titles_are_not():
    untitled = PLANNED.replace(" — Lunch at Tartine", "")
    new, _ = log(untitled, "Lunch at Tartine", "- x")
    assert new == untitled.replace("- Bring the book #ask\n", "- Bring the book #ask\n- x\n")
    other, _ = log(PLANNED, "Coffee", "- x")
    assert other.count("### 2026-09-15") == 2


def test_filling_keeps_crlf_and_the_bom_and_the_missing_final_newline():
    text = "\ufeff---\r\nname: David Kim\r\n---\r\n## Log\r\n### 2026-08-01 — Call\r\n- old\r\n"
    text += "### 2026-09-15"  # planned without a title, the last line, no newline after it
    new, _ = log(text, None, "- y")
    assert new == text + "\r\n- y"
    crlf = "\ufeff" + PLANNED.replace("\n", "\r\n")
    new, _ = log(crlf, "Lunch at Tartine", "- z")
    assert new == crlf.replace("#ask\r\n", "#ask\r\n- z\r\n")


def test_log_keeps_date_order_among_headings_written_as_other_dates():
    text = "## Log\n### 2026/11/15 — Lunch\n- a\n\n### Nov 1, 2026\n- b\n"
    new, _ = log(text, "Coffee", "- c", when=date(2026, 11, 10))
    assert new == text.replace("### Nov 1", "### 2026-11-10 — Coffee\n- c\n\n### Nov 1")


def test_log_on_a_planned_heading_shows_the_lunch_once_end_to_end(make_vault, run):
    vault = make_vault({PATH: PLANNED})
    result = run(
        vault,
        "log",
        "David Kim",
        "--title",
        "Lunch at Tartine",
        "--date",
        "2026-09-15",
        "-m",
        "He starts at Stripe #personal",
    )
    assert result.exit_code == 0 and result.stdout == f"{PATH}:5\n"
    shown = json.loads(
        run(vault, "show", "David Kim", "--format", "json", "--date", "2026-09-20").stdout
    )
    assert [t["title"] for t in shown["interactions"]] == ["Lunch at Tartine", "Call"]


def test_a_meeting_note_of_that_date_and_title_gets_the_lines_crlf_and_bom_kept(make_vault, run):
    note = (
        '\ufeff---\r\ndate: 2026-09-15\r\nwith: ["[[Ada]]", "[[Bob]]"]\r\n---\r\n'
        "# Lunch at Tartine\r\n\r\n- planned\r\n"
    )
    vault = make_vault(
        {
            "People/Ada.md": person("Ada"),
            "People/Bob.md": person("Bob"),
            "Meetings/2026-09-15 Lunch at Tartine.md": note.encode("utf-8"),
        }
    )
    result = run(
        vault,
        "log",
        "Ada",
        "Bob",
        "-t",
        "LUNCH AT TARTINE",
        "--date",
        "2026-09-15",
        "-m",
        "went well",
    )
    assert result.exit_code == 0, result.stderr
    written = (vault / "Meetings/2026-09-15 Lunch at Tartine.md").read_bytes().decode("utf-8")
    assert written == note + "- went well\r\n"

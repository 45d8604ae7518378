"""The JSON digest's follow-ups and waiting read from SQL as their JSON text
(digest_json_sql, what `digest --format json` prints) are the rows the
model makes (digest_items.follow_up, digest_json._tasks_json): the same
text, in the same order, with a #sensitive task's words never in it."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_digest_live import EDITS, TODAY, Vault

from conftest import EXAMPLE_DATE, entry, examples, meeting, person
from netnotes.digest import Scope, build_digest, digest_json
from netnotes.digest_json_sql import json_document
from netnotes.jsontext import write_json
from netnotes.session import Session

SCOPES = (Scope(), Scope(ladder="above"), Scope(tag="friend"))


def printed_and_made(session: Session, today: date, scope: Scope) -> tuple[str, str]:
    """The JSON digest as the CLI writes it (rows from SQL), and json.dumps
    of the model's rows."""
    index, _ = session.index()
    parts: list[str] = []
    write_json(json_document(index, session.config, today, scope, 14), parts.append)
    made = digest_json(build_digest(index, session.config, today, scope, 14))
    return "".join(parts), json.dumps(made, ensure_ascii=False, indent=2)


def same_json(session: Session, today: date) -> None:
    for scope in SCOPES:
        printed, made = printed_and_made(session, today, scope)
        assert printed == made, scope


@settings(max_examples=examples(6))
@given(st.lists(EDITS, min_size=1, max_size=14))
def test_the_rows_read_from_sql_are_the_models(edits):
    root = Path(tempfile.mkdtemp(prefix="jsonsql"))
    try:
        vault = Vault(root)
        for edit in edits:
            vault.apply(edit)
        with Session(root, root.parent / f"{root.name}.sqlite3") as session:
            same_json(session, TODAY)
    finally:
        shutil.rmtree(root)
        (root.parent / f"{root.name}.sqlite3").unlink(missing_ok=True)


@pytest.mark.parametrize("vault", ["example_vault", "edge_vault"])
def test_the_example_vaults_rows_read_from_sql_are_the_models(request, vault):
    with Session(request.getfixturevalue(vault)) as session:
        for day in (EXAMPLE_DATE, "2027-03-01", "2026-01-15"):
            same_json(session, date.fromisoformat(day))


TRICKY = 'Send "the" C:\\path\ttab — café 🎉 \x01\x1f\x7f\u0080 </script>'


def test_shared_and_sensitive_lines_namesakes_and_odd_text(make_vault, run):
    """A line of several people (one named unlike their file), people of one
    sort key (namesakes: ordered by path), a #sensitive task of two people
    (named, never quoted), text that JSON must escape (a task's, a missing
    link's in the attention rows), and no due date."""
    root = make_vault(
        {
            "People/Ann Lee.md": person("Ann Lee", "tags: [friend]\n", entry("2026-11-01", "Call")),
            "People/Work/Ann Lee.md": person("Ann Lee", body=f"- [ ] {TRICKY} 📅 2026-11-20\n"),
            "People/bo.md": person("Bo Ek", "ladder: above\n", "- [ ] Ask Bo @waiting\n"),
            "People/Cy.md": person("Cy", "status: archived\n", "- [ ] Gone 📅 2026-11-02\n"),
            "People/Di.md": person("Di", body=f"- Met [[{TRICKY}]] at the fair\n"),
            "Meetings/2026-11-10 Lunch.md": meeting(
                "2026-11-10",
                ["Ann Lee", "Bo Ek", "Cy", "Di"],
                "- [ ] Send [[Di]] and [[bo|Bo Ek]] the flat's address #sensitive 📅 2026-11-12",
                "- [ ] Book the next one",
                f"- [ ] {TRICKY} @waiting",
            ),
        }
    )
    with Session(root) as session:
        same_json(session, date.fromisoformat(EXAMPLE_DATE))
    printed = run(root, "digest", "--format", "json", "--date", EXAMPLE_DATE).stdout
    document = json.loads(printed)
    assert "flat" not in printed
    private = [r for r in document["follow_ups"] if r["private"]]
    assert [r["text"] for r in private] == ["a private follow-up for [[bo|Bo Ek]], [[Di]]"] * 2
    assert "\\u0080" in printed and "\\u007f" in printed  # C1 and DEL escaped, as ever
    assert [r["detail"] for r in document["attention"] if r["path"] == "People/Di.md"] == [TRICKY]


@settings(max_examples=examples(50))
@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_sqlite_quotes_text_as_json_dumps_does(text):
    """digest_json_sql writes text with SQLite's json_quote: the same as the
    encoder jsontext uses (ensure_ascii=False), whatever the characters."""
    conn = sqlite3.connect(":memory:")
    (quoted,) = conn.execute("SELECT json_quote(?)", (text,)).fetchone()
    assert quoted == json.dumps(text, ensure_ascii=False)
    for code in range(0x20):
        (quoted,) = conn.execute("SELECT json_quote(?)", (chr(code),)).fetchone()
        assert quoted == json.dumps(chr(code), ensure_ascii=False)


def test_a_line_owned_twice_by_one_person_is_one_row(make_vault):
    """task_rows reads each (line, person) once, as the model does, even if
    the index held an owner's row twice: its rows are those of the index
    without the copy."""
    root = make_vault(
        {
            "People/Ann Lee.md": person("Ann Lee", body="- [ ] Call back 📅 2026-11-20\n"),
            "Meetings/2026-11-10 Lunch.md": meeting(
                "2026-11-10", ["Ann Lee"], "- [ ] Book the next one", "- [ ] Hear back"
            ),
        }
    )
    with Session(root) as session:
        index, _ = session.index()
        once, _ = printed_and_made(session, date.fromisoformat(EXAMPLE_DATE), Scope())
        index.conn.execute("INSERT INTO owners SELECT * FROM owners")
        twice, _ = printed_and_made(session, date.fromisoformat(EXAMPLE_DATE), Scope())
    document = json.loads(once)
    assert len(document["follow_ups"]) == 3
    assert twice == once


def test_a_task_due_today_is_not_late_and_one_due_before_is(make_vault):
    """task_rows tells a line late from its due day: before the digest's
    day, not on it (as the model's rows say), owed and waiting alike."""
    today = date.fromisoformat(EXAMPLE_DATE)
    day, before = today.isoformat(), date.fromordinal(today.toordinal() - 1).isoformat()
    root = make_vault(
        {
            "People/Ann Lee.md": person(
                "Ann Lee",
                body=f"- [ ] Call back 📅 {day}\n- [ ] Write 📅 {before}\n- [ ] Ask #waiting 📅 {day}\n"
                f"- [ ] Chase #waiting 📅 {before}\n- [ ] Some day\n",
            ),
        }
    )
    with Session(root) as session:
        printed, made = printed_and_made(session, today, Scope())
    assert printed == made
    document = json.loads(printed)
    owed = {row["text"]: row["overdue"] for row in document["follow_ups"]}
    waiting = {row["text"]: row["overdue"] for row in document["waiting"]}
    assert owed == {"Write": True, "Call back": False, "Some day": False}
    assert waiting == {"Chase": True, "Ask": False}


def test_overdue_and_meet_in_person_rows_read_from_sql_are_the_models(make_vault):
    """due_texts reads the overdue and meet-in-person rows from the table
    member, no Member made: the model's rows (digest_due.overdue_row,
    worklist.meet_row), in its order: each clock its own or its rung's, a
    due day moved by `snooze:`, the first planned day, the long lost on
    either clock, a name JSON must escape, namesakes by path; and not to
    meet whoever has a meeting in person planned (a call does not count)."""
    today = date.fromisoformat(EXAMPLE_DATE)
    root = make_vault(
        {
            "People/Ann.md": person("Ann Lee", "ladder: above\ncadence: weekly\n"),
            "People/Work/Ann.md": person("Ann Lee", "cadence: 1W\nmeet_every: 3m\n"),
            "People/Bo.md": person("Bo Ek", "ladder: peer\nsnooze: 2026-11-20\n"),
            "People/Cy.md": person("Cy", "ladder: below\nmeet_every: 1y\n"),
            "People/Di.md": person("Di", "cadence: 1w\nmeet_every: 1y\n"),
            "People/Zoe.md": person("'Zoë \"Z\" \\ Ølsen 🎉'", "ladder: peer\n"),
            "Meetings/2023-02-01 Lunch.md": meeting(
                "2023-02-01", ["People/Ann|Ann Lee", "Cy", "Di", "Zoe"], "- Long ago"
            ),
            "Meetings/2026-06-30 Coffee.md": meeting(
                "2026-06-30",
                ["People/Ann|Ann Lee", "People/Work/Ann|Ann Lee", "Bo Ek"],
                "- Catch up",
                kind="coffee",
            ),
            "Meetings/2026-10-01 Call.md": meeting("2026-10-01", ["Cy"], "- Rang", kind="call"),
            "Meetings/2026-12-01 Lunch.md": meeting("2026-12-01", ["Di"], "- Next one"),
            "Meetings/2026-12-03 Call.md": meeting("2026-12-03", ["Zoe"], "- Ring", kind="call"),
        }
    )
    with Session(root) as session:
        same_json(session, today)
        printed, _ = printed_and_made(session, today, Scope())
    document = json.loads(printed)
    assert not [row for row in document["attention"] if row["severity"] == "error"]
    overdue = {row["path"]: row for row in document["overdue"]}
    meet = [row["path"] for row in document["meet_in_person"]]
    assert overdue["People/Di.md"]["planned"] == "2026-12-01"
    assert overdue["People/Zoe.md"]["planned"] == "2026-12-03"
    assert overdue["People/Zoe.md"]["name"] == 'Zoë "Z" \\ Ølsen 🎉'
    assert overdue["People/Bo.md"]["due"] == "2026-11-20"  # snoozed till then
    namesakes = [row["path"] for row in document["overdue"] if row["name"] == "Ann Lee"]
    assert namesakes == ["People/Ann.md", "People/Work/Ann.md"]  # due the same day
    assert overdue["People/Work/Ann.md"]["cadence"] == "1w"  # as read: 1W
    assert "People/Di.md" in overdue and "People/Cy.md" in meet
    assert {row["long_lost"] for row in document["overdue"]} == {True, False}
    assert {row["long_lost"] for row in document["meet_in_person"]} == {True, False}
    assert "People/Di.md" not in meet  # a lunch planned
    assert "People/Zoe.md" in meet and "People/Cy.md" in meet  # a call planned, or had

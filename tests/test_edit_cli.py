"""`netnotes new`, `log` and `done` through the real CLI on temp vaults: what
lands in the notes byte for byte, what the index knows right after, and every
refusal (exit code, one line, nothing written)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATE
from netnotes.session import Session

ADA = (
    "---\nname: Ada Lovelace\naliases: [Ada]\nladder: peer\n---\nMathematician.\n\n"
    "## Log\n### 2026-01-10 — Coffee\n- [ ] Send the paper\n"
)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def show(run, root: Path, name: str) -> dict:
    return json.loads(run(root, "show", name, "--format", "json", "--date", "2026-11-26").stdout)


def one_line_error(result, code: int, words: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
    assert "Traceback" not in result.output


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """$EDITOR as a script that appends the given lines to the file it is handed."""

    def use(*lines: str) -> None:
        script = tmp_path / "editor.py"
        script.write_text(
            "import sys\n"
            f"lines = {list(lines)!r}\n"
            "with open(sys.argv[1], 'a', encoding='utf-8') as f:\n"
            "    f.writelines(line + '\\n' for line in lines)\n"
        )
        monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
        monkeypatch.delenv("VISUAL", raising=False)

    return use


# --- log into one contact's note ---------------------------------------------------


def test_log_puts_a_dated_entry_into_the_log_and_every_view_counts_it(run, example_vault):
    jane = example_vault / "People/Jane Doe.md"
    before = jane.read_text(encoding="utf-8")
    result = run(
        example_vault,
        "log",
        "jane doe",
        "-t",
        "Lunch at Nopa",
        "--date",
        EXAMPLE_DATE,
        "-m",
        "Mia loves Tufts #personal",
        "-m",
        "[ ] Send the Nopa menu",
    )
    assert result.exit_code == 0 and result.stdout == "People/Jane Doe.md:27\n"
    assert jane.read_text(encoding="utf-8") == before.replace(
        "### 2026-10-02 — Coffee",
        "### 2026-11-26 — Lunch at Nopa\n- Mia loves Tufts #personal\n- [ ] Send the Nopa menu\n\n"
        "### 2026-10-02 — Coffee",
    )
    shown = show(run, example_vault, "Jane Doe")
    assert (shown["last_touch"], shown["last_in_person"]) == ("2026-11-26", "2026-11-26")
    assert shown["interactions"][1] == {
        "date": "2026-11-26",
        "kind": "lunch",
        "in_person": True,
        "title": "Lunch at Nopa",
        "path": "People/Jane Doe.md",
        "line": 27,
        "planned": False,
    }
    assert "Send the Nopa menu" in [t["text"] for t in shown["open_tasks"]]


def test_right_after_a_write_the_index_already_knows_it(run, make_vault):
    root = make_vault({"People/Ada.md": ADA})
    assert run(root, "log", "Ada", "-t", "Call", "--date", "2026-11-20", "-m", "hi").exit_code == 0
    opened = Session(root)
    index, _ = opened.index(sync=False)  # no sync: only what the command left in the index
    assert [(t.date.isoformat(), t.kind) for t in index.touches("People/Ada.md")][-1] == (
        "2026-11-20",
        "call",
    )
    assert run(root, "done", "Ada", "paper", "--date", "2026-11-21").exit_code == 0
    index, _ = Session(root).index(sync=False)
    assert [i.done for i in index.items("People/Ada.md")] == [True]


def test_log_keeps_crlf_a_bom_and_a_missing_final_newline(run, make_vault):
    text = "\ufeff---\r\nname: Ada\r\nemoji: 📅  # keep\r\n---\r\nIntro\twith tab  \r\n\r\n## Log\r\n### 2026-01-10 — Coffee\r\n- hi"
    root = make_vault({"People/Ada.md": text})
    assert run(root, "log", "Ada", "-t", "Call", "--date", "2026-11-26", "-m", "bye").exit_code == 0
    assert (root / "People/Ada.md").read_bytes().decode("utf-8") == text.replace(
        "## Log\r\n", "## Log\r\n### 2026-11-26 — Call\r\n- bye\r\n\r\n"
    )
    older = run(root, "log", "Ada", "-t", "Email", "--date", "2025-01-01", "-m", "first")
    assert older.exit_code == 0
    assert (
        (root / "People/Ada.md")
        .read_bytes()
        .decode("utf-8")
        .endswith("- hi\r\n\r\n### 2025-01-01 — Email\r\n- first")
    )


def test_frontmatter_with_comments_quotes_flow_lists_blocks_and_empty_values_stays_byte_identical(
    run, make_vault
):
    front = (
        "---\nname: Ada  # her name\ntwitter: '@ada'\ntags: [a, b]\nnotes: |\n  line one\n"
        "  ---\nempty:\nemoji: 📅\ncontent: hi\nhandler: x\n---\n"
    )
    root = make_vault({"People/Ada.md": front + "- [ ] call her\n"})
    assert run(root, "log", "Ada", "-t", "Call", "--date", "2026-11-26", "-m", "x").exit_code == 0
    assert run(root, "done", "Ada", "call her", "--date", "2026-11-26").exit_code == 0
    assert (root / "People/Ada.md").read_text(encoding="utf-8") == (
        front + "- [x] call her ✅ 2026-11-26\n\n## Log\n### 2026-11-26 — Call\n- x\n"
    )


def test_a_note_without_frontmatter_gets_a_log_section_and_no_frontmatter(run, make_vault):
    root = make_vault({"People/Ada.md": "Met at the meetup.\n"})
    assert run(root, "log", "Ada", "-t", "Coffee", "--date", "2026-11-26", "-m", "x").exit_code == 0
    assert (root / "People/Ada.md").read_text() == (
        "Met at the meetup.\n\n## Log\n### 2026-11-26 — Coffee\n- x\n"
    )


def test_log_and_done_keep_the_file_mode_and_write_through_an_in_vault_symlink(run, make_vault):
    root = make_vault({"People/Ada.md": ADA, "Shortcuts/Ada link.md": ""})
    (root / "Shortcuts/Ada link.md").unlink()
    (root / "Shortcuts/Ada link.md").symlink_to("../People/Ada.md")
    (root / "People/Ada.md").chmod(0o640)
    assert run(root, "done", "Ada", "paper", "--date", "2026-11-26").exit_code == 0
    assert (root / "People/Ada.md").stat().st_mode & 0o777 == 0o640
    assert (root / "Shortcuts/Ada link.md").is_symlink()
    assert "- [x] Send the paper ✅ 2026-11-26" in (root / "Shortcuts/Ada link.md").read_text()


def test_without_m_the_editor_opens_and_its_lines_are_logged(run, make_vault, editor):
    root = make_vault({"People/Ada.md": ADA})
    editor("#personal Her cat is ill", "# a comment line", "- [ ] Ask about the cat")
    result = run(root, "log", "Ada", "-t", "Walk", "--date", "2026-11-26")
    assert result.exit_code == 0
    assert (
        "### 2026-11-26 — Walk\n- #personal Her cat is ill\n- [ ] Ask about the cat\n\n"
        in (root / "People/Ada.md").read_text()
    )


def test_an_empty_editor_message_aborts_without_writing(run, make_vault, editor):
    root = make_vault({"People/Ada.md": ADA})
    before = snapshot(root)
    editor("   ", "# only a comment")
    one_line_error(
        run(root, "log", "Ada", "-t", "Walk"), 1, "nothing logged: the message was empty"
    )
    assert snapshot(root) == before


# --- log with several people: a meeting note -----------------------------------------


def test_log_with_several_names_writes_a_meeting_note_that_counts_for_each(run, example_vault):
    result = run(
        example_vault,
        "log",
        "Zoe",
        "chen wei",
        "Jane",
        "-t",
        "Dinner at Zuni",
        "--date",
        "2026-11-25",
        "-m",
        "[[Zoe]] is moving to Lisbon #personal",
    )
    assert result.exit_code == 0 and result.stdout == "Meetings/2026-11-25 Dinner at Zuni.md\n"
    assert (example_vault / "Meetings/2026-11-25 Dinner at Zuni.md").read_text() == (
        '---\ndate: 2026-11-25\nwith:\n  - "[[Zoë Ångström]]"\n  - "[[Chen Wei]]"\n'
        '  - "[[Jane Doe]]"\nkind: dinner\n---\n# Dinner at Zuni\n\n'
        "- [[Zoe]] is moving to Lisbon #personal\n"
    )
    for name in ("Zoë Ångström", "Chen Wei", "Jane Doe"):
        touch = show(run, example_vault, name)["interactions"]
        assert {"date": "2026-11-25", "kind": "dinner", "in_person": True}.items() <= next(
            t for t in touch if t["date"] == "2026-11-25"
        ).items()
    again = run(
        example_vault,
        "log",
        "Zoe",
        "Chen Wei",
        "-t",
        "dinner at zuni",
        "--date",
        "2026-11-25",
        "-m",
        "x",
    )
    # the same date and title (case aside): the lines go into that note, nothing refused
    assert again.exit_code == 0 and again.stdout == "Meetings/2026-11-25 Dinner at Zuni.md\n"
    assert (
        (example_vault / "Meetings/2026-11-25 Dinner at Zuni.md")
        .read_text()
        .endswith("# Dinner at Zuni\n\n- [[Zoe]] is moving to Lisbon #personal\n- x\n")
    )
    other_day = run(
        example_vault,
        "log",
        "Zoe",
        "Chen Wei",
        "-t",
        "Dinner at Zuni",
        "-m",
        "y",
        "--date",
        "2026-11-24",
    )
    assert other_day.stdout == "Meetings/2026-11-24 Dinner at Zuni.md\n"


def test_two_names_for_one_person_log_into_their_note(run, make_vault):
    root = make_vault({"People/Ada.md": ADA})
    result = run(
        root, "log", "Ada", "ada lovelace", "-t", "Call", "--date", "2026-11-26", "-m", "x"
    )
    assert result.stdout.startswith("People/Ada.md:")


def test_a_meeting_needs_a_title(run, make_vault):
    root = make_vault({"People/Ada.md": ADA, "People/Bob.md": "---\nname: Bob\n---\n"})
    one_line_error(run(root, "log", "Ada", "Bob", "-m", "x"), 2, "give --title")
    assert not (root / "Meetings").exists()


# --- done ----------------------------------------------------------------------------


def test_done_checks_off_a_task_in_a_meeting_note_that_belongs_to_the_contact(run, example_vault):
    meeting = example_vault / "Meetings/2026-11-05 Downtown Business Network breakfast.md"
    before = meeting.read_text()
    result = run(example_vault, "done", "Chen Wei", "dataset", "--date", EXAMPLE_DATE)
    assert result.exit_code == 0
    assert result.stdout == "Meetings/2026-11-05 Downtown Business Network breakfast.md:19\n"
    assert meeting.read_text() == before.replace(
        "- [ ] [[Chen Wei]] sends the link to his dataset #waiting",
        "- [x] [[Chen Wei]] sends the link to his dataset #waiting ✅ 2026-11-26",
    )
    assert "dataset" not in json.dumps(show(run, example_vault, "Chen Wei")["open_tasks"])


def test_done_with_no_match_or_several_lists_the_candidates_and_writes_nothing(run, example_vault):
    before = snapshot(example_vault)
    none = run(example_vault, "done", "Jane Doe", "flowers")
    one_line_error(
        none, 1, "no open task of Jane Doe contains 'flowers'; open tasks: People/Jane Doe.md:32"
    )
    several = run(example_vault, "done", "Jane Doe", "her")
    one_line_error(
        several, 1, "'her' matches 2 open tasks of Jane Doe: People/Jane Doe.md:32 Send her"
    )
    assert "People/Jane Doe.md:33 Intro from her to [[Priya Nair]]" in several.stderr
    assert snapshot(example_vault) == before


# --- new -----------------------------------------------------------------------------


def test_new_writes_the_contact_and_prints_its_path(run, make_vault):
    root = make_vault()
    result = run(
        root,
        "new",
        "Jane Doe",
        "--ladder",
        "above",
        "--company",
        "[[Acme]]",
        "--tag",
        "mentor",
        "--email",
        "jane@example.com",
        "--phone",
        "+15551234",
        "--met",
        "2024-05-02",
    )
    assert result.exit_code == 0 and result.stdout == "People/Jane Doe.md\n"
    assert (root / "People/Jane Doe.md").read_text() == (
        '---\nname: Jane Doe\ntags:\n  - mentor\nladder: above\ncompany: "[[Acme]]"\n'
        'met: 2024-05-02\nemail: jane@example.com\nphone: "+15551234"\n---\n## Personal\n\n## Log\n'
    )
    shown = show(run, root, "jane doe")
    assert (shown["name"], shown["company"], shown["last_in_person"]) == (
        "Jane Doe",
        "Acme",
        "2024-05-02",
    )
    assert (
        run(root, "log", "Jane Doe", "-t", "Coffee", "--date", "2026-11-26", "-m", "x").exit_code
        == 0
    )
    assert (
        (root / "People/Jane Doe.md").read_text().endswith("## Log\n### 2026-11-26 — Coffee\n- x\n")
    )


def test_new_refuses_a_name_someone_already_answers_to(run, example_vault):
    before = snapshot(example_vault)
    one_line_error(
        run(example_vault, "new", "jane DOE"), 1, "Jane Doe already exists: People/Jane Doe.md"
    )
    one_line_error(run(example_vault, "new", "Zoe"), 1, "'Zoe' is already an alias of Zoë Ångström")
    assert snapshot(example_vault) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["new", ""], "give the contact a name"),
        (["new", "?!."], "no letters or digits"),
        (["new", "Ada", "--cadence", "often"], "cadence: not a cadence"),
        (["new", "Ada", "--birthday", "13-01"], "birthday: impossible"),
        (["log", "", "-m", "x"], "give a name"),
        (["log", "Nobody", "-m", "x"], "no contact named 'Nobody'"),
        (["log", "Ada", "-m", ""], "nothing to log"),
        (["done", "Ada", " "], "give some words"),
        (["log", "Sam", "-m", "x"], "'Sam' could be any of"),
        (["done", "Nobody", "paper"], "no contact named"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(run, make_vault, args, words):
    root = make_vault(
        {
            "People/Ada.md": ADA,
            "People/Sam.md": "---\nname: Sam\n---\n",
            "People/Samuel.md": "---\nname: Samuel\naliases: [Sam]\n---\n",
        }
    )
    before = snapshot(root)
    one_line_error(run(root, *args), 2, words)
    assert snapshot(root) == before


def test_a_bad_date_is_a_usage_error(run, make_vault):
    root = make_vault({"People/Ada.md": ADA})
    for args in (
        ["log", "Ada", "-m", "x", "--date", "2026-02-30"],
        ["done", "Ada", "paper", "--date", "soon"],
    ):
        result = run(root, *args)
        assert (
            result.exit_code == 2 and "--date" in result.stderr and "Traceback" not in result.output
        )
    assert (root / "People/Ada.md").read_text() == ADA


def test_new_edit_opens_the_note_and_the_index_sees_the_edit(run, make_vault, editor):
    root = make_vault()
    editor("- Two cats #personal")
    assert run(root, "new", "Ada", "--edit").stdout == "People/Ada.md\n"
    assert (root / "People/Ada.md").read_text().endswith("## Log\n- Two cats #personal\n")
    index, _ = Session(root).index(sync=False)
    assert [i.text for i in index.items("People/Ada.md")] == ["Two cats"]


# --- refusals that protect the vault -------------------------------------------------


CONFLICTED = "---\nname: Bob\n---\n## Log\n<<<<<<< HEAD\n- [ ] call\n=======\n- [ ] call him\n>>>>>>> 1a2b3c4\n"


def test_a_note_with_conflict_markers_is_never_written_and_others_still_are(run, make_vault):
    root = make_vault({"People/Ada.md": ADA, "People/Bob.md": CONFLICTED})
    for args in (["log", "Bob", "-t", "Call", "-m", "x"], ["done", "Bob", "call him"]):
        one_line_error(run(root, *args), 1, "People/Bob.md has unresolved git conflict markers")
    assert (root / "People/Bob.md").read_text() == CONFLICTED
    assert run(root, "log", "Ada", "-t", "Call", "-m", "x").exit_code == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_no_write_during_a_real_git_merge(run, make_vault):
    root = make_vault({"People/Ada.md": ADA})

    def git(*args):
        subprocess.run(
            ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
            check=True,
            capture_output=True,
        )

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "one")
    git("checkout", "-qb", "other")
    (root / "People/Ada.md").write_text(ADA.replace("Mathematician", "Poet"))
    git("commit", "-qam", "two")
    git("checkout", "-q", "main")
    (root / "People/Ada.md").write_text(ADA.replace("Mathematician", "Countess"))
    git("commit", "-qam", "three")
    subprocess.run(["git", "-C", str(root), "merge", "other"], capture_output=True, check=False)
    conflicted = (root / "People/Ada.md").read_bytes()
    before = snapshot(root)
    for args in (["log", "Ada", "-t", "Call", "-m", "x"], ["done", "Ada", "paper"], ["new", "Bob"]):
        one_line_error(run(root, *args), 1, "a git operation is under way (.git/MERGE_HEAD exists)")
    assert snapshot(root) == before and (root / "People/Ada.md").read_bytes() == conflicted
    (root / ".git/MERGE_HEAD").unlink()
    one_line_error(run(root, "done", "Ada", "paper"), 1, "unresolved git conflict markers")


def test_done_checks_off_a_task_with_a_comment_on_its_line_and_keeps_the_comment(run, make_vault):
    task = "- [ ] Send [[Jane Doe]] the deck %% she hates decks %% 📅 2026-12-10\r\n"
    vault = make_vault(
        {
            "People/Jane Doe.md": "---\nname: Jane Doe\n---\n",
            "Daily/2026-12-07.md": "# 2026-12-07\r\n" + task,
        }
    )
    result = run(vault, "done", "Jane", "deck", "--date", "2026-12-08")
    assert result.exit_code == 0, result.stderr
    assert "hates" not in result.stdout + result.stderr
    assert (vault / "Daily/2026-12-07.md").read_bytes().decode() == (
        "# 2026-12-07\r\n"
        "- [x] Send [[Jane Doe]] the deck %% she hates decks %% 📅 2026-12-10 ✅ 2026-12-08\r\n"
    )


def test_new_last_touch_is_checked_against_date_like_every_command_that_knows_today(
    run, make_vault
):
    vault = make_vault()
    early = run(vault, "new", "Ada Park", "--last-touch", "2026-11-20", "--date", "2026-11-19")
    assert early.exit_code == 2 and "a later one is a plan" in early.stderr
    assert not (vault / "People/Ada Park.md").exists()
    later = run(vault, "new", "Ada Park", "--last-touch", "2026-11-20", "--date", "2026-11-26")
    assert later.exit_code == 0, later.stderr
    assert "### 2026-11-20" in (vault / "People/Ada Park.md").read_text()


def test_a_due_date_before_an_obsidian_block_id_is_read_and_done_keeps_the_id_last(run, make_vault):
    note = "---\nname: Ada\n---\n## Log\n### 2026-11-01 — Call\n- [ ] Pay Ada back 📅 2026-11-23 ^abc123\n"
    vault = make_vault({"People/Ada.md": note})
    assert "not at the end" not in run(vault, "check").stdout
    digest = json.loads(run(vault, "digest", "--format", "json", "--date", "2026-11-26").stdout)
    assert [(t["text"], t["due"]) for t in digest["follow_ups"]] == [("Pay Ada back", "2026-11-23")]
    assert run(vault, "done", "Ada", "Pay", "--date", "2026-11-26").exit_code == 0
    assert (
        (vault / "People/Ada.md")
        .read_text()
        .endswith("- [x] Pay Ada back 📅 2026-11-23 ✅ 2026-11-26 ^abc123\n")
    )

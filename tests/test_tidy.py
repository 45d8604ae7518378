"""Old prep sheets are removed by the commands that write files, counted from
the real date, and only when their hash proves nobody changed them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import person
from netnotes.commands import shared
from netnotes.stamp import stamp, unchanged

REAL_TODAY = date.today()  # what cli.py reads; the tests build dates around it


class _StillToday(date):
    @classmethod
    def today(cls) -> date:
        return REAL_TODAY


@pytest.fixture(autouse=True)
def clock_stopped(monkeypatch):
    """The commands' clock kept at the day these tests build their dates
    around: a run that passes midnight (collected on one day, run on the
    next) would count a sheet 14 days past as 15."""
    monkeypatch.setattr(shared, "date", _StillToday)


def days_ago(n: int) -> str:
    return (REAL_TODAY - timedelta(days=n)).isoformat()


# --- the hash ------------------------------------------------------------------------


def test_the_hash_is_deterministic_idempotent_and_proves_an_unchanged_file():
    text = "---\ngenerated_by: netnotes\ndate: 2026-11-26\n---\n# Jane\n- ask about Rome\n"
    path = "NetNotes/Prep/2026-11-26 Jane.md"
    stamped = stamp(text, path)
    assert stamped == stamp(text, path) == stamp(stamped, path)
    assert stamped.startswith("---\ngenerated_by: netnotes\ngenerated_hash: ")
    assert stamped.replace(stamped.splitlines()[2] + "\n", "") == text
    assert unchanged(stamped.encode(), path)
    crlf = stamped.replace("\n", "\r\n").encode()
    assert unchanged(crlf, path)  # a sync tool's CRLF is no edit
    assert not unchanged(stamped.replace("Rome", "Roma").encode(), path)
    assert not unchanged(stamped.replace("2026-11-26", "2026-11-27").encode(), path)
    assert not unchanged(stamped.encode(), "NetNotes/Prep/2026-11-26 Jane 2.md")  # moved
    assert not unchanged(text.encode(), path)  # no hash: nothing proves it
    bare = "# no frontmatter\ngenerated_by: netnotes\n"
    assert stamp(bare, path) == bare


def test_a_hash_line_in_the_body_proves_nothing():
    text = "---\ngenerated_by: netnotes\n---\n# x\n"
    body_hash = stamp(text, "x.md").splitlines()[2]
    forged = f"---\ngenerated_by: netnotes\n---\n{body_hash}\n# x\n"
    assert not unchanged(forged.encode(), "x.md")


# --- old sheets ------------------------------------------------------------------------


@pytest.fixture
def old_vault(make_vault, run):
    """A vault with netnotes' own sheets of meetings 30, 20 and 14 days ago and
    each written by `prep` as of its own day."""
    root = make_vault(
        {"People/Ada Park.md": person("Ada Park", body="- Likes sailing #personal\n")}
    )
    for n in (30, 20, 14):
        assert run(root, "prep", "Ada Park", "--date", days_ago(n)).exit_code == 0
    return root


def sheet(root, n: int):
    return root / f"NetNotes/Prep/{days_ago(n)} Ada Park.md"


@pytest.mark.parametrize(
    "command",
    [["digest"], ["prep", "--upcoming"], ["digest", "--date", REAL_TODAY.isoformat()]],
)
def test_writers_remove_unchanged_sheets_of_meetings_more_than_14_days_past(
    old_vault, run, command
):
    assert all(sheet(old_vault, n).is_file() for n in (30, 20, 14))
    result = run(old_vault, *command)
    assert result.exit_code == 0, result.output
    assert not sheet(old_vault, 30).exists() and not sheet(old_vault, 20).exists()
    assert sheet(old_vault, 14).is_file()  # 14 days past is kept
    assert f"removed NetNotes/Prep/{days_ago(30)} Ada Park.md" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["digest", "--date", days_ago(-40)],  # a preview of another day
        ["prep", "--upcoming", "--date", days_ago(1)],
        ["digest", "--stdout"],
        ["prep", "Ada Park", "--stdout"],
        ["list"],
    ],
)
def test_previews_and_readers_never_delete(old_vault, run, command):
    assert run(old_vault, *command).exit_code == 0
    assert sheet(old_vault, 30).is_file() and sheet(old_vault, 20).is_file()


def test_an_edited_sheet_stays_and_check_names_it(old_vault, run):
    edited = sheet(old_vault, 30)
    edited.write_text(edited.read_text() + "- my notes from the lunch\n")
    run(old_vault, "digest")
    assert edited.is_file() and not sheet(old_vault, 20).exists()
    assert "my notes from the lunch" in edited.read_text()
    check = run(old_vault, "check")
    assert f"NetNotes/Prep/{days_ago(30)} Ada Park.md: warning: prep sheet of a meeting" in (
        check.stdout
    )
    assert "kept because it was changed after netnotes wrote it" in check.stdout


def test_files_without_the_mark_or_the_hash_are_never_removed(old_vault, run):
    prep = old_vault / "NetNotes/Prep"
    mine = prep / f"{days_ago(40)} my own notes.md"
    mine.write_text("# notes I keep here\n")
    unhashed = prep / f"{days_ago(40)} Old Sheet.md"  # from a netnotes before the hash
    unhashed.write_text("---\ngenerated_by: netnotes\ndate: 2026-01-01\n---\n# Old Sheet\n")
    run(old_vault, "digest")
    assert mine.read_text() == "# notes I keep here\n" and unhashed.is_file()
    check = run(old_vault, "check").stdout
    assert "Old Sheet.md: warning: prep sheet" in check and "my own notes" not in check


def test_keep_days_comes_from_the_config(old_vault, run):
    (old_vault / ".netnotes/config.toml").write_text("[prep]\nkeep_days = 25\n")
    run(old_vault, "digest")
    assert not sheet(old_vault, 30).exists() and sheet(old_vault, 20).is_file()

"""A vault shared through git: `init` keeps generated files out of it, `check`
says when git tracks them anyway, one machine may publish them on purpose,
and sync tools' conflict copies of generated files are cleaned away."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATE
from netnotes.gitsync import IGNORE_COMMENT
from netnotes.stamp import stamp

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
DIGEST = "NetNotes/Digest.md"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


# --- init and .gitignore -------------------------------------------------------


def test_init_makes_a_gitignore_that_keeps_generated_files_out(run, tmp_path):
    root = tmp_path / "Notes"
    result = run(None, "init", str(root))
    assert result.exit_code == 0 and "NetNotes/ (generated files stay out of git)" in result.stderr
    assert (root / ".gitignore").read_text() == f"{IGNORE_COMMENT}\n/NetNotes/*\n"
    again = run(None, "init", str(root))
    assert "nothing to create" in again.stdout and ".gitignore" not in again.stderr
    assert (root / ".gitignore").read_text() == f"{IGNORE_COMMENT}\n/NetNotes/*\n"


@pytest.mark.parametrize(
    ("before", "newline"),
    [
        (b"workspace.json\n.trash/\n", b"\n"),
        (b".obsidian/workspace*\r\n*.tmp\r\n", b"\r\n"),
        (b"# mine\n.DS_Store", b"\n"),  # no final newline
        (b"\xef\xbb\xbf.trash/\r\n!keep.md", b"\r\n"),  # a BOM, CRLF, no final newline
        (b"", b"\n"),
    ],
)
def test_init_on_an_older_vault_appends_and_keeps_every_byte_of_the_users_lines(
    run, make_vault, before, newline
):
    root = make_vault({".gitignore": before, "People/Ada.md": "---\nname: Ada\n---\n"})
    assert run(None, "init", str(root)).exit_code == 0
    after = (root / ".gitignore").read_bytes()
    assert after.startswith(before)
    added = after[len(before) :]
    ours = IGNORE_COMMENT.encode() + newline + b"/NetNotes/*" + newline
    assert added.endswith(ours) and added[: -len(ours)].strip() == b""
    if before and not before.endswith(b"\n"):
        assert added.startswith(newline)  # the user's last line is ended, not joined
    run(None, "init", str(root))
    assert (root / ".gitignore").read_bytes() == after


@pytest.mark.parametrize("line", ["NetNotes/", "/NetNotes", "/NetNotes/**", "NetNotes"])
def test_init_leaves_a_gitignore_that_already_ignores_the_folder_alone(run, make_vault, line):
    root = make_vault({".gitignore": f"*.tmp\n{line}\n"})
    run(None, "init", str(root))
    assert (root / ".gitignore").read_text() == f"*.tmp\n{line}\n"


@needs_git
def test_a_custom_output_folder_with_odd_characters_is_ignored_by_git(run, make_vault):
    root = make_vault({".netnotes/config.toml": 'output_dir = "Out [gen] #1"\n'})
    git(root, "init", "-q")
    run(None, "init", str(root))
    (root / "Out [gen] #1/Prep").mkdir(parents=True)
    (root / "Out [gen] #1/Prep/x.md").write_text("x")
    (root / "Out [gen] #1/Digest.md").write_text("x")
    (root / "People").mkdir(exist_ok=True)
    (root / "People/Ada.md").write_text("ada")
    status = git(root, "status", "--porcelain", "-uall")
    assert "People/Ada.md" in status and "Out" not in status


@needs_git
def test_a_digest_written_in_an_inited_git_vault_leaves_git_status_clean(run, example_vault):
    git(example_vault, "init", "-q")
    run(None, "init", str(example_vault))
    git(example_vault, "add", "-A")
    git(example_vault, "commit", "-qm", "notes")
    assert run(example_vault, "digest", "--date", EXAMPLE_DATE).exit_code == 0
    assert run(example_vault, "prep", "--upcoming", "--date", EXAMPLE_DATE).exit_code == 0
    assert (example_vault / DIGEST).is_file()
    assert git(example_vault, "status", "--porcelain", "-uall") == ""


# --- check: generated files tracked by git ---------------------------------------------


@needs_git
def test_check_warns_when_git_tracks_generated_files(run, example_vault):
    git(example_vault, "init", "-q")
    run(example_vault, "digest", "--date", EXAMPLE_DATE)
    git(example_vault, "add", "-A")  # no .gitignore yet: an older vault
    git(example_vault, "commit", "-qm", "everything")
    result = run(example_vault, "check")
    line = next(line for line in result.stdout.splitlines() if line.startswith(DIGEST))
    assert "warning: generated file is tracked by git" in line
    assert "git rm -r --cached NetNotes" in line
    git(example_vault, "rm", "-rq", "--cached", "NetNotes")
    git(example_vault, "commit", "-qm", "untrack")
    assert DIGEST not in run(example_vault, "check").stdout


def test_check_without_git_or_without_a_repository_says_nothing_of_git(
    run, example_vault, monkeypatch
):
    (example_vault / "NetNotes").mkdir()
    assert "tracked by git" not in run(example_vault, "check").stdout  # no .git
    (example_vault / ".git").mkdir()
    monkeypatch.setenv("PATH", "")  # a .git, but no git program
    result = run(example_vault, "check")
    assert "tracked by git" not in result.stdout and "Traceback" not in result.output


# --- publishing from one machine ---------------------------------------------------------


@needs_git
def test_one_machine_publishes_and_the_others_leave_the_folder_alone(
    run, example_vault, monkeypatch
):
    git(example_vault, "init", "-q")
    run(None, "init", str(example_vault))
    monkeypatch.setenv("NETNOTES_PUBLISH", "1")
    assert run(example_vault, "digest", "--date", EXAMPLE_DATE).exit_code == 0
    git(example_vault, "add", "-A")
    tracked = git(example_vault, "ls-files", "NetNotes")
    assert DIGEST in tracked and "NetNotes/.gitignore" in tracked
    assert "tracked by git" not in run(example_vault, "check").stdout
    before = (example_vault / DIGEST).read_bytes()

    monkeypatch.delenv("NETNOTES_PUBLISH")  # another machine, which got the folder by git
    result = run(example_vault, "digest", "--date", "2026-11-27")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "another machine publishes it" in result.stderr and "NETNOTES_PUBLISH=1" in result.stderr
    assert (example_vault / DIGEST).read_bytes() == before
    sheets = run(example_vault, "prep", "--upcoming", "--date", "2026-11-27")
    assert sheets.exit_code == 1 and sheets.stderr.count("another machine publishes it") == 1
    shown = run(example_vault, "digest", "--stdout", "--date", "2026-11-27")
    assert shown.exit_code == 0 and "2026-11-27" in shown.stdout
    assert "tracked by git" not in run(example_vault, "check").stdout


# --- sync tools' conflict copies -----------------------------------------------------------


def sheet(title: str, body: str = "", written_as: str | None = None) -> str:
    """A generated file; `written_as` (its path) stamps it as netnotes would."""
    text = f"---\ngenerated_by: netnotes\ndate: 2026-12-03\n---\n# {title}\n{body}"
    return stamp(text, written_as) if written_as else text


def test_conflict_copies_of_generated_files_go_on_the_next_write(run, example_vault):
    assert run(example_vault, "digest", "--date", EXAMPLE_DATE).exit_code == 0
    out = example_vault / "NetNotes"
    (out / "Prep").mkdir()
    copies = {
        "Digest.sync-conflict-20261124-101500-ABCDEFG.md": sheet("Digest for Tue"),
        "Digest (conflicted copy 2026-11-24).md": sheet("Digest for Tue"),
        "Digest (Jane's conflicted copy 2026-11-24).md": sheet("Digest for Tue"),
        "Digest 2.md": sheet("Digest for Tue"),
        "Prep/2026-12-03 Jane Doe 2.md": sheet(
            "Jane Doe", "as of yesterday\n", written_as="NetNotes/Prep/2026-12-03 Jane Doe.md"
        ),
        "Prep/2026-12-03 Jane Doe.sync-conflict-20261124-101500-ABCDEFG.md": sheet("Jane Doe"),
    }
    kept = {
        "Digest 3 mine.md": sheet("x"),
        "Digest (conflicted copy 2026-11-25).md.bak": sheet("x"),
        # A real title ending in a number, beside another sheet:
        "Prep/2026-12-03 Agent 2.md": sheet(
            "Agent 2", written_as="NetNotes/Prep/2026-12-03 Agent 2.md"
        ),
        "Prep/2026-12-03 Agent.md": sheet("Agent", written_as="NetNotes/Prep/2026-12-03 Agent.md"),
        "Prep/2026-12-03 Jane Doe 4.md": sheet("Jane Doe", "unproven: no hash\n"),
        "Prep/2026-12-03 Jane Doe 3.md": "my own copy, no mark\n",
    }
    for name, text in {**copies, **kept}.items():
        (out / name).write_text(text)
    result = run(example_vault, "prep", "--upcoming", "--date", EXAMPLE_DATE)
    assert result.exit_code == 0
    for name in copies:
        assert not (out / name).exists(), name
        assert f"removed NetNotes/{name}" in result.stderr
    for name, text in kept.items():
        assert (out / name).read_text() == text, name


def test_conflict_copies_of_notes_are_reported_and_never_removed(run, example_vault):
    jane = (example_vault / "People/Jane Doe.md").read_text()
    (example_vault / "People/Jane Doe 2.md").write_text(jane)
    (example_vault / "People/Jane Doe (conflicted copy 2026-11-24).md").write_text(jane)
    syncthing = "People/Jane Doe.sync-conflict-20261124-101500-ABCDEFG.md"
    (example_vault / syncthing).write_text(jane)
    run(example_vault, "digest", "--date", EXAMPLE_DATE)
    check = run(example_vault, "check").stdout
    assert "People/Jane Doe 2.md: warning: looks like a sync-conflict copy" in check
    assert "People/Jane Doe (conflicted copy 2026-11-24).md: warning: looks like" in check
    assert f"{syncthing}: warning: looks like a sync-conflict copy of 'Jane Doe'" in check
    assert (example_vault / "People/Jane Doe 2.md").read_text() == jane
    assert (example_vault / syncthing).read_text() == jane


def test_a_conflicted_note_says_nothing_needs_running_after_it_is_resolved(run, example_vault):
    raj = example_vault / "People/Raj Patel.md"
    raj.write_text(raj.read_text() + "<<<<<<< HEAD\n- mine\n=======\n- theirs\n>>>>>>> abc\n")
    line = next(line for line in run(example_vault, "check").stdout.splitlines() if "Raj" in line)
    assert "unresolved git conflict" in line
    assert "nothing to run" in line and "`watch` or the next command" in line


def test_the_publish_opt_in_may_list_the_vault_in_the_users_config_folder(
    run, example_vault, private_cache
):
    listing = private_cache / "config/netnotes/publish"
    listing.parent.mkdir(parents=True)
    listing.write_text(f"# vaults this machine publishes\n{example_vault}/\n")
    run(example_vault, "digest", "--date", EXAMPLE_DATE)
    assert "!*" in (example_vault / "NetNotes/.gitignore").read_text()
    listing.write_text("/somewhere/else\n")
    refused = run(example_vault, "digest", "--date", "2026-11-27")
    assert refused.exit_code == 1 and "another machine publishes it" in refused.stderr

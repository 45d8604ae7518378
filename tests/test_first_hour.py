"""What a newcomer meets in the first hour: init that finds the contacts folder,
shell completion, list's sort and status, log without an editor, and watch
lines that say what happened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, person
from netnotes.cli import main


def listed(run, root: Path, *args: str) -> list[dict]:
    result = run(root, "list", "--format", "json", "--date", "2026-11-26", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- init ------------------------------------------------------------------


def test_init_adopts_a_contacts_folder_and_says_so(run, tmp_path):
    root = tmp_path / "Vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Contacts").mkdir()
    (root / "Contacts/Ada Lovelace.md").write_text("Met at the salon.\n")
    result = run(None, "init", str(root))
    assert result.exit_code == 0
    assert not (root / "People").exists()
    assert 'people_dir = "Contacts"' in (root / ".netnotes/config.toml").read_text()
    assert "contacts: Contacts/ (found in the vault" in result.stderr
    assert "people_dir" in result.stderr
    assert [c["name"] for c in listed(run, root)] == ["Ada Lovelace"]


def test_init_on_a_configured_vault_names_the_folder_the_config_gives(run, tmp_path):
    root = tmp_path / "Vault"
    (root / ".netnotes").mkdir(parents=True)
    (root / ".netnotes/config.toml").write_text('people_dir = "Folks"\n')
    result = run(None, "init", str(root))
    assert "contacts: Folks/ (as .netnotes/config.toml says" in result.stderr


def test_init_of_a_new_folder_says_contacts_go_to_people_by_default(run, tmp_path):
    result = run(None, "init", str(tmp_path / "Notes"))
    assert "contacts: People/ (the default" in result.stderr
    assert "vault ready at" in result.stdout


# --- completion ------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_for_each_shell(run, shell):
    result = run(None, "completion", shell)
    assert result.exit_code == 0
    assert "_NETNOTES_COMPLETE" in result.stdout


def test_completion_of_an_unknown_shell_is_a_usage_error(run):
    assert run(None, "completion", "tcsh").exit_code == 2


def test_contact_names_complete_for_the_commands_that_take_one(make_vault, tmp_path):
    root = make_vault(
        {
            "People/Ada Lovelace.md": person("Ada Lovelace", "aliases: [Countess]\n"),
            "People/Alan Turing.md": person("Alan Turing"),
            "People/Grace Hopper.md": person("Grace Hopper"),
        }
    )
    env = {
        **os.environ,
        "_NETNOTES_COMPLETE": "bash_complete",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    for command in ("prep", "show", "log", "done"):
        words = f"netnotes --vault {root} {command} a"
        completed = subprocess.run(
            [str(Path(sys.executable).parent / "netnotes")],  # the installed command
            env={**env, "COMP_WORDS": words, "COMP_CWORD": "4"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.stdout.splitlines() == ["plain,Ada Lovelace", "plain,Alan Turing"], (
            command,
            completed.stderr,
        )


# --- list --sort and status ------------------------------------------------


def _list_vault(make_vault):
    return make_vault(
        {
            "People/Ada.md": person("Ada", "ladder: peer\n", "### 2026-10-01 — Coffee\n"),
            "People/Bea.md": person("Bea", "ladder: above\n", "### 2026-06-01 — Lunch\n"),
            "People/Cy.md": person("Cy", "ladder: below\nstatus: paused\n"),
            "People/Di.md": person("Di", "snooze: 2027-01-15\n", "### 2026-09-01 — Call\n"),
            "People/Ed.md": person("Ed", "status: archived\n", "### 2020-01-01 — Coffee\n"),
        }
    )


def test_list_sorts_by_due_last_ladder_and_name(run, make_vault):
    root = _list_vault(make_vault)
    assert [c["name"] for c in listed(run, root)] == ["Ada", "Bea", "Cy", "Di"]
    by_due = [c["name"] for c in listed(run, root, "--sort", "due")]
    assert by_due == ["Bea", "Ada", "Di", "Cy"]  # Jul 31, Dec 30, Jan 15 (snoozed); never
    by_last = [c["name"] for c in listed(run, root, "--sort", "last")]
    assert by_last == ["Bea", "Di", "Ada", "Cy"]  # longest since the last touch first
    by_rung = [c["name"] for c in listed(run, root, "--sort", "ladder")]
    assert by_rung == ["Bea", "Ada", "Cy", "Di"]  # above, peer, below, unplaced


def test_list_shows_paused_and_snoozed_and_archived_only_with_all(run, make_vault):
    root = _list_vault(make_vault)
    result = run(root, "list", "--date", "2026-11-26")
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert "STATUS" in result.stdout.splitlines()[0]
    assert lines["Cy"].endswith("paused")
    assert lines["Di"].endswith("snoozed until 2027-01-15")
    assert lines["Ada"].endswith("2026-12-30")  # active: no status
    assert "Ed" not in lines
    everyone = run(root, "list", "--all", "--date", "2026-11-26").stdout
    assert any(
        line.startswith("Ed") and line.endswith("archived") for line in everyone.splitlines()
    )
    assert [c["snooze"] for c in listed(run, root) if c["name"] == "Di"] == ["2027-01-15"]


# --- log without -m and without a terminal -----------------------------------


def test_log_without_message_or_terminal_asks_for_m_instead_of_starting_an_editor(
    make_vault, monkeypatch
):
    from click.testing import CliRunner

    root = make_vault({"People/Ada.md": person("Ada")})
    before = (root / "People/Ada.md").read_bytes()
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    result = CliRunner().invoke(main, ["--vault", str(root), "log", "Ada", "-t", "Coffee"])
    assert result.exit_code == 2
    assert "no editor available" in result.stderr and "-m" in result.stderr
    assert result.stderr.count("\n") == 1
    assert (root / "People/Ada.md").read_bytes() == before


# --- import ics with an option before `ics` ------------------------------------


def test_import_with_an_option_before_ics_says_where_the_options_go(run, make_vault):
    root = make_vault({"People/Ada.md": person("Ada")})
    calendar = REPO / "tests/fixtures/ics/calendar.ics"
    result = run(root, "import", "--apply", "ics", str(calendar))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "netnotes import ics FILE [--apply" in result.stderr
    assert not (root / "Meetings").exists()
    assert (root / "People/Ada.md").read_text() == person("Ada")


def test_completion_offers_ics_after_import(make_vault, tmp_path):
    root = make_vault({})
    completed = subprocess.run(
        [str(Path(sys.executable).parent / "netnotes")],
        env={
            **os.environ,
            "_NETNOTES_COMPLETE": "bash_complete",
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "COMP_WORDS": f"netnotes --vault {root} import i",
            "COMP_CWORD": "4",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.stdout.splitlines() == ["plain,ics"], completed.stderr

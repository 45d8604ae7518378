"""The folder rules, the config, and date arithmetic."""

import calendar
import os
import re
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netnotes.config import SETTINGS, Config, config_toml, find_vault, load_config
from netnotes.dates import (
    MONTHS,
    Birthday,
    add_months,
    day_pattern,
    moment_pattern,
    month_pattern,
    parse_birthday,
    parse_cadence,
    parse_date,
)
from netnotes.errors import ConfigError, VaultNotFoundError
from netnotes.naming import safe_filename
from netnotes.vault import Vault, atomic_write


def walk(root: Path, config: Config | None = None):
    notes, problems, stale = Vault(root, config or load_config(root)).walk()
    return [n.path for n in notes], problems, stale


# --- the folder ----------------------------------------------------------


def test_the_walk_skips_hidden_output_templates_and_non_markdown(make_vault):
    root = make_vault(
        {
            "People/Ada.md": "x",
            "People/Ada.md~": "backup",
            "People/.Ada.md.swp": "swap",
            ".obsidian/workspace.md": "x",
            ".obsidian-work/x.md": "x",
            ".trash/Old.md": "x",
            ".git/x.md": "x",
            "NetNotes/Digest.md": "generated",
            "Templates/Person.md": "x",
            "notes.txt": "x",
            "conflict-files-obsidian-git.md": "x",
            "Inbox.md": "x",
        }
    )
    assert walk(root)[0] == ["Inbox.md", "People/Ada.md"]


def test_the_templates_folder_comes_from_obsidians_settings(make_vault):
    root = make_vault(
        {
            ".obsidian/templates.json": '{"folder": "Meta/Templates"}',
            "Meta/Templates/Person.md": "x",
            "Templates/Real note.md": "x",
        }
    )
    assert walk(root)[0] == ["Templates/Real note.md"]


def test_symlinks_out_of_the_vault_are_reported_and_not_followed(make_vault, tmp_path):
    root = make_vault({"People/Ada.md": "x"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Secret.md").write_text("x")
    os.symlink(outside / "Secret.md", root / "People/Link.md")
    os.symlink(outside, root / "Elsewhere")
    os.symlink(root / "People/Ada.md", root / "People/Alias.md")
    os.symlink(root / "People", root / "People/loop")
    notes, problems, _ = walk(root)
    assert notes == ["People/Ada.md"]
    assert sorted((p.path, p.problem) for p in problems) == [
        ("Elsewhere", "symlink leads outside the vault; not read"),
        ("People/Link.md", "symlink leads outside the vault; not read"),
    ]


def test_a_file_name_that_is_not_utf8_is_reported_and_skipped(make_vault):
    root = make_vault({"People/Ada.md": "x"})
    with open(os.path.join(os.fsencode(root / "People"), b"caf\xe9.md"), "wb") as handle:
        handle.write(b"x")
    notes, problems, _ = walk(root)
    assert notes == ["People/Ada.md"]
    (problem,) = problems
    assert problem.path == "People/caf\\xe9.md" and "not valid UTF-8" in problem.problem


def test_leftover_temp_files_of_a_killed_write_are_found_and_old_ones_removed(make_vault):
    root = make_vault({"People/Ada.md": "x", "People/.netnotes-abc.tmp": "half"})
    vault = Vault(root, load_config(root))
    _, _, stale = vault.walk()
    assert stale == ["People/.netnotes-abc.tmp"]
    os.utime(root / "People/.netnotes-abc.tmp", (0, 0))
    vault.remove_stale_temps(stale)
    assert not (root / "People/.netnotes-abc.tmp").exists()


def test_atomic_write_keeps_the_mode_and_refuses_when_the_file_changed(tmp_path):
    from netnotes.errors import WriteRefusedError

    path = tmp_path / "note.md"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write(path, b"new", expected=b"old")
    assert path.read_bytes() == b"new" and (path.stat().st_mode & 0o777) == 0o640
    with pytest.raises(WriteRefusedError, match="changed while netnotes was writing"):
        atomic_write(path, b"newer", expected=b"old")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["note.md"]  # no temp file left behind


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "etc passwd"),
        ("/abs/evil", "abs evil"),
        ("CON", "CON (name)"),
        ("Ada.", "Ada"),
        ("A:B|C#D^E", "A B C D E"),
        ("Zoe\u0308 A\u030angstro\u0308m", "Zoë Ångström"),
        ("  .hidden  ", "hidden"),
    ],
)
def test_file_names_made_from_names_are_safe(name, safe):
    assert safe_filename(name) == safe


def test_names_with_nothing_usable_are_refused_and_long_ones_capped():
    for bad in ("", "...", "///", "😀"):
        with pytest.raises(ValueError):
            safe_filename(bad)
    assert len(safe_filename("é" * 300).encode()) <= 240


# --- config --------------------------------------------------------------


def test_vault_discovery_order(tmp_path):
    explicit, env_vault, walked = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder in (explicit, env_vault, walked / ".obsidian", walked / "sub"):
        folder.mkdir(parents=True)
    env = {"NETNOTES_VAULT": str(env_vault)}
    assert find_vault(str(explicit), env, walked / "sub") == explicit.resolve()
    assert find_vault(None, env, walked / "sub") == env_vault.resolve()
    assert find_vault(None, {}, walked / "sub") == walked.resolve()
    with pytest.raises(VaultNotFoundError, match="netnotes init"):
        find_vault(None, {}, tmp_path)
    with pytest.raises(VaultNotFoundError, match="not a folder"):
        find_vault(str(tmp_path / "missing"), {}, tmp_path)


def test_the_generated_config_lists_every_key_and_reads_back_as_the_defaults(tmp_path):
    text = config_toml()
    for setting in SETTINGS:
        assert setting.key.rsplit(".", 1)[-1] in text and setting.help in text
    (tmp_path / ".netnotes").mkdir()
    (tmp_path / ".netnotes/config.toml").write_text(text)
    assert load_config(tmp_path) == load_config(tmp_path / "nowhere")


def test_config_takes_each_default_and_type_from_its_setting():
    """SETTINGS is the one list of defaults: Config's fields follow it, and
    every default passes its own setting's check unchanged."""
    config, declared = Config(), {field.name: field.type for field in fields(Config)}
    for setting in SETTINGS:
        attribute = setting.key.replace(".", "_")
        assert declared[attribute] == setting.type.__name__, setting.key
        assert getattr(config, attribute) == setting.default, setting.key
        assert isinstance(setting.default, setting.type), setting.key
        assert setting.check(setting.key, setting.default) == setting.default, setting.key


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("nope = 1", "unknown key 'nope'"),
        ('[digest]\nhorizon_days = "soon"', "'digest.horizon_days' must be a whole number"),
        ('[cadence]\npeer = "often"', "'cadence.peer': not a cadence"),
        ('people_dir = "../outside"', "'people_dir' must be a folder inside the vault"),
        ("people_dir = [", "not valid TOML"),
        ('output_dir = ""', "'output_dir' must name a folder"),
        ('output_dir = "."', "'output_dir' must name a folder"),
        ('output_dir = " / "', "'output_dir' must name a folder, such as \"NetNotes\""),
        ('meetings_dir = "/abs"', "'meetings_dir' must be a folder inside the vault"),
        ('templates_dir = "a/../b"', "'templates_dir' must be a folder inside the vault"),
        ("people_dir = 3", "'people_dir' must be a string, not 3"),
        ('index_path = "a\\u007fb"', "'index_path' holds a control character: 'a\\x7fb'"),
        ('default_cadence = "often"', "'default_cadence': not a cadence: 'often' (use 14d"),
        ('[meet_every]\nunplaced = "x"', "'meet_every.unplaced': not a cadence"),
        ("[digest]\nhorizon_days = 36501", "'digest.horizon_days' must be at most 36500 days"),
        ("[digest]\npicks = true", "'digest.picks' must be a whole number, not True"),
        ("[prep]\nrecent = -1", "'prep.recent' must be a whole number, not -1"),
        ("[prep]\nkeep_days = 1.5", "'prep.keep_days' must be a whole number, not 1.5"),
    ],
)
def test_bad_config_names_the_file_and_the_key(tmp_path, toml, message):
    (tmp_path / ".netnotes").mkdir()
    (tmp_path / ".netnotes/config.toml").write_text(toml)
    with pytest.raises(ConfigError, match="config.toml") as err:
        load_config(tmp_path)
    assert message in str(err.value)


# --- dates ---------------------------------------------------------------


def test_cadence_forms_and_their_arithmetic():
    start = date(2026, 1, 31)
    expected = {
        "14d": date(2026, 2, 14),
        "6w": date(2026, 3, 14),
        "1m": date(2026, 2, 28),
        "3m": date(2026, 4, 30),
        "1y": date(2027, 1, 31),
        "weekly": date(2026, 2, 7),
        "monthly": date(2026, 2, 28),
        "quarterly": date(2026, 4, 30),
        "yearly": date(2027, 1, 31),
    }
    for text, due in expected.items():
        assert parse_cadence(text).after(start) == due, text
    assert [parse_cadence(t).nominal_days for t in ("14d", "6w", "3m", "1y")] == [14, 42, 90, 365]
    assert parse_cadence("none").never and parse_cadence("none").nominal_days is None
    with pytest.raises(ValueError, match="not a cadence"):
        parse_cadence("often")


def test_month_arithmetic_clamps_to_the_end_of_the_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 12, 15), 2) == date(2027, 2, 15)
    assert add_months(date(2100, 1, 29), 1) == date(2100, 2, 28)  # no leap day in 2100
    assert add_months(date(2000, 3, 31), -1) == date(2000, 2, 29)


@given(st.dates(), st.integers(min_value=-2400, max_value=2400))
def test_month_arithmetic_is_the_calendar_s(start, months):
    """add_months clamps with its own month lengths: calendar.monthrange's."""
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        return
    last = calendar.monthrange(year, month + 1)[1]
    assert add_months(start, months) == date(year, month + 1, min(start.day, last))


def test_birthdays_with_and_without_a_year_and_on_feb_29():
    assert parse_birthday("07-14") == Birthday(7, 14)
    assert parse_birthday("--0704") == Birthday(7, 4)
    assert parse_birthday(date(1980, 7, 14)) == Birthday(7, 14, 1980)
    leap = parse_birthday("2000-02-29")
    assert leap.next_on_or_after(date(2027, 2, 27)) == date(2027, 2, 28)
    assert leap.age_on(date(2027, 2, 28)) == 27
    assert leap.next_on_or_after(date(2028, 2, 27)) == date(2028, 2, 29)
    assert parse_birthday("12-05").next_on_or_after(date(2026, 12, 6)) == date(2027, 12, 5)
    with pytest.raises(ValueError, match="impossible"):
        parse_birthday("02-30")


def test_dates_in_every_form_obsidian_writes():
    for text in ("2026-06-29", "2026-06-29T10:30", "2026-06-29 10:30", "2026-06-29T00:00:00.000Z"):
        assert parse_date(text) == date(2026, 6, 29)
    with pytest.raises(ValueError, match="impossible date"):
        parse_date("2026-02-30")


def test_moment_formats_for_daily_notes():
    assert moment_pattern("YYYY-MM-DD").fullmatch("2026-03-12")
    assert moment_pattern("[Journal] dddd, MMMM Do YYYY").fullmatch(
        "Journal Thursday, March 12th 2026"
    )
    assert not moment_pattern("YYYY-MM-DD").fullmatch("2026-03-12 Lunch")


def test_a_git_operation_is_seen_in_the_repository_above_the_vault_and_in_a_worktree(tmp_path):
    repo = tmp_path / "repo"
    vault_root = repo / "notes" / "vault"
    vault_root.mkdir(parents=True)
    (repo / ".git").mkdir()
    vault = Vault(vault_root, load_config(vault_root))
    assert vault.git_operation() is None
    (repo / ".git/MERGE_HEAD").write_text("abc")
    assert vault.git_operation() == f"{repo / '.git/MERGE_HEAD'} exists"
    worktree = tmp_path / "wt"
    worktree.mkdir()
    (worktree / ".git").write_text(f"gitdir: {repo / '.git/worktrees/wt'}\n")
    (repo / ".git/worktrees/wt").mkdir(parents=True)
    (repo / ".git/worktrees/wt/index.lock").write_text("")
    assert "index.lock exists" in Vault(worktree, load_config(worktree)).git_operation()


def test_one_month_and_day_pattern_reads_every_month_name_any_case():
    """Headings (dateish.py) and quick touches (quicktouch.py) read "Sept. 3rd"
    by the same two fragments."""
    both = re.compile(month_pattern("m") + r"\s+" + day_pattern("d"))
    for name, number in MONTHS.items():
        found = both.fullmatch(f"{name.upper()}. 3rd")
        assert found and MONTHS[found["m"].lower()] == number and found["d"] == "3"
    assert re.fullmatch(month_pattern(), "Mayo") is None
    assert re.fullmatch(day_pattern(), "21st")


def test_values_are_compared_hashed_and_shown_by_their_fields():
    """The index's values and the dates' (named tuples or dataclasses, as is
    cheaper to make): equal and hashed alike when their fields are, told
    apart when one differs, and shown as they always were (the type checker
    holds them read-only)."""
    from netnotes.digest_rows import DigestSection
    from netnotes.models import Hidden, Meeting, OwnedItem, OwnedMention, ParseContext, Touch

    day = date(2026, 3, 14)
    made = [
        lambda name: Touch(name, "Meetings/x.md", 3, 4, day, "Lunch", None, True, "meeting"),
        lambda name: OwnedItem(
            name, "x.md", 1, "task", "t", day, True, False, None, False, False, True
        ),
        lambda name: OwnedMention(name, "x.md", 1, day, "text"),
        lambda name: Meeting(name, "Lunch", day, None, ("People/Ada.md",)),
        lambda name: Hidden(len(name), 9, "comment"),
        lambda name: ParseContext(name),
        lambda name: DigestSection((name,), 0),
        lambda name: parse_cadence(f"{len(name)}w"),
        lambda name: Birthday(3, len(name)),
    ]
    for make in made:
        one, same, other = make("People/Ada.md"), make("People/Ada.md"), make("People/Bo.md")
        assert one == same and hash(one) == hash(same) and one != other
    assert (
        str(parse_cadence("2w")) == "2w"
        and repr(parse_cadence("2w")) == "Cadence(amount=2, unit='w')"
    )
    assert str(Birthday(3, 14)) == "03-14" and str(Birthday(3, 14, 1990)) == "1990-03-14"
    assert repr(Hidden(1, 2, "code")) == "Hidden(line=1, end_line=2, what='code', closed=True)"

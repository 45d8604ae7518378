"""The first commands, driven through the real CLI on temp vaults:
init, index, check, list, show, search; vault discovery and exit codes."""

import json
from pathlib import Path

from conftest import EXAMPLE_DATE

ADA = "---\nname: Ada Lovelace\naliases: [Ada]\nladder: peer\ncompany: Analytical\n---\n## Log\n### 2026-01-10 — Coffee\n- hi\n"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


# --- finding the vault -----------------------------------------------------


def test_no_vault_is_one_line_that_says_to_run_init(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(None, "list")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "netnotes init" in result.stderr
    assert "Traceback" not in result.output


def test_the_vault_is_found_by_walking_up_to_obsidian_or_netnotes(run, make_vault, monkeypatch):
    root = make_vault({"People/Ada.md": ADA})
    (root / "People" / "deep").mkdir()
    monkeypatch.chdir(root / "People" / "deep")
    assert "Ada Lovelace" in run(None, "list").stdout


def test_netnotes_vault_variable_is_used_when_no_option(run, make_vault, monkeypatch, tmp_path):
    root = make_vault({"People/Ada.md": ADA})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NETNOTES_VAULT", str(root))
    assert "Ada Lovelace" in run(None, "list").stdout


def test_a_bad_config_key_names_the_file_and_the_key(run, make_vault):
    root = make_vault({"People/Ada.md": ADA, ".netnotes/config.toml": 'people_dirr = "X"\n'})
    result = run(root, "list")
    assert result.exit_code == 2
    assert ".netnotes/config.toml" in result.stderr and "people_dirr" in result.stderr
    assert "Traceback" not in result.output


def test_the_config_moves_the_people_folder(run, make_vault):
    root = make_vault(
        {
            "Contacts/Ada.md": "x",
            "People/Bob.md": "y",
            ".netnotes/config.toml": 'people_dir = "Contacts"\n',
        }
    )
    names = [row["name"] for row in json.loads(run(root, "list", "--format", "json").stdout)]
    assert names == ["Ada"]


# --- init ------------------------------------------------------------------


def test_init_makes_a_vault_every_command_can_use(run, tmp_path):
    target = tmp_path / "Notes"
    result = run(None, "init", str(target))
    assert result.exit_code == 0
    assert (target / ".netnotes/config.toml").is_file() and (
        target / ".netnotes/.gitignore"
    ).is_file()
    assert (target / "People").is_dir() and (target / "Meetings").is_dir()
    config = (target / ".netnotes/config.toml").read_text()
    for key in ("people_dir", "output_dir", "default_cadence", "horizon_days", "max_rows", "above"):
        assert key in config
    assert run(target, "list").exit_code == 0


def test_init_never_overwrites_and_adopts_an_obsidian_vault(run, tmp_path):
    target = tmp_path / "Vault"
    (target / ".obsidian").mkdir(parents=True)
    (target / ".netnotes").mkdir()
    (target / ".netnotes/config.toml").write_text('people_dir = "Folks"\n')
    (target / "Meetings").mkdir()
    (target / "Meetings/keep.md").write_text("mine")
    result = run(None, "init", str(target))
    assert result.exit_code == 0 and "adopted" in result.stdout
    assert (target / ".netnotes/config.toml").read_text() == 'people_dir = "Folks"\n'
    assert (target / "Meetings/keep.md").read_text() == "mine"
    assert (target / "Folks").is_dir() and not (target / "People").exists()


# --- index and check -------------------------------------------------------


def test_index_summarises_and_lists_failures_as_path_line_problem(run, make_vault):
    root = make_vault(
        {"People/Ada.md": ADA, "People/Bad.md": "---\nname: Bad\nmet: 2024-02-30\n---\n"}
    )
    first = run(root, "index")
    assert first.exit_code == 0
    assert first.stdout.splitlines() == [
        "2 added, 0 changed, 0 removed, 0 unchanged, 1 failed",
        "People/Bad.md:3: error: met: impossible date: 2024-02-30",
    ]
    assert run(root, "index").stdout.startswith(
        "0 added, 0 changed, 0 removed, 2 unchanged, 1 failed"
    )
    assert run(root, "index", "--strict").exit_code == 1
    (root / "People/Worse.md").write_text("---\nmet: 2024-02-30\nsnooze: 2024-02-31\n---\n")
    summary = run(root, "index").stdout.splitlines()
    assert (
        summary[0] == "1 added, 0 changed, 0 removed, 2 unchanged, 2 failed"
    )  # notes, not problems
    assert len(summary) == 4  # each problem on its own line
    assert run(root, "index", "--full").stdout.startswith("3 added")


def test_check_reports_errors_and_warnings_with_exit_codes(run, make_vault):
    clean = make_vault({"People/Ada.md": ADA}, name="clean")
    assert run(clean, "check").exit_code == 0
    warned = make_vault({"People/Ada.md": ADA + "- ask [[Nobody]]\n"}, name="warned")
    assert run(warned, "check").exit_code == 0
    assert run(warned, "check", "--strict").exit_code == 1
    broken = make_vault(
        {"People/Ada.md": ADA, "People/X.md": "<<<<<<< HEAD\na\n=======\nb\n>>>>>>> 1a2b\n"},
        name="broken",
    )
    result = run(broken, "check", "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)
    assert set(problem) == {"path", "line", "severity", "problem", "detail"}
    assert (problem["path"], problem["line"], problem["severity"]) == ("People/X.md", 1, "error")
    assert "conflict" in problem["problem"]


# --- list and show ---------------------------------------------------------


def test_list_json_has_the_documented_keys_sorted_by_name(run, example_vault):
    rows = json.loads(run(example_vault, "list", "--format", "json", "--date", EXAMPLE_DATE).stdout)
    assert set(rows[0]) == {
        "name",
        "path",
        "ladder",
        "company",
        "role",
        "tags",
        "status",
        "snooze",
        "cadence",
        "cadence_days",
        "last_touch",
        "last_in_person",
        "due",
        "meet_every",
        "meet_due",
    }
    names = [r["name"] for r in rows]
    assert names == sorted(names, key=str.casefold)
    raj = next(r for r in rows if r["name"] == "Raj Patel")
    assert (raj["last_touch"], raj["last_in_person"], raj["cadence_days"], raj["due"]) == (
        "2026-05-12",
        "2025-09-10",
        60,
        "2026-07-11",
    )
    priya = next(r for r in rows if r["name"] == "Priya Nair")
    assert (priya["last_touch"], priya["due"]) == (None, None)


def test_list_filters_by_tag_and_ladder(run, example_vault):
    def names(*args):
        return [
            r["name"]
            for r in json.loads(run(example_vault, "list", "--format", "json", *args).stdout)
        ]

    assert names("--ladder", "above") == ["Daniel Okafor", "Jane Doe", "Priya Nair", "Raj Patel"]
    assert names("--tag", "#FinTech") == ["Jane Doe", "Priya Nair", "Raj Patel"]


def test_list_narrows_by_the_digest_scope_whatever_the_filters(run, example_vault):
    """`list --tag/--ladder/--group` admits exactly whom the digest's Scope
    admits (archived contacts aside): one rule for both. The people are
    named, not read back from Scope (which list itself calls): an unplaced
    fintech member of the group, a member only by coming to its breakfast,
    and an archived member, so each filter has someone to keep out."""
    group = "Downtown Business Network"
    people = example_vault / "People"
    (people / "Nina Park.md").write_text(
        '---\ntags: [FinTech]\ngroups: ["[[Downtown Business Network]]"]\n---\n'
    )
    (people / "Omar Haddad.md").write_text("---\nladder: peer\ntags: [fintech]\n---\n")
    emma = people / "Emma Schmidt.md"
    emma.write_text(
        emma.read_text().replace("---\n", '---\ngroups: ["[[Downtown Business Network]]"]\n', 1)
    )
    breakfast = example_vault / "Meetings/2026-11-05 Downtown Business Network breakfast.md"
    breakfast.write_text(
        breakfast.read_text().replace(
            '  - "[[Chen Wei]]"\n', '  - "[[Chen Wei]]"\n  - "[[Omar Haddad]]"\n'
        )
    )
    members = ["Chen Wei", "Jane Doe", "Maria Gonzalez", "Nina Park", "Omar Haddad", "Zoë Ångström"]
    cases = [
        (("--tag", "fintech"), ["Jane Doe", "Nina Park", "Omar Haddad"]),
        (("--tag", "FinTech", "--ladder", "above"), ["Jane Doe"]),
        (("--ladder", "unplaced"), ["Nina Park"]),
        (("--ladder", "peer"), ["Chen Wei", "Maria Gonzalez", "Omar Haddad", "Zoë Ångström"]),
        ((), members),
    ]
    for args, expected in cases:
        listed = run(
            example_vault,
            "list",
            *args,
            "--group",
            group,
            "--format",
            "json",
            "--date",
            EXAMPLE_DATE,
        )
        assert listed.exit_code == 0, listed.stderr
        assert sorted(r["name"] for r in json.loads(listed.stdout)) == expected, args


def test_list_table_is_readable(run, example_vault):
    lines = run(example_vault, "list", "--date", EXAMPLE_DATE).stdout.splitlines()
    assert lines[0].split() == [
        "NAME",
        "LADDER",
        "COMPANY",
        "LAST",
        "TOUCH",
        "IN",
        "PERSON",
        "CADENCE",
        "DUE",
        "STATUS",
    ]
    assert any(line.startswith("Jane Doe") and "2026-12-01" in line for line in lines)


def test_show_finds_a_contact_by_alias_without_accents(run, example_vault):
    result = run(example_vault, "show", "zoe", "--format", "json", "--date", EXAMPLE_DATE)
    shown = json.loads(result.stdout)
    assert shown["name"] == "Zoë Ångström" and shown["aliases"] == ["Zoe"]
    assert {"aliases", "details", "interactions", "open_tasks", "planned"} <= set(shown)
    assert shown["interactions"][1]["title"] == "Downtown Business Network breakfast"


def test_show_lists_a_planned_meeting_and_keeps_values_as_written(run, example_vault):
    jane = json.loads(
        run(example_vault, "show", "Jane Doe", "--format", "json", "--date", EXAMPLE_DATE).stdout
    )
    assert jane["planned"] == "2026-12-03"
    assert jane["last_touch"] == "2026-10-02"  # the planned lunch is not a touch
    daniel = json.loads(run(example_vault, "show", "daniel okafor", "--format", "json").stdout)
    assert daniel["details"]["zip"] == "01234" and daniel["details"]["phone"] == "+15555550142"


def test_a_first_name_alone_finds_the_one_person_it_belongs_to(run, example_vault):
    shown = json.loads(run(example_vault, "show", "aisha", "--format", "json").stdout)
    assert shown["name"] == "Aisha Khan"
    (example_vault / "People/Aisha Rahman.md").write_text("x")
    assert run(example_vault, "show", "aisha").exit_code == 2


def test_unknown_and_ambiguous_names_exit_2_with_closest_matches(run, example_vault):
    unknown = run(example_vault, "show", "Jane Do")
    assert unknown.exit_code == 2 and "Jane Doe" in unknown.stderr
    (example_vault / "People/Jane Smith.md").write_text("---\naliases: [Jane]\n---\n")
    ambiguous = run(example_vault, "show", "jane")
    assert ambiguous.exit_code == 2
    assert "People/Jane Doe.md" in ambiguous.stderr and "People/Jane Smith.md" in ambiguous.stderr


# --- search ----------------------------------------------------------------


def test_search_json_gives_name_path_line_date_snippet(run, example_vault):
    hits = json.loads(run(example_vault, "search", "triathlon", "--format", "json").stdout)
    assert hits == [
        {
            "name": None,
            "path": "Daily/2026-11-20.md",
            "line": 3,
            "date": "2026-11-20",
            "snippet": "- Lunch with [[Chen Wei]] at Nopa; he is training for his first triathlon #personal",
        }
    ]
    (jane,) = json.loads(run(example_vault, "search", "Tufts", "--format", "json").stdout)
    assert (jane["name"], jane["date"], jane["line"]) == ("Jane Doe", "2026-10-02", 28)


def test_search_text_output_and_bad_query(run, example_vault):
    assert run(example_vault, "search", "marathon").stdout.startswith(
        "People/Jane Doe.md:29: [2026-10-02] Jane Doe: - Finished the Chicago marathon"
    )
    bad = run(example_vault, "search", "coffee AND (")
    assert bad.exit_code == 2 and bad.stderr.startswith("netnotes: cannot search for")
    assert "Traceback" not in bad.output


# --- the promise that reading never writes -----------------------------------


def test_no_command_of_the_reader_writes_to_any_note(run, example_vault):
    before = snapshot(example_vault)
    for args in (
        ["index"],
        ["check"],
        ["list"],
        ["show", "Jane"],
        ["search", "coffee"],
        ["index", "--full"],
    ):
        run(example_vault, *args)
    assert snapshot(example_vault) == before


def test_terminal_escapes_in_notes_never_reach_the_terminal(run, make_vault):
    root = make_vault(
        {
            "People/Ada.md": '---\nname: "Ada\\e[31m Red"\ncompany: "\\e]0;pwned\\a"\n---\n'
            "### 2026-01-02 Call\n- said \x1b[2J hello\n"
        }
    )
    for args in (["list"], ["show", "ada red"], ["search", "hello"], ["check"]):
        result = run(root, *args)
        assert "\x1b" not in result.output and "\x07" not in result.output, args
    assert "Ada\ufffd[31m Red" in run(root, "list").stdout


def test_a_meeting_titled_with_no_letters_still_gets_a_digest_row_and_a_prep_sheet(run, make_vault):
    root = make_vault(
        {
            "People/Bob.md": "---\nmet: 2026-01-01\n---\n",
            "Meetings/2026-11-29 ☕.md": '---\ndate: 2026-11-29\nwith: ["[[Bob]]"]\n---\n',
        }
    )
    digest = run(root, "digest", "--stdout", "--date", "2026-11-26")
    assert digest.exit_code == 0 and "with [[Bob]]" in digest.stdout
    prep = run(root, "prep", "--upcoming", "--date", "2026-11-26")
    assert prep.exit_code == 0
    (sheet,) = (root / "NetNotes/Prep").iterdir()
    assert sheet.name.startswith("2026-11-29 Meeting ")
    assert sheet.stem in digest.stdout  # the digest links the sheet prep wrote


def test_plain_searches_with_colons_and_pluses_just_work(run, make_vault):
    root = make_vault(
        {"People/Ada.md": "### 2026-01-02 — 1:1\n- talked C++ and marathon: chicago\n"}
    )
    for query in ("1:1", "C++", "marathon: chicago"):
        result = run(root, "search", query)
        assert result.exit_code == 0 and "People/Ada.md" in result.stdout, query


def test_list_marks_a_missing_company_with_a_dash_like_every_other_empty_column(make_vault, run):
    vault = make_vault({"People/Wendy Park.md": "---\nname: Wendy Park\nladder: below\n---\n"})
    result = run(vault, "list", "--date", "2026-11-26")
    header, row = result.stdout.splitlines()[:2]
    at = header.index("COMPANY")
    assert row[at : header.index("LAST TOUCH")].strip() == "-", result.stdout


def test_a_company_written_as_digits_stays_text_in_every_command(make_vault, run):
    """A company such as "007" or "1984" is text: the index must not read it
    as a number (a column named company once took INT affinity from another
    table's column of that name)."""
    vault = make_vault(
        {
            "People/Ada.md": '---\ncompany: "007"\n---\n### 2026-11-02 — Lunch\n- fine\n',
            "People/Bob.md": "---\ncompany: 1984\n---\n",
        }
    )
    listed = run(vault, "list", "--format", "json", "--date", "2026-11-26")
    assert listed.exit_code == 0, listed.output
    assert {c["company"] for c in json.loads(listed.stdout)} == {"007", "1984"}
    shown = run(vault, "show", "Ada", "--date", "2026-11-26")
    assert shown.exit_code == 0 and "007" in shown.stdout, shown.output
    for form in ("md", "json"):  # each reads every contact
        digest = run(vault, "digest", "--stdout", "--format", form, "--date", "2026-11-26")
        assert digest.exit_code == 0, digest.output


def test_the_cli_module_leaves_the_cycle_collector_running_after_clicks_import():
    """cli.py imports click with the collector paused (cycles_unchecked): in
    a fresh interpreter it runs again after, click's objects already in the
    oldest generation (not scanned again as young)."""
    import subprocess
    import sys

    probe = (
        "import gc, netnotes.cli, click.core\n"
        "young = [o for g in (0, 1) for o in gc.get_objects(g)]\n"
        "print(gc.isenabled(), any(o is click.core.Command for o in young))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]

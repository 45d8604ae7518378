"""Start-up pays only for what a command uses (issue 20): each command runs in
a fresh interpreter and the libraries it has no use for stay unimported —
the template engine only when rendering, the file watcher only in `watch`,
the calendar and vCard libraries only in interop, YAML only when parsing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATE, person

RUN_AND_LIST_MODULES = """
import json, sys
from netnotes.cli import main
out = sys.argv.pop(1)
try:
    main(sys.argv[1:], prog_name="netnotes")
except SystemExit:
    pass
with open(out, "w") as handle:
    json.dump(sorted(sys.modules), handle)
"""

NOT_AT_START = ("jinja2", "watchdog", "vobject", "icalendar", "recurring_ical_events")


def loaded(tmp_path: Path, *args: str) -> set[str]:
    """The top-level packages `netnotes ARGS` imported, run as a new process."""
    return {name.split(".")[0] for name in loaded_modules(tmp_path, *args)}


def loaded_modules(tmp_path: Path, *args: str) -> set[str]:
    """Every module `netnotes ARGS` imported, run as a new process."""
    out = tmp_path / "modules.json"
    command = [sys.executable, "-c", RUN_AND_LIST_MODULES, str(out), *args]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return set(json.loads(out.read_text()))


@pytest.mark.parametrize(
    "args, unused",
    [
        (("--version",), (*NOT_AT_START, "yaml", "dateutil", "calendar")),
        (("list", "--date", EXAMPLE_DATE), (*NOT_AT_START, "yaml", "dateutil", "calendar")),
        (("list", "--ladder", "peer", "--date", EXAMPLE_DATE), NOT_AT_START),
        (("search", "coffee"), (*NOT_AT_START, "yaml", "frontmatter", "dateutil", "tempfile")),
        (("check",), NOT_AT_START),
        (("digest", "--format", "json", "--date", EXAMPLE_DATE), (*NOT_AT_START, "dateutil")),
        # the example's group meets "monthly on the first Thursday": counted without dateutil;
        # a sheet reads notes' lines, never their frontmatter's values: no YAML; and
        # printed, not written: no git (subprocess); found: no name compared (difflib)
        (
            ("prep", "Jane Doe", "--stdout", "--date", EXAMPLE_DATE),
            ("watchdog", "dateutil", "yaml", "frontmatter", "subprocess", "difflib"),
        ),
        # netnotes' own template rendered in Python (digestmd): no jinja2
        (("digest", "--stdout", "--date", EXAMPLE_DATE), ("watchdog", "subprocess", "jinja2")),
        (
            ("prep", "Jane Doe", "--format", "json", "--date", EXAMPLE_DATE),
            (*NOT_AT_START, "dateutil", "yaml", "frontmatter"),
        ),
    ],
)
def test_a_command_imports_no_library_it_does_not_use(run, example_vault, tmp_path, args, unused):
    assert run(example_vault, "index").exit_code == 0  # so the command itself parses nothing
    imported = loaded(tmp_path, "--vault", str(example_vault), *args)
    assert "netnotes" in imported and "click" in imported
    assert imported.isdisjoint(unused), sorted(imported & set(unused))


PARSER = {f"netnotes.{name}" for name in ("notes", "notebody", "notelines", "inline", "yamlfm")}


@pytest.mark.parametrize(
    "args", [("index",), ("list", "--date", EXAMPLE_DATE), ("search", "coffee")]
)
def test_a_command_over_an_unchanged_vault_imports_no_parser(run, example_vault, tmp_path, args):
    """Nothing to parse, no parser: not even the line syntax a note's words
    are split by (the full-text index reads stored texts)."""
    assert run(example_vault, "index").exit_code == 0
    imported = loaded_modules(tmp_path, "--vault", str(example_vault), *args)
    assert "netnotes.index" in imported
    assert imported.isdisjoint(PARSER), sorted(imported & PARSER)


def test_a_digest_reads_a_lines_links_only_when_it_shows_a_daily_notes_line(
    run, make_vault, tmp_path
):
    """The digest's Today and Coming up rows read the links of a daily note's
    line (names_everyone) with the parser's link syntax, imported then
    only: a vault with no such line, and no group note, imports no parser."""
    notes = {
        "People/Ada.md": person("Ada", body="## Log\n\n### 2026-11-27 — Lunch\n- Plan\n"),
        "People/Bob.md": person("Bob"),
    }
    vault = make_vault(notes)
    args = ("--vault", str(vault), "digest", "--stdout", "--date", EXAMPLE_DATE)
    assert run(vault, "index").exit_code == 0
    assert loaded_modules(tmp_path, *args).isdisjoint(PARSER)
    (vault / "Daily").mkdir()
    (vault / "Daily" / f"{EXAMPLE_DATE}.md").write_text("- Coffee with [[Bob]] at Nopa\n")
    assert run(vault, "index").exit_code == 0
    assert "netnotes.inline" in loaded_modules(tmp_path, *args)


def test_a_digest_printed_loads_nothing_that_writes_files(run, example_vault, tmp_path):
    """--stdout writes no file: the writer of generated files (ourfiles) stays
    unloaded; written into the vault, the digest loads it."""
    assert run(example_vault, "index").exit_code == 0
    args = ("--vault", str(example_vault), "digest", "--date", EXAMPLE_DATE)
    assert "netnotes.ourfiles" not in loaded_modules(tmp_path, *args, "--stdout")
    assert "netnotes.ourfiles" in loaded_modules(tmp_path, *args)


def test_rendering_a_template_does_import_the_template_engine(run, example_vault, tmp_path):
    """The checks above can fail: a command that renders a template shows
    jinja2 loaded (a prep sheet; a digest in the vault's own template)."""
    assert run(example_vault, "index").exit_code == 0
    vault = ("--vault", str(example_vault))
    assert "jinja2" in loaded(tmp_path, *vault, "prep", "Jane Doe", "--stdout")
    own = example_vault / ".netnotes" / "templates" / "digest.md.j2"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text("---\ngenerated_by: netnotes\n---\n{{ overdue.total }} overdue\n")
    assert "jinja2" in loaded(tmp_path, *vault, "digest", "--stdout")


COMMAND_MODULES = {
    f"netnotes.commands.{name}"
    for name in ("browse", "generate", "imports", "searching", "setup", "watching", "writing")
}


@pytest.mark.parametrize(
    "args, wanted",
    [
        (("--version",), set()),
        (("list", "--date", EXAMPLE_DATE), {"netnotes.commands.browse"}),
        (("search", "coffee"), {"netnotes.commands.searching"}),
        (("new", "--help"), {"netnotes.commands.writing"}),
        (("--help",), COMMAND_MODULES),
    ],
)
def test_a_command_imports_only_its_own_command_module(example_vault, tmp_path, args, wanted):
    """Each command's module is imported when that command runs; `--help`,
    which shows every command's short help, imports them all."""
    imported = loaded_modules(tmp_path, "--vault", str(example_vault), *args)
    assert imported & COMMAND_MODULES == wanted


def test_without_a_config_toml_the_toml_reader_stays_unloaded(run, example_vault, tmp_path):
    (example_vault / ".netnotes" / "config.toml").unlink()
    assert run(example_vault, "index").exit_code == 0
    imported = loaded(tmp_path, "--vault", str(example_vault), "list", "--date", EXAMPLE_DATE)
    assert "netnotes" in imported and "tomllib" not in imported


RUN_AND_LIST_DATACLASSES = """
import dataclasses, json, sys
from netnotes.cli import main
out = sys.argv.pop(1)
try:
    main(sys.argv[1:], prog_name="netnotes")
except SystemExit:
    pass
made = {
    value.__name__
    for name, module in list(sys.modules.items())
    if name.startswith("netnotes")
    for value in list(vars(module).values())
    if isinstance(value, type) and dataclasses.is_dataclass(value)
}
with open(out, "w") as handle:
    json.dump(sorted(made), handle)
"""


@pytest.mark.parametrize("args", [("list", "--date", EXAMPLE_DATE), ("search", "coffee")])
def test_a_command_that_parses_nothing_makes_no_parser_classes(run, example_vault, tmp_path, args):
    """An up-to-date index: no note is parsed, so neither the parser nor the
    dataclasses of what a note says (models_note) are made."""
    assert run(example_vault, "index").exit_code == 0
    out = tmp_path / "made.json"
    command = [sys.executable, "-c", RUN_AND_LIST_DATACLASSES, str(out)]
    command += ["--vault", str(example_vault), *args]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    made = set(json.loads(out.read_text()))
    assert "Contact" in made
    assert made.isdisjoint({"Note", "ContactInfo", "Interaction", "Item", "NewContact"})


RUN_AND_SAY_WHAT_THE_FORK_FOUND = """
import json, os, sys
from netnotes import walkcheck
from netnotes.cli import main
out = sys.argv.pop(1)
walkcheck.BESIDE_FROM = 0
found = []
real_fork = os.fork

def fork():
    found.append(sorted(name for name in sys.modules if name.startswith("netnotes")))
    return real_fork()

walkcheck.os.fork = fork
try:
    main(sys.argv[1:], prog_name="netnotes")
except SystemExit:
    pass
with open(out, "w") as handle:
    json.dump(found, handle)
"""


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--date", EXAMPLE_DATE),
        ("prep", "Jane Doe", "--stdout", "--date", EXAMPLE_DATE),
        ("digest", "--stdout", "--date", EXAMPLE_DATE),
    ],
)
def test_a_reading_command_starts_its_walk_before_it_imports_the_index(
    run, example_vault, tmp_path, args
):
    """The no-change walk's child is forked before the index, the model and
    the command's own module are imported: they load beside the walk."""
    assert run(example_vault, "index").exit_code == 0
    assert run(example_vault, "index").exit_code == 0  # the digest of an unchanged walk stored
    out = tmp_path / "at_fork.json"
    command = [sys.executable, "-c", RUN_AND_SAY_WHAT_THE_FORK_FOUND, str(out)]
    command += ["--vault", str(example_vault), *args]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    (at_fork,) = json.loads(out.read_text())
    assert "netnotes.lastwalk" in at_fork
    assert {"netnotes.index", "netnotes.sync", "netnotes.models"}.isdisjoint(at_fork)
    assert not any(
        name.startswith("netnotes.commands.") and name != "netnotes.commands.shared"
        for name in at_fork
    )


def test_a_persons_sheet_in_a_vault_without_group_notes_loads_no_group_code(
    run, make_vault, tmp_path
):
    """Its file name is judged beside the day's scheduled group meetings:
    with no group note there are none, and the groups module stays unloaded."""
    vault = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    assert run(vault, "index").exit_code == 0
    args = ("prep", "Ada", "--stdout", "--date", EXAMPLE_DATE)
    imported = loaded_modules(tmp_path, "--vault", str(vault), *args)
    assert "netnotes.prep" in imported and "netnotes.groups" not in imported


# --- leaving: the process ends once its output is out (cli.leave) ------------

LEAVE_WITH = """
import atexit, sys, threading, time
from netnotes.launch import run
if sys.argv.pop(1) == "thread":  # a thread still running when the command ends
    threading.Thread(target=lambda: (time.sleep(0.5), print("thread done", file=sys.stderr))).start()
atexit.register(lambda: print("exit function ran", file=sys.stderr))
atexit.register(lambda: sys.stdout.write("[left in stdout's buffer]"))  # no newline, no flush
sys.argv[0] = "netnotes"
run()
"""


def leaving(*args: str, extra: str = "none") -> subprocess.CompletedProcess[str]:
    """`netnotes ARGS` as a new process whose stdout, a pipe, is buffered."""
    command = [sys.executable, "-c", LEAVE_WITH, extra, *args]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)


def test_a_command_leaves_with_its_whole_output_and_its_exit_status(run, example_vault):
    """Ended at once (os._exit) after its output: every byte written to a
    pipe is out first, the exit status is the command's (as click gives it
    in-process), and what a library asked to run at exit has run."""
    done = leaving(
        "--vault", str(example_vault), "digest", "--format", "json", "--date", EXAMPLE_DATE
    )
    assert done.returncode == 0 and done.stdout.endswith("[left in stdout's buffer]")
    printed = done.stdout.removesuffix("[left in stdout's buffer]")
    assert json.loads(printed)["date"] == EXAMPLE_DATE  # cut short, it would not parse
    assert done.stderr.count("exit function ran") == 1
    failed = leaving("--vault", str(example_vault), "prep", "Nobody", "--stdout")
    in_process = run(example_vault, "prep", "Nobody", "--stdout").exit_code
    assert failed.returncode == in_process != 0 and "named 'Nobody'" in failed.stderr
    assert "exit function ran" in failed.stderr
    misused = leaving("--vault", str(example_vault), "bogus")
    assert misused.returncode == 2 and "No such command" in misused.stderr


def test_a_thread_still_running_is_waited_for_as_python_does(example_vault):
    done = leaving("--vault", str(example_vault), "list", "--date", EXAMPLE_DATE, extra="thread")
    assert done.returncode == 0 and "Jane Doe" in done.stdout
    assert "thread done" in done.stderr and "exit function ran" in done.stderr


def test_python_m_netnotes_and_the_console_script_both_leave_this_way():
    import tomllib

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["netnotes"] == "netnotes.launch:run"
    main_module = Path(__file__).parents[1] / "netnotes" / "__main__.py"
    assert "run()" in main_module.read_text()


def test_parsing_ordinary_frontmatter_imports_no_yaml_library(run, make_vault, tmp_path):
    """`key: value` lines and simple lists are read line by line (yamlfm): a
    sync of such notes imports neither PyYAML nor python-frontmatter (each
    parse worker of a cold index would pay for them). Frontmatter with a
    comment is composed by libyaml, then imported (yamlfull), and read whole."""
    notes = {
        "People/Ada.md": person("Ada", body="## Log\n\n### 2026-11-20 — Lunch\n- Kids\n"),
        "People/Bob.md": "---\nname: Bob\ntags:\n  - person\naliases: [Bobby, 'B.']\n---\nHi\n",
    }
    vault = make_vault(notes)
    imported = loaded(tmp_path, "--vault", str(vault), "index")
    assert "netnotes" in imported
    assert imported.isdisjoint({"yaml", "frontmatter"}), sorted(imported & {"yaml", "frontmatter"})
    (vault / "People" / "Cy.md").write_text(
        "---\nname: Cy  # a comment\ntags: [person]\ncadence: 30d\n---\n", encoding="utf-8"
    )
    assert "yaml" in loaded(tmp_path, "--vault", str(vault), "index")
    shown = run(vault, "show", "Cy", "--format", "json", "--date", EXAMPLE_DATE)
    assert json.loads(shown.stdout)["details"]["cadence"] == "30d"

"""Reliability, second round: netnotes never deletes a file it cannot prove is
its own index, turns every failure of the index into one line, and keeps
bounded work and clean output on hostile notes. One test (at least) per case
of issue 21; each failed before the fix."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from test_watch_cli import wait_for
from test_watch_events import Recorder

import netnotes.index as index_module
from conftest import person
from netnotes.config import load_config
from netnotes.indexfile import APPLICATION_ID
from netnotes.vault import Vault
from netnotes.watch import Watcher

ADA = person("Ada Lovelace", "ladder: peer\n", "## Log\n### 2026-10-01 — Coffee\n- hi\n")
BOB = person("Bob Stone")


def one_line_error(result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def application_id(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[68:72], "big")


# --- 1. never delete a file that is not provably our index ---------------------------


def test_an_index_path_on_a_note_in_the_vault_is_refused_and_the_note_kept(run, make_vault):
    root = make_vault(
        {"People/Ada.md": ADA, ".netnotes/config.toml": 'index_path = "People/Ada.md"\n'}
    )
    result = run(root, "list")
    one_line_error(result, 2, "index_path", "People/Ada.md", "inside the vault")
    assert (root / "People/Ada.md").read_text() == ADA


@pytest.mark.parametrize("how", ["--index", "index_path"])
def test_an_index_path_in_the_home_of_no_such_user_is_a_one_line_error(run, make_vault, how):
    files = {"People/Ada.md": ADA}
    if how == "index_path":
        files[".netnotes/config.toml"] = 'index_path = "~nosuchuser-netnotes/i.sqlite3"\n'
    root = make_vault(files)
    args = ["--index", "~nosuchuser-netnotes/i.sqlite3"] if how == "--index" else []
    one_line_error(run(root, *args, "list"), 2, how, "~nosuchuser-netnotes", "no such user")


def test_an_index_under_the_vaults_netnotes_folder_is_allowed(run, make_vault):
    root = make_vault(
        {"People/Ada.md": ADA, ".netnotes/config.toml": 'index_path = ".netnotes/i.sqlite3"\n'}
    )
    assert run(root, "list").exit_code == 0
    assert application_id(root / ".netnotes/i.sqlite3") == APPLICATION_ID


@pytest.mark.parametrize("how", ["option", "absolute index_path"])
def test_a_text_file_given_as_the_index_is_refused_and_kept(run, make_vault, tmp_path, how):
    notes = tmp_path / "notes.txt"
    notes.write_text("my shopping list\n" * 20)
    files = {"People/Ada.md": ADA}
    if how != "option":
        files[".netnotes/config.toml"] = f'index_path = "{notes}"\n'
    root = make_vault(files)
    args = ["--index", str(notes), "list"] if how == "option" else ["list"]
    one_line_error(run(root, *args), 1, str(notes), "not a netnotes index")
    assert notes.read_text() == "my shopping list\n" * 20


def test_another_programs_database_given_as_the_index_keeps_its_tables(run, make_vault, tmp_path):
    app_db = tmp_path / "app.db"
    conn = sqlite3.connect(app_db)
    conn.execute("CREATE TABLE invoices(id INTEGER, total REAL)")
    conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    conn.commit()
    conn.close()
    root = make_vault({"People/Ada.md": ADA})
    one_line_error(run(root, "--index", str(app_db), "index", "--full"), 1, str(app_db))
    conn = sqlite3.connect(app_db)
    assert conn.execute("SELECT * FROM invoices").fetchall() == [(1, 9.5)]


def test_a_new_index_is_marked_ours_and_an_old_one_is_recognised_and_upgraded(
    run, make_vault, tmp_path
):
    root = make_vault({"People/Ada.md": ADA})
    old = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(old)  # as netnotes wrote it before the application_id
    conn.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT)")
    conn.execute("INSERT INTO meta VALUES ('config', ?)", (f'["{root}"]',))
    conn.execute("PRAGMA user_version = 9")
    conn.commit()
    conn.close()
    result = run(root, "--index", str(old), "list", "--format", "json")
    assert result.exit_code == 0 and "Ada Lovelace" in result.stdout
    assert application_id(old) == APPLICATION_ID
    fresh = tmp_path / "somewhere" / "new.sqlite3"
    assert run(root, "--index", str(fresh), "list").exit_code == 0
    assert application_id(fresh) == APPLICATION_ID


def test_two_vaults_on_one_index_file_is_an_error_naming_both(run, make_vault, tmp_path):
    shared = tmp_path / "shared.sqlite3"
    first = make_vault({"People/Ada.md": ADA}, name="first")
    second = make_vault({"People/Bob.md": BOB}, name="second")
    assert run(first, "--index", str(shared), "list").exit_code == 0
    result = run(second, "--index", str(shared), "list", "--format", "json")
    one_line_error(result, 1, str(first), str(second))
    again = run(first, "--index", str(shared), "list", "--format", "json")
    assert "Ada Lovelace" in again.stdout and "Bob" not in again.stdout


# --- 5. failures of the index are one line, and the index is rebuilt when ours ---------


def test_an_index_locked_by_another_process_is_one_line(run, make_vault, tmp_path, monkeypatch):
    root = make_vault({"People/Ada.md": ADA})
    path = tmp_path / "i.sqlite3"
    assert run(root, "--index", str(path), "list").exit_code == 0
    (root / "People/Bob.md").write_text(BOB)  # so that `list` needs to write
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(index_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    try:
        one_line_error(run(root, "--index", str(path), "list"), 1, "locked", str(path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_full_disk_under_the_index_says_so(run, make_vault, tmp_path, monkeypatch):
    root = make_vault({"People/Ada.md": ADA})
    path = tmp_path / "i.sqlite3"
    assert run(root, "--index", str(path), "list").exit_code == 0
    for n in range(60):
        (root / f"People/P{n}.md").write_text(person(f"P {n}", body="word " * 400))
    connect = sqlite3.connect

    def tiny(*args, **kwargs):  # the file may not grow by a page: as if the disk were full
        conn = connect(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(index_module.sqlite3, "connect", tiny)
    one_line_error(run(root, "--index", str(path), "index"), 1, "full", str(path))


def test_a_damaged_index_is_rebuilt_by_every_command_and_by_index_full(run, make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA})
    path = tmp_path / "i.sqlite3"
    for command in (["list", "--format", "json"], ["index", "--full"]):
        assert run(root, "--index", str(path), *command).exit_code == 0
        data = bytearray(path.read_bytes())
        start = len(data) * 9 // 10 // 4096 * 4096  # the last pages: tables, not the schema
        data[start:] = b"\xa5" * (len(data) - start)
        path.write_bytes(bytes(data))
        result = run(root, "--index", str(path), *command)
        assert result.exit_code == 0, result.output
    listed = run(root, "--index", str(path), "list", "--format", "json")
    assert "Ada Lovelace" in listed.stdout


def test_a_read_only_cache_folder_holding_an_index_is_one_line(
    run, make_vault, tmp_path, locked_folder
):
    root = make_vault({"People/Ada.md": ADA})
    folder = tmp_path / "cache-ro"
    path = folder / "i.sqlite3"
    assert run(root, "--index", str(path), "list").exit_code == 0
    (root / "People/Bob.md").write_text(BOB)
    locked_folder(folder)
    one_line_error(run(root, "--index", str(path), "list"), 1, str(path))


def test_an_unwritable_default_cache_does_not_stop_writers_with_an_index_elsewhere(
    run, make_vault, tmp_path, monkeypatch
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")  # the default cache lies under a file: nothing can be made there
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    root = make_vault({"People/Ada.md": ADA})
    result = run(root, "--index", str(tmp_path / "elsewhere" / "i.sqlite3"), "digest")
    assert result.exit_code == 0, result.output
    assert (root / "NetNotes/Digest.md").exists()
    assert (tmp_path / "elsewhere" / "write.lock").exists()


# --- the watcher: never knocked over, never trusting stale settings (2, 3, 4, 5, 10) ----


def test_the_watcher_retries_after_the_index_was_locked_instead_of_exiting(
    example_vault, tmp_path, monkeypatch
):
    from netnotes.session import Session
    from netnotes.watch import Clock, WatchSession

    monkeypatch.setattr(index_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    path = tmp_path / "i.sqlite3"
    app = Session(example_vault, path)
    today = date(2026, 11, 26)
    session = WatchSession(app, Clock(today=lambda: today), pinned=today, quiet=True, retry_after=0)
    session.refresh(None, first=True)
    raj = example_vault / "People/Raj Patel.md"
    raj.write_text(raj.read_text() + "\n### 2026-11-25 — Call\n- [ ] Send Raj the deck\n")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        session.refresh({"People/Raj Patel.md"})  # today: OperationalError, the watcher dies
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "Send Raj the deck" not in digest_text(example_vault)
    session.tick()  # the retry
    assert "Send Raj the deck" in digest_text(example_vault)
    app.close()


def digest_text(vault: Path) -> str:
    return (vault / "NetNotes/Digest.md").read_text(encoding="utf-8")


def add_call(vault: Path, task: str) -> None:
    raj = vault / "People/Raj Patel.md"
    raj.write_text(raj.read_text() + f"\n### 2026-11-25 — Call\n- [ ] {task}\n")


def test_a_file_name_that_is_not_utf8_does_not_kill_the_watcher(watched):
    vault, start = watched
    process = start()
    odd = os.path.join(os.fsencode(vault / "People"), b"caf\xe9.md")
    with open(odd, "wb") as handle:
        handle.write(b"---\nname: Cafe\n---\n")
    assert wait_for(lambda: "caf" in digest_text(vault))  # reported in needs attention
    add_call(vault, "Send Raj the deck")
    assert wait_for(lambda: "Send Raj the deck" in digest_text(vault)), process.lines
    assert process.process.poll() is None
    assert process.stop() == 0
    assert not any("Traceback" in line for line in process.lines), process.lines


def test_the_watcher_reads_the_settings_again_when_config_toml_changes(watched):
    vault, start = watched
    process = start()
    (vault / ".netnotes").mkdir(exist_ok=True)
    (vault / ".netnotes/config.toml").write_text('output_dir = "Elsewhere"\n')
    assert wait_for(lambda: (vault / "Elsewhere/Digest.md").is_file()), process.lines
    add_call(vault, "Send Raj the deck")
    assert wait_for(lambda: "Send Raj the deck" in (vault / "Elsewhere/Digest.md").read_text())
    assert process.stop() == 0


def test_an_index_rebuilt_for_other_settings_is_rebuilt_again_not_trusted(make_vault, tmp_path):
    from netnotes.config import Config
    from netnotes.index import Index
    from netnotes.session import Session

    root = make_vault({"People/Ada.md": "Met at a talk.\n", "Contacts/Bob.md": "Old friend.\n"})

    def opened(people: str) -> Index:
        config = Config(people_dir=people)
        index, _ = Session(root, tmp_path / "i.sqlite3", config=config).index(sync=False)
        return index

    watcher = opened("People")
    watcher.sync()
    other = opened("Contacts")  # another process, other settings: rebuilds the index for them
    other.sync()
    assert [c.name for c in other.contacts()] == ["Bob"]
    watcher.sync()
    assert [c.name for c in watcher.contacts()] == ["Ada"]


def test_a_vault_folder_replaced_under_the_watcher_is_watched_again(watched, tmp_path):
    vault, start = watched
    process = start()
    old = tmp_path / "old-copy"
    os.rename(vault, old)
    shutil.copytree(old, vault)  # a restore: the same path, another folder
    time.sleep(1.0)  # let the watcher notice the new folder before the save
    add_call(vault, "Send Raj the deck")
    assert wait_for(lambda: "Send Raj the deck" in digest_text(vault)), process.lines
    assert process.stop() == 0


def test_a_folder_moved_out_of_the_vault_refreshes_the_digest(make_vault, tmp_path):
    root = make_vault({"People/Team/Ada.md": ADA})
    vault = Vault(root, load_config(root))
    recorder = Recorder()
    watcher = Watcher(root, vault.is_note_path, recorder, reconcile_every=3600)
    watcher.start()
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    try:
        os.rename(root / "People/Team", tmp_path / "Team")
        assert wait_for(recorder.everything)
    finally:
        watcher.close()
        thread.join(timeout=5)


# --- 6. linear-time parsing of hostile lines ------------------------------------------


def parse_cost(text: str) -> float:
    """Seconds per parse, from as many parses as fit in a tenth of a second
    (at least one): steady enough for a ratio on a busy machine."""
    from netnotes.notes import parse_note

    runs, started = 0, time.perf_counter()
    while True:
        parse_note("People/X.md", text)
        runs += 1
        spent = time.perf_counter() - started
        if spent > 0.1:
            return spent / runs


HOSTILE_LINES = {
    "a line of <!--": lambda n: f"- [ ] call {'<!--' * n}\n",
    "a task with trailing tags": lambda n: "- [ ] call Ada" + " #t" * n + "\n",
    "a heading with inner spaces": lambda n: "## a" + " " * (4 * n) + "b\n",
    "a task of dataview fields": lambda n: "- [ ] call" + " (k:: v)" * n + "\n",
}


@pytest.mark.parametrize("construct", HOSTILE_LINES)
def test_hostile_lines_take_time_linear_in_their_length(construct):
    make = HOSTILE_LINES[construct]
    head = "---\nname: X\n---\n## Log\n### 2026-01-01 — Call\n"
    small = min(parse_cost(head + make(1000)) for _ in range(2))
    large = min(parse_cost(head + make(10000)) for _ in range(2))
    assert large / small < 35, f"{construct}: ten times the text took {large / small:.0f}× the time"


# --- 7. one sheet per meeting, with a stable name ---------------------------------------


def test_two_meetings_whose_titles_make_one_file_name_get_two_stable_sheets(run, make_vault):
    from conftest import meeting

    root = make_vault(
        {
            "People/Ada.md": ADA,
            "People/Bob.md": BOB,
            "Meetings/Team/Lunch.md": meeting("2026-12-03", ["Ada Lovelace"], "- team plans"),
            "Meetings/Family/Lunch.md": meeting("2026-12-03", ["Bob Stone"], "- family news"),
        }
    )
    first = run(root, "prep", "--upcoming", "--date", "2026-11-26")
    assert first.exit_code == 0, first.output
    sheets = sorted((root / "NetNotes/Prep").iterdir())
    assert len(sheets) == 2, sheets
    texts = " ".join(p.read_text() for p in sheets)
    assert "team plans" in texts and "family news" in texts
    again = run(root, "prep", "--upcoming", "--date", "2026-11-26")
    assert "wrote" not in again.stderr and again.stderr.count("is up to date") == 2
    run(root, "digest", "--date", "2026-11-26")
    digest = (root / "NetNotes/Digest.md").read_text()
    for sheet in sheets:
        assert f"[[NetNotes/Prep/{sheet.stem}|prep sheet]]" in digest


# --- 8. nothing a note or a file name holds can drive the terminal ----------------------

ESCAPES = "\x1b[31mred\x1b]0;pwned\x07\x9b2J"
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile_vault(make_vault):
    return make_vault(
        {
            "People/Ada.md": person(
                "Ada Lovelace",
                "email: ada@example.com\n",
                f"## Log\n### 2026-11-01 — Call\n- [ ] send {ESCAPES} deck 📅 2026-12-01\n",
            ),
            "People/Bob.md": person("Bob Stone", body="- [ ] ping \x80Bob\x9b back\n"),
        }
    )


def test_error_messages_quoting_task_text_and_names_are_printable(run, hostile_vault):
    wrong_task = run(hostile_vault, "done", "Ada", "nothing like it")
    assert wrong_task.exit_code == 1 and "send" in wrong_task.stderr
    wrong_name = run(hostile_vault, "show", f"{ESCAPES}x")
    done = run(hostile_vault, "done", "Ada", "deck", "--date", "2026-11-26")
    for result in (wrong_task, wrong_name, done):
        assert not CONTROLS.search(result.stderr.replace("\n", "")), repr(result.stderr)


@pytest.mark.parametrize("what", ["ics", "vcard"])
def test_exports_hold_no_control_characters_and_stdout_is_the_file(
    run, hostile_vault, tmp_path, what
):
    args = ["export", what] + (["--date", "2026-11-26"] if what == "ics" else [])
    piped = run(hostile_vault, *args)
    assert piped.exit_code == 0, piped.output
    data = piped.stdout_bytes
    assert (b"SUMMARY:" in data and b"send" in data) if what == "ics" else b"FN:" in data
    assert not CONTROLS.search(data.decode("utf-8").replace("\r\n", "")), data
    target = tmp_path / f"out.{what}"
    assert run(hostile_vault, *args, "-o", str(target)).exit_code == 0
    assert target.read_bytes() == data


def test_json_escapes_c1_controls(run, hostile_vault):
    result = run(hostile_vault, "show", "Bob", "--format", "json")
    assert "\x80" not in result.stdout and "\x9b" not in result.stdout
    assert "\\u009b" in result.stdout
    tasks = [task["text"] for task in json.loads(result.stdout)["open_tasks"]]
    assert tasks == ["ping \x80Bob\x9b back"]


def test_the_watchers_lines_show_odd_file_names_printably(watched):
    vault, start = watched
    process = start()
    (vault / f"People/{ESCAPES}.md").write_text("---\nname: Red\n---\n")
    assert wait_for(lambda: process.said("changed")), process.lines
    assert process.stop() == 0
    assert not any(CONTROLS.search(line) for line in process.lines), process.lines


# --- 9. vault templates have a budget of work, counted in operations and sizes ----------

HOSTILE_TEMPLATES = [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}",
    "{{ 'x'|center(2000000000) }}",
    "{{ 'x'.center(2000000000) }}",
    "{{ 'x'|indent(2000000000, true) }}",
    "{{ '%2000000000s'|format('x') }}",
    "{{ '{:>2000000000}'.format('x') }}",
    "{{ ('x' * 1000000)|replace('x', 'y' * 1000) }}",
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}",
    "{% for i in range(5000) %}{{ 'x' * 100000 }}{% endfor %}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
]


def test_vault_templates_that_would_exhaust_memory_or_cpu_are_stopped_naming_the_template(
    make_vault, tmp_path
):
    import resource
    import sys

    from test_security import LIMIT_BYTES, SEQUENCE

    commands = []
    for n, body in enumerate(HOSTILE_TEMPLATES):
        root = make_vault(
            {
                "People/Ada.md": ADA,
                ".netnotes/templates/digest.md.j2": f"---\ngenerated_by: netnotes\n---\n{body}\n",
            },
            name=f"vault{n}",
        )
        commands.append(["--vault", str(root), "digest", "--stdout", "--date", "2026-11-26"])

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))

    done = subprocess.run(
        [sys.executable, "-c", SEQUENCE, json.dumps(commands)],
        preexec_fn=cap,
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )
    lines = done.stderr.splitlines()
    assert json.loads(lines[-1]) == [1] * len(HOSTILE_TEMPLATES), done.stderr
    said = lines[:-1]
    assert len(said) == len(HOSTILE_TEMPLATES), said
    for line in said:
        assert line.startswith("netnotes: template digest.md.j2"), line
        assert "sandbox" in line or "20 MB" in line, line


def test_templates_within_the_budget_render_as_before(run, make_vault):
    body = (
        "{% set ns = namespace(n=0) %}{% for i in range(100) %}{% set ns.n = ns.n + i %}"
        "{% endfor %}{{ ns.n }} {{ 'ab'|center(6) }}|{{ range(3)|join(',') }}"
        "{% for c in 'xyz' %}{{ loop.index }}{{ c }}{% endfor %}"
    )
    root = make_vault(
        {
            "People/Ada.md": ADA,
            ".netnotes/templates/digest.md.j2": f"---\ngenerated_by: netnotes\n---\n{body}\n",
        }
    )
    printed = run(root, "digest", "--stdout", "--date", "2026-11-26").stdout
    assert printed.endswith("4950   ab  |0,1,21x2y3z"), printed


# --- 11. the smaller cases ---------------------------------------------------------------


def test_a_setting_holding_a_nul_is_a_config_error(run, make_vault):
    root = make_vault({".netnotes/config.toml": 'people_dir = "Peo\\u0000ple"\n'})
    one_line_error(run(root, "list"), 2, "people_dir", "control character")


@pytest.mark.parametrize(
    "settings",
    [
        'people_dir = "NetNotes"\n',
        'people_dir = "NetNotes/People"\n',
        'output_dir = "People"\n',
        'templates_dir = "People"\n',
        'meetings_dir = "Templates/Meetings"\n',
    ],
)
def test_people_or_meetings_inside_a_skipped_folder_is_a_config_error(run, make_vault, settings):
    root = make_vault({".netnotes/config.toml": settings, "People/Ada.md": ADA})
    one_line_error(run(root, "list"), 2, "lies in the", "separate folders")


def test_init_never_writes_through_a_dangling_config_symlink(run, tmp_path):
    root = tmp_path / "vault"
    (root / ".netnotes").mkdir(parents=True)
    outside = tmp_path / "outside" / "config.toml"
    outside.parent.mkdir()
    (root / ".netnotes/config.toml").symlink_to(outside)
    result = run(None, "init", str(root))
    assert result.exit_code == 0, result.output
    assert not outside.exists()
    assert (root / ".netnotes/config.toml").is_symlink()


@pytest.mark.parametrize("where", ["/", "home"])
def test_a_vault_at_the_root_or_the_home_folder_is_refused(run, where):
    folder = str(Path.home()) if where == "home" else "/"
    one_line_error(run(None, "--vault", folder, "list"), 2, "point --vault", "notes")


def test_done_takes_path_line_to_tell_identical_tasks_apart(run, make_vault):
    body = "## Log\n### 2026-11-01 — Call\n- [ ] send the deck\n### 2026-11-10 — Call\n"
    body += "- [ ] send the deck\n"
    root = make_vault({"People/Ada.md": person("Ada Lovelace", body=body)})
    several = run(root, "done", "Ada", "send the deck")
    assert several.exit_code == 1 and "People/Ada.md:8" in several.stderr
    result = run(root, "done", "Ada", "People/Ada.md:8", "--date", "2026-11-26")
    assert result.exit_code == 0, result.output
    lines = (root / "People/Ada.md").read_text().splitlines()
    assert lines[5] == "- [ ] send the deck"
    assert lines[7] == "- [x] send the deck ✅ 2026-11-26"


def test_the_import_dry_run_skips_what_apply_would_refuse(run, make_vault, tmp_path):
    root = make_vault()
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good Person\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\r\nORG:<% tp.system.prompt() %>\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bell\x07 Ringer\r\nTITLE:a\x1b[31mb\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    plan = json.loads(run(root, "import", "vcard", str(cards), "--format", "json").stdout)
    applied = json.loads(
        run(root, "import", "vcard", str(cards), "--apply", "--format", "json").stdout
    )
    assert plan["counts"]["create"] == applied["counts"]["created"] == 1
    assert applied["counts"]["failed"] == 0
    assert [s["action"] for s in plan["steps"]] == ["create", "skip", "skip"]


@pytest.mark.parametrize("command", ["log", "done"])
def test_writers_refuse_a_note_with_a_duplicate_frontmatter_key(run, make_vault, command):
    text = person("Ada Lovelace", "company: Acme\ncompany: Initech\n", "- [ ] send the deck\n")
    root = make_vault({"People/Ada.md": text})
    args = {
        "log": ["log", "Ada", "-t", "Call", "-m", "hi", "--date", "2026-11-26"],
        "done": ["done", "Ada", "deck", "--date", "2026-11-26"],
    }[command]
    one_line_error(run(root, *args), 1, "People/Ada.md:4", "duplicate key 'company'")
    assert (root / "People/Ada.md").read_text() == text


def test_tasks_in_a_callout_or_blockquote_are_tasks_and_can_be_checked_off(run, make_vault):
    body = "> [!todo] Follow-ups\n> - [ ] send the deck 📅 2026-12-01\n\n>> * [ ] call back\n"
    root = make_vault({"People/Ada.md": person("Ada Lovelace", body=body)})
    shown = json.loads(run(root, "show", "Ada", "--format", "json").stdout)
    assert [(t["text"], t["due"]) for t in shown["open_tasks"]] == [
        ("send the deck", "2026-12-01"),
        ("call back", None),
    ]
    assert run(root, "done", "Ada", "deck", "--date", "2026-11-26").exit_code == 0
    lines = (root / "People/Ada.md").read_text().splitlines()
    assert lines[4] == "> - [x] send the deck 📅 2026-12-01 ✅ 2026-11-26"


@pytest.mark.parametrize(
    ("title", "unwanted"),
    [("evil\u202egpj.md", "\u202e"), ("100%% sure", "%%"), ("CONIN$", None), ("conout$", None)],
)
def test_generated_file_names_drop_bidi_overrides_and_comments_and_avoid_reserved_names(
    title, unwanted
):
    from netnotes.naming import safe_filename

    name = safe_filename(title)
    if unwanted:
        assert unwanted not in name
    else:
        assert name.lower() != title.lower() and name.lower().startswith(title.lower())


def test_a_meeting_title_with_a_bidi_override_makes_a_clean_meeting_note(run, make_vault):
    root = make_vault({"People/Ada.md": ADA, "People/Bob.md": BOB})
    title = "Lunch \u202eevil %% hidden"
    result = run(root, "log", "Ada", "Bob", "-t", title, "-m", "hi", "--date", "2026-11-26")
    assert result.exit_code == 0, result.output
    made = [p.name for p in (root / "Meetings").iterdir()]
    assert len(made) == 1 and "\u202e" not in made[0] and "%%" not in made[0]


def test_utf16_without_a_bom_is_an_encoding_error(run, make_vault):
    text = person("Zoë", body="## Log\n### 2026-11-01 — Call\n- hi\n")
    root = make_vault({"People/Zoe.md": text.encode("utf-16-le")})
    result = run(root, "check")
    assert result.exit_code == 1 and "People/Zoe.md:1: error: file looks like UTF-16" in (
        result.stdout
    )


def test_a_prep_sheet_does_not_show_an_impossible_met_date_as_valid(run, make_vault):
    root = make_vault({"People/Ada.md": person("Ada Lovelace", "met: 2024-02-30\n")})
    sheet = run(root, "prep", "Ada", "--stdout", "--date", "2026-11-26").stdout
    assert "Met 2024-02-30 (not a valid date)" in sheet
    good = make_vault({"People/Ada.md": person("Ada Lovelace", "met: 2024-02-28\n")}, "good")
    assert "Met 2024-02-28\n" in run(good, "prep", "Ada", "--stdout", "--date", "2026-11-26").stdout


def test_folders_deleted_inside_git_make_no_whole_vault_refresh(tmp_path):
    from watchdog.events import DirDeletedEvent, DirMovedEvent

    from netnotes.watch import EVERYTHING, vault_paths

    root = tmp_path / "vault"
    assert vault_paths(DirDeletedEvent(str(root / ".git/rebase-merge")), root) == []
    assert vault_paths(DirDeletedEvent(str(root / "People/Team")), root) is EVERYTHING
    moved_out = DirMovedEvent(str(root / "People/Team"), str(tmp_path / "Team"))
    assert vault_paths(moved_out, root) is EVERYTHING


def test_done_checks_off_a_task_whose_line_holds_a_comment(run, make_vault):
    """Found by the long fuzz run: the parser reads a task without its
    comments, and `done` compared that with the line as written."""
    body = "- [ ] call Ada %% about the loan %%\n- [ ] %%\n"
    root = make_vault({"People/Ada.md": person("Ada Lovelace", body=body)})
    result = run(root, "done", "Ada", "call Ada", "--date", "2026-11-26")
    assert result.exit_code == 0, result.output
    lines = (root / "People/Ada.md").read_text().splitlines()
    assert lines[3] == "- [x] call Ada %% about the loan %% ✅ 2026-11-26"


def test_the_list_table_shows_hostile_names_printably_and_aligned(run, make_vault):
    root = make_vault(
        {
            "People/Ada.md": '---\nname: "Ada \\e[31mred\\x9b2J"\ncompany: Acme\n---\n',
            "People/Bob.md": person("Bob Stone", "company: Initech\n"),
        }
    )
    result = run(root, "list", "--date", "2026-11-26")
    assert result.exit_code == 0, result.output
    assert not CONTROLS.search(result.stdout.replace("\n", "")), repr(result.stdout)
    header, ada, bob = result.stdout.splitlines()
    assert ada.startswith("Ada \ufffd[31mred\ufffd2J  ")
    assert ada.index("Acme") == header.index("COMPANY") == bob.index("Initech")

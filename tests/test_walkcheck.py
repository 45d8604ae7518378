"""The no-change check run in a child process while a command reads the
index (walkcheck, Session.read): what the command prints is what it would
print after a sync first, whether the vault changed since the last one or not.
BESIDE_FROM is lowered so that these small vaults take the child's path."""

from __future__ import annotations

import collections
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE_DATE, person
from netnotes import walkcheck
from netnotes.cli import main
from netnotes.sync import SyncRun

TODAY = "2026-03-14"


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Beside every read, whatever the vault's size; the children forked."""
    if threading.active_count() > 1:  # no child is forked then (walkcheck says why)
        pytest.skip("a thread another test started is still running")
    started: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(walkcheck, "BESIDE_FROM", 0)
    monkeypatch.setattr(walkcheck.os, "fork", fork)
    return started


def indexed(run, vault: Path) -> None:
    """Indexed twice: the second sync finds nothing changed and stores its digest."""
    assert run(vault, "index").exit_code == 0
    assert run(vault, "index").exit_code == 0


def test_an_unchanged_vault_is_read_beside_the_walk_and_not_synced(
    run, make_vault, forks, monkeypatch
):
    vault = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    indexed(run, vault)
    serial = run(vault, "list", "--date", TODAY).output
    forks.clear()

    def no_sync(*args: object) -> None:
        raise AssertionError("synced though the child found the vault unchanged")

    monkeypatch.setattr(SyncRun, "run", no_sync)
    result = run(vault, "list", "--date", TODAY)
    assert len(forks) == 1 and result.output == serial


def test_a_note_changed_since_the_last_sync_is_read_again(run, make_vault, forks):
    vault = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    indexed(run, vault)
    (vault / "People/Ada.md").write_text(person("Ada", "company: Zenith Works\n"))
    result = run(vault, "list", "--date", TODAY)
    assert len(forks) == 1
    assert "Zenith Works" in result.output and "Acme" not in result.output


def test_a_contact_added_since_the_last_sync_is_found(run, make_vault, forks):
    """On the index as it was, the name answers to no one: the read fails,
    the walk finds the vault changed, and the read after the sync stands."""
    vault = make_vault({"People/Ada.md": person("Ada")})
    indexed(run, vault)
    (vault / "People/Grace Hopper.md").write_text(person("Grace Hopper"))
    result = run(vault, "prep", "Grace Hopper", "--stdout", "--date", TODAY)
    assert len(forks) == 1
    assert result.exit_code == 0 and "Grace Hopper" in result.output


def test_an_unchanged_vault_still_fails_as_it_would(run, make_vault, forks):
    vault = make_vault({"People/Ada.md": person("Ada")})
    indexed(run, vault)
    result = run(vault, "prep", "Nobody", "--stdout", "--date", TODAY)
    assert len(forks) == 1
    assert result.exit_code != 0 and "named 'Nobody'" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--format", "json", "--all"),
        ("list", "--tag", "investor"),
        ("prep", "Jane Doe", "--stdout"),
        ("prep", "--upcoming", "--stdout"),
        ("prep", "Jane Doe", "--format", "json"),
        ("digest", "--stdout"),
        ("digest", "--format", "json"),
        ("show", "jane doe"),
    ],
)
def test_a_read_beside_the_walk_prints_what_a_read_after_a_sync_prints(
    run, example_vault, monkeypatch, forks, args
):
    indexed(run, example_vault)
    monkeypatch.setattr(walkcheck, "BESIDE_FROM", 10**9)  # walked first, as before walkcheck
    serial = run(example_vault, *args, "--date", EXAMPLE_DATE)
    assert forks == []
    monkeypatch.setattr(walkcheck, "BESIDE_FROM", 0)
    beside = run(example_vault, *args, "--date", EXAMPLE_DATE)
    assert len(forks) == 1  # the read really ran beside a child's walk
    assert (beside.exit_code, beside.output) == (serial.exit_code, serial.output)


@pytest.mark.parametrize("args", [("check",), ("check", "--format", "json")])
def test_check_beside_the_walk_prints_what_it_prints_after_a_sync(
    run, example_vault, monkeypatch, forks, args
):
    jane = example_vault / "People/Jane Doe.md"
    jane.write_text(jane.read_text() + "See [[Nobody Known]], ![[x.png]]\n")
    indexed(run, example_vault)
    monkeypatch.setattr(walkcheck, "BESIDE_FROM", 10**9)
    serial = run(example_vault, *args)
    assert forks == [] and "Nobody Known" in serial.output
    monkeypatch.setattr(walkcheck, "BESIDE_FROM", 0)
    beside = run(example_vault, *args)
    assert len(forks) == 1
    assert (beside.exit_code, beside.output) == (serial.exit_code, serial.output)


def test_no_child_while_another_thread_runs(run, make_vault, forks, monkeypatch):
    """A forked child holds only the forking thread: with others running,
    the walk is done here, before the read, as always."""
    vault = make_vault({"People/Ada.md": person("Ada")})
    indexed(run, vault)
    assert run(vault, "list", "--date", TODAY).exit_code == 0
    assert len(forks) == 1  # alone, it forks
    monkeypatch.setattr(walkcheck.threading, "active_count", lambda: 2)
    assert run(vault, "list", "--date", TODAY).exit_code == 0
    assert len(forks) == 1


def test_a_search_once_filled_is_read_beside_the_walk_and_sees_a_change(run, example_vault, forks):
    indexed(run, example_vault)
    serial = run(example_vault, "search", "marathon").output  # fills the full-text index
    assert forks == [] and "Jane Doe" in serial
    assert run(example_vault, "search", "marathon").output == serial
    assert len(forks) == 1
    (example_vault / "People/Zed.md").write_text(person("Zed", "", "Ran a marathon.\n"))
    assert "People/Zed.md" in run(example_vault, "search", "marathon").output
    assert len(forks) == 2


@pytest.mark.parametrize("call", ["fork", "pipe"])
def test_no_process_or_pipe_to_spare_walks_here(run, make_vault, monkeypatch, call):
    vault = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    indexed(run, vault)
    (vault / "People/Ada.md").write_text(person("Ada", "company: Zenith Works\n"))
    tried: list[int] = []

    def refused() -> int:
        tried.append(1)
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(walkcheck, "BESIDE_FROM", 0)
    # a thread another test left running would keep the walk from being tried
    monkeypatch.setattr(walkcheck.threading, "active_count", lambda: 1)
    monkeypatch.setattr(walkcheck.os, call, refused)
    result = run(vault, "list", "--date", TODAY)
    assert tried == [1] and result.exit_code == 0 and "Zenith Works" in result.output


def test_a_child_reaped_by_someone_else_means_a_sync_here_not_a_traceback(
    run, make_vault, forks, monkeypatch
):
    """waitpid fails when another party reaped the child: no answer, so the
    command syncs itself and still shows what changed."""
    vault = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    indexed(run, vault)
    (vault / "People/Ada.md").write_text(person("Ada", "company: Zenith Works\n"))
    real_waitpid = os.waitpid

    def reaped_elsewhere(pid: int, options: int) -> tuple[int, int]:
        real_waitpid(pid, options)
        raise ChildProcessError(10, "No child processes")

    monkeypatch.setattr(walkcheck.os, "waitpid", reaped_elsewhere)
    result = run(vault, "list", "--date", TODAY)
    assert len(forks) == 1 and result.exit_code == 0, result.output
    assert "Zenith Works" in result.output


def test_no_child_when_children_are_reaped_by_the_kernel(run, make_vault, forks):
    """With SIGCHLD ignored (as some launchers leave it) a child's answer would
    be lost: the walk is done here."""
    import signal

    vault = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    indexed(run, vault)
    assert run(vault, "list", "--date", TODAY).exit_code == 0
    assert len(forks) == 1  # with SIGCHLD as usual, it forks
    (vault / "People/Ada.md").write_text(person("Ada", "company: Zenith Works\n"))
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        result = run(vault, "list", "--date", TODAY)
    finally:
        signal.signal(signal.SIGCHLD, before)
    assert len(forks) == 1 and result.exit_code == 0 and "Zenith Works" in result.output


def test_beside_the_walk_the_link_judge_takes_the_childs_listing(
    run, make_vault, forks, monkeypatch
):
    """The child's walk lists the files that are no notes: the read beside
    it walks only the skipped folders for its link judge, and sees an
    attachment added since the last sync (no note changed, so no sync)."""
    body = "See ![[chart.svg]], ![[plan.pdf]] and [[Dr. No]].\n"
    vault = make_vault({"People/Ada.md": person("Ada", "", body)})
    (vault / "files").mkdir()
    (vault / os.fsdecode(b"files/plan \xff.pdf")).write_text("%PDF")  # sent as it is named
    indexed(run, vault)
    (vault / "files" / "chart.svg").write_text("<svg/>")
    monkeypatch.setattr(walkcheck, "BESIDE_FROM", 10**9)
    serial = run(vault, "digest", "--stdout", "--date", TODAY)
    monkeypatch.setattr(walkcheck, "BESIDE_FROM", 0)
    walks: list[str] = []
    real_walk = os.walk

    def counted(top, *args, **kwargs):
        walks.append(os.path.relpath(top, vault))
        return real_walk(top, *args, **kwargs)

    monkeypatch.setattr(os, "walk", counted)
    beside = run(vault, "digest", "--stdout", "--date", TODAY)
    assert len(forks) == 1 and beside.output == serial.output
    assert "[[plan.pdf]]" in beside.output and "[[Dr. No]]" in beside.output
    assert "chart.svg" not in beside.output
    assert "." not in walks, walks  # the vault's root: the child walked it


def test_a_listing_larger_than_a_pipe_holds_reaches_the_judge(run, make_vault, forks):
    """The child's listing may outgrow the pipe's buffer (64 KiB): it is read
    to its end before the child is waited for."""
    body = "See ![[scan-1999.png]] and ![[scan-2000.png]].\n"
    vault = make_vault({"People/Ada.md": person("Ada", "", body)})
    scans = vault / ("scans-" + "x" * 60)
    scans.mkdir()
    for n in range(2000):
        (scans / f"scan-{n}.png").write_bytes(b"")
    indexed(run, vault)
    beside = run(vault, "digest", "--stdout", "--date", TODAY)
    assert len(forks) == 1 and beside.exit_code == 0
    assert "[[scan-2000.png]]" in beside.output and "scan-1999" not in beside.output


def test_the_vault_is_sized_by_its_notes_not_by_the_ids_they_had(
    run, make_vault, forks, monkeypatch, private_cache
):
    """Notes removed leave the highest file id behind: the size that decides
    whether a child is worth forking is the notes the last walk found."""
    vault = make_vault({f"People/P{n}.md": person(f"P{n}") for n in range(4)})
    indexed(run, vault)
    index = sqlite3.connect(next(private_cache.rglob("index.sqlite3")))
    (kept,) = index.execute("SELECT path FROM files ORDER BY id DESC LIMIT 1").fetchone()
    index.close()
    for note in (vault / "People").iterdir():
        if note.relative_to(vault).as_posix() != kept:
            note.unlink()
    indexed(run, vault)
    monkeypatch.setattr(walkcheck, "BESIDE_FROM", 2)
    assert run(vault, "list", "--date", TODAY).exit_code == 0
    assert forks == []  # one note: walked here
    (vault / "People/Q.md").write_text(person("Q"))
    indexed(run, vault)
    assert run(vault, "list", "--date", TODAY).exit_code == 0
    assert len(forks) == 1


def test_a_digest_stored_without_its_count_is_counted_by_the_next_sync(
    run, make_vault, forks, private_cache
):
    """An index whose last walk was stored before the count was: the first
    command walks here (a sync that finds nothing changed stores the count),
    the next forks."""
    vault = make_vault({"People/Ada.md": person("Ada")})
    indexed(run, vault)
    with sqlite3.connect(next(private_cache.rglob("index.sqlite3"))) as index:
        (digest,) = index.execute("SELECT value FROM meta WHERE key = 'walk'").fetchone()
        index.execute("UPDATE meta SET value = ? WHERE key = 'walk'", (digest.split()[0],))
    index.close()
    assert run(vault, "list", "--date", TODAY).exit_code == 0
    assert forks == []
    assert run(vault, "list", "--date", TODAY).exit_code == 0
    assert len(forks) == 1


def test_a_walk_started_ahead_stands_only_for_the_index_it_was_compared_with(
    run, make_vault, forks
):
    """A reading command's child starts before the index is opened, from
    the walk its file holds. New settings make the opened index start over:
    the vault's notes are as the old index saw them, but the child's answer
    is not the new index's, so the command syncs rather than read it empty."""
    vault = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    indexed(run, vault)
    (vault / ".netnotes" / "config.toml").write_text('output_dir = "Out"\n')
    result = run(vault, "list", "--date", TODAY)
    assert len(forks) == 1  # started ahead, then stopped
    assert result.exit_code == 0 and "Acme" in result.output


@pytest.mark.parametrize("args", [("list", "--sort", "sideways"), ("prep",)])
def test_a_walk_started_ahead_of_a_command_that_never_reads_is_reaped(run, make_vault, forks, args):
    vault = make_vault({"People/Ada.md": person("Ada")})
    indexed(run, vault)
    result = run(vault, *args)
    assert result.exit_code != 0 and len(forks) == 1
    with pytest.raises(ChildProcessError):  # no child of ours left, not even a zombie
        os.waitpid(forks[0], os.WNOHANG)


@pytest.mark.parametrize("args", [("list", "--help"), ("index",), ("new", "--help")])
def test_no_walk_ahead_of_a_command_that_does_not_read_beside_it(run, make_vault, forks, args):
    vault = make_vault({"People/Ada.md": person("Ada")})
    indexed(run, vault)
    assert run(vault, *args).exit_code == 0
    assert forks == []


def test_the_search_ahead_waits_for_the_meta_key_the_full_text_index_sets():
    from netnotes.fulltext import FILLED
    from netnotes.session import READ_BESIDE_THE_WALK

    assert READ_BESIDE_THE_WALK["search"] == FILLED


def test_the_early_read_of_the_stored_walk_leaves_a_database_not_ours_alone(tmp_path):
    """Before the index is opened (and its header checked), a command reads
    the stored walk; a file at the index path that is another program's
    SQLite database in WAL mode gets no -wal/-shm files from it, and is
    not read."""
    from netnotes.lastwalk import WALK_KEY, StoredWalk

    theirs = tmp_path / "other.db"
    conn = sqlite3.connect(theirs)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.execute("INSERT INTO meta VALUES (?, 'x 1')", (WALK_KEY,))
    conn.commit()
    conn.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    assert StoredWalk.peek(theirs, WALK_KEY) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == before == ["other.db"]


def test_a_ctrl_c_held_across_the_fork_leaves_no_child_behind(make_vault, forks, monkeypatch):
    """SIGINT is blocked across the fork; one that came meanwhile is raised
    as the parent unblocks it: the child is stopped and reaped then, not
    left walking (and a zombie) after the command has gone."""
    import signal

    from netnotes.lastwalk import StoredWalk
    from netnotes.session import Session

    vault = make_vault({"People/Ada.md": person("Ada")})
    counted = walkcheck.os.fork

    def fork_then_interrupt() -> int:
        pid = counted()
        if pid:
            os.kill(os.getpid(), signal.SIGINT)  # pending: blocked until the fork is done
        return pid

    monkeypatch.setattr(walkcheck.os, "fork", fork_then_interrupt)
    # Python's own Ctrl-C, even where the tests were started with SIGINT
    # ignored (a job a shell put in the background, nohup)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    stored = StoredWalk("0" * 64, 1, collections.Counter())
    try:
        with pytest.raises(KeyboardInterrupt):
            walkcheck.WalkCheck._fork(Session(vault).vault, stored)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):  # stopped and reaped
        os.waitpid(forks[0], os.WNOHANG)


# --- the console script: the walk started before click (launch.py) ----------

LAUNCH = """
import os, sys
from netnotes import walkcheck
walkcheck.BESIDE_FROM = 0
real_fork = os.fork
def fork():
    pid = real_fork()
    if pid:
        print("forked, click", "imported" if "click" in sys.modules else "not imported", file=sys.stderr)
    return pid
os.fork = fork
sys.argv[0] = "netnotes"
from netnotes.launch import run
run()
"""


def launched(*args: str) -> subprocess.CompletedProcess[str]:
    """`netnotes ARGS` as the console script runs it, in a new process whose
    stderr says when the walk's child was forked."""
    command = [sys.executable, "-c", LAUNCH, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "form",
    [
        ("--vault", "{vault}", "digest", "--stdout", "--date", TODAY),
        ("--vault={vault}", "list", "--date", TODAY),
        ("--index", "{index}", "--vault", "{vault}", "prep", "Ada", "--stdout", "--date", TODAY),
    ],
)
def test_the_console_script_starts_a_reading_commands_walk_before_click(
    make_vault, private_cache, form
):
    """Its walk beside the read is the longest part of a plain command at
    10,000 contacts: started before click and the command line are imported,
    it runs beside them too. What the command prints is what it prints in
    process (the walk started as the command is found)."""
    vault = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    index = private_cache / "given" / "index.sqlite3"
    args = [part.format(vault=vault, index=index) for part in form]
    options = args[: min(args.index(c) for c in ("digest", "list", "prep") if c in args)]
    runner = CliRunner()
    for _ in range(2):  # the second sync finds nothing changed and stores its digest
        assert runner.invoke(main, [*options, "index"]).exit_code == 0
    done = launched(*args)
    expected = runner.invoke(main, args, prog_name="netnotes")
    assert done.returncode == 0 and done.stdout == expected.stdout != ""
    assert done.stderr == "forked, click not imported\n"


@pytest.mark.parametrize(
    "args",
    [
        ("--vault", "{vault}", "--vault", "{vault}", "list", "--date", TODAY),  # given twice
        ("list", "--vault", "{vault}"),  # not the group's option here: a usage error
        ("--vault", "{vault}", "list", "--help"),
        ("--vault", "{vault}", "index"),
    ],
)
def test_a_command_line_launch_does_not_read_is_left_to_click(run, make_vault, args):
    """Anything but `[--vault V] [--index I] COMMAND …` for a reading command
    is click's to parse: a reading command's walk starts after click then,
    as in process, and every other command line does what it always did."""
    vault = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    indexed(run, vault)
    given = [part.format(vault=vault) for part in args]
    done = launched(*given)
    in_process = CliRunner().invoke(main, given, prog_name="netnotes")
    errors = [line for line in done.stderr.splitlines() if not line.startswith("forked")]
    assert done.returncode == in_process.exit_code
    assert (
        done.stdout.splitlines()[:1] == in_process.stdout.splitlines()[:1]
    )  # help's width differs
    assert errors[-1:] == in_process.stderr.splitlines()[-1:]
    assert "click not imported" not in done.stderr


@pytest.mark.parametrize(
    "args, ahead",
    [
        (["digest", "--stdout"], (None, None, "digest")),
        (["--vault", "V", "search", "lunch"], ("V", None, "search")),
        (["--vault=V", "--index=I", "check"], ("V", "I", "check")),
        (["--index", "I", "show", "Ada", "--help"], None),
        (["--vault", "V", "--vault", "W", "list"], None),
        (["--vault", "--index", "I", "list"], None),
        (["--vault=", "list"], None),
        (["--vault"], None),
        (["--version"], None),
        (["--vault", "V", "--", "list"], None),
        (["--vault", "V", "index"], ("V", None, "index")),  # which reads: walk_ahead asks
        (["--vault", "V"], None),
        ([], None),
    ],
)
def test_launch_reads_only_the_plainest_command_lines(args, ahead):
    """Its own reading of the command line, beside click's: only what it cannot misread."""
    from netnotes.launch import plain_command_line

    assert plain_command_line(args) == ahead


def test_a_session_opened_ahead_for_other_options_is_not_used(make_vault, forks):
    """cli takes launch's session only if click parses the same options; any
    other is closed, its child stopped and reaped, and the command opens its own."""
    from netnotes.session import Session

    ours = make_vault({"People/Ada.md": person("Ada", "company: Acme\n")})
    other = make_vault({"People/Bob.md": person("Bob", "company: Zenith Works\n")}, "other")
    runner = CliRunner()
    for vault in (ours, ours, other, other):  # the second sync stores its digest
        assert runner.invoke(main, ["--vault", str(vault), "index"]).exit_code == 0
    ahead = Session(str(ours))
    ahead.look_ahead(None)
    assert len(forks) == 1
    result = runner.invoke(main, ["--vault", str(other), "list", "--date", TODAY], obj=ahead)
    assert result.exit_code == 0 and "Zenith Works" in result.output and "Acme" not in result.output
    with pytest.raises(ChildProcessError):  # stopped and reaped
        os.waitpid(forks[0], os.WNOHANG)
    assert len(forks) == 2  # the command's own walk, for the other vault


def test_no_walk_ahead_while_the_shell_completes(make_vault, forks, monkeypatch):
    """A completion is click's (resilient parsing, no command run): nothing to walk for."""
    from netnotes.launch import COMPLETING, walk_ahead

    vault = make_vault({"People/Ada.md": person("Ada")})
    runner = CliRunner()
    for _ in range(2):
        assert runner.invoke(main, ["--vault", str(vault), "index"]).exit_code == 0
    monkeypatch.setenv(COMPLETING, "bash_complete")
    assert walk_ahead(["--vault", str(vault), "list"]) is None and forks == []
    monkeypatch.delenv(COMPLETING)
    ahead = walk_ahead(["--vault", str(vault), "list"])
    assert ahead is not None and len(forks) == 1
    ahead.close()

"""When things go wrong mid-write: a process killed at every step of a write
(and at random moments), a full disk, a read-only note or folder, and two
processes writing one note at once. Always the old note or the new one,
never half of either; always a clear message; never a lost edit.

Kills run in forked children of the test process (a fork costs milliseconds,
a fresh interpreter a third of a second), so every step can be tried."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import netnotes.edit  # imported before any fork, so no child imports while forking
import netnotes.newcontact
import netnotes.outputs
import netnotes.render  # noqa: F401
from conftest import LONG
from netnotes.cli import main

TODAY = "2026-11-26"
ADA = (
    "---\r\nname: Ada Lovelace\r\naliases: [Ada]\r\n---\r\nMathematician.\r\n\r\n## Log\r\n"
    "### 2026-11-01 — Lunch\r\n- [ ] Send the deck 📅 2026-11-20\r\n"
)
BOB = "---\nname: Bob\n---\n## Log\n### 2026-10-01 — Coffee\n- [ ] Ask about the trip #ask\n"
STEPS = [
    (os, "fsync"),
    (os, "replace"),
    (os, "link"),
    (os, "unlink"),
    (os, "chmod"),
    (os, "open"),
    (os, "close"),
    (os, "mkdir"),
    (os, "rename"),
    (tempfile, "mkstemp"),
]
"""The file-system calls a write makes; a child is killed just before the Nth."""

COMMANDS = {
    "log": ["log", "Ada", "-t", "Call", "-m", "she called back", "--date", TODAY],
    "done": ["done", "Ada", "deck", "--date", TODAY],
    "new": ["new", "Grace Hopper", "--ladder", "above", "--company", "Navy"],
    "meeting": ["log", "Ada", "Bob", "-t", "Dinner", "-m", "x", "--date", TODAY],
    "digest": ["digest", "--date", TODAY],
}


def fresh_vault(parent: Path, name: str) -> Path:
    root = parent / name
    (root / ".netnotes").mkdir(parents=True)
    (root / "People").mkdir()
    (root / "People/Ada.md").write_bytes(ADA.encode())
    (root / "People/Bob.md").write_bytes(BOB.encode())
    return root


def notes(root: Path) -> dict[str, bytes]:
    """Every file in the vault but netnotes' own hidden temp files."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".netnotes-")
    }


def quiet() -> None:
    """A child's output goes nowhere (pytest's capture is the parent's business)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115


def spawn(body: Callable[[], None]) -> int:
    """Fork; the child runs `body` and exits with its code, never returning into pytest."""
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            body()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        finally:
            os._exit(code)
    return pid


def reap(pid: int, timeout: float = 60) -> int:
    """The child's exit code, or -signal when it was killed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        time.sleep(0.002)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError("the child hung")


def in_child(body: Callable[[], None]) -> int:
    return reap(spawn(body))


def cli(root: Path, args: list[str]) -> Callable[[], None]:
    """netnotes ARGS on `root`, quietly, with a cache folder of that vault's
    own (so every run on a fresh vault makes the same file-system calls)."""

    def body() -> None:
        os.environ["XDG_CACHE_HOME"] = str(root.with_name(root.name + ".cache"))
        quiet()
        main(["--vault", str(root), *args])

    return body


def killed_at(step: int | None, body: Callable[[], None], counter: list[int]) -> Callable[[], None]:
    """`body` with each file-system call counted; SIGKILL just before call `step`."""

    def armed() -> None:
        for module, name in STEPS:
            real = getattr(module, name)

            def counted(*args, _real=real, **kwargs):
                counter[0] += 1
                if counter[0] == step:
                    os.kill(os.getpid(), signal.SIGKILL)
                return _real(*args, **kwargs)

            setattr(module, name, counted)
        try:
            body()
        finally:
            if step is None:  # the dry run tells the parent how many calls it made
                with open(os.environ["NETNOTES_TEST_STEPS"], "w") as out:
                    out.write(str(counter[0]))

    return armed


@pytest.mark.parametrize("command", COMMANDS)
def test_a_kill_at_any_step_of_a_write_leaves_the_old_files_or_the_new_ones(
    command, tmp_path, monkeypatch
):
    args = COMMANDS[command]
    count_file = tmp_path / "steps"
    monkeypatch.setenv("NETNOTES_TEST_STEPS", str(count_file))
    clean = fresh_vault(tmp_path, "clean")
    old = notes(clean)
    assert in_child(killed_at(None, cli(clean, args), [0])) == 0
    new = notes(clean)
    assert new != old
    steps = int(count_file.read_text())
    chosen = (
        range(1, steps + 1)
        if LONG or steps <= 40
        else random.Random(7).sample(range(1, steps + 1), 40)
    )
    for step in chosen:
        root = fresh_vault(tmp_path, f"killed-{step}")
        assert in_child(killed_at(step, cli(root, args), [0])) == -signal.SIGKILL
        after = notes(root)
        assert set(after) <= set(new) | set(old), step
        for path, data in after.items():  # each file whole: as it was, or as it will be
            assert data in (old.get(path), new.get(path)), (step, path)
        if after != new:  # the write did not land: running again finishes the job
            assert in_child(cli(root, args)) == 0, step
        assert notes(root) == new, step
        assert in_child(cli(root, ["check", "--strict"])) == 0  # no stray temp read as a note
        shutil.rmtree(root)


def over_and_over(root: Path, command: str) -> Callable[[], None]:
    def body() -> None:
        quiet()
        for n in range(10**6):
            args = {
                "new": ["new", f"Person {n}"],
                "digest": ["digest", "--date", f"2026-11-{1 + n % 28:02d}"],
                # a title no earlier run used: the same date and title would fill that heading
                "log": ["log", "Ada", "-t", f"Call {os.getpid()}.{n}", "-m", "x", "--date", TODAY],
            }[command]
            main(["--vault", str(root), *args], standalone_mode=False)

    return body


@pytest.mark.parametrize("command", ["new", "log", "digest"])
def test_killed_at_random_moments_every_file_is_whole(command, tmp_path):
    """A process doing `command` over and over, killed at a random moment:
    every note it made is complete, the note it logs into is whole, the
    digest is one it rendered in full."""
    chance = random.Random(11)
    root = fresh_vault(tmp_path, "vault")
    for _ in range(40 if LONG else 6):
        child = spawn(over_and_over(root, command))
        time.sleep(chance.uniform(0.0, 0.25))
        os.kill(child, signal.SIGKILL)
        assert reap(child) == -signal.SIGKILL
        assert_whole(root)
    assert in_child(cli(root, ["check", "--strict"])) == 0


def assert_whole(root: Path) -> None:
    for path, data in notes(root).items():
        text = data.decode("utf-8")
        if path.startswith("People/Person"):
            assert text.startswith("---\nname: Person ") and text.endswith("## Log\n"), path
        elif path == "NetNotes/Digest.md":
            assert text.startswith("---\ngenerated_by: netnotes\n") and "## Needs attention" in text
        elif path == "People/Ada.md":
            assert text.startswith(ADA[: ADA.index("### 2026-11-01")]) and text.endswith(ADA[-60:])
            assert text.count("### 2026-11-26 — Call") == text.count("- x\r\n")


# --- a full disk -------------------------------------------------------------------


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("where", ["fsync", "mkstemp"])
def test_a_full_disk_leaves_every_file_as_it_was_and_says_so(
    command, where, run, tmp_path, monkeypatch
):
    root = fresh_vault(tmp_path, "vault")
    assert run(root, "index").exit_code == 0
    before = notes(root)
    if where == "fsync":  # the data did not fit: the write fails when flushed to disk
        monkeypatch.setattr(os, "fsync", disk_full)
    else:  # not even a temp file could be made
        monkeypatch.setattr(tempfile, "mkstemp", disk_full)
    result = run(root, *COMMANDS[command])
    assert result.exit_code == 1, result.output
    assert "disk full; the file was left as it was" in result.stderr
    assert result.stderr.count("\n") == 1
    assert notes(root) == before
    assert not [p for p in root.rglob(".netnotes-*")]  # the temp file is gone too


# --- read-only notes and folders ---------------------------------------------------


def test_a_read_only_note_is_a_clear_error_and_stays_as_it_was(run, tmp_path):
    root = fresh_vault(tmp_path, "vault")
    ada = root / "People/Ada.md"
    ada.chmod(0o444)
    for args in (COMMANDS["log"], COMMANDS["done"]):
        result = run(root, *args)
        assert result.exit_code == 1 and result.stderr.count("\n") == 1
        assert "Ada.md is read-only; nothing written (make it writable first)" in result.stderr
    assert ada.read_bytes() == ADA.encode() and stat.S_IMODE(ada.stat().st_mode) == 0o444
    assert run(root, "log", "Bob", "-m", "x", "--date", TODAY).exit_code == 0  # others still work


def test_a_read_only_digest_is_not_replaced(run, tmp_path):
    root = fresh_vault(tmp_path, "vault")
    assert run(root, "digest", "--date", TODAY).exit_code == 0
    digest = root / "NetNotes/Digest.md"
    digest.chmod(0o444)
    before = digest.read_bytes()
    result = run(root, "digest", "--date", "2026-11-27")
    assert result.exit_code == 1 and "Digest.md is read-only" in result.stderr
    assert digest.read_bytes() == before


@pytest.mark.parametrize("command", ["log", "done", "new", "digest"])
def test_a_read_only_folder_is_a_clear_error_and_nothing_changes(
    command, run, tmp_path, locked_folder
):
    root = fresh_vault(tmp_path, "vault")
    assert run(root, "digest", "--date", "2026-11-01").exit_code == 0
    before = notes(root)
    locked_folder(root / ("NetNotes" if command == "digest" else "People"))
    result = run(root, *COMMANDS[command])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
    assert "cannot write (" in result.stderr and "the file was left as it was" in result.stderr
    assert notes(root) == before


# --- two writers at once -------------------------------------------------------------


def test_two_processes_logging_into_one_note_at_once_both_land(tmp_path):
    """The write lock serialises them: both entries, in either order, every time."""
    root = fresh_vault(tmp_path, "vault")
    assert in_child(cli(root, ["index"])) == 0
    for round_ in range(12 if LONG else 4):
        start, go = os.pipe()

        def writer(start: int, label: str) -> Callable[[], None]:
            def body() -> None:
                os.read(start, 1)  # both wait here, then set off together
                args = ["log", "Ada", "-t", f"Call {label}", "-m", f"line {label}", "--date", TODAY]
                cli(root, args)()

            return body

        children = [spawn(writer(start, f"{round_}-{n}")) for n in (1, 2)]
        os.write(go, b"go")
        assert [reap(child) for child in children] == [0, 0]
        os.close(start)
        os.close(go)
        text = (root / "People/Ada.md").read_bytes().decode("utf-8")
        for n in (1, 2):
            assert text.count(f"### 2026-11-26 — Call {round_}-{n}\r\n- line {round_}-{n}\r\n") == 1
        assert text.startswith(ADA[: ADA.index("### 2026-11-01")]) and text.endswith(ADA[-60:])
    assert in_child(cli(root, ["check", "--strict"])) == 0

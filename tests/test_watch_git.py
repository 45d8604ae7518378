"""The watcher survives git: while a merge, rebase or checkout is under way it
writes nothing; when git is done it catches up by itself, once. A real
watchdog observer (and a real `netnotes watch` with real git) on real
folders; every wait polls with a generous deadline."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_watch_cli import DIGEST, WatchProcess, digest, wait_for

from conftest import EXAMPLE_DATE
from netnotes.config import load_config
from netnotes.vault import Vault
from netnotes.watch import EVERYTHING, Watcher

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


class Recorder:
    """A refresh that records its calls; `refuse` of them answer "git refused"."""

    def __init__(self, refuse: int = 0) -> None:
        self.calls: list[set[str] | None] = []
        self.refuse = refuse
        self.lock = threading.Lock()

    def __call__(self, paths: set[str] | None) -> bool:
        with self.lock:
            self.calls.append(paths)
            if self.refuse:
                self.refuse -= 1
                return False
        return True

    def count(self) -> int:
        with self.lock:
            return len(self.calls)


@pytest.fixture
def watched_git(make_vault):
    """A vault in a (fake) repository with a running Watcher asking the vault
    whether git is busy; stopped in teardown whatever happens."""
    started = []

    def start(recorder: Recorder) -> tuple[Path, list[str]]:
        root = make_vault({"People/Ada.md": "---\nname: Ada\n---\n"})
        (root / ".git").mkdir()
        vault = Vault(root, load_config(root))
        holds: list[str] = []
        watcher = Watcher(
            root,
            vault.is_note_path,
            recorder,
            reconcile_every=3600,
            git_busy=vault.git_operation,
            on_hold=holds.append,
        )
        watcher.start()
        thread = threading.Thread(target=watcher.run, daemon=True)
        thread.start()
        started.append((watcher, thread))
        return root, holds

    yield start
    for watcher, thread in started:
        watcher.close()
        thread.join(timeout=5)
        assert not thread.is_alive()


def test_a_300_note_pull_is_no_refresh_while_git_works_and_one_after(watched_git):
    recorder = Recorder()
    root, holds = watched_git(recorder)
    busy = root / ".git/index.lock"  # (every marker is the vault's one test: test_edit.py)
    busy.write_text("")
    for n in range(300):
        (root / f"People/P{n:03d}.md").write_text(f"---\nname: P{n}\n---\n")
    assert wait_for(lambda: len(holds) == 1)
    assert ".git/index.lock exists" in holds[0]
    time.sleep(1.2)  # longer than the debounce's maximum wait: it would have refreshed by now
    assert recorder.count() == 0
    busy.unlink()  # git is done; no edit follows
    assert wait_for(lambda: recorder.count() == 1)
    assert recorder.calls == [EVERYTHING]
    time.sleep(0.8)  # room for a second refresh, which must not come
    assert recorder.count() == 1 and len(holds) == 1


def test_a_commit_while_nothing_changed_is_no_hold_and_no_refresh(watched_git):
    recorder = Recorder()
    root, holds = watched_git(recorder)
    lock = root / ".git/index.lock"  # an auto-commit's lock, with no note changing
    lock.write_text("")
    time.sleep(0.7)  # longer than the watcher's sleep between looks
    lock.unlink()
    time.sleep(0.7)
    assert holds == [] and recorder.count() == 0


def test_a_refresh_git_refused_midway_is_done_again_when_git_is_done(watched_git):
    recorder = Recorder(refuse=1)  # git started between the check and the write
    root, holds = watched_git(recorder)
    (root / "People/Ada.md").write_text("---\nname: Ada L\n---\n")
    assert wait_for(lambda: recorder.count() == 2)
    assert recorder.calls == [{"People/Ada.md"}, EVERYTHING] and len(holds) == 1


def test_when_git_ends_the_quiet_counts_from_the_last_file_it_wrote(tmp_path):
    busy = [".git/MERGE_HEAD exists"]
    watcher = Watcher(
        tmp_path, lambda path: True, Recorder(), git_busy=lambda: next(iter(busy), None)
    )
    watcher.debouncer.add(100.0, ["People/Ada.md"])  # a save while git merges
    assert watcher._waiting_for_git(100.3)
    busy.clear()  # the merge ends long after the save landed: refresh at once
    assert not watcher._waiting_for_git(101.5)
    assert watcher.debouncer.due(101.5) and watcher.debouncer.take() is EVERYTHING
    busy.append(".git/MERGE_HEAD exists")
    watcher.debouncer.add(102.0, ["People/Ada.md"])
    assert watcher._waiting_for_git(102.0)
    watcher.debouncer.add(102.45, ["People/Bo.md"])  # git's last file, just before its end
    busy.clear()
    assert not watcher._waiting_for_git(102.5)
    assert not watcher.debouncer.due(102.5) and watcher.debouncer.due(102.65)


# --- `netnotes watch` with real git --------------------------------------------------------


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        capture_output=True,
        text=True,
        check=check,
    )


@pytest.fixture
def processes():
    started: list[WatchProcess] = []
    yield started
    for process in started:
        if process.process.poll() is None:
            process.process.kill()
            process.process.wait(timeout=10)


@needs_git
def test_after_a_conflicted_merge_is_committed_the_digest_catches_up_by_itself(
    run, example_vault, processes
):
    vault = example_vault
    run(None, "init", str(vault))
    git(vault, "init", "-q", "-b", "main")
    git(vault, "add", "-A")
    git(vault, "commit", "-qm", "notes")
    raj = vault / "People/Raj Patel.md"
    original = raj.read_text()
    git(vault, "checkout", "-qb", "laptop")
    raj.write_text(original + "- [ ] Send Raj the laptop list\n")
    git(vault, "commit", "-qam", "laptop")
    git(vault, "checkout", "-q", "main")
    raj.write_text(original + "- [ ] Send Raj the desktop list\n")
    git(vault, "commit", "-qam", "desktop")

    process = WatchProcess(vault, "--date", EXAMPLE_DATE)
    processes.append(process)
    assert wait_for(lambda: process.said("watching"))
    before = digest(vault)
    assert git(vault, "merge", "laptop", check=False).returncode != 0  # a conflict
    # It says so once, naming what it saw first (the index lock, or MERGE_HEAD).
    assert wait_for(lambda: process.said("waiting for git to finish (.git/")), process.lines
    time.sleep(1.2)
    assert digest(vault) == before
    both = original + "- [ ] Send Raj the desktop list\n- [ ] Send Raj the laptop list\n"
    raj.write_text(both)  # resolved by hand...
    time.sleep(0.6)
    assert digest(vault) == before  # ...but git is still merging
    git(vault, "commit", "-qam", "merge")  # then nothing but the commit
    assert wait_for(lambda: "Send Raj the laptop list" in digest(vault))
    assert "Send Raj the desktop list" in digest(vault)
    assert git(vault, "status", "--porcelain").stdout == ""
    assert process.stop() == 0
    assert not any(line.startswith("netnotes:") for line in process.lines), process.lines


def test_watch_started_during_a_rebase_writes_once_it_is_done(example_vault, processes):
    (example_vault / ".git/rebase-merge").mkdir(parents=True)
    process = WatchProcess(example_vault, "--date", EXAMPLE_DATE)
    processes.append(process)
    assert wait_for(lambda: process.said("watching"))
    assert process.said("waiting for git to finish (.git/rebase-merge exists)")
    assert not (example_vault / DIGEST).exists()
    (example_vault / ".git/rebase-merge").rmdir()
    assert wait_for(lambda: (example_vault / DIGEST).is_file())
    assert process.stop() == 0 and not process.said("netnotes:")


def test_watch_on_the_real_date_removes_old_sheets_and_a_preview_does_not(run, example_vault):
    from netnotes.session import Session
    from netnotes.watch import Clock, WatchSession

    today = date(2026, 12, 6)
    old = (today - timedelta(days=30)).isoformat()
    assert run(example_vault, "prep", "Jane Doe", "--date", old).exit_code == 0
    sheet = next((example_vault / "NetNotes/Prep").glob(f"{old} *.md"))
    clock = Clock(today=lambda: today)
    with Session(example_vault) as opened:
        opened.index()
        pinned = date.fromisoformat(EXAMPLE_DATE)
        preview = WatchSession(opened, clock, pinned=pinned, quiet=True)
        assert preview.refresh(None, first=True) is True
        assert sheet.is_file() and (example_vault / DIGEST).is_file()
        real = WatchSession(opened, clock, quiet=True)  # `watch` without --date
        assert real.refresh(None, first=True) is True
        assert not sheet.exists()

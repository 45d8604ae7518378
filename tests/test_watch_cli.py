"""`netnotes watch` as a user runs it: a real process on a real folder, stopped
by a signal. Every wait polls for the expected state with a deadline."""

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

from conftest import EXAMPLE_DATE

DIGEST = "NetNotes/Digest.md"


def wait_for(predicate, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


class WatchProcess:
    """`python -m netnotes watch` in the background, its stderr collected."""

    def __init__(self, vault: Path, *args: str) -> None:
        self.vault = vault
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "netnotes", "--vault", str(vault), "watch", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ},
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def said(self, text: str) -> bool:
        return any(text in line for line in list(self.lines))

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def stop(self, signum: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=10)
        finally:
            self.reader.join(timeout=5)


def digest(vault: Path) -> str:
    return (vault / DIGEST).read_text(encoding="utf-8")


def save_atomically(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def test_start_writes_everything_then_follows_a_save_and_stops_cleanly(watched):
    vault, start = watched
    process = start()
    assert "Raj Patel" in digest(vault)
    assert (vault / "NetNotes/Prep/2026-12-03 Jane Doe.md").is_file()
    assert (vault / "NetNotes/Prep/2026-12-08 Design review lunch.md").is_file()
    raj = vault / "People/Raj Patel.md"
    save_atomically(
        raj, raj.read_text() + "\n### 2026-11-25 — Call\n- [ ] Send Raj the hiring doc\n"
    )
    assert wait_for(lambda: "Send Raj the hiring doc" in digest(vault))
    assert wait_for(lambda: process.said("People/Raj Patel.md changed"))
    assert process.stop() == 0
    assert process.said("stopped after")
    assert not any("Traceback" in line for line in process.lines)


def test_it_writes_the_sheet_of_a_meeting_today_that_the_digest_links(watched):
    vault, start = watched
    maria = vault / "People/Maria Gonzalez.md"
    maria.write_text(maria.read_text() + "\n### 2026-11-26 — Coffee at Ritual\n- Bring the plan\n")
    process = start()
    assert (vault / "NetNotes/Prep/2026-11-26 Maria Gonzalez.md").is_file()
    assert "[[NetNotes/Prep/2026-11-26 Maria Gonzalez|prep sheet]]" in digest(vault)
    assert process.stop() == 0


def test_ctrl_c_stops_it_with_exit_zero(watched):
    _, start = watched
    assert start("--quiet").stop(signal.SIGINT) == 0


def test_its_own_writes_never_trigger_it_again(watched):
    vault, start = watched
    process = start()
    jane = vault / "People/Jane Doe.md"
    jane.write_text(jane.read_text() + "\n- Likes Thai food #personal\n")
    assert wait_for(lambda: process.count("changed") == 1)
    time.sleep(1.5)  # long enough for an echo of its own writes to show up
    assert process.count("changed") == 1
    assert process.stop() == 0


def test_a_broken_note_is_reported_once_and_the_rest_keeps_working(watched):
    vault, start = watched
    process = start()
    (vault / "People/Broken.md").write_text("---\nname: [unclosed\n---\n")
    assert wait_for(lambda: process.said("People/Broken.md:2: error"))
    raj = vault / "People/Raj Patel.md"
    raj.write_text(raj.read_text() + "\n- [ ] Book the follow-up lunch\n")
    assert wait_for(lambda: "Book the follow-up lunch" in digest(vault))
    assert process.count("People/Broken.md:2: error") == 1
    assert process.stop() == 0


def test_a_foreign_digest_file_is_refused_once_and_the_watcher_keeps_going(watched):
    vault, start = watched
    process = start()
    (vault / DIGEST).write_text("my own notes, not netnotes'\n")
    aisha = vault / "People/Aisha Khan.md"
    aisha.write_text(aisha.read_text() + "\n- [ ] Review her talk outline\n")
    assert wait_for(lambda: process.said("was not written by netnotes"))
    aisha.write_text(aisha.read_text() + "\n- [ ] And her slides\n")
    time.sleep(1.0)
    assert process.count("was not written by netnotes") == 1
    assert digest(vault) == "my own notes, not netnotes'\n"
    assert process.process.poll() is None and process.stop() == 0


def test_digest_and_log_in_another_terminal_work_beside_it(watched):
    vault, start = watched
    process = start()
    env = {**os.environ}
    base = [sys.executable, "-m", "netnotes", "--vault", str(vault)]
    logged = subprocess.run(
        [
            *base,
            "log",
            "Chen Wei",
            "--date",
            EXAMPLE_DATE,
            "-t",
            "Coffee",
            "-m",
            "Talked about his triathlon",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert logged.returncode == 0, logged.stderr
    ran = subprocess.run(
        [*base, "digest", "--date", EXAMPLE_DATE], capture_output=True, text=True, env=env
    )
    assert ran.returncode == 0, ran.stderr
    assert "locked" not in logged.stderr + ran.stderr
    # The other commands brought the index and the digest up to date first, so
    # the watcher finds nothing left to do: no error, no rewrite, still running.
    time.sleep(1.0)
    assert process.process.poll() is None
    assert not any(line.startswith("netnotes:") for line in process.lines), process.lines
    assert process.stop() == 0


def test_a_done_in_another_terminal_is_reported_as_the_note_it_changed(watched):
    vault, start = watched
    process = start()
    before = len(process.lines)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "netnotes",
            "--vault",
            str(vault),
            "done",
            "Raj Patel",
            "ledger migration",
            "--date",
            EXAMPLE_DATE,
        ],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert done.returncode == 0, done.stderr
    assert wait_for(lambda: any("wrote" in line for line in process.lines[before:])), process.lines
    report = [line for line in process.lines[before:] if "wrote" in line][0]
    assert "People/Raj Patel.md changed" in report and "nothing changed" not in report
    assert process.stop() == 0


def test_the_vault_folder_deleted_under_it_is_survived(watched, tmp_path):
    vault, start = watched
    process = start()
    moved = tmp_path / "moved-away"
    os.rename(vault, moved)
    (moved / "People/Raj Patel.md").write_text("changed while away")
    time.sleep(1.5)
    assert process.process.poll() is None  # still running
    os.rename(moved, vault)
    assert process.stop() == 0
    assert not any("Traceback" in line for line in process.lines)


def test_out_of_inotify_watches_falls_back_to_polling_with_the_fix(run, example_vault, monkeypatch):
    from netnotes import watch as watch_module

    class FullObserver(watch_module.Observer):
        def start(self):
            raise OSError(errno.ENOSPC, "inotify watch limit reached")

    polled = []
    monkeypatch.setattr(watch_module, "Observer", FullObserver)
    monkeypatch.setattr(watch_module.Watcher, "run", lambda self: polled.append(self.polling))
    monkeypatch.setattr(signal, "signal", lambda *args: None)
    result = run(example_vault, "watch", "--date", EXAMPLE_DATE)
    assert result.exit_code == 0
    assert "fs.inotify.max_user_watches" in result.stderr and "polls" in result.stderr
    assert polled == [True]


def test_without_date_the_digest_rolls_over_at_midnight(example_vault):
    from netnotes.session import Session
    from netnotes.watch import Clock, WatchSession

    days = [date(2026, 11, 26)]
    with Session(example_vault) as opened:
        watching = WatchSession(opened, Clock(today=lambda: days[-1]), quiet=True)
        watching.refresh(None, first=True)
        assert "date: 2026-11-26" in digest(example_vault)
        watching.new_day()
        assert "date: 2026-11-26" in digest(example_vault)  # same day: nothing to do
        days.append(date(2026, 11, 27))
        watching.new_day()
        assert "date: 2026-11-27" in digest(example_vault)


def test_watch_keeps_a_calendar_current_for_subscribing(watched, tmp_path):
    vault, start = watched
    calendar = tmp_path / "netnotes.ics"
    process = start("--ics", str(calendar))
    assert wait_for(lambda: calendar.is_file() and b"Send her the article" in calendar.read_bytes())
    tom = vault / "People/Tom Becker.md"
    tom.write_text(tom.read_text() + "- [ ] Send Tom the design-system write-up 📅 2026-12-01\n")
    assert wait_for(lambda: b"design-system write-up" in calendar.read_bytes())
    assert process.stop() == 0


def test_a_save_updates_the_prep_sheets_of_the_people_it_concerns(watched):
    vault, start = watched
    process = start()
    jane_sheet = vault / "NetNotes/Prep/2026-12-03 Jane Doe.md"
    lunch_sheet = vault / "NetNotes/Prep/2026-12-08 Design review lunch.md"
    daily = vault / "Daily/2026-11-24.md"
    daily.write_text(daily.read_text() + "- Found a sailing club [[Jane Doe]] might like\n")
    assert wait_for(lambda: "Found a sailing club" in jane_sheet.read_text())
    tom = vault / "People/Tom Becker.md"
    tom.write_text(tom.read_text() + "- Ask about his new design-system role #ask\n")
    assert wait_for(lambda: "his new design-system role" in lunch_sheet.read_text())
    assert process.stop() == 0


def test_a_contact_moved_out_leaves_the_sheets_of_their_meetings(watched):
    """Tom's note moves out of People/: he is no longer a contact, so the
    design review lunch's sheet must stop naming him at once, not at the next
    reconcile (a save's sheets were chosen by whom a meeting is with after
    the save, which no longer includes him)."""
    vault, start = watched
    process = start()
    lunch_sheet = vault / "NetNotes/Prep/2026-12-08 Design review lunch.md"
    assert "[[Tom Becker]]" in lunch_sheet.read_text()
    (vault / "Archive").mkdir()
    (vault / "People/Tom Becker.md").rename(vault / "Archive/Tom Becker.md")
    assert wait_for(lambda: "[[Tom Becker]]" not in lunch_sheet.read_text()), process.lines
    assert process.stop() == 0

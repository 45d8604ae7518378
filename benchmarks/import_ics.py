#!/usr/bin/env python3
"""How fast `netnotes import ics` plans (the dry run): events per second for
calendars of 500 and 5,000 events against a vault of 3,000 contacts, and
whether the cost per event stays flat as the calendar grows.

Usage:
    python benchmarks/import_ics.py [--contacts 3000] [--events 500 5000]
                                    [--runs 3] [--workdir DIR]

The vault comes from genvault.py (seed 1, today 2026-03-14); the calendars
are generated here, deterministically: one event a slot over the 90 days up
to "today" and the two weeks after, each with one to three attendees who
are mostly contacts (by their email) and sometimes strangers, one event in
ten a weekly series, times in UTC. Each figure is the work of the dry run
in one process with a warm index — reading the calendar, finding what the
vault holds in the window, matching and planning — the fastest of --runs
runs (on a shared machine the fastest is the steadiest), and the cost per
event beyond what an empty calendar costs. Starting Python and syncing the
index come on top, once per command, whatever the calendar.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 3, 14)
SUMMARIES = ("Lunch", "Coffee", "Call", "Catch-up", "Dinner", "1:1", "Planning", "Drinks")
HEADER = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nX-WR-CALNAME:me@example.com\r\n"


def netnotes() -> list[str]:
    exe = Path(sys.executable).parent / "netnotes"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "netnotes"]


def emails_of(vault: Path) -> list[str]:
    found = []
    for note in sorted((vault / "People").glob("*.md")):
        match = re.search(r"^email: (\S+)$", note.read_text(encoding="utf-8"), re.M)
        if match:
            found.append(match.group(1))
    return found


def calendar(count: int, emails: list[str]) -> str:
    rng = random.Random(count)
    start = TODAY - timedelta(days=90)
    events = []
    for i in range(count):
        day = start + timedelta(days=i % 104)
        when = f"{day:%Y%m%d}T{(8 + i % 10):02d}{(i % 4) * 15:02d}00Z"
        people = rng.sample(emails, rng.randint(1, 3))
        if rng.random() < 0.2:
            people.append(f"stranger{i}@elsewhere.example")
        lines = [
            "BEGIN:VEVENT",
            f"UID:bench-{i}@example.com",
            f"DTSTART:{when}",
            f"SUMMARY:{SUMMARIES[i % len(SUMMARIES)]} #{i}",
            "ORGANIZER:mailto:me@example.com",
            *(f"ATTENDEE;PARTSTAT=ACCEPTED;CN=Guest {j}:mailto:{e}" for j, e in enumerate(people)),
            "DESCRIPTION:Agenda: <b>catch up</b> on [[things]]",
        ]
        if i % 10 == 0:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=2")
        events.append("\r\n".join([*lines, "END:VEVENT"]) + "\r\n")
    return HEADER + "".join(events) + "END:VCALENDAR\r\n"


def plan_seconds(vault: Path, calendar_file: Path, since: date, until: date) -> float:
    """One dry run's work, in this process, as `netnotes import ics` does it."""
    from netnotes.interop.calendar import VaultView, Window, build_calendar_plan
    from netnotes.interop.calendar_file import read_calendar
    from netnotes.session import Session

    app = Session(vault)
    index, _ = app.index()
    data = calendar_file.read_bytes()
    started = time.perf_counter()
    read = read_calendar(calendar_file.name, data, since, until, None)
    touches = index.touches_between(since, date.max)
    view = VaultView(index.contacts(), touches, app.vault.note_text, app.config)
    plan = build_calendar_plan(read, view, Window(TODAY, since, until), ())
    elapsed = time.perf_counter() - started
    app.close()
    assert plan.steps or not read.occurrences
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--events", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--runs", type=int, default=3, help="the fastest run counts")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="nn-ics-"))
    vault = work / f"vault-{args.contacts}"
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    if not vault.exists():
        subprocess.run(
            [sys.executable, str(HERE / "genvault.py"), str(vault), "--contacts",
             str(args.contacts), "--seed", "1"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    subprocess.run([*netnotes(), "--vault", str(vault), "index"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    emails = emails_of(vault)
    since, until = TODAY - timedelta(days=90), TODAY + timedelta(days=14)
    os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
    print(f"vault: {args.contacts} contacts ({len(emails)} with an email)")

    def best(count: int) -> float:
        path = work / f"calendar-{count}.ics"
        path.write_text(calendar(count, emails), encoding="utf-8")
        return min(plan_seconds(vault, path, since, until) for _ in range(args.runs))

    fixed = best(0)
    print(f"     0 events: {fixed:6.2f} s (contacts and the window's conversations, read once)")
    per_event = {}
    for count in args.events:
        seconds = best(count)
        per_event[count] = (seconds - fixed) / count
        print(f"{count:>6} events: {seconds:6.2f} s, {count / seconds:7.0f} events/s, "
              f"{per_event[count] * 1e3:.2f} ms per event beyond the fixed part")  # fmt: skip
    if len(per_event) > 1:
        small, large = min(per_event), max(per_event)
        print(f"cost per event at {large} / at {small}: {per_event[large] / per_event[small]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

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
ten a weekly series, times in UTC. Each figure is the whole process
(`netnotes import ics … --format json`, warm index) minus the same command
on a calendar with no events, so it is the cost of the events alone.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
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


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--events", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--runs", type=int, default=3)
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
    base_cmd = [*netnotes(), "--vault", str(vault), "import", "ics"]
    window = ["--date", TODAY.isoformat(), "--since", str(since), "--until", str(until)]

    def run(count: int) -> float:
        path = work / f"calendar-{count}.ics"
        path.write_text(calendar(count, emails), encoding="utf-8")
        argv = [*base_cmd, str(path), *window, "--format", "json"]
        return statistics.median(timed(argv, env) for _ in range(args.runs))

    empty = run(0)
    print(f"vault: {args.contacts} contacts ({len(emails)} with an email); "
          f"empty calendar: {empty:.2f} s whole process")  # fmt: skip
    per_event = {}
    for count in args.events:
        seconds = run(count) - empty
        per_event[count] = seconds / count
        print(f"{count:>6} events: {seconds:6.2f} s, {count / seconds:7.0f} events/s, "
              f"{per_event[count] * 1e3:.2f} ms per event")  # fmt: skip
    if len(per_event) > 1:
        small, large = min(per_event), max(per_event)
        print(f"cost per event at {large} / at {small}: {per_event[large] / per_event[small]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

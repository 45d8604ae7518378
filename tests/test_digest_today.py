"""The markdown digest's `## Today` shows the first `digest.max_rows` of today's
and tomorrow's meetings, those of `digest --format json`'s `today.meetings` in
its order, then how many more there are (issue 20); JSON lists them all. A
watcher's Digest.md says the same as `digest`. Through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from test_watch_cli import WatchProcess, save_atomically, wait_for

from conftest import entry, person

TODAY = "2026-11-26"
TOMORROW = "2026-11-27"


def meetings_vault(make_vault, today: int, tomorrow: int, max_rows: int) -> Path:
    """`today` contacts with a coffee planned today, `tomorrow` with one tomorrow."""
    notes = {
        f"People/P{n:02d}.md": person(
            f"P{n:02d}", body=entry(TODAY if n < today else TOMORROW, f"Coffee {n:02d}", "- Plan")
        )
        for n in range(today + tomorrow)
    }
    return make_vault({**notes, ".netnotes/config.toml": f"[digest]\nmax_rows = {max_rows}\n"})


def today_section(run, vault: Path) -> list[str]:
    """The bullet lines of the markdown's `## Today`."""
    text = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    section = text.split("## Today\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("- ")]


def json_meetings(run, vault: Path) -> list[dict]:
    data = json.loads(run(vault, "digest", "--format", "json", "--date", TODAY).stdout)
    return data["today"]["meetings"]


def assert_first_of(lines: list[str], rows: list[dict], shown: int) -> None:
    """The section's meeting lines are the first `shown` meetings of the
    JSON rows, each in its place."""
    meetings = [line for line in lines if line.startswith(("- Today: ", "- Tomorrow: "))]
    assert len(meetings) == shown, meetings
    for line, row in zip(meetings, rows[:shown], strict=True):
        when = "Today" if row["date"] == TODAY else "Tomorrow"
        assert line.startswith(f"- {when}: {row['title']} with [[{row['name']}]] · "), (line, row)


def test_today_shows_the_first_meetings_of_the_json_and_counts_the_rest(run, make_vault):
    vault = meetings_vault(make_vault, today=7, tomorrow=2, max_rows=3)
    lines = today_section(run, vault)
    rows = json_meetings(run, vault)
    assert len(rows) == 9  # JSON is never cut
    assert [row["date"] for row in rows] == [TODAY] * 7 + [TOMORROW] * 2
    assert_first_of(lines, rows, 3)
    assert lines[3] == "- … and 6 more meetings today and tomorrow"
    assert not any(line.startswith(("- Today:", "- Tomorrow:")) for line in lines[4:])


def test_tomorrows_meetings_follow_todays_within_the_cut(run, make_vault):
    vault = meetings_vault(make_vault, today=2, tomorrow=4, max_rows=3)
    lines = today_section(run, vault)
    rows = json_meetings(run, vault)
    assert_first_of(lines, rows, 3)
    assert lines[2].startswith("- Tomorrow: ")
    assert lines[3] == "- … and 3 more meetings today and tomorrow"


def test_max_rows_zero_shows_every_meeting(run, make_vault):
    vault = meetings_vault(make_vault, today=7, tomorrow=2, max_rows=0)
    lines = today_section(run, vault)
    rows = json_meetings(run, vault)
    assert_first_of(lines, rows, 9)
    assert not any(line.startswith("- … and") for line in lines)


def test_a_few_meetings_need_no_count(run, make_vault):
    vault = meetings_vault(make_vault, today=2, tomorrow=1, max_rows=3)
    lines = today_section(run, vault)
    rows = json_meetings(run, vault)
    assert len(rows) == 3
    assert_first_of(lines, rows, 3)
    assert not any(line.startswith("- … and") for line in lines)


def test_a_daily_line_that_links_everyone_is_not_followed_by_their_names(run, make_vault):
    """`Coffee with [[Ada]] at Nopa` names Ada already (so does a link by
    path); a line that links someone by an alias, or an entry's title, is
    still followed by whom it is with."""
    vault = make_vault(
        {
            "People/Ada.md": person("Ada"),
            "People/Bob.md": person("Bob", body=entry(TOMORROW, "Lunch", "- Plan")),
            "People/Cleo.md": person("Cleo", front="aliases: [Dee]\n"),
            f"Daily/{TODAY}.md": (
                "- Coffee with [[Ada]] at Nopa\n- Call with [[Dee]]\n- Drinks with [[People/Bob|B.]]\n"
            ),
        }
    )
    lines = today_section(run, vault)
    meetings = [line.split(" · [[NetNotes/Prep/")[0] for line in lines]
    assert meetings == [
        "- Today: Coffee with [[Ada]] at Nopa",
        "- Today: Drinks with [[People/Bob|B.]]",
        "- Today: Call with [[Dee]] with [[Cleo]]",
        "- Tomorrow: Lunch with [[Bob]]",
    ], lines
    text = run(vault, "digest", "--stdout", "--date", "2026-11-25").stdout
    coming = text.split("## Coming up\n", 1)[1]
    assert "Coffee with [[Ada]] at Nopa · [[" in coming


def test_a_watchers_digest_is_the_digest_of_the_command(run, make_vault):
    vault = meetings_vault(make_vault, today=7, tomorrow=2, max_rows=3)
    process = WatchProcess(vault, "--date", TODAY)
    try:
        assert wait_for(lambda: process.said("watching")), process.lines
        newcomer = person("P20", body=entry(TODAY, "Lunch 20", "- Marker"))
        save_atomically(vault / "People/P20.md", newcomer)
        written = vault / "NetNotes/Digest.md"
        assert wait_for(lambda: "7 more meetings today and tomorrow" in written.read_text())
        assert process.stop() == 0
    finally:
        if process.process.poll() is None:
            process.process.kill()
            process.process.wait(timeout=10)
    assert (
        written.read_text(encoding="utf-8")
        == run(vault, "digest", "--stdout", "--date", TODAY).stdout
    )

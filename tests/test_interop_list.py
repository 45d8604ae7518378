"""Imports never rewrite the list (DESIGN §4 "address book"): LinkedIn's date
is `connected:`, neither a touch nor face to face; imported people get no
rung unless asked; the digest's overdue and still-to-meet sections are the
same after importing 500 connections; a vault imported before this change
is repaired (`met:` → `connected:`) by importing again."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import entry, person

TODAY = "2026-11-26"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
PREAMBLE = '\ufeffNotes:\n"When exporting your connection data, you may notice …"\n\n'


def connections(count: int, start: int = 0) -> str:
    rows = [
        f"First{i},Last{i},https://www.linkedin.com/in/person-{i},,Company {i % 37},"
        f"Engineer,{(i % 28) + 1:02d} Mar {2008 + i % 17}\n"
        for i in range(start, start + count)
    ]
    return PREAMBLE + HEADER + "".join(rows)


def digest(run, vault: Path) -> dict:
    result = run(vault, "digest", "--format", "json", "--date", TODAY)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_digest_is_the_same_after_importing_500_connections(make_vault, run, tmp_path):
    vault = make_vault(
        {
            "People/Overdue Olga.md": person(
                "Olga", "ladder: peer\n", entry("2025-01-10", "Lunch", "- fine")
            ),
            "People/Emailed Eve.md": person(
                "Eve", "ladder: above\n", entry("2026-11-01", "Email", "- hi")
            ),
            "People/Unplaced Ulla.md": person("Ulla", "company: Acme\n"),  # address book
        }
    )
    source = tmp_path / "Connections.csv"
    source.write_text(connections(500), encoding="utf-8")
    before = digest(run, vault)
    result = run(vault, "import", "linkedin", str(source), "--apply")
    assert result.exit_code == 0, result.stderr
    after = digest(run, vault)
    for section in ("overdue", "still_to_meet", "coming_up", "birthdays", "ladder"):
        assert after[section] == before[section], section
    assert [r["name"] for r in after["overdue"]] == ["Olga"]
    assert (before["address_book"], after["address_book"]) == (1, 501)
    text = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    assert "501 more in your address book" in text
    assert "Unplaced: Gone quiet" not in text  # the address book is not the unplaced rung
    assert "netnotes list --ladder unplaced" in text
    note = (vault / "People" / "First7 Last7.md").read_text(encoding="utf-8")
    assert "connected: 2015-03-08\n" in note
    assert "met:" not in note and "ladder:" not in note
    ics = run(vault, "export", "ics", "--reconnect", "--date", TODAY).stdout
    assert ics.count("Reconnect with") == 1  # Olga, today; no connection is due


def test_ladder_tag_and_cadence_place_the_people_an_import_creates(make_vault, run, tmp_path):
    vault = make_vault({})
    source = tmp_path / "Connections.csv"
    source.write_text(connections(2), encoding="utf-8")
    args = ("--ladder", "peer", "--tag", "alumni", "--tag", "acme", "--cadence", "6m")
    result = run(vault, "import", "linkedin", str(source), "--apply", *args)
    assert result.exit_code == 0, result.stderr
    note = (vault / "People" / "First1 Last1.md").read_text(encoding="utf-8")
    assert "ladder: peer\n" in note and "cadence: 6m\n" in note
    assert "tags:\n  - linkedin\n  - alumni\n  - acme\n" in note
    after = digest(run, vault)
    assert after["address_book"] == 0
    assert {r["name"] for r in after["still_to_meet"]} == {"First0 Last0", "First1 Last1"}
    bad = run(vault, "import", "linkedin", str(source), "--cadence", "often")
    assert bad.exit_code == 2 and "--cadence" in bad.stderr


OLD_NOTE = (
    "---\r\nname: First3 Last3\r\ntags:\r\n  - linkedin\r\ncompany: Company 3\r\n"
    "met: 2011-03-04  # from LinkedIn\r\nlinkedin: https://www.linkedin.com/in/person-3\r\n"
    "---\r\n## Personal\r\n\r\n## Log\r\n"
)


def test_importing_again_offers_then_makes_met_into_connected(make_vault, run, tmp_path):
    vault = make_vault(
        {
            "People/First3 Last3.md": b"\xef\xbb\xbf" + OLD_NOTE.encode(),
            # met on another day than LinkedIn's: a real meeting, left alone
            "People/First4 Last4.md": person(
                "First4 Last4",
                "tags: [linkedin]\nmet: 2020-01-01\nlinkedin: https://www.linkedin.com/in/person-4\n",
            ),
            # met in person the day they connected, not from an import: left alone
            "People/First5 Last5.md": person(
                "First5 Last5", "met: 2013-03-06\nlinkedin: linkedin.com/in/person-5\n"
            ),
        }
    )
    source = tmp_path / "Connections.csv"
    source.write_text(connections(3, start=3), encoding="utf-8")
    before = (vault / "People/First3 Last3.md").read_bytes()
    dry = run(vault, "import", "linkedin", str(source))
    assert dry.exit_code == 0, dry.stderr
    assert "update  line 5" in dry.stdout and "met: 2011-03-04 becomes connected:" in dry.stdout
    assert "1 to change met: to connected:" in dry.stderr
    assert (vault / "People/First3 Last3.md").read_bytes() == before
    applied = run(vault, "import", "linkedin", str(source), "--apply")
    assert applied.exit_code == 0, applied.stderr
    after = (vault / "People/First3 Last3.md").read_bytes()
    assert after == before.replace(b"met: 2011-03-04", b"connected: 2011-03-04")
    assert b"met: 2020-01-01" in (vault / "People/First4 Last4.md").read_bytes()
    assert b"met: 2013-03-06" in (vault / "People/First5 Last5.md").read_bytes()
    again = run(vault, "import", "linkedin", str(source), "--format", "json")
    assert json.loads(again.stdout)["counts"]["update"] == 0


def test_list_ladder_unplaced_shows_the_address_book_the_digest_points_at(
    make_vault, run, tmp_path
):
    vault = make_vault({"People/Placed.md": person("Placed", "ladder: peer\n")})
    source = tmp_path / "Connections.csv"
    source.write_text(connections(3), encoding="utf-8")
    assert run(vault, "import", "linkedin", str(source), "--apply").exit_code == 0
    listed = run(vault, "list", "--ladder", "unplaced", "--format", "json", "--date", TODAY)
    assert listed.exit_code == 0, listed.stderr
    assert [r["name"] for r in json.loads(listed.stdout)] == [
        "First0 Last0",
        "First1 Last1",
        "First2 Last2",
    ]


def test_the_met_repair_never_edits_a_note_with_a_key_written_twice(make_vault, run, tmp_path):
    doubled = person(
        "First3 Last3",
        "tags: [linkedin]\nmet: 2011-03-04\nmet: 2011-03-04\n"
        "linkedin: https://www.linkedin.com/in/person-3\n",
    )
    vault = make_vault({"People/First3 Last3.md": doubled})
    source = tmp_path / "Connections.csv"
    source.write_text(connections(1, start=3), encoding="utf-8")
    result = run(vault, "import", "linkedin", str(source), "--apply")
    assert result.exit_code == 1
    assert "failed" in result.stdout and "duplicate key" in result.stdout
    assert (vault / "People/First3 Last3.md").read_text(encoding="utf-8") == doubled


def test_ladder_unplaced_works_wherever_a_ladder_option_is(make_vault, run, tmp_path):
    """`--ladder unplaced` on import and new leaves the people off the ladder,
    as giving no rung does; list then finds them by it, as the digest does."""
    vault = make_vault({"People/Placed.md": person("Placed", "ladder: peer\n")})
    source = tmp_path / "Connections.csv"
    source.write_text(connections(2), encoding="utf-8")
    imported = run(vault, "import", "linkedin", str(source), "--apply", "--ladder", "unplaced")
    assert imported.exit_code == 0, imported.stderr
    made = run(vault, "new", "Nora Unplaced", "--ladder", "unplaced", "--date", TODAY)
    assert made.exit_code == 0, made.stderr
    assert run(vault, "new", "Omar Plain", "--date", TODAY).exit_code == 0
    nora = (vault / "People/Nora Unplaced.md").read_text(encoding="utf-8")
    omar = (vault / "People/Omar Plain.md").read_text(encoding="utf-8")
    assert "ladder:" not in nora and nora == omar.replace("Omar Plain", "Nora Unplaced")
    assert "ladder:" not in (vault / "People/First1 Last1.md").read_text(encoding="utf-8")
    unplaced = {"First0 Last0", "First1 Last1", "Nora Unplaced", "Omar Plain"}
    listed = run(vault, "list", "--ladder", "unplaced", "--format", "json", "--date", TODAY)
    assert {r["name"] for r in json.loads(listed.stdout)} == unplaced

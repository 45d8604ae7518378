"""Each section of the markdown digest shows the first rows of its full list in
`digest --format json`, in the same order, and says how many more there are:
the two formats are one list cut at two places (issue 20). Checked on a
generated vault of a few hundred contacts, through the real CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import generated_vault

TODAY = "2026-03-14"
SHOWN = 3  # digest.max_rows here: every busy section is cut


@pytest.fixture(scope="module")
def digests(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[str]], dict]:
    vault = generated_vault(tmp_path_factory.mktemp("gen") / "vault", 300, 3)
    (vault / ".netnotes").mkdir(exist_ok=True)
    (vault / ".netnotes" / "config.toml").write_text(f"[digest]\nmax_rows = {SHOWN}\n")
    netnotes = [sys.executable, "-m", "netnotes", "--vault", str(vault), "digest"]
    markdown = subprocess.run(
        [*netnotes, "--stdout", "--date", TODAY], check=True, capture_output=True, text=True
    ).stdout
    data = subprocess.run(
        [*netnotes, "--format", "json", "--date", TODAY], check=True, capture_output=True, text=True
    ).stdout
    return sections(markdown), json.loads(data)


def sections(markdown: str) -> dict[str, list[str]]:
    """Each `## ` section's bullet lines, top-level ones only."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = found.setdefault(line[3:], [])
        elif line.startswith("- "):
            current.append(line)
    return found


def by_line(rows: list[dict], path: str = "path") -> list[list[dict]]:
    """JSON rows (one per person) back into the digest's rows (one per line)."""
    grouped: list[list[dict]] = []
    for row in rows:
        if grouped and (grouped[-1][0][path], grouped[-1][0]["line"]) == (row[path], row["line"]):
            grouped[-1].append(row)
        else:
            grouped.append([row])
    return grouped


def assert_cut(lines: list[str], expected: list[str]) -> None:
    """`lines` are the first rows of `expected` (a text each must hold), then
    `… and N more` for the rest."""
    more = [line for line in lines if line.startswith("- … and ")]
    rows = [line for line in lines if line not in more]
    assert len(rows) == min(SHOWN, len(expected))
    for line, wanted in zip(rows, expected, strict=False):
        assert wanted in line, (wanted, line)
    if len(expected) > SHOWN:
        assert more == [f"- … and {len(expected) - SHOWN} more"]
    else:
        assert more == []


def test_the_vault_fills_every_section_past_the_cut(digests):
    md, data = digests
    for key in ("overdue", "meet_in_person", "follow_ups", "waiting", "coming_up", "personal"):
        assert len(data[key]) > SHOWN, key
    assert len(data["attention"]) > SHOWN


def test_people_sections_show_the_first_people_of_the_json_lists(digests):
    md, data = digests
    lapsed = [r["name"] for r in data["overdue"] if not r["long_lost"]]
    overdue = [line for line in md["Overdue"] if not line.startswith("- Long lost:")]
    assert_cut(overdue, lapsed)
    assert_cut(md["Time to meet in person"], [r["name"] for r in data["meet_in_person"]])
    assert_cut(md["Still to meet"], [r["name"] for r in data["still_to_meet"]])
    assert_cut(md["Birthdays"], [r["name"] for r in data["birthdays"]])


def test_long_lost_names_the_first_long_lost_of_the_json_list(digests):
    md, data = digests
    lost = [r["name"] for r in data["overdue"] if r["long_lost"]]
    (line,) = [line for line in md["Overdue"] if line.startswith("- Long lost:")]
    assert f"Long lost: {len(lost)} " in line
    names = re.findall(r"\[\[([^]|]+)(?:\|([^]]+))?\]\]", line)
    assert [alias or name for name, alias in names] == lost[:5]


def test_line_sections_show_the_first_lines_of_the_json_lists(digests):
    md, data = digests
    for section, key in (("Follow-ups I owe", "follow_ups"), ("Waiting on others", "waiting")):
        rows = by_line(data[key])
        assert_cut(md[section], [r[0]["text"] if not r[0]["private"] else "" for r in rows])
        assert_cut(md[section], [r[0]["name"] for r in rows])
    personal = by_line(data["personal"])
    assert_cut(md["Personal things to ask about"], [r[0]["text"] for r in personal])
    write_up = by_line(data["write_up"])
    assert_cut(md["To write up"], [r[0]["log"] for r in write_up])
    assert_cut(md["Quick touches"], [r["text"] for r in data["quick_touches"]])


def test_coming_up_shows_the_first_meetings_of_the_json_list(digests):
    md, data = digests
    rows = by_line(data["coming_up"], "note")
    assert_cut(md["Coming up"], [r[0]["prep"].removesuffix(".md") + "|prep sheet]]" for r in rows])


def test_groups_and_attention_show_the_first_rows_of_the_json_lists(digests):
    md, data = digests
    if data["groups"]:
        assert_cut(md.get("Groups", []), [g["name"] for g in data["groups"]])
    problems = [
        f"{Path(a['path']).stem}]]" + (f" line {a['line']}:" if a["line"] else ":")
        for a in data["attention"]
    ]
    assert_cut(md["Needs attention"], problems)


def test_a_template_of_your_own_still_gets_every_row(example_vault, run):
    """netnotes' own template shows only the first rows, so the digest it
    renders is built with only those; a user's template may read them all."""
    (example_vault / ".netnotes" / "config.toml").write_text("[digest]\nmax_rows = 1\n")
    override = example_vault / ".netnotes" / "templates" / "digest.md.j2"
    override.parent.mkdir()
    override.write_text(
        "---\ngenerated_by: netnotes\n---\n{{ whole }} {{ follow_ups.rows | length }}"
        " {{ follow_ups.total }} {{ attention.rows | length }} {{ attention.total }}\n",
        encoding="utf-8",
    )
    data = json.loads(
        run(example_vault, "digest", "--format", "json", "--date", "2026-11-26").stdout
    )
    follow_ups = len(by_line(data["follow_ups"]))
    attention = len(data["attention"])
    assert follow_ups > 1
    result = run(example_vault, "digest", "--stdout", "--date", "2026-11-26")
    assert result.stdout.endswith(f"True {follow_ups} {follow_ups} {attention} {attention}\n")


def test_the_warnings_shown_say_what_a_missing_link_may_have_meant(make_vault, run):
    """The markdown digest words what it shows of a missing link as `check`
    and the JSON do, "did you mean" included, though it looks for the
    suggestion only for the rows it shows; and it counts the rest."""
    vault = make_vault(
        {
            ".netnotes/config.toml": "[digest]\nmax_rows = 2\n",
            "People/Tomás García.md": "---\nname: Tomás García\n---\n",
            "Daily/2026-10-01.md": "- Call with [[tomas garcia]]\n- Lunch with [[Tomas Garcai]]\n"
            "- [[Nobody At All]]\n",
        }
    )
    data = json.loads(run(vault, "digest", "--format", "json", "--date", TODAY).stdout)
    problems = [a["problem"] for a in data["attention"]]
    assert sum("; did you mean [[Tomás García]]?" in p for p in problems) == 2
    md = sections(run(vault, "digest", "--stdout", "--date", TODAY).stdout)
    shown = md["Needs attention"]
    assert [line.split(": ", 1)[1] for line in shown[:2]] == [
        p.replace("[[", "`[[").replace("]]", "]]`") for p in problems[:2]
    ]
    assert shown[2:] == [f"- … and {len(problems) - 2} more"]


def test_a_template_of_your_own_that_does_not_parse_is_one_line(example_vault, run):
    override = example_vault / ".netnotes" / "templates" / "digest.md.j2"
    override.parent.mkdir()
    override.write_text("---\ngenerated_by: netnotes\n---\n{% for %}\n", encoding="utf-8")
    result = run(example_vault, "digest", "--stdout", "--date", "2026-11-26")
    assert result.exit_code == 1
    assert "digest.md.j2" in result.stderr and result.stderr.count("\n") == 1

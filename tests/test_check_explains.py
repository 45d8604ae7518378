"""`check` explains what it did not read (date-ish headings, a due date where
the Tasks plugin does not look) and keeps quiet about links that are fine:
to daily notes by date, to attachments that exist, into the templates folder."""

from __future__ import annotations

import json

from conftest import person
from netnotes.linkcheck import suggestion
from netnotes.naming import link_key, lookup_key

ANNA = person(
    "Anna",
    "",
    "## Log\n"
    "### 2026-9-28 — Email intro\n- sent\n"  # line 5
    "## 2026/11/15\n"  # line 7
    "### Nov 12, 2026\n"  # line 8
    "- [ ] 📅 2026-10-15 Send Anna the contact\n"  # line 9
    "- [ ] Send the deck 📅 2026-10-16\n",
)


def problems(run, vault) -> list[tuple[str, int, str]]:
    result = run(vault, "check", "--format", "json")
    return [(p["path"], p["line"], p["problem"]) for p in json.loads(result.stdout)]


def test_date_ish_headings_and_a_date_first_task_are_named_with_the_fix(make_vault, run):
    vault = make_vault({"People/Anna.md": ANNA})
    found = problems(run, vault)
    assert found == [
        (
            "People/Anna.md",
            5,
            "heading '2026-9-28 — Email intro' looks like a date but is not read as one;"
            " write '### 2026-09-28 — Email intro' to make it a conversation",
        ),
        (
            "People/Anna.md",
            7,
            "heading '2026/11/15' looks like a date but is not read as one;"
            " write '## 2026-11-15' to make it a conversation",
        ),
        (
            "People/Anna.md",
            8,
            "heading 'Nov 12, 2026' looks like a date but is not read as one;"
            " write '### 2026-11-12' to make it a conversation",
        ),
        (
            "People/Anna.md",
            9,
            "the due date 📅 2026-10-15 is not at the end of the task, where the Tasks"
            " plugin (and netnotes) read it; move it to the end of the line",
        ),
    ]
    digest = json.loads(run(vault, "digest", "--format", "json", "--date", "2026-11-30").stdout)
    assert [t["text"] for t in digest["follow_ups"] if t["overdue"]] == ["Send the deck"]


def test_links_to_daily_notes_attachments_and_templates_are_no_problem(make_vault, run):
    vault = make_vault(
        {
            "People/Ada.md": person(
                "Ada",
                "",
                "### [[2026-10-29]] — Coffee\n"
                "![[diagram.svg]] [[Files/paper.pdf]] [[Templates/Person]] [[Person]]\n"
                "[[2031-01-01]] [[Nobody]] ![[missing.png]]\n",
            ),
            "Templates/Person.md": "---\nname: <% tp.file.title %>\n---\n",
            "Files/paper.pdf": b"%PDF",
            "diagram.svg": "<svg/>",
        }
    )
    assert [(line, text) for _, line, text in problems(run, vault)] == [
        (6, "link [[Nobody]] leads to no note"),
        (6, "link [[missing.png]] leads to no note"),
    ]


def test_a_link_that_differs_in_accents_is_missing_and_says_whom_it_may_mean(make_vault, run):
    vault = make_vault(
        {
            "People/Tomás García.md": person("Tomás García", "aliases: [Tommy G]\n"),
            "Daily/2026-10-01.md": "- Coffee with [[TOMÁS GARCÍA]]\n"
            "- Call with [[tomas garcia]]\n- Lunch with [[Tomas Garcai]]\n- [[tommy g]]\n",
        }
    )
    assert [(line, text) for _, line, text in problems(run, vault)] == [
        (2, "link [[tomas garcia]] leads to no note; did you mean [[Tomás García]]?"),
        (3, "link [[Tomas Garcai]] leads to no note; did you mean [[Tomás García]]?"),
    ]
    listing = json.loads(run(vault, "list", "--format", "json", "--date", "2026-10-02").stdout)
    assert listing[0]["last_touch"] == "2026-10-01"  # the case-only difference resolved


def test_the_two_foldings_links_and_suggestions():
    assert link_key("Tomás  GARCÍA") == "tomás garcía"  # how Obsidian resolves: case aside
    assert (
        lookup_key("Tomás  GARCÍA") == "tomas garcia"
    )  # how a suggestion looks: accents aside too
    assert suggestion("x", lambda key: [], lambda: {"tomas garcia": "[[T]]"}, 1) is None


def test_the_digest_words_a_namesake_warning_as_check_does_when_a_link_names_it(make_vault, run):
    """A duplicate-name warning's detail is the name both contacts answer to;
    a missing link to that name has the same detail. Only the link's warning
    gets what it may have meant: the digest lists every warning as check does."""
    vault = make_vault(
        {
            "People/Zoë Ray.md": person("Zoë Ray", "", "- Met [[zoe ray]] today\n"),
            "People/Zöe Ray.md": person("Zöe Ray", ""),
        }
    )
    checked = problems(run, vault)
    assert sum("another contact also answers to" in text for _, _, text in checked) == 2
    digest = run(vault, "digest", "--stdout", "--date", "2026-12-06").stdout
    attention = digest.split("## Needs attention", 1)[1].splitlines()
    shown = [line for line in attention if line.startswith("- ")]
    assert len(shown) == len(checked) == 3
    namesakes = [line for line in shown if "another contact also answers to 'zoe ray'" in line]
    assert len(namesakes) == 2
    assert not any("did you mean" in line for line in namesakes)
    assert sum("leads to no note; did you mean" in line for line in shown) == 1

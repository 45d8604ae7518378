"""`search` shows the line that holds the words searched for."""

from __future__ import annotations

import json

from conftest import entry, person


def test_search_shows_the_line_holding_all_the_words(make_vault, run):
    body = entry(
        "2026-09-15",
        "Lunch",
        "- Talked about the reorg",
        "- Her daughter Mia starts college",
        "- Mia wants to study marine biology in college",
    )
    vault = make_vault({"People/Jane.md": person("Jane", "", "## Log\n" + body)})
    result = run(vault, "search", "mia biology", "--format", "json")
    (hit,) = json.loads(result.stdout)
    assert hit["snippet"] == "- Mia wants to study marine biology in college"
    assert hit["line"] == 8
    (hit,) = json.loads(run(vault, "search", "college", "--format", "json").stdout)
    assert (hit["line"], hit["snippet"]) == (7, "- Her daughter Mia starts college")


def test_a_heading_on_the_first_line_of_the_body_is_found_once(make_vault, run):
    """A note's body opening with a heading (`## Log` as `new` writes it, a
    `# Title`) has no section before it: the heading's line is one hit."""
    log = "## Log\n" + entry("2026-09-15", "Lunch", "- Talked about the reorg")
    vault = make_vault(
        {
            "People/Jane.md": person("Jane", "", log),
            "Topics/Harbor.md": "# Harbor Ventures\nA fund in Lisbon.\n",
        }
    )
    hits = json.loads(run(vault, "search", "log", "--format", "json").stdout)
    assert [(h["path"], h["line"]) for h in hits] == [("People/Jane.md", 4)]
    hits = json.loads(run(vault, "search", "harbor", "--format", "json").stdout)
    assert [(h["path"], h["line"]) for h in hits] == [("Topics/Harbor.md", 1)]

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

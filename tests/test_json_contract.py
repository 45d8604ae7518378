"""The JSON documents are a contract (docs/digest.md, docs/prep.md): their
whole shape is pinned by the golden files, and every key in them is documented."""

from __future__ import annotations

import json
import re

import pytest

from conftest import GOLDEN_DIR, REPO


def keys_of(value, skip=("details", "ladder")) -> set[str]:
    """Every key in a JSON document, except inside values keyed by user data."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(key)
            if key not in skip:
                found |= keys_of(item, skip)
    elif isinstance(value, list):
        for item in value:
            found |= keys_of(item, skip)
    return found


@pytest.mark.parametrize(("prefix", "doc"), [("prep-", "prep.md"), ("digest-", "digest.md")])
def test_every_key_of_the_pinned_json_is_documented(prefix, doc):
    text = (REPO / "docs" / doc).read_text(encoding="utf-8")
    goldens = sorted(GOLDEN_DIR.glob(f"{prefix}*.json"))
    assert goldens
    for golden in goldens:
        keys = keys_of(json.loads(golden.read_text("utf-8")))
        missing = {k for k in keys if not _documented(k, text)}
        assert not missing, (golden.name, missing)


def _documented(key: str, text: str) -> bool:
    """Named as a key: in backquotes, or in a `{a, b, c}` list of keys, not
    merely as a word of the prose ("line", "date")."""
    return re.search(rf"[`{{,]\s*{re.escape(key)}\s*[`}},:]", text) is not None

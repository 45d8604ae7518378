"""Line edits of frontmatter: only the lines meant change; comments, order,
CRLF and a BOM stay."""

from __future__ import annotations

from datetime import date

from netnotes.fmedit import add_to_list, rename_key, set_value

NOTE = "\ufeff---\r\nname: Jo  # me\r\ntags: [a, b]\r\nemails:\r\n  - x@y.example\r\nmet: 2020-01-01\r\n---\r\nbody\r\n"


def test_rename_key_keeps_value_and_comment():
    assert rename_key(NOTE, "Met", "connected") == NOTE.replace("met: 2020", "connected: 2020")


def test_add_to_flow_and_block_lists_and_a_new_key():
    text = add_to_list(NOTE, "tags", ["c d"], ["a", "b"])
    assert "tags: [a, b, c d]\r\n" in text
    text = add_to_list(text, "emails", ["z@y.example"], ["x@y.example"])
    assert "emails:\r\n  - x@y.example\r\n  - z@y.example\r\nmet:" in text
    text = add_to_list(text, "aliases", ["Jo Jo"], [])
    assert text.endswith("aliases:\r\n  - Jo Jo\r\n---\r\nbody\r\n")
    assert text.startswith("\ufeff---\r\nname: Jo  # me\r\n")


def test_set_value_replaces_a_block_and_quotes_what_yaml_would_misread():
    text = set_value(NOTE, "emails", "+15551234")
    assert 'emails: "+15551234"\r\nmet: 2020-01-01\r\n' in text
    assert set_value(NOTE, "snooze", date(2027, 1, 15)).endswith(
        "snooze: 2027-01-15\r\n---\r\nbody\r\n"
    )

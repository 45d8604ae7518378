"""An index kept up to date note by note answers exactly as one built from
nothing: the facts sync stores for speed (last touches, names two contacts
share, link problems, attendees) follow every kind of edit."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from netnotes.digest_facts import read_facts
from netnotes.groups import never_alone
from netnotes.index import Index
from netnotes.render import Renderer
from netnotes.session import Session

TODAY = date(2026, 11, 26)
RAJ = "People/Raj Patel.md"
LUNCH = "Meetings/2026-12-08 Design review lunch.md"
BREAKFAST = "Meetings/2026-11-05 Downtown Business Network breakfast.md"


def open_index(root: Path, path: Path) -> Index:
    index, _ = Session(root, path).index(sync=False)
    return index


def answers(index: Index) -> dict[str, object]:
    contacts = index.contacts()
    return {
        "contacts": contacts,
        "touches": index.touches(),
        "last": index.last_touches(TODAY),
        "last, long ago": index.last_touches(date(2025, 1, 1)),
        "items": index.items(),
        "digest facts": read_facts(index, TODAY, TODAY + timedelta(days=14)),
        "digest facts, tasks aside": read_facts(index, TODAY, TODAY, tasks=False),
        "digest facts, a year ago": read_facts(index, date(2025, 11, 26), TODAY),
        "meetings": index.meetings(),
        "never met one on one": never_alone(index, {c.path for c in contacts}, TODAY),
        "problems": index.problems(),
        "search": index.search('"design review"'),
        "linked": [index.linked_contacts(c.path) for c in contacts],
        "mentions": [index.mentions(c.path) for c in contacts],
    }


def append(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    # (what a user did, the paths a watcher would hint, or None for a full walk)
    (lambda r: append(r, RAJ, "\n### 2026-11-20 — Coffee\n- Fine.\n"), {RAJ}),
    (lambda r: append(r, RAJ, "\n### 2026-12-02 — Dinner\n- [ ] Book a table\n"), {RAJ}),
    (lambda r: replace(r, LUNCH, '"[[Tom Becker]]"', '"[[Raj Patel]]"'), {LUNCH}),
    (lambda r: replace(r, RAJ, "name: Raj Patel", "name: Raj Patel\naliases: [Aisha Khan]"), {RAJ}),
    (lambda r: (r / "People/Raj Patel 2.md").write_text((r / RAJ).read_text()), None),
    (lambda r: (r / BREAKFAST).unlink(), {BREAKFAST}),
    (lambda r: (r / RAJ).rename(r / "People/Raj P.md"), {RAJ, "People/Raj P.md"}),
    (lambda r: (r / "People/Raj Patel 2.md").unlink(), None),
]


@pytest.mark.parametrize("step", range(1, len(EDITS) + 1))
def test_an_index_kept_up_to_date_answers_like_a_new_one(example_vault, tmp_path, step):
    kept = open_index(example_vault, tmp_path / "kept.sqlite3")
    kept.sync()
    for edit, hint in EDITS[:step]:
        edit(example_vault)
        kept.sync(paths=hint)
    fresh = open_index(example_vault, tmp_path / "fresh.sqlite3")
    fresh.sync()
    assert answers(kept) == answers(fresh)


def test_a_contact_with_a_planned_meeting_keeps_the_last_touch_that_happened(
    example_vault, tmp_path
):
    append(example_vault, RAJ, "\n### 2027-01-10 — Lunch\n- Planned.\n")
    index = open_index(example_vault, tmp_path / "index.sqlite3")
    index.sync()
    last, in_person = index.last_touches(TODAY)[RAJ]
    assert last is not None and last <= TODAY and (in_person is None or in_person <= TODAY)
    assert index.last_touches(date(2027, 1, 10))[RAJ] == (date(2027, 1, 10), date(2027, 1, 10))


def test_one_contacts_last_touch_is_their_row_of_everyones(example_vault, tmp_path):
    """`show` asks for one contact's last touch; it must be what the whole
    table says, planned meetings after today and contacts never met included."""
    append(example_vault, RAJ, "\n### 2027-01-10 — Lunch\n- Planned.\n")
    index = open_index(example_vault, tmp_path / "index.sqlite3")
    index.sync()
    for day in (TODAY, date(2027, 1, 10), date(2020, 1, 1)):
        everyone = index.last_touches(day)
        for contact in index.contacts(details=False):
            one = index.last_touches(day, contact.path)
            assert one == (
                {contact.path: everyone[contact.path]} if contact.path in everyone else {}
            )
    assert RAJ in index.last_touches(TODAY, RAJ)


def test_a_changed_template_is_used_though_compiled_templates_are_kept(tmp_path):
    vault, cache = tmp_path / "vault", tmp_path / "cache"
    override = vault / ".netnotes" / "templates" / "hello.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("one {{ who }}\n", encoding="utf-8")
    assert Renderer(vault, cache).render("hello.md.j2", {"who": "a"}) == "one a\n"
    assert os.listdir(cache)  # compiled once, kept
    override.write_text("two {{ who }}\n", encoding="utf-8")
    assert Renderer(vault, cache).render("hello.md.j2", {"who": "b"}) == "two b\n"


def test_a_cache_folder_that_cannot_be_made_only_costs_speed(tmp_path):
    vault = tmp_path / "vault"
    template = vault / ".netnotes" / "templates" / "hello.md.j2"
    template.parent.mkdir(parents=True)
    template.write_text("hi {{ who }}\n", encoding="utf-8")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert Renderer(vault, blocked / "templates").render("hello.md.j2", {"who": "a"}) == "hi a\n"

"""A sync says whose facts it may have changed (SyncReport.contacts), so the
watcher recomputes the digest rows of those contacts only: every contact
whose facts differ after an edit is named, or the report says "everyone"
(None)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from netnotes.index import Index
from netnotes.session import Session

TODAY = date(2026, 11, 26)
RAJ = "People/Raj Patel.md"
TOM = "People/Tom Becker.md"
LUNCH = "Meetings/2026-12-08 Design review lunch.md"
BREAKFAST = "Meetings/2026-11-05 Downtown Business Network breakfast.md"


def open_index(root: Path, path: Path) -> Index:
    index, _ = Session(root, path).index(sync=False)
    return index


def facts(index: Index) -> dict[str, object]:
    """Per contact path: what the digest and the sheets read of that contact."""
    last = index.last_touches(TODAY)
    return {
        c.path: (
            c,
            index.touches(c.path),
            last.get(c.path),
            index.items(c.path),
            index.mentions(c.path),
            index.lines_linking(c.path),
            index.linked_contacts(c.path),
        )
        for c in index.contacts()
    }


def changed_facts(before: dict[str, object], after: dict[str, object]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


SAVES = [
    # (a save, the paths the watcher hints)
    (lambda r: append(r, RAJ, "\n### 2026-11-20 — Coffee\n- Fine.\n"), {RAJ}),
    (lambda r: append(r, RAJ, "\n- [ ] Ask [[Tom Becker]] about the offsite\n"), {RAJ}),
    (lambda r: edit(r, LUNCH, '"[[Tom Becker]]"', '"[[Raj Patel]]"'), {LUNCH}),
    (lambda r: append(r, LUNCH, "\n- [ ] Send [[Tom Becker]] the slides\n"), {LUNCH}),
    (lambda r: edit(r, TOM, "ladder: peer", "ladder: mentor\ncadence: 30d"), {TOM}),
    (lambda r: (r / LUNCH).unlink(), {LUNCH}),
]


@pytest.mark.parametrize("step", range(len(SAVES)))
def test_every_contact_whose_facts_a_save_changed_is_named(example_vault, tmp_path, step):
    index = open_index(example_vault, tmp_path / "index.sqlite3")
    index.sync()
    for save, hint in SAVES[:step]:
        save(example_vault)
        index.sync(paths=hint)
    before = facts(index)
    save, hint = SAVES[step]
    save(example_vault)
    report = index.sync(paths=hint)
    changed = changed_facts(before, facts(index))
    assert changed, "each save changes someone's facts"
    assert report.contacts is not None, "a save of a note or two names whom it concerns"
    assert changed <= report.contacts
    assert len(report.contacts) < len(before) / 2, "not everyone"


def test_a_save_of_a_contact_names_them_and_those_its_lines_concern(example_vault, tmp_path):
    index = open_index(example_vault, tmp_path / "index.sqlite3")
    index.sync()
    append(example_vault, RAJ, "\n- [ ] Ask [[Tom Becker]] about the offsite\n")
    report = index.sync(paths={RAJ})
    assert report.contacts is not None and {RAJ, TOM} <= report.contacts


def test_nothing_changed_concerns_no_one(example_vault, tmp_path):
    index = open_index(example_vault, tmp_path / "index.sqlite3")
    index.sync()
    assert index.sync(paths={RAJ}).contacts == frozenset()
    (example_vault / RAJ).touch()  # the same bytes, a new mtime
    assert index.sync(paths={RAJ}).contacts == frozenset()


@pytest.mark.parametrize(
    "save, hint",
    [
        # a name links resolve by: links in notes that did not change may move
        (lambda r: edit(r, RAJ, "name: Raj Patel", "name: Raj Patel\naliases: [Raj P]"), {RAJ}),
        (lambda r: (r / RAJ).unlink(), {RAJ}),
        (lambda r: append(r, RAJ, "\n### 2026-11-20 — Coffee\n- Fine.\n"), None),  # a walk
    ],
)
def test_a_rename_or_a_walk_concerns_everyone(example_vault, tmp_path, save, hint):
    index = open_index(example_vault, tmp_path / "index.sqlite3")
    index.sync()
    save(example_vault)
    report = index.sync(paths=hint)
    assert report.changed_paths == [RAJ]
    assert report.contacts is None


def test_a_meeting_of_a_group_concerns_everyone(example_vault, tmp_path):
    index = open_index(example_vault, tmp_path / "index.sqlite3")
    index.sync()
    (example_vault / BREAKFAST).unlink()
    assert index.sync(paths={BREAKFAST}).contacts is None


def test_a_new_meeting_of_a_group_with_attendees_concerns_everyone(example_vault, tmp_path):
    """Its rows, once written, name a group: found after the write (the
    watcher's save of a new group meeting crashed on it)."""
    index = open_index(example_vault, tmp_path / "index.sqlite3")
    index.sync()
    new = "Meetings/2026-12-02 Downtown Business Network.md"
    (example_vault / new).write_text(
        '---\ndate: 2026-12-02\ngroup: "[[Downtown Business Network]]"\n'
        'with: ["[[Raj Patel]]"]\n---\n- breakfast\n',
        encoding="utf-8",
    )
    report = index.sync(paths={new})
    assert report.changed_paths == [new]
    assert report.contacts is None


def test_a_group_note_concerns_everyone(make_vault, tmp_path):
    from conftest import person

    vault = make_vault(
        {
            "People/Ann.md": person("Ann", "groups: [Chess]\n"),
            "Groups/Chess.md": "---\ntype: group\nmeets: every Monday\n---\n",
        }
    )
    index = open_index(vault, tmp_path / "index.sqlite3")
    index.sync()
    edit(vault, "Groups/Chess.md", "every Monday", "every Tuesday")
    report = index.sync(paths={"Groups/Chess.md"})
    assert report.changed_paths == ["Groups/Chess.md"]
    assert report.contacts is None

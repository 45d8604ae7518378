"""What the index hands back shares the values that recur: the watcher keeps
every contact's digest facts in memory (digest_live.py), and SQLite makes a
new object of every value it returns."""

from __future__ import annotations

from datetime import date

from netnotes.results import contact_of, date_or_none, owned_item_of, touch_of


def fresh(*values: object) -> tuple:
    """The values as SQLite gives them: each string a new object."""
    return tuple((v + ".")[:-1] if isinstance(v, str) else v for v in values)


def test_contacts_share_their_recurring_values() -> None:
    one, two = (
        contact_of(
            fresh(path, "N", "", "a\x1fb", "peer", "Acme", "CTO", "active", "monthly")
            + fresh(None, "2024-01-02", "at a talk", None, "x\x1fy", None, None, None)
        )
        for path in ("People/A.md", "People/B.md")
    )
    assert one.tags == ("a", "b") and one.tags is two.tags
    assert one.groups is two.groups
    assert one.met == date(2024, 1, 2) and one.met is two.met
    assert one.company is two.company and one.ladder is two.ladder and one.status is two.status


def test_items_and_touches_share_paths_and_days() -> None:
    path = "People/Ada.md"
    first, second = (
        owned_item_of(fresh(path, path, n, "personal", "t", "2026-03-01", 0, 0, None, 0, 0, 1))
        for n in (1, 2)
    )
    assert first.contact is second.contact and first.path is second.path
    assert first.date is second.date
    a, b = (
        touch_of(fresh(path, path, n, n, "2026-03-01", "", "call", 0, "contact", 0)) for n in (1, 2)
    )
    assert a.contact is b.contact and a.date is b.date and a.kind is b.kind


def test_days_are_shared() -> None:
    one, two = (date_or_none(fresh("2026-03-01")[0]) for _ in range(2))
    assert one == date(2026, 3, 1) and one is two

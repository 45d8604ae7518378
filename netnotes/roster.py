"""The contacts of an index as of a day: everyone's standing, the order and
the JSON `list` shows them in, and the one contact a typed name finds. The
rules for one contact are people.py's; this module brings them to the index."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .config import Config
from .models import Contact
from .naming import lookup_key
from .people import Standing, find_contact, standing

if TYPE_CHECKING:
    from .index import Index


def find_indexed(index: Index, query: str) -> Contact:
    """find_contact over every contact in the index, details included: the
    one contact that answers to `query`, found from the lookup keys sync
    stored; otherwise find_contact itself, which says who could be meant or
    who is closest."""
    wanted = lookup_key(query.removesuffix(".md"))
    paths = index.answering(wanted, "contact") if wanted else []
    if not paths and wanted and " " not in wanted:  # a first or last name
        paths = index.answering(wanted, "contact", word=True)
    found = index.contact(paths[0]) if len(paths) == 1 else None
    if found is None:
        found = find_contact(index.contacts(details=False), query)
        found = index.contact(found.path) or found
    return found


def standings(index: Index, config: Config, today: date) -> list[Standing]:
    """Every contact as of `today`, in the index's order (by name)."""
    touches = index.last_touches(today)
    contacts = index.contacts(details=False)
    return [standing(c, touches.get(c.path, (None, None)), config, today) for c in contacts]


LIST_SORTS = ("name", "due", "last", "ladder")
_RUNG_ORDER = {"above": 0, "peer": 1, "below": 2}


def sorted_standings(rows: list[Standing], by: str) -> list[Standing]:
    """`list --sort`: name (the index's order), due (soonest first, never due
    last), last (longest since the last touch first, never touched last),
    ladder (above, peer, below, unplaced). Ties keep the name order."""
    if by == "due":
        return sorted(rows, key=lambda s: (s.due is None, s.due or date.min))
    if by == "last":
        return sorted(rows, key=lambda s: (s.last_touch is None, s.last_touch or date.min))
    if by == "ladder":
        return sorted(rows, key=lambda s: _RUNG_ORDER.get(s.contact.ladder or "", 3))
    return list(rows)


def status_text(s: Standing, today: date) -> str:
    """What `list` says in its STATUS column: empty for an active contact."""
    c = s.contact
    if c.status != "active":
        return c.status
    if c.snooze and c.snooze > today:
        return f"snoozed until {c.snooze.isoformat()}"
    return ""


def standing_json(s: Standing) -> dict[str, object]:
    """The `list --format json` object for one contact (README)."""
    c = s.contact
    return {
        "name": c.name,
        "path": c.path,
        "ladder": c.ladder,
        "company": c.company,
        "role": c.role,
        "tags": sorted(c.tags),
        "status": c.status,
        "snooze": c.snooze.isoformat() if c.snooze else None,
        "cadence": str(s.cadence),
        "cadence_days": s.cadence.nominal_days,
        "last_touch": s.last_touch.isoformat() if s.last_touch else None,
        "last_in_person": s.last_in_person.isoformat() if s.last_in_person else None,
        "due": s.due.isoformat() if s.due else None,
        "meet_every": str(s.meet_every),
        "meet_due": s.meet_due.isoformat() if s.meet_due else None,
    }

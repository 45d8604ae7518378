"""Who someone is, as a prep sheet says it: the headline (role at company,
rung), how you met, every other frontmatter fact as written, the note's
opening text and a birthday within the horizon."""

from __future__ import annotations

from datetime import date

from .models import Contact
from .people import birthday_of
from .prep_model import BirthdayNote, Detail
from .properties import property_key, role_key, value_text, written_key

# What the headline and the "met" line show, by the key the parser reads it
# from (properties.py: `organization` is `company`); a role may also be
# written as `title`, as the parser reads it (properties.role_key).
_HEADLINE_KEYS = ("role", "company", "ladder", "met", "how_met")


def _written(details: dict[str, object], what: str, name: str) -> tuple[str | None, str]:
    """The frontmatter key holding `what` (role, company …) and its value as written."""
    key = role_key(details, name) if what == "role" else written_key(details, what)
    shown = value_text(details[key]) if key is not None else ""
    return (key, shown) if shown else (None, "")


def headline(contact: Contact) -> str:
    _, role = _written(contact.details, "role", contact.name)
    _, company = _written(contact.details, "company", contact.name)
    job = f"{role} at {company}" if role and company else role or company
    ladder = f"ladder: {contact.ladder}" if contact.ladder else ""
    return " · ".join(filter(None, (job, ladder)))


def met_line(contact: Contact) -> str:
    _, written = _written(contact.details, "met", contact.name)
    _, how = _written(contact.details, "how_met", contact.name)
    met = contact.met.isoformat() if contact.met else written and f"{written} (not a valid date)"
    if met and how:
        return f"Met {met} · {how}"
    return f"Met {met}" if met else f"How you met: {how}" if how else ""


def facts_of(details: dict[str, object], name: str) -> tuple[Detail, ...]:
    used = {_written(details, what, name)[0] for what in _HEADLINE_KEYS}
    facts = []
    for key, value in details.items():
        shown = value_text(value)
        own_name = property_key(key) in ("name", "title") and shown.casefold() == name.casefold()
        if key not in used and property_key(key) != "name" and not own_name and shown:
            facts.append(Detail(key, shown))
    return tuple(facts)


def opening_text(opening: tuple[tuple[int, str], ...], items: set[int]) -> tuple[str, ...]:
    """The note's opening text (as the parser found it), its items aside: the
    lists of the sheet show those."""
    return tuple(text for line, text in opening if line not in items)


def birthday_note(contact: Contact, today: date, end: date) -> BirthdayNote | None:
    birthday = birthday_of(contact)
    if birthday is None or not contact.birthday:
        return None
    next_one = birthday.next_on_or_after(today)
    if next_one > end:
        return None
    return BirthdayNote(
        next_one, contact.birthday, (next_one - today).days, birthday.age_on(next_one)
    )

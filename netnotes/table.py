"""Whose line is it, at a table of several people (DESIGN.md §3, §9): a line
of a meeting note that links a contact, or names an attendee in plain words,
belongs to those people; a line that names no one belongs to the table.

Used so that one person's part of a sheet never holds another attendee's
lines ("[[Ravi]] ran his first ultramarathon" is Ravi's, not Marcus's), and
so that the table's own lines are shown once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .inline import CONTROL_TAGS, links_in, tags_in
from .models import Contact, note_stem
from .naming import lookup_key


def contact_keys(everyone: Iterable[Contact]) -> dict[str, str]:
    """Every contact's path by the keys a link to them folds to: each one's
    name, file name and path in turn, and their aliases where still free.
    Built once for all the tables of a run: it is as big as the vault."""
    by_key: dict[str, str] = {}
    for c in everyone:
        for key in (
            lookup_key(c.name),
            lookup_key(c.stem),
            lookup_key(c.path.removesuffix(".md")),
        ):
            by_key[key] = c.path
        for alias in c.aliases:
            by_key.setdefault(lookup_key(alias), c.path)
    return by_key


# The contact a link whose target folds (lookup_key) to this key goes to, as
# contact_keys has it; None: no contact.
ContactAt = Callable[[str], "str | None"]


class TableReader:
    """`contact_at`: whom a link goes to; `attendees`: who sits at this table."""

    def __init__(self, contact_at: ContactAt, attendees: Iterable[Contact]) -> None:
        self.contact_at = contact_at
        self.by_word: dict[str, str] = {}
        for c in attendees:
            first = c.name.split()[0] if c.name.split() else ""
            for word in (c.name, first, *c.aliases):
                if lookup_key(word):
                    self.by_word.setdefault(lookup_key(word), c.path)
        alternatives = "|".join(sorted(map(re.escape, self.by_word), key=len, reverse=True))
        self.named = re.compile(rf"\b(?:{alternatives})\b") if alternatives else None

    def people_in(self, raw: str) -> set[str]:
        """The contacts (paths) a line links, and the attendees it names."""
        found = set()
        for target, _ in links_in(raw):
            path = self.contact_at(lookup_key(target)) or self.contact_at(
                lookup_key(note_stem(target + ".md"))
            )
            if path:
                found.add(path)
        if self.named:
            found |= {
                self.by_word[m] for m in self.named.findall(lookup_key(raw)) if m in self.by_word
            }
        return found

    def belongs_to_table(self, raw: str) -> bool:
        """Nobody's own line: it names no one and is no personal item, ask,
        sensitive or waiting line."""
        if any(tag.lower() in CONTROL_TAGS for tag in tags_in(raw)):
            return False
        return not self.people_in(raw)

    def belongs_to(self, raw: str, contact: str) -> bool:
        """Whether `contact` may see the line in their part: it is theirs,
        or it names no one (a `#sensitive` line that names no one is kept
        out by the caller's lists, never shown as a plain line)."""
        people = self.people_in(raw)
        return not people or contact in people

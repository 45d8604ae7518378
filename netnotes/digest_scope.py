"""Which part of the network a digest (or `list`) covers: `Scope`, narrowed by
tag, ladder rung or group; empty, it admits everyone."""

from .models import ContactView
from .naming import lookup_key
from .values import immutable

RUNGS = ("above", "peer", "below", "unplaced")
RUNG_LABELS = {"above": "Above you", "peer": "Peers", "below": "Below you", "unplaced": "Unplaced"}


@immutable  # frozen for the type checker: a frozen dataclass compiles two methods more
class Scope:
    """Which part of the network a digest covers; empty means all of it."""

    tag: str | None = (
        None  # a tag, or a parent of nested tags (`fintech` admits `fintech/payments`)
    )
    ladder: str | None = None  # above, peer, below or unplaced
    group: str | None = None  # a group's name (groups.Groups.find)
    members: frozenset[str] | None = None  # the group's members, once it is found

    @property
    def narrowed(self) -> bool:
        return bool(self.tag or self.ladder or self.group)

    def admits(self, contact: ContactView) -> bool:
        if self.tag:
            wanted = self.tag.lstrip("#").lower()
            if not any(t == wanted or t.startswith(wanted + "/") for t in contact.tags):
                return False
        if self.ladder and (contact.ladder or "unplaced") != self.ladder:
            return False
        if self.group and self.members is not None:
            return contact.path in self.members
        return not self.group or lookup_key(self.group) in {lookup_key(g) for g in contact.groups}

    def describe(self) -> str:
        """`tagged #fintech · above you · in Downtown Business Network`, or ''."""
        parts = []
        if self.tag:
            parts.append(f"tagged #{self.tag.lstrip('#').lower()}")
        if self.ladder:
            parts.append(RUNG_LABELS[self.ladder].lower() if self.ladder != "peer" else "peers")
        if self.group:
            parts.append(f"in {self.group}")
        return " · ".join(parts)

"""The digest's groups section: each networking group, when it meets next, who
is in it, how often you went lately and whom in it you never met one on one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .digest_facts import RECENT_DAYS
from .digest_network import Network
from .digest_rows import GroupRow
from .groups import Groups, never_alone
from .naming import wikilink

if TYPE_CHECKING:
    from .index import Index


def group_rows(net: Network, groups: Groups, index: Index) -> list[GroupRow]:
    """Each group with a member the digest covers (every group, for the
    whole network), by name."""
    rows = []
    everyone = (p for g in groups.groups for p in groups.members(g))
    # the whole network's members are every group's: named as the groups read them
    covered = net.contacts.names(everyone) if net.narrowed else groups.names(everyone)
    lonely = never_alone(index, set(covered), net.today, groups.ids(covered))
    for group in groups.groups:
        members = [p for p in groups.members(group) if p in covered]  # in the index's order
        if net.narrowed and not members:
            continue
        people = tuple(net.named(path, covered[path]) for path in members)
        never = [p for p in people if p.path in lonely]
        next_day = group.next_meeting(net.today)
        rows.append(
            GroupRow(
                name=group.name,
                path=group.path,
                link=wikilink(group.path, group.name) if group.path else group.name,
                next=next_day,
                next_scheduled=next_day is not None and not group.noted_on(next_day),
                members=people,
                attended_90d=groups.attended(group, RECENT_DAYS),
                one_on_one_never=tuple(never),
            )
        )
    return rows

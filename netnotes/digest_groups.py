"""The digest's groups section: each networking group, when it meets next, who
is in it, how often you went lately and whom in it you never met one on one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .digest_facts import RECENT_DAYS
from .digest_network import Network, people_in_order
from .digest_rows import GroupRow
from .groups import Groups, never_alone
from .naming import wikilink

if TYPE_CHECKING:
    from .index import Index


def group_rows(net: Network, groups: Groups, index: Index) -> list[GroupRow]:
    """Each group with a member the digest covers (every group, for the
    whole network), by name."""
    rows = []
    members_of = {id(g): [p for p in groups.members(g) if p in net.contacts] for g in groups.groups}
    lonely = never_alone(index, {p for paths in members_of.values() for p in paths}, net.today)
    for group in groups.groups:
        members = members_of[id(group)]
        if net.narrowed and not members:
            continue
        people = people_in_order(net, members)
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

"""Open items, for the digest: follow-ups you owe and are waiting on, and
personal things shared lately to ask about. Rows sorted as each section
shows them; `#sensitive` text never leaves its note (privacy.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from . import privacy
from .digest_facts import RECENT_DAYS, first_personal_lines
from .digest_members import Rank
from .digest_network import Network, by_line, elsewhere, line_people
from .digest_rows import FollowUp, Shared, span_text
from .models import ACTIVE, PERSONAL, OwnedItem
from .naming import joined_links
from .roster import Memo

if TYPE_CHECKING:
    from .index import Index


def task_lines(net: Network, items: list[OwnedItem]) -> list[list[OwnedItem]]:
    """Open tasks grouped by line (one row per line even when it belongs to
    several people), those with a due date first, soonest (so most overdue)
    first, before any row is made: the markdown digest makes only the rows it
    shows."""
    rank = net.rank
    contacts = {i.contact for i in items}
    net.contacts.read_ranks(contacts)  # at once, not a query for each
    ranks = {path: rank[path] for path in contacts}  # each contact once
    today = net.today

    def order(line: list[OwnedItem]) -> tuple[bool, date, Rank, str, int]:
        item = line[0]
        first = ranks[item.contact] if len(line) == 1 else min(ranks[i.contact] for i in line)
        return (item.due is None, item.due or today, first, item.path, item.line)

    return sorted(by_line(items), key=order)


def is_late(line: list[OwnedItem], today: date) -> bool:
    due = line[0].due
    return due is not None and due < today


def follow_up(net: Network, line_items: list[OwnedItem]) -> FollowUp:
    """The row of one task line, which can belong to several people."""
    item = line_items[0]
    path, due, today = item.path, item.due, net.today
    people = line_people(net, line_items)
    late = (today - due).days if due and due < today else 0
    shareable = privacy.shareable(item.sensitive)
    text = item.text if shareable else privacy.private_follow_up(joined_links(people))
    return FollowUp(  # by position: keywords cost a JSON digest's thousands of rows 10 ms
        people,
        path,
        item.line,
        text,
        due,
        late > 0,  # overdue
        late,  # days_overdue
        _span_text[late] if late else "",  # overdue_for
        elsewhere(path, people),  # note_link
        not shareable,  # private
    )


# days late -> how a row says it: the rows of a JSON digest share few spans
# (over a year, most of them). Pure, and bounded by the days tasks are late.
_span_text: Memo[int, str] = Memo(span_text)


def personal_rows(
    net: Network, items: list[OwnedItem], soon: set[str], first: int | None = None
) -> tuple[list[Shared], int]:
    """Per contact, the personal items shared on the latest day they shared any
    (today or before) when that day lies within the last RECENT_DAYS, and the
    `## Personal` section of everyone coming up (`soon`); newest first. `items` come
    from `read_facts` (DigestFacts.open_items), which keeps of each
    contact's dated personal items only those of that latest day. `#sensitive`
    items are left out (prep sheets handle them); so are paused contacts,
    unless they are coming up. The rows (the `first` ones, when given) and
    how many there are."""
    since = net.today - timedelta(days=RECENT_DAYS - 1)
    chosen = [
        i
        for i in items
        if i.type == PERSONAL
        and privacy.shareable(i.sensitive)
        and (net.contacts.standing(i.contact).status == ACTIVE or i.contact in soon)
        and (since <= i.date <= net.today if i.date is not None else i.contact in soon)
    ]
    rank = net.rank

    def order(line: list[OwnedItem]) -> tuple[bool, int, Rank, str, int]:
        item = line[0]
        who = min(rank[i.contact] for i in line)  # the row's first person
        when = item.date or net.today
        return (item.date is None, -when.toordinal(), who, item.path, item.line)

    lines = sorted(by_line(chosen), key=order)
    shown = lines[:first]
    net.contacts.names(i.contact for line in shown for i in line)  # at once, as first_personal_rows
    return [_shared(net, line) for line in shown], len(lines)


def first_personal_rows(
    index: Index, net: Network, soon: set[str], first: int
) -> tuple[list[Shared], int]:
    """personal_rows' first rows and how many there are, read from SQL
    (digest_facts.first_personal_lines): a one-shot markdown digest's, whose
    facts hold no personal rows' items (DigestFacts.personal). A LiveDigest
    keeps those items, read again per contact on a save, and sorts them in
    Python: cheaper than asking SQL on every save."""
    found = first_personal_lines(index, net.today, soon, first)
    net.contacts.names(i.contact for line in found.first for i in line)
    return [_shared(net, line) for line in found.first], found.total


def _shared(net: Network, line_items: list[OwnedItem]) -> Shared:
    item = line_items[0]
    people = line_people(net, line_items)
    return Shared(people, item.path, item.line, item.text, item.date, elsewhere(item.path, people))

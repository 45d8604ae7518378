"""Who is due, for the digest: the overdue (the first clock: last touch +
cadence), those still to meet face to face, and the address book that is
counted but never listed. Rows sorted as each section shows them."""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import NamedTuple

from .digest_network import Network
from .digest_rows import Overdue, Unmet, cadence_words, span_text
from .models import ACTIVE
from .people import Standing
from .worklist import is_long_lost


class Due(NamedTuple):
    """An overdue contact before its row is made (overdue_row): all that the
    section's order and this week's picks need."""

    path: str
    standing: Standing
    days_overdue: int
    long_lost: bool


def overdue_contacts(net: Network) -> tuple[list[Due], list[Due]]:
    """Contacts past their due date: the recently lapsed and the long lost,
    most overdue first in each (the overdue section lists the one, then the
    other)."""
    today = net.today
    found = []
    for path, s in net.standings.items():
        due = s.due
        if due is None or due >= today or s.last_touch is None:
            continue
        late = (today - due).days  # s.days_overdue(today), inlined: 1.4 of 12 ms at 10k
        found.append(Due(path, s, late, is_long_lost(late, cadence_words(s.cadence).days)))
    # standings come in the index's order, which breaks ties: a stable sort
    found.sort(key=attrgetter("days_overdue"), reverse=True)
    return [d for d in found if not d.long_lost], [d for d in found if d.long_lost]


def overdue_row(net: Network, due: Due, planned: dict[str, date]) -> Overdue:
    """The row of one of overdue_contacts'."""
    s = due.standing
    assert s.due is not None and s.last_touch is not None  # overdue_contacts'
    cadence = cadence_words(s.cadence)
    return Overdue(  # by position: keywords cost a JSON digest's thousands of rows 10 ms
        net.person(due.path),
        s.contact.ladder,
        s.due,
        due.days_overdue,
        span_text(due.days_overdue),  # overdue_for
        s.last_touch,
        s.last_in_person,
        cadence.written,  # cadence
        cadence.days,  # cadence_days
        cadence.text,  # cadence_text
        planned.get(due.path),
        due.long_lost,
    )


def in_address_book(s: Standing, planned: dict[str, date]) -> bool:
    """DESIGN §4: an active contact with no rung, no cadence of their own
    (`cadence:` or `meet_every:`), no touch and nothing planned (typically one of hundreds imported) is only in
    the address book: counted, never listed as still to meet."""
    c = s.contact
    return (
        c.status == ACTIVE
        and not c.ladder
        and not c.cadence
        and not c.meet_every
        and s.last_touch is None
        and c.path not in planned
    )


def unmet_rows(net: Network, planned: dict[str, date]) -> list[Unmet]:
    """Active contacts never met face to face, address book aside: those with
    a meeting planned first, then those you are in touch with (latest first),
    then by name."""
    rows = []
    for path, s in net.standings.items():
        c = s.contact
        if c.status == ACTIVE and s.never_met and not in_address_book(s, planned):
            rows.append(
                Unmet(
                    net.person(path),
                    c.ladder,
                    c.company,
                    c.role,
                    c.how_met,
                    s.last_touch,
                    planned.get(path),
                )
            )

    def order(r: Unmet) -> tuple[int, int, int]:
        if r.planned:
            return (0, r.planned.toordinal(), net.rank[r.person.path])
        if r.last_touch:
            return (1, -r.last_touch.toordinal(), net.rank[r.person.path])
        return (2, 0, net.rank[r.person.path])

    return sorted(rows, key=order)

"""Who is due, for the digest: the overdue (the first clock: last touch +
cadence), those still to meet face to face, and the address book that is
counted but never listed. Each is a query of the table `member` (digest_members.py)
ordered as its section shows it, cut to the rows asked for and counted; a
row is made only of what is shown."""

from datetime import date
from typing import NamedTuple

from .digest_network import Network
from .digest_rows import Overdue, Unmet, cadence_words, span_text
from .people import Member

ALL = -1  # SQLite's LIMIT for every row

# Everyone past their due day with a touch to count from, how many days
# overdue and whether long lost (the table member's late and lost). Most
# overdue first (the earliest due), ties in the index's order.
_OVERDUE_ROWS = (
    "SELECT f.path, late, lost FROM member m CROSS JOIN files f ON f.id = m.file"
    " WHERE late IS NOT NULL AND lost = :lost ORDER BY due_day, sort_key, f.path LIMIT :limit"
)
# How many of each (the table's totals: `overdue` 1 lapsed, 2 long lost).
_OVERDUE_COUNTS = (
    "SELECT overdue - 1, SUM(members) FROM member_totals WHERE overdue IN (1, 2) GROUP BY 1"
)


class Due(NamedTuple):
    """An overdue contact before its row is made (overdue_row)."""

    path: str
    standing: Member
    days_overdue: int
    long_lost: bool


class OverdueFound(NamedTuple):
    """overdue_contacts' answer: the first of the recently lapsed and of the
    long lost, most overdue first in each (the overdue section lists the
    one, then the other), and how many there are of each."""

    lapsed: list[Due]
    lost: list[Due]
    lapsed_total: int
    lost_total: int


def overdue_contacts(net: Network, lapsed: int | None, lost: int | None) -> OverdueFound:
    """Contacts past their due date: the first `lapsed` of the recently
    lapsed, the first `lost` of the long lost (None: all of them)."""
    found = []
    for long_lost, limit in ((False, lapsed), (True, lost)):
        rows = net.conn.execute(
            _OVERDUE_ROWS, {"lost": long_lost, "limit": ALL if limit is None else limit}
        ).fetchall()
        net.contacts.load(path for path, _, _ in rows)
        found.append([Due(path, net.contacts[path], late, bool(b)) for path, late, b in rows])
    if lapsed is None and lost is None:  # every row read: counted as read
        return OverdueFound(found[0], found[1], len(found[0]), len(found[1]))
    counts = dict(net.conn.execute(_OVERDUE_COUNTS).fetchall())
    return OverdueFound(found[0], found[1], counts.get(0, 0), counts.get(1, 0))


def overdue_row(net: Network, due: Due, planned: dict[str, date]) -> Overdue:
    """The row of one of overdue_contacts'."""
    s = due.standing
    assert s.due is not None and s.last_touch is not None  # overdue_contacts'
    cadence = cadence_words(s.cadence)
    return Overdue(  # by position: keywords cost a JSON digest's thousands of rows 10 ms
        net.person(due.path),
        s.ladder,
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


# DESIGN §4: an active contact with no rung, no cadence of their own
# (`cadence:` or `meet_every:`), no touch and nothing planned (typically one
# of hundreds imported) is only in the address book: counted, never listed
# as still to meet. temp.planned (plan_ahead): who has something planned.
IN_ADDRESS_BOOK = (
    "m.status = 'active' AND m.rung = 'unplaced' AND NOT m.own_clock"
    " AND m.last IS NULL AND p.day IS NULL"
)
PLANNED = "LEFT JOIN temp.planned p ON p.file = m.file"
# Its count, and its touches over the last 90 days (the ladder leaves them
# out): read through the index member_unmet (`m.last IS NULL`), a few rows.
ADDRESS_BOOK = (
    f"SELECT COUNT(*), SUM(m.days90), SUM(m.seen90) FROM member m {PLANNED} WHERE {IN_ADDRESS_BOOK}"
)
# Active contacts never met face to face, address book aside: those with a
# meeting planned first (soonest first), then those you are in touch with
# (latest first; SQLite puts no day last), then the rest; ties in the index's
# order. Read through the index member_unmet (`m.last_in_person IS NULL`).
_PATH = " CROSS JOIN files f ON f.id = m.file"
_UNMET_WHERE = f"""FROM member m {PLANNED}
WHERE m.status = 'active' AND m.last_in_person IS NULL AND NOT ({IN_ADDRESS_BOOK})"""
_UNMET = f"""SELECT f.path {_UNMET_WHERE.replace(PLANNED, PLANNED + _PATH)}
ORDER BY p.day IS NULL, p.day, CASE WHEN p.day IS NULL THEN m.last END DESC, m.sort_key,
  f.path LIMIT ?"""
_UNMET_COUNT = f"SELECT COUNT(*) {_UNMET_WHERE}"


def plan_ahead(net: Network, planned: dict[str, date]) -> None:
    """temp.planned: each contact's first planned day within the horizon
    (digest_network.first_planned), by the contact's file, which the
    address book, those still to meet and the ladder join."""
    conn = net.conn
    conn.execute("DROP TABLE IF EXISTS temp.planned")
    conn.execute("CREATE TEMP TABLE planned(file INTEGER PRIMARY KEY, day TEXT)")
    conn.executemany(
        "INSERT INTO temp.planned SELECT id, ? FROM files WHERE path = ?",
        [(day.isoformat(), path) for path, day in planned.items()],
    )


def address_book(net: Network) -> int:
    """How many contacts are only in the address book (IN_ADDRESS_BOOK;
    after plan_ahead)."""
    return int(net.conn.execute(ADDRESS_BOOK).fetchone()[0])


def unmet_rows(
    net: Network, planned: dict[str, date], first: int | None
) -> tuple[list[Unmet], int]:
    """Active contacts never met face to face, address book aside (_UNMET;
    after plan_ahead, of the same `planned`): the `first` rows (None: all)
    and how many there are."""
    paths = [path for (path,) in net.conn.execute(_UNMET, (ALL if first is None else first,))]
    total = len(paths) if first is None else int(net.conn.execute(_UNMET_COUNT).fetchone()[0])
    net.contacts.load(paths)
    found = []
    for path in paths:
        s = net.contacts[path]
        found.append(
            Unmet(
                net.person(path),
                s.ladder,
                s.company,
                s.role,
                s.how_met,
                s.last_touch,
                planned.get(path),
            )
        )
    return found, total

"""The contacts of an index as of a day: everyone's standing, the order and
the JSON `list` shows them in, and the one contact a typed name finds. The
rules for one contact are people.py's; this module brings them to the index."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

from .config import Config
from .dates import Cadence
from .models import Contact
from .naming import lookup_key
from .people import Standing, cadence_from, due_after, find_contact, standing, with_met
from .results import date_or_none

if TYPE_CHECKING:
    from .index import Index


def find_indexed(index: Index, query: str) -> Contact:
    """find_contact over every contact in the index, details included: the
    one contact that answers to `query`, found from the lookup keys sync
    stored; otherwise find_contact itself, which says who could be meant or
    who is closest."""
    paths = answering_contacts(index, query)
    found = index.contact(paths[0]) if len(paths) == 1 else None
    if found is None:
        found = find_contact(index.contacts(details=False), query)
        found = index.contact(found.path) or found
    return found


def answering_contacts(index: Index, query: str) -> list[str]:
    """The contacts whose stored lookup keys answer to `query` (name, alias,
    file name or path; else a first or last name): find_indexed's question,
    without its look at every contact when not exactly one answers."""
    wanted = lookup_key(query.removesuffix(".md"))
    paths = index.answering(wanted, "contact") if wanted else []
    if not paths and wanted and " " not in wanted:  # a first or last name
        paths = index.answering(wanted, "contact", word=True)
    return paths


def standings(index: Index, config: Config, today: date) -> list[Standing]:
    """Every contact as of `today`, in the index's order (by name)."""
    touches = index.last_touches(today)
    contacts = index.contacts(details=False)
    return [standing(c, touches.get(c.path, (None, None)), config, today) for c in contacts]


class ListRow(NamedTuple):
    """What `list` shows of one contact: a Standing's fields that the table
    prints, read from the index's rows as they are (list_rows)."""

    name: str
    ladder: str | None
    company: str | None
    last_touch: date | None
    last_in_person: date | None
    cadence: Cadence
    due: date | None
    status: str
    snooze: date | None


_LISTED = (
    "SELECT f.path, c.name, c.ladder, c.company, c.status, c.cadence, c.snooze, x.last > :day,"
    " c.met, CASE WHEN c.met <= :day AND (x.last IS NULL OR c.met > x.last) THEN c.met"
    " ELSE x.last END, CASE WHEN c.met <= :day AND (x.in_person IS NULL OR c.met > x.in_person)"
    " THEN c.met ELSE x.in_person END"
    " FROM contacts c CROSS JOIN files f ON f.id = c.file"
    " LEFT JOIN last_touch x ON x.contact = c.file ORDER BY c.sort_key, f.path"
)  # the order of Index.contacts(); SQLite's byte order is Python's for UTF-8. Dates
# are ISO text, which orders as the days do: `met:` counts as in with_met()
# (tests/test_list_rows.py pins the two to one rule on generated vaults).


def list_rows(index: Index, config: Config, today: date) -> list[ListRow]:
    """standings(), as far as `list` prints it, by name: no Contact or
    Standing made per contact, for a table of thousands (issue 20). Thousands
    of contacts share a few cadences and a few hundred days: each date is
    read, and each due day worked out, once per distinct value."""
    planned = index.last_touches_planned(today)
    read: Memo[str | None, date | None] = Memo(date_or_none)
    cadence_of: Memo[tuple[str | None, str | None], Cadence]
    cadence_of = Memo(lambda key: cadence_from(key[0] or config.cadence_for(key[1])))
    due_of: Memo[tuple[date | None, Cadence, str, date | None], date | None]
    due_of = Memo(lambda key: due_after(*key))
    make = ListRow._make  # a tuple's own constructor: no Python call per row
    listed = []
    for row in index.conn.execute(_LISTED, {"day": today.isoformat()}):
        path, name, ladder, company, status, cadence_text, snooze_text, ahead, met, *touches = row
        if ahead:  # something planned after today: its touches read again
            last_touch, in_person = with_met(planned.get(path, (None, None)), read[met], today)
        else:
            last_touch, in_person = read[touches[0]], read[touches[1]]
        cadence = cadence_of[cadence_text, ladder]
        snooze = read[snooze_text]
        due = due_of[last_touch, cadence, status, snooze]
        row = (name, ladder, company, last_touch, in_person, cadence, due, status, snooze)
        listed.append(make(row))
    return listed


K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """A function's values, each worked out the first time it is asked for."""

    def __init__(self, work: Callable[[K], V]) -> None:
        super().__init__()
        self.work = work

    def __missing__(self, key: K) -> V:
        self[key] = value = self.work(key)
        return value


def list_row(s: Standing) -> ListRow:
    """A Standing as `list` prints it (for --tag/--ladder/--group, which
    need the whole contact to narrow by)."""
    c = s.contact
    return ListRow(
        c.name,
        c.ladder,
        c.company,
        s.last_touch,
        s.last_in_person,
        s.cadence,
        s.due,
        c.status,
        c.snooze,
    )


LIST_SORTS = ("name", "due", "last", "ladder")
_RUNG_ORDER = {"above": 0, "peer": 1, "below": 2}


class Listed(Protocol):
    """What sorted_standings orders by: a Standing or a ListRow."""

    @property
    def due(self) -> date | None: ...
    @property
    def last_touch(self) -> date | None: ...
    @property
    def ladder(self) -> str | None: ...


L = TypeVar("L", bound=Listed)


def sorted_standings(rows: list[L], by: str) -> list[L]:
    """`list --sort`: name (the index's order), due (soonest first, never due
    last), last (longest since the last touch first, never touched last),
    ladder (above, peer, below, unplaced). Ties keep the name order."""
    if by == "due":
        return sorted(rows, key=lambda s: (s.due is None, s.due or date.min))
    if by == "last":
        return sorted(rows, key=lambda s: (s.last_touch is None, s.last_touch or date.min))
    if by == "ladder":
        return sorted(rows, key=lambda s: _RUNG_ORDER.get(s.ladder or "", 3))
    return list(rows)


def status_text(row: ListRow, today: date) -> str:
    """What `list` says in its STATUS column: empty for an active contact."""
    if row.status != "active":
        return row.status
    if row.snooze and row.snooze > today:
        return f"snoozed until {row.snooze.isoformat()}"
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

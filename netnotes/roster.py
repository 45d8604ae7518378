"""The contacts of an index as of a day: everyone's standing, the order and
the JSON `list` shows them in, and the one contact a typed name finds. The
rules for one contact are people.py's; this module brings them to the index."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .config import Config
from .dates import Cadence
from .models import Contact
from .naming import lookup_key
from .people import (
    Standing,
    cadence_from,
    closest_keyed,
    due_after,
    find_contact,
    no_such_name,
)
from .results import date_or_none, joined_parts

if TYPE_CHECKING:
    from .index import Index

Row = dict[str, Any]  # one contact in `list --format json`
# Its keys, in order (README): standing_json makes one from a Standing,
# list_json from the index's texts.
STANDING_KEYS = (
    "name",
    "path",
    "ladder",
    "company",
    "role",
    "tags",
    "status",
    "snooze",
    "cadence",
    "cadence_days",
    "last_touch",
    "last_in_person",
    "due",
    "meet_every",
    "meet_due",
)


def find_indexed(index: Index, query: str) -> Contact:
    """find_contact over every contact in the index, details included: the
    one contact that answers to `query`, found from the lookup keys sync
    stored; otherwise find_contact itself, which says who could be meant or
    who is closest."""
    paths = answering_contacts(index, query)
    if not paths and lookup_key(query.removesuffix(".md")):  # no one: say who is closest
        raise no_such_name(query, closest_indexed(index, query))
    found = index.contact(paths[0]) if len(paths) == 1 else None
    if found is None:
        found = find_contact(index.contacts(details=False), query)
        found = index.contact(found.path) or found
    return found


# What contacts answer to (naming.answers_to, stored by sync), each key once;
# and of the contacts answering to one key, the first as Index.contacts() lists them.
_CONTACT_KEYS = "SELECT DISTINCT x.key FROM contacts c JOIN folds x ON x.file = c.file"
_FIRST_ANSWERING = (
    "SELECT c.name FROM folds x JOIN contacts c ON c.file = x.file"
    " JOIN files f ON f.id = c.file WHERE x.key = ? ORDER BY c.sort_key, f.path LIMIT 1"
)


def closest_indexed(index: Index, query: str) -> list[str]:
    """people.closest_names over every contact in the index, from the lookup
    keys sync stored: no Contact made nor name folded again (a typo's
    suggestions at 10,000 contacts), and only the closest keys' names read."""
    keys = [key for (key,) in index.conn.execute(_CONTACT_KEYS)]

    def name_of(key: str) -> str:
        return str(index.conn.execute(_FIRST_ANSWERING, (key,)).fetchone()[0])

    return closest_keyed(keys, name_of, query)


def answering_contacts(index: Index, query: str) -> list[str]:
    """The contacts whose stored lookup keys answer to `query` (name, alias,
    file name or path; else a first or last name): find_indexed's question,
    without its look at every contact when not exactly one answers."""
    wanted = lookup_key(query.removesuffix(".md"))
    paths = index.answering(wanted, "contact") if wanted else []
    if not paths and wanted and " " not in wanted:  # a first or last name
        paths = index.answering(wanted, "contact", word=True)
    return paths


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


# --- what `list` shows ---------------------------------------------------------

# Every contact with its last touch and last face-to-face touch as of :day,
# by name (the order of Index.contacts(); SQLite's byte order is Python's for
# UTF-8), archived ones only if :all. standing()'s rules in SQL: a touch
# planned after the day does not count yet (the touch days are read again
# for those few contacts), and `met:` on or before the day counts as a
# face-to-face touch (people.with_met). Days are ISO text, which orders as
# the days do; tests/test_list_rows.py pins these rows to the standings'.
_LISTED = (
    "WITH planned AS (SELECT x.contact, MAX(d.date) AS last,"
    " MAX(CASE WHEN d.in_person THEN d.date END) AS in_person"
    " FROM last_touch x JOIN contact_days d ON d.contact = x.contact"
    " WHERE x.last > :day AND d.date <= :day GROUP BY x.contact)"
    " SELECT {columns},"
    " CASE WHEN touch IS NULL OR met > touch THEN met ELSE touch END,"
    " CASE WHEN in_person IS NULL OR met > in_person THEN met ELSE in_person END"
    " FROM (SELECT f.path, c.name, c.sort_key, c.ladder, c.company, c.role, c.tags, c.status,"
    " c.snooze, c.cadence, c.meet_every, CASE WHEN c.met <= :day THEN c.met END AS met,"
    " CASE WHEN x.last > :day THEN p.last ELSE x.last END AS touch,"
    " CASE WHEN x.last > :day THEN p.in_person ELSE x.in_person END AS in_person"
    " FROM contacts c CROSS JOIN files f ON f.id = c.file"
    " LEFT JOIN last_touch x ON x.contact = c.file LEFT JOIN planned p ON p.contact = c.file"
    " WHERE :all OR c.status != 'archived')"
    " ORDER BY sort_key, path"
)


class ListRow(NamedTuple):
    """What the `list` table shows of one contact: a Standing's fields as
    text, read from the index as they are stored (list_rows); days as ISO
    text, None for none."""

    path: str
    name: str
    ladder: str | None
    company: str | None
    last_touch: str | None
    last_in_person: str | None
    cadence: str
    due: str | None
    status: str
    snooze: str | None


# A contact's own cadence setting (or None) and its rung; a due day's question:
# from what day, by what cadence (its text), with what status and snooze.
Setting = tuple[str | None, str | None]
Due = tuple[str | None, str, str, str | None]


class _Clock:
    """Cadences and due days of many contacts on one day, from the index's
    texts, each worked out once per distinct value: thousands of contacts
    share a few cadence settings and a few thousand (day, cadence) pairs. A
    due day is asked by the cadence's text, not by the setting and rung that
    chose it: a dozen cadences, where thirty settings would ask again for
    the same day (and a meeting cadence asks as a touch cadence does)."""

    def __init__(self, config: Config) -> None:
        self.named: dict[str, Cadence] = {}  # each cadence shown by its text
        self.shown: Memo[Setting, str]
        self.shown = Memo(lambda key: self._name(key[0] or config.cadence_for(key[1])))
        self.meet_shown: Memo[Setting, str]
        self.meet_shown = Memo(lambda key: self._name(key[0] or config.meet_every_for(key[1])))
        self.due: Memo[Due, str | None] = Memo(self._due)

    def _name(self, setting: str) -> str:
        cadence = cadence_from(setting)
        text = str(cadence)
        self.named[text] = cadence
        return text

    def _due(self, key: Due) -> str | None:
        last, cadence, status, snooze = key
        due = due_after(date_or_none(last), self.named[cadence], status, date_or_none(snooze))
        return due.isoformat() if due else None


def list_rows(index: Index, config: Config, today: date, archived: bool = False) -> list[ListRow]:
    """Every contact's standing (people.standing), as far as the `list`
    table shows it, by name (archived contacts only if asked for): no
    Contact or Standing made per contact, for a table of thousands (issue 20)."""
    clock = _Clock(config)
    shown, dues = clock.shown, clock.due
    make = ListRow._make
    listed = _listed(index, "path, name, ladder, company, status, snooze, cadence", today, archived)
    rows = []
    for path, name, ladder, company, status, snooze, setting, last, met in listed:
        cadence = shown[setting, ladder]
        due = dues[last, cadence, status, snooze]
        rows.append(make((path, name, ladder, company, last, met, cadence, due, status, snooze)))
    return rows


def list_json(index: Index, config: Config, today: date, archived: bool = False) -> list[Row]:
    """standing_json() of every contact, by name (archived ones only if
    asked for), read from the index's texts as list_rows reads them."""
    clock = _Clock(config)
    shown, meet_shown, due, named = clock.shown, clock.meet_shown, clock.due, clock.named
    tag_lists: Memo[str | None, list[str]] = Memo(
        lambda tags: sorted(joined_parts(tags)) if tags else []
    )
    rows = []
    columns = "path, name, ladder, company, role, tags, status, snooze, cadence, meet_every"
    for row in _listed(index, columns, today, archived):
        path, name, ladder, company, role, tags, status, snooze, setting, meet, last, met = row
        every, meet_every = shown[setting, ladder], meet_shown[meet, ladder]
        rows.append(
            dict(
                zip(
                    STANDING_KEYS,
                    (
                        name,
                        path,
                        ladder,
                        company,
                        role,
                        tag_lists[tags],
                        status,
                        snooze,
                        every,
                        named[every].nominal_days,
                        last,
                        met,
                        due[last, every, status, snooze],
                        meet_every,
                        due[met, meet_every, status, snooze],
                    ),
                )
            )
        )
    return rows


def _listed(index: Index, columns: str, today: date, archived: bool) -> Iterable[tuple]:
    parameters = {"day": today.isoformat(), "all": archived}
    return index.conn.execute(_LISTED.format(columns=columns), parameters)


LIST_SORTS = ("name", "due", "last", "ladder")
_RUNG_ORDER = {"above": 0, "peer": 1, "below": 2}
_SORTED_BY = {"due": "due", "last": "last_touch", "ladder": "ladder"}
R = TypeVar("R")


def sorted_rows(rows: list[R], by: str, field: Callable[[str], Callable[[R], Any]]) -> list[R]:
    """`list --sort`: name (the index's order), due (soonest first, never due
    last), last (longest since the last touch first, never touched last),
    ladder (above, peer, below, unplaced). Ties keep the name order. `field`
    reads a row's field by name (attrgetter for a ListRow, itemgetter for JSON)."""
    if by not in _SORTED_BY:
        return list(rows)
    value = field(_SORTED_BY[by])
    if by == "ladder":
        return sorted(rows, key=lambda r: _RUNG_ORDER.get(value(r) or "", 3))
    return sorted(rows, key=lambda r: (value(r) is None, value(r) or ""))


def status_text(status: str, snooze: str | None, today: str) -> str:
    """What `list` says in its STATUS column: empty for an active contact
    (`snooze` and `today` as ISO days)."""
    if status != "active":
        return status
    if snooze and snooze > today:
        return f"snoozed until {snooze}"
    return ""


def standing_json(s: Standing) -> dict[str, object]:
    """The `list --format json` object for one contact (README)."""
    c = s.contact
    return dict(
        zip(
            STANDING_KEYS,
            (
                c.name,
                c.path,
                c.ladder,
                c.company,
                c.role,
                sorted(c.tags),
                c.status,
                c.snooze.isoformat() if c.snooze else None,
                str(s.cadence),
                s.cadence.nominal_days,
                s.last_touch.isoformat() if s.last_touch else None,
                s.last_in_person.isoformat() if s.last_in_person else None,
                s.due.isoformat() if s.due else None,
                str(s.meet_every),
                s.meet_due.isoformat() if s.meet_due else None,
            ),
        )
    )

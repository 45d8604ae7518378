"""What the digest reads of the index, kept per contact.

`read_facts(index, today, end)` reads every contact's facts at once (what
`build_digest` needs); `read_facts(..., paths=…)` reads only those contacts',
and `DigestFacts.replace` swaps them in, so that the watcher's digest
(digest_live.py) reads again only the contacts a save touched. Either way the
lists come out in the order the whole-vault queries give them, so the digest
built from them is the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from .models import OwnedItem, Touch
from .quicktouch import SHARED_LOOKBACK_DAYS
from .results import (
    OWNED_ITEM_COLUMNS,
    TOUCH_COLUMNS,
    MeetingNote,
    owned_item_of,
    touch_of,
)
from .schema import (
    ITEM_COLUMNS,
    NAMES_A_DAY,
    TOUCHED_COLUMNS,
    UNWRITTEN,
    owned_items_sql,
    touches_sql,
)
from .writeup import WINDOW_DAYS as WRITE_UP_DAYS

if TYPE_CHECKING:
    from .index import Index

R = TypeVar("R")
RECENT_DAYS = 90  # the ladder counts touches, and personal items are recent, over this many days
MOST_PATHS = 400  # past this many contacts, reading everyone is as cheap


@dataclass(slots=True)
class DigestFacts:
    """Per contact path: what the digest reads of the index as of `today`."""

    today: date
    end: date  # the horizon's last day
    tasks: bool = True  # False: `items` holds personal items only (first_task_lines reads tasks)
    personal: bool = True  # False: first_personal_lines; and with no tasks, `items` is empty
    items: dict[str, list[OwnedItem]] = field(default_factory=dict)  # open items
    planned: dict[str, list[Touch]] = field(default_factory=dict)  # today up to `end`
    unnoted: dict[str, list[Touch]] = field(default_factory=dict)  # the write-up window
    shared: dict[str, list[OwnedItem]] = field(default_factory=dict)  # quick-touch candidates

    def replace(self, paths: set[str], fresh: DigestFacts) -> None:
        """Forget what was known of `paths` and take what `fresh` read of them."""
        for name in _PER_CONTACT:
            mine, theirs = getattr(self, name), getattr(fresh, name)
            for path in paths:
                mine.pop(path, None)
                if path in theirs:
                    mine[path] = theirs[path]

    def open_items(self) -> list[OwnedItem]:
        """Every open item read (_Reader.open_items): by contact, path, line."""
        return [i for path in sorted(self.items) for i in self.items[path]]

    def planned_within(self, start: date, end: date) -> list[Touch]:
        """Index.touches_between(start, end, plans=True)'s touches, for days
        from today, in no particular order: each caller orders them itself or
        needs no order (sorting the ~1,400 of a digest at 10,000 contacts
        cost ~5 M instructions)."""
        return [t for ts in self.planned.values() for t in ts if start <= t.date <= end]

    def unnoted_touches(self) -> list[Touch]:
        return _by_date(t for ts in self.unnoted.values() for t in ts)

    def shared_items(self) -> list[OwnedItem]:
        return [i for path in sorted(self.shared) for i in self.shared[path]]


_PER_CONTACT = ("items", "planned", "unnoted", "shared")


def _by_date(touches: Iterable[Touch]) -> list[Touch]:
    return sorted(touches, key=lambda t: (t.date, t.contact, t.path, t.line))


def read_facts(
    index: Index,
    today: date,
    end: date,
    paths: set[str] | None = None,
    tasks: bool = True,
    personal: bool = True,
) -> DigestFacts:
    """The facts of every contact, or of the contacts at `paths` only; open
    tasks among their items unless not `tasks`; the personal items the
    personal rows are made from unless not `personal` (the markdown's first
    rows: first_personal_lines), and with neither no open item (the
    picks' news is asked of the table member: digest_work.pick_rows). A
    digest that reads tasks makes its personal rows from the items too.
    Reads each contact's last touch from the table member
    (digest_members.fill_members, as of `today`)."""
    reader = _Reader(index, paths)
    facts = DigestFacts(today, end, tasks, personal)
    facts.planned = _grouped(reader.planned(today, end), lambda t: t.contact)
    if tasks or personal:  # else the items' news is asked in SQL (digest_work.pick_rows)
        used = usable(facts)
        facts.items = _grouped(reader.open_items(today, tasks, used), lambda i: i.contact)
    unnoted = reader.unnoted(today - timedelta(days=WRITE_UP_DAYS), today - timedelta(days=1))
    facts.unnoted = _grouped(unnoted, lambda t: t.contact)
    shared = reader.personal_items(today - timedelta(days=SHARED_LOOKBACK_DAYS), today)
    facts.shared = _grouped(shared, lambda i: i.contact)
    return facts


class Usable(NamedTuple):
    """Which open items the digest can use, of those _Reader.open_items
    reads: every open task, and a personal item when it is dated `since` or
    later (the personal rows), undated and its contact has something planned
    (their `## Personal` section, coming up: `planned`) or of its contact's
    last touch (a pick's news: the table member's `last`, each contact's
    last touch as people.with_met counts it, digest_members.fill_members;
    without tasks, only of a contact lapsed on either clock, whom a pick can
    be, and only members' items). Asked in SQL, so that the old news of
    thousands of contacts is never made into rows: each field is the named
    parameter of its own name."""

    since: str  # ISO day
    planned: str  # JSON: the contacts' paths


def usable(facts: DigestFacts) -> Usable:
    """What the digest can use of the facts' contacts' items. Each
    contact's alone: a LiveDigest reads them again with the contact's facts."""
    since = (facts.today - timedelta(days=RECENT_DAYS - 1)).isoformat()
    return Usable(since=since, planned=json.dumps(list(facts.planned)))


def meeting_notes_between(index: Index, start: date, end: date) -> list[MeetingNote]:
    """Index.meeting_notes() dated from `start` to `end`: the rivals for a
    prep sheet's name on the days a digest shows."""
    rows = index.conn.execute(
        "SELECT f.path, f.name, f.date FROM meetings m JOIN files f ON f.id = m.file"
        " WHERE f.date BETWEEN ? AND ? ORDER BY f.date, f.path",
        (start.isoformat(), end.isoformat()),
    )
    return [MeetingNote(path, title, date.fromisoformat(when)) for path, title, when in rows]


def _grouped(rows: Iterable[R], key: Callable[[R], str]) -> dict[str, list[R]]:
    found: dict[str, list[R]] = {}
    for row in rows:
        found.setdefault(key(row), []).append(row)
    return found


# An item's place: its contact's path, its note's path, its line. Thousands
# of open items (every task of a JSON digest) are sorted by it in Python, a
# sort of references, where SQLite's sorter copies each row whole (text and
# all): 45 M instructions fewer at 10,000 contacts.
_PLACE = itemgetter(0, 1, 2)
_WHEN = itemgetter(4, 0, 1, 2)  # a touch's (TOUCH_COLUMNS): its day, then its place
_OPEN = "i.is_task AND NOT i.done"  # of items as i
_PERSONAL = "i.type = 'personal'"
_SHOWN = f"{_PERSONAL} AND NOT i.sensitive"  # the markdown digest shows no #sensitive item
_NAMED_IDS = "(SELECT id FROM files WHERE path IN (SELECT value FROM json_each(:paths)))"
_PATHS = " JOIN files c ON c.id = x.contact JOIN files f ON f.id = x.file"  # for OWNED_ITEM_COLUMNS


def _shared_items(columns: str, sharers: str, planned: str) -> str:
    """SQL of the personal items the markdown digest can show (never a
    #sensitive one), `columns` of each (of the item as i, its member as m)
    after its contact: of each member of `sharers` (file; shared_items, the
    table member's ids of those shared on their latest day of sharing,
    kept when that day is recent or their last touch), those items (each
    checked again as it is read: never a #sensitive one, whatever the ids);
    and of each member of `planned` (file), the undated ones."""
    owned = "JOIN owners o ON o.contact = m.file JOIN items i ON i.id = o.item"
    return f"""SELECT m.file AS contact, {columns} FROM {sharers} m
      JOIN json_each(m.shared_items) j CROSS JOIN items i ON i.id = j.value WHERE {_SHOWN}
    UNION ALL SELECT m.file, {columns} FROM {planned} m
      JOIN items i ON i.file = m.file WHERE {_SHOWN} AND i.date IS NULL
    UNION ALL SELECT m.file, {columns} FROM {planned} m {owned}
      WHERE {_SHOWN} AND i.date IS NULL"""


# The personal items a digest without tasks can use (_Reader.open_items
# with a Usable and no tasks; its fields are named parameters), each with
# its contact, in open_items' order: _shared_items of the members lapsed on
# either clock whose latest day of sharing is their last touch (a pick's
# news: digest_work._news; no one else's news can be picked), of those
# whose sharing is recent (the personal rows); and of those with something
# planned (:planned). Looked up by contact
# ({among}: only some members'), not a scan of every personal item: the
# digest shows a few of thousands.
_USABLE_PERSONAL = f"""
WITH sharers AS MATERIALIZED (SELECT m.file, m.shared_items FROM member m
    WHERE (m.shared_on >= :since
        OR (m.shared_on = m.last AND (m.late IS NOT NULL OR m.meet_late IS NOT NULL)))
    {{among}}),
  planned AS MATERIALIZED (SELECT m.file FROM json_each(:planned) j
    CROSS JOIN files f ON f.path = j.value CROSS JOIN member m ON m.file = f.id WHERE 1{{among}}),
  x AS ({_shared_items(ITEM_COLUMNS, "sharers", "planned")})
SELECT {OWNED_ITEM_COLUMNS} FROM x CROSS JOIN files c ON c.id = x.contact
  CROSS JOIN files f ON f.id = x.file ORDER BY 1, 2, 3
"""
_LINE_COLUMNS = "m.sort_key, i.id, i.file, i.line, i.date"  # a line's place, for _PERSONAL_LINES
_SHARER = "m.shared_on >= :since AND (m.status = 'active' OR m.file IN (SELECT file FROM soon))"
# The personal section (digest_items.personal_rows' rule, on the table
# member: shared_on is each member's latest day of sharing, as of :today,
# and shared_items the items shared on it, when it is :since or later):
# each line shared on that day by a member who is active or coming up
# (:soon, a JSON list of paths: a sharer), and the undated lines of those
# coming up; never a #sensitive one. The first :first lines, newest first,
# then by their first person in the index's order, note and line, each
# line's items with its contacts (of every sharer, each item as many times
# as its sharer's list holds it); how many lines there are (total); how
# many lines the items read hold (read), and whether sharers were left out.
# A line's day is its sharers' shared_on, and its place its first person's
# (sort key, then path): a line none of whose sharers comes before the
# sharer after the first :sharers by day and sort key (edge) comes after
# every line of those who do (top). So when top's lines are :first or
# more, the first lines are among them (else first_personal_lines asks
# again with more sharers), and only their items are read, each with its
# other sharers (looked up through its owners: a sharer's list holds the
# items it owns of its day) and its paths. The undated lines come after every dated one:
# read only when no sharer is left out. The count reads no item: of each
# sharer the items no one else owns (shared_alone, digest_members._FILL:
# each in one list, one line: the parser makes at most one item of a
# line), and the others (shared_multi) once each. (top is of firsts alone,
# which holds every sharer when no edge is: SQLite copies a CTE's whole tree
# for each use as it prepares a statement, ~10 M instructions for this one.)
_PERSONAL_LINES = f"""
WITH soon AS MATERIALIZED (SELECT m.file, m.sort_key FROM json_each(:soon) j
    CROSS JOIN files f ON f.path = j.value CROSS JOIN member m ON m.file = f.id),
  sharers AS MATERIALIZED (SELECT m.file, m.shared_on, m.sort_key, m.shared_alone,
      m.shared_multi FROM member m WHERE {_SHARER}),
  firsts AS MATERIALIZED (SELECT file, shared_on, sort_key FROM sharers
    ORDER BY shared_on DESC, sort_key LIMIT :sharers + 1),
  edge AS MATERIALIZED (SELECT shared_on, sort_key FROM firsts
    ORDER BY shared_on DESC, sort_key LIMIT 1 OFFSET :sharers),
  top AS (SELECT m.file FROM firsts m WHERE NOT EXISTS (SELECT 1 FROM edge e
      WHERE NOT IFNULL(m.shared_on > e.shared_on
        OR (m.shared_on = e.shared_on AND m.sort_key < e.sort_key), 0))),
  everyone AS (SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM edge)),  -- (no sharer is left out)
  ids AS MATERIALIZED (SELECT DISTINCT j.value AS id FROM top t
    CROSS JOIN member m ON m.file = t.file CROSS JOIN json_each(m.shared_items) j),
  owned AS ({owned_items_sql("i.id, i.file, i.line, i.date", _SHOWN, source="read")}),
  read AS (SELECT i.* FROM ids CROSS JOIN items i ON i.id = ids.id),
  undated AS MATERIALIZED (SELECT m.file AS contact, {_LINE_COLUMNS} FROM soon m
      JOIN items i ON i.file = m.file WHERE {_SHOWN} AND i.date IS NULL
    UNION ALL SELECT m.file, {_LINE_COLUMNS} FROM soon m
      JOIN owners o ON o.contact = m.file JOIN items i ON i.id = o.item
      WHERE {_SHOWN} AND i.date IS NULL),
  near AS MATERIALIZED (SELECT x.contact, m.sort_key, x.id, x.file, x.line, x.date
      FROM owned x CROSS JOIN member m ON m.file = x.contact
      WHERE {_SHARER} AND EXISTS (SELECT 1 FROM json_each(m.shared_items) j WHERE j.value = x.id)
    UNION ALL SELECT u.* FROM everyone CROSS JOIN undated u),
  ranked AS (SELECT s.file, s.line, ROW_NUMBER() OVER (ORDER BY s.date IS NULL, s.date DESC,
      s.sort_key, c.path, f.path, s.line) AS place
    FROM near s CROSS JOIN files c ON c.id = s.contact CROSS JOIN files f ON f.id = s.file),
  first AS MATERIALIZED (SELECT file, line, MIN(place) AS place, COUNT(*) OVER () AS lines
    FROM ranked GROUP BY file, line ORDER BY place LIMIT :first),
  counts AS (SELECT (SELECT IFNULL(SUM(shared_alone), 0) FROM sharers)
    + (SELECT COUNT(DISTINCT j.value) FROM sharers m CROSS JOIN json_each(m.shared_multi) j
      WHERE m.shared_multi IS NOT NULL)
    + (SELECT COUNT(*) FROM (SELECT DISTINCT file, line FROM undated)) AS total,
    EXISTS (SELECT 1 FROM edge) AS left_out)
SELECT k.total, IFNULL(y.lines, 0), k.left_out, y.* FROM counts k LEFT JOIN (SELECT p.place,
    {OWNED_ITEM_COLUMNS}, p.lines FROM first p JOIN near s ON s.file = p.file AND s.line = p.line
    CROSS JOIN items x ON x.id = s.id CROSS JOIN files c ON c.id = s.contact
    CROSS JOIN files f ON f.id = x.file) y ORDER BY y.place, 5
"""


class PersonalLines(NamedTuple):
    first: list[list[OwnedItem]]  # each line's items, in the section's order
    total: int


def first_personal_lines(index: Index, today: date, soon: set[str], first: int) -> PersonalLines:
    """The personal section's `first` lines and how many there are
    (_PERSONAL_LINES), from the table member as of `today`: the items of the
    first `first` sharers read, or of twice as many while those hold fewer
    lines (lines of two people, or few lines) and some sharer is left out."""
    asked = {
        "soon": json.dumps(sorted(soon)),
        "since": (today - timedelta(days=RECENT_DAYS - 1)).isoformat(),
        "first": first,
    }
    sharers = first
    while True:
        rows = index.conn.execute(_PERSONAL_LINES, {**asked, "sharers": sharers}).fetchall()
        total, read, left_out = rows[0][:3]
        if read >= first or not left_out:
            break
        sharers *= 2
    lines: dict[int, list[OwnedItem]] = {}
    for row in rows:  # the counts' row, with each line's items if there are any
        if row[3] is not None:
            lines.setdefault(row[3], []).append(owned_item_of(row[4:-1]))  # -1: y.lines
    return PersonalLines(list(lines.values()), total or 0)


# The touches of the interactions dated :start (the table member's day) to
# :end, as touches_sql(plans_after=the day before :start) gives them, read
# without a scan of every interaction or touch: each member's from the ids
# ahead the table member keeps (the interactions of touches_sql's rows with
# that contact, dated on or after the table's day, a row's id once each: those
# rows themselves, never a daily note's plan), a daily note's plans
# (interactions_plans) with each of their touches, and everyone else's through
# their own note's rows and their resolved touches (plans not: read already).
# Everyone else is the archived: the kept table holds every other contact, and
# every row of last_touch is a contact's (sync._last_touch fills it from
# touches_sql, with the latest day of its touches), so they are read through
# the few archived contacts (contacts_archived) whose last touch is :start or
# later, not by probing member for each contact with a touch. Every touch
# comes once: a member's in their ids, an archived contact's from the last
# two, a plan's from the second. (Reading the interactions of those ids
# first and then every touch of each, by file, cost twice the SQLite steps.)
_OWN_TABLE = "SELECT 1 FROM temp.sqlite_master WHERE name = 'member'"
_TOUCHED = TOUCHED_COLUMNS.replace("id, ", "i.id, ").replace(", ", ", i.")  # of i
_WITHIN = "i.date BETWEEN :start AND :end"
_PLANNED = f"""
WITH others AS MATERIALIZED (SELECT x.contact FROM contacts c CROSS JOIN last_touch x
    ON x.contact = c.file WHERE c.status = 'archived' AND x.last >= :start),
  t AS (SELECT m.file AS contact, {_TOUCHED} FROM member m CROSS JOIN json_each(m.ahead) j
      CROSS JOIN interactions i ON i.id = j.value WHERE m.ahead IS NOT NULL AND {_WITHIN}
    UNION ALL SELECT t.contact, {_TOUCHED} FROM interactions i
      CROSS JOIN touches t ON t.file = i.file AND t.interaction = i.id
      WHERE i.origin = 'plan' AND {_WITHIN}
    UNION ALL SELECT o.contact, {_TOUCHED} FROM others o
      CROSS JOIN interactions i ON i.file = o.contact WHERE i.origin = 'contact' AND {_WITHIN}
    UNION ALL SELECT t.contact, {_TOUCHED} FROM others o
      CROSS JOIN touches t ON t.contact = o.contact CROSS JOIN interactions i ON i.id = t.interaction
      WHERE i.origin != 'plan' AND {_WITHIN})
SELECT {TOUCH_COLUMNS} FROM t JOIN files c ON c.id = t.contact JOIN files f ON f.id = t.file
"""


class _Reader:
    """The digest's queries, over the whole vault or narrowed to some contacts.
    The SQL is Index's (touches_between, open_items …) with a contact filter."""

    def __init__(self, index: Index, paths: set[str] | None) -> None:
        self.conn = index.conn
        self.args: list[str] = sorted(paths) if paths is not None else []
        self.narrow = paths is not None
        ids = f"(SELECT id FROM files WHERE path IN ({','.join('?' * len(self.args))}))"
        self.ids = ids

    def _touches(
        self, wanted: str, args: list[str], plans_after: date | None = None
    ) -> tuple[str, list[str]]:
        """The touches of the interactions `wanted` (a condition on them as i,
        whose arguments are `args`) with these contacts, ordered by date,
        contact, note and line: a query of TOUCH_COLUMNS and its arguments.
        For the whole vault those interactions are read first and each one's
        touches looked up, not every touch of the vault read with its
        interaction (a third fewer instructions for the planned days, at
        10,000 contacts); for a few contacts, their interactions alone."""
        if self.narrow:
            own, resolved = (
                f"AND {wanted} AND i.file IN {self.ids}",
                f"AND {wanted} AND t.contact IN {self.ids}",
            )
            with_span, args = "", [*args, *self.args, *args, *self.args]
            touches = touches_sql(own, resolved, plans_after)
        else:
            span = f"SELECT {TOUCHED_COLUMNS} FROM interactions i WHERE {wanted}"
            with_span = f"WITH span AS MATERIALIZED ({span}) "
            touches = touches_sql(plans_after=plans_after, source="span")
        query = (
            f"{with_span}SELECT {TOUCH_COLUMNS} FROM ({touches}) t"
            " JOIN files c ON c.id = t.contact JOIN files f ON f.id = t.file"
            " ORDER BY t.date, c.path, f.path, t.line"
        )
        return query, args

    def touches(self, start: date, end: date, plans: bool = False) -> list[Touch]:
        """The touches from `start` to `end`; with `plans`, daily notes'
        planned meetings among them."""
        after = start - timedelta(days=1) if plans else None
        days = [start.isoformat(), end.isoformat()]
        query, args = self._touches("i.date BETWEEN ? AND ?", days, after)
        return [touch_of(r) for r in self.conn.execute(query, args)]

    def planned(self, today: date, end: date) -> list[Touch]:
        """touches(today, end, plans=True), read for the whole vault from the
        table member of `today` (_PLANNED), not from every interaction;
        when a digest made a table of its own (temp.member: narrowed, or the
        index not writable), which holds no ids ahead, from every one."""
        if self.narrow or self.conn.execute(_OWN_TABLE).fetchone():
            return self.touches(today, end, plans=True)
        days = {"start": today.isoformat(), "end": end.isoformat()}
        found = self.conn.execute(_PLANNED, days).fetchall()
        found.sort(key=_WHEN)  # as touches()' ORDER BY t.date, c.path, f.path, t.line (_PLACE)
        return [touch_of(r) for r in found]

    def unnoted(self, start: date, end: date) -> list[Touch]:
        """Touches in person with nothing written under them yet (UNWRITTEN)."""
        days = [start.isoformat(), end.isoformat()]
        query, args = self._touches(f"i.date BETWEEN ? AND ? AND {UNWRITTEN}", days)
        return [touch_of(r) for r in self.conn.execute(query, args)]

    def _owners(self) -> tuple[str, str, dict[str, str]]:
        """owned_items_sql's filters of its two halves to these contacts, and
        their named parameter."""
        if not self.narrow:
            return "", "", {}
        ids = _NAMED_IDS
        return f" AND i.file IN {ids}", f" AND o.contact IN {ids}", {"paths": json.dumps(self.args)}

    def open_items(
        self, today: date, tasks: bool = True, usable: Usable | None = None
    ) -> list[OwnedItem]:
        """Open tasks and personal items, each with its contact, for these
        contacts; without `tasks`, the personal items only. Personal items
        only when undated or from the latest day on or before `today` on which
        their contact shared one that is not #sensitive, and of those only the
        `usable` ones: all the digest can show, a fraction of a long history
        (None: every one)."""
        own, owned, named = self._owners()
        if usable is not None and not tasks:  # the JSON digest's (digest_json_sql reads tasks)
            query = _USABLE_PERSONAL.format(
                among=f" AND m.file IN {_NAMED_IDS}" if self.narrow else ""
            )
            rows = self.conn.execute(query, {**named, **usable._asdict()})
            return [owned_item_of(r) for r in rows]
        asked = {**named, "today": today.isoformat()}
        wanted = f"({_OPEN} OR {_PERSONAL})" if tasks else _PERSONAL
        kept = ""
        if usable is not None:  # with every open task, most rows are kept: one pass
            kept = (
                " AND ((x.is_task AND NOT x.done) OR x.date >= :since"
                " OR (x.date IS NULL AND c.path IN (SELECT value FROM json_each(:planned)))"
                " OR (x.contact, x.date) IN (SELECT file, last FROM member))"
            )
            asked.update(usable._asdict())
        found = self.conn.execute(  # x read once: the items table is visited once per item
            f"WITH x AS MATERIALIZED ({owned_items_sql(wanted=wanted, own=own, owned=owned)}),"
            " latest AS (SELECT contact, MAX(date) AS day FROM x"
            " WHERE type = 'personal' AND NOT sensitive AND date <= :today GROUP BY contact)"
            f" SELECT {OWNED_ITEM_COLUMNS} FROM x{_PATHS} LEFT JOIN latest l ON l.contact = x.contact"
            f" WHERE (x.type != 'personal' OR x.date IS NULL OR x.date = l.day){kept}",
            asked,
        ).fetchall()
        found.sort(key=_PLACE)  # as ORDER BY 1, 2, 3 (Python orders str as SQLite does UTF-8)
        return [owned_item_of(r) for r in found]

    def personal_items(self, start: date, end: date) -> list[OwnedItem]:
        """Personal items shared from `start` to `end` (both included) whose text
        holds a digit (every way of writing a date does), in items()' order.
        For every contact, those few items are found first (items_naming_a_day)
        and their owners looked up, not every owner's item read."""
        own, owned, named = self._owners()
        wanted = f"{NAMES_A_DAY} AND i.date BETWEEN :start AND :end"
        found, source = "", "items"
        if not self.narrow:
            found = f"WITH shared AS MATERIALIZED (SELECT * FROM items i WHERE {wanted}) "
            wanted, source = "1", "shared"
        rows = self.conn.execute(
            f"{found}SELECT {OWNED_ITEM_COLUMNS}"
            f" FROM ({owned_items_sql(wanted=wanted, own=own, owned=owned, source=source)}) x"
            " JOIN files c ON c.id = x.contact JOIN files f ON f.id = x.file"
            " ORDER BY c.path, f.path, x.line",
            {**named, "start": start.isoformat(), "end": end.isoformat()},
        )
        return [owned_item_of(r) for r in rows]


class TaskLines(NamedTuple):
    """Open tasks by line, in digest_items.task_lines' order: the first
    lines (each as its items), how many lines there are and how many late."""

    first: list[list[OwnedItem]]
    total: int
    late: int


class FirstTasks(NamedTuple):
    """first_task_lines' answer for owed tasks, or those waiting on others."""

    items: list[OwnedItem]  # the items of at least the first lines
    total: int  # lines
    late: int


# The open tasks of the digest's contacts (the table member: those in scope,
# never archived), each with its contact: read through the index of open
# tasks (schema.INDEXES).
OPEN_TASKS = (
    "WITH open AS MATERIALIZED (SELECT i.id, i.file, i.line, i.due, i.waiting FROM items i"
    " WHERE i.is_task AND NOT i.done{days}),"
    f" x AS ({owned_items_sql('i.id, i.file, i.line, i.due, i.waiting', source='open')}),"
    " tasks AS (SELECT x.* FROM x JOIN member m ON m.file = x.contact)"
)
# Whether an open task (as i) is one of the digest's contacts': in their own
# note, or one of them owns it. The rule of schema.owned_items_sql asked as a
# look-up by file and an EXISTS, without making a row per owner (twice as
# fast as the union, at 10,000 contacts); test_the_first_follow_ups_are_those_of_
# the_whole_digest pins the counts to the union's rows. A task is one line's
# only item (notebody.py makes one item of a list line), so tasks are
# counted, not their distinct lines.
_THEIRS = (
    "(i.file IN (SELECT file FROM member) OR EXISTS (SELECT 1 FROM owners o"
    " JOIN member m ON m.file = o.contact WHERE o.file = i.file AND o.item = i.id))"
)
_COUNTED = f"SELECT COUNT(*) FROM items i WHERE {_OPEN} AND i.waiting = {{waiting}}"
# How many lines hold open tasks of the digest's contacts, owed (0) and
# waiting on others (1): undated, due before :today, due on it or later.
# Each is a range of the index of open tasks, counted without reading its
# due days (grouping every task by its day cost a third of the count).
_TASK_LINES = "SELECT " + ", ".join(
    f"({_COUNTED.format(waiting=waiting)} AND {due} AND {_THEIRS})"
    for waiting in (0, 1)
    for due in ("i.due IS NULL", "i.due < :today", "i.due >= :today")
)
# The dated lines' counts by due day, in the index's order (no temporary
# b-tree): read only as far as the first lines go (first_task_lines).
_TASK_LINES_BY_DAY = (
    f"SELECT i.due, COUNT(*) FROM items i WHERE {_OPEN}"
    f" AND i.waiting = :waiting AND i.due IS NOT NULL AND {_THEIRS} GROUP BY i.due ORDER BY i.due"
)
# The open tasks due on :days (looked up in the index of open tasks, day by
# day), and the undated ones too (_UNDATED_TOO: the index's tasks read).
_DUE_ON_DAYS = "i.due IN (SELECT value FROM json_each(:days))"
_ON_DAYS = f" AND i.waiting = :waiting AND {_DUE_ON_DAYS}"
_UNDATED_TOO = f" AND i.waiting = :waiting AND ({_DUE_ON_DAYS} OR i.due IS NULL)"


def first_task_lines(
    index: Index, today: date, count: int, counted: bool = True
) -> dict[bool, FirstTasks]:
    """The open tasks of the digest's contacts (the table member, as
    digest_members.fill_members made it), owed (False) and waiting on others
    (True): those whose lines are due on the first days that hold `count`
    lines (undated last), each with its contact; how many lines there are
    and how many are late. task_lines orders lines by due day first: its
    first `count` lines are among these. Not `counted`: no count (0) and no
    undated line read, for a caller that wants only the first late lines
    (a late line has a due day), not the first lines: the JSON digest's
    Today, whose every row is read otherwise (digest_json_sql)."""
    counts = (
        index.conn.execute(_TASK_LINES, {"today": today.isoformat()}).fetchone()
        if counted
        else (0,) * 6
    )
    found = {}
    for waiting in (False, True):
        undated, late, later = counts[3 * waiting : 3 * waiting + 3]
        wanted = _first_days(index, waiting, count, undated)
        found[waiting] = _first_tasks(index, waiting, wanted, undated + late + later, late)
    return found


def _first_days(index: Index, waiting: bool, count: int, undated: int) -> list[str | None]:
    """The first due days whose lines are `count` or more (None: undated,
    after every dated day), read day by day until they are."""
    wanted: list[str | None] = []
    covered = 0
    if count <= 0:
        return wanted
    days = index.conn.execute(_TASK_LINES_BY_DAY, {"waiting": int(waiting)})
    try:
        for due, lines in days:
            wanted.append(due)
            covered += lines
            if covered >= count:
                return wanted
    finally:
        days.close()  # (not read to its end)
    if undated:
        wanted.append(None)
    return wanted


def _first_tasks(
    index: Index, waiting: bool, wanted: list[str | None], total: int, late: int
) -> FirstTasks:
    rows = index.conn.execute(
        OPEN_TASKS.format(days=_UNDATED_TOO if None in wanted else _ON_DAYS)
        + " SELECT c.path, f.path, i.line, i.type, i.text,"
        " i.date, i.is_task, i.done, i.due, i.waiting, i.sensitive, i.in_section FROM tasks t"
        " JOIN items i ON i.id = t.id JOIN files c ON c.id = t.contact"
        " JOIN files f ON f.id = t.file ORDER BY 1, 2, 3",
        {"waiting": int(waiting), "days": json.dumps([due for due in wanted if due])},
    )
    return FirstTasks([owned_item_of(r) for r in rows], total, late)

"""Every contact a digest covers, where they stand on its day, as a table
of the index (`member`): what the digest's sections order, cut and count in
SQL, so that a digest makes rows only of what it shows, not a Python object
per contact (issue 20).

`fill_members(index, config, today, scope)` makes the table current: one
row per contact that is not archived (and that a narrowed scope admits),
with people.standing()'s rules worked out in SQL: the last touch and the
last one in person on or before the day, `met:` counted as face to face
(people.with_met), each clock's setting (the contact's own, else the
rung's), the Julian day it falls due (people.due_after), how many days late
and whether long lost (worklist.is_long_lost). `temp.clock` holds each
setting's nominal days and how it counts. Ties are broken by the index's
order: `sort_key, path` (SQLite's byte order is Python's for UTF-8).

The whole network's table is kept in the index for one day and one
config's clocks (meta `members`): a sync marks the contacts it touched
(member_dirty), and the next digest reads only those again; a new day,
other clocks or a sync of everything read them all again. Its totals
(`member_totals`: the ladder's counts, the overdue) are kept with it
(schema.MEMBER_TOTALS). A narrowed digest, or one that cannot write the
index (read-only, or another process writing), makes a temporary table of
its own, with totals of its own, which hide the kept ones.

`Members` reads the table back by path, as people.Member values, made only
when asked for.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .config import Config
from .digest_facts import RECENT_DAYS
from .digest_scope import Scope
from .groups import Groups
from .people import Member, cadence_from, due_after
from .results import day_of, joined_parts
from .roster import Memo
from .schema import (
    MARKED,
    MEMBER_INDEXES,
    TOUCHED_COLUMNS,
    count_members,
    create_table,
    owned_items_sql,
    touches_sql,
)
from .worklist import LONG_LOST_DAYS

if TYPE_CHECKING:
    from .index import Index
    from .kept import Connection

Rank = tuple[str, str]  # a contact's place in the index's order: (sort key, path)


def after(last: str, clock: str) -> str:
    """SQL: the Julian day a clock (temp.clock, as `clock`) falls due after
    the day `last` (ISO), as dates.Cadence.after counts it: days and weeks
    added; months and years as calendar months, a day past the 28th clamped
    to the month's end (Jan 31 + 1m = Feb 28). NULL for a clock of none, or
    past the calendar's end (never due in practice: Cadence.after's
    date.max). tests/test_digest_members.py pins it to Cadence.after."""
    day = f"CAST(substr({last}, 9, 2) AS INTEGER)"
    months = f"'+' || {clock}.amount || ' months'"
    return (
        f"CASE WHEN {clock}.amount = 0 THEN NULL"
        f" WHEN {clock}.unit = 'd' THEN julianday({last}) + {clock}.amount"
        f" WHEN {day} <= 28 THEN julianday({last}, {months})"
        f" ELSE MIN(julianday({last}, 'start of month', {months}, '+' || ({day} - 1) || ' days'),"
        f" julianday({last}, 'start of month', '+' || ({clock}.amount + 1) || ' months',"
        " '-1 day')) END"
    )


def _due(last: str, clock: str) -> str:
    """SQL: people.due_after's Julian day: for active contacts with a touch to
    count from, `snooze:` when later."""
    due = after(last, clock)
    return (
        f"CASE WHEN status != 'active' OR {last} IS NULL THEN NULL"
        f" WHEN snooze IS NOT NULL AND julianday(snooze) > {due} THEN julianday(snooze)"
        f" ELSE {due} END"
    )


# Each personal item not #sensitive dated on or before :day, with its contact
# and its note (another than the contact's: an owned item).
_SHARING = owned_items_sql(
    "i.id, i.date, i.file",
    "i.type = 'personal' AND NOT i.sensitive AND i.date <= :day",
    "{which_i}",
    "{which_o}",
)
# Each contact's touches dated on or after :day (daily notes' plans not), as
# the ids of their interactions: for every contact, those interactions read
# first ({ahead}: ahead_span) and their touches looked up; for some, their
# own ({ahead_own}, {ahead_resolved}).
_AHEAD = touches_sql("{ahead_own}", "{ahead_resolved}", source="{ahead}")
_AHEAD_SPAN = f"SELECT {TOUCHED_COLUMNS} FROM interactions i WHERE i.date >= :day"
# Each contact not archived ({which}), with their last touch and last
# face-to-face touch as of :day (roster._LISTED's rule: a touch planned after
# the day does not count yet, `met:` on or before it counts as face to face),
# and each clock's setting: their own, else their rung's (Config.cadence_for
# and meet_every_for, as :cadence_<rung> and :meet_every_<rung>; `else` for
# none), and when it falls due, as a Julian day (_due); and the latest day on
# or before :day on which they shared a personal item that is not #sensitive
# (_SHARING: one pass over the personal items a day, not one per digest),
# and when that day is :recent or later or their last touch, the ids of the
# items shared on it (what the digest shows of them: looked up by id, not
# every item of each sharer's read on each digest); and the ids of the
# interactions of their touches dated :day or later (_AHEAD). Of each
# contact's days, MAX(date) takes the latest day's items (SQLite's rule for
# the bare columns of one MAX); of those kept, the ids of the items more than
# one contact owns (_MULTI), and how many others there are: the personal
# lines count those without reading them (digest_facts._PERSONAL_LINES).
# An item in its contact's own note is theirs alone (links._attribute_items
# gives owners only to other notes' items), so _MULTI is asked only of those
# who shared in another note that day (elsewhere: a full refill's cost).
# An item's owners change only with its note, and a sync marks every owner
# of a changed note's items, before and after (sync.Sync._forget, _owners):
# the kept table stays current.
_MULTI = (
    "(SELECT NULLIF(json_group_array(j.value), '[]') FROM json_each(shared_items) j"
    " CROSS JOIN items i ON i.id = j.value WHERE (SELECT COUNT(*) FROM owners o"
    " WHERE o.file = i.file AND o.item = i.id)"
    " + EXISTS (SELECT 1 FROM contacts c WHERE c.file = i.file) > 1)"
)
_FILL = f"""
WITH ahead_span AS MATERIALIZED ({_AHEAD_SPAN}),
ahead AS (SELECT contact, json_group_array(id) AS ids FROM ({_AHEAD}) GROUP BY contact),
planned AS (SELECT x.contact, MAX(d.date) AS last,
    MAX(CASE WHEN d.in_person THEN d.date END) AS in_person
  FROM last_touch x JOIN contact_days d ON d.contact = x.contact
  WHERE x.last > :day AND d.date <= :day{{which}} GROUP BY x.contact),
recent AS (SELECT contact, COUNT(*) AS days, SUM(in_person) AS seen FROM contact_days
  WHERE date BETWEEN :recent AND :day{{which_d}} GROUP BY contact),
days AS (SELECT contact, date, json_group_array(id) AS items,
    MAX(file != contact) AS elsewhere FROM ({_SHARING})
  GROUP BY contact, date),
sharing AS (SELECT contact, MAX(date) AS day, items, elsewhere FROM days GROUP BY contact),
known AS (SELECT c.file, c.sort_key, c.ladder, c.status, c.snooze,
    CASE WHEN c.met <= :day THEN c.met END AS met_by,
    IFNULL(c.cadence, '') != '' OR IFNULL(c.meet_every, '') != '' AS own_clock,
    COALESCE(NULLIF(c.cadence, ''), CASE c.ladder WHEN 'above' THEN :cadence_above
      WHEN 'peer' THEN :cadence_peer WHEN 'below' THEN :cadence_below
      ELSE :cadence_else END) AS cadence,
    COALESCE(NULLIF(c.meet_every, ''), CASE c.ladder WHEN 'above' THEN :meet_every_above
      WHEN 'peer' THEN :meet_every_peer WHEN 'below' THEN :meet_every_below
      ELSE :meet_every_else END) AS meet_every,
    CASE WHEN x.last > :day THEN p.last ELSE x.last END AS touch,
    CASE WHEN x.last > :day THEN p.in_person ELSE x.in_person END AS seen,
    IFNULL(r.days, 0) + IFNULL(c.met BETWEEN :recent AND :day AND m.contact IS NULL, 0) AS days90,
    IFNULL(r.seen, 0) + IFNULL(c.met BETWEEN :recent AND :day AND NOT IFNULL(m.in_person, 0), 0)
      AS seen90, s.day AS shared_on, s.items AS shared_items, s.elsewhere AS shared_elsewhere,
      a.ids AS ahead
  FROM contacts c
  LEFT JOIN last_touch x ON x.contact = c.file LEFT JOIN planned p ON p.contact = c.file
  LEFT JOIN recent r ON r.contact = c.file
  LEFT JOIN contact_days m ON m.contact = c.file AND m.date = c.met
  LEFT JOIN sharing s ON s.contact = c.file LEFT JOIN ahead a ON a.contact = c.file
  WHERE c.status != 'archived'{{which_c}}),
clocked AS (SELECT *,
    CASE WHEN touch IS NULL OR met_by > touch THEN met_by ELSE touch END AS last,
    CASE WHEN seen IS NULL OR met_by > seen THEN met_by ELSE seen END AS in_person
  FROM known),
dated AS MATERIALIZED (SELECT clocked.*, k.days, j.days AS meet_days,
    {_due("last", "k")} AS due, {_due("in_person", "j")} AS meet_due
  FROM clocked JOIN temp.clock k ON k.setting = cadence JOIN temp.clock j ON j.setting = meet_every),
late AS (SELECT *, CAST(julianday(:day) - due AS INTEGER) AS late,
    CAST(julianday(:day) - meet_due AS INTEGER) AS meet_late FROM dated)
INSERT INTO {{table}} SELECT file, sort_key, IFNULL(NULLIF(ladder, ''), 'unplaced'), status,
  own_clock, last, in_person, cadence, CAST(due + 0.5 AS INTEGER), NULLIF(MAX(late, 0), 0),
  late > MIN(2 * days, {LONG_LOST_DAYS}), meet_every, CAST(meet_due + 0.5 AS INTEGER),
  NULLIF(MAX(meet_late, 0), 0), meet_late > MIN(2 * meet_days, {LONG_LOST_DAYS}), days90, seen90,
  shared_on, CASE WHEN shared_on >= :recent OR shared_on = last THEN shared_items END,
  CASE WHEN shared_on >= :recent OR shared_on = last THEN json_array_length(shared_items)
    - IFNULL(CASE WHEN shared_elsewhere THEN json_array_length({_MULTI}) END, 0) END,
  CASE WHEN (shared_on >= :recent OR shared_on = last) AND shared_elsewhere THEN {_MULTI} END,
  ahead
FROM late
"""
_DIRTY = " AND {column} IN (SELECT file FROM member_dirty)"
_WHOLE = {"which": "", "which_c": "", "which_d": "", "which_i": "", "which_o": ""}
_WHOLE |= {"ahead": "ahead_span", "ahead_own": "", "ahead_resolved": ""}
_EVERYONE = _FILL.format(table="member", **_WHOLE)
_THE_DIRTY = _FILL.format(
    table="member",
    which=_DIRTY.format(column="x.contact"),
    which_c=_DIRTY.format(column="c.file"),
    which_d=_DIRTY.format(column="contact"),
    which_i=_DIRTY.format(column="i.file"),
    which_o=_DIRTY.format(column="o.contact"),
    ahead="interactions",
    ahead_own=" AND i.date >= :day" + _DIRTY.format(column="i.file"),
    ahead_resolved=" AND i.date >= :day" + _DIRTY.format(column="t.contact"),
)
# The kept table's refills, with its totals (schema.MEMBER_TOTALS): counted
# whole, or the marked members' new rows counted in (their old rows were
# taken out before they were read again: _prepare).
_REFILL_WHOLE = (_EVERYONE, "DELETE FROM member_totals", count_members("1"))
_REFILL_MARKED = (_THE_DIRTY, count_members(MARKED))
# A digest's own table: without the ids ahead (a narrowed digest reads the
# planned touches of everyone, most of whom it leaves out: digest_facts).
_TEMPORARY = _FILL.format(
    table="temp.member",
    **{**_WHOLE, "ahead": "interactions", "ahead_own": " AND 0", "ahead_resolved": " AND 0"},
)
# Every clock setting in use or by default, and what temp.clock holds of it.
_SETTINGS = (
    "SELECT cadence FROM contacts UNION SELECT meet_every FROM contacts"
    " UNION SELECT value FROM json_each(:defaults)"
)
# A Member from a row of the table and its contact's (member_of), after its rank.
MEMBER = (
    "c.sort_key, f.path, c.name, c.ladder, m.status, c.company, c.role, c.how_met, c.birthday,"
    " c.groups_, c.tags, c.met, m.own_clock, c.snooze, m.last, m.last_in_person, m.cadence,"
    " m.meet_every, m.due_day, m.meet_due_day"
)
_CONTACT = " JOIN contacts c ON c.file = m.file"


@contextmanager
def fill_members(index: Index, config: Config, today: date, scope: Scope) -> Iterator[Scope]:
    """The table `member` as of `today`, for `scope` (see the module's
    docstring), to be read within the block: the table the index keeps is
    seen as filled until the block ends, even if another process brings it
    to another day meanwhile (kept.refresh). Yields the scope, with its
    group's members found (Groups.find: NoSuchName for a group there is not)."""
    if scope.group and scope.members is None:
        groups = Groups(index, today)
        scope = replace(scope, members=frozenset(groups.members(groups.find(scope.group))))
    conn = index.conn
    settings = _settings(config, today)
    for table in ("member", "member_totals"):  # an earlier digest's, in this process
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    from . import kept  # sqlite3's, only when a digest is made

    key = json.dumps(settings, sort_keys=True)
    prepare = functools.partial(_prepare, conn, settings)  # only when rows are read
    if scope.narrowed or not kept.refresh(
        conn, key, _REFILL_WHOLE, _REFILL_MARKED, settings, prepare
    ):
        _fill_clocks(conn, settings)
        conn.execute(_temporary("member"))
        conn.execute(_TEMPORARY, settings)
        if scope.narrowed:
            _narrow(conn, scope)
        for statement in MEMBER_INDEXES:
            conn.execute(statement.format(schema="temp."))
        conn.execute(_temporary("member_totals"))
        conn.execute(count_members("1"))
    try:
        yield scope
    finally:
        kept.release(conn)


def _temporary(table: str) -> str:
    return create_table(table).replace("CREATE TABLE", "CREATE TEMP TABLE", 1)


def _prepare(conn: Connection, settings: dict[str, str]) -> None:
    """Before the kept table is read (whole or for the members a sync
    marked): the clocks, and the marked members' rows taken out of its
    totals (_REFILL_MARKED counts their new rows in; _REFILL_WHOLE counts
    the whole table anew)."""
    _fill_clocks(conn, settings)
    conn.execute(count_members(MARKED, "-"))


def _settings(config: Config, today: date) -> dict[str, str]:
    """_FILL's parameters: the day, the first of the last RECENT_DAYS, and
    each rung's clock settings."""
    recent = today - timedelta(days=RECENT_DAYS - 1)
    settings = {"day": today.isoformat(), "recent": recent.isoformat()}
    for rung in ("above", "peer", "below", None):
        settings[f"cadence_{rung or 'else'}"] = config.cadence_for(rung)
        settings[f"meet_every_{rung or 'else'}"] = config.meet_every_for(rung)
    return settings


def _fill_clocks(conn: Connection, settings: dict[str, str]) -> None:
    conn.execute("DROP TABLE IF EXISTS temp.clock")
    conn.execute(
        "CREATE TEMP TABLE clock(setting TEXT PRIMARY KEY, days INT, unit TEXT, amount INT)"
        " WITHOUT ROWID"
    )
    defaults = json.dumps(sorted({v for k, v in settings.items() if k not in ("day", "recent")}))
    used = conn.execute(_SETTINGS, {"defaults": defaults}).fetchall()
    conn.executemany(
        "INSERT INTO temp.clock VALUES (?, ?, ?, ?)",
        [(setting, *_clock(setting)) for (setting,) in used if setting],
    )


def marked_paths(index: Index) -> set[str]:
    """The members a sync marked to be read again (before fill_members reads them)."""
    rows = index.conn.execute(
        "SELECT f.path FROM member_dirty d JOIN member m ON m.file = d.file"
        " JOIN files f ON f.id = d.file"
    )
    return {path for (path,) in rows}


def _clock(setting: str) -> tuple[int, str, int]:
    """A clock setting as temp.clock holds it: nominal days, and what after()
    adds: days ('d', weeks as days) or calendar months ('m', years as
    months). A setting the parser refused counts as none (amount 0)."""
    try:
        cadence = cadence_from(setting)
    except ValueError:
        return (0, "d", 0)
    if cadence.unit in "dw":
        return (cadence.nominal_days or 0, "d", cadence.nominal_days or 0)
    months = cadence.amount * (12 if cadence.unit == "y" else 1)
    return (cadence.nominal_days or 0, "m", months)


def _narrow(conn: Connection, scope: Scope) -> None:
    """Only the contacts `scope` admits (Scope.admits, of their Member)."""
    refused = [m.path for m in Members(conn).values() if not scope.admits(m)]
    conn.execute(
        "DELETE FROM temp.member WHERE file IN"
        " (SELECT id FROM files WHERE path IN (SELECT value FROM json_each(?)))",
        (json.dumps(refused),),
    )


@functools.lru_cache(maxsize=65536)
def _due_day(last: str | None, setting: str, status: str, snooze: str | None) -> date | None:
    """people.due_after of a member's values, once per distinct question
    (thousands of contacts share a few settings and a few thousand days)."""
    return due_after(
        day_of(last) if last else None,
        cadence_from(setting),
        status,
        day_of(snooze) if snooze else None,
    )


def member_of(row: tuple) -> Member:
    """A Member from a row of MEMBER, without its rank. Its due days are the
    table's (_FILL, as people.due_after counts them) where it has one; where
    it has none, due_after's own (None, but for a sum past the calendar's
    end: date.max)."""
    path, name, ladder, status, company, role, how_met, birthday, groups, tags, met = row[1:12]
    own_clock, snooze, last, in_person, cadence, meet_every, due, meet_due = row[12:]
    return Member(  # by position: one per contact, thousands in a JSON digest
        path,
        name,
        ladder,
        status,
        company,
        role,
        how_met,
        birthday,
        joined_parts(groups) if groups else (),
        joined_parts(tags) if tags else (),
        day_of(met) if met else None,
        bool(own_clock),
        day_of(last) if last else None,
        day_of(in_person) if in_person else None,
        cadence_from(cadence),
        JULIAN[due] if due is not None else _due_day(last, cadence, status, snooze),
        cadence_from(meet_every),
        JULIAN[meet_due]
        if meet_due is not None
        else _due_day(in_person, meet_every, status, snooze),
    )


def _from_julian(day: int) -> date:
    """The date of a Julian day number (SQLite's julianday + 0.5, cut); one
    past the calendar's end is date.max, as dates.Cadence.after gives it."""
    ordinal = day - _JULIAN_ORDINAL
    return date.max if ordinal > date.max.toordinal() else date.fromordinal(ordinal)


_JULIAN_ORDINAL = 1721425  # Julian day number - date.toordinal()
# Julian day -> its date, each worked out once: bounded by the due days of a
# vault (a few thousand), a dict look-up where functools' cache is a call.
JULIAN: Memo[int, date] = Memo(_from_julian)


class Standing(NamedTuple):
    """What the digest's lists of open items weigh of a member (their
    status and last touch, as their Member has them): read, no Member
    made, for the thousands of contacts with an item (Members.know)."""

    status: str
    last_touch: date | None


class Members(Mapping[str, Member]):
    """The contacts of the table `member` by path, each made as a Member the
    first time it is asked for (`load` makes many at once): the markdown
    digest's rows ask for a few, a JSON digest for thousands. `know` and
    `names` read less of many, without making their Members."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._made: dict[str, Member] = {}
        self._known: dict[str, Standing] = {}  # of members not made (know)
        self._named: dict[str, str] = {}  # of members not made (names)
        self._ranks: dict[str, Rank] = {}  # of every member read: made, known or named
        self._paths: frozenset[str] | None = None
        self._asked: set[str] = set()  # paths read: members (ranked) or not

    def __getitem__(self, path: str) -> Member:
        found = self._made.get(path)
        if found is None:
            self.load((path,))
            found = self._made.get(path)
            if found is None:
                raise KeyError(path)
        return found

    def __contains__(self, path: object) -> bool:
        if path in self._ranks:
            return True
        return False if path in self._asked else path in self.paths

    def __iter__(self) -> Iterator[str]:
        """Every path, in the index's order (every Member made)."""
        self.load()
        return iter(sorted(self._made, key=self._ranks.__getitem__))

    def __len__(self) -> int:
        return len(self.paths)

    @property
    def paths(self) -> frozenset[str]:
        if self._paths is None:
            rows = self.conn.execute("SELECT f.path FROM member m JOIN files f ON f.id = m.file")
            self._paths = frozenset(p for (p,) in rows)
        return self._paths

    def rank_of(self, path: str) -> Rank:
        found = self._ranks.get(path)
        if found is None:
            self.load((path,))
            found = self._ranks[path]
        return found

    def standing(self, path: str) -> Standing:
        """A member's status and last touch: of their Member if made, else
        as know() read them (KeyError for one who is not a member)."""
        made = self._made.get(path)
        if made is None and path not in self._known:
            self.load((path,))
            made = self._made.get(path)
        return self._known[path] if made is None else Standing(made.status, made.last_touch)

    def know(self, paths: Iterable[str]) -> None:
        """Read which of `paths` are members, with each one's rank and
        standing, but make no Member: thousands of contacts have an open
        item, and the digest shows a few."""
        made, known = self._made, self._known
        wanted = self._unread(p for p in set(paths) if p not in made and p not in known)
        if not wanted:
            return
        for key, path, status, last in self._rows("m.sort_key, f.path, m.status, m.last", wanted):
            known[path] = Standing(status, day_of(last) if last else None)
            self._ranks[path] = (key, path)

    def names(self, paths: Iterable[str]) -> dict[str, str]:
        """The name of each of `paths` the table holds, by path, their ranks
        read with them (rank_of) but no Member made: a group's members, the
        people of a planned meeting, shown by name, hundreds of them."""
        made, named = self._made, self._named
        found = {}
        unread = []
        for path in set(paths):
            member = made.get(path)
            if member is not None:
                found[path] = member.name
            elif path in named:
                found[path] = named[path]
            else:
                unread.append(path)
        wanted = self._unread(unread)
        if wanted:
            rows = self._rows("c.sort_key, f.path, c.name", wanted, _CONTACT)
            for key, path, name in rows:
                found[path] = named[path] = name
                self._ranks[path] = (key, path)
        return found

    def read_ranks(self, paths: Iterable[str]) -> None:
        """Read the ranks of those of `paths` not read yet at once (with
        their names, as names() reads them), for rank_of to find: the
        digest's first follow-ups would read each one's Member alone."""
        ranks = self._ranks
        self.names(path for path in paths if path not in ranks)

    def name_of(self, path: str) -> str:
        """A member's name: as names() read it, else of their Member (made
        now if need be; KeyError for one who is not a member)."""
        found = self._named.get(path)
        return self[path].name if found is None else found

    def load(self, paths: Iterable[str] | None = None) -> None:
        """Make the Members of `paths` (None: everyone's) at once."""
        made = self._made
        rows: Iterable[tuple]
        if paths is None:
            rows = self.conn.execute(
                f"SELECT {MEMBER} FROM member m{_CONTACT} JOIN files f ON f.id = m.file"
            )
        else:
            wanted = self._unread(p for p in set(paths) if p not in made)
            if not wanted:
                return
            rows = self._rows(MEMBER, wanted, _CONTACT)
        ranks = self._ranks
        for row in rows:
            path = row[1]
            if path not in made:
                made[path] = member_of(row)
                ranks[path] = (row[0], path)

    def _unread(self, paths: Iterable[str]) -> list[str]:
        """Those of `paths` that may be members: not read yet, or members
        (read by know or names, to be made); now counted as read."""
        ranks, asked = self._ranks, self._asked
        wanted = [path for path in paths if path in ranks or path not in asked]
        asked.update(wanted)
        return wanted

    def _rows(self, columns: str, paths: list[str], joined: str = "") -> Iterable[tuple]:
        """SELECT `columns` (of the table member as m, files as f, and what
        else is `joined`) of the members of these paths, looked up by path."""
        return self.conn.execute(
            f"SELECT {columns} FROM json_each(?) n JOIN files f ON f.path = n.value"
            f" JOIN member m ON m.file = f.id{joined}",
            (json.dumps(paths),),
        )

    def forget(self, paths: Iterable[str]) -> None:
        """Read these again when next asked for (their rows changed), and who
        the members are (someone came or went)."""
        for path in paths:
            self._made.pop(path, None)
            self._known.pop(path, None)
            self._named.pop(path, None)
            self._ranks.pop(path, None)
        self._asked.clear()
        self._paths = None

    def values(self) -> list[Member]:  # type: ignore[override]
        """Every Member, in the index's order."""
        made = self._made
        return [made[path] for path in self]


class Ranks(Mapping[str, Rank]):
    """Each member's place in the index's order, to sort by: (sort key,
    path), read with the Member when first asked for. Made when asked for
    (Network.rank), not kept by the Members: the two would hold each other,
    a cycle only a full collection frees, and a watcher's digest is made
    again on every save."""

    def __init__(self, members: Members) -> None:
        self.members = members

    def __getitem__(self, path: str) -> Rank:
        return self.members.rank_of(path)

    def __iter__(self) -> Iterator[str]:
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)

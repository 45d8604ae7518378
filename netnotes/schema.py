"""The index's tables, made from the column tuples of layout.py (so that a
table and the rows written into it cannot disagree on the order of their
columns), its secondary indexes, and the SQL that more than one module runs.
"""

from __future__ import annotations

from datetime import date

from . import layout

SCHEMA_VERSION = 62  # bump whenever the schema or what the parser extracts changes

# A contact in the digest's table of members (digest_members.py): who (the
# rest of what the digest shows of them is in `contacts`), how they sort,
# their clocks' settings, and on each clock the Julian day it falls due, how
# many days late and whether long lost (None: not overdue); the days over
# the last 90 with a touch, and in person (a `met:` day counted as face to face);
# and the latest day on or before the table's on which they shared a personal
# item that is not #sensitive (ISO; None: never), the only day whose personal
# items the digest shows, and when that day is one of the last 90
# (digest_facts.RECENT_DAYS: the personal section's) or their last touch (a
# pick's news), the ids of those items, in their note or another's (a
# meeting's, a daily note's: owners), as a JSON list (None: neither), how
# many of those no other contact owns, and the ids of the others (a
# meeting's line of two; None: none), so that the personal section is
# counted without reading its items; and
# the ids of the interactions of their touches dated on or after the table's
# day (touches_sql's, daily notes' plans not: those are read through
# interactions_plans), as a JSON list (None: none; always, in a digest's
# temporary table), so that the digest reads the few planned touches without
# reading every interaction (digest_facts._Reader.planned).
MEMBER_COLUMNS = (
    "file", "sort_key", "rung", "status", "own_clock", "last", "last_in_person", "cadence",
    "due_day", "late", "lost", "meet_every", "meet_due_day", "meet_late", "meet_lost", "days90",
    "seen90", "shared_on", "shared_items", "shared_alone", "shared_multi", "ahead",
)  # fmt: skip
MEMBERS_KEY = "members"  # meta: the day and clocks the member table is of
# It holds only what the digest works out: names, paths and what else its rows
# show are read through the contact's file (contacts, files). Its indexes (a
# narrowed digest makes the same on a temporary table of its own): the lapsed
# on each clock most overdue first (the sections), and by
# rung each side of long lost (this week's picks); SQLite sorts the ties of a
# day in the index's order (sort key, path) as it reads them.
MEMBER_INDEXES = (
    "CREATE INDEX {schema}member_overdue ON member(lost, due_day) WHERE late IS NOT NULL",
    "CREATE INDEX {schema}member_late ON member(rung, lost, due_day) WHERE late IS NOT NULL",
    "CREATE INDEX {schema}member_meet ON member(meet_due_day) WHERE meet_late IS NOT NULL",
    "CREATE INDEX {schema}member_meet_late ON member(rung, meet_lost, meet_due_day)"
    " WHERE meet_late IS NOT NULL",
    # the few with a touch ahead, and its interactions' ids: the planned touches
    "CREATE INDEX {schema}member_ahead ON member(ahead) WHERE ahead IS NOT NULL",
    # the few never met face to face or never touched: still to meet and the address
    # book (digest_due; either condition reads it, whichever its query names)
    "CREATE INDEX {schema}member_unmet ON member(status)"
    " WHERE last_in_person IS NULL OR last IS NULL",
)

# Every table and its columns: the row tables' as layout.py lays them out, plus the
# id SQLite gives each row (interactions, items, mentions) and what sync adds.
TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "files": layout.FILES,
    "bodies": layout.BODIES,
    "contacts": layout.CONTACTS,
    "contact_details": layout.CONTACT_DETAILS,
    "names": layout.NAMES,
    "folds": layout.FOLDS,
    "identities": layout.IDENTITIES,
    "links": (*layout.LINKS, "status", "matches"),
    "interactions": ("id", *layout.INTERACTIONS),
    "items": ("id", *layout.ITEMS),
    "mentions": ("id", *layout.MENTIONS),
    "meetings": layout.MEETINGS,
    "touches": ("contact", "interaction", "file"),
    "last_touch": ("contact", "last", "in_person"),
    # each contact's days with a touch (future-dated meetings included, daily-note
    # plans not): whether one was in person, and the most people one was with
    # (contact_days_sql)
    "contact_days": ("contact", "date", "in_person", "headcount"),
    "owners": ("contact", "item", "file"),
    "mentioned": ("contact", "mention", "file"),
    "problems": layout.PROBLEMS,
    "walk_problems": layout.PROBLEMS[1:],
    "duplicate_problems": layout.PROBLEMS[1:],  # duplicates.record_duplicates
    "sections": ("id", *layout.SECTIONS),
    "shown": layout.SHOWN,
    # where each contact not archived stands on one day with one config's clocks
    # (meta `members`), kept by digest_members.refresh_members: the digest's
    # sections read it (issue 20); a sync marks the contacts it touched
    # (member_dirty) for the next digest to read again
    "member": MEMBER_COLUMNS,
    "member_dirty": ("file",),
    # the table member's totals (MEMBER_TOTALS)
    "member_totals": ("status", "rung", "overdue", "members", "days90", "seen90"),
    # the link problems' counts (kept by every sync: links.record_statuses): per
    # target leading to no note or to several, its key and status, and on how
    # many lines (distinct file and line) links name it; the digest counts
    # and judges these few rows instead of every link with a problem
    "link_tally": ("key", "target", "status", "lines"),
}
# The tables whose first column is their key (the file's id, for most).
_KEYED = {"meta", "files", "bodies", "contacts", "contact_details", "interactions", "items"}
_KEYED |= {"mentions", "meetings", "last_touch", "sections", "shown", "member", "member_dirty"}
_INT = {"size", "mtime_ns", "failed", "conflicted", "file", "rank", "line", "embed", "fm"}
_INT |= {"end_line", "in_person", "noted", "is_task", "done", "waiting", "sensitive"}
_INT |= {"in_section", "contact", "interaction", "item", "mention", "headcount"}
_INT |= {"own_clock", "late", "lost", "meet_late", "meet_lost", "days90", "seen90"}
_INT |= {"due_day", "meet_due_day"}  # Julian day numbers
_INT |= {"overdue", "members", "lines"}
_TYPES = {
    ("meta", "key"): "TEXT PRIMARY KEY",
    ("files", "path"): "TEXT UNIQUE",
    ("bodies", "body"): "BLOB",
    ("last_touch", "in_person"): "TEXT",  # a date here
}
# An interaction met in person with nothing written under it yet, not a daily
# note's line: written so (as i) that SQLite reads such rows through the index
# interactions_unwritten, whose WHERE this is.
UNWRITTEN = "i.in_person AND NOT i.noted AND i.origin != 'daily'"
# A personal item whose text holds a digit (every way of writing a date does),
# read through the index items_naming_a_day, whose WHERE this is.
NAMES_A_DAY = "i.type = 'personal' AND i.text GLOB '*[0-9]*'"
# A birthday's month and day when it is written `YYYY-MM-DD`, `MM-DD` or `--MM-DD`
# (nearly all are: its last five characters), and a `birthday:` written in none
# of those forms: each the expression of an index below (contacts_birthdays,
# contacts_odd_birthdays), written alike in the queries (which join no other
# table with a `birthday` column).
BIRTHDAY_ON = "substr(birthday, -5)"
BIRTHDAY_ODD = (
    "birthday IS NOT NULL AND NOT (birthday GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
    " OR birthday GLOB '[0-9][0-9]-[0-9][0-9]' OR birthday GLOB '--[0-9][0-9]-[0-9][0-9]')"
)
# Tables keyed by several columns, stored in that order (WITHOUT ROWID): a
# contact's rows lie together, so reading them needs no index of their own.
_CLUSTERED = {
    "contact_days": "contact, date",
    "member_totals": "status, rung, overdue",
    "link_tally": "key, target, status",
}
_SEARCH = (
    "CREATE VIRTUAL TABLE search USING fts5(text, content = '',"
    " tokenize = 'unicode61 remove_diacritics 2')"
)

# Secondary indexes: made after the rows when a whole vault is loaded at once.
INDEXES = (
    # rank and file too: link statuses read a key's names from the index alone
    "CREATE INDEX names_key ON names(key, rank, file)",
    "CREATE INDEX names_file ON names(file)",
    "CREATE INDEX folds_key ON folds(key)",
    "CREATE INDEX folds_file ON folds(file)",
    "CREATE INDEX identities_key ON identities(key)",
    "CREATE INDEX identities_file ON identities(file)",
    "CREATE INDEX links_file ON links(file)",
    "CREATE INDEX links_key ON links(key)",
    # (file, line): the link check asks whether a line holds an interaction or a #sensitive item
    "CREATE INDEX interactions_file ON interactions(file, line)",
    # personal items naming a day: the digest's quick touches (NAMES_A_DAY)
    "CREATE INDEX items_naming_a_day ON items(date)"
    " WHERE type = 'personal' AND text GLOB '*[0-9]*'",
    # in-person meetings with nothing written yet: the digest's "to write up" (UNWRITTEN)
    "CREATE INDEX interactions_unwritten ON interactions(date)"
    " WHERE in_person AND NOT noted AND origin != 'daily'",
    # daily notes' plans (a few): the digest's planned touches (digest_facts._Reader.planned)
    "CREATE INDEX interactions_plans ON interactions(date) WHERE origin = 'plan'",
    "CREATE INDEX items_file ON items(file, line)",
    # the digest's follow-ups read open tasks by due day (digest_facts.first_task_lines)
    "CREATE INDEX items_open_tasks ON items(waiting, due, file, line) WHERE is_task AND NOT done",
    "CREATE INDEX mentions_file ON mentions(file)",
    "CREATE INDEX touches_contact ON touches(contact)",
    "CREATE INDEX touches_file ON touches(file)",
    "CREATE INDEX owners_contact ON owners(contact)",
    "CREATE INDEX owners_file ON owners(file, item, contact)",
    "CREATE INDEX mentioned_contact ON mentioned(contact)",
    "CREATE INDEX mentioned_file ON mentioned(file)",
    "CREATE INDEX problems_file ON problems(file)",
    "CREATE INDEX sections_file ON sections(file)",
    # links to no note or to several: the link check reads them from this index alone
    "CREATE INDEX links_problems ON links(status, file, line, target, matches)"
    " WHERE status IS NOT NULL",
    # the #sensitive items: the link check asks which lines with a problem hold one
    "CREATE INDEX items_sensitive ON items(file, line) WHERE sensitive",
    "CREATE INDEX interactions_sensitive ON interactions(file, line) WHERE sensitive",
    # the contacts with a `groups:` (a tenth): every Groups reads them (Groups._contact_groups,
    # Index.contact_groups, whose WHERE this is), which was a scan of every contact
    "CREATE INDEX contacts_grouped ON contacts(file) WHERE groups_ IS NOT NULL AND groups_ != ''",
    # the group notes (a handful): read by every Groups, twice a watcher's save
    "CREATE INDEX files_groups ON files(path) WHERE kind = 'group'",
    # the meeting notes that name a group (few, often none): every Groups reads them
    # (Index.meeting_groups, whose WHERE this is), which was a scan of every meeting
    "CREATE INDEX meetings_grouped ON meetings(file) WHERE groups_ IS NOT NULL AND groups_ != '[]'",
    # the archived contacts (a few in a hundred): the only ones with a touch the kept
    # table member holds none of, whose planned touches the digest reads on their own
    # (digest_facts._PLANNED), which was a probe of member for every contact touched
    "CREATE INDEX contacts_archived ON contacts(file) WHERE status = 'archived'",
    # the contacts with a `birthday:` (a third), by the month and day its last five
    # characters are (BIRTHDAY_ON), and those written in no form that ends in them (a
    # few, often none; BIRTHDAY_ODD): the digest's birthdays (digest_ahead.birthday_rows),
    # which were a scan of every member
    f"CREATE INDEX contacts_birthdays ON contacts({BIRTHDAY_ON}) WHERE birthday IS NOT NULL",
    f"CREATE INDEX contacts_odd_birthdays ON contacts(file) WHERE {BIRTHDAY_ODD}",
    *(index.format(schema="") for index in MEMBER_INDEXES),
)
# The tables holding rows of one file each, in the order a file's are deleted.
BY_FILE = (
    "bodies",
    "folds",
    "identities",
    "contact_details",
    "links",
    "interactions",
    "items",
    "mentions",
    "meetings",
    "touches",
    "owners",
    "mentioned",
    "names",
    "problems",
    "sections",
    "shown",
)


def _declared(table: str, column: str, first: bool) -> str:
    if first and table in _KEYED and (table, column) not in _TYPES:
        return f"{column} INTEGER PRIMARY KEY"
    kind = _TYPES.get((table, column)) or ("INT" if column in _INT else "TEXT")
    return f"{column} {kind}"


def create_table(table: str) -> str:
    columns = TABLES[table]
    declared = ", ".join(_declared(table, c, n == 0) for n, c in enumerate(columns))
    if table in _CLUSTERED:
        return f"CREATE TABLE {table}({declared}, PRIMARY KEY ({_CLUSTERED[table]})) WITHOUT ROWID"
    return f"CREATE TABLE {table}({declared})"


def index_of(statement: str) -> tuple[str, str]:
    """The name of the index a `CREATE INDEX name ON table(…)` makes, and its table."""
    words = statement.split()
    return words[2], words[4].split("(")[0]


def statements() -> list[str]:
    """Every statement that makes an empty index: tables, full-text table, indexes."""
    return [*(create_table(table) for table in TABLES), _SEARCH, *INDEXES]


# The table member's totals (member_totals), that the digest counts none of
# its rows one by one: its members by status and rung, with their days with a
# touch over the last 90 days and those in person (the ladder), and whether
# overdue on the first clock (`overdue`: 0 not, 1 lapsed, 2 long lost).
# Kept as the table is (digest_members, through kept.refresh): before the
# members a sync marked are read again, their rows are taken out of the
# totals (count_members(MARKED, "-")), and once read, counted in again
# (count_members(MARKED)); a table read whole is counted whole. A digest's
# own table (narrowed, or an index it cannot write) gets totals of its own.
MEMBER_TOTALS = "status, rung, CASE WHEN late IS NULL THEN 0 ELSE 1 + IFNULL(lost, 2) END"
MARKED = "file IN (SELECT file FROM member_dirty)"


def count_members(which: str, sign: str = "") -> str:
    """SQL: the members `which` (a condition on the table member) counted
    into member_totals, or taken out of it (`sign` "-")."""
    return (
        f"INSERT INTO member_totals SELECT {MEMBER_TOTALS}, {sign}COUNT(*), {sign}SUM(days90),"
        f" {sign}SUM(seen90) FROM member WHERE {which} GROUP BY 1, 2, 3"
        " ON CONFLICT DO UPDATE SET members = members + excluded.members,"
        " days90 = days90 + excluded.days90, seen90 = seen90 + excluded.seen90"
    )


def insert(table: str, columns: tuple[str, ...]) -> str:
    """An INSERT of rows laid out as `columns` (one of layout.py's tuples)."""
    return f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


# Each interaction with the contact it was with: a contact's own log, then
# what resolving meeting and daily notes attributed to them. A daily note's
# plan for a later day is never a touch: {plans} lets in those after a day.
_TOUCHES = """
    SELECT i.file AS contact, i.id, i.file, i.line, i.end_line, i.date, i.title, i.kind,
           i.in_person, i.origin, i.noted
      FROM {source} i WHERE i.origin = 'contact' {own}
    UNION ALL
    SELECT t.contact, i.id, i.file, i.line, i.end_line, i.date, i.title, i.kind, i.in_person,
           i.origin, i.noted
      FROM touches t JOIN {source} i ON {joined}
     WHERE (i.origin != 'plan' {plans}) {resolved}
"""
# The interactions' columns touches_sql reads, for a `source` of some of them.
TOUCHED_COLUMNS = "id, file, line, end_line, date, title, kind, in_person, origin, noted"


def touches_sql(
    own: str = "", resolved: str = "", plans_after: date | None = None, source: str = ""
) -> str:
    """Every touch as a subquery; `own` and `resolved` narrow its two halves,
    `plans_after` adds the planned meetings daily notes name after that day.
    `source`: a table of some interactions (TOUCHED_COLUMNS) in their place,
    whose touches are looked up by file (touches_file; a touch's file is its
    interaction's), not every touch's interaction by id."""
    plans = f"OR i.date > '{plans_after.isoformat()}'" if plans_after else ""
    joined = "i.file = t.file AND i.id = t.interaction" if source else "i.id = t.interaction"
    return _TOUCHES.format(
        own=own, resolved=resolved, plans=plans, source=source or "interactions", joined=joined
    )


def chunks(values: list, size: int = 500) -> list[list]:
    """`values` in lists short enough for one statement's parameters."""
    return [values[i : i + size] for i in range(0, len(values), size)]


def marks(values: list) -> str:
    return ",".join("?" * len(values))


def contact_days_sql(own: str = "", resolved: str = "") -> str:
    """Fill contact_days with each contact's days with a touch (touches_sql's,
    narrowed alike), once: whether one of them was in person, and the most
    contacts one of them was with (an entry in their own log is theirs alone;
    others' from temp.headcount, which headcount_sql fills first). Touches
    count once a day (the digest's ladder); a day in person with no one else
    is a one on one (groups.met_alone). Each touch is inserted as it comes and
    a day already there keeps the larger of each: the table's key groups
    them (a GROUP BY sorted every touch first: twice the CPU of a cold
    index's fill). The contacts' rows are deleted before."""
    return (
        "INSERT INTO contact_days SELECT t.contact, t.date, t.in_person,"
        " CASE WHEN t.origin = 'contact' THEN 1"
        " ELSE (SELECT k.n FROM temp.headcount k WHERE k.interaction = t.id) END"
        f" FROM ({touches_sql(own, resolved)}) t WHERE t.date IS NOT NULL"
        " ON CONFLICT DO UPDATE SET in_person = MAX(in_person, excluded.in_person),"
        " headcount = MAX(headcount, excluded.headcount)"
    )


# How many contacts each interaction was with, kept for contact_days_sql in a
# temporary table keyed by interaction: one look-up per touch (counting each
# touch's headcount again was a third of a cold index's contact_days).
HEADCOUNT = "CREATE TEMP TABLE IF NOT EXISTS headcount(interaction INTEGER PRIMARY KEY, n INT)"


def headcount_sql(resolved: str = "") -> str:
    """Fill temp.headcount for every interaction, or (`resolved`, as in
    touches_sql, on touches as t) for those of some contacts' touches. A
    touch's file is its interaction's: asking for those files' touches first
    looks them up by file (touches_file), not through every touch."""
    theirs = f"SELECT t.{{}} FROM touches t WHERE 1 {resolved}"
    among = f" WHERE file IN ({theirs.format('file')})"
    among += f" AND interaction IN ({theirs.format('interaction')})"
    return (
        "INSERT INTO temp.headcount SELECT interaction, COUNT(DISTINCT contact) FROM touches"
        f"{among if resolved else ''} GROUP BY interaction"
    )


# Each item with the contact it belongs to: a contact's own items, then those
# resolving meeting and daily notes gave to contacts (owners). {source} is the
# items table or a narrower set of its rows with the same columns; {wanted}
# filters items (as i), {own} and {owned} narrow the two halves to some contacts.
_OWNED_ITEMS = """
    SELECT i.file AS contact, {columns} FROM {source} i JOIN contacts c ON c.file = i.file
     WHERE {wanted} {own}
    UNION ALL
    SELECT o.contact, {columns} FROM {owners} WHERE {wanted} {owned}
"""
# How the second half meets owners: each owner's item looked up in the items
# table, or each of a narrower set's items' owners looked up (owners_file), which
# SQLite would not choose alone for lack of statistics (ten times faster).
_EVERY_OWNER = "owners o JOIN items i ON i.id = o.item"
_OWNERS_OF = "{source} i JOIN owners o ON o.file = i.file AND o.item = i.id"
# An owned item's columns, after its contact's: what results.owned_item_of reads
# (with the paths of contact and file for the ids).
ITEM_COLUMNS = (
    "i.file, i.line, i.type, i.text, i.date, i.is_task, i.done, i.due, i.waiting,"
    " i.sensitive, i.in_section"
)


def owned_items_sql(
    columns: str = ITEM_COLUMNS,
    wanted: str = "1",
    own: str = "",
    owned: str = "",
    source: str = "items",
) -> str:
    """Every item with its contact as a subquery (contact, then `columns`)."""
    owners = _EVERY_OWNER if source == "items" else _OWNERS_OF.format(source=source)
    return _OWNED_ITEMS.format(
        columns=columns, wanted=wanted, own=own, owned=owned, source=source, owners=owners
    )

"""The index's tables, made from the column tuples of layout.py (so that a
table and the rows written into it cannot disagree on the order of their
columns), its secondary indexes, and the SQL that more than one module runs.
"""

from __future__ import annotations

from datetime import date

from . import layout

SCHEMA_VERSION = 31  # bump whenever the schema or what the parser extracts changes

# Every table and its columns: the row tables' as layout.py lays them out, plus the
# id SQLite gives each row (interactions, items, mentions) and what sync adds.
TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "files": layout.FILES,
    "bodies": layout.BODIES,
    "contacts": layout.CONTACTS,
    "contact_details": layout.CONTACT_DETAILS,
    "names": layout.NAMES,
    "clashes": ("key", "file"),
    "folds": layout.FOLDS,
    "identities": layout.IDENTITIES,
    "links": (*layout.LINKS, "status", "matches"),
    "interactions": ("id", *layout.INTERACTIONS),
    "items": ("id", *layout.ITEMS),
    "mentions": ("id", *layout.MENTIONS),
    "meetings": layout.MEETINGS,
    "touches": ("contact", "interaction", "file"),
    "last_touch": ("contact", "last", "in_person"),
    "owners": ("contact", "item", "file"),
    "mentioned": ("contact", "mention", "file"),
    "problems": layout.PROBLEMS,
    "walk_problems": layout.PROBLEMS[1:],
    "sections": ("id", *layout.SECTIONS),
    "shown": layout.SHOWN,
}
# The tables whose first column is their key (the file's id, for most).
_KEYED = {"meta", "files", "bodies", "contacts", "contact_details", "interactions", "items"}
_KEYED |= {"mentions", "meetings", "last_touch", "sections", "shown"}
_INT = {"size", "mtime_ns", "failed", "conflicted", "file", "rank", "line", "embed", "fm"}
_INT |= {"end_line", "in_person", "noted", "is_task", "done", "waiting", "sensitive"}
_INT |= {"in_section", "contact", "interaction", "item", "mention"}
_TYPES = {
    ("meta", "key"): "TEXT PRIMARY KEY",
    ("files", "path"): "TEXT UNIQUE",
    ("bodies", "body"): "BLOB",
    ("last_touch", "in_person"): "TEXT",  # a date here
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
    "CREATE INDEX clashes_key ON clashes(key)",
    "CREATE INDEX folds_key ON folds(key)",
    "CREATE INDEX folds_file ON folds(file)",
    "CREATE INDEX identities_key ON identities(key)",
    "CREATE INDEX identities_file ON identities(file)",
    "CREATE INDEX links_file ON links(file)",
    "CREATE INDEX links_key ON links(key)",
    # (file, line): the link check asks whether a line holds an interaction or a #sensitive item
    "CREATE INDEX interactions_file ON interactions(file, line)",
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
    # links to no note or to several, with their targets: what the link check reads
    "CREATE INDEX links_problems ON links(status, target, file, line) WHERE status IS NOT NULL",
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
    return f"CREATE TABLE {table}({declared})"


def statements() -> list[str]:
    """Every statement that makes an empty index: tables, full-text table, indexes."""
    return [*(create_table(table) for table in TABLES), _SEARCH, *INDEXES]


def insert(table: str, columns: tuple[str, ...]) -> str:
    """An INSERT of rows laid out as `columns` (one of layout.py's tuples)."""
    return f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


# Each interaction with the contact it was with: a contact's own log, then
# what resolving meeting and daily notes attributed to them. A daily note's
# plan for a later day is never a touch: {plans} lets in those after a day.
_TOUCHES = """
    SELECT i.file AS contact, i.id, i.file, i.line, i.end_line, i.date, i.title, i.kind,
           i.in_person, i.origin, i.noted
      FROM interactions i WHERE i.origin = 'contact' {own}
    UNION ALL
    SELECT t.contact, i.id, i.file, i.line, i.end_line, i.date, i.title, i.kind, i.in_person,
           i.origin, i.noted
      FROM touches t JOIN interactions i ON i.id = t.interaction
     WHERE (i.origin != 'plan' {plans}) {resolved}
"""


def touches_sql(own: str = "", resolved: str = "", plans_after: date | None = None) -> str:
    """Every touch as a subquery; `own` and `resolved` narrow its two halves,
    `plans_after` adds the planned meetings daily notes name after that day."""
    plans = f"OR i.date > '{plans_after.isoformat()}'" if plans_after else ""
    return _TOUCHES.format(own=own, resolved=resolved, plans=plans)


def chunks(values: list, size: int = 500) -> list[list]:
    """`values` in lists short enough for one statement's parameters."""
    return [values[i : i + size] for i in range(0, len(values), size)]


def marks(values: list) -> str:
    return ",".join("?" * len(values))

"""The layout of each row the index stores, written down once: ONE
column-name tuple per table, from which schema.py makes the table and sync.py
its INSERT, and the type of each row kind as rows.py builds it.

Rows are plain tuples on the parse-and-write path: a NamedTuple or dataclass
per row would cost more than the parse. This module imports nothing, so that
opening the index does not load the parser.
"""

from __future__ import annotations

# The columns of each table, in the order of its rows' values.
FILES = ("id", "path", "size", "mtime_ns", "hash", "kind", "name", "date", "failed", "conflicted")
BODIES = ("file", "body")
CONTACTS = (
    "file",
    "name",
    "sort_key",
    "aliases",
    "tags",
    "ladder",
    "company",
    "role",
    "status",
    "cadence",
    "snooze",
    "met",
    "how_met",
    "birthday",
    "groups_",
    "email",
    "copy_of",
    "meet_every",
)
CONTACT_DETAILS = ("file", "details")
NAMES = ("key", "file", "rank")
FOLDS = ("key", "file")
IDENTITIES = ("key", "file")
LINKS = ("file", "line", "target", "embed", "fm", "key")
INTERACTIONS = (
    "file",
    "line",
    "end_line",
    "date",
    "title",
    "kind",
    "in_person",
    "origin",
    "targets",
    "noted",
    "sensitive",
)
ITEMS = (
    "file",
    "line",
    "type",
    "text",
    "date",
    "targets",
    "is_task",
    "done",
    "due",
    "waiting",
    "sensitive",
    "in_section",
    "owners",
)
MENTIONS = ("file", "line", "date", "text", "targets")
MEETINGS = ("file", "attendees", "groups_")
PROBLEMS = ("file", "path", "line", "severity", "problem", "detail")
SECTIONS = ("file", "line", "end_line", "date")  # the table numbers them: see rowbatch.Batch
SHOWN = ("file", "opening", "hidden")

# The row of each kind, as FileRows holds it (dates ISO text, lists JSON text,
# flags 0 or 1: sqlite3 binds a bool through its adapter look-up, an int at once).
FileRow = tuple[int, str, int, int, str, str, str, str | None, int, int]
ContactRow = tuple[
    int, str, str, str | None, str | None, str | None, str | None, str | None, str | None,
    str | None, str | None, str | None, str | None, str | None, str | None, str | None,
    str | None, str | None,
]  # fmt: skip
NameRow = tuple[str, int, int]  # (link key, file, rank: 0 path, 1 file name, 2 name, 3 alias)
FoldRow = tuple[str, int]  # (lookup key, file)
IdentityRow = tuple[str, int]  # ("email:a@x.example", file)
LinkRow = tuple[int, int, str, int, int, str]
InteractionRow = tuple[int, int, int, str, str | None, str | None, int, str, str, int, int]
ItemRow = tuple[
    int, int, str, str, str | None, str, int, int, str | None, int, int, int, str
]  # fmt: skip
MentionRow = tuple[int, int, str | None, str, str]
ProblemRow = tuple[int, str, int | None, str, str, str | None]
SectionRow = tuple[int, int, int, str | None]
ShownRow = tuple[int, str, str]

UNREADABLE = "unreadable"
UNCHANGED = "unchanged"  # the kind of FileRows for a file whose bytes did not change

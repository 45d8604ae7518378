"""Link resolution: which note a link target leads to, the way Obsidian
resolves it (a path, then a file name, then a contact's name, then an alias),
which contacts a note's links and plain words name, and, during a sync, whose
each interaction, item and mention is (DESIGN.md §2–3) and which links lead
to no note or to several."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Collection, Iterator, Sequence

from . import privacy
from .memo import make_room, remember
from .models import MEETING, note_stem
from .naming import link_key, lookup_key
from .schema import HEADCOUNT, chunks, contact_days_sql, headcount_sql, marks

OK, MISSING, AMBIGUOUS = "ok", "missing", "ambiguous"  # a link's status
# Names (keys), lists of targets and contacts' plain names held at once at
# most: a whole vault's at 100,000 contacts would be ~150 MB (~13 MB at 10,000).
HELD = 40_000


def record_statuses(
    conn: sqlite3.Connection,
    files: set[int] | None,
    keys: set[str],
    names: Names,
    taken: Tallied | None = None,
) -> None:
    """Record whether each link of these files (None: of every file), and
    each link anywhere that names one of these keys, leads to one note
    (status NULL), to none or to several. That depends only on a link's key
    (names_folder), so each key is resolved once. link_tally follows: these
    files' links counted in, their old ones out (`taken`: untally_file's),
    these keys' counted again."""
    if files is None:
        record_every_status(conn)
        return
    found_keys: set[str] = set()
    for column, values in (("file", sorted(files)), ("key", sorted(keys))):
        for chunk in chunks(values):
            rows = conn.execute(
                f"SELECT DISTINCT key FROM links WHERE {column} IN ({marks(chunk)})", chunk
            )
            found_keys.update(key for (key,) in rows)
    # (status, matches, key): of a key whose names changed, and of one whose did not
    everywhere: list[tuple] = []
    theirs: list[tuple] = []
    for key in sorted(found_keys):
        status, matches = names.pick(key)
        found = (status, ",".join(map(str, matches)) or None) if status != OK else (None, None)
        (everywhere if key in keys else theirs).append((*found, key))
    update = (
        "UPDATE links SET status = ?1, matches = ?2 WHERE key = ?3"
        " AND (status IS NOT ?1 OR matches IS NOT ?2)"
    )
    conn.executemany(update, everywhere)
    # A key's names unchanged: links elsewhere with it hold their status
    # already; only these files' links, written anew, are set.
    for chunk in chunks(sorted(files)) if theirs else ():
        held = ",".join(str(int(file)) for file in chunk)
        conn.executemany(f"{update} AND file IN ({held})", theirs)
    _tally_changes(conn, files, keys, taken or {})


def record_every_status(conn: sqlite3.Connection) -> None:
    """record_statuses for every link of the vault: no names held here."""
    conn.execute("UPDATE links SET status = NULL, matches = NULL WHERE status IS NOT NULL")
    _update_every_link(conn, _problem_statuses(conn))
    conn.execute("DELETE FROM link_tally")
    conn.executemany(
        "INSERT INTO link_tally VALUES (?, ?, ?, ?)",
        [(link_key(target), target, *counted) for target, *counted in conn.execute(_TALLY_ALL)],
    )


# link_tally's rows of these keys' links ({keys}), counted again: each
# target with a problem, with its key and status, and on how many lines links
# name it (read through links_key; +: not every problem link through
# links_problems).
_TALLY_KEYS = (
    "INSERT INTO link_tally SELECT key, target, status, COUNT(*) FROM (SELECT DISTINCT key,"
    " target, status, file, line FROM links WHERE key IN ({keys}) AND +status IS NOT NULL)"
    " GROUP BY key, target, status"
)
# A few files' links with a problem (links_file), counted here: a DISTINCT
# and a GROUP BY in SQL made two temporary b-trees for the few rows of a
# saved note (the most of what keeping the tally added to a watcher's sync).
_FILES_PROBLEMS = "SELECT key, target, status, file, line FROM links WHERE file IN ({files})"
_FILES_PROBLEMS += " AND +status IS NOT NULL"
# Every target's, from links_problems alone (its key is link_key's of it, as
# rows.py stores it: reading each link's key too was twice the work, 97 M ->
# 215 M instructions at 10k).
_TALLY_ALL = (
    "SELECT target, status, COUNT(*) FROM (SELECT DISTINCT target, status, file, line"
    f" FROM links WHERE status IN ('{MISSING}', '{AMBIGUOUS}')) GROUP BY target, status"
)
Tallied = dict[tuple[str, str, str], int]  # (key, target, status) → lines, to add or take


def _lines(conn: sqlite3.Connection, files: list[int], into: Tallied, sign: int) -> None:
    """Add (sign 1) or take (-1) the lines of these files' links with a problem
    to or from their targets' in `into`."""
    seen = set(conn.execute(_FILES_PROBLEMS.format(files=marks(files)), files))
    for key, target, status, _, _ in seen:
        into[key, target, status] = into.get((key, target, status), 0) + sign


def untally_file(conn: sqlite3.Connection, file: int, taken: Tallied) -> None:
    """Before a file's links are deleted: their rows of link_tally, taken
    out (into `taken`, which record_statuses applies with what the sync
    wrote in their place: a note saved with the same problems writes none)."""
    _lines(conn, [file], taken, -1)


def _tally_changes(
    conn: sqlite3.Connection, files: set[int], keys: set[str], taken: Tallied
) -> None:
    """link_tally after record_statuses: these files' links counted in and
    their old ones (`taken`) out; the links of these keys (whose status may
    have moved anywhere) counted again whole; the targets no line links any
    more dropped."""
    moved = dict(taken)
    for chunk in chunks(sorted(files)):
        _lines(conn, chunk, moved, 1)
    for chunk in chunks(sorted(keys)):
        conn.execute(f"DELETE FROM link_tally WHERE key IN ({marks(chunk)})", chunk)
        conn.execute(_TALLY_KEYS.format(keys=marks(chunk)), chunk)
    rows = [(*row, lines) for row, lines in moved.items() if lines and row[0] not in keys]
    if not rows:
        return
    conn.executemany(
        "INSERT INTO link_tally VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO UPDATE SET lines = lines + excluded.lines",
        rows,
    )
    if any(lines < 0 for *_, lines in rows):
        conn.execute("DELETE FROM link_tally WHERE lines <= 0")


# meta: how many folded keys (naming.lookup_key) the contacts answer to
# (folds), which linkcheck._comparable reads instead of counting them; kept
# by every sync (count_folds).
CONTACT_FOLDS = "contact_folds"
_CONTACT_FOLDS = "SELECT {what} FROM contacts c CROSS JOIN folds x ON x.file = c.file WHERE {where}"


def count_folds(
    conn: sqlite3.Connection, files: Collection[int] | None, before: Collection[str] = ()
) -> None:
    """Count CONTACT_FOLDS again: whole (`files` None), or by what these
    files (added, changed or removed) changed, `before`: the folded keys they
    answered to as contacts before. A key only they gained (lost) is one more
    (less) unless a contact among the others answers to it."""
    if files is None:
        what = "COUNT(DISTINCT x.key)"
        (count,) = conn.execute(_CONTACT_FOLDS.format(what=what, where="1")).fetchone()
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (CONTACT_FOLDS, str(count)))
        return
    held = ",".join(str(int(file)) for file in sorted(files))
    after = conn.execute(_CONTACT_FOLDS.format(what="x.key", where=f"c.file IN ({held})"))
    gained = {key for (key,) in after}  # (no DISTINCT: its temporary b-tree costs more)
    moved = gained.symmetric_difference(before)
    if not moved:
        return
    stored = conn.execute("SELECT value FROM meta WHERE key = ?", (CONTACT_FOLDS,)).fetchone()
    count = 0 if stored is None else int(stored[0])  # none yet: an index made empty
    elsewhere = (  # by key (folds_key), then whether a contact
        "SELECT 1 FROM folds x CROSS JOIN contacts c ON c.file = x.file"
        f" WHERE x.key = ? AND x.file NOT IN ({held}) LIMIT 1"
    )
    for key in sorted(moved):
        if conn.execute(elsewhere, (key,)).fetchone() is None:
            count += 1 if key in gained else -1
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (CONTACT_FOLDS, str(count)))


def names_folder(key: str) -> bool:
    """Whether a link with this key names a folder (`[[People/Sam]]`): a
    key holds a '/' exactly when its target does, since link_key neither
    makes nor drops one (no character's canonical decomposition holds
    U+002F; only compatibility ones do, U+2100, 2101, 2105, 2106 and FF0F,
    which NFC does not apply; casefold and whitespace squeezing never make
    or drop one). So it is told from the key, in Python and in SQL alike."""
    return "/" in key


# The statuses of a whole vault's links, set in one pass over the links in
# their order (temp.link_statuses: key → status, matches).
_LINK_STATUSES = (
    "CREATE TEMP TABLE IF NOT EXISTS link_statuses(key TEXT PRIMARY KEY, status TEXT, matches TEXT)"
)
_STATUS_OF = "FROM temp.link_statuses u WHERE u.key = links.key"
_UPDATE_EVERY_LINK = (
    f"UPDATE links NOT INDEXED SET (status, matches) = (SELECT u.status, u.matches {_STATUS_OF})"
    " WHERE key IN (SELECT key FROM temp.link_statuses) AND EXISTS (SELECT 1"
    f" {_STATUS_OF} AND (links.status IS NOT u.status OR links.matches IS NOT u.matches))"
)


def _update_every_link(conn: sqlite3.Connection, updates: list[tuple]) -> None:
    """record_statuses' `updates` (status, matches, key) for the whole
    vault, in one statement: one per key would read each key's links
    through links_key, all over the file (0.17 -> 0.07 s of CPU at 10k)."""
    if not updates:  # every link leads to one note: nothing to read them for
        return
    conn.execute(_LINK_STATUSES)
    conn.executemany("INSERT INTO temp.link_statuses VALUES (?3, ?1, ?2)", updates)
    conn.execute(_UPDATE_EVERY_LINK)
    conn.execute("DELETE FROM temp.link_statuses")


# Each key of the links, with pick()'s best rank for it: only those that
# lead to no note or to several come out. Whether it names a folder is
# names_folder()'s rule, asked in SQL; the keys are read from the key index
# alone, not every link's target read and sorted (0.14 -> 0.06 s of CPU at 10k).
_PROBLEM_KEYS = """
    WITH ranked AS (
        SELECT key, (SELECT MIN(n.rank) FROM names n
                     WHERE n.key = keys.key AND (n.rank > 0 OR instr(keys.key, '/') > 0)) AS best
          FROM (SELECT DISTINCT key FROM links) keys
    )
    SELECT key, best FROM ranked
     WHERE best IS NULL OR (SELECT COUNT(DISTINCT n.file) FROM names n
                             WHERE n.key = ranked.key AND n.rank = ranked.best) > 1
"""


def _problem_statuses(conn: sqlite3.Connection) -> list[tuple]:
    """record_statuses()'s updates for the whole vault, as pick() decides
    them, found in SQL: a whole vault's names are never held here, and only
    the few links that lead to no note or to several come back."""
    updates = []
    for key, best in conn.execute(_PROBLEM_KEYS).fetchall():
        found: tuple[str, str | None] = (MISSING, None)
        if best is not None:
            files = conn.execute(
                "SELECT DISTINCT file FROM names WHERE key = ? AND rank = ? ORDER BY file",
                (key, best),
            )
            found = (AMBIGUOUS, ",".join(str(file) for (file,) in files))
        updates.append((*found, key))
    return updates


def fill_last_touch(conn: sqlite3.Connection, contacts: list[int] | None = None) -> None:
    """contact_days (contact_days_sql) and from it last_touch, of these
    contacts (None: of every one), whose rows are gone from both: each
    contact's latest touch and latest one in person."""
    own = resolved = mine = ""
    held = contacts or []
    if contacts is not None:
        own = f"AND i.file IN ({marks(contacts)})"
        resolved = f"AND t.contact IN ({marks(contacts)})"
        mine = f"WHERE contact IN ({marks(contacts)})"
    conn.execute(HEADCOUNT)
    conn.execute(headcount_sql(resolved), held * 2)
    conn.execute(contact_days_sql(own, resolved), held * 2)
    conn.execute("DELETE FROM temp.headcount")
    conn.execute(
        "INSERT INTO last_touch SELECT contact, MAX(date),"
        f" MAX(CASE WHEN in_person THEN date END) FROM contact_days {mine} GROUP BY contact",
        held,
    )


def attribute(conn: sqlite3.Connection, files: set[int] | None, names: Names) -> set[int]:
    """Attribute what meeting, daily and other notes say to the contacts
    they name (DESIGN.md §2–3); `files` limits it to those notes. Returns
    the contacts their interactions are with."""
    people = names.people_of
    where = of_i = ""  # of_i: the same for a query whose table is `i`
    args: tuple[int, ...] = ()
    if files is not None:
        held = ",".join("?" * len(files))
        where, of_i = f" AND file IN ({held})", f" AND i.file IN ({held})"
        args = tuple(sorted(files))
    for table in ("touches", "owners", "mentioned"):
        conn.execute(f"DELETE FROM {table} WHERE 1{where}", args)
    touched: set[int] = set()

    def touches() -> Iterator[tuple[int, int, int]]:  # streamed: a whole vault's are many
        for row_id, file, origin, targets, attendees in conn.execute(
            "SELECT i.id, i.file, i.origin, i.targets, m.attendees FROM interactions i"
            f" LEFT JOIN meetings m ON m.file = i.file WHERE i.origin != 'contact'{of_i}",
            args,
        ):
            if origin == MEETING:
                who = () if attendees is None else people(attendees)
            else:
                who = people(targets)
            touched.update(who)
            for contact in who:
                yield contact, row_id, file

    conn.executemany("INSERT INTO touches VALUES (?, ?, ?)", touches())
    _attribute_items(conn, of_i, args, names)
    mentioned = (
        (contact, row_id, file)
        for row_id, file, targets in conn.execute(
            f"SELECT id, file, targets FROM mentions WHERE 1{where}", args
        )
        for contact in people(targets)
    )
    conn.executemany("INSERT INTO mentioned VALUES (?, ?, ?)", mentioned)
    return touched


def _attribute_items(
    conn: sqlite3.Connection, where: str, args: tuple[int, ...], names: Names
) -> None:
    """Whose each item outside a contact's own note is. A meeting note's
    attendees come with each of its items (joined; their lists are cached by
    people_of): a whole vault's meetings held by file were ~20 MB at 100k."""
    people = names.people_of
    plain = PlainNames(conn, everyone=not where)

    def owners() -> Iterator[tuple[int, int, int]]:  # streamed: a whole vault's are many
        for row_id, file, targets, parents, text, sensitive, attendees in conn.execute(
            "SELECT i.id, i.file, i.targets, i.owners, i.text, i.sensitive, m.attendees"
            " FROM items i LEFT JOIN meetings m ON m.file = i.file"
            f" WHERE i.file NOT IN (SELECT file FROM contacts){where}",
            args,
        ):
            present = None if attendees is None else people(attendees)
            linked, above = people(targets), people(parents)
            found: Sequence[int]
            if sensitive:  # its subjects: whom it links or names (DESIGN.md §9)
                if present is None and len(above) > 1:  # "Drinks with [[A]] and [[B]]" / "A's …"
                    named = plain.named(text, above)
                else:
                    named = plain.named(text, present) if present else []
                found = privacy.subjects(linked, named) or whose(linked, above, present)
            elif present and (
                not (linked or above) or not any(c in linked or c in above for c in present)
            ):
                found = plain.named(text, present) or present
            else:  # plain names play no part: none are looked for
                found = whose(linked, above, present)
            for contact in found:
                yield contact, row_id, file

    conn.executemany("INSERT INTO owners VALUES (?, ?, ?)", owners())


class Names:
    """Link targets → files, the way Obsidian resolves them. `everything`
    (a full pass) loads at once the names of up to HELD of the links' keys,
    and every contact; otherwise names are looked up key by key, which is
    what one changed note needs (and a full pass past HELD keys)."""

    def __init__(self, conn: sqlite3.Connection, everything: bool) -> None:
        self.conn = conn
        self.by_key: dict[str, list[tuple[int, int]]] = {}  # key → (rank, file) pairs
        if everything:  # the names links lead to (what a pass resolves); others on demand
            self._load_linked()
        self._contacts: dict[int, bool] = {}
        self.all_contacts = everything  # whether _contacts holds every contact
        if everything:
            self._contacts = dict.fromkeys(
                (r[0] for r in conn.execute("SELECT file FROM contacts")), True
            )
        self._lists: dict[str, tuple[int, ...]] = {}

    def _load_linked(self) -> None:
        """The names of the links' keys, key by key (each key's names whole),
        until HELD keys are held."""
        query = (
            "SELECT key, file, rank FROM names WHERE key IN (SELECT key FROM links) ORDER BY key"
        )
        by_key = self.by_key
        for key, file, rank in self.conn.execute(query):
            found = by_key.get(key)
            if found is not None:
                found.append((rank, file))
            elif len(by_key) < HELD:
                by_key[key] = [(rank, file)]
            else:
                break

    def is_contact(self, file: int) -> bool:
        found = self._contacts.get(file)
        if found is None:
            if self.all_contacts:
                return False
            row = self.conn.execute("SELECT 1 FROM contacts WHERE file = ?", (file,)).fetchone()
            found = self._contacts[file] = row is not None
        return found

    def pick(self, key: str) -> tuple[str, list[int]]:
        if key not in self.by_key:
            make_room(self.by_key, HELD)
            self.by_key[key] = self.conn.execute(
                "SELECT rank, file FROM names WHERE key = ?", (key,)
            ).fetchall()
        return pick(self.by_key.get(key), names_folder(key))

    def resolve(self, target: str) -> tuple[str, list[int]]:
        return self.pick(link_key(target))

    def people(self, targets: list[str]) -> list[int]:
        found: list[int] = []
        for target in targets:
            status, matches = self.resolve(target)
            if status == OK and self.is_contact(matches[0]) and matches[0] not in found:
                found.append(matches[0])
        return found

    def people_of(self, targets: str) -> tuple[int, ...]:
        """people() of a JSON list of targets as stored; the same lists recur
        (the attendees of a meeting note are its interaction's targets too)."""
        if targets == "[]":
            return ()
        found = self._lists.get(targets)
        if found is None:
            make_room(self._lists, HELD)
            found = self._lists[targets] = tuple(self.people(json.loads(targets)))
        return found


class PlainNames:
    """Attendees of a meeting note named in plain words on a line ("Review
    Priya's doc"): by name, file name, alias or first name, as whole words,
    case aside. Words are compared as space-padded text: no pattern to compile."""

    def __init__(self, conn: sqlite3.Connection, everyone: bool) -> None:
        self.conn = conn
        self.names: dict[int, tuple[str, ...]] = {}
        self.padded: dict[str, str] = {}  # a line's text → its words, space-padded
        self.rows: dict[int, tuple[str, str, str]] | None = None
        # A whole vault of up to HELD contacts: one query beats one per attendee.
        if everyone and conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] <= HELD:
            query = "SELECT c.file, f.path, c.name, c.aliases FROM contacts c JOIN files f"
            self.rows = {r[0]: r[1:] for r in conn.execute(query + " ON f.id = c.file")}

    def named(self, text: str, attendees: Sequence[int]) -> list[int]:
        padded = self.padded.get(text)
        if padded is None:  # a meeting's agenda lines recur from note to note
            padded = remember(self.padded, text, f" {_words(text)} ", _PADDED_HELD)
        held = self.names  # most attendees' names are held: no call for them
        return [c for c in attendees if any(n in padded for n in held.get(c) or self._names(c))]

    def _names(self, contact: int) -> tuple[str, ...]:
        found = self.names.get(contact)
        if found is None:
            make_room(self.names, HELD)
            row = (
                self.rows.get(contact)
                if self.rows is not None
                else self.conn.execute(
                    "SELECT f.path, c.name, c.aliases FROM contacts c JOIN files f"
                    " ON f.id = c.file WHERE c.file = ?",
                    (contact,),
                ).fetchone()
            )
            names: set[str] = set()
            if row:
                path, name, aliases = row
                names = {name, note_stem(path), *(aliases.split("\x1f") if aliases else ())}
                names.update(name.split()[:1])  # the first name
            words = (_words(n) for n in names)
            found = self.names[contact] = tuple(f" {w} " for w in words if len(w) > 1)
        return found


_PADDED_HELD = 10_000  # lines are longer than names: fewer held
_NOT_WORD = re.compile(r"[^\w]+")


def _words(text: str) -> str:
    """Folded words (case and accents aside, as people type names) separated
    by single spaces: `Zoë's doc` → `zoe s doc`."""
    return _NOT_WORD.sub(" ", lookup_key(text)).strip()


def whose(
    linked: Sequence[int], parents: Sequence[int], attendees: Sequence[int] | None
) -> Sequence[int]:
    """Whose an item outside a contact's note is (DESIGN.md §2–3): in a meeting
    note the attendees it links, else those its parent line links, else all;
    elsewhere the contacts of the line it is indented under (those it links
    itself when it links some of them), else the one contact it links."""
    if attendees is not None:
        return (
            [c for c in attendees if c in linked]
            or [c for c in attendees if c in parents]
            or attendees
        )
    if parents:
        return [c for c in parents if c in linked] or parents
    return linked if len(linked) == 1 else ()


def pick(candidates: list[tuple[int, int]] | None, has_folder: bool) -> tuple[str, list[int]]:
    """Obsidian's order: a path, then a file name, then a contact's name, then
    an alias. `candidates` are (rank, file) pairs; a path counts only for a
    target that names a folder."""
    if candidates and len(candidates) == 1:  # most names belong to one note
        rank, file = candidates[0]
        return (OK, [file]) if rank or has_folder else (MISSING, [])
    best = min((rank for rank, _ in candidates or () if rank or has_folder), default=None)
    if best is None:
        return MISSING, []
    matches = sorted({file for rank, file in candidates or () if rank == best})
    return (OK if len(matches) == 1 else AMBIGUOUS), matches

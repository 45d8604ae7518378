"""The SQLite index: a disposable cache of what every note says.

Sync is a diff of (path, size, mtime_ns) between the folder and the index,
applied in one transaction: a file whose stat changed is hashed, and parsed
only when its bytes changed. Then links are resolved to contacts, so that
meeting notes and daily notes count for the people they name. Rows from a
contact's own note belong to that contact without resolving anything.

Full-text search uses a contentless FTS5 table; each section's text is kept
zlib-compressed beside it, only so its tokens can be deleted when the note
changes. This is the only module that speaks SQL.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import chain
from itertools import count as numbers
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from . import privacy
from .errors import NetnotesError, SearchQueryError
from .indexfile import (
    APPLICATION_ID,
    LEGACY,
    NEW,
    IndexFileError,
    claim,
    discard,
    index_error,
    is_damaged,
    not_ours,
)
from .models import (
    ERROR,
    MEETING,
    WARNING,
    Contact,
    Hidden,
    Meeting,
    OwnedItem,
    OwnedMention,
    ParseContext,
    Problem,
    Touch,
    note_stem,
)
from .naming import link_key, lookup_key
from .vault import FileStat, Vault

if TYPE_CHECKING:
    from .rows import FileRows

SCHEMA_VERSION = 24  # bump whenever the schema or what the parser extracts changes
PARALLEL_FROM = 2000  # files to parse before a second process is worth its start-up
CHUNK = 64  # files a parse worker reads at a time
IN_FLIGHT = 8  # chunks parsed ahead of the writer at most
BATCH = 500  # files written with one executemany per table
FULL_PASS_FROM = 1000  # changed files from which links are resolved for the whole vault
BUSY_TIMEOUT_SECONDS = 30.0  # how long to wait for another process's write to the index

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT UNIQUE, size INT, mtime_ns INT,
    hash TEXT, kind TEXT, name TEXT, date TEXT, failed INT, conflicted INT);
CREATE TABLE bodies(file INTEGER PRIMARY KEY, body BLOB);
CREATE TABLE contacts(file INTEGER PRIMARY KEY, name TEXT, sort_key TEXT, aliases TEXT,
    tags TEXT, ladder TEXT, company TEXT, role TEXT, status TEXT, cadence TEXT, snooze TEXT,
    met TEXT, how_met TEXT, birthday TEXT, groups_ TEXT, email TEXT, copy_of TEXT,
    meet_every TEXT);
CREATE TABLE contact_details(file INTEGER PRIMARY KEY, details TEXT);
CREATE TABLE names(key TEXT, file INT, rank INT);
CREATE TABLE clashes(key TEXT, file INT);
CREATE TABLE folds(key TEXT, file INT);
CREATE TABLE identities(key TEXT, file INT);
CREATE TABLE links(file INT, line INT, target TEXT, embed INT, fm INT, key TEXT,
    status TEXT, matches TEXT);
CREATE TABLE interactions(id INTEGER PRIMARY KEY, file INT, line INT, end_line INT,
    date TEXT, title TEXT, kind TEXT, in_person INT, origin TEXT, targets TEXT, noted INT);
CREATE TABLE items(id INTEGER PRIMARY KEY, file INT, line INT, type TEXT, text TEXT,
    date TEXT, targets TEXT, is_task INT, done INT, due TEXT, waiting INT, sensitive INT,
    in_section INT, owners TEXT);
CREATE TABLE mentions(id INTEGER PRIMARY KEY, file INT, line INT, date TEXT, text TEXT,
    targets TEXT);
CREATE TABLE meetings(file INTEGER PRIMARY KEY, attendees TEXT, groups_ TEXT);
CREATE TABLE touches(contact INT, interaction INT, file INT);
CREATE TABLE last_touch(contact INTEGER PRIMARY KEY, last TEXT, in_person TEXT);
CREATE TABLE owners(contact INT, item INT, file INT);
CREATE TABLE mentioned(contact INT, mention INT, file INT);
CREATE TABLE problems(file INT, path TEXT, line INT, severity TEXT, problem TEXT, detail TEXT);
CREATE TABLE walk_problems(path TEXT, line INT, severity TEXT, problem TEXT, detail TEXT);
CREATE TABLE sections(id INTEGER PRIMARY KEY, file INT, line INT, end_line INT, date TEXT);
CREATE TABLE shown(file INTEGER PRIMARY KEY, opening TEXT, hidden TEXT);
CREATE VIRTUAL TABLE search USING fts5(text, content = '',
    tokenize = 'unicode61 remove_diacritics 2');
"""
# Secondary indexes: made after the rows when a whole vault is loaded at once.
_INDEXES = (
    "CREATE INDEX names_key ON names(key)",
    "CREATE INDEX names_file ON names(file)",
    "CREATE INDEX clashes_key ON clashes(key)",
    "CREATE INDEX folds_key ON folds(key)",
    "CREATE INDEX folds_file ON folds(file)",
    "CREATE INDEX identities_key ON identities(key)",
    "CREATE INDEX identities_file ON identities(file)",
    "CREATE INDEX links_file ON links(file)",
    "CREATE INDEX links_key ON links(key)",
    "CREATE INDEX interactions_file ON interactions(file)",
    "CREATE INDEX items_file ON items(file)",
    "CREATE INDEX mentions_file ON mentions(file)",
    "CREATE INDEX touches_contact ON touches(contact)",
    "CREATE INDEX touches_file ON touches(file)",
    "CREATE INDEX owners_contact ON owners(contact)",
    "CREATE INDEX owners_file ON owners(file)",
    "CREATE INDEX mentioned_contact ON mentioned(contact)",
    "CREATE INDEX mentioned_file ON mentioned(file)",
    "CREATE INDEX problems_file ON problems(file)",
    "CREATE INDEX sections_file ON sections(file)",
    "CREATE INDEX links_problems ON links(status) WHERE status IS NOT NULL",
)
_BY_FILE = (
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


# What every touch query selects, in Touch's field order (`_touch` builds one).
_TOUCH_COLUMNS = (
    "c.path, f.path, t.line, t.end_line, t.date, t.title, t.kind, t.in_person, t.origin, t.noted"
)


def _touch(r: tuple) -> Touch:
    return Touch(
        r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), r[5], r[6], bool(r[7]), r[8], bool(r[9])
    )


def _touches_sql(own: str = "", resolved: str = "", plans_after: date | None = None) -> str:
    """_TOUCHES; `plans_after` adds the planned meetings daily notes name after that day."""
    plans = f"OR i.date > '{plans_after.isoformat()}'" if plans_after else ""
    return _TOUCHES.format(own=own, resolved=resolved, plans=plans)


@dataclass
class SyncReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[Problem] = field(default_factory=list)
    changed_paths: list[str] = field(default_factory=list)


class Index:
    def __init__(self, path: Path, vault: Vault, context: ParseContext, fingerprint: str) -> None:
        self.path = path
        self.vault = vault
        self.context = context
        self.fingerprint = fingerprint
        self.conn = self._open(retry=True)

    # --- opening ---------------------------------------------------------

    def _open(self, retry: bool) -> sqlite3.Connection:
        """Open (or make) the index; rebuild it only when it is provably ours."""
        state = claim(self.path)
        if state == LEGACY and not _legacy_tables(self.path):
            raise not_ours(self.path)
        conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            wait = BUSY_TIMEOUT_SECONDS
            conn = sqlite3.connect(self.path, timeout=wait, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            if state == NEW:  # mark it first: from now on it is provably ours
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if not self._current(conn):
                self._create(conn)
            return conn
        except sqlite3.DatabaseError as err:
            if conn is not None:
                conn.close()
            if is_damaged(err) and retry:  # our own cache, damaged: throw it away
                discard(self.path)
                return self._open(retry=False)
            raise index_error(self.path, err) from None
        except OSError as err:
            raise IndexFileError(f"cannot open the index at {self.path}: {err.strerror}") from None
        except NetnotesError:
            if conn is not None:
                conn.close()
            raise

    def _current(self, conn: sqlite3.Connection) -> bool:
        """Whether the index was built for this vault and these settings. An
        index another vault still uses is an error: two vaults never share rows."""
        self._check_owner(conn)
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return False
        stored = conn.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
        return stored is not None and stored[0] == self.fingerprint

    def _check_owner(self, conn: sqlite3.Connection) -> None:
        try:
            rows = dict(
                conn.execute("SELECT key, value FROM meta WHERE key IN ('vault', 'config')")
            )
        except sqlite3.OperationalError:  # no meta table: a new index
            return
        owner = rows.get("vault")
        if owner is None and rows.get("config"):  # written before the 'vault' key
            try:
                owner = json.loads(rows["config"])[0]
            except (ValueError, IndexError, KeyError, TypeError):
                owner = None
        mine = str(self.vault.root)
        if isinstance(owner, str) and owner != mine and Path(owner).is_dir():
            raise IndexFileError(
                f"the index at {self.path} belongs to the vault {owner}, not to {mine}; "
                "give each vault its own index (--index or index_path)"
            )

    def _create(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._recreate(conn)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _recreate(self, conn: sqlite3.Connection) -> None:
        if self._current(conn):  # another process just did it
            return
        tables = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'search_%'"
        ).fetchall()
        for (name,) in tables:
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        for statement in (*_SCHEMA.split(";"), *_INDEXES):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT INTO meta VALUES ('config', ?)", (self.fingerprint,))
        conn.execute("INSERT INTO meta VALUES ('vault', ?)", (str(self.vault.root),))
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.conn.close()

    # --- sync ------------------------------------------------------------

    def sync(
        self,
        full: bool = False,
        progress: Callable[[int, int], None] | None = None,
        paths: set[str] | None = None,
    ) -> SyncReport:
        """Bring the index up to date with the vault; with `paths` (the watcher's
        hint), look only at those files instead of walking the whole vault.
        A damaged index (ours: it was checked on opening) is rebuilt; any
        other SQLite failure becomes one line that says what to do."""
        try:
            return self._sync(full, progress, paths)
        except sqlite3.DatabaseError as err:
            if not is_damaged(err):
                raise index_error(self.path, err) from None
        self.conn.close()
        discard(self.path)
        self.conn = self._open(retry=False)
        try:
            return self._sync(False, progress, paths)
        except sqlite3.DatabaseError as err:
            raise index_error(self.path, err) from None

    def _sync(
        self,
        full: bool,
        progress: Callable[[int, int], None] | None,
        paths: set[str] | None,
    ) -> SyncReport:
        if full:
            self.conn.execute("DELETE FROM meta")
        if full or not self._current(self.conn):  # settings changed, or another process
            self._create(self.conn)
        walk_problems: list[Problem] | None = None
        found: Sequence[tuple[str, int, int]]
        if paths is None:
            found, walk_problems, stale = self.vault.scan()
            self.vault.remove_stale_temps(stale)
        else:
            found = self.vault.stat_notes(paths)
        conn = self.conn
        if self._up_to_date(found, walk_problems, paths):
            report = SyncReport(unchanged=len(found))
        else:
            stats = [FileStat._make(note) for note in sorted(found)]  # as walk() gives them
            conn.execute("BEGIN IMMEDIATE")
            try:
                report = self._apply(stats, walk_problems, progress, paths)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite may have rolled back already (disk full)
                    conn.execute("ROLLBACK")
                raise
        report.failed = [p for p in self.problems(resolved=False) if p.severity == ERROR]
        return report

    def _up_to_date(
        self,
        found: Sequence[tuple[str, int, int]],
        walk_problems: list[Problem] | None,
        paths: set[str] | None,
    ) -> bool:
        """Whether the notes looked at are as the index saw them last (the same
        paths, sizes and mtimes; the same odd entries in the walk). Read
        without the write lock, which a command then does not need at all."""
        query = "SELECT path, size, mtime_ns FROM files"
        if paths is None:
            stored = set(self.conn.execute(query))
        else:
            stored = set()
            for chunk in _chunks(sorted(paths)):
                stored.update(self.conn.execute(f"{query} WHERE path IN ({_marks(chunk)})", chunk))
        if stored != set(found):
            return False
        if walk_problems is None:
            return True
        was = self.conn.execute("SELECT path, line, severity, problem, detail FROM walk_problems")
        return Counter(was) == Counter(
            (p.path, p.line, p.severity, p.problem, p.detail) for p in walk_problems
        )

    def _apply(
        self,
        stats: list[FileStat],
        walk_problems: list[Problem] | None,
        progress: Callable[[int, int], None] | None,
        paths: set[str] | None,
    ) -> SyncReport:
        conn = self.conn
        self._touched: set[int] = set()  # see _forget
        query = "SELECT path, size, mtime_ns, hash, id FROM files"
        if paths is None:
            known = {r[0]: r[1:] for r in conn.execute(query)}
        else:  # the watcher's few paths: never read the whole table
            known = {}
            for chunk in _chunks(sorted(paths)):
                cursor = conn.execute(f"{query} WHERE path IN ({_marks(chunk)})", chunk)
                known.update((r[0], r[1:]) for r in cursor)
        present = {s.path for s in stats}
        todo = [s for s in stats if known.get(s.path, (None, None))[:2] != (s.size, s.mtime_ns)]
        looked_at = known.keys() if paths is None else known.keys() & paths
        removed = sorted(looked_at - present)
        report = SyncReport(removed=len(removed), unchanged=len(stats) - len(todo))
        changes = _Changes()
        for path in removed:
            changes.add(*self._forget(known[path][3]), set(), False)
        for path in removed:
            conn.execute("DELETE FROM files WHERE path = ?", (path,))
        bulk = paths is None and not known and bool(todo)  # a whole vault into an empty index
        if bulk:
            self._bulk_load(start=True)
        batch = _Batch(conn)
        for count, rows in enumerate(self._parsed(todo, known), 1):
            if progress:
                progress(count, len(todo))
            old = known.get(rows.path)
            if rows.kind == "unchanged":
                conn.execute(
                    "UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?",
                    (rows.size, rows.mtime_ns, rows.file),
                )
                report.unchanged += 1
                continue
            if old is None:
                report.added += 1
                changes.add(rows.file, set(), False, rows.name_keys, rows.is_contact)
            else:
                report.changed += 1
                changes.add(*self._forget(rows.file), rows.name_keys, rows.is_contact)
                conn.execute("DELETE FROM files WHERE id = ?", (rows.file,))
            batch.add(rows)
            report.changed_paths.append(rows.path)
        batch.flush()
        if bulk:
            self._bulk_load(start=False)
        if walk_problems is not None:
            conn.execute("DELETE FROM walk_problems")
            conn.executemany(
                "INSERT INTO walk_problems VALUES (?, ?, ?, ?, ?)",
                [(p.path, p.line, p.severity, p.problem, p.detail) for p in walk_problems],
            )
        report.changed_paths = sorted(set(report.changed_paths) | set(removed))
        if changes.everything:
            names = _Names(conn, everything=True)
            self._resolve(None, names)
            self._link_statuses(None, set(), names)
            self._last_touch(None)
            self._clashes(None)
        elif changes.count:
            self._clashes(changes.clash_keys())
            changed = {file for file, *_ in changes.details}
            diffs = changes.diffs()
            rekey = self._rekey(diffs)
            names = _Names(conn, everything=rekey)
            touched = self._resolve(None if rekey else changed, names)
            keys = {key for _, _, diff in diffs for key, _ in diff}
            self._link_statuses(changed, keys, names)
            self._last_touch(None if rekey else changed | touched | self._touched)
        return report

    def _bulk_load(self, start: bool) -> None:
        """Loading a whole vault: secondary indexes are built once at the end,
        and full-text segments merged then, which beats keeping both up to date
        row by row (0.3 s of a 10,000-contact vault's first index)."""
        conn = self.conn
        for statement in _INDEXES:
            name = statement.split()[2]
            conn.execute(f"DROP INDEX IF EXISTS {name}" if start else statement)
        automerge = 0 if start else 4  # 4: FTS5's default
        conn.execute("INSERT INTO search(search, rank) VALUES ('automerge', ?)", (automerge,))

    def _parsed(self, todo: list[FileStat], known: dict[str, tuple]) -> Iterator[FileRows]:
        """Each file to look at, read and parsed with the id its rows will
        have: here, or in two worker processes when there are many (the parser
        needs yaml, imported only now). At most IN_FLIGHT chunks are parsed
        ahead of the writer, so memory stays flat however big the vault."""
        import multiprocessing
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor

        from .rows import read_file, read_files

        root, context = self.vault.root, self.context
        jobs = [(s.path, s.size, s.mtime_ns, *known.get(s.path, (None,) * 4)[2:4]) for s in todo]
        next_id = (self.conn.execute("SELECT MAX(id) FROM files").fetchone()[0] or 0) + 1
        for n, (path, size, mtime_ns, digest, file) in enumerate(jobs):
            if file is None:
                jobs[n] = (path, size, mtime_ns, digest, next_id)
                next_id += 1
        if len(todo) < PARALLEL_FROM or threading.active_count() > 1:
            for path, size, mtime_ns, digest, file in jobs:
                yield read_file(root, path, size, mtime_ns, context, digest, file)
            return
        # fork is cheap and safe here: this process has no other threads.
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            pending: deque = deque()
            for start in range(0, len(jobs), CHUNK):
                pending.append(pool.submit(read_files, root, context, jobs[start : start + CHUNK]))
                if len(pending) >= IN_FLIGHT:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()

    def _forget(self, file: int) -> tuple[int, set[tuple[str, int]], bool]:
        """Delete a file's rows but its `files` row; return what it answered to,
        and whether it was a contact. Whom its interactions were with goes
        into `self._touched`, whose last touch may change."""
        conn = self.conn
        keys = set(conn.execute("SELECT key, rank FROM names WHERE file = ?", (file,)))
        self._touched.update(
            c for (c,) in conn.execute("SELECT contact FROM touches WHERE file = ?", (file,))
        )
        was_contact = conn.execute("SELECT 1 FROM contacts WHERE file = ?", (file,)).fetchone()
        sections = conn.execute(
            "SELECT id, line, end_line FROM sections WHERE file = ? ORDER BY id", (file,)
        ).fetchall()
        if sections:
            from .rows import section_texts

            (body,) = conn.execute("SELECT body FROM bodies WHERE file = ?", (file,)).fetchone()
            texts = section_texts(body, [(start, end) for _, start, end in sections])
            conn.executemany(
                "INSERT INTO search(search, rowid, text) VALUES ('delete', ?, ?)",
                [(row[0], text) for row, text in zip(sections, texts)],
            )
        for table in _BY_FILE:
            conn.execute(f"DELETE FROM {table} WHERE file = ?", (file,))
        conn.execute("DELETE FROM contacts WHERE file = ?", (file,))
        return file, keys, was_contact is not None

    def _rekey(self, diffs: list[tuple[int, bool, set]]) -> bool:
        """Whether the names that changed touch any contact's, so that links in
        notes that did not change may now resolve to other people."""
        for _, contact, changed in diffs:
            if contact:
                return True
            keys = sorted({key for key, rank in changed if rank})
            if (
                keys
                and self.conn.execute(
                    "SELECT 1 FROM names n JOIN contacts c ON c.file = n.file"
                    f" WHERE n.key IN ({_marks(keys)}) LIMIT 1",
                    keys,
                ).fetchone()
            ):
                return True
        return False

    # --- resolving links to contacts ------------------------------------

    def _people(self, everything: bool = False) -> Callable[[list[str]], list[int]]:
        """Link targets → the contacts (file ids) they resolve to, in order, once each."""
        return _Names(self.conn, everything).people

    def _link_statuses(self, files: set[int] | None, keys: set[str], names: _Names) -> None:
        """Record whether each link of these files (None: of every file), and
        each link anywhere that names one of these keys, leads to one note
        (status NULL), to none or to several. That depends only on a link's
        key and whether it names a folder, so each such pair is resolved once."""
        conn = self.conn
        pair = "SELECT DISTINCT key, instr(target, '/') > 0 FROM links"
        if files is None:
            conn.execute("UPDATE links SET status = NULL, matches = NULL WHERE status IS NOT NULL")
            pairs = set(conn.execute(pair))
        else:
            pairs = set()
            for column, values in (("file", sorted(files)), ("key", sorted(keys))):
                for chunk in _chunks(values):
                    pairs.update(conn.execute(f"{pair} WHERE {column} IN ({_marks(chunk)})", chunk))
        updates = []
        for key, folder in pairs:
            status, matches = names.pick(key, bool(folder))
            found: tuple[str | None, str | None]
            if status != "ok":
                found = (status, ",".join(map(str, matches)) or None)
            elif files is None:
                continue  # every status was just cleared
            else:
                found = (None, None)
            updates.append((*found, key, folder, *found))
        conn.executemany(
            "UPDATE links SET status = ?, matches = ? WHERE key = ?"
            " AND (instr(target, '/') > 0) = ? AND (status IS NOT ? OR matches IS NOT ?)",
            updates,
        )

    def _resolve(self, files: set[int] | None, names: _Names) -> set[int]:
        """Attribute what meeting, daily and other notes say to the contacts
        they name (DESIGN.md §2–3); `files` limits it to those notes. Returns
        the contacts their interactions are with."""
        conn = self.conn
        people = names.people_of
        args: tuple[int, ...]
        where, args = "", ()
        if files is not None:
            where = f" AND file IN ({','.join('?' * len(files))})"
            args = tuple(sorted(files))
        for table in ("touches", "owners", "mentioned"):
            conn.execute(f"DELETE FROM {table} WHERE 1{where}", args)
        attendees = {
            file: people(targets)
            for file, targets in conn.execute(
                f"SELECT file, attendees FROM meetings WHERE 1{where}", args
            )
        }
        touches = []
        for row_id, file, origin, targets in conn.execute(
            f"SELECT id, file, origin, targets FROM interactions WHERE origin != 'contact'{where}",
            args,
        ):
            who = attendees.get(file, ()) if origin == MEETING else people(targets)
            touches += [(contact, row_id, file) for contact in who]
        conn.executemany("INSERT INTO touches VALUES (?, ?, ?)", touches)
        touched = {contact for contact, _, _ in touches}
        owners = []
        plain = _PlainNames(conn, everyone=files is None)
        for row_id, file, targets, parents, text, sensitive in conn.execute(
            "SELECT id, file, targets, owners, text, sensitive FROM items"
            f" WHERE file NOT IN (SELECT file FROM contacts){where}",
            args,
        ):
            linked, above, present = people(targets), people(parents), attendees.get(file)
            named = plain.named(text, present) if present else []
            whose: Sequence[int]
            if sensitive and present is None and len(above) > 1:
                named = plain.named(text, above)  # "Drinks with [[A]] and [[B]]" / "A's …"
            if sensitive:  # its subjects: whom it links or names (DESIGN.md §9)
                whose = privacy.subjects(linked, named) or _whose(linked, above, present)
            elif present and not any(c in linked or c in above for c in present):
                whose = named or present
            else:
                whose = _whose(linked, above, present)
            owners += [(contact, row_id, file) for contact in whose]
        conn.executemany("INSERT INTO owners VALUES (?, ?, ?)", owners)
        mentioned = []
        for row_id, file, targets in conn.execute(
            f"SELECT id, file, targets FROM mentions WHERE 1{where}", args
        ):
            mentioned += [(contact, row_id, file) for contact in people(targets)]
        conn.executemany("INSERT INTO mentioned VALUES (?, ?, ?)", mentioned)
        return touched

    def _clashes(self, keys: set[str] | None) -> None:
        """Record the contacts that answer to a name (rank 1 and up: file name,
        name, alias) another contact answers to too; `keys` limits it to
        those names. problems() reads them instead of grouping every name."""
        conn = self.conn
        if keys is None:
            conn.execute("DELETE FROM clashes")
            chunks: list[list[str]] = [[]]
        else:
            chunks = _chunks(sorted(keys))
        for chunk in chunks:
            only = ""
            if keys is not None:
                if not chunk:
                    continue
                conn.execute(f"DELETE FROM clashes WHERE key IN ({_marks(chunk)})", chunk)
                only = f" AND n.key IN ({_marks(chunk)})"
            named = "FROM names n JOIN contacts c ON c.file = n.file WHERE n.rank >= 1" + only
            conn.execute(
                f"INSERT INTO clashes SELECT DISTINCT n.key, n.file {named} AND n.key IN"
                f" (SELECT n.key {named} GROUP BY n.key HAVING COUNT(DISTINCT n.file) > 1)",
                chunk * 2,
            )

    def _last_touch(self, contacts: set[int] | None) -> None:
        """Store each contact's latest interaction and latest one in person,
        planned ones included: last_touches() reads these instead of going
        through every interaction, and looks again only at the contacts with
        one planned after its today. `contacts` limits it to those."""
        conn = self.conn
        if contacts is None:
            conn.execute("DELETE FROM last_touch")
            chunks: list[list[int]] = [[]]
        else:
            chunks = _chunks(sorted(contacts))
        for chunk in chunks:
            own = resolved = ""
            if contacts is not None:
                conn.execute(f"DELETE FROM last_touch WHERE contact IN ({_marks(chunk)})", chunk)
                own = f"AND i.file IN ({_marks(chunk)})"
                resolved = f"AND t.contact IN ({_marks(chunk)})"
            conn.execute(
                "INSERT INTO last_touch SELECT contact, MAX(date),"
                " MAX(CASE WHEN in_person THEN date END)"
                f" FROM ({_touches_sql(own, resolved)}) GROUP BY contact",
                chunk * 2,
            )

    def _file_id(self, path: str) -> int:
        row = self.conn.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
        return row[0] if row else -1

    # --- queries ---------------------------------------------------------

    def contacts(self, details: bool = True) -> list[Contact]:
        """Every contact, sorted by name (case and accents aside), then path.
        `details=False` leaves `details` empty, for speed where it is not shown."""
        rows = self.conn.execute(
            f"SELECT c.sort_key, {_CONTACT_COLUMNS}, {'d.details' if details else 'NULL'}"
            " FROM contacts c JOIN files f ON f.id = c.file"
            f"{' LEFT JOIN contact_details d ON d.file = c.file' if details else ''}"
        ).fetchall()
        rows.sort()  # by sort key, then path (unique): cheaper here than in SQL
        return [_contact(r[1:]) for r in rows]

    def contact(self, path: str) -> Contact | None:
        """One contact, details included, or None when the path is no contact."""
        row = self.conn.execute(
            f"SELECT {_CONTACT_COLUMNS}, d.details FROM contacts c JOIN files f ON f.id = c.file"
            " LEFT JOIN contact_details d ON d.file = c.file WHERE f.path = ?",
            (path,),
        ).fetchone()
        return _contact(row) if row else None

    def meetings_answering(self, wanted: str) -> list[tuple[str, date]]:
        """(path, date) of the meeting notes whose title, path or file name
        folds (naming.lookup_key) to `wanted`, by date."""
        return [
            (path, date.fromisoformat(when))
            for path, when in self.conn.execute(
                "SELECT DISTINCT f.path, f.date FROM folds x JOIN files f ON f.id = x.file"
                " JOIN meetings m ON m.file = f.id WHERE x.key = ? ORDER BY f.date, f.path",
                (wanted,),
            )
        ]

    def answering(self, wanted: str, kind: str, word: bool = False) -> list[str]:
        where = "instr(' ' || x.key || ' ', ?) > 0" if word else "x.key = ?"
        return [
            path
            for (path,) in self.conn.execute(
                "SELECT DISTINCT f.path FROM folds x JOIN files f ON f.id = x.file"
                f" WHERE {where} AND f.kind = ? ORDER BY f.path",
                (f" {wanted} " if word else wanted, kind),
            )
        ]

    def note_count(self) -> tuple[int, int]:
        """(notes, contacts) in the index, templates aside."""
        notes, contacts = self.conn.execute(
            "SELECT COUNT(*), COUNT(c.file) FROM files f LEFT JOIN contacts c ON c.file = f.id"
            " WHERE f.kind != 'template'"
        ).fetchone()
        return notes, contacts

    def contact_names(self, paths: set[str]) -> dict[str, str]:
        """The name of each of these paths that is a contact's note."""
        found: dict[str, str] = {}
        for chunk in _chunks(sorted(paths)):
            found.update(
                self.conn.execute(
                    "SELECT f.path, c.name FROM files f JOIN contacts c ON c.file = f.id"
                    f" WHERE f.path IN ({_marks(chunk)})",
                    chunk,
                )
            )
        return found

    def touches(self, contact: str | None = None, plans_after: date | None = None) -> list[Touch]:
        """Interactions per contact, oldest first; `contact` (a path) narrows to one.
        Planned ones (after today) are included: callers compare dates. A daily
        note's plans are included only when dated after `plans_after`."""
        args: tuple[int, ...]
        own, resolved, args = "", "", ()
        if contact:
            file = self._file_id(contact)
            own, resolved, args = "AND i.file = ?", "AND t.contact = ?", (file, file)
        rows = self.conn.execute(
            f"SELECT {_TOUCH_COLUMNS} FROM ({_touches_sql(own, resolved, plans_after)}) t"
            " JOIN files c ON c.id = t.contact JOIN files f ON f.id = t.file"
            " ORDER BY c.path, t.date, f.path, t.line",
            args,
        )
        return [_touch(r) for r in rows]

    def last_touches(self, today: date) -> dict[str, tuple[date | None, date | None]]:
        """Per contact path: the last interaction on or before today, and the
        last one in person."""
        day = today.isoformat()
        found = {
            path: (_date(last), _date(in_person))
            for path, last, in_person in self.conn.execute(
                "SELECT f.path, x.last, x.in_person FROM last_touch x"
                " JOIN files f ON f.id = x.contact WHERE x.last <= ?",
                (day,),
            )
        }
        ahead = "(SELECT contact FROM last_touch WHERE last > ?)"  # something planned
        rows = self.conn.execute(
            "SELECT f.path, x.last, x.in_person FROM (SELECT contact, MAX(date) AS last,"
            " MAX(CASE WHEN in_person THEN date END) AS in_person FROM"
            f" ({_touches_sql(f'AND i.file IN {ahead}', f'AND t.contact IN {ahead}')})"
            " WHERE date <= ? GROUP BY contact) x JOIN files f ON f.id = x.contact",
            (day, day, day),
        )
        found.update((r[0], (_date(r[1]), _date(r[2]))) for r in rows)
        return found

    def items(self, contact: str | None = None) -> list[OwnedItem]:
        """Personal items, asks and tasks, each with the contact it belongs to."""
        args: tuple[int, ...]
        own, resolved, args = "", "", ()
        if contact:
            file = self._file_id(contact)
            own, resolved, args = "AND i.file = ?", "WHERE o.contact = ?", (file, file)
        columns = (
            "i.file, i.line, i.type, i.text, i.date, i.is_task, i.done, i.due, i.waiting,"
            " i.sensitive, i.in_section"
        )
        rows = self.conn.execute(
            "SELECT c.path, f.path, x.line, x.type, x.text, x.date, x.is_task, x.done, x.due,"
            " x.waiting, x.sensitive, x.in_section FROM"
            f" (SELECT i.file AS contact, {columns} FROM items i JOIN contacts c"
            f" ON c.file = i.file WHERE 1 {own}"
            f" UNION ALL SELECT o.contact, {columns} FROM owners o JOIN items i ON i.id = o.item"
            f" {resolved}) x JOIN files c ON c.id = x.contact JOIN files f ON f.id = x.file"
            " ORDER BY c.path, f.path, x.line",
            args,
        )
        return [_owned_item(r) for r in rows]

    def shown(self, path: str) -> tuple[tuple[tuple[int, str], ...], tuple[Hidden, ...]]:
        """A note's opening text and its hidden ranges, as the parser found them."""
        row = self.conn.execute(
            "SELECT s.opening, s.hidden FROM shown s JOIN files f ON f.id = s.file WHERE f.path = ?",
            (path,),
        ).fetchone()
        if row is None:
            return (), ()
        opening = tuple((line, text) for line, text in json.loads(row[0]))
        return opening, tuple(Hidden(*hidden) for hidden in json.loads(row[1]))

    def sensitive_lines(self, path: str) -> frozenset[int]:
        """The lines of a note marked #sensitive, whoever they belong to."""
        rows = self.conn.execute(
            "SELECT i.line FROM items i JOIN files f ON f.id = i.file"
            " WHERE f.path = ? AND i.sensitive",
            (path,),
        )
        return frozenset(line for (line,) in rows)

    def mentions(self, contact: str) -> list[OwnedMention]:
        rows = self.conn.execute(
            "SELECT f.path, m.line, m.date, m.text FROM mentioned x JOIN mentions m"
            " ON m.id = x.mention JOIN files f ON f.id = m.file WHERE x.contact = ?"
            " ORDER BY m.date, f.path, m.line",
            (self._file_id(contact),),
        )
        return [OwnedMention(contact, r[0], r[1], _date(r[2]), r[3]) for r in rows]

    def meeting_notes(self) -> list[tuple[str, str, date]]:
        """(path, title, date) of every meeting note, by date: meetings() without
        attendees, for finding one by name."""
        rows = self.conn.execute(
            "SELECT f.path, f.name, f.date FROM meetings m JOIN files f ON f.id = m.file"
            " ORDER BY f.date, f.path"
        )
        return [(path, title, date.fromisoformat(when)) for path, title, when in rows]

    def meetings(self, paths: set[str] | None = None) -> list[Meeting]:
        """Every meeting note (or those at `paths`), by date, with its attendees
        resolved to contacts (as sync resolved them: its interaction's
        touches, in the note's order)."""
        if paths is not None:
            found_all: list[Meeting] = []
            for chunk in _chunks(sorted(paths)):
                found_all += self._meetings(f"WHERE f.path IN ({_marks(chunk)})", chunk)
            return sorted(found_all, key=lambda m: (m.date.isoformat(), m.path))
        return self._meetings("", [])

    def _meetings(self, where: str, args: list) -> list[Meeting]:
        rows = self.conn.execute(
            "SELECT f.path, f.name, f.date, i.kind, a.path FROM meetings m"
            " JOIN files f ON f.id = m.file"
            " LEFT JOIN interactions i ON i.file = m.file AND i.origin = 'meeting'"
            " LEFT JOIN touches t ON t.file = m.file AND t.interaction = i.id"
            f" LEFT JOIN files a ON a.id = t.contact {where}"
            " ORDER BY f.date, f.path, t.rowid",
            args,
        )
        found: dict[str, tuple[str, str, str | None, list[str]]] = {}
        for path, title, when, kind, attendee in rows:
            meeting = found.setdefault(path, (title, when, kind, []))
            if attendee is not None:
                meeting[3].append(attendee)
        return [
            Meeting(path, title, date.fromisoformat(when), kind, tuple(attendees))
            for path, (title, when, kind, attendees) in found.items()
        ]

    def group_notes(self) -> list[tuple[str, str, dict[str, object]]]:
        """(path, name, frontmatter as written) of every group note, by path."""
        rows = self.conn.execute(
            "SELECT f.path, f.name, d.details FROM files f"
            " LEFT JOIN contact_details d ON d.file = f.id WHERE f.kind = 'group' ORDER BY f.path"
        )
        return [
            (path, name, json.loads(details) if details else {}) for path, name, details in rows
        ]

    def groups_answering(self, wanted: str) -> list[str]:
        """The group notes whose name, alias, file name or path folds to `wanted`."""
        return self.answering(wanted, "group")

    def meeting_groups(self) -> list[tuple[str, date, tuple[str, ...]]]:
        """(path, date, `group:` targets) of every meeting note that names a group."""
        rows = self.conn.execute(
            "SELECT f.path, f.date, m.groups_ FROM meetings m JOIN files f ON f.id = m.file"
            " WHERE m.groups_ IS NOT NULL AND m.groups_ != '[]' ORDER BY f.date, f.path"
        )
        return [(path, date.fromisoformat(when), tuple(json.loads(g))) for path, when, g in rows]

    def company(self, contact: str) -> dict[tuple[str, int], int]:
        """For each interaction with `contact` written outside their own note
        (a meeting note, a daily-note line), by (path, line): how many
        contacts it was with. Their own log's entries are theirs alone."""
        rows = self.conn.execute(
            "SELECT f.path, i.line, COUNT(DISTINCT o.contact) FROM touches t"
            " JOIN touches o ON o.file = t.file AND o.interaction = t.interaction"
            " JOIN interactions i ON i.id = t.interaction JOIN files f ON f.id = t.file"
            " WHERE t.contact = ? GROUP BY t.interaction",
            (self._file_id(contact),),
        )
        return {(path, line): n for path, line, n in rows}

    def touch_company(self, contacts: set[str], today: date) -> list[tuple[str, date, bool, int]]:
        """(contact, date, in person, how many contacts it was with) of each
        touch up to today of these contacts; an entry in their own log is
        theirs alone (1)."""
        found: list[tuple[str, date, bool, int]] = []
        for chunk in _chunks(sorted(contacts)):
            rows = self.conn.execute(
                "SELECT c.path, t.date, t.in_person, CASE WHEN t.origin = 'contact' THEN 1 ELSE"
                " (SELECT COUNT(DISTINCT o.contact) FROM touches o WHERE o.file = t.file"
                " AND o.interaction = t.id) END"
                f" FROM ({_touches_sql()}) t"
                f" JOIN files c ON c.id = t.contact WHERE c.path IN ({_marks(chunk)})"
                " AND t.date <= ?",
                (*chunk, today.isoformat()),
            )
            found += [(path, date.fromisoformat(when), bool(p), n) for path, when, p, n in rows]
        return found

    def lines_linking(self, contact: str) -> list[tuple[str, int, date | None]]:
        """(path, line, date) of each body line in another note with a link
        that leads to `contact`, by path and line; the date is the note's (a
        meeting or daily note) or the dated heading's it is written under."""
        file = self._file_id(contact)
        keys = [k for (k,) in self.conn.execute("SELECT key FROM names WHERE file = ?", (file,))]
        if not keys:
            return []
        rows = self.conn.execute(
            "SELECT DISTINCT f.path, l.line, COALESCE(f.date, (SELECT s.date FROM sections s"
            " WHERE s.file = l.file AND s.line <= l.line AND s.end_line >= l.line"
            " ORDER BY s.line DESC LIMIT 1)), l.target FROM links l"
            " JOIN files f ON f.id = l.file"
            f" WHERE l.key IN ({_marks(keys)}) AND l.fm = 0 AND l.file != ?"
            " ORDER BY f.path, l.line",
            (*keys, file),
        ).fetchall()
        people = self._people()
        found = dict.fromkeys(
            (path, line, _date(when))
            for path, line, when, target in rows
            if people([target]) == [file]
        )
        return list(found)

    def linked_contacts(self, path: str) -> list[str]:
        """The contacts a note links to, in the order it links them, itself aside."""
        file = self._file_id(path)
        targets = [
            t
            for (t,) in self.conn.execute(
                "SELECT target FROM links WHERE file = ? ORDER BY line", (file,)
            )
        ]
        people = [c for c in self._people()(targets) if c != file]
        paths = dict(
            self.conn.execute(f"SELECT id, path FROM files WHERE id IN ({_marks(people)})", people)
        )
        return [paths[c] for c in people]

    def shared_identities(self) -> tuple[list[tuple[str, str, str]], dict[str, Contact]]:
        """Pairs of contacts (path, path, shared key) where one's name or file
        name (folded) is the other's name, file name or alias (`name:…`), or
        that hold one email, phone or LinkedIn address (`email:…`, normalised
        when indexed); and those contacts, with the keys they hold as
        `details` ({"keys": [...]}): all `check` needs to tell likely
        duplicates, found in SQL rather than by matching every contact."""
        both = " JOIN files fa ON fa.id = a.file JOIN files fb ON fb.id = b.file"
        pairs = self.conn.execute(
            "SELECT fa.path, fb.path, a.key FROM identities a"
            " JOIN identities b ON b.key = a.key AND a.file < b.file" + both + " WHERE"
            " a.key NOT LIKE 'apart:%' AND a.key NOT LIKE 'alias:%'"
            " UNION SELECT fa.path, fb.path, a.key FROM identities a JOIN identities b"
            " ON b.key = 'alias:' || substr(a.key, 6) AND a.file != b.file" + both + " WHERE"
            " a.key LIKE 'name:%'"
        ).fetchall()
        paths = sorted({p for a, b, _ in pairs for p in (a, b)})
        contacts: dict[str, Contact] = {}
        for chunk in _chunks(paths):
            marks = _marks(chunk)
            keys: dict[str, list[str]] = {}
            for path, key in self.conn.execute(
                f"SELECT f.path, x.key FROM identities x JOIN files f ON f.id = x.file"
                f" WHERE f.path IN ({marks})",
                chunk,
            ):
                keys.setdefault(path, []).append(key)
            for row in self.conn.execute(
                f"SELECT {_CONTACT_COLUMNS}, NULL FROM contacts c JOIN files f ON f.id = c.file"
                f" WHERE f.path IN ({marks})",
                chunk,
            ):
                found = _contact(row)
                contacts[found.path] = replace(found, details={"keys": keys.get(found.path, [])})
        return pairs, contacts

    def links_to(self, path: str) -> dict[str, set[str]]:
        """Every note with a link that leads to `path`, and the targets (as
        written) of those links: what `merge` rewrites."""
        file = self._file_id(path)
        rows = self.conn.execute(
            "SELECT DISTINCT f.path, l.target FROM links l JOIN files f ON f.id = l.file"
            " WHERE l.status IS NULL AND l.key IN (SELECT key FROM names WHERE file = ?)",
            (file,),
        ).fetchall()
        names = _Names(self.conn, everything=False)
        found: dict[str, set[str]] = {}
        for where, target in rows:
            status, matches = names.resolve(target)
            if status == "ok" and matches[0] == file:
                found.setdefault(where, set()).add(target)
        return found

    def problems(self, resolved: bool = True) -> list[Problem]:
        """Everything that needs attention, by path and line. `resolved` adds
        what only the whole vault shows: links to no note, ambiguous links, two
        contacts answering to one name, sync-conflict copies."""
        rows = self.conn.execute(
            "SELECT path, line, severity, problem, detail FROM problems UNION"
            " SELECT path, line, severity, problem, detail FROM walk_problems"
        ).fetchall()
        found = [Problem(*row) for row in rows]
        if resolved:
            found += self._link_problems() + self._duplicate_names()
        return sorted(set(found), key=lambda p: (p.path, p.line or 0, p.severity, p.problem))

    def _link_problems(self) -> list[Problem]:
        from .linkcheck import LinkJudge

        found = []
        judge = LinkJudge(self.vault.root, self.context, self.vault.skipped_dirs)
        rows = self.conn.execute(
            "SELECT DISTINCT f.path, l.line, l.target, l.status, l.matches, EXISTS(SELECT 1"
            " FROM items i WHERE i.file = l.file AND i.line = l.line AND i.sensitive)"
            " FROM links l JOIN files f ON f.id = l.file"
            " WHERE l.status IN ('missing', 'ambiguous')"
        ).fetchall()
        missing = {row[2] for row in rows if row[3] == "missing"}
        harmless = {target for target in missing if judge.harmless(target)}
        meant = self._meant(missing - harmless)
        for path, line, target, status, matches, sensitive in rows:
            if status == "missing" and target in harmless:
                continue
            if not privacy.shareable(sensitive):  # the problem may not quote the line
                found.append(Problem(path, line, WARNING, privacy.SENSITIVE_LINK_PROBLEM))
                continue
            if status == "missing":
                text = f"link [[{target}]] leads to no note"
                if meant.get(target):
                    text += f"; did you mean {meant[target]}?"
            else:
                ids = [int(m) for m in matches.split(",")]
                could = sorted(
                    p
                    for (p,) in self.conn.execute(
                        f"SELECT path FROM files WHERE id IN ({_marks(ids)})", ids
                    )
                )
                text = f"link [[{target}]] could mean {' or '.join(could)}"
            found.append(Problem(path, line, WARNING, text, target))
        return found

    def _meant(self, targets: set[str]) -> dict[str, str | None]:
        """The contact each missing link may have meant (linkcheck.suggestion)."""
        from .linkcheck import suggestion
        from .naming import wikilink

        every: dict[str, str] = {}

        def exact(key: str) -> list[str]:
            rows = self.conn.execute(
                "SELECT f.path, c.name FROM folds x JOIN contacts c ON c.file = x.file"
                " JOIN files f ON f.id = x.file WHERE x.key = ? ORDER BY f.path",
                (key,),
            )
            return [wikilink(path, name) for path, name in rows]

        def names() -> dict[str, str]:
            if not every:
                for key, path, name in self.conn.execute(
                    "SELECT x.key, f.path, c.name FROM folds x JOIN contacts c ON c.file = x.file"
                    " JOIN files f ON f.id = x.file ORDER BY f.path"
                ):
                    every.setdefault(key, wikilink(path, name))
            return every

        return {t: suggestion(t, exact, names, len(targets)) for t in sorted(targets)}

    def _duplicate_names(self) -> list[Problem]:
        from .duplicates import likely_duplicates

        found = likely_duplicates(*self.shared_identities())
        for path, original in self.conn.execute(
            "SELECT f.path, c.copy_of FROM contacts c JOIN files f ON f.id = c.file"
            " WHERE c.copy_of IS NOT NULL"
        ):
            if self.conn.execute(
                "SELECT 1 FROM names WHERE key = ? AND rank = 1", (link_key(original),)
            ).fetchone():
                found.append(
                    Problem(
                        path,
                        None,
                        WARNING,
                        f"looks like a sync-conflict copy of '{original}'",
                        original,
                    )
                )
        return found

    def search(self, query: str, limit: int = 50) -> list[tuple[str, int, date | None, str]]:
        """Sections matching an FTS5 query, best first: (path, line, date, text)."""
        try:
            rows = self.conn.execute(
                "SELECT f.path, s.line, s.end_line, s.date, b.body FROM search"
                " JOIN sections s ON s.id = search.rowid JOIN files f ON f.id = s.file"
                " JOIN bodies b ON b.file = s.file WHERE search MATCH ? ORDER BY search.rank, f.path, s.line LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as err:
            raise SearchQueryError(f"cannot search for {query!r}: {err}") from None
        from .rows import section_texts

        return [
            (path, start, _date(when), section_texts(body, [(start, end)])[0])
            for path, start, end, when, body in rows
        ]

    # --- whole-vault queries for the digest ---------------------------------

    def touches_between(self, start: date, end: date, plans: bool = False) -> list[Touch]:
        """Interactions dated from `start` to `end` (both included), each with
        the contact it was with; oldest first. `plans` adds the meetings daily
        notes plan in that time (ask only about days after today)."""
        after = start - timedelta(days=1) if plans else None
        rows = self.conn.execute(
            f"SELECT {_TOUCH_COLUMNS} FROM ({_touches_sql(plans_after=after)}) t"
            " JOIN files c ON c.id = t.contact JOIN files f ON f.id = t.file"
            " WHERE t.date BETWEEN ? AND ? ORDER BY t.date, c.path, f.path, t.line",
            (start.isoformat(), end.isoformat()),
        )
        return [_touch(r) for r in rows]

    def touch_days(self, start: date, end: date) -> dict[str, dict[date, bool]]:
        """Per contact path: each day from `start` to `end` with an interaction,
        and whether one that day was in person (touches count once a day)."""
        rows = self.conn.execute(
            "SELECT c.path, t.date, MAX(t.in_person)"
            f" FROM ({_touches_sql()}) t JOIN files c ON c.id = t.contact"
            " WHERE t.date BETWEEN ? AND ? GROUP BY t.contact, t.date",
            (start.isoformat(), end.isoformat()),
        )
        days: dict[str, dict[date, bool]] = {}
        for path, when, in_person in rows:
            days.setdefault(path, {})[date.fromisoformat(when)] = bool(in_person)
        return days

    def open_items(self, personal_up_to: date | None = None) -> list[OwnedItem]:
        """Open tasks and personal items, each with its contact: items() without
        asks and done tasks, for reading the whole vault at once. With
        `personal_up_to`, personal items only when undated or from the latest
        day on or before it on which their contact shared one that is not
        #sensitive: all the digest can show, a fraction of a long history."""
        wanted = "((i.is_task AND NOT i.done) OR i.type = 'personal')"
        args: tuple[str, ...]
        latest, keep, args = "", "", ()
        if personal_up_to is not None:
            latest = (
                ", latest AS (SELECT x.contact, MAX(i.date) AS day FROM x JOIN items i"
                " ON i.id = x.item WHERE i.type = 'personal' AND NOT i.sensitive AND i.date <= ?"
                " GROUP BY x.contact)"
            )
            keep = (
                " LEFT JOIN latest l ON l.contact = x.contact"
                " WHERE i.type != 'personal' OR i.date IS NULL OR i.date = l.day"
            )
            args = (personal_up_to.isoformat(),)
        rows = self.conn.execute(
            "WITH x AS MATERIALIZED (SELECT i.file AS contact, i.id AS item FROM items i"
            f" JOIN contacts c ON c.file = i.file WHERE {wanted}"
            " UNION ALL SELECT o.contact, i.id FROM owners o JOIN items i ON i.id = o.item"
            f" WHERE {wanted}){latest}"
            " SELECT c.path, f.path, i.line, i.type, i.text, i.date, i.is_task, i.done, i.due,"
            " i.waiting, i.sensitive, i.in_section FROM x JOIN items i ON i.id = x.item"
            f" JOIN files c ON c.id = x.contact JOIN files f ON f.id = i.file{keep}"
            " ORDER BY 1, 2, 3",
            args,
        )
        return [_owned_item(r) for r in rows]

    # --- facts for working through the list (quick touches, picks)

    def unnoted_between(self, start: date, end: date) -> list[Touch]:
        """In-person log headings and meeting notes dated from `start` to `end`
        with nothing noted under them, each with its contact; oldest first."""
        rows = self.conn.execute(
            f"SELECT {_TOUCH_COLUMNS} FROM ({_touches_sql()}) t"
            " JOIN files c ON c.id = t.contact JOIN files f ON f.id = t.file"
            " WHERE t.date BETWEEN ? AND ? AND t.in_person AND NOT t.noted"
            " AND t.origin != 'daily' ORDER BY t.date, c.path, f.path, t.line",
            (start.isoformat(), end.isoformat()),
        )
        return [_touch(r) for r in rows]

    def personal_items_between(self, start: date, end: date) -> list[OwnedItem]:
        """Personal items shared from `start` to `end` (both included) whose
        text holds a digit (every way of writing a date does), each with its
        contact, in items()' order."""
        columns = (
            "i.file, i.line, i.type, i.text, i.date, i.is_task, i.done, i.due, i.waiting,"
            " i.sensitive, i.in_section"
        )
        wanted = "i.type = 'personal' AND i.date BETWEEN ? AND ? AND i.text GLOB '*[0-9]*'"
        rows = self.conn.execute(
            "SELECT c.path, f.path, x.line, x.type, x.text, x.date, x.is_task, x.done, x.due,"
            " x.waiting, x.sensitive, x.in_section FROM"
            f" (SELECT i.file AS contact, {columns} FROM items i JOIN contacts c"
            f" ON c.file = i.file WHERE {wanted}"
            f" UNION ALL SELECT o.contact, {columns} FROM owners o JOIN items i ON i.id = o.item"
            f" WHERE {wanted}) x JOIN files c ON c.id = x.contact JOIN files f ON f.id = x.file"
            " ORDER BY c.path, f.path, x.line",
            (start.isoformat(), end.isoformat()) * 2,
        )
        return [_owned_item(r) for r in rows]

    def touches_of(self, paths: set[str], end: date) -> list[Touch]:
        """touches() of a few contacts at once, up to `end` (included)."""
        found: list[Touch] = []
        for chunk in _chunks(sorted(paths)):
            ids = f"(SELECT id FROM files WHERE path IN ({_marks(chunk)}))"
            rows = self.conn.execute(
                f"SELECT {_TOUCH_COLUMNS} FROM"
                f" ({_touches_sql(f'AND i.file IN {ids}', f'AND t.contact IN {ids}')})"
                " t JOIN files c ON c.id = t.contact JOIN files f ON f.id = t.file"
                " WHERE t.date <= ? ORDER BY c.path, t.date, f.path, t.line",
                [*chunk, *chunk, end.isoformat()],
            )
            found += [_touch(r) for r in rows]
        return found


class _Changes:
    """The files a sync added, changed or removed, with the names each answered
    to before and after and whether it was or is a contact — or, past
    FULL_PASS_FROM of them, only how many: then the whole vault is resolved
    again at once, which beats looking up what each one touched."""

    def __init__(self) -> None:
        self.count = 0
        self.details: list[tuple[int, set, bool, set, bool]] = []

    @property
    def everything(self) -> bool:
        return self.count > FULL_PASS_FROM

    def add(self, file: int, old_keys: set, was_contact: bool, new_keys: set, is_contact: bool):
        self.count += 1
        if self.everything:
            self.details = []  # no longer needed, and a whole vault's worth is 25 MB
        else:
            self.details.append((file, old_keys, was_contact, new_keys, is_contact))

    def clash_keys(self) -> set[str]:
        """The names (rank 1 and up) a contact gained or lost, or held while it
        became or stopped being a contact: where two contacts may now clash."""
        keys: set[str] = set()
        for _, old, was, new, now in self.details:
            if (was or now) and (old != new or was != now):
                keys.update(key for key, rank in old | new if rank >= 1)
        return keys

    def diffs(self) -> list[tuple[int, bool, set]]:
        """Per file whose names changed: (id, was or is a contact, the (key,
        rank) pairs it gained or lost)."""
        return [
            (file, was or now, old ^ new) for file, old, was, new, now in self.details if old != new
        ]


class _Batch:
    """Rows from many files, written with one executemany per table. The rows
    come ready (rows.py puts the file's id in each); only sections are
    numbered here, as each one's id is its full-text row's too."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.pending: list[FileRows] = []
        self.next_section = (conn.execute("SELECT MAX(id) FROM sections").fetchone()[0] or 0) + 1

    def add(self, rows: FileRows) -> None:
        self.pending.append(rows)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        pending, conn = self.pending, self.conn
        self.pending = []

        def rows_of(table: str) -> Iterator[tuple]:
            return chain.from_iterable(getattr(f, table) for f in pending)

        conn.executemany(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    f.file,
                    f.path,
                    f.size,
                    f.mtime_ns,
                    f.digest,
                    f.kind,
                    f.name,
                    f.date,
                    f.failed,
                    f.conflicted,
                )
                for f in pending
            ],
        )
        conn.executemany(
            "INSERT INTO bodies VALUES (?, ?)",
            [(f.file, f.body) for f in pending if f.body is not None],
        )
        conn.executemany(
            "INSERT INTO contacts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [f.contact for f in pending if f.contact],
        )
        conn.executemany(
            "INSERT INTO contact_details VALUES (?, ?)",
            [(f.file, f.details) for f in pending if f.details is not None],
        )
        conn.executemany(
            "INSERT INTO shown VALUES (?, ?, ?)", [f.shown for f in pending if f.shown]
        )
        conn.executemany(
            "INSERT INTO meetings VALUES (?, ?, ?)",
            [(f.file, f.attendees, f.groups) for f in pending if f.attendees is not None],
        )
        for table, columns in _ROW_COLUMNS.items():
            marks = ", ".join("?" * len(columns.split(",")))
            conn.executemany(f"INSERT INTO {table}({columns}) VALUES ({marks})", rows_of(table))
        sections = list(rows_of("sections"))
        start, self.next_section = self.next_section, self.next_section + len(sections)
        conn.executemany(
            "INSERT INTO sections VALUES (?, ?, ?, ?, ?)",
            [(start + n, *row) for n, row in enumerate(sections)],
        )
        conn.executemany(
            "INSERT INTO search(rowid, text) VALUES (?, ?)", zip(numbers(start), rows_of("texts"))
        )


# The columns of each table a FileRows list goes into as it is.
_ROW_COLUMNS = {
    "names": "key, file, rank",
    "folds": "key, file",
    "identities": "key, file",
    "problems": "file, path, line, severity, problem, detail",
    "links": "file, line, target, embed, fm, key",
    "interactions": "file, line, end_line, date, title, kind, in_person, origin, targets, noted",
    "items": "file, line, type, text, date, targets, is_task, done, due, waiting, sensitive,"
    " in_section, owners",
    "mentions": "file, line, date, text, targets",
}


class _Names:
    """Link targets → files, the way Obsidian resolves them. `everything`
    loads every name at once (a full pass); otherwise names are looked up key
    by key, which is what one changed note needs."""

    def __init__(self, conn: sqlite3.Connection, everything: bool) -> None:
        self.conn = conn
        self.complete = everything
        self.by_key: dict[str, list[tuple[int, int]]] = {}  # key → (rank, file) pairs
        if everything:
            for key, file, rank in conn.execute("SELECT key, file, rank FROM names"):
                found = self.by_key.get(key)
                if found is None:
                    self.by_key[key] = [(rank, file)]
                else:
                    found.append((rank, file))
        self._contacts: dict[int, bool] = {}
        if everything:
            self._contacts = dict.fromkeys(
                (r[0] for r in conn.execute("SELECT file FROM contacts")), True
            )
        self._lists: dict[str, tuple[int, ...]] = {}

    def is_contact(self, file: int) -> bool:
        found = self._contacts.get(file)
        if found is None:
            if self.complete:
                return False
            row = self.conn.execute("SELECT 1 FROM contacts WHERE file = ?", (file,)).fetchone()
            found = self._contacts[file] = row is not None
        return found

    def pick(self, key: str, has_folder: bool) -> tuple[str, list[int]]:
        if key not in self.by_key and not self.complete:
            self.by_key[key] = self.conn.execute(
                "SELECT rank, file FROM names WHERE key = ?", (key,)
            ).fetchall()
        return _pick(self.by_key.get(key), has_folder)

    def resolve(self, target: str) -> tuple[str, list[int]]:
        return self.pick(link_key(target), "/" in target)

    def people(self, targets: list[str]) -> list[int]:
        found: list[int] = []
        for target in targets:
            status, matches = self.resolve(target)
            if status == "ok" and self.is_contact(matches[0]) and matches[0] not in found:
                found.append(matches[0])
        return found

    def people_of(self, targets: str) -> tuple[int, ...]:
        """people() of a JSON list of targets as stored; the same lists recur
        (the attendees of a meeting note are its interaction's targets too)."""
        if targets == "[]":
            return ()
        found = self._lists.get(targets)
        if found is None:
            found = self._lists[targets] = tuple(self.people(json.loads(targets)))
        return found


class _PlainNames:
    """Attendees of a meeting note named in plain words on a line ("Review
    Priya's doc"): by name, file name, alias or first name, as whole words,
    case aside. Words are compared as space-padded text: no pattern to compile."""

    def __init__(self, conn: sqlite3.Connection, everyone: bool) -> None:
        self.conn = conn
        self.names: dict[int, tuple[str, ...]] = {}
        self.rows: dict[int, tuple[str, str, str]] | None = None
        if everyone:  # a whole vault: one query beats one per attendee
            query = "SELECT c.file, f.path, c.name, c.aliases FROM contacts c JOIN files f"
            self.rows = {r[0]: r[1:] for r in conn.execute(query + " ON f.id = c.file")}

    def named(self, text: str, attendees: Sequence[int]) -> list[int]:
        padded = f" {_words(text)} "
        return [c for c in attendees if any(n in padded for n in self._names(c))]

    def _names(self, contact: int) -> tuple[str, ...]:
        found = self.names.get(contact)
        if found is None:
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


_NOT_WORD = re.compile(r"[^\w]+")


def _words(text: str) -> str:
    """Folded words (case and accents aside, as people type names) separated
    by single spaces: `Zoë's doc` → `zoe s doc`."""
    return _NOT_WORD.sub(" ", lookup_key(text)).strip()


def _whose(
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


DatabaseFailure = sqlite3.Error  # for callers that must not import sqlite3 themselves


def _legacy_tables(path: Path) -> bool:
    """An index from before APPLICATION_ID has netnotes' `meta` and `files` tables."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not {"meta", "files"} <= tables:
                return False
            return conn.execute("SELECT 1 FROM meta WHERE key = 'config'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _chunks(values: list, size: int = 500) -> list[list]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


def _pick(candidates: list[tuple[int, int]] | None, has_folder: bool) -> tuple[str, list[int]]:
    """Obsidian's order: a path, then a file name, then a contact's name, then
    an alias. `candidates` are (rank, file) pairs; a path counts only for a
    target that names a folder."""
    if candidates and len(candidates) == 1:  # most names belong to one note
        rank, file = candidates[0]
        return ("ok", [file]) if rank or has_folder else ("missing", [])
    best = min((rank for rank, _ in candidates or () if rank or has_folder), default=None)
    if best is None:
        return "missing", []
    matches = sorted({file for rank, file in candidates or () if rank == best})
    return ("ok" if len(matches) == 1 else "ambiguous"), matches


_CONTACT_COLUMNS = (
    "f.path, c.name, c.aliases, c.tags, c.ladder, c.company, c.role, c.status, c.cadence,"
    " c.snooze, c.met, c.how_met, c.birthday, c.groups_, c.email, c.meet_every"
)


def _contact(r: tuple) -> Contact:
    """A Contact from _CONTACT_COLUMNS and the details as JSON (or None: none).
    Written out, not with unpack() and _date(): it runs for every contact."""
    aliases, tags, snooze, met, groups = r[2], r[3], r[9], r[10], r[13]
    return Contact(
        r[0],
        r[1],
        tuple(aliases.split("\x1f")) if aliases else (),
        tuple(tags.split("\x1f")) if tags else (),
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        date.fromisoformat(snooze) if snooze else None,
        date.fromisoformat(met) if met else None,
        r[11],
        r[12],
        tuple(groups.split("\x1f")) if groups else (),
        r[14],
        json.loads(r[16]) if r[16] else {},
        r[15],
    )


def _owned_item(r: tuple) -> OwnedItem:
    """An OwnedItem from (contact path, path, line, type, text, date, is_task,
    done, due, waiting, sensitive, in_section)."""
    return OwnedItem(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        _date(r[5]),
        bool(r[6]),
        bool(r[7]),
        _date(r[8]),
        bool(r[9]),
        bool(r[10]),
        bool(r[11]),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None

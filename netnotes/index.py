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
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import NetnotesError, SearchQueryError
from .models import (
    ERROR,
    MEETING,
    WARNING,
    Contact,
    Meeting,
    OwnedItem,
    OwnedMention,
    ParseContext,
    Problem,
    Touch,
    note_stem,
)
from .vault import FileStat, Vault

if TYPE_CHECKING:
    from .rows import FileRows

SCHEMA_VERSION = 6  # bump whenever the schema or what the parser extracts changes
PARALLEL_FROM = 2000  # files to parse before a second process is worth its start-up
BATCH = 500

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT UNIQUE, size INT, mtime_ns INT,
    hash TEXT, kind TEXT, name TEXT, date TEXT, failed INT, conflicted INT, body BLOB);
CREATE TABLE contacts(file INTEGER PRIMARY KEY, name TEXT, sort_key TEXT, aliases TEXT,
    tags TEXT, ladder TEXT, company TEXT, role TEXT, status TEXT, cadence TEXT, snooze TEXT,
    met TEXT, how_met TEXT, birthday TEXT, groups_ TEXT, email TEXT, details TEXT);
CREATE TABLE names(key TEXT, file INT, rank INT);
CREATE INDEX names_key ON names(key);
CREATE INDEX names_file ON names(file);
CREATE TABLE links(file INT, line INT, target TEXT, embed INT, fm INT, key TEXT,
    status TEXT, matches TEXT);
CREATE INDEX links_file ON links(file);
CREATE INDEX links_key ON links(key);
CREATE TABLE interactions(id INTEGER PRIMARY KEY, file INT, line INT, end_line INT,
    date TEXT, title TEXT, kind TEXT, in_person INT, origin TEXT, targets TEXT);
CREATE INDEX interactions_file ON interactions(file);
CREATE TABLE items(id INTEGER PRIMARY KEY, file INT, line INT, type TEXT, text TEXT,
    date TEXT, targets TEXT, is_task INT, done INT, due TEXT, waiting INT, sensitive INT,
    in_section INT);
CREATE INDEX items_file ON items(file);
CREATE TABLE mentions(id INTEGER PRIMARY KEY, file INT, line INT, date TEXT, text TEXT,
    targets TEXT);
CREATE INDEX mentions_file ON mentions(file);
CREATE TABLE meetings(file INTEGER PRIMARY KEY, attendees TEXT);
CREATE TABLE touches(contact INT, interaction INT, file INT);
CREATE INDEX touches_contact ON touches(contact);
CREATE INDEX touches_file ON touches(file);
CREATE TABLE owners(contact INT, item INT, file INT);
CREATE INDEX owners_contact ON owners(contact);
CREATE INDEX owners_file ON owners(file);
CREATE TABLE mentioned(contact INT, mention INT, file INT);
CREATE INDEX mentioned_contact ON mentioned(contact);
CREATE INDEX mentioned_file ON mentioned(file);
CREATE TABLE problems(file INT, path TEXT, line INT, severity TEXT, problem TEXT, detail TEXT);
CREATE INDEX problems_file ON problems(file);
CREATE TABLE walk_problems(path TEXT, line INT, severity TEXT, problem TEXT, detail TEXT);
CREATE TABLE sections(id INTEGER PRIMARY KEY, file INT, line INT, end_line INT, date TEXT);
CREATE INDEX sections_file ON sections(file);
CREATE VIRTUAL TABLE search USING fts5(text, content = '',
    tokenize = 'unicode61 remove_diacritics 2');
"""
_BY_FILE = (
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
)

# Each interaction with the contact it was with: a contact's own log, then
# what resolving meeting and daily notes attributed to them.
_TOUCHES = """
    SELECT i.file AS contact, i.id, i.file, i.line, i.end_line, i.date, i.title, i.kind,
           i.in_person, i.origin
      FROM interactions i WHERE i.origin = 'contact' {own}
    UNION ALL
    SELECT t.contact, i.id, i.file, i.line, i.end_line, i.date, i.title, i.kind, i.in_person,
           i.origin
      FROM touches t JOIN interactions i ON i.id = t.interaction {resolved}
"""


def name_key(text: str) -> str:
    """How links match names: case-insensitively, NFC, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def pack(values: tuple[str, ...]) -> str:
    """A short list in one column: faster to read back than JSON."""
    return "\x1f".join(values)


def unpack(text: str) -> tuple[str, ...]:
    return tuple(text.split("\x1f")) if text else ()


def sort_key(name: str) -> str:
    """Names sort without regard to case or accents: Ångström sits with the A's."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if not self._current(conn):
                self._create(conn)
            return conn
        except sqlite3.DatabaseError as err:
            if "locked" in str(err) or not retry:
                raise NetnotesError(f"cannot open the index at {self.path}: {err}") from None
            for suffix in ("", "-wal", "-shm"):  # a damaged cache is thrown away
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._open(retry=False)
        except OSError as err:
            raise NetnotesError(f"cannot open the index at {self.path}: {err.strerror}") from None

    def _current(self, conn: sqlite3.Connection) -> bool:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return False
        stored = conn.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
        return stored is not None and stored[0] == self.fingerprint

    def _create(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        if self._current(conn):  # another process just did it
            conn.execute("COMMIT")
            return
        tables = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'search_%'"
        ).fetchall()
        for (name,) in tables:
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT INTO meta VALUES ('config', ?)", (self.fingerprint,))
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")

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
        hint), look only at those files instead of walking the whole vault."""
        if full:
            self.conn.execute("DELETE FROM meta")
            self._create(self.conn)
        walk_problems: list[Problem] | None = None
        if paths is None:
            stats, walk_problems, stale = self.vault.walk()
            self.vault.remove_stale_temps(stale)
        else:
            stats = self.vault.stat_notes(paths)
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            report = self._apply(stats, walk_problems, progress, paths)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        report.failed = [p for p in self.problems(resolved=False) if p.severity == ERROR]
        return report

    def _apply(
        self,
        stats: list[FileStat],
        walk_problems: list[Problem] | None,
        progress: Callable[[int, int], None] | None,
        paths: set[str] | None,
    ) -> SyncReport:
        conn = self.conn
        known = {
            r[0]: r[1:] for r in conn.execute("SELECT path, size, mtime_ns, hash, id FROM files")
        }
        present = {s.path for s in stats}
        todo = [s for s in stats if known.get(s.path, (None, None))[:2] != (s.size, s.mtime_ns)]
        looked_at = known.keys() if paths is None else known.keys() & paths
        removed = sorted(looked_at - present)
        report = SyncReport(removed=len(removed), unchanged=len(stats) - len(todo))
        key_changes = [self._forget(known[path][3]) for path in removed]
        for path in removed:
            conn.execute("DELETE FROM files WHERE path = ?", (path,))
        batch = _Batch(conn)
        for count, rows in enumerate(self._parsed(todo, known), 1):
            if progress:
                progress(count, len(todo))
            old = known.get(rows.path)
            if rows.kind == "unchanged":
                conn.execute(
                    "UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?",
                    (rows.size, rows.mtime_ns, old[3]),
                )
                report.unchanged += 1
                continue
            if old is None:
                report.added += 1
                key_changes.append((batch.add(rows), set(), False))
            else:
                report.changed += 1
                key_changes.append(self._forget(old[3]))
                conn.execute("DELETE FROM files WHERE id = ?", (old[3],))
                batch.add(rows, old[3])
            report.changed_paths.append(rows.path)
        batch.flush()
        if walk_problems is not None:
            conn.execute("DELETE FROM walk_problems")
            conn.executemany(
                "INSERT INTO walk_problems VALUES (?, ?, ?, ?, ?)",
                [(p.path, p.line, p.severity, p.problem, p.detail) for p in walk_problems],
            )
        changed = {file for file, _, _ in key_changes}
        report.changed_paths = sorted(set(report.changed_paths) | set(removed))
        if changed:
            diffs = self._key_diffs(key_changes)
            everything = len(changed) > 1000  # a bulk pass beats many lookups
            self._resolve(None if everything or self._rekey(diffs) else changed)
            keys = {key for _, _, diff in diffs for key, _ in diff}
            self._link_statuses(None if everything else changed, keys)
        return report

    def _parsed(self, todo: list[FileStat], known: dict[str, tuple]) -> Iterator[FileRows]:
        """Each file to look at, read and parsed: here, or in two worker
        processes when there are many (the parser needs yaml, imported only now)."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .rows import read_file

        root, context = self.vault.root, self.context
        hashes = [known.get(s.path, (None,) * 3)[2] for s in todo]
        if len(todo) < PARALLEL_FROM or threading.active_count() > 1:
            for s, digest in zip(todo, hashes):
                yield read_file(root, s.path, s.size, s.mtime_ns, context, digest)
            return
        # fork is cheap and safe here: this process has no other threads.
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(
                read_file,
                [root] * len(todo),
                [s.path for s in todo],
                [s.size for s in todo],
                [s.mtime_ns for s in todo],
                [context] * len(todo),
                hashes,
                chunksize=64,
            )

    def _forget(self, file: int) -> tuple[int, set[tuple[str, int]], bool]:
        """Delete a file's rows but its `files` row; return what it answered to,
        and whether it was a contact, to judge whether links need resolving again."""
        conn = self.conn
        keys = set(conn.execute("SELECT key, rank FROM names WHERE file = ?", (file,)))
        was_contact = conn.execute("SELECT 1 FROM contacts WHERE file = ?", (file,)).fetchone()
        sections = conn.execute(
            "SELECT id, line, end_line FROM sections WHERE file = ? ORDER BY id", (file,)
        ).fetchall()
        if sections:
            from .rows import section_texts

            (body,) = conn.execute("SELECT body FROM files WHERE id = ?", (file,)).fetchone()
            texts = section_texts(body, [(start, end) for _, start, end in sections])
            conn.executemany(
                "INSERT INTO search(search, rowid, text) VALUES ('delete', ?, ?)",
                [(row[0], text) for row, text in zip(sections, texts)],
            )
        for table in _BY_FILE:
            conn.execute(f"DELETE FROM {table} WHERE file = ?", (file,))
        conn.execute("DELETE FROM contacts WHERE file = ?", (file,))
        return file, keys, was_contact is not None

    def _key_diffs(self, key_changes: list[tuple[int, set, bool]]) -> list[tuple[int, bool, set]]:
        """Per changed file: (id, was or is a contact, the (key, rank) pairs it
        gained or lost)."""
        diffs = []
        for file, old_keys, was_contact in key_changes:
            new_keys = set(self.conn.execute("SELECT key, rank FROM names WHERE file = ?", (file,)))
            if old_keys != new_keys:
                is_contact = self.conn.execute(
                    "SELECT 1 FROM contacts WHERE file = ?", (file,)
                ).fetchone()
                diffs.append((file, was_contact or is_contact is not None, old_keys ^ new_keys))
        return diffs

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

    def _link_statuses(self, files: set[int] | None, keys: set[str]) -> None:
        """Record whether each link of these files, and each link anywhere that
        names one of these keys, leads to one note, to none, or to several."""
        conn = self.conn
        names = _Names(conn, everything=files is None)
        if files is None:
            rows = conn.execute("SELECT rowid, target FROM links").fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(files)):
                rows += conn.execute(
                    f"SELECT rowid, target FROM links WHERE file IN ({_marks(chunk)})", chunk
                ).fetchall()
            for chunk in _chunks(sorted(keys)):
                rows += conn.execute(
                    f"SELECT rowid, target FROM links WHERE key IN ({_marks(chunk)})", chunk
                ).fetchall()
        updates = []
        for rowid, target in rows:
            status, matches = names.resolve(target)
            updates.append((status, ",".join(map(str, matches)) or None, rowid))
        conn.executemany("UPDATE links SET status = ?, matches = ? WHERE rowid = ?", updates)

    def _resolve(self, files: set[int] | None) -> None:
        """Attribute what meeting, daily and other notes say to the contacts
        they name (DESIGN.md §2–3); `files` limits it to those notes."""
        conn = self.conn
        people = self._people(everything=files is None)
        where, args = "", ()
        if files is not None:
            where = f" AND file IN ({','.join('?' * len(files))})"
            args = tuple(sorted(files))
        for table in ("touches", "owners", "mentioned"):
            conn.execute(f"DELETE FROM {table} WHERE 1{where}", args)
        attendees = {
            file: people(json.loads(targets))
            for file, targets in conn.execute(
                f"SELECT file, attendees FROM meetings WHERE 1{where}", args
            )
        }
        touches = []
        for row_id, file, origin, targets in conn.execute(
            f"SELECT id, file, origin, targets FROM interactions WHERE origin != 'contact'{where}",
            args,
        ):
            who = attendees.get(file, []) if origin == MEETING else people(json.loads(targets))
            touches += [(contact, row_id, file) for contact in who]
        conn.executemany("INSERT INTO touches VALUES (?, ?, ?)", touches)
        owners = []
        for row_id, file, targets in conn.execute(
            f"SELECT id, file, targets FROM items WHERE file NOT IN (SELECT file FROM contacts){where}",
            args,
        ):
            linked = people(json.loads(targets))
            if file in attendees:
                whose = [c for c in attendees[file] if c in linked] or attendees[file]
            else:
                whose = linked if len(linked) == 1 else []
            owners += [(contact, row_id, file) for contact in whose]
        conn.executemany("INSERT INTO owners VALUES (?, ?, ?)", owners)
        mentioned = []
        for row_id, file, targets in conn.execute(
            f"SELECT id, file, targets FROM mentions WHERE 1{where}", args
        ):
            mentioned += [(contact, row_id, file) for contact in people(json.loads(targets))]
        conn.executemany("INSERT INTO mentioned VALUES (?, ?, ?)", mentioned)

    def _paths(self) -> dict[int, str]:
        return dict(self.conn.execute("SELECT id, path FROM files"))

    def _file_id(self, path: str) -> int:
        row = self.conn.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
        return row[0] if row else -1

    # --- queries ---------------------------------------------------------

    def contacts(self, details: bool = True) -> list[Contact]:
        """Every contact, sorted by name (case and accents aside), then path.
        `details=False` leaves `details` empty, for speed where it is not shown."""
        rows = self.conn.execute(
            "SELECT f.path, c.name, c.aliases, c.tags, c.ladder, c.company, c.role, c.status,"
            " c.cadence, c.snooze, c.met, c.how_met, c.birthday, c.groups_, c.email, c.details"
            " FROM contacts c JOIN files f ON f.id = c.file ORDER BY c.sort_key, f.path"
        )
        return [
            Contact(
                path=r[0],
                name=r[1],
                aliases=unpack(r[2]),
                tags=unpack(r[3]),
                ladder=r[4],
                company=r[5],
                role=r[6],
                status=r[7],
                cadence=r[8],
                snooze=_date(r[9]),
                met=_date(r[10]),
                how_met=r[11],
                birthday=r[12],
                groups=unpack(r[13]),
                email=r[14],
                details=json.loads(r[15]) if details else {},
            )
            for r in rows
        ]

    def touches(self, contact: str | None = None) -> list[Touch]:
        """Interactions per contact, oldest first; `contact` (a path) narrows to one.
        Planned ones (after today) are included: callers compare dates."""
        own, resolved, args = "", "", ()
        if contact:
            file = self._file_id(contact)
            own, resolved, args = "AND i.file = ?", "WHERE t.contact = ?", (file, file)
        paths = self._paths()
        rows = self.conn.execute(
            f"SELECT * FROM ({_TOUCHES.format(own=own, resolved=resolved)})"
            " ORDER BY contact, date, file, line",
            args,
        )
        found = [
            Touch(
                paths[r[0]],
                paths[r[2]],
                r[3],
                r[4],
                date.fromisoformat(r[5]),
                r[6],
                r[7],
                bool(r[8]),
                r[9],
            )
            for r in rows
        ]
        return sorted(found, key=lambda t: (t.contact, t.date, t.path, t.line))

    def last_touches(self, today: date) -> dict[str, tuple[date | None, date | None]]:
        """Per contact path: the last interaction on or before today, and the
        last one in person."""
        rows = self.conn.execute(
            "SELECT f.path, x.last, x.in_person FROM (SELECT contact, MAX(date) AS last,"
            " MAX(CASE WHEN in_person THEN date END) AS in_person"
            f" FROM ({_TOUCHES.format(own='', resolved='')}) WHERE date <= ? GROUP BY contact) x"
            " JOIN files f ON f.id = x.contact",
            (today.isoformat(),),
        )
        return {r[0]: (_date(r[1]), _date(r[2])) for r in rows}

    def items(self, contact: str | None = None) -> list[OwnedItem]:
        """Personal items, asks and tasks, each with the contact it belongs to."""
        own, resolved, args = "", "", ()
        if contact:
            file = self._file_id(contact)
            own, resolved, args = "AND i.file = ?", "WHERE o.contact = ?", (file, file)
        columns = (
            "i.file, i.line, i.type, i.text, i.date, i.is_task, i.done, i.due, i.waiting,"
            " i.sensitive, i.in_section"
        )
        rows = self.conn.execute(
            f"SELECT i.file, {columns} FROM items i JOIN contacts c ON c.file = i.file WHERE 1 {own}"
            f" UNION ALL SELECT o.contact, {columns} FROM owners o JOIN items i ON i.id = o.item"
            f" {resolved}",
            args,
        )
        paths = self._paths()
        found = [
            OwnedItem(
                paths[r[0]],
                paths[r[1]],
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
            for r in rows
        ]
        return sorted(found, key=lambda i: (i.contact, i.path, i.line))

    def mentions(self, contact: str) -> list[OwnedMention]:
        rows = self.conn.execute(
            "SELECT f.path, m.line, m.date, m.text FROM mentioned x JOIN mentions m"
            " ON m.id = x.mention JOIN files f ON f.id = m.file WHERE x.contact = ?"
            " ORDER BY m.date, f.path, m.line",
            (self._file_id(contact),),
        )
        return [OwnedMention(contact, r[0], r[1], _date(r[2]), r[3]) for r in rows]

    def meetings(self) -> list[Meeting]:
        """Every meeting note, by date, with its attendees resolved to contacts."""
        people = self._people()
        paths = self._paths()
        rows = self.conn.execute(
            "SELECT f.path, f.name, f.date, m.attendees, i.kind FROM meetings m"
            " JOIN files f ON f.id = m.file"
            " LEFT JOIN interactions i ON i.file = m.file AND i.origin = 'meeting'"
            " ORDER BY f.date, f.path"
        )
        return [
            Meeting(
                path,
                title,
                date.fromisoformat(when),
                kind,
                tuple(paths[c] for c in people(json.loads(targets))),
            )
            for path, title, when, targets, kind in rows
        ]

    def linked_contacts(self, path: str) -> list[str]:
        """The contacts a note links to, in the order it links them, itself aside."""
        file = self._file_id(path)
        targets = [
            t
            for (t,) in self.conn.execute(
                "SELECT target FROM links WHERE file = ? ORDER BY line", (file,)
            )
        ]
        paths = self._paths()
        return [paths[c] for c in self._people()(targets) if c != file]

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
        paths = self._paths()
        found = []
        for file, line, target, status, matches in self.conn.execute(
            "SELECT DISTINCT file, line, target, status, matches FROM links"
            " WHERE status IN ('missing', 'ambiguous')"
        ):
            if status == "missing":
                text = f"link [[{target}]] leads to no note"
            else:
                could = sorted(paths[int(m)] for m in matches.split(","))
                text = f"link [[{target}]] could mean {' or '.join(could)}"
            found.append(Problem(paths[file], line, WARNING, text, target))
        return found

    def _duplicate_names(self) -> list[Problem]:
        found = []
        rows = self.conn.execute(
            "SELECT n.key, group_concat(DISTINCT f.path) FROM names n JOIN contacts c"
            " ON c.file = n.file JOIN files f ON f.id = n.file WHERE n.rank >= 1"
            " GROUP BY n.key HAVING COUNT(DISTINCT n.file) > 1"
        )
        for key, paths in rows:
            listed = sorted(paths.split(","))
            for path in listed:
                others = ", ".join(p for p in listed if p != path)
                found.append(
                    Problem(
                        path,
                        None,
                        WARNING,
                        f"another contact also answers to '{key}': {others}",
                        key,
                    )
                )
        stems = {key for (key,) in self.conn.execute("SELECT key FROM names WHERE rank = 1")}
        for (path,) in self.conn.execute(
            "SELECT f.path FROM contacts c JOIN files f ON f.id = c.file"
        ):
            original = _conflict_copy_of(note_stem(path))
            if original and name_key(original) in stems:
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
                "SELECT f.path, s.line, s.end_line, s.date, f.body FROM search"
                " JOIN sections s ON s.id = search.rowid JOIN files f ON f.id = s.file"
                " WHERE search MATCH ? ORDER BY search.rank, f.path, s.line LIMIT ?",
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

    def touches_between(self, start: date, end: date) -> list[Touch]:
        """Interactions dated from `start` to `end` (both included), each with
        the contact it was with; oldest first."""
        rows = self.conn.execute(
            "SELECT c.path, f.path, t.line, t.end_line, t.date, t.title, t.kind, t.in_person,"
            f" t.origin FROM ({_TOUCHES.format(own='', resolved='')}) t"
            " JOIN files c ON c.id = t.contact JOIN files f ON f.id = t.file"
            " WHERE t.date BETWEEN ? AND ? ORDER BY t.date, c.path, f.path, t.line",
            (start.isoformat(), end.isoformat()),
        )
        return [
            Touch(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), r[5], r[6], bool(r[7]), r[8])
            for r in rows
        ]

    def touch_days(self, start: date, end: date) -> dict[str, dict[date, bool]]:
        """Per contact path: each day from `start` to `end` with an interaction,
        and whether one that day was in person (touches count once a day)."""
        rows = self.conn.execute(
            "SELECT c.path, t.date, MAX(t.in_person)"
            f" FROM ({_TOUCHES.format(own='', resolved='')}) t JOIN files c ON c.id = t.contact"
            " WHERE t.date BETWEEN ? AND ? GROUP BY t.contact, t.date",
            (start.isoformat(), end.isoformat()),
        )
        days: dict[str, dict[date, bool]] = {}
        for path, when, in_person in rows:
            days.setdefault(path, {})[date.fromisoformat(when)] = bool(in_person)
        return days

    def open_items(self) -> list[OwnedItem]:
        """Open tasks and personal items, each with its contact: items() without
        asks and done tasks, for reading the whole vault at once."""
        columns = (
            "f.path, i.line, i.type, i.text, i.date, i.is_task, i.done, i.due, i.waiting,"
            " i.sensitive, i.in_section"
        )
        wanted = "((i.is_task AND NOT i.done) OR i.type = 'personal')"
        rows = self.conn.execute(
            f"SELECT f.path, {columns} FROM items i JOIN contacts c ON c.file = i.file"
            f" JOIN files f ON f.id = i.file WHERE {wanted}"
            f" UNION ALL SELECT o_f.path, {columns} FROM owners o JOIN items i ON i.id = o.item"
            f" JOIN files f ON f.id = i.file JOIN files o_f ON o_f.id = o.contact WHERE {wanted}"
            " ORDER BY 1, 2, 3"
        )
        return [
            OwnedItem(
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
            for r in rows
        ]


class _Batch:
    """Rows from many files, written with one executemany per table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.pending: list[tuple[int, FileRows]] = []
        self.next_id = {
            table: (conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] or 0) + 1
            for table in ("files", "interactions", "items", "mentions", "sections")
        }

    def add(self, rows: FileRows, file: int | None = None) -> int:
        """Queue a file's rows under its id (a new one unless given); return the id."""
        if file is None:
            file = self.next_id["files"]
            self.next_id["files"] += 1
        self.pending.append((file, rows))
        if len(self.pending) >= BATCH:
            self.flush()
        return file

    def _numbered(self, table: str, rows: list[tuple]) -> list[tuple]:
        start = self.next_id[table]
        self.next_id[table] = start + len(rows)
        return [(start + n, *row) for n, row in enumerate(rows)]

    def flush(self) -> None:
        if not self.pending:
            return
        pending, conn = self.pending, self.conn
        self.pending = []
        conn.executemany(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    file,
                    f.path,
                    f.size,
                    f.mtime_ns,
                    f.digest,
                    f.kind,
                    f.name,
                    f.date,
                    int(f.failed),
                    int(f.conflicted),
                    f.body,
                )
                for file, f in pending
            ],
        )
        conn.executemany(
            "INSERT INTO contacts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(file, *f.contact) for file, f in pending if f.contact],
        )
        conn.executemany(
            "INSERT INTO names VALUES (?, ?, ?)",
            [(key, file, rank) for file, f in pending for key, rank in f.names],
        )
        conn.executemany(
            "INSERT INTO meetings VALUES (?, ?)",
            [(file, f.attendees) for file, f in pending if f.attendees is not None],
        )
        conn.executemany(
            "INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?)",
            [(file, *p) for file, f in pending for p in f.problems],
        )
        conn.executemany(
            "INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)",
            [(file, *row, name_key(row[1])) for file, f in pending for row in f.links],
        )
        for table, width in (("interactions", 10), ("items", 13), ("mentions", 6)):
            rows = self._numbered(
                table, [(file, *row) for file, f in pending for row in getattr(f, table)]
            )
            conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * width)})", rows)
        sections = self._numbered(
            "sections", [(file, *row) for file, f in pending for row in f.sections]
        )
        conn.executemany("INSERT INTO sections VALUES (?, ?, ?, ?, ?)", sections)
        texts = [text for _, f in pending for text in f.texts]
        conn.executemany(
            "INSERT INTO search(rowid, text) VALUES (?, ?)",
            [(row[0], text) for row, text in zip(sections, texts)],
        )


class _Names:
    """Link targets → files, the way Obsidian resolves them. `everything`
    loads every name at once (a full pass); otherwise names are looked up key
    by key, which is what one changed note needs."""

    def __init__(self, conn: sqlite3.Connection, everything: bool) -> None:
        self.conn = conn
        self.complete = everything
        self.by_key: dict[str, dict[int, set[int]]] = {}
        if everything:
            for key, file, rank in conn.execute("SELECT key, file, rank FROM names"):
                self.by_key.setdefault(key, {}).setdefault(rank, set()).add(file)
        self.contacts = {row[0] for row in conn.execute("SELECT file FROM contacts")}

    def resolve(self, target: str) -> tuple[str, list[int]]:
        key = name_key(target)
        if key not in self.by_key and not self.complete:
            found: dict[int, set[int]] = {}
            for file, rank in self.conn.execute(
                "SELECT file, rank FROM names WHERE key = ?", (key,)
            ):
                found.setdefault(rank, set()).add(file)
            self.by_key[key] = found
        return _pick(self.by_key.get(key), "/" in target)

    def people(self, targets: list[str]) -> list[int]:
        found: list[int] = []
        for target in targets:
            status, matches = self.resolve(target)
            if status == "ok" and matches[0] in self.contacts and matches[0] not in found:
                found.append(matches[0])
        return found


def _chunks(values: list, size: int = 500) -> list[list]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


def _pick(candidates: dict[int, set[str]] | None, has_folder: bool) -> tuple[str, list[str]]:
    """Obsidian's order: a path, then a file name, then a contact's name, then an alias."""
    if not candidates:
        return "missing", []
    for rank in sorted(candidates):
        if rank == 0 and not has_folder:
            continue
        matches = sorted(candidates[rank])
        return ("ok" if len(matches) == 1 else "ambiguous"), matches
    return "missing", []


_CONFLICT_COPY = re.compile(r"(.+?)\s+(?:\([^)]*conflict[^)]*\)|\d)", re.IGNORECASE)


def _conflict_copy_of(stem: str) -> str | None:
    """`Ada (conflicted copy 2024-05-01)` or iCloud's `Ada 2` → `Ada`."""
    match = _CONFLICT_COPY.fullmatch(stem)
    return match.group(1) if match else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None

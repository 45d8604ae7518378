"""The SQLite index: a disposable cache of what every note says, and the
queries that hand the rest of netnotes model objects (models.py, and the
small records of results.py), never rows.

Opening it checks the file is netnotes' own (indexfile.py) and made for this
vault and these settings; anything else is rebuilt only when provably ours.
A sync (sync.py) brings it up to date; the tables come from schema.py, link
resolution from links.py.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from . import checkpoints
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
from .links import Names

if TYPE_CHECKING:
    from .linkcheck import LinkJudge, Listing
    from .sync import SyncReport
from .models import (
    ERROR,
    Contact,
    Hidden,
    Meeting,
    OwnedItem,
    OwnedMention,
    ParseContext,
    Problem,
    Touch,
)
from .results import (
    CONTACT_COLUMNS,
    OWNED_ITEM_COLUMNS,
    TOUCH_COLUMNS,
    GroupNote,
    LastTouch,
    LinkingLine,
    MeetingDay,
    MeetingGroups,
    MeetingNote,
    NoteCount,
    SearchHit,
    Shown,
    contact_of,
    date_or_none,
    owned_item_of,
    touch_of,
)
from .schema import SCHEMA_VERSION, chunks, marks, owned_items_sql, statements, touches_sql
from .vault import Vault, Walk

__all__ = ["SCHEMA_VERSION", "DatabaseFailure", "Index"]

BUSY_TIMEOUT_SECONDS = 30.0  # how long to wait for another process's write to the index
DatabaseFailure = sqlite3.Error  # for callers that must not import sqlite3 themselves


class Index:
    """One vault's index, open: made (or rebuilt) on opening when it is not
    current, brought up to date by sync(), read by the queries below."""

    def __init__(self, path: Path, vault: Vault, context: ParseContext, fingerprint: str) -> None:
        self.path = path
        self.vault = vault
        self.context = context
        self.fingerprint = fingerprint
        self.page_cache_kib: int | None = None  # SQLite's page cache, when not its default
        self.checkpoints_left = False  # to checkpoint(), not to SQLite's commits (the watcher's)
        self.conn = self._open(retry=True)
        self._listed: Listing | None = None  # the files no notes the last walk found

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
            if self.page_cache_kib is not None:  # kept across a rebuild of a damaged index
                conn.execute(f"PRAGMA cache_size = -{int(self.page_cache_kib)}")
            if self.checkpoints_left:  # (kept across a rebuild, as the cache)
                checkpoints.leave(conn)
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
        for statement in statements():
            conn.execute(statement)
        conn.execute("INSERT INTO meta VALUES ('config', ?)", (self.fingerprint,))
        conn.execute("INSERT INTO meta VALUES ('vault', ?)", (str(self.vault.root),))
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.conn.close()

    def leave_checkpoints(self) -> None:
        """The WAL checkpointed by `checkpoint` only (checkpoints.py says why)."""
        self.checkpoints_left = True
        checkpoints.leave(self.conn)

    def checkpoint(self) -> bool:
        return checkpoints.checkpoint(self.conn, self.path)

    def others_version(self) -> int:
        """A number that changes whenever another process commits to the index
        (SQLite's data_version): a sync then no longer sees all that changed
        since this one's last (a command run meanwhile indexed some notes)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # --- sync ------------------------------------------------------------

    def sync(
        self,
        full: bool = False,
        progress: Callable[[int, int], None] | None = None,
        paths: set[str] | None = None,
        walk: Walk | None = None,
    ) -> SyncReport:
        """Bring the index up to date with the vault; with `paths` (the watcher's
        hint), look only at those files instead of walking the whole vault;
        with `walk`, take that walk of the vault just made as its own.
        A damaged index (ours: it was checked on opening) is rebuilt; any
        other SQLite failure becomes one line that says what to do."""
        try:
            return self._sync(full, progress, paths, walk)
        except sqlite3.DatabaseError as err:
            if not is_damaged(err):
                raise index_error(self.path, err) from None
        self.conn.close()
        discard(self.path)
        self.conn = self._open(retry=False)
        try:
            report = self._sync(False, progress, paths)
            report.contacts = None  # rebuilt: everyone's facts are new
            return report
        except sqlite3.DatabaseError as err:
            raise index_error(self.path, err) from None

    def _sync(
        self,
        full: bool,
        progress: Callable[[int, int], None] | None,
        paths: set[str] | None,
        walk: Walk | None = None,
    ) -> SyncReport:
        if full:
            self.conn.execute("DELETE FROM meta")
        rebuilt = full or not self._current(self.conn)  # settings changed, or another process
        if rebuilt:
            self._create(self.conn)
        from .sync import SyncRun  # not for a command that only reads an index found current

        report = SyncRun(self.conn, self.vault, self.context).run(progress, paths, walk)
        others = report.others
        self._listed = None if others is None else lambda: others
        if rebuilt:
            report.contacts = None
        report.failed = [p for p in self.problems(resolved=False) if p.severity == ERROR]
        return report

    def fill_full_text(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Fill the full-text index, as the first search does (fulltext.py says why)."""
        from .fulltext import fill_once

        try:
            fill_once(self.conn, self.vault.root, progress)
        except sqlite3.DatabaseError as err:
            raise index_error(self.path, err) from None

    def _file_id(self, path: str) -> int:
        row = self.conn.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
        return row[0] if row else -1

    # --- queries ---------------------------------------------------------

    def contacts(self, details: bool = True) -> list[Contact]:
        """Every contact, sorted by name (case and accents aside), then path.
        `details=False` leaves `details` empty, for speed where it is not shown."""
        rows = self.conn.execute(
            f"SELECT c.sort_key, {CONTACT_COLUMNS}, {'d.details' if details else 'NULL'}"
            " FROM contacts c JOIN files f ON f.id = c.file"
            f"{' LEFT JOIN contact_details d ON d.file = c.file' if details else ''}"
        ).fetchall()
        rows.sort()  # by sort key, then path (unique): cheaper here than in SQL
        return [contact_of(r[1:]) for r in rows]

    def contact(self, path: str) -> Contact | None:
        """One contact, details included, or None when the path is no contact."""
        row = self.conn.execute(
            f"SELECT {CONTACT_COLUMNS}, d.details FROM contacts c JOIN files f ON f.id = c.file"
            " LEFT JOIN contact_details d ON d.file = c.file WHERE f.path = ?",
            (path,),
        ).fetchone()
        return contact_of(row) if row else None

    def meetings_answering(self, wanted: str) -> list[MeetingDay]:
        """(path, date) of the meeting notes whose title, path or file name
        folds (naming.lookup_key) to `wanted`, by date."""
        return [
            MeetingDay(path, date.fromisoformat(when))
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

    def note_count(self) -> NoteCount:
        """(notes, contacts) in the index, templates aside."""
        notes, contacts = self.conn.execute(
            "SELECT COUNT(*), COUNT(c.file) FROM files f LEFT JOIN contacts c ON c.file = f.id"
            " WHERE f.kind != 'template'"
        ).fetchone()
        return NoteCount(notes, contacts)

    def contact_count(self) -> int:
        """note_count's contacts (a template is never a contact), without
        reading every note: what a command asks before it hints."""
        return int(self.conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0])

    def contact_names(self, paths: set[str]) -> dict[str, str]:
        """The name of each of these paths that is a contact's note."""
        found: dict[str, str] = {}
        for chunk in chunks(sorted(paths)):
            found.update(
                self.conn.execute(
                    "SELECT f.path, c.name FROM files f JOIN contacts c ON c.file = f.id"
                    f" WHERE f.path IN ({marks(chunk)})",
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
            f"SELECT {TOUCH_COLUMNS} FROM ({touches_sql(own, resolved, plans_after)}) t"
            " JOIN files c ON c.id = t.contact JOIN files f ON f.id = t.file"
            " ORDER BY c.path, t.date, f.path, t.line",
            args,
        )
        return [touch_of(r) for r in rows]

    def last_touches(self, today: date, contact: str | None = None) -> dict[str, LastTouch]:
        """Per contact path: the last interaction on or before today, and the
        last one in person. `contact` (a path) narrows to one."""
        day = today.isoformat()
        one, args = self._one_contact(contact)
        found = {
            path: LastTouch(date_or_none(last), date_or_none(in_person))
            for path, last, in_person in self.conn.execute(
                "SELECT f.path, x.last, x.in_person FROM last_touch x"
                f" JOIN files f ON f.id = x.contact WHERE x.last <= ? {one}",
                (day, *args),
            )
        }
        found.update(self.last_touches_planned(today, contact))
        return found

    def last_touches_planned(self, today: date, contact: str | None = None) -> dict[str, LastTouch]:
        """last_touches() of the contacts whose latest touch is planned after
        today (last_touch holds that one): those read from their touch days."""
        day = today.isoformat()
        one, args = self._one_contact(contact)
        rows = self.conn.execute(
            "SELECT f.path, MAX(d.date), MAX(CASE WHEN d.in_person THEN d.date END)"
            " FROM last_touch x JOIN contact_days d ON d.contact = x.contact"
            f" JOIN files f ON f.id = x.contact WHERE x.last > ? AND d.date <= ? {one}"
            " GROUP BY x.contact",
            (day, day, *args),
        )
        return {r[0]: LastTouch(date_or_none(r[1]), date_or_none(r[2])) for r in rows}

    def _one_contact(self, contact: str | None) -> tuple[str, tuple[int, ...]]:
        """A clause narrowing last_touch (as x) to one contact's path, if given."""
        return ("AND x.contact = ?", (self._file_id(contact),)) if contact else ("", ())

    def items(self, contact: str | None = None) -> list[OwnedItem]:
        """Personal items, asks and tasks, each with the contact it belongs to."""
        args: tuple[int, ...]
        own, owned, args = "", "", ()
        if contact:
            file = self._file_id(contact)
            own, owned, args = "AND i.file = ?", "AND o.contact = ?", (file, file)
        rows = self.conn.execute(
            f"SELECT {OWNED_ITEM_COLUMNS} FROM ({owned_items_sql(own=own, owned=owned)}) x"
            " JOIN files c ON c.id = x.contact JOIN files f ON f.id = x.file"
            " ORDER BY c.path, f.path, x.line",
            args,
        )
        return [owned_item_of(r) for r in rows]

    def shown(self, path: str) -> Shown:
        """A note's opening text and its hidden ranges, as the parser found them."""
        row = self.conn.execute(
            "SELECT s.opening, s.hidden FROM shown s JOIN files f ON f.id = s.file WHERE f.path = ?",
            (path,),
        ).fetchone()
        if row is None:
            return Shown((), ())
        opening = tuple((line, text) for line, text in json.loads(row[0]))
        return Shown(opening, tuple(Hidden(*hidden) for hidden in json.loads(row[1])))

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
        return [OwnedMention(contact, r[0], r[1], date_or_none(r[2]), r[3]) for r in rows]

    def meeting_notes(self) -> list[MeetingNote]:
        """(path, title, date) of every meeting note, by date: meetings() without
        attendees, for finding one by name."""
        rows = self.conn.execute(
            "SELECT f.path, f.name, f.date FROM meetings m JOIN files f ON f.id = m.file"
            " ORDER BY f.date, f.path"
        )
        return [MeetingNote(path, title, date.fromisoformat(when)) for path, title, when in rows]

    def meeting_notes_on(self, day: date) -> list[MeetingNote]:
        """meeting_notes() of one day. `+f.path`: one scan of files, the day's
        rows sorted, beats walking every path in order (3x at 10k)."""
        rows = self.conn.execute(
            "SELECT f.path, f.name, f.date FROM files f JOIN meetings m ON m.file = f.id"
            " WHERE f.date = ? ORDER BY +f.path",
            (day.isoformat(),),
        )
        return [MeetingNote(path, title, date.fromisoformat(when)) for path, title, when in rows]

    def contact_groups(self) -> list[str]:
        """Every name in a contact's `groups:`, contact by contact in the
        order of contacts(): their groups without a Contact made for each."""
        rows = self.conn.execute(
            "SELECT c.groups_ FROM contacts c JOIN files f ON f.id = c.file"
            " WHERE c.groups_ IS NOT NULL AND c.groups_ != '' ORDER BY c.sort_key, f.path"
        )
        return [name for (packed,) in rows for name in packed.split("\x1f")]

    def meetings(self, paths: set[str] | None = None) -> list[Meeting]:
        """Every meeting note (or those at `paths`), by date, with its attendees
        resolved to contacts (as sync resolved them: its interaction's
        touches, in the note's order)."""
        if paths is not None:
            found_all: list[Meeting] = []
            for chunk in chunks(sorted(paths)):
                found_all += self._meetings(f"WHERE f.path IN ({marks(chunk)})", chunk)
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

    def group_notes(self) -> list[GroupNote]:
        """(path, name, frontmatter as written) of every group note, by path."""
        rows = self.conn.execute(
            "SELECT f.path, f.name, d.details FROM files f LEFT JOIN contact_details d"
            " ON d.file = f.id WHERE f.kind = 'group' ORDER BY +f.path"  # as meeting_notes_on
        )
        return [
            GroupNote(path, name, json.loads(details) if details else {})
            for path, name, details in rows
        ]

    def any_group_note(self, paths: set[str]) -> bool:
        """Whether any of `paths` is a group note (group_notes' kind), looked
        up by path: reading every group note scans every file's row."""
        for some in chunks(sorted(paths)):
            query = f"SELECT 1 FROM files WHERE kind = 'group' AND path IN ({marks(some)}) LIMIT 1"
            if self.conn.execute(query, some).fetchone() is not None:
                return True
        return False

    def keep_page_cache(self, kib: int) -> None:
        """SQLite's page cache held to `kib`, now and on any connection reopened."""
        self.page_cache_kib = kib
        self.conn.execute(f"PRAGMA cache_size = -{int(kib)}")

    def groups_answering(self, wanted: str) -> list[str]:
        """The group notes whose name, alias, file name or path folds to `wanted`."""
        return self.answering(wanted, "group")

    def meeting_groups(self) -> list[MeetingGroups]:
        """(path, date, `group:` targets) of every meeting note that names a group."""
        rows = self.conn.execute(
            "SELECT f.path, f.date, m.groups_ FROM meetings m JOIN files f ON f.id = m.file"
            " WHERE m.groups_ IS NOT NULL AND m.groups_ != '[]' ORDER BY f.date, f.path"
        )
        return [
            MeetingGroups(path, date.fromisoformat(when), tuple(json.loads(g)))
            for path, when, g in rows
        ]

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

    def lines_linking(self, contact: str) -> list[LinkingLine]:
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
            f" WHERE l.key IN ({marks(keys)}) AND l.fm = 0 AND l.file != ?"
            " ORDER BY f.path, l.line",
            (*keys, file),
        ).fetchall()
        people = Names(self.conn, everything=False).people
        found = dict.fromkeys(
            LinkingLine(path, line, date_or_none(when))
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
        people = [c for c in Names(self.conn, everything=False).people(targets) if c != file]
        paths = dict(
            self.conn.execute(f"SELECT id, path FROM files WHERE id IN ({marks(people)})", people)
        )
        return [paths[c] for c in people]

    def links_to(self, path: str) -> dict[str, set[str]]:
        """Every note with a link that leads to `path`, and the targets (as
        written) of those links: what `merge` rewrites."""
        file = self._file_id(path)
        rows = self.conn.execute(
            "SELECT DISTINCT f.path, l.target FROM links l JOIN files f ON f.id = l.file"
            " WHERE l.status IS NULL AND l.key IN (SELECT key FROM names WHERE file = ?)",
            (file,),
        ).fetchall()
        names = Names(self.conn, everything=False)
        found: dict[str, set[str]] = {}
        for where, target in rows:
            status, matches = names.resolve(target)
            if status == "ok" and matches[0] == file:
                found.setdefault(where, set()).add(target)
        return found

    def problems(
        self, resolved: bool = True, suggest: bool = True, judge: LinkJudge | None = None
    ) -> list[Problem]:
        """Everything that needs attention, by path and line. `resolved` adds
        what only the whole vault shows: links to no note, ambiguous links, two
        contacts answering to one name, sync-conflict copies. Without
        `suggest`, what a missing link may have meant waits for `suggested`
        (given the same `judge`, link_judge(), it walks the folders once)."""
        found = set(self._stored_problems())
        if not resolved:
            return sorted(found, key=_by_place)
        found.update(self._duplicate_names())
        # Link problems come one each, mostly in order, worded as no other
        # problem is: sorted after the others without being hashed for a set.
        return sorted([*found, *self._link_problems(suggest, judge)], key=_by_place)

    def _stored_problems(self) -> list[Problem]:
        """The problems the sync stored: the notes' own and the walk's."""
        rows = self.conn.execute(
            "SELECT path, line, severity, problem, detail FROM problems UNION"
            " SELECT path, line, severity, problem, detail FROM walk_problems"
        )
        return [Problem(*row) for row in rows]

    def first_problems(self, count: int, judge: LinkJudge) -> tuple[list[Problem], int, int]:
        """The first `count` of problems(suggest=False), errors first (as the
        digest lists them), with how many problems and errors there are in
        all, wording only the first link problems. Link problems are all
        warnings, and their words are no other problem's."""
        from .linkcheck import first_link_problems

        others = set(self._stored_problems()) | set(self._duplicate_names())
        links, linked = first_link_problems(self.conn, judge, count)
        found = sorted(others | set(links), key=_by_place)
        errors = [p for p in found if p.severity == ERROR]
        first = errors + [p for p in found if p.severity != ERROR]
        return first[:count], len(others) + linked, len(errors)

    def suggested(self, problems: list[Problem], judge: LinkJudge | None = None) -> list[Problem]:
        """These problems (of problems(suggest=False)) with what their missing
        links may have meant, as problems() words them."""
        from .linkcheck import suggested

        return suggested(self.conn, judge or self.link_judge(), problems)

    def _link_problems(self, suggest: bool, judge: LinkJudge | None) -> list[Problem]:
        from .linkcheck import link_problems

        return link_problems(self.conn, judge or self.link_judge(), suggest)

    def link_judge(self) -> LinkJudge:
        """A judge of missing links that reads the vault's folders when first
        asked: one for the problems and the suggestions of one digest. The
        first judge after a walk of the whole vault (a sync's, or walkcheck's
        child's: list_others) reads only the skipped folders: the walk listed
        the others' attachments (a later one, as a watcher's after a git
        merge, may find more: it walks again)."""
        from .linkcheck import LinkJudge

        vault, listed, self._listed = self.vault, self._listed, None
        return LinkJudge(vault.root, self.context, vault.skipped_dirs, listed)

    def list_others(self, listing: Listing) -> None:
        """What a walk of the whole vault made beside this index found that
        is no note (Walk.others), for the next link_judge: given when asked."""
        self._listed = listing

    def _duplicate_names(self) -> list[Problem]:
        """Likely duplicates and sync-conflict copies, as the last sync that
        wrote found them (duplicates.record_duplicates; not imported here)."""
        rows = self.conn.execute(
            "SELECT path, line, severity, problem, detail FROM duplicate_problems"
        )
        return [Problem(*row) for row in rows]

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Sections matching an FTS5 query, best first: (path, line, date, text)."""
        self.fill_full_text()
        try:
            rows = self.conn.execute(
                "SELECT f.path, s.line, s.end_line, s.date, b.body FROM search"
                " JOIN sections s ON s.id = search.rowid JOIN files f ON f.id = s.file"
                " JOIN bodies b ON b.file = s.file WHERE search MATCH ? ORDER BY search.rank, f.path, s.line LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as err:
            raise SearchQueryError(f"cannot search for {query!r}: {err}") from None
        from .fulltext import section_texts

        return [
            SearchHit(path, start, date_or_none(when), section_texts(body, [(start, end)])[0])
            for path, start, end, when, body in rows
        ]

    # --- whole-vault queries for the digest ---------------------------------

    def touches_between(self, start: date, end: date, plans: bool = False) -> list[Touch]:
        """Interactions dated from `start` to `end` (both included), each with
        the contact it was with; oldest first. `plans` adds the meetings daily
        notes plan in that time (ask only about days after today)."""
        after = start - timedelta(days=1) if plans else None
        rows = self.conn.execute(
            f"SELECT {TOUCH_COLUMNS} FROM ({touches_sql(plans_after=after)}) t"
            " JOIN files c ON c.id = t.contact JOIN files f ON f.id = t.file"
            " WHERE t.date BETWEEN ? AND ? ORDER BY t.date, c.path, f.path, t.line",
            (start.isoformat(), end.isoformat()),
        )
        return [touch_of(r) for r in rows]

    def days_noted_in(self, paths: Iterable[str], start: date) -> set[date]:
        """The days from `start` on that these notes date: a meeting note's
        own date, and every dated conversation or plan written in them."""
        chosen = sorted(paths)
        days: set[date] = set()
        for chunk in chunks(chosen):
            rows = self.conn.execute(
                f"SELECT f.date FROM files f WHERE f.path IN ({marks(chunk)}) AND f.date >= ?"
                " UNION SELECT i.date FROM interactions i JOIN files f ON f.id = i.file"
                f" WHERE f.path IN ({marks(chunk)}) AND i.date >= ?",
                (*chunk, start.isoformat(), *chunk, start.isoformat()),
            )
            days.update(date.fromisoformat(when) for (when,) in rows)
        return days

    def noting_on(self, day: date) -> dict[str, str]:
        """The contacts of touches_between(day, day, plans=True) that no
        meeting note makes, whose log or daily note notes that day: contact
        paths and names (contact_names). Those in their log or a daily
        note's line of that day are among the day's contact_days (one narrow
        scan, where interactions has no index by day); a daily note's plans
        are not, and are few."""
        return dict(self.conn.execute(_NOTING_ON, {"day": day.isoformat()}).fetchall())

    def touches_of(self, paths: set[str], end: date) -> list[Touch]:
        """touches() of a few contacts at once, up to `end` (included)."""
        found: list[Touch] = []
        for chunk in chunks(sorted(paths)):
            ids = f"(SELECT id FROM files WHERE path IN ({marks(chunk)}))"
            rows = self.conn.execute(
                f"SELECT {TOUCH_COLUMNS} FROM"
                f" ({touches_sql(f'AND i.file IN {ids}', f'AND t.contact IN {ids}')})"
                " t JOIN files c ON c.id = t.contact JOIN files f ON f.id = t.file"
                " WHERE t.date <= ? ORDER BY c.path, t.date, f.path, t.line",
                [*chunk, *chunk, end.isoformat()],
            )
            found += [touch_of(r) for r in rows]
        return found


# Index.noting_on: a contact's days that their own log or a daily note's line
# notes (not only a meeting note), and the contacts of daily notes' plans (the
# plans by interactions_plans, their touches by file: a touch's is its plan's).
_NOTING_ON = """
    SELECT c.path, p.name FROM contact_days d JOIN files c ON c.id = d.contact
      JOIN contacts p ON p.file = d.contact
     WHERE d.date = :day AND (
           EXISTS (SELECT 1 FROM interactions i
                    WHERE i.file = d.contact AND i.origin = 'contact' AND i.date = :day)
        OR EXISTS (SELECT 1 FROM touches t JOIN interactions i ON i.id = t.interaction
                    WHERE t.contact = d.contact AND i.origin = 'daily' AND i.date = :day))
    UNION
    SELECT c.path, p.name FROM interactions i CROSS JOIN touches t
        ON t.file = i.file AND t.interaction = i.id
      JOIN files c ON c.id = t.contact JOIN contacts p ON p.file = t.contact
     WHERE i.origin = 'plan' AND i.date = :day
"""


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


def _by_place(p: Problem) -> tuple[str, int, str, str]:
    """Problems by path and line, as check and the digest list them."""
    return (p.path, p.line or 0, p.severity, p.problem)

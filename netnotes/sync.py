"""One sync of the index with the vault: a diff of (path, size, mtime_ns)
between the folder and the index (`diff_vault`, pure), applied in one
transaction. Most syncs find nothing changed: then one digest of the walk
is compared with the one the last such sync stored (`_walk_unchanged`). A
file whose stat changed is hashed, and parsed only when its bytes changed
(here, or in two worker processes for many files); its rows are written in
batches; then links are resolved to contacts (links.py), so that meeting
notes and daily notes count for the people they name.

Once the full-text index is filled (on the first search: fulltext.py), a
sync keeps it up to date too; until then it leaves it out."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from . import fulltext, layout
from .coldload import (
    ATTRIBUTED,
    CHUNK,
    IN_FLIGHT,
    Parts,
    attributed_indexes,
    parse_worker_start,
    rollback_journal,
)
from .kept import never_waiting
from .lastwalk import FILES_KEY, WALK_KEY, StoredWalk, walk_vault
from .links import (
    Names,
    Tallied,
    attribute,
    count_folds,
    fill_last_touch,
    record_every_status,
    record_statuses,
    untally_file,
)
from .models import ParseContext, Problem
from .rowbatch import Batch
from .schema import (
    BY_FILE,
    INDEXES,
    MEMBERS_KEY,
    chunks,
    index_of,
    insert,
    marks,
)
from .vault import FileStat, Notes, Vault, Walk
from .walkdiff import IN_PATH_ORDER, changed_notes

if TYPE_CHECKING:
    from .rows import FileRows

PARALLEL_FROM = 2000  # files to parse before a second process is worth its start-up
FULL_PASS_FROM = 1000  # changed files from which links are resolved for the whole vault
MARK_EVERY_NOTE_FROM = 1000  # changed notes from which mark_files hashes every note's row

Stored = tuple[int, int, str, int]  # what the index holds of a file: size, mtime_ns, hash, id


@dataclass
class SyncReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[Problem] = field(default_factory=list)
    changed_paths: list[str] = field(default_factory=list)
    # The contacts (paths) whose facts the sync may have changed: those it
    # added, changed or removed, and those the changed notes' interactions,
    # items, mentions and links were or are with. None: everyone (a walk of
    # the whole vault, a name that links resolve by, a group note, many files).
    contacts: frozenset[str] | None = None
    # The files a walk of the whole vault found that are no notes (Walk.others);
    # None: no walk (the watcher's paths).
    others: list[str] | None = None


class VaultDiff(NamedTuple):
    todo: Collection[FileStat]  # added or with another size or mtime: to read, in the vault's order
    removed: list[str]  # in the index, no longer in the vault, sorted


def diff_vault(
    stats: Collection[FileStat], known: Mapping[str, Stored], paths: set[str] | None = None
) -> VaultDiff:
    """What a sync must look at: the notes found (`stats`) against what the
    index holds of them (`known`, by path). With `paths` (the watcher's hint)
    only those were looked at, so only those can have been removed."""
    if not known:  # an empty index: every note is added (and none copied, see Notes)
        return VaultDiff(stats, [])
    present = {s.path for s in stats}
    todo = [s for s in stats if known.get(s.path, (None, None))[:2] != (s.size, s.mtime_ns)]
    looked_at = known.keys() if paths is None else known.keys() & paths
    return VaultDiff(todo, sorted(looked_at - present))


class SyncRun:
    """One sync: its own state (what changed, whose last touch may have
    moved) lives here, not on the long-lived Index. The caller has checked
    the index is current; `run` leaves it matching the vault."""

    def __init__(self, conn: sqlite3.Connection, vault: Vault, context: ParseContext) -> None:
        self.conn = conn
        self.vault = vault
        self.context = context
        self.touched: set[int] = set()  # contacts whose touches or items a changed file held
        self.changes = _Changes()
        self.full_text = False  # whether the full-text index is filled, to keep it so
        self.concerned: set[str] | None = None  # see SyncReport.contacts; None: not kept
        self.parts: Parts | None = None  # a cold load's rows, parsed before the write lock
        # What the files _forget deleted counted in: their links with a problem
        # (link_tally), the folded keys of the contacts among them (CONTACT_FOLDS)
        self.untallied: Tallied = {}
        self.folded: set[str] = set()

    def run(
        self,
        progress: Callable[[int, int], None] | None,
        paths: set[str] | None,
        walk: Walk | None = None,
    ) -> SyncReport:
        """With `paths` (the watcher's hint), look only at those files instead
        of walking the whole vault; `walk`: one just made, to take as its own."""
        walk_problems: list[Problem] | None = None
        others: list[str] | None = None
        if paths is None:
            try:
                walk = walk_vault(self.vault, walk, self._cold_parts if self._may_load() else None)
                if self.parts is None:  # a walk made before, or too few notes
                    self._cold_parts(len(walk))
            except BaseException:
                self._close_parts()
                raise
            others = walk.others
            if self._walk_unchanged(walk):
                self._close_parts()
                return SyncReport(unchanged=len(walk), contacts=frozenset(), others=others)
            stats: Collection[FileStat] = Notes(walk)
            walk_problems = walk.problems
            del walk  # a whole vault's worth: memory grows with the vault
        else:
            stats = self.vault.stat_notes(paths)
            if self._paths_unchanged(stats, paths):
                return SyncReport(unchanged=len(stats), contacts=frozenset())
        self.concerned = None if paths is None else set()  # a walk's sync reports everyone
        conn, parts = self.conn, self.parts
        journal: AbstractContextManager = nullcontext()
        try:
            if parts is not None:
                parts.parse(stats, self.vault.root, self.context, progress)
                parts.attach(conn)  # refused inside a transaction
                journal = rollback_journal(conn)
            with journal:
                # BEGIN IMMEDIATE takes every attached file's write lock, and a
                # cold load's worker still writes into one (Parts.attach): the
                # first statement, a write, takes the index's alone.
                conn.execute("BEGIN IMMEDIATE" if parts is None else "BEGIN")
                try:
                    conn.execute("DELETE FROM meta WHERE key = ?", (WALK_KEY,))  # _walk_unchanged
                    report = self._apply(stats, walk_problems, progress, paths)
                    report.others = others
                    if report.added or report.changed or report.removed:
                        mark_files(conn, report.changed_paths)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:  # SQLite may have rolled back already (disk full)
                        conn.execute("ROLLBACK")
                    raise
        finally:
            if parts is not None:
                parts.close()
        return report

    def _may_load(self) -> bool:
        """Whether a walk's notes would go into an empty index by a cold load
        (Parts), if there are enough of them (_cold_parts)."""
        return not (
            threading.active_count() > 1
            or self.conn.execute("SELECT 1 FROM files LIMIT 1").fetchone()
            or fulltext.is_filled(self.conn)
        )

    def _cold_parts(self, notes: int) -> None:
        """A whole vault into an empty index: the parse workers write its rows
        into SQLite files of their own, which _apply copies in at C speed (no
        rows pickled back, none bound one by one here). They parse before the
        write lock, as they write nothing to the index; _apply uses their rows
        only if the index is still empty then. Started as soon as the walk
        has found enough notes (it calls this after each folder, once
        _may_load said yes), so that the workers import what parses notes
        while this process walks on, and do not inherit (and count in their
        memory) all this process holds after it."""
        if (
            self.parts is not None
            or notes < max(PARALLEL_FROM, FULL_PASS_FROM + 1)  # see _Changes.many
            or not self._may_load()
        ):
            return
        try:
            self.parts = Parts(self.conn)
        except OSError:  # no room for the workers' files: parse here, as for a few notes
            pass

    def _close_parts(self) -> None:
        if self.parts is not None:
            self.parts.close()
            self.parts = None

    def _walk_unchanged(self, walk: Walk) -> bool:
        """Whether the vault is as the index saw it last: the same notes with
        the same sizes and mtimes, the same odd entries. Mostly one string
        compared: the walk's digest, stored by the last sync that found the
        vault unchanged row by row (and forgotten by any sync that writes)."""
        version = self._data_version()  # before the reads: a write after them is seen
        stored = StoredWalk.read(self.conn)
        if stored.matches(walk):
            if stored.notes is None:  # stored before the count was: from now on with it
                self._store_digest(walk, version)
            return True
        if not (stored.same_problems(walk) and self._same_files(walk)):
            return False
        self._store_digest(walk, version)
        return True

    def _same_files(self, walk: Walk) -> bool:
        """The notes found against the index's rows, one by one."""
        if self.conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] != len(walk):
            return False
        return changed_notes(self.conn.execute(IN_PATH_ORDER), walk, 0) == set()

    def _store_digest(self, walk: Walk, version: int) -> None:
        """Store the walk's digest, unless another process wrote to the index
        since it was compared, is writing now (never waited for: the digest
        only saves the next sync time), or the index is read-only."""
        conn = self.conn
        with never_waiting(conn):
            try:
                conn.execute("BEGIN IMMEDIATE")
                if self._data_version() == version:
                    stored = (WALK_KEY, StoredWalk.value(walk))
                    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", stored)
                conn.execute("COMMIT")
            except sqlite3.OperationalError:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

    def _data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def _paths_unchanged(self, found: list[FileStat], paths: set[str]) -> bool:
        """Whether the watcher's paths are as the index saw them last."""
        rows: set[tuple[str, int, int]] = set()
        query = "SELECT path, size, mtime_ns FROM files"
        for chunk in chunks(sorted(paths)):
            rows.update(self.conn.execute(f"{query} WHERE path IN ({marks(chunk)})", chunk))
        return rows == set(found)

    def _known(self, paths: set[str] | None) -> dict[str, Stored]:
        query = "SELECT path, size, mtime_ns, hash, id FROM files"
        if paths is None:
            return {r[0]: r[1:] for r in self.conn.execute(query)}
        known: dict[str, Stored] = {}  # the watcher's few paths: never read the whole table
        for chunk in chunks(sorted(paths)):
            cursor = self.conn.execute(f"{query} WHERE path IN ({marks(chunk)})", chunk)
            known.update((r[0], r[1:]) for r in cursor)
        return known

    def _apply(
        self,
        stats: Collection[FileStat],
        walk_problems: list[Problem] | None,
        progress: Callable[[int, int], None] | None,
        paths: set[str] | None,
    ) -> SyncReport:
        conn, changes = self.conn, self.changes
        self.full_text = fulltext.is_filled(conn)
        known = self._known(paths)
        todo, removed = diff_vault(stats, known, paths)
        report = SyncReport(removed=len(removed), unchanged=len(stats) - len(todo))
        for path in removed:
            changes.add(*self._forget(known[path][3]), set(), False)
        for path in removed:
            conn.execute("DELETE FROM files WHERE path = ?", (path,))
        bulk = paths is None and not known and bool(todo)  # a whole vault into an empty index
        if bulk:
            self._bulk_load(start=True)
        if bulk and self.parts is not None and self.parts.todo is todo and not self.full_text:
            self.parts.load(conn)
            report.added = len(todo)
            report.changed_paths = [stat.path for stat in todo]
            changes.many(len(todo))
        else:
            self._write(todo, known, progress, report)
        if bulk:
            self._bulk_load(start=False)
        if walk_problems is not None:
            conn.execute("DELETE FROM walk_problems")
            conn.executemany(
                insert("walk_problems", layout.PROBLEMS[1:]),
                [(p.path, p.line, p.severity, p.problem, p.detail) for p in walk_problems],
            )
        if not bulk:  # else the walk's notes, none removed: in path order already (Notes)
            report.changed_paths = sorted(set(report.changed_paths) | set(removed))
        rekeyed = self._resolve()
        if bulk:
            self._attributed_indexes()
        if changes.may_move_duplicates():
            from .duplicates import record_duplicates  # only when something changed

            record_duplicates(conn)
        if self.concerned is not None and not rekeyed and not self.changes.everything:
            self._concern(self._new_ids(report.changed_paths))  # whom their rows are about now
            # (None again when a row written names a group: everyone)
            report.contacts = None if self.concerned is None else frozenset(self.concerned)
        return report

    def _write(
        self,
        todo: Collection[FileStat],
        known: dict[str, Stored],
        progress: Callable[[int, int], None] | None,
        report: SyncReport,
    ) -> None:
        """Read each file to look at and write its rows in place of its old ones."""
        conn, changes = self.conn, self.changes
        batch = Batch(conn)
        for count, (stat, rows) in enumerate(zip(todo, self._parsed(todo, known)), 1):
            if progress:
                progress(count, len(todo))
            if rows.kind == layout.UNCHANGED:
                conn.execute(
                    "UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?",
                    (rows.size, rows.mtime_ns, rows.file),
                )
                report.unchanged += 1
                continue
            if rows.path not in known:
                report.added += 1
                changes.add(rows.file, set(), False, rows.name_keys, rows.is_contact)
            else:
                report.changed += 1
                before = self._duplicate_inputs(rows.file)
                changes.add(*self._forget(rows.file), rows.name_keys, rows.is_contact)
                changes.identities_moved |= before != _duplicate_inputs(rows)
                conn.execute("DELETE FROM files WHERE id = ?", (rows.file,))
            batch.add(rows)
            report.changed_paths.append(stat.path)  # not rows.path: a copy from the worker
        batch.flush()

    def _resolve(self) -> bool:
        """Resolve links again where what changed can have moved them: for the
        whole vault past FULL_PASS_FROM changed files, else around those files.
        True when links anywhere may now lead elsewhere."""
        conn, changes = self.conn, self.changes
        if changes.everything:
            # Links and names only: done while a cold load's worker still attributes.
            record_every_status(conn)
            count_folds(conn, None)
            if self.parts is None or not self.parts.attributions(conn):
                attribute(conn, None, Names(conn, everything=True))
                self._last_touch(None)
            else:  # and the last touches, found by the worker too
                self._every_member_read_again()
            return True
        if changes.count:
            changed = {file for file, *_ in changes.details}
            diffs = changes.diffs()
            rekey = self._rekey(diffs)
            names = Names(conn, everything=rekey)
            touched = attribute(conn, None if rekey else changed, names)
            touched |= self._owners(changed)  # their latest sharing may change
            keys = {key for _, _, diff in diffs for key, _ in diff}
            record_statuses(conn, changed, keys, names, self.untallied)
            count_folds(conn, changed, self.folded)
            self._last_touch(None if rekey else changed | touched | self.touched)
            return rekey
        return False

    def _owners(self, files: set[int]) -> set[int]:
        """The contacts owning items of these (non-contact) notes."""
        found: set[int] = set()
        for chunk in chunks(sorted(files)):
            query = f"SELECT contact FROM owners WHERE file IN ({marks(chunk)})"
            found.update(c for (c,) in self.conn.execute(query, chunk))
        return found

    def _new_ids(self, paths: list[str]) -> list[int]:
        found: list[int] = []
        for chunk in chunks(paths):
            query = f"SELECT id FROM files WHERE path IN ({marks(chunk)})"
            found += [r[0] for r in self.conn.execute(query, chunk)]
        return found

    def _concern(self, files: list[int]) -> None:
        """Add to `self.concerned` the contacts these files are, and those
        their interactions, items, mentions and links are with (any contact
        a link's name can lead to: more than needed is only slower). A group's
        note or meeting concerns its members and the groups' rows: everyone."""
        if self.concerned is None or not files:
            return
        for chunk in chunks(sorted(set(files))):
            among = f"IN ({marks(chunk)})"
            if self.conn.execute(  # a group's note, or a meeting of a group
                f"SELECT 1 FROM files WHERE id {among} AND kind = 'group' UNION SELECT 1"
                f" FROM meetings WHERE file {among} AND groups_ IS NOT NULL AND groups_ != '[]'",
                chunk * 2,
            ).fetchone():
                self.concerned = None
                return
            rows = self.conn.execute(
                f"SELECT path FROM files WHERE id IN (SELECT file FROM contacts WHERE file {among}"
                f" UNION SELECT contact FROM touches WHERE file {among}"
                f" UNION SELECT contact FROM owners WHERE file {among}"
                f" UNION SELECT contact FROM mentioned WHERE file {among}"
                " UNION SELECT n.file FROM links l JOIN names n ON n.key = l.key"
                f" JOIN contacts c ON c.file = n.file WHERE l.file {among})",
                chunk * 5,
            )
            self.concerned.update(r[0] for r in rows)

    def _bulk_load(self, start: bool) -> None:
        """Loading a whole vault: secondary indexes are built once at the end,
        and full-text segments (when filled) merged then, which beats keeping
        both up to date row by row. The tables the link pass fills get theirs
        after it (_attributed_indexes)."""
        conn = self.conn
        for statement in INDEXES:
            name, table = index_of(statement)
            if start:
                conn.execute(f"DROP INDEX IF EXISTS {name}")
            elif table not in ATTRIBUTED:  # after the link pass (_attributed_indexes)
                conn.execute(statement)
        if self.full_text:
            automerge = 0 if start else 4  # 4: FTS5's default
            conn.execute("INSERT INTO search(search, rank) VALUES ('automerge', ?)", (automerge,))

    def _attributed_indexes(self) -> None:
        """After a whole vault's link pass: the indexes of what it attributed
        (built on 64,000 rows at 10,000 contacts once, not kept up row by row),
        unless copied in with its rows (Parts.attributions)."""
        for statement in attributed_indexes():
            self.conn.execute(statement)

    def _parsed(self, todo: Collection[FileStat], known: dict[str, Stored]) -> Iterator[FileRows]:
        """Each file to look at, read and parsed with the id its rows will
        have: here, or in two worker processes when there are many (the parser
        needs yaml, imported only now). At most IN_FLIGHT chunks are parsed
        ahead of the writer, so memory stays flat however big the vault."""
        import multiprocessing
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor

        from .rows import read_file, read_files

        root, context, full_text = self.vault.root, self.context, self.full_text
        jobs = self._jobs(todo, known)
        if len(todo) < PARALLEL_FROM or threading.active_count() > 1:
            for path, size, mtime_ns, digest, file in jobs:
                yield read_file(root, path, size, mtime_ns, context, digest, file, full_text)
            return
        # fork is cheap and safe here: this process has no other threads.
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(2, mp_context=fork, initializer=parse_worker_start) as pool:
            pending: deque = deque()
            for chunk in iter(lambda: list(islice(jobs, CHUNK)), []):
                pending.append(pool.submit(read_files, root, context, chunk, full_text))
                if len(pending) >= IN_FLIGHT:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()

    def _jobs(self, todo: Collection[FileStat], known: dict[str, Stored]) -> Iterator[tuple]:
        """(path, size, mtime_ns, known hash, id) of each file to read, made as
        they are needed: a new file gets the next free id."""
        next_id = (self.conn.execute("SELECT MAX(id) FROM files").fetchone()[0] or 0) + 1
        for stat in todo:
            _, _, digest, file = known.get(stat.path, (None, None, None, None))
            if file is None:
                file, next_id = next_id, next_id + 1
            yield (stat.path, stat.size, stat.mtime_ns, digest, file)

    def _duplicate_inputs(self, file: int) -> tuple:
        """What duplicates.record_duplicates reads of a file, as the index holds
        it: its contact's name, aliases, company and copy_of, and its identity
        keys (compared with _duplicate_inputs of its new rows)."""
        contact = self.conn.execute(
            "SELECT name, aliases, company, copy_of FROM contacts WHERE file = ?", (file,)
        ).fetchone()
        keys = self.conn.execute("SELECT key FROM identities WHERE file = ? ORDER BY key", (file,))
        return (tuple(contact) if contact else None, tuple(k for (k,) in keys))

    def _forget(self, file: int) -> tuple[int, set[tuple[str, int]], bool]:
        """Delete a file's rows but its `files` row; return what it answered to,
        and whether it was a contact. Whom its interactions were with, and
        whose its items were, go into `self.touched`: their last touch and
        latest sharing (the digest's table member) may change."""
        conn = self.conn
        self._concern([file])  # whom its rows were about, before they go
        keys = set(conn.execute("SELECT key, rank FROM names WHERE file = ?", (file,)))
        self.touched.update(
            c
            for (c,) in conn.execute(
                "SELECT contact FROM touches WHERE file = ? UNION SELECT contact FROM owners"
                " WHERE file = ?",
                (file, file),
            )
        )
        was_contact = conn.execute("SELECT 1 FROM contacts WHERE file = ?", (file,)).fetchone()
        untally_file(conn, file, self.untallied)
        if was_contact:
            folds = conn.execute("SELECT key FROM folds WHERE file = ?", (file,))
            self.folded.update(key for (key,) in folds)
        if self.full_text:
            fulltext.forget(conn, file)
        for table in BY_FILE:
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
                    f" WHERE n.key IN ({marks(keys)}) LIMIT 1",
                    keys,
                ).fetchone()
            ):
                return True
        return False

    def _last_touch(self, contacts: set[int] | None) -> None:
        """Store each contact's days with a touch (contact_days: the digest
        counts them, groups.met_alone reads them) and from them its latest touch and
        latest one in person, planned ones included: last_touches() reads
        these instead of going through every interaction, and looks again
        only at the contacts with one planned after its today. `contacts`
        limits it to those, and marks them for the digest's table of members
        to read again (member_dirty); None: every member is read again."""
        conn = self.conn
        if contacts is None:
            conn.execute("DELETE FROM contact_days")
            conn.execute("DELETE FROM last_touch")
            self._every_member_read_again()
            parts: list[list[int]] = [[]]
        else:
            parts = chunks(sorted(contacts))
            conn.executemany(  # read again by the next digest (digest_members)
                "INSERT OR IGNORE INTO member_dirty VALUES (?)", ((c,) for c in contacts)
            )
        for chunk in parts:
            if contacts is not None:
                for table in ("contact_days", "last_touch"):
                    conn.execute(f"DELETE FROM {table} WHERE contact IN ({marks(chunk)})", chunk)
            fill_last_touch(conn, None if contacts is None else chunk)

    def _every_member_read_again(self) -> None:
        """The digest's table of members read again whole by the next digest."""
        self.conn.execute("DELETE FROM meta WHERE key = ?", (MEMBERS_KEY,))


class _Changes:
    """The files a sync added, changed or removed, with the names each answered
    to before and after and whether it was or is a contact — or, past
    FULL_PASS_FROM of them, only how many: then the whole vault is resolved
    again at once, which beats looking up what each one touched."""

    def __init__(self) -> None:
        self.count = 0
        self.details: list[tuple[int, set, bool, set, bool]] = []
        self.identities_moved = False  # a changed contact's _duplicate_inputs moved

    @property
    def everything(self) -> bool:
        return self.count > FULL_PASS_FROM

    def add(self, file: int, old_keys: set, was_contact: bool, new_keys: set, is_contact: bool):
        self.count += 1
        if self.everything:
            self.details = []  # no longer needed, and a whole vault's worth is 25 MB
        else:
            self.details.append((file, old_keys, was_contact, new_keys, is_contact))

    def many(self, count: int) -> None:
        """`count` files added at once, past FULL_PASS_FROM: only how many is kept."""
        self.count += count
        self.details = []

    def may_move_duplicates(self) -> bool:
        """Whether duplicates.record_duplicates may find others now: a contact
        added or removed, what it reads of a contact changed, or a file's names
        changed (a sync-conflict copy is one of a file name). Not after edits
        that leave all that alone: a new log entry, another note's lines."""
        if self.everything or len(self.details) != self.count:  # not known file by file
            return self.count > 0
        moved = any(was != now or old != new for _, old, was, new, now in self.details)
        return moved or self.identities_moved

    def diffs(self) -> list[tuple[int, bool, set]]:
        """Per file whose names changed: (id, was or is a contact, the (key,
        rank) pairs it gained or lost)."""
        return [
            (file, was or now, old ^ new) for file, old, was, new, now in self.details if old != new
        ]


def mark_files(conn: sqlite3.Connection, changed: list[str]) -> None:
    """In the transaction that added, changed or removed the notes at
    `changed`: the token standing for every note's path and content
    (lastwalk.FILES_KEY, read by sheetstamp.index_part) becomes a hash of
    the last one and of those notes' paths and content hashes now (of every
    note, when many changed). From an empty index on, one token is one
    state of the notes, and the same syncs give the same token."""
    stored = conn.execute("SELECT value FROM meta WHERE key = ?", (FILES_KEY,)).fetchone()
    digest = hashlib.sha256(b"" if stored is None else stored[0].encode("ascii"))
    if len(changed) > MARK_EVERY_NOTE_FROM:
        rows: Iterator[tuple[str, str | None]] = conn.execute(
            "SELECT path, hash FROM files ORDER BY path"
        )
        digest.update(b"every note")
    else:
        wanted = sorted(set(changed))
        found: dict[str, str | None] = {}
        for chunk in chunks(wanted):
            found.update(
                conn.execute(f"SELECT path, hash FROM files WHERE path IN ({marks(chunk)})", chunk)
            )
        rows = ((path, found.get(path, "-")) for path in wanted)  # "-": removed
    for path, hashed in rows:
        line = f"{path}\0{hashed or ''}".encode("utf-8", "surrogateescape")
        digest.update(len(line).to_bytes(8, "big") + line)
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (FILES_KEY, digest.hexdigest()))


_DUPLICATE_COLUMNS = tuple(
    layout.CONTACTS.index(c) for c in ("name", "aliases", "company", "copy_of")
)


def _duplicate_inputs(rows: FileRows) -> tuple:
    """SyncRun._duplicate_inputs of a file's new rows, before they are written."""
    contact = tuple(rows.contact[n] for n in _DUPLICATE_COLUMNS) if rows.contact else None
    return (contact, tuple(sorted(key for key, _ in rows.identities)))

"""A cold load: a whole vault parsed into an empty index by two worker
processes, each writing its rows into a SQLite file of its own beside the
index, then copied in by rowid runs (no rows pickled back). Whose each
interaction, item and mention is (links.attribute) is then worked out by a
worker from those files while this process copies them in and builds the
indexes: the two cores busy where one was. Also what every parse worker
shares: how it starts and how much it takes at a time."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING

from .kept import never_waiting
from .links import Names, attribute, fill_last_touch
from .rowbatch import BATCH_TABLES, Batch
from .schema import INDEXES, TABLES, TOUCHED_COLUMNS, create_table, index_of

if TYPE_CHECKING:
    from concurrent.futures import Future
    from pathlib import Path

    from .models import ParseContext
    from .vault import FileStat

CHUNK = 64  # files a parse worker reads at a time
IN_FLIGHT = 8  # chunks parsed ahead of the writer at most
BIG_CHUNK = 4  # a cold load's chunks: up to this many times CHUNK while many are left
LOAD_PREFIX = ".netnotes-load-"  # then the loading process's id
_PARENT_CHECK_SECONDS = 0.5  # how soon a parse worker sees it was left alone
# What links.attribute writes (each column a file, item or contact id).
ATTRIBUTED = ("touches", "owners", "mentioned")
# What the attributing worker writes besides, from those (links.fill_last_touch).
_LAST_TOUCHES = ("contact_days", "last_touch")
# What they read: the columns the attributing worker copies from the parts
# (the first of each table its key), and of items only the rows it reads
# (not a contact's own: their items are their own).
_ATTRIBUTION_INPUTS = {
    "files": ("id", "path"),
    "contacts": ("file", "name", "aliases"),
    "meetings": ("file", "attendees"),
    "names": ("key", "file", "rank"),
    "links": ("key",),
    "interactions": ("id", "targets", *TOUCHED_COLUMNS.split(", ")[1:]),
    "items": ("id", "file", "targets", "owners", "text", "sensitive"),
    "mentions": ("id", "file", "targets"),
}
_ATTRIBUTION_ROWS = {"items": "file NOT IN (SELECT file FROM {part}.contacts)"}
_NUMBERED = ("interactions", "items", "mentions")  # ids the index gives in the vault's order
_ATTRIBUTED_FILE, _ATTRIBUTED_SCHEMA = "attributed.db", "attributed"  # the worker's ATTRIBUTED rows


def remove_abandoned(folder: str) -> None:
    """Delete the part folders of cold loads whose process is gone (killed
    before it could clean up): each can be as big as the index."""
    for name in os.listdir(folder):
        pid = name[len(LOAD_PREFIX) :].split("-", 1)[0]
        if not name.startswith(LOAD_PREFIX) or not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            import shutil  # a cold load's: most commands never import it

            shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
        except OSError:
            pass  # alive, as another user: not ours to judge


def parse_worker_start() -> None:
    """A parse worker's garbage collector leaves alone what it inherited (never
    freed here) and runs less often: parsing makes many short-lived objects
    and few cycles, and the collections cost ~6% of its CPU. And the worker
    leaves when the process that started it is gone (killed: the pool's own
    goodbye never comes, and a forked worker would wait for work for good).
    It imports what parses notes at once: a cold load starts its workers
    while it walks on (SyncRun._cold_parts), and they import meanwhile."""
    import gc
    import threading

    from . import rows  # noqa: F401  (frozen with the rest below)

    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    # A None bound is looked up as an adaptable object first (~3,000
    # instructions, raising and clearing an AttributeError each time): one
    # adapter for it makes that one call. The worker's own, like its gc.
    sqlite3.register_adapter(type(None), _as_it_is)
    threading.Thread(target=_leave_with, args=(os.getppid(),), daemon=True).start()


def _as_it_is(value: None) -> None:
    return value


def _leave_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK_SECONDS)
    os._exit(1)


_OWN_PART: dict[str, sqlite3.Connection] = {}  # in a parse worker: its part file, by folder


class Parts:
    """A cold load's rows, written by the parse workers into SQLite files of
    their own (one per worker, in a temporary folder beside the index), then
    copied into the index in file order: the same rows with the same ids as
    writing them here one file after another."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.todo: Collection[FileStat] = []
        index_file = next(
            (r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), ""
        )
        import tempfile  # only a cold load's: most commands never import it

        beside = os.path.dirname(index_file) or tempfile.gettempdir()
        remove_abandoned(beside)
        self.folder = tempfile.mkdtemp(prefix=f"{LOAD_PREFIX}{os.getpid()}-", dir=beside)
        self.attached: dict[str, str] = {}  # part file name -> its schema name once attached
        self.attached_to: sqlite3.Connection | None = None  # the index, once attach() ran
        # Runs of consecutive chunks written into one part, in the vault's
        # order: (part, each table's rowid before the run, after the run).
        self.runs: list[tuple[str, tuple[int, ...], tuple[int, ...]]] = []
        self.last_rows: dict[str, tuple[int, ...]] = {}
        self.done = 0
        self.loaded = False  # whether load() copied the parts into the index
        self.attributing: Future | None = None  # the worker's attribute() of the parts
        # fork is cheap and safe now: this process has no other threads yet.
        fork = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(2, mp_context=fork, initializer=parse_worker_start)
        self.pool.submit(os.getpid)  # forks both workers now, while this process is small

    def parse(
        self,
        todo: Collection[FileStat],
        root: Path,
        context: ParseContext,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        """Each note parsed and written by one of two worker processes, ids
        given in the vault's order (the index is empty: 1, 2, …)."""
        from collections import deque

        self.todo = todo
        jobs = ((stat.path, stat.size, stat.mtime_ns, None, n) for n, stat in enumerate(todo, 1))
        pool = self.pool
        pending: deque = deque()
        for chunk in _chunks(jobs, len(todo)):
            pending.append(pool.submit(_parse_into_part, self.folder, root, context, chunk))
            while pending and (len(pending) >= IN_FLIGHT or pending[0].done()):
                self._done(pending.popleft().result(), progress)
        while pending:
            self._done(pending.popleft().result(), progress)

    def _done(
        self, written: tuple[str, int, tuple[int, ...]], progress: Callable[[int, int], None] | None
    ) -> None:
        """A chunk of `count` files written into `part`, whose tables' last
        rowids are now `last_rows`: where its rows are, to copy them in the
        vault's order."""
        part, count, last_rows = written
        first_rows = self.last_rows.get(part, (0,) * len(last_rows))
        self.last_rows[part] = last_rows
        if self.runs and self.runs[-1][0] == part:  # it follows its part's previous chunk
            first_rows = self.runs.pop()[1]
        self.runs.append((part, first_rows, last_rows))
        if progress:
            for n in range(self.done + 1, self.done + count + 1):
                progress(n, len(self.todo))
        self.done += count

    def _part_names(self) -> dict[str, str]:
        """Each part file's schema name once attached."""
        return {part: f"part{n}" for n, part in enumerate(sorted(self.last_rows))}

    def attach(self, conn: sqlite3.Connection) -> None:
        """The parts attached to the index, and the file the attributions will
        be in, made with its tables first: SQLite reads an attached file's
        tables as it attaches it, and an index in a transaction cannot attach
        one. Then one worker starts attributing the parts' rows (attributions)."""
        self.attached_to = conn
        self.attached = self._part_names()
        for part, name in self.attached.items():
            conn.execute(f"ATTACH DATABASE ? AS {name}", (os.path.join(self.folder, part),))
        attributed = os.path.join(self.folder, _ATTRIBUTED_FILE)
        try:
            made = sqlite3.connect(attributed, isolation_level=None)
            try:
                for table in (*ATTRIBUTED, *_LAST_TOUCHES):
                    made.execute(create_table(table))
            finally:
                made.close()
            conn.execute(f"ATTACH DATABASE ? AS {_ATTRIBUTED_SCHEMA}", (attributed,))
        except (sqlite3.Error, OSError):  # no room, say: attribute() runs here (attributions)
            return
        self.attributing = self.pool.submit(_attribute_parts, self.folder, self.attached, self.runs)

    def load(self, conn: sqlite3.Connection) -> None:
        """Copy every part's rows into the (empty) index run by run, each in
        the order written: the vault's order, so that the index numbers
        interactions, items, mentions and sections as it would have one
        file after another."""
        copy_runs(conn, self.attached, self.runs, BATCH_TABLES)
        self.loaded = True

    def attributions(self, conn: sqlite3.Connection) -> bool:
        """Write into the index the rows links.attribute writes, and the
        last touches from them (links.fill_last_touch), as the worker found
        them on the parts (the same rows with the same ids as the index now
        holds, load() having copied them in): whether it did. Not when load()
        did not run, nor when the worker could not (no room for its file,
        say): then attribute() runs here, and the last touches are found here."""
        if not self.loaded or self.attributing is None:
            return False
        try:
            self.attributing.result()
            # Into tables empty and indexed as the worker's: SQLite copies the
            # rows and their indexes' entries as they are (its "transfer"),
            # ~640,000 rows at 100,000 contacts, none sorted again here.
            for statement in attributed_indexes():
                conn.execute(statement)
            for table in (*ATTRIBUTED, *_LAST_TOUCHES):
                conn.execute(f"INSERT INTO main.{table} SELECT * FROM {_ATTRIBUTED_SCHEMA}.{table}")
        except (sqlite3.Error, OSError):
            return False  # attribute() clears what was written before it fails here too
        finally:
            self.pool.shutdown()  # the workers' last task
        return True

    def close(self) -> None:
        """Detach the parts (after the sync's transaction) and delete them."""
        self.pool.shutdown(cancel_futures=True)
        conn = self.attached_to
        if conn is not None and not conn.in_transaction:
            attributing = [_ATTRIBUTED_SCHEMA] if self.attributing is not None else []
            for name in (*self.attached.values(), *attributing):  # what attach() attached
                conn.execute(f"DETACH DATABASE {name}")
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


def _chunks(jobs: Iterator[tuple], count: int) -> Iterator[list[tuple]]:
    """`count` jobs in chunks for the parse workers: large while many are left
    (each chunk costs this process's pool threads ~0.5 ms, and its worker a
    transaction), down to CHUNK as the last ones go, so that neither worker
    waits long for the other at the end."""
    left = count
    while chunk := list(islice(jobs, max(CHUNK, min(BIG_CHUNK * CHUNK, left // 8)))):
        left -= len(chunk)
        yield chunk


def copy_runs(
    conn: sqlite3.Connection,
    attached: dict[str, str],
    runs: list[tuple[str, tuple[int, ...], tuple[int, ...]]],
    tables: tuple[str, ...],
) -> None:
    """Copy `tables` (of BATCH_TABLES) from the attached parts into `conn`'s
    main database, run by run in the order of `runs`, each table's rows
    numbered anew in that order (`files` keeps its ids: given in it)."""
    for table in tables:
        n = BATCH_TABLES.index(table)
        columns = ", ".join(c for c in TABLES[table] if table == "files" or c != "id")
        for part, before, after in runs:
            if after[n] > before[n]:
                conn.execute(
                    f"INSERT INTO main.{table}({columns}) SELECT {columns}"
                    f" FROM {attached[part]}.{table}"
                    " WHERE rowid > ? AND rowid <= ? ORDER BY rowid",
                    (before[n], after[n]),
                )


@contextmanager
def rollback_journal(conn: sqlite3.Connection) -> Iterator[None]:
    """The load of a whole vault into the empty index written through SQLite's
    rollback journal instead of its WAL: the WAL would hold every page of the
    new index once more, to be copied into the index at the checkpoint (~100
    MB written twice at 10,000 contacts; the commit ~0.2 s of CPU). As safe
    against a kill: the journal holds the empty index, which the next opening
    restores. Only when no other connection has the index open (leaving the
    WAL needs the file alone; never waited for), else the WAL is kept. Every
    opening of the index asks for WAL again (Index._open), as this does after."""
    left = _journal_mode(conn, "DELETE")
    if left:
        conn.execute("PRAGMA main.synchronous = FULL")  # as durable as WAL's NORMAL
    try:
        yield
    finally:
        if left:
            conn.execute("PRAGMA main.synchronous = NORMAL")
            _journal_mode(conn, "WAL")


def _journal_mode(conn: sqlite3.Connection, mode: str) -> bool:
    """Switch the index's journal to `mode` if no other connection is in the
    way, at once; whether it switched."""
    with never_waiting(conn):
        try:
            now = conn.execute(f"PRAGMA main.journal_mode = {mode}").fetchone()[0]
        except sqlite3.OperationalError:  # another connection has the index open
            return False
    return str(now).upper() == mode


def _parse_into_part(
    folder: str, root: Path, context: ParseContext, jobs: list[tuple]
) -> tuple[str, int, tuple[int, ...]]:
    """In a parse worker: read and parse `jobs`, and write their rows into this
    process's own part file (made on its first chunk). Returns the part's
    name, how many files, and its tables' last rowids after them."""
    from .rows import read_files

    part = f"part-{os.getpid()}.db"
    conn = _OWN_PART.get(folder)
    if conn is None:
        conn = _OWN_PART[folder] = sqlite3.connect(os.path.join(folder, part), isolation_level=None)
        conn.execute("PRAGMA journal_mode = OFF")  # a scratch file: thrown away on failure
        conn.execute("PRAGMA synchronous = OFF")
        for table in BATCH_TABLES:
            conn.execute(_part_table(table))
    conn.execute("BEGIN")
    batch = Batch(conn, appending=True)
    for rows in read_files(root, context, jobs, full_text=False):
        batch.add(rows)
    batch.flush()
    conn.execute("COMMIT")
    return part, len(jobs), conn.execute(_LAST_ROWS).fetchone()


def _part_table(table: str) -> str:
    """A part's table as the index's, but no path of `files` kept unique: each
    comes once from the walk, the index's own table checks it again when the
    rows are copied in, and a part keeping an index of its paths cost ~0.3%
    of a worker's instructions."""
    made = create_table(table)
    return made.replace("path TEXT UNIQUE", "path TEXT") if table == "files" else made


# Each of BATCH_TABLES' last rowid (0 when empty), in one statement.
_LAST_ROWS = "SELECT " + ", ".join(
    f"(SELECT COALESCE(MAX(rowid), 0) FROM {table})" for table in BATCH_TABLES
)


def _attribute_parts(
    folder: str, attached: dict[str, str], runs: list[tuple[str, tuple[int, ...], tuple[int, ...]]]
) -> None:
    """In a parse worker, once every part is written: links.attribute over the
    tables it reads, copied from the parts into a scratch file as load()
    copies them into the index (the same ids), so that it finds the same
    rows. It writes ATTRIBUTED's rows into the file attach() made and the
    index has attached, in order (none pickled: a whole vault's are ~64,000
    at 10,000 contacts), and only rows there: the index read its tables as
    it attached it."""
    from . import memo

    memo.forget()  # the parse's, no use here: their room goes to the names held
    own = _OWN_PART.pop(folder, None)  # every chunk is written: its page cache too
    if own is not None:
        own.close()
    conn = sqlite3.connect(os.path.join(folder, "inputs.db"), isolation_level=None)
    try:
        conn.execute(
            f"ATTACH DATABASE ? AS {_ATTRIBUTED_SCHEMA}", (os.path.join(folder, _ATTRIBUTED_FILE),)
        )
        for schema in ("main", _ATTRIBUTED_SCHEMA):  # scratch files: thrown away after
            conn.execute(f"PRAGMA {schema}.journal_mode = OFF")
            conn.execute(f"PRAGMA {schema}.synchronous = OFF")
        for table, columns in _ATTRIBUTION_INPUTS.items():
            key = columns[0] + (" INTEGER PRIMARY KEY" if table not in ("names", "links") else "")
            conn.execute(f"CREATE TABLE {table}({', '.join((key, *columns[1:]))})")
        for part, name in attached.items():
            conn.execute(f"ATTACH DATABASE ? AS {name}", (os.path.join(folder, part),))
        conn.execute("BEGIN")
        _copy_attribution_inputs(conn, attached, runs)
        conn.execute(next(s for s in INDEXES if s.startswith("CREATE INDEX names_key ")))
        attribute(conn, None, Names(conn, everything=True))  # into ATTRIBUTED's tables there
        fill_last_touch(conn)  # and _LAST_TOUCHES', from those and the interactions here
        for statement in attributed_indexes(_ATTRIBUTED_SCHEMA):
            conn.execute(statement)
        conn.execute("COMMIT")
    finally:
        conn.close()


def attributed_indexes(schema: str = "main") -> Iterator[str]:
    """The statements that make the indexes of ATTRIBUTED's tables in
    `schema`, unless there already."""
    for statement in INDEXES:
        if index_of(statement)[1] in ATTRIBUTED:
            yield statement.replace("CREATE INDEX ", f"CREATE INDEX IF NOT EXISTS {schema}.", 1)


def _copy_attribution_inputs(
    conn: sqlite3.Connection,
    attached: dict[str, str],
    runs: list[tuple[str, tuple[int, ...], tuple[int, ...]]],
) -> None:
    """What links.attribute reads, copied from the parts run by run as
    copy_runs copies them into the index: each interaction, item and mention
    with the id it has there (its rank among its table's rows in the runs'
    order), though only some rows and columns are copied."""
    for table, columns in _ATTRIBUTION_INPUTS.items():
        n = BATCH_TABLES.index(table)
        given = 0  # the table's rows in the runs before this one
        for part, before, after in runs:
            if after[n] > before[n]:
                schema = attached[part]
                shift = before[n] - given  # the index numbers them 1, 2, … in run order
                read = ", ".join(
                    f"rowid - {shift}" if c == "id" and table in _NUMBERED else c for c in columns
                )
                only = _ATTRIBUTION_ROWS.get(table, "1").format(part=schema)
                conn.execute(
                    f"INSERT INTO {table}({', '.join(columns)}) SELECT {read}"
                    f" FROM {schema}.{table} WHERE rowid > ? AND rowid <= ? AND {only}"
                    " ORDER BY rowid",
                    (before[n], after[n]),
                )
            given += after[n] - before[n]

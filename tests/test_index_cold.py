"""A cold index (a whole vault into an empty index) gives the same tables,
row for row and id for id, whichever way it is written: the parse workers'
own SQLite files copied in (coldload.Parts), or every file's rows written here
one after another."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import generated_vault
from netnotes import coldload, sync
from netnotes.session import Session


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    vault = generated_vault(tmp_path_factory.mktemp("gen") / "vault", 60, 5, "--malformed", "4")
    (vault / "People" / "Not UTF-8.md").write_bytes(b"---\nname: x\n---\n\xff\xfe bad\n")
    return vault


@pytest.fixture(autouse=True)
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A watcher tested earlier in this process leaves watchdog's shared inotify
    thread running for good, and a cold index forks its parse workers only in a
    process running no other thread (sync says why): these tests mean that path."""
    monkeypatch.setattr(sync.threading, "active_count", lambda: 1)


def tables(index: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(index)
    names = db.execute(
        "SELECT name, sql LIKE '%WITHOUT ROWID' FROM sqlite_master"
        " WHERE type = 'table' AND name NOT LIKE 'search%'"
    ).fetchall()
    found = {  # a table WITHOUT ROWID is read in the order of its key
        name: db.execute(f"SELECT * FROM {name}{'' if keyed else ' ORDER BY rowid'}").fetchall()
        for name, keyed in names
    }
    found["sqlite_master"] = sorted(db.execute("SELECT type, name, sql FROM sqlite_master"))
    db.close()
    return found


def cold_index(vault: Path, index: Path) -> sync.SyncReport:
    with Session(vault, index) as session:
        _, report = session.index()
    assert report is not None
    return report


def test_a_cold_index_written_by_the_workers_is_the_one_written_file_by_file(
    generated, tmp_path, monkeypatch
):
    monkeypatch.setattr(sync, "PARALLEL_FROM", 10**9)
    serial = cold_index(generated, tmp_path / "serial.sqlite3")
    monkeypatch.setattr(sync, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sync, "FULL_PASS_FROM", 0)
    monkeypatch.setattr(coldload, "CHUNK", 7)  # many chunks, shared between the two workers
    loads: list[coldload.Parts] = []
    monkeypatch.setattr(coldload.Parts, "load", _seen(loads))
    attributed: list[bool] = []
    monkeypatch.setattr(coldload.Parts, "attributions", _answers(attributed))
    parallel = cold_index(generated, tmp_path / "parallel.sqlite3")
    assert len(loads) == 1  # the workers' files were copied in
    assert attributed == [True]  # and a worker found whose each row is
    assert not Path(loads[0].folder).exists()  # and deleted
    assert (parallel.added, parallel.changed_paths) == (serial.added, serial.changed_paths)
    assert parallel.added > 100
    assert tables(tmp_path / "parallel.sqlite3") == tables(tmp_path / "serial.sqlite3")


def test_a_workers_part_keeps_no_index_its_copy_does_not_need(generated, tmp_path):
    from netnotes.models import ParseContext

    notes = sorted(generated.rglob("*.md"))[:5]
    jobs = [
        (str(p.relative_to(generated)), p.stat().st_size, 0, None, n)
        for n, p in enumerate(notes, 1)
    ]
    folder = str(tmp_path)
    try:
        part, count, last = coldload._parse_into_part(folder, generated, ParseContext(), jobs)
    finally:
        coldload._OWN_PART.pop(folder).close()
    db = sqlite3.connect(tmp_path / part)
    assert db.execute("SELECT type, name FROM sqlite_master WHERE type != 'table'").fetchall() == []
    assert (count, last[0]) == (5, 5)  # files: the ids given
    assert db.execute("SELECT COUNT(*) FROM files").fetchone() == (5,)
    db.close()


def test_a_cold_loads_chunks_are_large_first_and_small_at_the_end(monkeypatch):
    """Every job once, in order; chunks of up to BIG_CHUNK * CHUNK while many
    are left (fewer round trips to the workers), shrinking to CHUNK for the
    last ones (neither worker left waiting long for the other)."""
    monkeypatch.setattr(coldload, "CHUNK", 10)
    jobs = [(f"n{n}.md", 1, 1, None, n) for n in range(1, 2001)]
    chunks = list(coldload._chunks(iter(jobs), len(jobs)))
    assert [job for chunk in chunks for job in chunk] == jobs
    sizes = [len(chunk) for chunk in chunks]
    assert sizes[0] == 10 * coldload.BIG_CHUNK > 10
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-8:-1] == [10] * 7 and 0 < sizes[-1] <= 10  # the last ~80 ten at a time
    assert list(coldload._chunks(iter(jobs[:25]), 25)) == [jobs[:10], jobs[10:20], jobs[20:25]]


def test_a_cold_index_reports_every_note_once_in_path_order(generated, tmp_path, monkeypatch):
    """The report of a whole vault loaded at once is the walk's notes as they
    come (not sorted again): each once, in the order sorted() gives."""
    for parallel_from in (1, 10**9):  # the workers' parts, or written here
        monkeypatch.setattr(sync, "PARALLEL_FROM", parallel_from)
        report = cold_index(generated, tmp_path / f"{parallel_from}.sqlite3")
        notes = sorted(str(p.relative_to(generated)) for p in generated.rglob("*.md"))
        assert report.changed_paths == sorted(set(report.changed_paths))
        assert len(report.changed_paths) == report.added > 100
        assert set(report.changed_paths) <= set(notes)


def test_parts_go_unused_when_another_process_filled_the_index_meanwhile(
    generated, tmp_path, monkeypatch
):
    """The workers parse before the write lock: if another process indexed
    the vault meanwhile, the sync finds nothing to add, as any other."""
    monkeypatch.setattr(sync, "PARALLEL_FROM", 10**9)
    expected = tables_after(generated, tmp_path / "expected.sqlite3")
    monkeypatch.setattr(sync, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sync, "FULL_PASS_FROM", 0)
    index = tmp_path / "index.sqlite3"
    real_parse = coldload.Parts.parse
    loads: list[coldload.Parts] = []

    def parse_while_another_indexes(parts, *args):
        real_parse(parts, *args)
        with monkeypatch.context() as inner:
            inner.setattr(sync, "PARALLEL_FROM", 10**9)
            cold_index(generated, index)

    monkeypatch.setattr(coldload.Parts, "parse", parse_while_another_indexes)
    monkeypatch.setattr(coldload.Parts, "load", _seen(loads))
    report = cold_index(generated, index)
    assert (report.added, report.unchanged, loads) == (0, expected_files(expected), [])
    assert tables(index) == expected


def tables_after(vault: Path, index: Path) -> dict[str, list[tuple]]:
    cold_index(vault, index)
    return tables(index)


def expected_files(found: dict[str, list[tuple]]) -> int:
    return len(found["files"])


_REAL_LOAD = coldload.Parts.load


def _seen(loads: list):
    def load(parts, conn):
        loads.append(parts)
        _REAL_LOAD(parts, conn)

    return load


_REAL_ATTRIBUTIONS = coldload.Parts.attributions


def _answers(answers: list):
    def attributions(parts, conn):
        answers.append(_REAL_ATTRIBUTIONS(parts, conn))
        return answers[-1]

    return attributions


def worker_attributed(generated: Path, tmp_path: Path, monkeypatch) -> list[bool]:
    """A cold load of `generated` by the parse workers, whose tables must be
    the ones written file by file: whether Parts.attributions took the
    worker's attributions (else attribute() ran here)."""
    monkeypatch.setattr(sync, "PARALLEL_FROM", 10**9)
    expected = tables_after(generated, tmp_path / "expected.sqlite3")
    monkeypatch.setattr(sync, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sync, "FULL_PASS_FROM", 0)
    attributed: list[bool] = []
    monkeypatch.setattr(coldload.Parts, "attributions", _answers(attributed))
    assert tables_after(generated, tmp_path / "index.sqlite3") == expected
    return attributed


def test_when_the_worker_cannot_attribute_the_rows_this_process_does(
    generated, tmp_path, monkeypatch
):
    """No room for the attributing worker's scratch file, say: attribute()
    runs here instead, to the same tables."""

    def no_room(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    worker_copy = _failing_in_the_worker(coldload._copy_attribution_inputs, no_room)
    monkeypatch.setattr(coldload, "_copy_attribution_inputs", worker_copy)
    assert worker_attributed(generated, tmp_path, monkeypatch) == [False]


def test_the_workers_attributions_are_copied_in_while_the_index_is_written(
    generated, tmp_path, monkeypatch
):
    """The worker writes them into a file the index attached before its
    transaction began, while that transaction holds the index's write lock
    (and not that file's): copied in as it wrote them, the tables are the
    ones written file by file."""
    held_back = _failing_in_the_worker(coldload._copy_attribution_inputs, lambda: time.sleep(1))
    monkeypatch.setattr(coldload, "_copy_attribution_inputs", held_back)  # until BEGIN is past
    assert worker_attributed(generated, tmp_path, monkeypatch) == [True]


def test_without_room_for_the_attributions_file_this_process_attributes(
    generated, tmp_path, monkeypatch
):
    """The file the worker writes its attributions into is made (with its
    tables) before the index attaches it; where it cannot be, no worker
    attributes and attribute() runs here, to the same tables."""
    monkeypatch.setattr(coldload, "_ATTRIBUTED_FILE", os.path.join("missing", "attributed.db"))
    assert worker_attributed(generated, tmp_path, monkeypatch) == [False]


def test_a_vault_emptied_and_filled_again_has_the_digest_of_its_notes(
    generated, tmp_path, monkeypatch, run
):
    """An index emptied of notes keeps the digest's table of members of that
    day (of nobody); the cold load that fills it again, with the last touches
    found by the worker, leaves it to be read again: the digest is the one
    of a new index."""
    monkeypatch.setattr(sync, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sync, "FULL_PASS_FROM", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    vault, away = tmp_path / "vault", tmp_path / "away"  # (the vault's config moves too)
    shutil.copytree(generated, vault)
    digest = ("digest", "--stdout", "--date", "2026-03-14")
    expected = run(vault, "--index", str(tmp_path / "new.sqlite3"), *digest).stdout
    shutil.move(vault, away)
    vault.mkdir()
    empty = run(vault, *digest).stdout
    assert empty != expected
    vault.rmdir()
    shutil.move(away, vault)
    assert run(vault, *digest).stdout == expected


def _failing_in_the_worker(real, fail):
    """`real` as it is in this process, `fail` in a (forked) worker."""
    here = os.getpid()

    def failing(*args, **kwargs):
        if os.getpid() != here:
            fail()
        real(*args, **kwargs)

    return failing


def test_a_killed_loads_files_are_deleted_by_the_next_cold_index(generated, tmp_path, monkeypatch):
    """A cold index killed mid-way leaves its workers' files beside the index
    (they can be as big as it): the next cold load deletes those of processes
    that are gone, and leaves a running one's alone."""
    monkeypatch.setattr(sync, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sync, "FULL_PASS_FROM", 0)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    abandoned = tmp_path / f".netnotes-load-{gone}-x1"
    running = tmp_path / f".netnotes-load-{os.getpid()}-x2"
    for folder in (abandoned, running):
        folder.mkdir()
        (folder / "part-1.db").write_bytes(b"rows")
    cold_index(generated, tmp_path / "index.sqlite3")
    assert not abandoned.exists()
    assert (running / "part-1.db").exists()


def test_a_cold_load_goes_through_the_rollback_journal_and_leaves_the_index_in_wal(
    generated, tmp_path, monkeypatch
):
    """No other connection has the index open: the load is written through
    the rollback journal (coldload.rollback_journal), then the index is back
    in WAL. With another one open, the load keeps the WAL: the same tables."""
    monkeypatch.setattr(sync, "PARALLEL_FROM", 10**9)
    expected = tables_after(generated, tmp_path / "expected.sqlite3")
    monkeypatch.setattr(sync, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sync, "FULL_PASS_FROM", 0)
    modes: list[str] = []

    def load(parts, conn):
        modes.append(conn.execute("PRAGMA main.journal_mode").fetchone()[0])
        _REAL_LOAD(parts, conn)

    monkeypatch.setattr(coldload.Parts, "load", load)
    alone, shared = tmp_path / "alone.sqlite3", tmp_path / "shared.sqlite3"
    assert tables_after(generated, alone) == expected
    Session(generated, shared).index(sync=False)[0].close()
    reader = sqlite3.connect(shared)
    assert reader.execute("SELECT COUNT(*) FROM files").fetchone() == (0,)  # open, and reading
    assert tables_after(generated, shared) == expected
    reader.close()
    assert modes == ["delete", "wal"]
    for index in (alone, shared):
        assert sqlite3.connect(index).execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_cold_load_killed_mid_copy_leaves_an_index_the_next_sync_fills(
    generated, tmp_path, monkeypatch
):
    """A kill while the load is written (pages already spilled into the index
    file) leaves a hot rollback journal: the next opening restores the empty
    index, which the next sync fills as if nothing had happened."""
    monkeypatch.setattr(sync, "PARALLEL_FROM", 10**9)
    expected = tables_after(generated, tmp_path / "expected.sqlite3")
    monkeypatch.setattr(sync, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sync, "FULL_PASS_FROM", 0)
    index = tmp_path / "index.sqlite3"

    workers = tmp_path / "workers"

    def killed_after_the_copy(parts, conn):
        conn.execute("PRAGMA cache_size = 10")  # spilled into the index file as it goes
        _REAL_LOAD(parts, conn)
        workers.write_text(" ".join(str(p.pid) for p in multiprocessing.active_children()))
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(coldload.Parts, "load", killed_after_the_copy)
    child = os.fork()
    if child == 0:  # pragma: no cover - the child is killed
        try:
            cold_index(generated, index)
        finally:
            os._exit(1)
    _, status = os.waitpid(child, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert Path(f"{index}-journal").exists()
    left = [int(pid) for pid in workers.read_text().split()]
    assert left  # its parse workers, which leave with it rather than wait for work for good
    for _ in range(200):
        if not any(_running(pid) for pid in left):
            break
        time.sleep(0.05)
    assert not any(_running(pid) for pid in left)
    monkeypatch.setattr(coldload.Parts, "load", _REAL_LOAD)
    assert tables_after(generated, index) == expected
    assert not Path(f"{index}-journal").exists()


def _running(pid: int) -> bool:
    """Whether `pid` runs (a zombie left for a reaper does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "\nState:\tZ" not in status.read_text()


def test_without_room_for_the_workers_files_the_notes_are_parsed_as_usual(
    generated, tmp_path, monkeypatch
):
    monkeypatch.setattr(sync, "PARALLEL_FROM", 10**9)
    expected = tables_after(generated, tmp_path / "expected.sqlite3")
    monkeypatch.setattr(sync, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sync, "FULL_PASS_FROM", 0)

    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkdtemp", no_room)  # sync imports it when loading
    assert tables_after(generated, tmp_path / "index.sqlite3") == expected


def test_a_full_pass_holding_few_names_at_once_gives_the_same_tables(
    generated, tmp_path, monkeypatch
):
    """Past links.HELD names, target lists or contacts, a full pass looks the
    rest up as it goes (a vault of 100,000 contacts would not fit otherwise):
    the same rows as holding them all."""
    from netnotes import links

    vault = tmp_path / "vault"
    shutil.copytree(generated, vault)
    (vault / "Meetings" / "2026-03-02 Review.md").write_text(
        "---\ndate: 2026-03-02\nwith:\n"
        + "".join(f'  - "[[{p.stem}]]"\n' for p in sorted((vault / "People").glob("*.md"))[:2])
        + "---\n- [ ] send "
        + min((vault / "People").glob("*.md")).stem.split()[0]  # named in plain words
        + " the deck\n"
    )
    monkeypatch.setattr(sync, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(sync, "FULL_PASS_FROM", 0)
    expected = tables_after(vault, tmp_path / "expected.sqlite3")
    monkeypatch.setattr(links, "HELD", 3)
    assert tables_after(vault, tmp_path / "index.sqlite3") == expected


def test_a_names_cache_past_links_held_drops_its_oldest_quarter_not_everything(monkeypatch):
    """A full pass past HELD keys looks names up one by one: a miss makes
    room by dropping the oldest keys, so the recent ones are not read again."""
    from netnotes import links

    monkeypatch.setattr(links, "HELD", 8)
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE names (key TEXT, file INTEGER, rank INTEGER)")
    conn.execute("INSERT INTO names VALUES ('k8', 1, 1)")
    names = links.Names(conn, everything=False)
    for n in range(9):
        names.pick(f"k{n}")
    assert list(names.by_key) == [f"k{n}" for n in range(2, 9)]
    assert names.pick("k8") == (links.OK, [1])


def test_a_note_is_read_whole_whatever_size_its_stat_gave(tmp_path):
    """The parse reads a note to its end: a stat taken before it grew or
    shrank (a save between the walk and the read) reads what is there."""
    from netnotes.models import ParseContext
    from netnotes.rows import read_file
    from netnotes.vault import content_hash

    data = ("---\nname: Ada\n---\n" + "word " * 40_000).encode()
    (tmp_path / "Ada.md").write_bytes(data)
    for size in (0, 10, len(data) - 1, len(data), len(data) + 5, 1 << 16):
        rows = read_file(tmp_path, "Ada.md", size, 1, ParseContext())
        assert rows.digest == content_hash(data) and rows.kind == "other"
    assert "cannot read" in read_file(tmp_path, "Gone.md", 5, 1, ParseContext()).problems[0][4]


def _within(seconds: float, work, *args):
    """work(*args) in a thread: a read that blocks (a FIFO with no writer)
    fails the test instead of hanging it."""
    import threading

    done: list = []
    thread = threading.Thread(target=lambda: done.append(work(*args)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert done, "the read blocked"
    return done[0]


def test_a_fifo_or_a_symlink_swapped_in_after_the_walk_is_not_read(tmp_path):
    """The walk lists only regular files; one replaced by a FIFO or a symlink
    before the parse reads it is neither waited on nor followed."""
    from netnotes.layout import UNREADABLE
    from netnotes.models import ParseContext
    from netnotes.rows import read_file

    (tmp_path / "Secret.md").write_text("---\nname: Secret\n---\n")
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Link.md").symlink_to(tmp_path / "Secret.md")
    os.mkfifo(vault / "Pipe.md")
    for name in ("Link.md", "Pipe.md"):
        rows = _within(10, read_file, vault, name, 20, 1, ParseContext())
        assert rows.kind == UNREADABLE and rows.name == name[:-3]
        assert rows.problems[0][4] == "cannot read: not a regular file"


def test_a_note_past_the_size_cap_is_read_only_up_to_it(tmp_path, monkeypatch):
    """A note too big to parse is reported with its size, after reading no
    more of it than the cap (it could be gigabytes)."""
    from netnotes import rows as rows_module
    from netnotes import vault as vault_module
    from netnotes.models import ParseContext

    cap = 1 << 20
    monkeypatch.setattr(vault_module, "MAX_NOTE_BYTES", cap)
    monkeypatch.setattr(rows_module, "MAX_NOTE_BYTES", cap, raising=False)
    (tmp_path / "Huge.md").write_bytes(b"word " * (3 * cap // 5))  # 3 MB
    read = os.read
    taken: list[int] = []
    monkeypatch.setattr(rows_module.os, "read", lambda fd, n: taken.append(n) or read(fd, n))
    found = rows_module.read_file(tmp_path, "Huge.md", 3 * cap, 1, ParseContext())
    assert sum(taken) <= cap + 1
    assert found.problems[0][4].startswith("file is 3 MB; netnotes reads notes up to 1 MB")


def test_every_secondary_index_names_its_table_as_a_cold_load_reads_it():
    """A cold load drops every index and builds each after its table's rows
    (the link pass's tables' after the pass): each index's table is read off
    its statement, so each must be a table the index has."""
    from netnotes.schema import INDEXES, TABLES

    found = [sync.index_of(statement) for statement in INDEXES]
    assert all(
        statement.startswith(f"CREATE INDEX {name} ON {table}(")
        for statement, (name, table) in zip(INDEXES, found)
    )
    assert {table for _, table in found} <= set(TABLES)
    assert {table for _, table in found} >= set(coldload.ATTRIBUTED)


def test_the_parse_workers_start_while_the_walk_goes_on(generated, tmp_path, monkeypatch):
    """A cold load starts its parse workers after the first folder that
    brings the notes found to PARALLEL_FROM, not once the walk is over: they
    import what parses notes while this process walks the other folders."""
    from netnotes.vault import Vault

    monkeypatch.setattr(sync, "PARALLEL_FROM", 40)
    monkeypatch.setattr(sync, "FULL_PASS_FROM", 0)
    events: list[tuple] = []
    real_scan, real_init = Vault.scan, coldload.Parts.__init__

    def scan(self, found=None):
        def told(notes: int) -> None:
            events.append(("folder", notes))
            found(notes)

        walk = real_scan(self, None if found is None else told)
        events.append(("walked", len(walk)))
        return walk

    def started(self, *args):
        events.append(("parts",))
        real_init(self, *args)

    monkeypatch.setattr(Vault, "scan", scan)
    monkeypatch.setattr(coldload.Parts, "__init__", started)
    report = cold_index(generated, tmp_path / "index.sqlite3")
    at = events.index(("parts",))
    assert events[at - 1][0] == "folder" and events[at - 1][1] >= 40
    assert all(notes < 40 for kind, notes in events[: at - 1])  # the first such folder
    assert events[-1] == ("walked", report.added) and at < len(events) - 2  # folders after it
    assert not list(tmp_path.glob(".netnotes-load-*"))  # the load's own files gone with it


def test_a_walk_failing_after_the_workers_started_leaves_none_behind(
    generated, tmp_path, monkeypatch
):
    """The workers started during the walk are stopped, and their folder
    deleted, when the walk fails after them (a Ctrl-C, a vault unreadable)."""
    from netnotes.vault import Vault

    monkeypatch.setattr(sync, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sync, "FULL_PASS_FROM", 0)
    made: list[coldload.Parts] = []
    workers: list = []
    real_init = coldload.Parts.__init__

    def started(self, *args):
        real_init(self, *args)
        made.append(self)
        workers.extend(self.pool._processes.values())

    def interrupted(self, stale):
        raise KeyboardInterrupt

    monkeypatch.setattr(coldload.Parts, "__init__", started)
    monkeypatch.setattr(Vault, "remove_stale_temps", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cold_index(generated, tmp_path / "index.sqlite3")
    assert len(made) == 1 and not os.path.exists(made[0].folder)
    assert len(workers) == 2 and not any(worker.is_alive() for worker in workers)


@pytest.mark.parametrize("stat_size", [0, 10, 97, 98, 99, 5000])
def test_a_note_is_read_whole_whatever_its_walks_size_and_once_when_it_is_right(
    tmp_path, monkeypatch, stat_size
):
    """A note read with the size its walk saw: a short read is its end (no
    second read for nothing); a note that grew since is still read whole."""
    from netnotes import rows as rows_module

    data = ("---\nname: Ada\n---\n" + "word " * 16)[:98].encode()
    (tmp_path / "Ada.md").write_bytes(data)
    read = os.read
    taken: list[int] = []
    monkeypatch.setattr(rows_module.os, "read", lambda fd, n: taken.append(n) or read(fd, n))
    assert rows_module._read_bytes(f"{tmp_path}/Ada.md", stat_size) == (data, len(data))
    if stat_size >= len(data):
        assert len(taken) == 1

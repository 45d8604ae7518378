"""The watcher keeps its digest model between saves: a save recomputes the
digest for the contacts whose facts it changed (the model's `update`), not
the whole network, and Digest.md is what a full build writes. A real
watchdog observer on a real folder; the digest model is LiveDigest,
recording how it is asked."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from test_watch_events import wait_for

from netnotes.digest import build_digest
from netnotes.digest_live import LiveDigest
from netnotes.session import Session
from netnotes.stamp import stamp
from netnotes.watch import PAGE_CACHE_KIB, Clock, Watcher, WatchSession

TODAY = date(2026, 11, 26)
RAJ = "People/Raj Patel.md"
DIGEST = "NetNotes/Digest.md"


class RecordedDigest(LiveDigest):
    """The watcher's digest model, saying how it was asked for each digest
    (each model its own record: a test sees only its own watcher's)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[tuple] = []

    def digest(self, today: date):
        self.calls.append(("digest", today))
        return super().digest(today)

    def update(self, touched: set[str], today: date):
        self.calls.append(("update", frozenset(touched), today))
        return super().update(touched, today)

    def reconcile(self) -> None:
        self.calls.append(("reconcile",))
        super().reconcile()


class Watching:
    """The example vault watched as `netnotes watch --date` does, in a thread
    of its own (the index's connection lives in the thread that opened it),
    its digest model recorded."""

    def __init__(self, root) -> None:
        self.root = root
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.watcher: Watcher | None = None
        self.watch: WatchSession | None = None
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        with Session(self.root) as session:
            session.index()
            self.watch = WatchSession(
                session,
                Clock(today=lambda: TODAY),
                self.lines.append,
                pinned=TODAY,
                digests=RecordedDigest,
            )
            self.watcher = Watcher(
                session.root, self.watch.keep, self.watch.refresh, reconcile_every=3600
            )
            self.watcher.start()
            self.watch.refresh(None, first=True)
            self.ready.set()
            self.watcher.run()
            self.watcher.close()


def recorded(watch: WatchSession | None) -> list[tuple]:
    """How the session's digest model was asked, so far."""
    assert watch is not None and isinstance(watch.digest_model, RecordedDigest)
    return watch.digest_model.calls


@pytest.fixture
def watching(example_vault):
    watching = Watching(example_vault)
    watching.thread.start()
    assert watching.ready.wait(30), watching.lines
    yield watching
    if watching.watcher is not None:
        watching.watcher.stop.set()
    watching.thread.join(timeout=10)
    assert not watching.thread.is_alive()


def full_build(root) -> str:
    with Session(root) as session:
        index, _ = session.index(sync=False)
        digest = build_digest(index, session.config, TODAY)
        return stamp(session.renderer.render("digest.md.j2", digest), DIGEST)


def test_a_save_updates_the_digest_for_the_contacts_it_touched(watching):
    calls = recorded(watching.watch)
    assert calls == [("reconcile",), ("digest", TODAY)]  # the first refresh
    note = watching.root / RAJ
    marker = "Send Raj the offsite agenda"
    note.write_text(
        note.read_text(encoding="utf-8") + f"\n- [ ] {marker} 📅 2026-11-20\n", encoding="utf-8"
    )
    digest = watching.root / DIGEST
    assert wait_for(lambda: marker in digest.read_text(encoding="utf-8")), watching.lines
    asked = calls[2:]
    assert asked and all(call[0] == "update" for call in asked), asked
    touched = frozenset().union(*(call[1] for call in asked))
    assert RAJ in touched
    assert len(touched) < len(list((watching.root / "People").glob("*.md")))
    assert digest.read_text(encoding="utf-8") == full_build(watching.root)


def test_a_look_at_everything_reads_the_digest_whole_again(watching):
    calls = recorded(watching.watch)
    calls.clear()
    (watching.root / "People").rename(watching.root / "Contacts")  # a folder moved: everything
    assert wait_for(lambda: ("digest", TODAY) in calls), watching.lines
    assert calls[:2] == [("reconcile",), ("digest", TODAY)]
    assert not any(call[0] == "update" for call in calls)


def test_a_note_another_command_indexed_first_still_reaches_the_digest(example_vault):
    """`netnotes log` (or any command) syncs the index itself: the watcher's
    own sync then sees nothing changed, so it reads the digest whole."""
    with Session(example_vault) as session:
        session.index()
        watch = WatchSession(
            session, Clock(today=lambda: TODAY), pinned=TODAY, digests=RecordedDigest
        )
        assert watch.refresh(None, first=True)
        note = example_vault / RAJ
        marker = "Send Raj the offsite agenda"
        note.write_text(
            note.read_text(encoding="utf-8") + f"\n- [ ] {marker} 📅 2026-11-20\n", encoding="utf-8"
        )
        with Session(example_vault) as another_command:
            another_command.index()
        assert watch.refresh({RAJ})
    assert recorded(watch)[-2:] == [("reconcile",), ("digest", TODAY)]
    digest = (example_vault / DIGEST).read_text(encoding="utf-8")
    assert marker in digest and digest == full_build(example_vault)


def test_a_look_at_everything_after_saves_updates_the_digest_for_what_git_changed(example_vault):
    """After saves, a look at everything (the end of a git merge) finds the
    notes changed meanwhile by a walk: the digest is updated for their
    contacts, not read whole, and equals a full build."""
    with Session(example_vault) as session:
        session.index()
        watch = WatchSession(
            session, Clock(today=lambda: TODAY), pinned=TODAY, digests=RecordedDigest
        )
        assert watch.refresh(None, first=True)
        assert watch.refresh({RAJ})  # a save: the sheets are known current from here on
        note = example_vault / RAJ
        marker = "Send Raj the merged agenda"
        note.write_text(
            note.read_text(encoding="utf-8") + f"\n- [ ] {marker} 📅 2026-11-20\n", encoding="utf-8"
        )
        recorded(watch).clear()
        assert watch.refresh(None)  # git is done: everything
    [(asked, touched, day)] = recorded(watch)
    assert (asked, day) == ("update", TODAY) and RAJ in touched  # (and whom Raj's note names)
    assert len(touched) < len(list((example_vault / "People").glob("*.md")))
    digest = (example_vault / DIGEST).read_text(encoding="utf-8")
    assert marker in digest and digest == full_build(example_vault)


def test_the_watchers_connection_keeps_a_small_page_cache(example_vault):
    """The watcher stays in memory for days: SQLite's page cache on its
    connection is kept small (the system caches the file's pages anyway)."""
    with Session(example_vault) as session:
        index, _ = session.index()
        default = index.conn.execute("PRAGMA cache_size").fetchone()[0]
        WatchSession(session, Clock(today=lambda: TODAY), pinned=TODAY)
        kept = index.conn.execute("PRAGMA cache_size").fetchone()[0]
    assert kept == -PAGE_CACHE_KIB and -kept < -default


def test_the_small_page_cache_outlives_a_rebuild_of_a_damaged_index(example_vault, monkeypatch):
    """A sync that finds the index damaged opens a new connection on a new
    file: the watcher's page cache setting goes with the index, not the
    connection it was first set on."""
    import sqlite3

    from netnotes.index import Index

    with Session(example_vault) as session:
        index, _ = session.index()
        WatchSession(session, Clock(today=lambda: TODAY), pinned=TODAY)
        sync = Index._sync
        failed: list[bool] = []

        def damaged_once(self, *args, **kwargs):
            if not failed:
                failed.append(True)
                raise sqlite3.DatabaseError("database disk image is malformed")
            return sync(self, *args, **kwargs)

        monkeypatch.setattr(Index, "_sync", damaged_once)
        before = index.conn
        index.sync()
        assert failed and index.conn is not before  # rebuilt on a new connection
        kept = index.conn.execute("PRAGMA cache_size").fetchone()[0]
    assert kept == -PAGE_CACHE_KIB


def test_a_save_collects_the_young_garbage_and_a_look_at_everything_all(example_vault, monkeypatch):
    """A save's garbage is young: the oldest generation (the digest's model
    most of it) is scanned only by a look at everything, and a save leaves
    its plan there in no cycle (else it would wait for that look)."""
    import gc

    from netnotes import outputs

    collected: list[tuple] = []
    collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *generation: collected.append(generation) or 0)
    with Session(example_vault) as session:
        session.index()
        watch = WatchSession(session, Clock(today=lambda: TODAY), pinned=TODAY)
        assert watch.refresh(None, first=True)
        note = example_vault / RAJ
        note.write_text(note.read_text(encoding="utf-8") + "\n- [ ] Call Raj\n", encoding="utf-8")
        collected.clear()
        assert watch.refresh({RAJ})
        assert collected == [(1,)]
        collect(1)
        assert not [o for o in gc.get_objects() if isinstance(o, outputs._Plan)]
        collected.clear()
        assert watch.refresh(None)
        assert collected[-1] == ()


def test_a_refresh_leaves_the_parsers_memos_empty(example_vault):
    """The watcher runs for days: once a refresh is done, the parser's memos
    hold nothing, the lines of notes since deleted (personal items among
    them) least of all."""
    from netnotes import memo

    with Session(example_vault) as session:
        session.index()
        watch = WatchSession(session, Clock(today=lambda: TODAY), pinned=TODAY)
        assert watch.refresh(None, first=True)
        note = example_vault / RAJ
        secret = "- Raj's sister moves to Leeds in June #personal\n"
        note.write_text(note.read_text(encoding="utf-8") + secret, encoding="utf-8")
        assert watch.refresh({RAJ})
        assert "Leeds" not in repr(memo._REGISTERED)
        assert memo.held_entries() == 0

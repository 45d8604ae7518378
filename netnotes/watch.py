"""Watching the vault: watchdog events → our own filter → debounce → one
refresh (re-index what changed, re-render what depends on it).

Editors save in many ways (in place, temp file + rename, vim's backup dance,
git's unlink + create), so events are reduced to "this path may have
changed" and the index decides by stat and hash what really did. Reads make
no events we act on (opened / closed-without-write are not subscribed), so
the watcher never loops on its own reads. A periodic stat-only reconcile
catches what inotify dropped (queue overflow, suspend).

`Watcher` is the loop; `WatchSession` is what a refresh does over an open
`Session`, with the time from a `Clock` the caller passes in.
"""

from __future__ import annotations

import errno
import functools
import gc
import queue
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import (
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from . import memo
from .config import CONFIG_DIR, CONFIG_FILE
from .errors import NetnotesError
from .text import printable
from .views import problem_line

if TYPE_CHECKING:
    from .config import Config
    from .index import Index
    from .outputs import DigestModel, Keeper
    from .session import Session

    # Makes the digest model a watcher keeps over an index (digest_live.LiveDigest by default).
    DigestModels = Callable[[Index, Config], DigestModel]

DEBOUNCE_SECONDS = 0.2  # quiet time after the last event before acting
MAX_WAIT_SECONDS = 1.0  # act at the latest this long after the first event of a burst
# A note written to and not closed yet is waited for (its writer may have
# truncated it and not written yet), at most this long after its last event
# (and after MAX_WAIT_SECONDS: a writer that keeps writing holds no refresh
# for longer than both).
WRITE_WAIT_SECONDS = 2.0
RECONCILE_SECONDS = 60.0  # a stat-only pass over the whole vault, for lost events
GIT_POLL_SECONDS = 0.1  # how often to look whether git is done, while it is busy (a few stats)
RETRY_SECONDS = 5.0  # after a refresh that failed (index locked, disk full), try again
PAGE_CACHE_KIB = 1536  # SQLite's page cache for the watcher's connection (its default: 2000)
EVERYTHING = None  # a refresh that must look at the whole vault (a folder moved, a reconcile)

_EVENTS = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    DirMovedEvent,
    DirDeletedEvent,
]


def vault_paths(event: FileSystemEvent, root: Path) -> list[str] | None:
    """The vault-relative paths an event may have changed; None when only a
    look at the whole vault will do (a folder was moved in, out or within the
    vault, or deleted; but not one inside `.git/` or another hidden folder)."""
    found = []
    for raw in (event.src_path, getattr(event, "dest_path", "") or ""):
        if not raw:
            continue
        path = raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw
        try:
            found.append(Path(path).relative_to(root).as_posix())
        except ValueError:
            continue
    if not event.is_directory:
        return found
    if event.event_type not in ("moved", "deleted") or (found and all(map(_hidden, found))):
        return []
    return EVERYTHING


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") and part != "." for part in relative.split("/"))


@dataclass
class Debouncer:
    """Collects changed paths and says when a burst has gone quiet. Pure: the
    caller passes the time, so tests need no clock."""

    quiet: float = DEBOUNCE_SECONDS
    max_wait: float = MAX_WAIT_SECONDS
    write_wait: float = WRITE_WAIT_SECONDS
    paths: set[str] = field(default_factory=set)
    everything: bool = False
    first: float | None = None
    last: float | None = None
    writing: set[str] = field(default_factory=set)  # written to, not closed since

    def add(self, now: float, paths: list[str] | None, writing: bool = False) -> None:
        """`paths` may have changed (None: anything may have); `writing`:
        they were written to and are still open (an in-place save under
        way: the notes may be cut short until their writer closes them).
        Any other event on a path (closed, moved, removed) ends its write."""
        if paths is EVERYTHING:
            self.everything = True
        else:
            if not paths:
                return
            self.paths.update(paths)
            if writing:
                self.writing.update(paths)
            else:
                self.writing.difference_update(paths)
        self.first = now if self.first is None else self.first
        self.last = now

    def pending(self) -> bool:
        return self.first is not None

    def due(self, now: float) -> bool:
        if self.first is None or self.last is None:
            return False
        if self.writing:  # until closed, or nothing heard of it for write_wait
            return now - self.last >= self.write_wait or now - self.first >= self._longest()
        return now - self.last >= self.quiet or now - self.first >= self.max_wait

    def wait(self, now: float) -> float | None:
        """Seconds until due, or None when nothing is pending."""
        if self.first is None or self.last is None:
            return None
        if self.writing:
            return max(0.0, min(self.last + self.write_wait, self.first + self._longest()) - now)
        return max(0.0, min(self.last + self.quiet, self.first + self.max_wait) - now)

    def _longest(self) -> float:
        return self.max_wait + self.write_wait

    def take(self) -> set[str] | None:
        """The paths to refresh (None: the whole vault), and start over."""
        taken: set[str] | None = None if self.everything else set(self.paths)
        self.paths, self.everything, self.first, self.last = set(), False, None, None
        self.writing = set()  # (its close, if it comes, is another change)
        return taken


class _Handler(FileSystemEventHandler):
    """Puts (paths, writing) on `events` (Debouncer.add's); `closes`: the
    observer reports a writer's close (inotify's IN_CLOSE_WRITE), so that a
    note written to is known still open until then."""

    def __init__(
        self, root: Path, keep: Callable[[str], bool], events: queue.Queue, closes: bool
    ) -> None:
        self.root = root
        self.keep = keep
        self.events = events
        self.closes = closes

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = vault_paths(event, self.root)
        if paths is EVERYTHING:
            self.events.put((EVERYTHING, False))
            return
        kept = [p for p in paths if self.keep(p)]
        if any(not _is_utf8(p) for p in kept):  # the walk reports such names, as batch runs do
            self.events.put((EVERYTHING, False))
        elif kept:
            writing = self.closes and isinstance(event, FileModifiedEvent)
            self.events.put((kept, writing))


def _is_utf8(path: str) -> bool:
    """False for a name whose bytes were not UTF-8 (held as surrogates)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class WatchLimitError(OSError):
    """The system is out of inotify watches or instances."""


def start_observer(
    root: Path, keep: Callable[[str], bool], events: queue.Queue, polling: bool = False
) -> BaseObserver:
    """A recursive observer on the vault; WatchLimitError when inotify has no
    watches left (the caller may fall back to polling=True)."""
    observer = PollingObserver(timeout=1.0) if polling else Observer()
    # Only inotify says when a writer closes a file (not polling, nor other systems' observers).
    closes = type(observer).__name__ == "InotifyObserver"
    handler = _Handler(root, keep, events, closes)
    observer.schedule(handler, str(root), recursive=True, event_filter=_EVENTS)
    try:
        observer.start()
    except OSError as err:
        if err.errno in (errno.ENOSPC, errno.EMFILE):
            raise WatchLimitError(err.errno, str(err)) from None
        raise
    return observer


class Watcher:
    """The loop: wait for events, debounce, call `refresh(paths)` (None: the
    whole vault); reconcile every RECONCILE_SECONDS; `tick()` lets the caller
    react to time passing (a new day). Runs until `stop` is set.

    While `git_busy()` names a git operation under way, nothing is refreshed
    (events are still collected); when it ends, one refresh of the whole vault
    follows a quiet moment, with no further edit needed. A refresh or tick
    that returns False was refused by git, and waits the same way."""

    def __init__(
        self,
        root: Path,
        keep: Callable[[str], bool],
        refresh: Callable[[set[str] | None], object],
        tick: Callable[[], object] = lambda: None,
        polling: bool = False,
        reconcile_every: float = RECONCILE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        git_busy: Callable[[], str | None] = lambda: None,
        on_hold: Callable[[str], None] = lambda why: None,
    ) -> None:
        self.root = root
        self.keep = keep
        self.refresh = refresh
        self.tick = tick
        self.polling = polling
        self.reconcile_every = reconcile_every
        self.clock = clock
        self.events: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.debouncer = Debouncer()
        self.observer: BaseObserver | None = None
        self.git_busy = git_busy
        self.on_hold = on_hold
        self.held = False  # a refresh waits for git to finish
        self.root_identity: tuple[int, int] | None = None

    def start(self) -> None:
        self.root_identity = _identity(self.root)
        self.observer = start_observer(self.root, self.keep, self.events, self.polling)

    def run(self) -> None:
        next_reconcile = self.clock() + self.reconcile_every
        while not self.stop.is_set():
            now = self.clock()
            wait = self.debouncer.wait(now)  # None when nothing is pending
            timeout = min(
                0.5 if wait is None else wait,
                max(0.0, next_reconcile - now),
                0.5,  # wake up twice a second to notice `stop` and the new day
            )
            if self.held:  # only git's end is awaited: the debouncer and the reconcile wait
                timeout = GIT_POLL_SECONDS
            try:
                # Stamped when it came, not when the wait began: else a save
                # coming late in the wait has no quiet after it, and its note
                # is read between its editor's truncating and writing it.
                seen = self.events.get(timeout=timeout)
                self.debouncer.add(self.clock(), *seen)
                while True:  # drain a burst without waiting
                    self.debouncer.add(self.clock(), *self.events.get_nowait())
            except queue.Empty:
                pass
            now = self.clock()
            acting = self.debouncer.due(now) or now >= next_reconcile
            if (self.held or acting) and self._waiting_for_git(now):
                pass  # (git is asked only before acting: a quick commit meanwhile is no matter)
            elif self.debouncer.due(now):
                paths = self.debouncer.take()
                self._refresh(paths)
                if paths is EVERYTHING:  # it was a reconcile too
                    next_reconcile = now + self.reconcile_every
            elif now >= next_reconcile and not self.debouncer.pending():
                self._refresh(EVERYTHING)
                next_reconcile = now + self.reconcile_every
            if not self.held and self.tick() is False:
                self.hold()
            self._revive_observer()

    def _refresh(self, paths: set[str] | None) -> None:
        if self.refresh(paths) is False:
            self.hold()

    def hold(self, why: str | None = None) -> None:
        """Refresh nothing until git is done, then everything."""
        if not self.held:
            self.held = True
            self.on_hold(why or self.git_busy() or "a git operation")

    def _waiting_for_git(self, now: float) -> bool:
        """True while git works in the vault. When it stops, the pending
        changes become one refresh of everything, once the last files land."""
        busy = self.git_busy()
        if busy:
            self.hold(busy)
            return True
        if self.held:
            self.held = False
            # Quiet counts from the last file git wrote, not from its end:
            # files that landed while it worked need no further wait.
            landed = self.debouncer.last
            self.debouncer.take()
            self.debouncer.add(now if landed is None else landed, EVERYTHING)
        return False

    def _revive_observer(self) -> None:
        """If the vault folder vanished and came back, or was replaced by
        another folder of the same name (a re-clone, a restore from backup),
        watch the folder there now and look at everything."""
        if self.observer is None or self.stop.is_set():
            return
        identity = _identity(self.root)
        if identity is None or (self.observer.is_alive() and identity == self.root_identity):
            return
        self._stop_observer()
        try:
            self.start()
        except OSError:  # gone again, or out of watches: try again on the next turn
            return
        self.events.put((EVERYTHING, False))

    def _stop_observer(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            if self.observer.is_alive():
                self.observer.join(timeout=1.0)

    def close(self) -> None:
        self.stop.set()
        self._stop_observer()


def _identity(folder: Path) -> tuple[int, int] | None:
    """The folder's (device, inode): which folder is at that path now; None if none."""
    try:
        info = folder.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None


# --- what `watch` does with each refresh -------------------------------------


@dataclass(frozen=True)
class Clock:
    """The time as the watcher reads it: the CLI passes the real one, tests
    their own. `today` is asked for the date, `monotonic` for intervals and
    `time_of_day` for the stamp on each line said."""

    today: Callable[[], date]
    monotonic: Callable[[], float] = time.monotonic
    time_of_day: Callable[[], str] = lambda: time.strftime("%H:%M:%S")


class WatchSession:
    """What `watch` does between events, over an open `Session`: refreshes
    the index and the generated files (`refresh`), notices time passing
    (`tick`: changed settings, a retry after a failure, a new day) and says
    one line per update through `say`, problems once each.

    "Today" is `pinned` (--date) or the clock's, which rolls over at
    midnight; old prep sheets are removed only on the clock's real day.
    `digest_model` holds the digest between refreshes, made by `digests`
    over the index (again when the settings change)."""

    def __init__(
        self,
        session: Session,
        clock: Clock,
        say: Callable[[str], None] = lambda line: None,
        *,
        calendar: Path | None = None,
        pinned: date | None = None,
        quiet: bool = False,
        retry_after: float = RETRY_SECONDS,
        digests: DigestModels | None = None,
    ) -> None:
        self.session = session
        self.digests = digests
        self.clock = clock
        self.say = say
        self.calendar = calendar
        self.pinned = pinned
        self.quiet = quiet
        self.retry_after = retry_after
        self.day = pinned or clock.today()
        self.last_error: str | None = None
        self.retry_at: float | None = None
        self.settings = session.settings_stamp()
        self.keeper: Keeper | None = self._keeper()

    def _keeper(self) -> Keeper:
        from .outputs import Keeper

        s = self.session
        index, _ = s.index(sync=False)
        # A save's digest asks the whole index again (first tasks, link
        # problems, the picks' candidates): with 256 KiB of SQLite's own cache
        # its pages came back from the system's by a read() each, ~20 ms of
        # system time a save at 10,000 contacts. 1.5 MB holds what a save
        # reads again for ~1.3 MB of the watcher's memory (~3%).
        index.keep_page_cache(PAGE_CACHE_KIB)
        index.leave_checkpoints()  # to after a refresh's files are written (checkpoint)
        model = None if self.digests is None else self.digests(index, s.config)
        return Keeper(index, s.vault, s.config, s.renderer, s.write_lock, self.calendar, model)

    @property
    def digest_model(self) -> DigestModel | None:
        """The keeper's digest model (made when first asked: Keeper.digests)."""
        return None if self.keeper is None else self.keeper.digests

    def keep(self, path: str) -> bool:
        return self.session.vault.is_note_path(path)

    def close(self) -> None:
        """Stopping: what the next start needs to know of the sheets is kept."""
        if self.keeper is not None:
            self.keeper.close()

    def git_busy(self) -> str | None:
        return self.session.vault.git_operation()  # the vault as the settings now say

    def tick(self) -> bool:
        """Time passed: the settings, a retry after a failure, a new day.
        False when git holds the writing back (the watcher waits for it)."""
        if not self.settings_changed():
            return False
        if self.retry_at is not None and self.clock.monotonic() >= self.retry_at:
            self.retry_at = None
            if not self.refresh(None):
                return False
        if not self.new_day():
            return False
        self.warm()  # after the settings and the day: a model read for the old ones is lost
        return True

    def warm(self) -> None:
        """Read the digest model a look at everything left empty (the digest
        on disk was known current), between saves rather than at the next."""
        from .index import DatabaseFailure

        if self.keeper is None:
            return
        try:
            self.keeper.warm(self.day)
        except (NetnotesError, DatabaseFailure):  # the next refresh reads it, and says why
            pass

    def settings_changed(self) -> bool:
        """config.toml (or Obsidian's settings) changed: read them again, so
        the index is built for the settings in force, and look at everything."""
        stamp = self.session.settings_stamp()
        if stamp == self.settings:
            return True
        self.settings = stamp
        try:
            self.session.reload()
            self.keeper = None
            self.keeper = self._keeper()
        except NetnotesError as err:
            self._report_error(err.message)
            return True
        return self.refresh(None, why=f"{CONFIG_DIR}/{CONFIG_FILE} changed")

    def _report_error(self, message: str) -> None:
        if message != self.last_error:
            self.say(f"netnotes: {message}")
        self.last_error = message
        self.retry_at = self.clock.monotonic() + self.retry_after

    def new_day(self) -> bool:
        today = self.clock.today()
        if self.pinned is None and today != self.day:
            self.day = today
            return self.refresh(None, why=f"a new day, {self.day.isoformat()}")
        return True

    def hold(self, why: str) -> None:
        """Said once when git's work in the vault holds the writing back."""
        self.say(f"waiting for git to finish ({why}); netnotes writes when it is done")

    def refresh(
        self, paths: set[str] | None, first: bool = False, why: str = "", synced: bool = False
    ) -> bool:
        """False when a git operation refused the writing (the watcher waits for it).
        `synced`: the caller has just brought the whole index up to date.
        Once its files are written and said, the WAL is checkpointed."""
        try:
            return self._refresh(paths, first, why, synced)
        finally:
            self.checkpoint()

    def checkpoint(self) -> None:
        """The index's WAL checkpointed when it has grown (checkpoints.py):
        after a refresh, so that no save waits for it."""
        from .index import DatabaseFailure

        if self.keeper is None:
            return
        try:
            self.keeper.index.checkpoint()
        except DatabaseFailure:  # the next refresh tries again
            pass

    def _refresh(self, paths: set[str] | None, first: bool, why: str, synced: bool) -> bool:
        started = self.clock.monotonic()
        try:
            if self.keeper is None:
                self.keeper = self._keeper()
        except NetnotesError as err:
            self._report_error(err.message)
            return True
        if paths is None and not first:
            collect_garbage()  # (what saves left in the oldest generation: before the walks)
        real = self.clock.today()
        done = self.keeper.refresh(
            self.day, None if first else paths, real if self.day == real else None, sync=not synced
        )
        memo.forget()  # the parser's memos would hold deleted notes' lines until evicted
        if not first:  # (the first: once `watch` said it is watching)
            collect_garbage(everything=paths is None)
        if done.git_busy:
            return False
        if done.error is not None:
            self._report_error(done.error)
            return True
        self.last_error = self.retry_at = None
        for problem in done.failed:
            self.say(problem_line(problem))
        if self.quiet or not (first or done.written or done.changed or done.removed or why):
            return True
        what = why or _what_changed(done.changed, paths, first)
        wrote = f"wrote {', '.join(done.written)}" if done.written else "no file changed"
        if done.removed:
            wrote += f"; removed {', '.join(done.removed)}"
        seconds = self.clock.monotonic() - started
        self.say(f"{self.clock.time_of_day()} {what} · {wrote} ({seconds:.2f} s)")
        return True


def collect_garbage(everything: bool = True) -> None:
    """What a refresh built (the digest, the sheets) is left in reference
    cycles by the templates' contexts; Python's own thresholds reach a heap
    this size seldom, so the memory of every save would pile up. What is
    freed goes back to the system where the C library can say so (glibc's
    malloc_trim): else the peak of the first refresh stays the process's.

    Not `everything` (after a save): the young generations only. A save's
    garbage is young but for a few KB; scanning the oldest, the digest's
    model most of it, costs ~50 ms a save at 10,000 contacts, ~0.35 s at
    100,000. The next look at everything collects what a save left there."""
    gc.collect() if everything else gc.collect(1)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def _what_changed(changed: list[str], paths: set[str] | None, first: bool) -> str:
    # A note another netnotes command (log, done) already indexed is not
    # "changed" for the index, but it is what the watcher saw change.
    seen = list(changed) or sorted(paths or ())
    more = f" and {len(seen) - 3} more" if len(seen) > 3 else ""
    names = printable(", ".join(seen[:3]) + more)
    if first:
        return "up to date" if not names else f"{names} changed"
    return f"{names} changed" if names else "refreshed"

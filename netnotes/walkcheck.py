"""The no-change check every command starts with, run in a child process
beside the command's own reads (issue 20). At 10,000 contacts the walk
stats 26,000 files, ~90 ms spent mostly in the kernel, which a second core
does while this one reads the index. The child exits 0 when the walk finds
the vault as the index saw it last (sync.StoredWalk); the reads stand then,
and otherwise the command syncs and reads again (Session.read).

Only where it pays and is safe: a vault of BESIDE_FROM notes or more whose
last sync found it unchanged (a digest stored), on a system with fork, in a
process running no other thread (a forked child holds only the forking one).
The child never touches the index's connection: it walks, compares with what
was read before the fork, removes netnotes' stale temp files as a sync
would, and leaves by os._exit (no buffers flushed, no handlers run)."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from .sync import StoredWalk

if TYPE_CHECKING:
    from .index import Index

BESIDE_FROM = 2000  # notes from which a child's start-up (~2 ms) is worth it
UNCHANGED = 0


class WalkCheck:
    """A child process walking the vault; `unchanged()` waits for its answer."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._answer: bool | None = None

    @classmethod
    def start(cls, index: Index) -> WalkCheck | None:
        """The check under way, or None where it is not worth it or not safe."""
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None
        largest = index.conn.execute("SELECT MAX(id) FROM files").fetchone()[0]
        if largest is None or largest < BESIDE_FROM:
            return None
        stored = StoredWalk.read(index.conn)
        if stored.digest is None:
            return None
        import signal

        if signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN:
            return None  # the kernel would reap the child before it could answer
        # A Ctrl-C is the parent's: blocked across the fork, and in the child for good.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except OSError:  # no process to spare: the walk is done here, as without
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            return None
        if pid == 0:  # the child
            _walk_and_exit(index, stored)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        return cls(pid)

    def unchanged(self) -> bool:
        """Whether the walk found the vault as the index saw it last."""
        if self._answer is None:
            try:
                _, status = os.waitpid(self.pid, 0)
            except ChildProcessError:  # reaped by someone else: no answer, so sync here
                self._answer = False
            else:
                self._answer = os.waitstatus_to_exitcode(status) == UNCHANGED
        return self._answer

    def __enter__(self) -> WalkCheck:
        return self

    def __exit__(self, *exc: object) -> None:
        self.unchanged()  # the child reaped, whatever happened meanwhile


def _walk_and_exit(index: Index, stored: StoredWalk) -> None:
    import gc

    gc.disable()  # no finalizer of the parent's objects runs here, no page is copied for it
    code = 2
    try:
        walk = index.vault.scan()
        index.vault.remove_stale_temps(walk.stale)
        code = UNCHANGED if stored.matches(walk) else 1
    finally:
        os._exit(code)

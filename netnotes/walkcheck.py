"""The no-change check every command starts with, run in a child process
beside the command's own reads (issue 20). At 10,000 contacts the walk
stats 26,000 files, ~90 ms spent mostly in the kernel, which a second core
does while this one reads the index. The child exits 0 when the walk finds
the vault as the index saw it last (lastwalk.StoredWalk); the reads stand
then, and otherwise the command syncs and reads again (Session.read). A
command that reads this way starts its child before it imports the index
and its own modules (`ahead`, from the index file as it is): its answer
counts only if the index, once opened, holds the walk the child compared with.

Only where it pays and is safe: a vault of BESIDE_FROM notes or more whose
last sync found it unchanged (a digest stored), on a system with fork, in a
process running no other thread (a forked child holds only the forking one).
The child never touches the index's connection: it walks, compares with what
was read before the fork, removes netnotes' stale temp files as a sync
would, sends through a pipe the files it found that are no notes (Walk.others:
the link judge's attachments, which the parent would otherwise walk the vault
again for), and leaves by os._exit (no buffers flushed, no handlers run)."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from .lastwalk import StoredWalk, walk_vault

if TYPE_CHECKING:
    from pathlib import Path

    from .index import Index
    from .vault import Vault

BESIDE_FROM = 2000  # notes from which a child's start-up (~2 ms) is worth it
UNCHANGED = 0
CHANGED = 1
FAILED = 2  # the child's walk raised: the parent walks here
_SEPARATOR = "\0"  # in no file name


class WalkCheck:
    """A child process walking the vault; `unchanged()` waits for its answer."""

    def __init__(self, pid: int, listing: int, stored: StoredWalk) -> None:
        self.pid = pid
        self.stored = stored  # what the child's walk is compared with
        self._listing = listing  # the pipe the child sends its Walk.others through
        self._sent: list[bytes] = []
        self._answer: bool | None = None
        self._others: list[str] | None = None

    @classmethod
    def start(cls, index: Index) -> WalkCheck | None:
        """The check under way, or None where it is not worth it or not safe."""
        check = cls._start(index.vault, StoredWalk.read(index.conn))
        if check is not None:
            index.list_others(check.others)  # the read's link judge asks, if it must
        return check

    @classmethod
    def ahead(cls, vault: Vault, index_path: Path, needs: str | None = None) -> WalkCheck | None:
        """The check started before the index is opened, from what its file
        holds (StoredWalk.peek: `needs`, a meta key it must hold); see taken_by."""
        stored = StoredWalk.peek(index_path, needs)
        return None if stored is None else cls._start(vault, stored)

    def taken_by(self, index: Index) -> bool:
        """Whether this check, started ahead, answers for `index` as opened:
        it holds the walk the child compares with. If so the read's link
        judge takes the child's listing; if not the child is stopped."""
        if StoredWalk.read(index.conn) != self.stored:
            self.cancel()
            return False
        index.list_others(self.others)
        return True

    @classmethod
    def _start(cls, vault: Vault, stored: StoredWalk) -> WalkCheck | None:
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None
        if stored.digest is None or stored.notes is None or stored.notes < BESIDE_FROM:
            return None
        import signal

        if signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN:
            return None  # the kernel would reap the child before it could answer
        return cls._fork(vault, stored)

    @classmethod
    def _fork(cls, vault: Vault, stored: StoredWalk) -> WalkCheck | None:
        """The child started, with a pipe to send its listing through; None
        when there is no process or file descriptor to spare (the walk is
        done here then, as without a child)."""
        import signal

        try:
            listing, sending = os.pipe()
        except OSError:
            return None
        # A Ctrl-C is the parent's: blocked across the fork, and in the child for good.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            os.close(listing)
            os.close(sending)
            return None
        if pid == 0:  # the child
            os.close(listing)
            _walk_and_exit(vault, stored, sending)
        os.close(sending)
        check = cls(pid, listing, stored)
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        except BaseException:  # a Ctrl-C held across the fork arrives here: no orphan
            check.cancel()
            raise
        return check

    def unchanged(self) -> bool:
        """Whether the walk found the vault as the index saw it last."""
        if self._answer is None:
            self._reap()
        return bool(self._answer)

    def others(self) -> list[str] | None:
        """The files the child's walk found that are no notes (Walk.others),
        or None when it sent none (it failed)."""
        if self._answer is None:
            self._reap()
        return self._others

    def cancel(self) -> None:
        """The child stopped, its answer unasked (none: the index syncs)."""
        if self._answer is None:
            import signal

            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:  # reaped by someone else: _reap says so
                pass
            self._reap()
        self._answer = False

    def _reap(self) -> None:
        """The child's listing read to its end (until then it may wait to
        write it all), then its exit status."""
        if self._listing >= 0:
            while chunk := os.read(self._listing, 1 << 16):
                self._sent.append(chunk)
            os.close(self._listing)
            self._listing = -1
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:  # reaped by someone else: no answer, so sync here
            self._answer = False
            return
        code = os.waitstatus_to_exitcode(status)
        self._answer = code == UNCHANGED
        if code in (UNCHANGED, CHANGED):  # a walk made: its listing is whole
            sent = os.fsdecode(b"".join(self._sent))
            self._others = sent.split(_SEPARATOR) if sent else []
        self._sent = []

    def __enter__(self) -> WalkCheck:
        return self

    def __exit__(self, *exc: object) -> None:
        self.unchanged()  # the child reaped, whatever happened meanwhile


def _walk_and_exit(vault: Vault, stored: StoredWalk, sending: int) -> None:
    import gc

    gc.disable()  # no finalizer of the parent's objects runs here, no page is copied for it
    code = FAILED
    try:
        walk = walk_vault(vault)
        answer = UNCHANGED if stored.matches(walk) else CHANGED
        with open(sending, "wb") as pipe:  # closed on leaving: the parent reads to its end
            pipe.write(os.fsencode(_SEPARATOR.join(walk.others)))
        code = answer
    finally:
        os._exit(code)

"""`watch`: keep the index and the generated files current while you edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..session import Session
from .shared import date_option, pass_session, say

if TYPE_CHECKING:
    from ..watch import Watcher


@click.command(short_help="Keep the digest and prep sheets current while you edit.")
@date_option
@click.option("--quiet", is_flag=True, help="No line per update (problems are still reported).")
@click.option(
    "--ics",
    "ics",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Also keep this calendar current (what `export ics` writes), for a calendar app to subscribe to.",
)
@pass_session
def watch(session: Session, today: date | None, quiet: bool, ics: str | None) -> None:
    """Keep the index, the digest and the prep sheets of coming meetings
    current while you edit your notes, until Ctrl-C.

    On start it brings everything up to date; then, after each save (debounced
    by a fifth of a second), it re-indexes just what changed and rewrites the
    files whose content changed, with one line on stderr per update. Without
    --date, "today" follows the clock, so the digest rolls over at midnight.

    \b
    Example:  netnotes watch
              netnotes watch --ics ~/Calendars/netnotes.ics
    """
    import signal
    import time

    from ..watch import Clock, Watcher, WatchSession, collect_garbage

    session.index()  # before the observer's threads: a first index parses in two processes
    calendar = Path(ics).expanduser() if ics else None
    watching = WatchSession(
        session,
        Clock(today=date.today),
        lambda line: say(line, err=True),
        calendar=calendar,
        pinned=today,
        quiet=quiet,
    )
    watcher = Watcher(
        session.root,
        watching.keep,
        watching.refresh,
        watching.tick,
        git_busy=watching.git_busy,
        on_hold=watching.hold,
    )

    def stop(signum: int, frame: object) -> None:
        watcher.stop.set()

    try:
        # Watch, then refresh from the index just synced: a save made while the
        # first refresh runs is an event waiting for the loop, and the vault
        # is walked once.
        _start(watcher)
        if watching.refresh(None, first=True, synced=True) is False:
            watcher.hold()
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        say(f"watching {session.root} (Ctrl-C to stop)", err=True)
        collect_garbage()
        started = time.monotonic()
        watcher.run()
    finally:
        watcher.close()
        watching.close()
    if not quiet:
        say(f"stopped after {time.monotonic() - started:.0f} s", err=True)


def _start(watcher: Watcher) -> None:
    """Start the observer; out of inotify watches, say how to raise the limit and poll."""
    from ..watch import WatchLimitError

    try:
        watcher.start()
    except WatchLimitError as err:
        say(
            f"netnotes: the system is out of file watches ({err.strerror}); raise the limit with "
            "`sudo sysctl fs.inotify.max_user_watches=524288` (and in /etc/sysctl.conf to keep "
            "it); meanwhile netnotes polls the vault every second",
            err=True,
        )
        watcher.polling = True
        watcher.start()

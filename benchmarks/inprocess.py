#!/usr/bin/env python3
"""The benchmark's few in-process figures, in a child process of their own.

    python benchmarks/inprocess.py syncs VAULT EDITS   # no-change sync, one changed note
    python benchmarks/inprocess.py plan CSV            # import planning of a LinkedIn file

It prints one JSON object of figures. These are the only figures that reach
inside netnotes (the vault session's `index()`, `Index.sync(paths=…)` timed
and then, untimed, the WAL checkpoint a watcher runs after writing a save's
files (`leave_checkpoints`, `checkpoint`), the import's planner); everything else in benchmarks/run.py drives the CLI as a user
does. Kept apart so that when the internals move, only these figures go
missing (run.py reports them as "-" and says why) while the rest still run.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def open_session(vault: Path) -> Any:
    """The object every command opens: the vault, its config and the index."""
    from netnotes.session import Session

    return Session(vault)


def syncs(vault: Path, edits: int) -> dict[str, float]:
    """The no-change sync, and one changed note re-indexed by path as the
    watcher does, inside one process. Timed: what a watcher's save waits on
    before its digest is rendered, the sync and its commit; then, untimed,
    the WAL's checkpoint the watcher runs once it has written the outputs
    (its connection leaves checkpoints out of the commits, as here)."""
    session = open_session(vault)
    index, _ = session.index()
    index.leave_checkpoints()
    no_change = statistics.median(_seconds(index.sync) for _ in range(7))
    people = sorted((vault / "People").glob("*.md"))
    target = people[len(people) // 2]
    hint = {target.relative_to(vault).as_posix()}
    original = target.read_bytes()
    times = []
    try:
        for n in range(edits):
            target.write_bytes(original + f"\n- benchmark edit {n}\n".encode())
            times.append(_seconds(lambda: index.sync(paths=hint)))
            index.checkpoint()
    finally:
        target.write_bytes(original)
        index.sync()
        session.close()
    times.sort()
    return {
        "no_change_sync_in_process": no_change,
        "one_change_p50": times[len(times) // 2],
        "one_change_p99": times[min(len(times) - 1, int(len(times) * 0.99))],
    }


def plan(source: Path) -> dict[str, float]:
    """The fastest of three: read a LinkedIn file, match, plan (no writes)."""
    from netnotes.config import Config
    from netnotes.interop import read_source
    from netnotes.interop.plan import build_plan

    data = source.read_bytes()

    def once() -> None:
        entries, _ = read_source("linkedin", source.name, data)
        build_plan("linkedin", source.name, entries, [], Config(), lambda path: False)

    return {"plan_seconds": min(_seconds(once) for _ in range(3))}


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    what, *rest = argv
    if what == "syncs":
        figures = syncs(Path(rest[0]), int(rest[1]))
    elif what == "plan":
        figures = plan(Path(rest[0]))
    else:
        raise SystemExit(f"unknown figure set {what!r}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

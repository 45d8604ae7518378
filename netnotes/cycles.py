"""Python's cycle collector paused while a command makes many small objects
that form no cycles: a digest's rows, `list`'s table, a prep sheet."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycles_unchecked() -> Iterator[None]:
    """Python's cycle collector paused: a digest makes some 10^5 small objects
    that form no cycles, and the collector would scan the growing heap again
    and again for nothing (a fifth of the digest's time at 10,000 contacts).
    Resumed, it would scan them all once more as young objects at the next
    allocation: they join the oldest generation instead (freeze, then unfreeze),
    where a cycle among them is still found at the next full collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()

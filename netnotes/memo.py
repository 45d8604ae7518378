"""Memos: a key's answer remembered, bounded. A hit stays the caller's own
dict lookup; only a miss comes here. The parser's memos are registered, so a
long-running watcher can forget them all (and the text of notes since
deleted, personal items among it) once a refresh is done."""

from __future__ import annotations

from itertools import islice
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

# Keys longer than this are not remembered: the lines that recur are short,
# and a long one held whole is memory for nothing.
LONGEST = 256

_REGISTERED: list[dict] = []


def registered() -> dict:
    """A new module-level memo, one that forget() clears."""
    held: dict = {}
    _REGISTERED.append(held)
    return held


def remember(held: dict[K, V], key: K, answer: V, cap: int) -> V:
    """`answer`, kept as `key`'s in `held` (of at most `cap` entries) unless
    the key is a string too long to recur."""
    if not isinstance(key, str) or len(key) <= LONGEST:
        make_room(held, cap)
        held[key] = answer
    return answer


def make_room(held: dict, cap: int) -> None:
    """Before one more entry goes into a memo of at most `cap`: past it, the
    oldest quarter goes (the rest is likely still wanted, and evicting one at
    a time would walk the dict's deleted slots on every miss)."""
    if len(held) >= cap:
        for key in list(islice(held, max(cap // 4, 1))):
            del held[key]


def forget() -> None:
    """Every registered memo emptied."""
    for held in _REGISTERED:
        held.clear()


def held_entries() -> int:
    """How many entries the registered memos hold, all told."""
    return sum(len(held) for held in _REGISTERED)

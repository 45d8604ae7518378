"""Working through the list (DESIGN.md §4): the second clock (time to meet in
person), who is long lost, and this week's picks. Pure functions of what the
digest already read from the index; digest_work.py wires them in.

Every rule here takes `today` as an argument and sorts with ties broken by
the contact's place in the index's order (`rank`), so the same vault and the
same date always give the same rows.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from .digest_rows import cadence_words, span_text
from .people import Member
from .roster import Memo

if TYPE_CHECKING:
    from .digest_rows import PersonLink
    from .jsonrows import FlatRows

LONG_LOST_DAYS = 365  # past this (or two cadences, when shorter) someone is long lost
_RUNG_WORDS = {"above": "above you", "peer": "a peer", "below": "below you"}


# --- the second clock: time to meet in person --------------------------------


class MeetRow(NamedTuple):
    """Someone met face to face before whose face-to-face clock has lapsed.
    An immutable value, as digest_rows' rows made one per contact (thousands
    in a JSON digest)."""

    person: PersonLink
    ladder: str | None
    last_in_person: date
    last_touch: date | None
    due: date  # last face to face + meet_every (or `snooze:` when later)
    days_overdue: int
    overdue_for: str  # 138 days, over 2 years
    meet_every: str  # as read: 6m, 1y …
    meet_every_days: int  # its nominal length (a month is 30 days)
    meet_every_text: str  # every 6 months
    long_lost: bool


def meet_row(due: tuple[str, Member, int], person: Callable[[str], PersonLink]) -> MeetRow:
    """The meet-in-person row of one whose face-to-face clock has lapsed
    (digest_work.lapsed_meetings): path, standing, days overdue."""
    path, s, late = due
    assert s.last_in_person is not None and s.meet_due is not None  # lapsed_meetings
    every = _WORDS[s.meet_every]
    return MeetRow(  # by position: keywords cost a JSON digest's thousands of rows 10 ms
        person(path),
        s.ladder,
        s.last_in_person,
        s.last_touch,
        s.meet_due,  # due
        late,  # days_overdue
        span_text(late),  # overdue_for
        every.written,  # meet_every
        every.days,  # meet_every_days
        every.text,  # meet_every_text
        is_long_lost(late, every.days),  # long_lost
    )


# A clock's words, worked out once per setting: a JSON digest's thousands of
# rows share a handful (bounded by the settings a vault and its config use).
_WORDS = Memo(cadence_words)


def meet_json(rows: Iterable[MeetRow]) -> FlatRows:
    """Flat rows (names, paths, ISO dates, numbers, a rung, a flag): the
    JSON writer need not look into them (thousands at 10,000 contacts)."""
    from .jsonrows import FlatRows  # the JSON digest's only

    return FlatRows(
        {
            "name": r.person.name,
            "path": r.person.path,
            "last_in_person": r.last_in_person.isoformat(),
            "due": r.due.isoformat(),
            "days_overdue": r.days_overdue,
            "meet_every_days": r.meet_every_days,
            "meet_every": r.meet_every,
            "ladder": r.ladder,
            "long_lost": r.long_lost,
        }
        for r in rows
    )


# --- long lost -----------------------------------------------------------------


def is_long_lost(days_overdue: int, cadence_days: int) -> bool:
    """Lapsed long ago: overdue by more than two cadences or a year, whichever
    is shorter."""
    return days_overdue > min(2 * cadence_days, LONG_LOST_DAYS)


# --- this week's picks --------------------------------------------------------


class Candidate(NamedTuple):
    """Someone due for a touch or a meeting, as picks weigh them: made only
    of whom choose_picks could take (digest_work._CANDIDATES: everyone with
    news, the first few of each rung), a few dozen of the thousands due."""

    path: str
    ladder: str | None
    long_lost: bool
    days_overdue: int
    in_person: bool  # due on the second clock only: time to meet in person
    news: str | None  # "shared 2026-08-01: Her daughter Emma is applying to colleges"
    rank: tuple[str, str]  # their place in the index's order: (sort key, path)


class Pick(NamedTuple):
    person: PersonLink
    ladder: str | None
    reason: str  # one line, quoting the user's own words


def rung_order(touches_90d: Mapping[str, int]) -> list[str]:
    """Above, peer and below, the one with the fewest touches in the last 90
    days first (ties in that order); unplaced last."""
    rungs = ("above", "peer", "below")
    return sorted(rungs, key=lambda r: (touches_90d.get(r, 0), rungs.index(r))) + ["unplaced"]


def choose_picks(
    candidates: Iterable[Candidate], touches_90d: Mapping[str, int], count: int
) -> list[Candidate]:
    """Up to `count` people, deterministically: the recently lapsed before the
    long lost; within each, one from each rung in turn, the most neglected
    rung first; within a rung, someone with news to follow up first, then the
    most overdue, then by name."""
    order = rung_order(touches_90d)
    chosen: list[Candidate] = []
    everyone = list(candidates)
    for lost in (False, True):
        queues: dict[str, list[Candidate]] = {rung: [] for rung in order}
        for c in everyone:
            if c.long_lost == lost:
                queues[c.ladder or "unplaced"].append(c)
        for rung, queue in queues.items():  # no rung gives more than are left to choose
            queues[rung] = heapq.nsmallest(count - len(chosen), queue, key=_pick_order)
        while len(chosen) < count and any(queues.values()):
            for rung in order:
                if queues[rung] and len(chosen) < count:
                    chosen.append(queues[rung].pop(0))
    return chosen


def _pick_order(c: Candidate) -> tuple[bool, int, tuple[str, str]]:
    return (c.news is None, -c.days_overdue, c.rank)


def reason(candidate: Candidate, last: str) -> str:
    """`above you · last lunch 75 days ago · shared 2026-08-01: <their words>`."""
    parts = [_RUNG_WORDS.get(candidate.ladder or ""), last, candidate.news]
    return " · ".join(p for p in parts if p)


def last_text(what: str, day: date, today: date) -> str:
    """`last lunch 75 days ago`, `last touch over 2 years ago`."""
    days = (today - day).days
    if days == 0:
        return f"last {what} today"
    if days < 365:
        return f"last {what} {days} day{'' if days == 1 else 's'} ago"
    years = days // 365
    return f"last {what} over {'a year' if years == 1 else f'{years} years'} ago"


def picks_json(rows: Iterable[Pick]) -> list[dict[str, object]]:
    return [
        {"name": p.person.name, "path": p.person.path, "ladder": p.ladder, "reason": p.reason}
        for p in rows
    ]

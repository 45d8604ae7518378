"""How the ladder is balanced, and what needs attention: active contacts and
their touches per rung with a warning when a rung goes quiet, and the
problems `netnotes check` reports."""

from __future__ import annotations

from .digest_due import ADDRESS_BOOK
from .digest_facts import RECENT_DAYS
from .digest_network import Network
from .digest_rows import Attention, Rung
from .digest_scope import RUNG_LABELS, RUNGS
from .models import ERROR, Problem

# Active contacts per rung, and their days with a touch over the last 90
# days, those in person (the table member's days90 and seen90: a `met:` day in
# the span counts as a face-to-face day when no touch is on it, and as in
# person when a touch there was not), from the table's totals (a few rows,
# where every member's was read). The address book (digest_due's, all
# unplaced) is taken out of them after: a few rows looked up.
_LADDER = (
    "SELECT rung, SUM(members), SUM(days90), SUM(seen90) FROM member_totals"
    " WHERE status = 'active' GROUP BY 1"
)


def ladder_rows(net: Network) -> tuple[Rung, ...]:
    """Active contacts per rung and their touches over the last 90 days (once
    per contact per day; a `met:` date in the window counts as face to face).
    The address book is not on the list, so not among the unplaced either
    (after digest_due.plan_ahead)."""
    counts = {
        rung: (contacts, touches, in_person)
        for rung, contacts, touches, in_person in net.conn.execute(_LADDER)
    }
    book, touched, seen = net.conn.execute(ADDRESS_BOOK).fetchone()
    if book:
        contacts, touches, in_person = counts["unplaced"]
        counts["unplaced"] = (contacts - book, touches - touched, in_person - seen)
    rungs = []
    for rung in RUNGS:
        contacts, touches, in_person = counts.get(rung, (0, 0, 0))
        warning = _rung_warning(rung, contacts, touches, in_person, net.narrowed)
        rungs.append(Rung(rung, RUNG_LABELS[rung], contacts, touches, in_person, warning))
    return tuple(rungs)


_WHO = {
    "above": "anyone above you",
    "peer": "any peer",
    "below": "anyone below you",
    "unplaced": "anyone unplaced",
}
_NOBODY = {
    "above": "Nobody above you on your list.",
    "peer": "No peers on your list.",
    "below": "Nobody below you on your list.",
}


def _rung_warning(
    rung: str, contacts: int, touches: int, in_person: int, narrowed: bool
) -> str | None:
    """A plain warning when a rung has gone quiet, or (for the whole network) is empty."""
    who = _WHO[rung]
    if contacts == 0:
        return None if narrowed else _NOBODY.get(rung)
    if touches == 0:
        return f"Gone quiet: no touch with {who} in {RECENT_DAYS} days."
    if in_person == 0:
        return f"No face-to-face time with {who} in {RECENT_DAYS} days."
    return None


def attention_problems(problems: list[Problem], only: set[str] | None) -> list[Problem]:
    """What `netnotes check` reports (errors first), or for a narrowed digest
    what it reports about the admitted contacts' own notes. `problems` in
    Index.problems()'s order."""
    wanted = [p for p in problems if only is None or p.path in only]
    # problems come sorted by path, line, severity, problem: taking the errors
    # out first keeps that order within each kind, as sorting again would.
    errors = [p for p in wanted if p.severity == ERROR]
    return errors + [p for p in wanted if p.severity != ERROR] if errors else wanted


def attention_row(p: Problem) -> Attention:
    return Attention(p.path, p.line, p.severity, p.problem, p.detail)

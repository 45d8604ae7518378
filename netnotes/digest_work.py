"""Working through the list, for the digest: meet in person (the second
clock), quick touches, what to write up and this week's picks
(worklist.py, writeup.py and quicktouch.py hold their rules)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from .digest_due import Due
from .digest_network import Network, elsewhere, people_of
from .digest_rows import Rung
from .models import ACTIVE, PERSONAL, OwnedItem, Touch
from .naming import wikilink
from .people import Standing, once_per_contact_per_day
from .quicktouch import QuickTouch, quick_touch_rows
from .worklist import (
    Candidate,
    MeetRow,
    Pick,
    PickRoom,
    choose_picks,
    lapsed_in_person,
    last_text,
    meet_long_lost,
    meet_row,
    reason,
)
from .writeup import WriteUp, write_up_rows

if TYPE_CHECKING:
    from .digest_facts import DigestFacts
    from .index import Index


Lapsed = tuple[str, Standing, int]  # whom to meet in person: path, standing, days overdue


def lapsed_meetings(net: Network) -> list[Lapsed]:
    """The second clock: whom to see face to face, in the section's order
    (worklist.lapsed_in_person), before their rows are made."""
    in_person_ahead = {t.contact for t in net.ahead if t.in_person}
    return lapsed_in_person(net.standings, net.today, in_person_ahead)


def meet_in_person_rows(net: Network, lapsed: list[Lapsed]) -> list[MeetRow]:
    """The rows of these lapsed meetings (the first of lapsed_meetings, or all)."""
    return [meet_row(due, net.person) for due in lapsed]


def quick_touch_section(facts: DigestFacts, net: Network) -> list[QuickTouch]:
    """Personal items whose named date has just passed (quicktouch.py)."""
    return quick_touch_rows(
        _shared_lately(facts, net),
        {path: s.last_touch for path, s in net.standings.items()},
        net.today,
        net.person,
        lambda path, who: elsewhere(path, (who,)),
    )


def pick_rows(
    index: Index,
    net: Network,
    items: list[OwnedItem],
    due: tuple[list[Due], list[Lapsed], list[QuickTouch]],
    ladder: tuple[Rung, ...],
    count: int,
) -> tuple[Pick, ...]:
    """This week's picks among everyone due on either clock (`due`: the
    overdue contacts, lapsed_meetings and the quick touches section)."""
    overdue, meet, quick = due
    candidates = _candidates(net, overdue, meet, _news(net, items, quick), count)
    return _picks(index, net, candidates, ladder, count)


def _shared_lately(facts: DigestFacts, net: Network) -> list[OwnedItem]:
    """Active contacts' personal items shared recently enough to name a date
    that has just passed (the facts' window: SHARED_LOOKBACK_DAYS), in the
    index's order."""
    found = [
        i
        for i in facts.shared_items()
        if i.contact in net.contacts and net.contacts[i.contact].status == ACTIVE
    ]
    return sorted(found, key=lambda i: (net.rank[i.contact], i.path, i.line))


def _candidates(
    net: Network, overdue: list[Due], meet: list[Lapsed], news: dict[str, str], count: int
) -> list[Candidate]:
    """Everyone due on either clock, with nothing planned within the horizon,
    whom choose_picks could take of `count` (PickRoom: both lists come most
    overdue first, ties in the index's order)."""
    seen = {t.contact for t in net.ahead}  # planned, then each contact once
    rank = net.rank
    candidates = []
    room = PickRoom(count, seen)
    for path, s, late, lost in overdue:
        said = news.get(path)
        if room.takes(path, s.contact.ladder, lost, said):
            candidates.append(
                Candidate(path, s.contact.ladder, lost, late, False, said, rank[path])
            )
    room = PickRoom(count, seen)
    for path, s, late in meet:
        if path in seen:  # most: the overdue list had them; no need to weigh them
            continue
        lost, said = meet_long_lost(s, late), news.get(path)
        if room.takes(path, s.contact.ladder, lost, said):
            candidates.append(Candidate(path, s.contact.ladder, lost, late, True, said, rank[path]))
    return candidates


def _picks(
    index: Index, net: Network, candidates: list[Candidate], ladder: tuple[Rung, ...], count: int
) -> tuple[Pick, ...]:
    chosen = choose_picks(candidates, {r.rung: r.touches_90d for r in ladder}, count)
    touches = index.touches_of({c.path for c in chosen}, net.today) if chosen else []
    return tuple(
        Pick(net.person(c.path), c.ladder, reason(c, _last_words(net, c, touches))) for c in chosen
    )


def _news(net: Network, items: list[OwnedItem], quick: list[QuickTouch]) -> dict[str, str]:
    """Per contact, something to follow up in their own words: a quick touch,
    else a personal item shared at the last conversation. Never #sensitive."""
    news: dict[str, str] = {}
    for q in quick:
        news.setdefault(q.person.path, f"shared {q.shared.isoformat()}: {q.text}")
    for i in items:
        last = net.standings[i.contact].last_touch
        words = i.text  # comments are out already: the parser's work
        if (
            i.type == PERSONAL
            and not i.sensitive
            and i.date is not None
            and i.date == last
            and words
        ):
            news.setdefault(i.contact, f"shared {i.date.isoformat()}: {words}")
    return news


def _last_words(net: Network, c: Candidate, touches: list[Touch]) -> str:
    """`last lunch 75 days ago`: the last touch (or face to face, for the
    second clock) by its kind."""
    s = net.standings[c.path]
    day = s.last_in_person if c.in_person else s.last_touch
    if day is None:
        return ""
    that_day = [
        t
        for t in touches
        if t.contact == c.path and t.date == day and (t.in_person or not c.in_person)
    ]
    kinds = [t.kind for t in once_per_contact_per_day(that_day) if t.kind]
    what = kinds[0] if kinds else "face to face" if c.in_person or not that_day else "touch"
    return last_text(what, day, net.today)


def write_up_section(index: Index, facts: DigestFacts, net: Network) -> list[WriteUp]:
    """Unnoted in-person meetings of the window (WRITE_UP_DAYS, the facts'),
    once per contact per day — unless something in person that day has notes
    (a meeting note beside an empty log entry, a second entry `log` wrote, a
    daily-note line)."""
    end = net.today - timedelta(days=1)
    unnoted = [t for t in facts.unnoted_touches() if t.contact in net.contacts]
    days = {(t.contact, t.date) for t in unnoted}
    noted_days = {
        (t.contact, t.date)
        for t in index.touches_of({c for c, _ in days}, end)
        if (t.contact, t.date) in days and t.in_person and t.noted
    }
    touches = [
        t for t in once_per_contact_per_day(unnoted) if (t.contact, t.date) not in noted_days
    ]
    return write_up_rows(touches, lambda paths: people_of(net, paths), wikilink)

"""Working through the list, for the digest: meet in person (the second
clock), quick touches, what to write up and this week's picks
(worklist.py, writeup.py and quicktouch.py hold their rules)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from .digest_network import Network, elsewhere, in_person_ahead, people_of
from .digest_rows import Rung
from .digest_scope import RUNGS
from .models import ACTIVE, PERSONAL, OwnedItem, Touch
from .naming import wikilink
from .people import Member, once_per_contact_per_day
from .quicktouch import QuickTouch, quick_touch_rows
from .results import day_of
from .worklist import (
    Candidate,
    MeetRow,
    Pick,
    choose_picks,
    last_text,
    meet_row,
    reason,
)
from .writeup import WriteUp, write_up_rows

if TYPE_CHECKING:
    from .digest_facts import DigestFacts
    from .index import Index


Lapsed = tuple[str, Member, int]  # whom to meet in person: path, standing, days overdue

# The second clock: contacts met face to face before whose meet_every has
# lapsed, and how many days (the member table's meet_late) — never anyone
# not yet met in person (they are still to meet), nor anyone with an
# in-person meeting planned within the horizon (left out as the rows come,
# from a set in Python; counted out by :in_person_ahead, a JSON list). Most
# overdue first, ties in the index's order.
_MEET_ROWS = (
    "SELECT f.path, meet_late FROM member m CROSS JOIN files f ON f.id = m.file"
    " WHERE meet_late IS NOT NULL ORDER BY meet_due_day, sort_key, f.path"
)
_MEET_COUNT = "SELECT COUNT(*) FROM member WHERE meet_late IS NOT NULL"
_MEET_PLANNED = (  # of those, the ones with an in-person meeting planned
    "SELECT COUNT(*) FROM json_each(:in_person_ahead) j CROSS JOIN files f ON f.path = j.value"
    " CROSS JOIN member m ON m.file = f.id WHERE m.meet_late IS NOT NULL"
)


class LapsedFound(NamedTuple):
    first: list[Lapsed]  # in the section's order
    total: int


def lapsed_meetings(net: Network, first: int | None) -> LapsedFound:
    """The second clock (_MEET_ROWS): the `first` whom to see face to face
    (None: all of them), before their rows are made, and how many there are."""
    ahead = in_person_ahead(net.ahead)
    rows = (row for row in net.conn.execute(_MEET_ROWS) if row[0] not in ahead)
    found = list(islice(rows, first))
    net.contacts.load(path for path, _ in found)
    if first is None:
        total = len(found)
    else:
        total = net.conn.execute(_MEET_COUNT).fetchone()[0]
        asked = {"in_person_ahead": json.dumps(sorted(ahead))}
        total -= net.conn.execute(_MEET_PLANNED, asked).fetchone()[0]
    return LapsedFound([(path, net.contacts[path], late) for path, late in found], int(total))


def meet_in_person_rows(net: Network, lapsed: list[Lapsed]) -> list[MeetRow]:
    """The rows of these lapsed meetings (the first of lapsed_meetings, or all)."""
    return [meet_row(due, net.person) for due in lapsed]


def quick_touch_section(facts: DigestFacts, net: Network) -> list[QuickTouch]:
    """Personal items whose named date has just passed (quicktouch.py)."""
    shared = _shared_lately(facts, net)
    return quick_touch_rows(
        shared,
        {i.contact: net.contacts.standing(i.contact).last_touch for i in shared},
        net.today,
        net.person,
        lambda path, who: elsewhere(path, (who,)),
    )


def pick_rows(
    index: Index,
    net: Network,
    items: list[OwnedItem] | None,
    quick: list[QuickTouch],
    ladder: tuple[Rung, ...],
    count: int,
) -> tuple[Pick, ...]:
    """This week's picks among everyone due on either clock: the overdue,
    those to meet in person, and whom the quick touches name. `items`
    None: no open item was read (the markdown's first rows): the news of
    the personal items is asked of the table member (_ITEM_NEWS)."""
    news = _news(net, items or [], quick)
    candidates = _candidates(net, news, count, items is None)
    return _picks(index, net, candidates, ladder, count)


def _shared_lately(facts: DigestFacts, net: Network) -> list[OwnedItem]:
    """Active contacts' personal items shared recently enough to name a date
    that has just passed (the facts' window: SHARED_LOOKBACK_DAYS), in the
    index's order."""
    shared = facts.shared_items()
    members = net.contacts
    members.know(i.contact for i in shared)
    found = [
        i for i in shared if i.contact in members and members.standing(i.contact).status == ACTIVE
    ]
    return sorted(found, key=lambda i: (net.rank[i.contact], i.path, i.line))


# Whom choose_picks could take of `count`, from each clock's lapsed (the
# first's, then the second's): never one with something planned within the
# horizon (`seen`, which holds those with an in-person meeting planned), and
# of the second clock never one overdue on the first (its list had them).
# Of each rung on each side of long lost, the first `count`, most overdue
# first, ties in the index's order (read through the indexes fill_members
# makes): no one after them could be picked, since those with news ahead of
# one in its rung are ahead of it in choose_picks' queue too; and everyone
# with news (:news), whom choose_picks takes first. Those planned are left
# out as the rows come (a set in Python, not SQLite's set of ~1,000 paths
# made again for each of the 18 queries), each query read only as far as
# its first `count` kept.
_CLOCKS = {  # in person: days late, long lost, due day, and what else keeps one out
    False: ("late", "lost", "due_day", ""),
    True: ("meet_late", "meet_lost", "meet_due_day", " AND late IS NULL"),
}


def _queue(in_person: bool, lapsed: str, which: str = "") -> str:
    """The query of one clock's `lapsed` (SQL: FROM what, with the table
    member as m, files as f) that `which` (SQL) narrows, in order."""
    late, lost, due, also = _CLOCKS[in_person]
    return (
        f"SELECT f.path, c.ladder, {lost}, {late}, m.sort_key FROM {lapsed}"
        f" CROSS JOIN contacts c ON c.file = m.file WHERE {late} IS NOT NULL{also}"
        f"{which.format(lost=lost)} ORDER BY {due}, m.sort_key, f.path"
    )


_EVERY = "member m CROSS JOIN files f ON f.id = m.file"  # read through the clock's index
_IN_RUNG = " AND rung = :rung AND {lost} = :lost"
# Those with news, read from their list: thousands of the lapsed have none.
_WITH_NEWS = (
    "json_each(:news) n JOIN files f ON f.path = n.value CROSS JOIN member m ON m.file = f.id"
)
_QUEUES = {in_person: _queue(in_person, _EVERY, _IN_RUNG) for in_person in _CLOCKS}
_NEWS_QUEUES = {in_person: _queue(in_person, _WITH_NEWS) for in_person in _CLOCKS}
# A member's news of their personal items (_news' rule, on the table
# member): an item shared on their last touch (shared_on, whose items
# shared_items holds), not #sensitive, with words (of the member as m, the
# item as i).
_SAID = (
    "i.type = 'personal' AND NOT i.sensitive AND i.date = m.last AND i.text != ''"
    " AND m.shared_on = m.last"
)
_HAS_NEWS = (
    " AND m.shared_on = m.last AND EXISTS (SELECT 1 FROM json_each(m.shared_items) j"
    f" CROSS JOIN items i ON i.id = j.value WHERE {_SAID})"
)
# Of each rung on each side of long lost, the first `count` with news of
# their items (those choose_picks takes first), read as _QUEUES are: when no
# open item was read (pick_rows), in place of a list of everyone with news.
_ITEM_NEWS_QUEUES = {
    in_person: _queue(in_person, _EVERY, _IN_RUNG + _HAS_NEWS) for in_person in _CLOCKS
}
# Each of :paths' news of their items, first by note and line (as _news
# reads the open items: by contact, note, line).
_ITEM_NEWS = (
    "SELECT c.path, i.date, i.text FROM json_each(:paths) n CROSS JOIN files c ON c.path = n.value"
    " CROSS JOIN member m ON m.file = c.id CROSS JOIN json_each(m.shared_items) j"
    " CROSS JOIN items i ON i.id = j.value CROSS JOIN files f ON f.id = i.file"
    f" WHERE {_SAID} ORDER BY c.path, f.path, i.line"
)


def _candidates(
    net: Network, news: dict[str, str], count: int, ask_news: bool = False
) -> list[Candidate]:
    """Everyone due on either clock whom choose_picks could take of `count`
    (_queue), each once. `ask_news`: `news` holds only the quick touches';
    the news of the items is asked of the table member, of the first with
    news of each rung (_ITEM_NEWS_QUEUES) and then of those found."""
    seen = {t.contact for t in net.ahead}  # those with an in-person meeting planned among them
    found: dict[str, Candidate] = {}
    for in_person in (False, True):
        queues: list[tuple[str, dict[str, object], int | None]] = [
            (_QUEUES[in_person], {"rung": rung, "lost": lost}, count)
            for rung in RUNGS
            for lost in (False, True)
        ]
        if ask_news:
            queues += [
                (_ITEM_NEWS_QUEUES[in_person], {"rung": rung, "lost": lost}, count)
                for rung in RUNGS
                for lost in (False, True)
            ]
        queues.append((_NEWS_QUEUES[in_person], {"news": json.dumps(sorted(news))}, None))
        for sql, values, first in queues:
            rows = (row for row in net.conn.execute(sql, values) if row[0] not in seen)
            for path, ladder, lost, late, key in islice(rows, first):
                if path not in found:
                    said = news.get(path)
                    found[path] = Candidate(
                        path, ladder, bool(lost), late, in_person, said, (key, path)
                    )
    if ask_news:
        unsaid = sorted(path for path, c in found.items() if c.news is None)
        said_of: dict[str, str] = {}
        for path, day, words in net.conn.execute(_ITEM_NEWS, {"paths": json.dumps(unsaid)}):
            said_of.setdefault(path, _shared(day_of(day), words))
        for path, said in said_of.items():
            found[path] = found[path]._replace(news=said)
    return list(found.values())


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
        news.setdefault(q.person.path, _shared(q.shared, q.text))
    for i in items:
        words = i.text  # comments are out already: the parser's work
        if (
            i.type == PERSONAL
            and not i.sensitive
            and i.date is not None
            and words
            and i.date == net.contacts.standing(i.contact).last_touch
        ):
            news.setdefault(i.contact, _shared(i.date, words))
    return news


def _shared(day: date, words: str) -> str:
    """A pick's news as its reason words it: `shared 2026-03-01: …`."""
    return f"shared {day.isoformat()}: {words}"


def _last_words(net: Network, c: Candidate, touches: list[Touch]) -> str:
    """`last lunch 75 days ago`: the last touch (or face to face, for the
    second clock) by its kind."""
    s = net.contacts[c.path]
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

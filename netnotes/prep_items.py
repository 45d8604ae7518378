"""What a person's sheet lists from their items and touches: one conversation
per day, "since last time" questions, open asks, personal background,
`#sensitive` items to handle with care, and follow-ups each way."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from . import privacy
from .models import ASK, PERSONAL, TASK, OwnedItem, Touch
from .people import precedence
from .prep_model import Key, Question, SheetItem, SheetPerson


def touch_order(touch: Touch) -> tuple:
    """Which of several planned touches comes first: by date, then as `precedence` says."""
    return (touch.date, *precedence(touch), touch.contact)


def by_day(touches: Iterable[Touch]) -> list[list[Touch]]:
    """One contact's happened touches as one conversation per day, newest
    first; within a day in `precedence` order, so the touch that speaks for
    the day (a meeting note's, else their own log entry's) leads it."""
    days: dict[date, list[Touch]] = {}
    for touch in sorted(touches, key=precedence):
        days.setdefault(touch.date, []).append(touch)
    return [days[d] for d in sorted(days, reverse=True)]


def last_day(touches: list[Touch], in_person: bool = False) -> date | None:
    return max((t.date for t in touches if t.in_person or not in_person), default=None)


def window_start(talks: list[list[Touch]], items: list[OwnedItem]) -> date | None:
    """How far back "since last time" reaches: from the newest conversation back
    to the last face-to-face one where something personal was shared. None:
    nothing like it yet, so every dated personal item."""
    shared_on = {i.date for i in items if i.type == PERSONAL and i.date and not i.in_section}
    for day in talks:
        if day[0].date in shared_on and any(t.in_person for t in day):
            return day[0].date
    return None


class ItemLists(NamedTuple):
    since_last_time: tuple[Question, ...]
    asks: tuple[SheetItem, ...]
    personal: tuple[SheetItem, ...]
    care: tuple[SheetItem, ...]
    owe: tuple[SheetItem, ...]
    waiting: tuple[SheetItem, ...]


def item_lists(
    items: list[OwnedItem],
    talks: list[list[Touch]],
    start: date | None,
    since: date | None,
    today: date,
) -> ItemLists:
    """`start`: how far back questions reach; `since`: how far back sensitive
    items do (at least as far as the conversations the sheet shows). A
    sensitive item written under a planned meeting is in `care` too: it is
    never shown as a plain line of that meeting's notes."""

    def dated_between(item: OwnedItem, first: date | None) -> bool:
        return (
            item.date is not None and item.date <= today and (first is None or item.date >= first)
        )

    def background(item: OwnedItem) -> bool:
        return item.in_section or item.date is None

    def planned(item: OwnedItem) -> bool:
        return item.date is not None and item.date > today

    personal = [i for i in items if i.type == PERSONAL]
    asks = [i for i in items if i.type == ASK and ask_open(i, talks)]
    questions = [
        i for i in personal if not i.sensitive and not background(i) and dated_between(i, start)
    ]
    open_asks = {(i.path, i.line) for i in asks}
    care = [  # #sensitive, wherever the sheet could show it: never a plain line or a question
        i
        for i in items
        if i.sensitive
        and (
            (i.path, i.line) in open_asks
            or background(i)
            or planned(i)
            or dated_between(i, since)
            or open_task(i)
        )
    ]
    return ItemLists(
        since_last_time=tuple(_question(i) for i in newest_first(questions)),
        asks=tuple(sheet_item(i, today) for i in newest_first(i for i in asks if not i.sensitive)),
        personal=tuple(sheet_item(i, today) for i in personal if not i.sensitive and background(i)),
        care=tuple(sheet_item(i, today) for i in newest_first(care)),
        owe=promises(items, today, waiting=False),
        waiting=promises(items, today, waiting=True),
    )


def ask_open(item: OwnedItem, talks: list[list[Touch]]) -> bool:
    """An ask stays open until a conversation later than its own date (as a
    task: until it is checked)."""
    if item.is_task:
        return not item.done
    return item.date is None or not any(day[0].date > item.date for day in talks)


def promises(items: Iterable[OwnedItem], today: date, waiting: bool) -> tuple[SheetItem, ...]:
    """Open follow-ups, the most recent (by due date, else by when they were
    noted) first: a long history's forgotten ones go to the end."""
    open_tasks = [
        i for i in items if open_task(i) and i.waiting == waiting and privacy.shareable(i.sensitive)
    ]
    open_tasks.sort(key=lambda i: (-_ordinal(i.due or i.date), i.path, i.line))
    return tuple(sheet_item(i, today) for i in open_tasks)


def open_task(item: OwnedItem) -> bool:
    return item.type == TASK and item.is_task and not item.done


def newest_first(items: Iterable[OwnedItem]) -> list[OwnedItem]:
    return sorted(items, key=lambda i: (-_ordinal(i.date), i.path, i.line))


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day else 0


def sheet_item(item: OwnedItem, today: date) -> SheetItem:
    return SheetItem(
        item.text, item.date, item.path, item.line, item.due, bool(item.due and item.due < today)
    )


def keys_of(*lists: Iterable[SheetItem | Question]) -> frozenset[Key]:
    return frozenset((e.path, e.line) for entries in lists for e in entries)


def shown_keys(person: SheetPerson) -> frozenset[Key]:
    """The lines a person's lists already show, so notes do not repeat them."""
    return keys_of(
        person.since_last_time,
        person.asks,
        person.personal,
        person.handle_with_care,
        person.owe,
        person.waiting,
    )


# --- phrasing ----------------------------------------------------------------


def _question(item: OwnedItem) -> Question:
    assert item.date is not None
    return Question(item.text, question_for(item.text, item.date), item.date, item.path, item.line)


def question_for(text: str, when: date) -> str:
    """`On 2026-10-02: Mia started college at Tufts and loves it — ask for an
    update.` The line stays in the words it was written in: rewriting notes
    into reported speech guesses at grammar and gender, and guesses wrong."""
    return f"On {when.isoformat()}: {text.rstrip(' .;,:')} — ask for an update."

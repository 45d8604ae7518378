"""What the index's queries hand back: model objects (models.py) built from
rows here, and the small records below for the facts that have no model.
Each record is a NamedTuple, so a caller may unpack it as it did the tuple."""

import json
from datetime import date
from functools import lru_cache
from sys import intern
from typing import NamedTuple

from .models import Contact, Hidden, OwnedItem, Touch


class MeetingNote(NamedTuple):
    path: str
    title: str
    date: date


class MeetingDay(NamedTuple):
    path: str
    date: date


class NoteCount(NamedTuple):
    notes: int  # templates aside
    contacts: int


class LastTouch(NamedTuple):
    last: date | None  # the last interaction on or before today
    in_person: date | None  # the last one in person


class Shown(NamedTuple):
    opening: tuple[tuple[int, str], ...]  # (line, text) of the note's opening text
    hidden: tuple[Hidden, ...]


class GroupNote(NamedTuple):
    path: str
    name: str
    details: dict[str, object]  # its frontmatter as written


class MeetingGroups(NamedTuple):
    path: str
    date: date
    groups: tuple[str, ...]  # its `group:` targets


class LinkingLine(NamedTuple):
    path: str
    line: int
    date: date | None  # the note's, or that of the dated heading it is under


class SearchHit(NamedTuple):
    path: str
    line: int
    date: date | None
    text: str  # the section's text, as indexed


TOUCH_COLUMNS = (
    "c.path, f.path, t.line, t.end_line, t.date, t.title, t.kind, t.in_person, t.origin, t.noted"
)


def touch_of(r: tuple) -> Touch:
    kind = r[6]  # _same, written out: a digest makes ~1,500 touches
    return Touch(
        intern(r[0]),
        intern(r[1]),
        r[2],
        r[3],
        day_of(r[4]),
        r[5],
        None if kind is None else intern(kind),
        bool(r[7]),
        intern(r[8]),
        bool(r[9]),
    )


# What the index hands back is shared where the same value recurs (paths,
# kinds, rungs, tag lists, days): the watcher keeps every contact's digest
# facts in memory (digest_live.py), and SQLite gives a new object per value.
@lru_cache(maxsize=16384)
def joined_parts(joined: str) -> tuple[str, ...]:
    """A list the index stores packed (naming.pack: tags, groups)."""
    return tuple(intern(part) for part in joined.split("\x1f"))


@lru_cache(maxsize=16384)
def day_of(iso: str) -> date:
    return date.fromisoformat(iso)


def _same(value: str | None) -> str | None:
    return None if value is None else intern(value)


CONTACT_COLUMNS = (
    "f.path, c.name, c.aliases, c.tags, c.ladder, c.company, c.role, c.status, c.cadence,"
    " c.snooze, c.met, c.how_met, c.birthday, c.groups_, c.email, c.meet_every"
)


def contact_of(r: tuple) -> Contact:
    """A Contact from CONTACT_COLUMNS and the details as JSON (or None: none).
    Written out, not with unpack() and date_or_none(): it runs for every contact."""
    aliases, tags, snooze, met, groups = r[2], r[3], r[9], r[10], r[13]
    return Contact(
        intern(r[0]),
        r[1],
        tuple(aliases.split("\x1f")) if aliases else (),
        joined_parts(tags) if tags else (),
        _same(r[4]),
        _same(r[5]),
        _same(r[6]),
        intern(r[7]),
        _same(r[8]),
        day_of(snooze) if snooze else None,
        day_of(met) if met else None,
        _same(r[11]),
        r[12],
        joined_parts(groups) if groups else (),
        r[14],
        json.loads(r[16]) if r[16] else {},
        _same(r[15]),
    )


# What owned_item_of reads: the contact's and the note's paths, then the item,
# from schema.owned_items_sql as x joined to files as c (contact) and f (note).
OWNED_ITEM_COLUMNS = (
    "c.path, f.path, x.line, x.type, x.text, x.date, x.is_task, x.done, x.due,"
    " x.waiting, x.sensitive, x.in_section"
)


def owned_item_of(r: tuple) -> OwnedItem:
    """An OwnedItem from (contact path, path, line, type, text, date, is_task,
    done, due, waiting, sensitive, in_section). Dates read inline, not with
    date_or_none(): it runs for every open item of every contact."""
    when, due = r[5], r[8]
    return OwnedItem(
        intern(r[0]),
        intern(r[1]),
        r[2],
        intern(r[3]),
        r[4],
        day_of(when) if when else None,
        bool(r[6]),
        bool(r[7]),
        day_of(due) if due else None,
        bool(r[9]),
        bool(r[10]),
        bool(r[11]),
    )


def date_or_none(value: str | None) -> date | None:
    return day_of(value) if value else None

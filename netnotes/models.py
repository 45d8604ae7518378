"""Values never changed once made: the kinds and constants of notes, the
problems found in them (problem.py's, imported from here too), and what the
index knows across notes (contacts, touches, items). What
one note says as parsed is in models_note.py, made only by the parser.

Every command makes these classes before its first query (a dataclass
compiles four methods: a named tuple costs a third of that to make), and
their instances by the thousand. The values read little are named tuples:
read-only, compared and hashed by their fields. Contact, Touch and OwnedItem
stay dataclasses (values.immutable: held frozen by the type checker, plain
slotted dataclasses hashed by their fields when running): the digest reads
their fields thousands of times, and Python 3.11 reads a slot faster than a
named tuple's field (callgrind: named tuples cost the digest 5 M instructions
more than their classes saved); and `dataclasses.replace` makes a Contact
from another. Nothing changes one once made."""

import datetime as dt
import re
from dataclasses import field
from typing import NamedTuple, Protocol

from .dates import date_from_moment, moment_pattern
from .problem import ERROR as ERROR  # where problems were always imported from
from .problem import WARNING as WARNING
from .problem import Problem as Problem
from .values import immutable

CONTACT = "contact"
MEETING = "meeting"
DAILY = "daily"
PLAN = "plan"  # the origin of a meeting a daily note plans for a later day
OTHER = "other"
GROUP = "group"  # a networking group's note (DESIGN §4 "Groups")
TEMPLATE = "template"

PERSONAL = "personal"
ASK = "ask"
TASK = "task"

# A contact's status: only active contacts fall due; archived ones appear nowhere.
ACTIVE = "active"
PAUSED = "paused"
ARCHIVED = "archived"


@immutable
class ParseContext:
    """What a note's meaning depends on beyond its text: the vault's settings."""

    people_dir: str = "People"
    daily_folder: str = ""
    daily_format: str = "YYYY-MM-DD"
    _daily: list[re.Pattern[str]] = field(default_factory=list, compare=False)

    def daily_date(self, path: str) -> dt.date | None:
        if not self._daily:
            self._daily.append(moment_pattern(self.daily_format))
        stem_path = path[:-3] if path.lower().endswith(".md") else path
        if self.daily_folder:
            prefix = self.daily_folder + "/"
            candidates = [stem_path[len(prefix) :]] if stem_path.startswith(prefix) else []
        else:
            candidates = [stem_path.rsplit("/", 1)[-1], stem_path]
        for candidate in candidates:
            match = self._daily[0].fullmatch(candidate)
            if match:
                return date_from_moment(match)
        return None


def note_stem(path: str) -> str:
    """`People/Jane Doe.md` → `Jane Doe`."""
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


class Hidden(NamedTuple):
    """Lines of a note that no output shows: a comment (`%% … %%`, `<!-- … -->`)
    or a code block. `closed` is False when it never closes (it runs to the end)."""

    line: int
    end_line: int
    what: str  # COMMENT or CODE
    closed: bool = True


COMMENT = "comment"
CODE = "code"


# --- what the index knows, across notes -----------------------------------


class ContactView(Protocol):
    """What a scope or a group reads of a contact: a Contact, or the digest's
    lighter people.Member."""

    @property
    def path(self) -> str: ...
    @property
    def ladder(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def groups(self) -> tuple[str, ...]: ...


@immutable
class Contact:
    path: str
    name: str
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    ladder: str | None
    company: str | None
    role: str | None
    status: str
    cadence: str | None
    snooze: dt.date | None
    met: dt.date | None
    how_met: str | None
    birthday: str | None
    groups: tuple[str, ...]
    email: str | None
    details: dict[str, object]
    meet_every: str | None = None  # how often to meet in person (`meet_every:`), as read

    @property
    def stem(self) -> str:
        return note_stem(self.path)


@immutable
class Touch:
    """An interaction with one contact, wherever it was written."""

    contact: str  # the contact's path
    path: str  # the note it is written in
    line: int
    end_line: int
    date: dt.date
    title: str
    kind: str | None
    in_person: bool
    origin: str  # CONTACT (their log), MEETING, DAILY, or PLAN (a daily note's plan)
    noted: bool = True  # False: a heading or meeting note with nothing but plans under it


@immutable
class OwnedItem:
    """A personal item, ask or task that belongs to one contact."""

    contact: str
    path: str
    line: int
    type: str
    text: str
    date: dt.date | None
    is_task: bool
    done: bool
    due: dt.date | None
    waiting: bool
    sensitive: bool
    in_section: bool


class OwnedMention(NamedTuple):
    contact: str
    path: str
    line: int
    date: dt.date | None
    text: str


class Meeting(NamedTuple):
    """A meeting note: one interaction with several people."""

    path: str
    title: str
    date: dt.date
    kind: str | None
    attendees: tuple[str, ...]  # contact paths, in the note's order


class SearchHit(NamedTuple):
    path: str
    name: str | None  # the contact's name, or None outside contact notes
    line: int
    date: dt.date | None
    snippet: str

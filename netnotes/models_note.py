"""What one note says, as frozen values: as the parser reads it (notes.py and
parsed.py build these), and what a new contact's note will say (NewContact).
Apart from models.py so that a command that only reads the index (list,
search, digest) never makes these classes (issue 20: each dataclass costs
start-up time)."""

import datetime as dt
from dataclasses import dataclass, field

from .models import ERROR, Hidden, Problem


@dataclass(frozen=True, slots=True)
class Link:
    """A wikilink as written: the target without alias, heading, block or `.md`."""

    target: str
    line: int
    embed: bool = False
    in_frontmatter: bool = False


@dataclass(frozen=True, slots=True)
class Interaction:
    """A conversation as written in one note. In a contact's own log `targets`
    is empty (it is that contact's); in a meeting or daily note it names the
    people it was with, as link targets."""

    line: int
    end_line: int
    date: dt.date
    title: str
    kind: str | None
    in_person: bool
    targets: tuple[str, ...] = ()
    planned_only: bool = False  # a daily note's plan for a later day: never a touch


@dataclass(frozen=True, slots=True)
class Item:
    """A personal item, an ask or a task. `date` is the date of the interaction
    (or dated note) it was written under; `targets` the links on its line."""

    line: int
    type: str  # PERSONAL, ASK or TASK
    text: str
    date: dt.date | None
    targets: tuple[str, ...] = ()
    is_task: bool = False
    done: bool = False
    due: dt.date | None = None
    waiting: bool = False
    sensitive: bool = False
    in_section: bool = False  # a list item under a `## Personal` heading
    owners: tuple[str, ...] = ()  # the links of the line it is indented under


@dataclass(frozen=True, slots=True)
class Mention:
    """A line of a daily note that links someone without being an interaction."""

    line: int
    date: dt.date | None
    text: str
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A stretch of a note between headings, for full-text search."""

    line: int
    end_line: int
    date: dt.date | None
    text: str


@dataclass(frozen=True, slots=True)
class ContactInfo:
    """The frontmatter keys netnotes understands, normalised."""

    ladder: str | None = None
    company: str | None = None
    role: str | None = None
    status: str = "active"
    cadence: str | None = None
    snooze: dt.date | None = None
    met: dt.date | None = None
    how_met: str | None = None
    birthday: str | None = None
    groups: tuple[str, ...] = ()
    email: str | None = None
    meet_every: str | None = None  # the face-to-face cadence, as read


@dataclass(frozen=True, slots=True)
class Note:
    path: str
    kind: str  # CONTACT, MEETING, DAILY, GROUP, OTHER or TEMPLATE
    name: str  # a contact's name, else the note's title
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    contact: ContactInfo | None = None
    details: dict[str, object] = field(default_factory=dict)  # frontmatter as written
    date: dt.date | None = None  # a meeting's or daily note's date
    attendees: tuple[str, ...] = ()  # a meeting's people, as link targets
    meeting_kind: str | None = None
    groups: tuple[str, ...] = ()  # a meeting note's `group:`, as link targets or names
    interactions: tuple[Interaction, ...] = ()
    items: tuple[Item, ...] = ()
    mentions: tuple[Mention, ...] = ()
    links: tuple[Link, ...] = ()
    sections: tuple[Section, ...] = ()
    problems: tuple[Problem, ...] = ()
    conflicted: bool = False
    hidden: tuple[Hidden, ...] = ()
    # The opening text: (line, text) of each line a reader sees before the first
    # heading (a leading `# Title` aside); comments, code and #sensitive lines out.
    opening: tuple[tuple[int, str], ...] = ()

    @property
    def failed(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)


@dataclass(frozen=True, slots=True)
class NewContact:
    """What `netnotes new` and the importers know about someone to add.
    Only `name` is required; the rest becomes frontmatter when set."""

    name: str
    ladder: str | None = None
    company: str | None = None
    role: str | None = None
    tags: tuple[str, ...] = ()
    cadence: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    how_met: str | None = None
    met: dt.date | None = None
    birthday: str | None = None  # "1980-07-14" or "07-14"
    note: str | None = None  # a paragraph for the body
    last_touch: dt.date | None = None  # the last time in touch before netnotes: a log heading
    last_kind: str | None = None  # its kind (lunch, call …); None: a touch of unknown kind
    connected: dt.date | None = None  # a LinkedIn connection's day: neither a touch nor a meeting
    given_name: str | None = None  # the source's own split of the name, for vCard N
    family_name: str | None = None

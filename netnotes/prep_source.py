"""What prep sheets read, read once: the index's contacts, items and views
of notes, and the notes' own lines as any sheet may print them (hidden
ranges and `#sensitive` lines left out, privacy.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Generic, TypeVar

from . import privacy
from .config import Config
from .inline import tags_in
from .models import CONTACT, TASK, Contact
from .notelines import shown_lines
from .prep_lines import body_start
from .prep_model import Key
from .table import TableReader, contact_keys
from .text import split_note

if TYPE_CHECKING:
    from .groups import Groups
    from .index import Index
    from .results import MeetingNote

# A vault-relative path → the note's text, or None when it cannot be read.
NoteReader = Callable[[str], "str | None"]
K = TypeVar("K")
V = TypeVar("V")

CONTACTS_KEPT = 256  # contacts (with details) and their items
NOTES_KEPT = 256  # notes' lines, views and table readers


class SheetSource:
    """One index and one day, with the reads several sheets share cached."""

    def __init__(self, index: Index, config: Config, today: date, read_note: NoteReader) -> None:
        self.index = index
        self.config = config
        self.today = today
        self.horizon_end = today + timedelta(days=config.digest_horizon_days)
        self.read_note = read_note
        self._everyone: dict[str, Contact] | None = None
        self._notes_list: list[MeetingNote] | None = None
        self._groups: Groups | None = None
        self._keys: dict[str, str] | None = None
        self._at: dict[str, str | None] = {}  # one entry per link target seen
        # What the sheets of one run share (the same meeting note, an attendee
        # on several sheets), kept for the last few: a run over every meeting
        # of a busy day must not keep every note it read.
        self.contact = Recent(CONTACTS_KEPT, index.contact)
        self.items = Recent(CONTACTS_KEPT, index.items)
        self.view = Recent(NOTES_KEPT, index.shown)
        self._sensitive = Recent(NOTES_KEPT, index.sensitive_lines)
        self.lines = Recent(NOTES_KEPT, self._read_lines)
        self.table_reader = Recent(NOTES_KEPT, self._table_reader)

    @property
    def groups(self) -> Groups:
        """The vault's networking groups, read once."""
        if self._groups is None:
            from .groups import Groups

            self._groups = Groups(self.index, self.today)
        return self._groups

    @property
    def meeting_notes(self) -> list[MeetingNote]:
        """(path, title, date) of every meeting note: enough to find one by name."""
        if self._notes_list is None:
            self._notes_list = self.index.meeting_notes()
        return self._notes_list

    @property
    def groups_read(self) -> Groups | None:
        """The groups if they were read already, else None."""
        return self._groups

    @property
    def meeting_notes_read(self) -> list[MeetingNote] | None:
        """Every meeting note if they were read already, else None."""
        return self._notes_list

    @property
    def everyone(self) -> dict[str, Contact]:
        """Every contact (without details), by path: to find one by name."""
        if self._everyone is None:
            self._everyone = {c.path: c for c in self.index.contacts(details=False)}
        return self._everyone

    def sensitive_tasks(self, contact: str) -> set[Key]:
        return {(i.path, i.line) for i in self.items(contact) if i.sensitive and i.type == TASK}

    def plain_lines(self, path: str, start: int, end: int) -> list[tuple[int, str]]:
        """Lines start..end a reader sees that any sheet may print (privacy.py)."""
        visible = shown_lines(self.lines(path), start, end, self.view(path)[1])
        # A #sensitive line that is no item (a dated heading: a conversation)
        # is known by its tag: never a plain line either.
        visible = [(n, text) for n, text in visible if "sensitive" not in tags_in(text)]
        return privacy.plain_lines(visible, self._sensitive(path))

    def shown_line(self, path: str, line: int) -> str | None:
        """One line as any sheet may print it, or None (hidden, #sensitive)."""
        found = self.plain_lines(path, line, line)
        return found[0][1] if found else None

    def body_lines(self, path: str) -> list[tuple[int, str]]:
        """A note's body, as `plain_lines` gives it: what any sheet may print."""
        lines = self.lines(path)
        return self.plain_lines(path, body_start(lines), len(lines))

    def _read_lines(self, path: str) -> list[str]:
        return split_note(self.read_note(path) or "")

    def _table_reader(self, meeting: str) -> TableReader:
        """Whose lines are whose in a meeting note."""
        found = self.index.meetings({meeting})
        attendees = map(self.contact, found[0].attendees if found else ())
        return TableReader(self.contact_at, [c for c in attendees if c is not None])

    def contact_at(self, key: str) -> str | None:
        """The contact a link folded to `key` goes to (table.ContactAt): the one
        contact answering to it, as the index stores what each answers to;
        when several do, table.contact_keys decides, built once for the run.
        A sheet or two never reads every contact."""
        if key not in self._at:
            owners = self.index.answering(key, CONTACT)
            if len(owners) > 1:
                if self._keys is None:
                    self._keys = contact_keys(self.everyone.values())
                self._at[key] = self._keys.get(key)
            else:
                self._at[key] = owners[0] if owners else None
        return self._at[key]


class Recent(Generic[K, V]):
    """`load(key)` for the last `size` keys asked for, the oldest let go first."""

    def __init__(self, size: int, load: Callable[[K], V]) -> None:
        self.size = size
        self.load = load
        self._kept: dict[K, V] = {}  # in the order last asked for

    def __call__(self, key: K) -> V:
        try:
            value = self._kept.pop(key)
        except KeyError:
            value = self.load(key)
            if len(self._kept) >= self.size:
                del self._kept[next(iter(self._kept))]
        self._kept[key] = value
        return value

    def __len__(self) -> int:
        return len(self._kept)

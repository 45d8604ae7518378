"""What prep sheets read, read once: the index's contacts, items and views
of notes, and the notes' own lines as any sheet may print them (hidden
ranges and `#sensitive` lines left out, privacy.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from . import privacy
from .config import Config
from .models import TASK, Contact, Hidden, OwnedItem
from .notes import shown_lines
from .prep_lines import body_start
from .prep_model import Key
from .table import TableReader, contact_keys

if TYPE_CHECKING:
    from .groups import Groups
    from .index import Index
    from .results import MeetingNote

# A vault-relative path → the note's text, or None when it cannot be read.
NoteReader = Callable[[str], "str | None"]
NoteView = tuple[tuple[tuple[int, str], ...], tuple[Hidden, ...]]


class SheetSource:
    """One index and one day, with the reads several sheets share cached."""

    def __init__(self, index: Index, config: Config, today: date, read_note: NoteReader) -> None:
        self.index = index
        self.config = config
        self.today = today
        self.horizon_end = today + timedelta(days=config.digest_horizon_days)
        self.read_note = read_note
        self._everyone: dict[str, Contact] | None = None
        self._contacts: dict[str, Contact | None] = {}
        self._notes_list: list[MeetingNote] | None = None
        self._lines: dict[str, list[str]] = {}
        self._views: dict[str, NoteView] = {}
        self._sensitive: dict[str, frozenset[int]] = {}
        self._owned: dict[str, list[OwnedItem]] = {}
        self._groups: Groups | None = None
        self._readers: dict[str, TableReader] = {}
        self._keys: dict[str, str] | None = None

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
    def everyone(self) -> dict[str, Contact]:
        """Every contact (without details), by path: to find one by name."""
        if self._everyone is None:
            self._everyone = {c.path: c for c in self.index.contacts(details=False)}
        return self._everyone

    def contact(self, path: str) -> Contact | None:
        """One contact with its details, or None: what a sheet shows of the
        few people on it, without loading every contact."""
        if path not in self._contacts:
            self._contacts[path] = self.index.contact(path)
        return self._contacts[path]

    def items(self, contact: str) -> list[OwnedItem]:
        if contact not in self._owned:
            self._owned[contact] = self.index.items(contact)
        return self._owned[contact]

    def sensitive_tasks(self, contact: str) -> set[Key]:
        return {(i.path, i.line) for i in self.items(contact) if i.sensitive and i.type == TASK}

    def view(self, path: str) -> NoteView:
        """The note's opening text and hidden ranges, as the parser found them."""
        if path not in self._views:
            self._views[path] = self.index.shown(path)
        return self._views[path]

    def plain_lines(self, path: str, start: int, end: int) -> list[tuple[int, str]]:
        """Lines start..end a reader sees that any sheet may print (privacy.py)."""
        if path not in self._sensitive:
            self._sensitive[path] = self.index.sensitive_lines(path)
        visible = shown_lines(self.lines(path), start, end, self.view(path)[1])
        return privacy.plain_lines(visible, self._sensitive[path])

    def shown_line(self, path: str, line: int) -> str | None:
        """One line as any sheet may print it, or None (hidden, #sensitive)."""
        found = self.plain_lines(path, line, line)
        return found[0][1] if found else None

    def body_lines(self, path: str) -> list[tuple[int, str]]:
        """A note's body, as `plain_lines` gives it: what any sheet may print."""
        lines = self.lines(path)
        return self.plain_lines(path, body_start(lines), len(lines))

    def lines(self, path: str) -> list[str]:
        if path not in self._lines:
            text = self.read_note(path) or ""
            self._lines[path] = [line.rstrip("\r") for line in text.lstrip("\ufeff").split("\n")]
        return self._lines[path]

    def table_reader(self, meeting: str) -> TableReader:
        """Whose lines are whose in a meeting note, read once per note."""
        if meeting not in self._readers:
            found = self.index.meetings({meeting})
            attendees = [self.everyone[p] for p in (found[0].attendees if found else ())]
            self._readers[meeting] = TableReader(self.contact_keys, attendees)
        return self._readers[meeting]

    @property
    def contact_keys(self) -> dict[str, str]:
        """Every contact by the keys a link to them folds to (table.contact_keys), read once."""
        if self._keys is None:
            self._keys = contact_keys(self.everyone.values())
        return self._keys

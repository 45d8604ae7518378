"""Writing one step of an `import ics` plan, through the paths `netnotes log`
uses (edit.py and writes.py): atomic, byte-preserving, never during a git
operation, never into a note with conflict markers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..config import Config, parse_context
from ..edit import LogEntry, add_log_entry, contact_link, log_meeting, log_to_contact
from ..errors import UsageError, WriteRefusedError
from ..fmedit import set_list
from ..models import Contact
from ..models_note import NewContact
from ..vault import Vault
from ..writes import rewrite_note
from .calendar import CREATE, REMOVE, SKIP, UPDATE, CalendarPlan, Step
from .calendar_notes import is_calendar_meeting_note, trash_meeting_note, without_entry


class StepWriter:
    """Writes steps into one vault; `contacts` is every contact, as the index has them."""

    def __init__(self, vault: Vault, config: Config, contacts: list[Contact]) -> None:
        self.vault, self.config, self.contacts = vault, config, contacts
        self.by_path = {c.path: c for c in contacts}
        self.context = parse_context(config)

    def __call__(self, step: Step) -> None:
        if step.action == CREATE:
            self._create(step)
        elif step.action == UPDATE:
            self._update(step)
        elif step.action == REMOVE:
            self._remove(step)

    def _entry(self, step: Step) -> LogEntry:
        return LogEntry(step.date, step.title, step.lines)

    def _contact(self, path: str) -> Contact:
        contact = self.by_path.get(path)
        if contact is None:
            raise WriteRefusedError(f"{path} is not a contact note (any more); nothing written")
        return contact

    def _create(self, step: Step) -> None:
        if len(step.contacts) == 1:
            log_to_contact(
                self.vault, self.config, self._contact(step.contacts[0]), self._entry(step)
            )
            return
        attendees = [self._contact(path) for path in step.contacts]
        log_meeting(self.vault, self.config, self.contacts, attendees, self._entry(step))

    def _update(self, step: Step) -> None:
        """The entry written before, moved to its new day or given the
        people the invitation has now: in place when it stays in the same
        note, else written anew and the old one taken out."""
        old = step.old
        assert old is not None and old.uid is not None
        if step.notes != (old.path,):
            self._create(step)
            self._remove(step)
        elif old.meeting:
            self._regather(step)
        else:
            self._move(step)

    def _move(self, step: Step) -> None:
        old, entry, context = step.old, self._entry(step), self.context
        assert old is not None

        def move(text: str) -> tuple[str, None]:
            rest = without_entry(text, old.path, old.day, str(old.uid), context)
            return add_log_entry(rest, entry, old.path, context)[0], None

        rewrite_note(self.vault, old.path, move)

    def _regather(self, step: Step) -> None:
        """A meeting note's `with:` made the invitation's people, its other lines kept."""
        old = step.old
        assert old is not None and old.uid is not None
        links = [contact_link(self._contact(p), self.contacts) for p in step.contacts]

        def regather(text: str) -> tuple[str, None]:
            if not is_calendar_meeting_note(text, str(old.uid)):
                raise WriteRefusedError(
                    f"{old.path} has more than the calendar's lines now; left alone"
                )
            return set_list(text, "with", links), None

        rewrite_note(self.vault, old.path, regather)

    def _remove(self, step: Step) -> None:
        old = step.old
        assert old is not None and old.uid is not None
        if old.meeting:
            trash_meeting_note(self.vault, old.path, old.uid)
            return
        context = self.context

        def take_out(text: str) -> tuple[str, None]:
            return without_entry(text, old.path, old.day, str(old.uid), context), None

        rewrite_note(self.vault, old.path, take_out)


def create_contacts(plan: CalendarPlan, create: Callable[[NewContact], str]) -> list[str]:
    """With --create: make the new contacts first (as `netnotes new` does);
    one line per contact that could not be made."""
    problems = []
    for new in plan.new_contacts:
        try:
            create(new)
        except (WriteRefusedError, UsageError) as err:
            problems.append(f"{new.name}: not created: {err.message}")
    return problems


def apply_calendar_plan(plan: CalendarPlan, write: Callable[[Step], None]) -> CalendarPlan:
    """Write every step through `write`; a step that cannot be written
    becomes a SKIP saying why, and the others go on."""
    steps = []
    for step in plan.steps:
        if step.action in (CREATE, UPDATE, REMOVE):
            try:
                write(step)
            except (WriteRefusedError, UsageError) as err:
                step = replace(step, action=SKIP, reason=f"not written: {err.message}")
        steps.append(step)
    return replace(plan, steps=tuple(steps), applied=True)

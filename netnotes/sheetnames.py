"""Where each prep sheet goes: `<output_dir>/Prep/<date> <title>.md`, unique
per meeting. Two meetings on one day whose titles make the same file name
(two "Lunch" notes in two folders, a meeting titled like a person) would
overwrite each other's sheet on every run; the one whose note's path sorts
first keeps the plain name, the others get a short part made from their
note's path. The rivals are every meeting note, planned entry and group's
scheduled meeting of that day, whatever a command shows, so the digest,
`prep` and `watch` agree."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from .models import MEETING, Touch
from .naming import prep_sheet_name, prep_sheet_path

if TYPE_CHECKING:
    from .groups import GroupNotes, Groups
    from .index import Index
    from .results import MeetingNote


class SheetNames:
    """`planned` and `meetings`, when given, hold every touch with plans and
    every meeting note of the days asked about (the digest has read them);
    else they are queried. `names` names the contacts of `planned` (by
    path: those of them that are contacts; Index.contact_names if not given):
    the digest has read most of their names already."""

    def __init__(
        self,
        index: Index,
        output_dir: str,
        groups: Groups | GroupNotes | None = None,
        planned: Iterable[Touch] | None = None,
        meetings: list[MeetingNote] | None = None,
        names: Callable[[set[str]], dict[str, str]] | None = None,
    ) -> None:
        self.index = index
        self._names = index.contact_names if names is None else names
        self.output_dir = output_dir
        self.groups = groups
        self._meetings: dict[date, list[tuple[str, str]]] | None = None
        if meetings is not None:  # (title, path) by day: a digest asks for a dozen days
            self._meetings = {}
            for path, title, on in meetings:
                self._meetings.setdefault(on, []).append((title, path))
        self._days: dict[date, dict[str, set[str]]] = {}
        self._folded: dict[str, str] = {}  # title → its sheet name case-folded
        self._planned: dict[date, set[str]] | None = None
        if planned is not None:
            self._planned = {}
            for t in planned:
                if t.origin != MEETING:
                    self._planned.setdefault(t.date, set()).add(t.contact)

    def path(self, when: date, title: str, source: str) -> str:
        """The sheet for the meeting noted at `source` (a meeting note, or the
        contact whose log or daily note plans it) on `when`, titled `title`."""
        plain = prep_sheet_path(self.output_dir, when, title)
        rivals = self._day(when).get(self._folded_name(title), set())
        if not rivals - {source} or min(rivals | {source}) == source:
            return plain
        mark = hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()[:6]
        return f"{plain.removesuffix('.md')} {mark}.md"

    def shared(self, when: date) -> set[str]:
        """The sources of the sheets of `when` whose plain name another
        source holds too: the sheets whose file names depend on each other."""
        return {
            source for sources in self._day(when).values() if len(sources) > 1 for source in sources
        }

    def _day(self, when: date) -> dict[str, set[str]]:
        """The sources of every sheet that day can have, by plain sheet name
        case-folded (file systems that ignore case make those one file). The
        sheets of a day differ only in the names their titles make: the
        names are compared, not the whole paths."""
        if when not in self._days:
            if self._meetings is None:
                noted = self.index.meeting_notes_on(when)
                day = [(title, path) for path, title, on in noted if on == when]
            else:
                day = list(self._meetings.get(when, ()))
            day += [(name, path) for path, name in self._planned_on(when).items()]
            for group, _ in self.groups.scheduled(when, when) if self.groups else ():
                # a group's scheduled meeting with no note yet
                day.append((group.name, group.path or ""))
            by_name: dict[str, set[str]] = {}
            for title, source in day:
                by_name.setdefault(self._folded_name(title), set()).add(source)
            self._days[when] = by_name
        return self._days[when]

    def _folded_name(self, title: str) -> str:
        """The sheet name `title` makes, case-folded: made once a title, for
        every day's rivals, and found again when the sheet is named."""
        folded = self._folded.get(title)
        if folded is None:
            folded = self._folded[title] = prep_sheet_name(title).casefold()
        return folded

    def _planned_on(self, when: date) -> dict[str, str]:
        """The contacts whose log or daily note plans something on `when`:
        their paths and names."""
        if self._planned is not None:
            return self._names(self._planned.get(when, set()))
        return self.index.noting_on(when)

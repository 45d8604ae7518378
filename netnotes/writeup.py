"""To write up (DESIGN.md §2, §4): an in-person meeting whose day has passed
counts as having happened, even with nothing noted under it; the digest then
asks for the notes. Pure functions over the touches and note lines the index
stores."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from .models import CONTACT, MEETING, Touch
from .naming import shell_quoted
from .people import touch_label

if TYPE_CHECKING:
    from .digest_rows import PersonLink

WINDOW_DAYS = 14  # in-person meetings this recent (today aside) are asked about


class WriteUp(NamedTuple):
    """A passed in-person meeting with nothing noted: a heading in someone's
    log, or a meeting note with all its attendees."""

    people: tuple[PersonLink, ...]
    path: str  # the note the heading or meeting is in
    line: int
    date: date
    title: str | None
    label: str  # the title, else the kind ("Lunch")
    kind: str | None
    note_link: str | None  # a meeting note's link; None for a log heading
    log: str  # the `netnotes log` command that fills it


def write_up_rows(
    touches: Iterable[Touch],
    people_of: Callable[[Iterable[str]], tuple[PersonLink, ...]],
    note_link: Callable[[str, str], str],
) -> list[WriteUp]:
    """`touches`: the last WINDOW_DAYS days' touches, once per contact per day;
    those in person with nothing noted (`Touch.noted`, which the index works
    out with `is_noted`) are listed. Calls, emails and daily-note lines never
    are; newest first."""
    events: dict[tuple[str, int], list[Touch]] = defaultdict(list)
    for touch in touches:
        if touch.in_person and touch.origin in (CONTACT, MEETING) and not touch.noted:
            events[(touch.path, touch.line)].append(touch)
    rows = []
    for (path, line), together in events.items():
        first = together[0]
        people = people_of(t.contact for t in together)
        label = touch_label(first.title, first.kind)
        meeting = first.origin == MEETING
        rows.append(
            WriteUp(
                people=people,
                path=path,
                line=line,
                date=first.date,
                title=first.title or None,
                label=label,
                kind=first.kind,
                note_link=note_link(path, label) if meeting else None,
                log=log_command([p.name for p in people], first.date, label),
            )
        )
    return sorted(rows, key=lambda r: (-r.date.toordinal(), r.path, r.line))


def log_command(names: Sequence[str], day: date, title: str) -> str:
    """`netnotes log "Jane Doe" --date 2026-11-20 -t "Lunch at Nopa"`."""
    quoted = " ".join(shell_quoted(name) for name in names)
    return f"netnotes log {quoted} --date {day.isoformat()} -t {shell_quoted(title)}"


def write_up_json(rows: Iterable[WriteUp]) -> list[dict[str, object]]:
    return [
        {
            "name": p.name,
            "path": r.path,
            "line": r.line,
            "date": r.date.isoformat(),
            "title": r.title,
            "kind": r.kind,
            "contact": p.path,
            "log": r.log,
        }
        for r in rows
        for p in r.people
    ]

"""One contact's summary (`netnotes show`): who they are, where things stand,
open tasks and every interaction, as text and as JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from . import privacy
from .people import Standing, standing
from .roster import find_indexed, standing_json

if TYPE_CHECKING:
    from .config import Config
    from .index import Index
    from .models import OwnedItem, Touch


@dataclass(frozen=True, slots=True)
class Summary:
    standing: Standing
    touches: list[Touch]  # oldest first, plans after `today` included
    tasks: list[OwnedItem]  # open ones
    planned: date | None  # the next planned meeting
    today: date


def summarize(index: Index, config: Config, name: str, today: date) -> Summary:
    """The summary of the contact who answers to `name` (NameLookupError if none)."""
    contact = find_indexed(index, name)
    touched = index.last_touches(today, contact.path).get(contact.path, (None, None))
    touches = index.touches(contact.path, plans_after=today)
    tasks = [i for i in index.items(contact.path) if i.is_task and not i.done]
    planned = next((t.date for t in touches if t.date > today), None)
    return Summary(standing(contact, touched, config, today), touches, tasks, planned, today)


def summary_json(summary: Summary) -> dict[str, Any]:
    """The `show --format json` document (README)."""
    s, today = summary.standing, summary.today
    return {
        **standing_json(s),
        "aliases": list(s.contact.aliases),
        "details": s.contact.details,
        "interactions": [
            {
                "date": t.date.isoformat(),
                "kind": t.kind,
                "in_person": t.in_person,
                "title": t.title,
                "path": t.path,
                "line": t.line,
                "planned": t.date > today,
            }
            for t in reversed(summary.touches)
        ],
        "open_tasks": [
            {
                "text": i.text,
                "due": _iso_or_none(i.due),
                "waiting": i.waiting,
                "sensitive": i.sensitive,
                "path": i.path,
                "line": i.line,
            }
            for i in summary.tasks
        ],
        "planned": _iso_or_none(summary.planned),
    }


def summary_text(summary: Summary) -> str:
    s, today = summary.standing, summary.today
    c = s.contact
    who = " at ".join(filter(None, [c.role, c.company]))
    lines = [f"{c.name}  ({c.path})"]
    if who or c.ladder:
        lines.append(" · ".join(filter(None, [who, c.ladder and f"ladder: {c.ladder}"])))
    lines.append(_clock_line(s, today))
    lines.append(meet_line(s, today))
    if summary.planned:
        lines.append(f"planned: {summary.planned.isoformat()}")
    lines += _task_lines(summary.tasks) + _touch_lines(summary.touches)
    if c.details:
        lines.append("\ndetails:")
        for key, value in c.details.items():
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            lines.append(f"  {key}: {'' if shown is None else shown}")
    return "\n".join(lines)


def _clock_line(s: Standing, today: date) -> str:
    due = _iso(s.due)
    if s.due and s.due < today:
        late = s.days_overdue(today)
        due += f" ({late} day{'' if late == 1 else 's'} overdue)"
    status = "" if s.contact.status == "active" else f" · {s.contact.status}"
    return (
        f"last touch {_iso(s.last_touch)} · in person {_iso(s.last_in_person)} · "
        f"cadence {s.cadence} · due {due}" + status
    )


def meet_line(s: Standing, today: date) -> str:
    """The second clock: `meet in person every 6m · due 2026-03-10 (261 days overdue)`."""
    if s.meet_every.never:
        return "meet in person: no clock (meet_every none)"
    if s.meet_due is None:
        return f"meet in person every {s.meet_every} · not met in person yet"
    due = s.meet_due.isoformat()
    late = s.days_overdue_to_meet(today)
    if late:
        due += f" ({late} day{'' if late == 1 else 's'} overdue)"
    return f"meet in person every {s.meet_every} · due {due}"


def _task_lines(tasks: list[OwnedItem]) -> list[str]:
    if not tasks:
        return []
    lines = ["\nopen tasks:"]
    for item in tasks:
        mark = "waiting: " if item.waiting else ""
        lines.append(
            f"  - {mark}{privacy.marked(item.text, item.sensitive)}"
            + (f" (due {item.due.isoformat()})" if item.due else "")
        )
    return lines


def _touch_lines(touches: list[Touch]) -> list[str]:
    if not touches:
        return []
    lines = ["\ninteractions:"]
    for t in reversed(touches):
        lines.append(f"  {t.date.isoformat()}  {(t.kind or '-'):<10} {t.title}")
    return lines


def _iso(value: date | None) -> str:
    return value.isoformat() if value else "-"


def _iso_or_none(value: date | None) -> str | None:
    return value.isoformat() if value else None

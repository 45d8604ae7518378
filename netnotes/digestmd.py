"""netnotes' own digest template, `templates/digest.md.j2`, as Python: the
markdown digest without importing Jinja2, which was ~122 M instructions of a
digest's ~780 M at 10,000 contacts, a sixth of the command (issue 20).

The template stays what the digest is: users copy it to
`.netnotes/templates/` to make it theirs (render.py renders theirs, in the
sandbox), and tests/test_digestmd.py renders every digest it can make both
ways and compares the bytes. A change to one is a change to both. The lines
below follow the template's, section by section, its whitespace control
(trim_blocks, lstrip_blocks) worked out in each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .naming import joined_links as links
from .text import printable

if TYPE_CHECKING:
    from .digest_model import Digest
    from .digest_rows import BirthdayRow, ComingUp, FollowUp, Overdue, Shared, Unmet
    from .quicktouch import QuickTouch
    from .worklist import MeetRow
    from .writeup import WriteUp

TEMPLATE = "digest.md.j2"


def render_digest(d: Digest) -> str:
    """What netnotes' digest.md.j2 renders for `d`, as Renderer.render gives it."""
    out: list[str] = []
    w = out.append
    w(f"---\ngenerated_by: netnotes\ndate: {d.date}\n---\n# Digest for {d.weekday} {d.date}\n")
    if d.scope_text:
        w(f"\nOnly contacts {d.scope_text}.\n")
    w(f"\n{_summary(d)}\n\n## Today\n")
    _today(d, w)
    for title, section, line, empty, after in _sections(d):
        w(f"\n## {title}\n")
        for r in section.shown:
            w(line(r))
        if not section.shown:
            w(f"{empty}\n")
        w(f"{_more(section)}{after}")
    if d.address_book:
        w(f"{d.address_book} more in your address book, with no rung, cadence or touch yet:")
        w(" see `netnotes list --ladder unplaced`.\n\n")
    _groups(d, w)
    _ladder(d, w)
    _attention(d, w)
    return printable("".join(out))


def _sections(d: Digest) -> list[tuple[str, Any, Callable[[Any], str], str, str]]:
    """The sections listed alike, in order: title, section, a row's line,
    the words for none, and what follows its rows (`{% for r in section.shown
    %}…{% else %}…{% endfor %}{{ more(section) }}`)."""
    horizon = d.horizon_days
    lapsed = "Nobody is overdue." if not d.long_lost else "Nobody lapsed lately."
    return [
        ("To write up", d.write_up, _write_up, _ALL_WRITTEN, ""),
        ("Quick touches", d.quick_touches, _quick_touch, _NO_DATES_PASSED, ""),
        ("Coming up", d.coming_up, _coming_up, _within(horizon, *_NOTHING_PLANNED), ""),
        ("Overdue", d.lapsed, _overdue, lapsed, _long_lost(d)),
        ("Time to meet in person", d.meet_in_person, _meet, _ALL_MET_OFTEN, ""),
        ("Follow-ups I owe", d.follow_ups, _follow_up, "Nothing open.", ""),
        ("Waiting on others", d.waiting, _follow_up, "Nobody owes you anything.", ""),
        ("Personal things to ask about", d.personal, _personal, _NOTHING_SHARED, ""),
        ("Birthdays", d.birthdays, _birthday, _within(horizon, *_NO_BIRTHDAYS), ""),
        ("Still to meet", d.still_to_meet, _unmet, "You have met everyone on your list.", "\n"),
    ]


_ALL_WRITTEN = "Every in-person meeting of the last 14 days has notes."
_NO_DATES_PASSED = "No dates from what people shared have just passed."
_ALL_MET_OFTEN = "Everyone you have met is seen often enough."
_NOTHING_SHARED = "Nothing shared in the last 90 days."
_NOTHING_PLANNED = (
    "Nothing planned: the horizon is 0 days.",
    "Nothing planned tomorrow.",
    "Nothing planned",
)
_NO_BIRTHDAYS = ("None today.", "None today or tomorrow.", "None")


def _summary(d: Digest) -> str:
    lost = f" ({d.long_lost_count} long lost)" if d.long_lost else ""
    late = f" ({d.follow_ups_late} late)" if d.follow_ups_late else ""
    birthdays = "birthday" if d.birthdays.total == 1 else "birthdays"
    return (
        f"{d.coming_up.total} coming up · {d.overdue.total} overdue{lost}"
        f" · {d.meet_in_person.total} to meet in person · {d.follow_ups.total} to follow up{late}"
        f" · {d.waiting.total} waiting on others · {d.birthdays.total} {birthdays}"
    )


def _today(d: Digest, w: Any) -> None:
    today = d.today
    for m in today.meeting_rows.shown:
        w(f"- {'Today' if m.in_days == 0 else 'Tomorrow'}: {m.note_link or m.label}")
        w(f"{'' if m.names_everyone else ' with ' + links(m.people)} · {m.prep_link}\n")
    if today.meeting_rows.more:
        w(f"- … and {today.meeting_rows.more} more meetings today and tomorrow\n")
    for b in today.birthdays:
        w(f"- Birthday: {b.person.link}{f' turns {b.age}' if b.age else ''}\n")
    for f in today.follow_ups:
        owed = " a private follow-up" if f.private else f": {f.text}"
        w(f"- You owe {links(f.people)}{owed} · **{f.overdue_for} late**\n")
    if today.picks:
        w("- This week's picks:\n")
        for p in today.picks:
            w(f"    - {p.person.link}: {p.reason}\n")
    if today.empty:
        w("Nothing for today: no meetings, birthdays or late promises, and nobody due.\n")


def _write_up(r: WriteUp) -> str:
    where = r.note_link or r.label
    return f"- {r.date}: {where} with {links(r.people)} · nothing noted yet · `{r.log}`\n"


def _quick_touch(r: QuickTouch) -> str:
    return (
        f"- {r.person.link}: shared {r.shared}: {r.text} — {r.date} has passed;"
        f" a note to ask how it went{_in(r.note_link)}\n"
    )


def _coming_up(r: ComingUp) -> str:
    who = ""
    if r.scheduled:
        who = " (scheduled)"
        if r.people:
            who += f" with {links(r.people[:6])}"
            if len(r.people) > 6:
                who += f" and {len(r.people) - 6} more"
    elif not r.names_everyone:
        who = f" with {links(r.people)}"
    when = _when(r.date, r.weekday, r.in_days)
    return f"- {when}: {r.note_link or r.label}{who} · {r.prep_link}\n"


_NOTHING_PLANNED = (
    "Nothing planned: the horizon is 0 days.",
    "Nothing planned tomorrow.",
    "Nothing planned",
)


def _overdue(r: Overdue) -> str:
    planned = f" · **planned {r.planned}**" if r.planned else ""
    return (
        f"- {r.person.link}: {r.overdue_for} overdue · last touch {r.last_touch}"
        f" · face to face {r.last_in_person or 'never'} · {r.cadence_text}{planned}\n"
    )


def _long_lost(d: Digest) -> str:
    if not d.long_lost:
        return ""
    count = d.long_lost_count
    named = ", ".join(f"{r.person.link} ({r.overdue_for} overdue)" for r in d.long_lost[:5])
    whom = "person" if count == 1 else "people"
    return f"- Long lost: {count} {whom} — {named}{' …' if count > 5 else ''}\n"


def _meet(r: MeetRow) -> str:
    touched = r.last_touch and r.last_touch != r.last_in_person
    return (
        f"- {r.person.link}: last face to face {r.last_in_person} · {r.overdue_for} past due"
        f" · meet {r.meet_every_text}{f' · last touch {r.last_touch}' if touched else ''}\n"
    )


def _follow_up(r: FollowUp) -> str:
    line = f"- {r.text}" if r.private else f"- {links(r.people)}: {r.text}"
    if r.due:
        line += f" · **due {r.due}, {r.overdue_for} late**" if r.overdue else f" · due {r.due}"
    return f"{line}{_in(r.note_link)}\n"


def _personal(r: Shared) -> str:
    shared = f"shared {r.date}" if r.date else "from the Personal section"
    return f"- {links(r.people)}: {r.text} · {shared}{_in(r.note_link)}\n"


def _birthday(r: BirthdayRow) -> str:
    whose = f" turns {r.age}" if r.age else "'s birthday"
    return f"- {_when(r.date, r.weekday, r.in_days)}: {r.person.link}{whose}\n"


def _unmet(r: Unmet) -> str:
    line = f"- {r.person.link}"
    if r.role or r.company:
        line += ": " + " at ".join(str(part) for part in (r.role, r.company) if part)
    if r.ladder:
        line += f" · {r.ladder}"
    if r.planned:
        line += f" · **planned {r.planned}**"
    elif r.last_touch:
        line += f" · in touch {r.last_touch}"
    return f"{line}{f' · *{r.how_met}*' if r.how_met else ''}\n"


def _groups(d: Digest, w: Any) -> None:
    if not d.groups.total:
        return
    w("## Groups\n")
    for g in d.groups.shown:
        when = f"next {g.next}{' (scheduled)' if g.next_scheduled else ''}" if g.next else ""
        members = len(g.members)
        w(f"- {g.link}: {when or 'no meeting planned'}")
        w(f" · {members} {'member' if members == 1 else 'members'} · {g.attended_90d}")
        w(f" {'meeting' if g.attended_90d == 1 else 'meetings'} in 90 days")
        if g.one_on_one_never:
            w(f" · never one on one: {links(g.one_on_one_never[:5])}")
            if len(g.one_on_one_never) > 5:
                w(f" and {len(g.one_on_one_never) - 5} more")
            w(" — have coffee with one of them")
        w("\n")
    w(f"{_more(d.groups)}\n")


def _ladder(d: Digest, w: Any) -> None:
    w("## The ladder\nActive contacts on each rung, and the days you were in touch with them")
    w(" over the last 90 days.\n\n| | Contacts | Touches, 90 days | Face to face |\n")
    w("|---|--:|--:|--:|\n")
    if d.scope_text:
        rungs = [r for r in d.ladder if r.contacts]
    else:
        rungs = [r for r in d.ladder if r.rung != "unplaced"]
        rungs += [r for r in d.ladder if r.rung == "unplaced" and r.contacts]
    for r in rungs:
        w(f"| {r.label} | {r.contacts} | {r.touches_90d} | {r.in_person_90d} |\n")
    touched = [r for r in rungs if r.touches_90d]
    if len(touched) > 1:
        w("\n```mermaid\npie title Touches in the last 90 days\n")
        for r in touched:
            w(f'    "{r.label}" : {r.touches_90d}\n')
        w("```\n")
    warned = [r for r in d.ladder if r.warning]
    if warned:
        w("\n")
    for r in warned:
        w(f"- ⚠ {r.label}: {r.warning}\n")
    w("\n## Needs attention\n")


def _attention(d: Digest, w: Any) -> None:
    attention, errors = d.attention, d.attention_errors
    if attention.total:
        warnings = attention.total - errors
        w(f"{errors} {'error' if errors == 1 else 'errors'}, {warnings}")
        w(f" {'warning' if warnings == 1 else 'warnings'}")
        w(f"{'; `netnotes check` lists them all' if attention.more else ''}.\n\n")
    for r in attention.shown:
        line = f" line {r.line}" if r.line else ""
        error = "**error**: " if r.severity == "error" else ""
        code = r.problem.replace("[[", "`[[").replace("]]", "]]`")
        w(f"- {r.link}{line}: {error}{code}\n")
    if not attention.shown:
        w("Nothing: every note reads cleanly.\n")
    w(f"{_more(attention)}\n")


def _when(date: Any, weekday: str, in_days: int) -> str:
    """The template's `when` macro."""
    ahead = "today" if in_days == 0 else "tomorrow" if in_days == 1 else f"in {in_days} days"
    return f"**{date}** {weekday}, {ahead}"


def _more(section: Any) -> str:
    """The template's `more` macro."""
    return f"- … and {section.more} more\n" if section.more else ""


def _in(note_link: str | None) -> str:
    return f" · in {note_link}" if note_link else ""


def _within(days: int, none: str, tomorrow: str, within: str) -> str:
    """A section's words for no rows within a horizon of `days`."""
    return none if days == 0 else tomorrow if days == 1 else f"{within} in the next {days} days."

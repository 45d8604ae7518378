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

from typing import TYPE_CHECKING, Any

from .naming import joined_links as links
from .text import printable

if TYPE_CHECKING:
    from .digest_model import Digest

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
    w("\n## To write up\n")
    _write_up(d, w)
    w(f"{_more(d.write_up)}\n## Quick touches\n")
    _quick_touches(d, w)
    w(f"{_more(d.quick_touches)}\n## Coming up\n")
    _coming_up(d, w)
    w(f"{_more(d.coming_up)}\n## Overdue\n")
    _overdue(d, w)
    w("\n## Time to meet in person\n")
    _meet_in_person(d, w)
    w(f"{_more(d.meet_in_person)}\n## Follow-ups I owe\n")
    _follow_ups(d.follow_ups.shown, "Nothing open.", w)
    w(f"{_more(d.follow_ups)}\n## Waiting on others\n")
    _follow_ups(d.waiting.shown, "Nobody owes you anything.", w)
    w(f"{_more(d.waiting)}\n## Personal things to ask about\n")
    _personal(d, w)
    w(f"{_more(d.personal)}\n## Birthdays\n")
    _birthdays(d, w)
    w(f"{_more(d.birthdays)}\n## Still to meet\n")
    _still_to_meet(d, w)
    _groups(d, w)
    _ladder(d, w)
    _attention(d, w)
    return printable("".join(out))


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


def _write_up(d: Digest, w: Any) -> None:
    for r in d.write_up.shown:
        w(f"- {r.date}: {r.note_link or r.label} with {links(r.people)} · nothing noted yet")
        w(f" · `{r.log}`\n")
    if not d.write_up.shown:
        w("Every in-person meeting of the last 14 days has notes.\n")


def _quick_touches(d: Digest, w: Any) -> None:
    for r in d.quick_touches.shown:
        w(f"- {r.person.link}: shared {r.shared}: {r.text} — {r.date} has passed;")
        w(f" a note to ask how it went{_in(r.note_link)}\n")
    if not d.quick_touches.shown:
        w("No dates from what people shared have just passed.\n")


def _coming_up(d: Digest, w: Any) -> None:
    for r in d.coming_up.shown:
        w(f"- {_when(r.date, r.weekday, r.in_days)}: {r.note_link or r.label}")
        if r.scheduled:
            w(" (scheduled)")
            if r.people:
                w(f" with {links(r.people[:6])}")
                if len(r.people) > 6:
                    w(f" and {len(r.people) - 6} more")
        elif not r.names_everyone:
            w(f" with {links(r.people)}")
        w(f" · {r.prep_link}\n")
    if not d.coming_up.shown:
        w(_none_ahead(d.horizon_days, *_NOTHING_PLANNED))


_NOTHING_PLANNED = (
    "Nothing planned: the horizon is 0 days.",
    "Nothing planned tomorrow.",
    "Nothing planned",
)


def _overdue(d: Digest, w: Any) -> None:
    for r in d.lapsed.shown:
        w(f"- {r.person.link}: {r.overdue_for} overdue · last touch {r.last_touch}")
        w(f" · face to face {r.last_in_person or 'never'} · {r.cadence_text}")
        w(f"{f' · **planned {r.planned}**' if r.planned else ''}\n")
    if not d.lapsed.shown:
        w("Nobody is overdue.\n" if not d.long_lost else "Nobody lapsed lately.\n")
    w(_more(d.lapsed))
    if d.long_lost:
        count = d.long_lost_count
        named = ", ".join(f"{r.person.link} ({r.overdue_for} overdue)" for r in d.long_lost[:5])
        w(f"- Long lost: {count} {'person' if count == 1 else 'people'} — {named}")
        w(f"{' …' if count > 5 else ''}\n")


def _meet_in_person(d: Digest, w: Any) -> None:
    for r in d.meet_in_person.shown:
        w(f"- {r.person.link}: last face to face {r.last_in_person} · {r.overdue_for} past due")
        w(f" · meet {r.meet_every_text}")
        if r.last_touch and r.last_touch != r.last_in_person:
            w(f" · last touch {r.last_touch}")
        w("\n")
    if not d.meet_in_person.shown:
        w("Everyone you have met is seen often enough.\n")


def _follow_ups(rows: Any, empty: str, w: Any) -> None:
    for r in rows:
        w(f"- {r.text}" if r.private else f"- {links(r.people)}: {r.text}")
        if r.due:
            w(f" · **due {r.due}, {r.overdue_for} late**" if r.overdue else f" · due {r.due}")
        w(f"{_in(r.note_link)}\n")
    if not rows:
        w(f"{empty}\n")


def _personal(d: Digest, w: Any) -> None:
    for r in d.personal.shown:
        shared = f"shared {r.date}" if r.date else "from the Personal section"
        w(f"- {links(r.people)}: {r.text} · {shared}{_in(r.note_link)}\n")
    if not d.personal.shown:
        w("Nothing shared in the last 90 days.\n")


def _birthdays(d: Digest, w: Any) -> None:
    for r in d.birthdays.shown:
        whose = f" turns {r.age}" if r.age else "'s birthday"
        w(f"- {_when(r.date, r.weekday, r.in_days)}: {r.person.link}{whose}\n")
    if not d.birthdays.shown:
        w(_none_ahead(d.horizon_days, "None today.", "None today or tomorrow.", "None"))


def _still_to_meet(d: Digest, w: Any) -> None:
    for r in d.still_to_meet.shown:
        w(f"- {r.person.link}")
        if r.role or r.company:
            w(": " + " at ".join(str(part) for part in (r.role, r.company) if part))
        if r.ladder:
            w(f" · {r.ladder}")
        if r.planned:
            w(f" · **planned {r.planned}**")
        elif r.last_touch:
            w(f" · in touch {r.last_touch}")
        w(f"{f' · *{r.how_met}*' if r.how_met else ''}\n")
    if not d.still_to_meet.shown:
        w("You have met everyone on your list.\n")
    w(f"{_more(d.still_to_meet)}\n")
    if d.address_book:
        w(f"{d.address_book} more in your address book, with no rung, cadence or touch yet:")
        w(" see `netnotes list --ladder unplaced`.\n\n")


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


def _none_ahead(days: int, none: str, tomorrow: str, within: str) -> str:
    """A section's words for no rows within a horizon of `days`."""
    return f"{none if days == 0 else tomorrow if days == 1 else f'{within} in the next {days} days.'}\n"

"""One person on a prep sheet (`SheetPerson`): who they are, what to ask
about, what you owe each other, your last conversations with what was said,
whom you share, and where they are mentioned since you last spoke."""

from __future__ import annotations

import bisect
from datetime import date

from .howknow import how_you_know
from .inline import CONTROL_TAGS, strip_tags
from .models import MEETING, Contact, Touch
from .naming import lookup_key
from .people import standing, touch_label
from .prep_facts import birthday_note, facts_of, headline, met_line, opening_text
from .prep_items import by_day, item_lists, keys_of, last_day, window_start
from .prep_lines import as_sheet_lines, body_start
from .prep_model import Conversation, Key, Line, MentionLine, PersonRef, SheetPerson
from .prep_source import SheetSource


def sheet_person(src: SheetSource, contact: Contact, elsewhere: frozenset[Key]) -> SheetPerson:
    """`elsewhere`: lines shown once for the whole table, left out here."""
    contact = src.contact(contact.path) or contact  # with the details it shows
    today = src.today
    touches = [t for t in src.index.touches(contact.path) if t.date <= today]
    talks = by_day(touches)
    items = [i for i in src.items(contact.path) if (i.path, i.line) not in elsewhere]
    start = window_start(talks, items)
    recent = talks[: src.config.prep_recent]
    since = min(start, recent[-1][0].date) if start and recent else start
    lists = item_lists(items, talks, start, since, today)
    shown = elsewhere | keys_of(
        lists.since_last_time, lists.asks, lists.personal, lists.care, lists.owe, lists.waiting
    )
    last = standing(
        contact, (last_day(touches), last_day(touches, in_person=True)), src.config, today
    )
    return SheetPerson(
        name=contact.name,
        path=contact.path,
        headline=headline(contact) or None,
        met=met_line(contact) or None,
        how_you_know=how_you_know(
            contact,
            src.lines,
            src.shown_line,
            src.index.lines_linking(contact.path),
            min(filter(None, (contact.met, touches[0].date if touches else None)), default=None),
            today,
        ),
        facts=facts_of(contact.details, contact.name),
        details=contact.details,
        about=opening_text(
            src.view(contact.path)[0], {i.line for i in items if i.path == contact.path}
        ),
        since_last_time=lists.since_last_time,
        asks=lists.asks,
        personal=lists.personal,
        handle_with_care=lists.care,
        owe=lists.owe,
        waiting=lists.waiting,
        recent=tuple(conversation(src, day, shown, contact.path) for day in recent),
        shared_contacts=shared_contacts(src, contact, touches),
        birthday=birthday_note(contact, today, src.horizon_end),
        last_touch=last.last_touch,
        last_in_person=last.last_in_person,
        days_since_touch=(today - last.last_touch).days if last.last_touch else None,
        days_since_in_person=(today - last.last_in_person).days if last.last_in_person else None,
        due=last.due,
        meet_due=last.meet_due,
        meet_every=str(last.meet_every),
        mentions=mentions(src, contact, last_day(touches), {(i.path, i.line) for i in items}),
    )


def conversation(
    src: SheetSource, day: list[Touch], shown: frozenset[Key], contact: str
) -> Conversation:
    """One day's touches as one conversation, with the lines written under
    them that the lists above do not already show."""
    first = day[0]
    notes: list[Line] = []
    above = 0
    shown_lines: dict[str, list[int]] = {}  # sorted, so a day of many touches stays linear
    for path, line in shown:
        shown_lines.setdefault(path, []).append(line)
    for lines in shown_lines.values():
        lines.sort()
    for touch in day:
        start = touch.line + 1
        if touch.origin == MEETING:
            start = max(start, body_start(src.lines(touch.path)))
        found = note_lines(src, touch.path, start, touch.end_line, shown)
        if touch.origin == MEETING:  # what others at the table said is theirs
            reader, text = src.table_reader(touch.path), src.lines(touch.path)
            found = tuple(n for n in found if reader.belongs_to(text[n.line - 1], contact))
        notes += found
        here = shown_lines.get(touch.path, [])
        above += bisect.bisect_right(here, touch.end_line) - bisect.bisect_left(here, start)
    kind = next((t.kind for t in day if t.kind), None)
    title = strip_tags(first.title, CONTROL_TAGS) or None
    return Conversation(
        date=first.date,
        kind=kind,
        title=title,
        label=touch_label(title, kind),
        in_person=any(t.in_person for t in day),
        path=first.path,
        line=first.line,
        notes=tuple(notes),
        above=above,
    )


def note_lines(
    src: SheetSource, path: str, start: int, end: int, shown: frozenset[Key]
) -> tuple[Line, ...]:
    """Lines start..end of a note as a sheet shows them, those in `shown` aside."""
    return as_sheet_lines(src.plain_lines(path, start, end), path, shown)


def shared_contacts(
    src: SheetSource, contact: Contact, touches: list[Touch]
) -> tuple[PersonRef, ...]:
    """Whom their note links to, and who was at the meeting notes they
    were at (`touches`: theirs up to today)."""
    known = set(src.index.linked_contacts(contact.path))
    attended = {t.path for t in touches if t.origin == MEETING}
    for meeting in src.index.meetings(attended) if attended else ():
        known.update(meeting.attendees)
    known.discard(contact.path)
    names = src.index.contact_names(known)
    people = sorted(names.items(), key=lambda pair: (lookup_key(pair[1]), pair[0]))
    return tuple(PersonRef(name, path) for path, name in people)


def mentions(
    src: SheetSource, contact: Contact, last: date | None, items: set[Key]
) -> tuple[MentionLine, ...]:
    """Lines elsewhere that mention them, written since you last spoke."""
    found = [
        MentionLine(m.date, m.text, m.path, m.line)
        for m in src.index.mentions(contact.path)
        if (m.path, m.line) not in items
        and (m.date is None or m.date <= src.today)
        and (last is None or (m.date is not None and m.date > last))
    ]
    found.sort(key=lambda m: (-(m.date.toordinal() if m.date else 0), m.path, m.line))
    return tuple(found)

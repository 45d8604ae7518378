"""The prep sheet's `--format json` document (docs/prep.md): its own shape,
written out key by key, so that changing the template's context never changes
the JSON by accident. Keys are a contract: add, never rename.

Of #sensitive lines only `handle_with_care` speaks (privacy.py decides what
reaches the context; nothing here adds text)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .prep import PrepSheet
from .prep_model import (
    BirthdayNote,
    Conversation,
    Detail,
    Line,
    MeetingAhead,
    MeetingInfo,
    MentionLine,
    PersonRef,
    Question,
    SheetItem,
    SheetPerson,
)

if TYPE_CHECKING:
    from .groupsheet import GroupInfo, OneOnOne, Part
    from .howknow import Known


def prep_json(sheet: PrepSheet) -> dict[str, Any]:
    return {
        "date": _iso(sheet.date),
        "title": sheet.title,
        "today": _iso(sheet.today),
        "meeting": _meeting(sheet.meeting) if sheet.meeting else None,
        "planned": _planned(sheet.planned) if sheet.planned else None,
        "people": [_person(p) for p in sheet.people],
        "group": _group(sheet.group) if sheet.group else None,
    }


def _group(g: GroupInfo) -> dict[str, Any]:
    return {
        "name": g.name,
        "path": g.path,
        "meets": g.meets,
        "time": g.time,
        "place": g.place,
        "scheduled": g.scheduled,
        "agenda": [_line(n) for n in g.agenda],
        "last_meeting": {
            "path": g.last_meeting.path,
            "title": g.last_meeting.title,
            "date": _iso(g.last_meeting.date),
        }
        if g.last_meeting
        else None,
        "history": [_line(n) for n in g.history],
        "tasks": [_entry(e) for e in g.tasks],
        "parts": [_part(p) for p in g.parts],
    }


def _part(p: Part) -> dict[str, Any]:
    return {
        "name": p.name,
        "path": p.path,
        "headline": p.headline,
        "met": p.met,
        "asks": list(p.asks),
        "owe": [_entry(e) for e in p.owe],
        "waiting": [_entry(e) for e in p.waiting],
        "last_one_on_one": _one_on_one(p.last_one_on_one) if p.last_one_on_one else None,
        "handle_with_care": p.handle_with_care,
        "birthday": _birthday(p.birthday) if p.birthday else None,
    }


def _one_on_one(o: OneOnOne) -> dict[str, Any]:
    return {"date": _iso(o.date), "label": o.label, "kind": o.kind, "path": o.path, "line": o.line}


def _known(k: Known) -> dict[str, Any]:
    return {"text": k.text, "path": k.path, "line": k.line, "date": _iso(k.date)}


def _meeting(m: MeetingInfo) -> dict[str, Any]:
    return {
        "path": m.path,
        "title": m.title,
        "date": _iso(m.date),
        "weekday": m.weekday,
        "in_days": m.in_days,
        "kind": m.kind,
        "attendees": [_ref(r) for r in m.attendees],
        "notes": [_line(n) for n in m.notes],
        "asks": [_entry(e) for e in m.asks],
        "owe": [_entry(e) for e in m.owe],
        "waiting": [_entry(e) for e in m.waiting],
        "personal": [_entry(e) for e in m.personal],
        "handle_with_care": [_entry(e) for e in m.handle_with_care],
    }


def _planned(p: MeetingAhead) -> dict[str, Any]:
    return {
        "date": _iso(p.date),
        "weekday": p.weekday,
        "in_days": p.in_days,
        "title": p.title,
        "label": p.label,
        "kind": p.kind,
        "path": p.path,
        "line": p.line,
        "notes": [_line(n) for n in p.notes],
    }


def _person(p: SheetPerson) -> dict[str, Any]:
    return {
        "name": p.name,
        "path": p.path,
        "headline": p.headline,
        "met": p.met,
        "how_you_know": [_known(k) for k in p.how_you_know],
        "facts": [_detail(d) for d in p.facts],
        "details": _value(p.details),
        "about": list(p.about),
        "since_last_time": [_question(q) for q in p.since_last_time],
        "asks": [_entry(e) for e in p.asks],
        "personal": [_entry(e) for e in p.personal],
        "handle_with_care": [_entry(e) for e in p.handle_with_care],
        "owe": [_entry(e) for e in p.owe],
        "waiting": [_entry(e) for e in p.waiting],
        "recent": [_conversation(c) for c in p.recent],
        "shared_contacts": [_ref(r) for r in p.shared_contacts],
        "birthday": _birthday(p.birthday) if p.birthday else None,
        "last_touch": _iso(p.last_touch),
        "last_in_person": _iso(p.last_in_person),
        "days_since_touch": p.days_since_touch,
        "days_since_in_person": p.days_since_in_person,
        "due": _iso(p.due),
        "meet_due": _iso(p.meet_due),
        "meet_every": p.meet_every,
        "mentions": [_mention(m) for m in p.mentions],
    }


def _ref(r: PersonRef) -> dict[str, Any]:
    return {"name": r.name, "path": r.path}


def _line(n: Line) -> dict[str, Any]:
    return {"text": n.text, "depth": n.depth, "path": n.path, "line": n.line}


def _entry(e: SheetItem) -> dict[str, Any]:
    return {
        "text": e.text,
        "date": _iso(e.date),
        "path": e.path,
        "line": e.line,
        "due": _iso(e.due),
        "overdue": e.overdue,
    }


def _question(q: Question) -> dict[str, Any]:
    return {
        "text": q.text,
        "question": q.question,
        "date": _iso(q.date),
        "path": q.path,
        "line": q.line,
    }


def _conversation(c: Conversation) -> dict[str, Any]:
    return {
        "date": _iso(c.date),
        "kind": c.kind,
        "title": c.title,
        "label": c.label,
        "in_person": c.in_person,
        "path": c.path,
        "line": c.line,
        "notes": [_line(n) for n in c.notes],
        "above": c.above,
    }


def _detail(d: Detail) -> dict[str, Any]:
    return {"key": d.key, "value": d.value}


def _birthday(b: BirthdayNote) -> dict[str, Any]:
    return {"date": _iso(b.date), "written": b.written, "in_days": b.in_days, "age": b.age}


def _mention(m: MentionLine) -> dict[str, Any]:
    return {"date": _iso(m.date), "text": m.text, "path": m.path, "line": m.line}


def _value(value: object) -> Any:
    """A frontmatter value as JSON: dates as ISO strings, lists and maps kept."""
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None

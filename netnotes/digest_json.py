"""The digest's `--format json` document (docs/digest.md): every row, never
cut; a row that belongs to several people appears once per person."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from .digest_rows import (
    Attention,
    BirthdayRow,
    ComingUp,
    FollowUp,
    GroupRow,
    Overdue,
    Shared,
    Unmet,
)
from .jsonrows import ITEM_INDENT, FlatRows, JsonTexts, RowBatches
from .quicktouch import quick_touches_json
from .roster import Memo
from .worklist import meet_json, picks_json
from .writeup import write_up_json

if TYPE_CHECKING:
    from .digest_model import Digest


def digest_json(d: Digest) -> dict[str, Any]:
    """The `--format json` document (docs/digest.md) as plain values, every
    list made whole. Never cut; a row that belongs to several people appears
    once per person."""
    return _whole(digest_document(d))


def digest_document(d: Digest) -> dict[str, Any]:
    """The `--format json` document with each list of rows a `RowBatches`,
    made only as jsontext.write_json writes it: the same text as
    `digest_json`, without every row of every section at once."""
    if not d.whole:
        raise ValueError("the JSON digest needs every row: build_digest(..., whole=True)")
    return {
        "date": d.date.isoformat(),
        "horizon_days": d.horizon_days,
        "filters": {"tag": d.scope.tag, "ladder": d.scope.ladder, "group": d.scope.group},
        "today": {
            "meetings": RowBatches(_coming_up_json, d.today.meetings),
            "birthdays": RowBatches(_birthdays_json, d.today.birthdays),
            "follow_ups": RowBatches(_tasks_json, d.today.follow_ups),
            "picks": RowBatches(picks_json, d.today.picks),
        },
        "picks": RowBatches(picks_json, d.picks),
        "write_up": RowBatches(write_up_json, d.write_up.rows),
        "quick_touches": RowBatches(quick_touches_json, d.quick_touches.rows),
        "coming_up": RowBatches(_coming_up_json, d.coming_up.rows),
        "overdue": RowBatches(_overdue_json, d.overdue.rows),
        "meet_in_person": RowBatches(meet_json, d.meet_in_person.rows),
        "still_to_meet": RowBatches(_unmet_json, d.still_to_meet.rows),
        "address_book": d.address_book,
        "follow_ups": RowBatches(_tasks_json, d.follow_ups.rows),
        "waiting": RowBatches(_tasks_json, d.waiting.rows),
        "personal": RowBatches(_personal_json, d.personal.rows),
        "birthdays": RowBatches(_birthdays_json, d.birthdays.rows),
        "groups": RowBatches(_groups_json, d.groups.rows),
        "ladder": {
            r.rung: {
                "contacts": r.contacts,
                "touches_90d": r.touches_90d,
                "in_person_90d": r.in_person_90d,
                "warning": r.warning,
            }
            for r in d.ladder
        },
        "attention": RowBatches(_attention_json, d.attention.rows),
    }


def _whole(value: Any) -> Any:
    if type(value) is RowBatches:
        return value.whole()
    if type(value) is dict:
        return {key: _whole(item) for key, item in value.items()}
    return value


def _overdue_json(rows: Sequence[Overdue]) -> FlatRows:
    return FlatRows(
        {
            "name": r.person.name,
            "path": r.person.path,
            "due": _iso[r.due],
            "days_overdue": r.days_overdue,
            "last_touch": _iso[r.last_touch],
            "last_in_person": _iso[r.last_in_person],
            "cadence_days": r.cadence_days,
            "planned": _iso[r.planned],
            "cadence": r.cadence,
            "ladder": r.ladder,
            "long_lost": r.long_lost,
        }
        for r in rows
    )


def _unmet_json(rows: Sequence[Unmet]) -> FlatRows:
    return FlatRows(
        {
            "name": r.person.name,
            "path": r.person.path,
            "ladder": r.ladder,
            "last_touch": _iso[r.last_touch],
            "planned": _iso[r.planned],
        }
        for r in rows
    )


def _personal_json(rows: Sequence[Shared]) -> FlatRows:
    return FlatRows(
        {
            "name": p.name,
            "path": r.path,
            "line": r.line,
            "text": r.text,
            "date": _iso[r.date],
            "contact": p.path,
        }
        for r in rows
        for p in r.people
    )


def _groups_json(rows: Sequence[GroupRow]) -> list[dict[str, Any]]:
    return [
        {
            "name": g.name,
            "path": g.path,
            "next": _iso[g.next],
            "members": [{"name": p.name, "path": p.path} for p in g.members],
            "attended_90d": g.attended_90d,
            "one_on_one_never": [{"name": p.name, "path": p.path} for p in g.one_on_one_never],
        }
        for g in rows
    ]


def _attention_json(rows: Sequence[Attention]) -> FlatRows:
    return FlatRows(
        {
            "path": a.path,
            "line": a.line,
            "problem": a.problem,
            "detail": a.detail,
            "severity": a.severity,
        }
        for a in rows
    )


def attention_texts(rows: Sequence[Attention]) -> JsonTexts:
    """_attention_json's rows as their JSON text, no dict made for the
    encoder to lay out (13,000 at 10,000 contacts): as json.dumps(row,
    indent=2) lays one out in its place in the document (in_list), in an
    f-string (one join, where `%` reads its template through on every
    row). A vault's missing links lead to a few dozen targets, worded the
    same on every line: each problem and detail quoted once."""
    words = Memo(quoted)
    return JsonTexts(
        (f'{{\n      "path": {encode_basestring(a.path)},'
         f'\n      "line": {"null" if a.line is None else a.line},'
         f'\n      "problem": {words[a.problem]},\n      "detail": {words[a.detail]},'
         f'\n      "severity": {words[a.severity]}\n    }}'
         for a in rows),
        ITEM_INDENT,
    )  # fmt: skip


def quoted(value: str | None) -> str:
    """A text, or None, as JSON."""
    return "null" if value is None else encode_basestring(value)


def quoted_day(value: date | None) -> str:
    return "null" if value is None else f'"{value.isoformat()}"'


BOOLEAN = ("false", "true")


def personal_texts(rows: Sequence[Shared]) -> JsonTexts:
    """_personal_json's rows as their JSON text (as attention_texts), one per
    person of each line, each day quoted once."""
    quote, days = encode_basestring, Memo(quoted_day)
    return JsonTexts(
        (f'{{\n      "name": {quote(p.name)},\n      "path": {quote(r.path)},'
         f'\n      "line": {r.line},\n      "text": {quote(r.text)},'
         f'\n      "date": {days[r.date]},\n      "contact": {quote(p.path)}\n    }}'
         for r in rows
         for p in r.people),
        ITEM_INDENT,
    )  # fmt: skip


def _coming_up_json(rows: Sequence[ComingUp]) -> FlatRows:
    return FlatRows(
        {
            "name": p.name,
            "path": p.path,
            "date": _iso[r.date],
            "title": r.title,
            "label": r.label,
            "kind": r.kind,
            "prep": r.prep,
            "note": r.path,
            "line": r.line,
            "scheduled": r.scheduled,
        }
        for r in rows
        for p in r.people
    )


def _birthdays_json(rows: Sequence[BirthdayRow]) -> FlatRows:
    return FlatRows(
        {"name": r.person.name, "path": r.person.path, "date": _iso[r.date], "age": r.age}
        for r in rows
    )


def _tasks_json(rows: Sequence[FollowUp]) -> FlatRows:
    return FlatRows(
        {
            "name": p.name,
            "path": r.path,
            "line": r.line,
            "text": r.text,
            "due": _iso[r.due],
            "overdue": r.overdue,
            "contact": p.path,
            "private": r.private,
        }
        for r in rows
        for p in r.people
    )


def _isoformat(value: date | None) -> str | None:
    return value.isoformat() if value else None


# date -> its ISO text, each date written once: the rows share few dates (37k
# date fields at 10k contacts), and a hit is a C dict lookup. Pure, and bounded
# by the dates a vault holds.
_iso: Memo[date | None, str | None] = Memo(_isoformat)

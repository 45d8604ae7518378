"""The JSON digest's follow-ups and waiting (docs/digest.md), each row made
from its values read from SQL as the JSON text `json.dumps(row, indent=2)`
gives it: the JSON contract's rows of `digest_json._tasks_json`, without an
OwnedItem, a FollowUp or a dict per row (13,500 rows at 10,000 contacts).

The same rows in the same order as digest_items.task_lines and follow_up
make them: lines with a due date first, soonest first, then by the line's
first person in the index's order (sort key, path), then its path and line;
one row per person of the line, in that order. A `#sensitive` task's text
never leaves SQLite: its row is made here, saying privacy.private_follow_up
of its people's links instead. tests/test_digest_json_sql.py pins them to
the model's rows.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from json.encoder import encode_basestring
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from .config import Config
from .digest import digest_read
from .digest_json import (
    BOOLEAN,
    attention_texts,
    digest_document,
    personal_texts,
    quoted,
    quoted_day,
)
from .digest_members import JULIAN, Rank
from .digest_network import in_person_ahead
from .digest_rows import cadence_words
from .digest_scope import Scope
from .jsonrows import ITEM_INDENT, JsonTexts, RowBatches, in_list
from .naming import wikilink
from .people import cadence_from
from .privacy import private_follow_up
from .results import day_of
from .roster import Memo
from .schema import owned_items_sql
from .worklist import is_long_lost

if TYPE_CHECKING:
    from .index import Index
    from .kept import Connection


# The open tasks of the table member's contacts (digest_facts.OPEN_TASKS'
# rule), owed (:waiting 0) or waiting on others (1), once per person, each
# with its row's values read as the open tasks are (a #sensitive one's text:
# NULL, never read out of SQLite) and its file's and contact's ids: their
# paths and names are read once per file (_FILES), not looked up per row.
# Each column read costs a round of the GIL in sqlite3 (thousands of rows):
# whether a line is late is told from its due day here, not read.
_TASK_ROWS = (
    "WITH open AS MATERIALIZED (SELECT i.id, i.file, i.line, i.due,"
    " CASE WHEN i.sensitive THEN NULL ELSE json_quote(i.text) END AS text FROM items i"
    " WHERE i.is_task AND NOT i.done AND i.waiting = :waiting),"
    f" x AS ({owned_items_sql('i.id, i.file, i.line, i.due, i.text', source='open')})"
    " SELECT x.id, x.contact, x.file, x.line, x.due, x.text"
    " FROM x JOIN member m ON m.file = x.contact"
)
# Files by id: path, and a contact's sort key and name (NULL for a note).
_FILES = (
    "SELECT f.id, f.path, k.sort_key, k.name FROM json_each(?) n"
    " CROSS JOIN files f ON f.id = n.value LEFT JOIN contacts k ON k.file = f.id"
)
# A row's line (its item's id), person and file, read in C loops.
_LINE, _PERSON, _FILE = itemgetter(0), itemgetter(1), itemgetter(2)
_LINE_AND_PERSON = itemgetter(0, 1)


def task_rows(conn: Connection, today: date) -> tuple[JsonTexts, JsonTexts]:
    """The JSON digest's `follow_ups` and `waiting` rows, as of `today`, of
    the contacts of the table member (fill_members), in the model's order:
    lines with a due date first, soonest first, then by the line's first
    person, path and line, then by person. Read in a query each, their
    files' paths and names in another (each quoted once), and sorted here,
    a sort of references (SQLite's sorter copies each row whole)."""
    read = [conn.execute(_TASK_ROWS, {"waiting": waiting}).fetchall() for waiting in (0, 1)]
    files = _files(conn, read)
    owed, waits = (_texts(_sorted(rows, files), today) for rows in read)
    return owed, waits


def _files(conn: Connection, read: list[list[tuple]]) -> dict[int, tuple]:
    """The files and contacts of these rows by id: (path, rank, name, path
    and name quoted), rank being a contact's place in the index's order."""
    ids: set[int] = set()
    for rows in read:
        ids.update(map(_PERSON, rows), map(_FILE, rows))
    quote = encode_basestring
    return {
        file: (path, (key, path), name, quote(path), "null" if name is None else quote(name))
        for file, path, key, name in conn.execute(_FILES, (json.dumps(list(ids)),))
    }


def _sorted(rows: list[tuple], files: dict[int, tuple]) -> list[tuple]:
    """task_rows' rows of one section, in order, each with what its text
    is made of: a sort key, then the values (_texts)."""
    if len(set(map(_LINE_AND_PERSON, rows))) < len(rows):  # as DISTINCT (id, contact) would
        rows = list(dict.fromkeys(rows))
    first = _first_people(rows, files)
    found = []
    for item, contact, file, line, due, text in rows:
        _, rank, name, quoted_path, quoted_name = files[contact]
        note, _, _, quoted_note, _ = files[file]
        found.append(
            (due is None, due or "", first.get(item, rank), note, line, rank, name, quoted_note,
             quoted_path, quoted_name, text, due)
        )  # fmt: skip
    found.sort()
    return found


def _first_people(rows: list[tuple], files: dict[int, tuple]) -> dict[int, Rank]:
    """The rank of the first person of each line of several people (most
    lines have one: theirs is the rank of the row's own person)."""
    people = Counter(map(_LINE, rows))
    if len(people) == len(rows):
        return {}
    first: dict[int, Rank] = {}
    for item, contact in [row[:2] for row in rows if people[row[0]] > 1]:
        rank = files[contact][1]
        if item not in first or rank < first[item]:
            first[item] = rank
    return first


def _texts(found: list[tuple], today: date) -> JsonTexts:
    """_sorted's rows of one section as JSON text, as json.dumps(row,
    indent=2) lays out a row of the JSON contract in its place in the
    document (in_list), from values that are JSON text already (quoted,
    SQL's json_quote), in an f-string (one join, where `%` reads its
    template through on every row): each due day quoted, and told late
    or not, once (a few hundred for thousands of rows)."""
    days, late = Memo(quoted), Memo(functools.partial(_late, today.isoformat()))
    texts = JsonTexts(
        (f'{{\n      "name": {name},\n      "path": {note},\n      "line": {line},'
         f'\n      "text": {text},\n      "due": {days[due]},\n      "overdue": {late[due]},'
         f'\n      "contact": {path},\n      "private": false\n    }}'
         if text is not None
         else ""  # a #sensitive task's: _private_rows
         for _, _, _, _, line, _, _, note, path, name, text, due in found),
        ITEM_INDENT,
    )  # fmt: skip
    if "" in texts:
        _private_rows(found, texts, today)
    return texts


def _late(today: str, due: str | None) -> str:
    """Whether a line due on `due` is late on `today` (ISO days), as JSON."""
    return BOOLEAN[due is not None and due < today]


def _private_rows(found: list[tuple], texts: JsonTexts, today: date) -> None:
    """The rows of #sensitive tasks, in place: whose (their people's links,
    in order), never what (privacy.private_follow_up)."""
    links: dict[tuple[str, int], list[str]] = {}  # by the line's path and line
    for _, _, _, path, line, (_, contact), name, _, _, _, text, _ in found:
        if text is None:
            links.setdefault((path, line), []).append(wikilink(contact, name))
    for n, (_, _, _, path, line, (_, contact), name, _, _, _, text, due) in enumerate(found):
        if text is None:
            row = {
                "name": name,
                "path": path,
                "line": line,
                "text": private_follow_up(", ".join(links[path, line])),
                "due": due,
                "overdue": due is not None and due < today.isoformat(),
                "contact": contact,
                "private": True,
            }
            texts[n] = in_list(json.dumps(row, ensure_ascii=False, indent=2))


# The overdue (digest_due.overdue_contacts: the recently lapsed, then the
# long lost, most overdue first, ties in the index's order) and those to
# meet in person (digest_work.lapsed_meetings), each with the values of its
# row (digest_due.overdue_row, worklist.meet_row) as the table member and
# its contact hold them, its first planned day (temp.planned: plan_ahead)
# with the overdue: no Member made of thousands of contacts.
_DUE = " FROM member m CROSS JOIN files f ON f.id = m.file CROSS JOIN contacts c ON c.file = m.file"
_OVERDUE_ROWS = (
    "SELECT c.name, f.path, m.due_day, m.late, m.last, m.last_in_person, m.cadence, p.day,"
    f" c.ladder{_DUE} LEFT JOIN temp.planned p ON p.file = m.file"
    " WHERE m.late IS NOT NULL AND m.lost = :lost ORDER BY m.due_day, m.sort_key, f.path"
)
_MEET_ROWS = (
    "SELECT c.name, f.path, m.last_in_person, m.meet_due_day, m.meet_late, m.meet_every,"
    f" c.ladder{_DUE} WHERE m.meet_late IS NOT NULL ORDER BY m.meet_due_day, m.sort_key, f.path"
)


def due_texts(conn: Connection, meeting_ahead: set[str]) -> tuple[JsonTexts, JsonTexts]:
    """The JSON digest's `overdue` and `meet_in_person` rows (_OVERDUE_ROWS,
    _MEET_ROWS), as digest_json._overdue_json and worklist.meet_json make the
    model's and json.dumps(row, indent=2) lays them out in their place in the
    document (in_list), in f-strings (as _texts), each day, clock and rung
    written once; those to meet without whoever has a meeting in person
    planned (`meeting_ahead`: paths). Within fill_members' block, after
    assemble (temp.planned)."""
    quote, words, clocks = encode_basestring, Memo(quoted), Memo(_clock)
    days, due_days = Memo(_quoted_iso), Memo(_quoted_julian)
    overdue = JsonTexts(indent=ITEM_INDENT)
    for lost in (0, 1):
        rows = conn.execute(_OVERDUE_ROWS, {"lost": lost})
        for name, path, due, late, last, in_person, setting, planned, ladder in rows:
            every, written = clocks[setting]
            overdue.append(
                f'{{\n      "name": {quote(name)},\n      "path": {quote(path)},'
                f'\n      "due": {due_days[due]},\n      "days_overdue": {late},'
                f'\n      "last_touch": {days[last]},\n      "last_in_person": {days[in_person]},'
                f'\n      "cadence_days": {every},\n      "planned": {days[planned]},'
                f'\n      "cadence": {written},\n      "ladder": {words[ladder]},'
                f'\n      "long_lost": {BOOLEAN[lost]}\n    }}'
            )  # fmt: skip
    meet = JsonTexts(indent=ITEM_INDENT)
    for name, path, in_person, due, late, setting, ladder in conn.execute(_MEET_ROWS):
        if path not in meeting_ahead:
            every, written = clocks[setting]
            meet.append(
                f'{{\n      "name": {quote(name)},\n      "path": {quote(path)},'
                f'\n      "last_in_person": {days[in_person]},\n      "due": {due_days[due]},'
                f'\n      "days_overdue": {late},\n      "meet_every_days": {every},'
                f'\n      "meet_every": {written},\n      "ladder": {words[ladder]},'
                f'\n      "long_lost": {BOOLEAN[is_long_lost(late, every)]}\n    }}'
            )  # fmt: skip
    return overdue, meet


def _quoted_iso(day: str | None) -> str:
    """An ISO day of the table member, as a Member holds it (results.day_of), as JSON."""
    return quoted_day(day_of(day) if day else None)


def _quoted_julian(day: int) -> str:
    """A due day of the table member (a Julian day), as a Member holds it, as JSON."""
    return quoted_day(JULIAN[day])


def _clock(setting: str) -> tuple[int, str]:
    """A clock's nominal days and its setting's words as JSON (cadence_words),
    as a Member's cadence_from gives the clock."""
    words = cadence_words(cadence_from(setting))
    return words.days, quoted(words.written)


def json_document(
    index: Index, config: Config, today: date, scope: Scope, horizon: int | None
) -> dict[str, Any]:
    """What `digest --format json` prints: digest_document of
    build_digest(..., whole=True), its follow-ups and waiting (task_rows),
    overdue and meet-in-person rows (due_texts) read from SQL as their JSON
    text, not made as the model's rows first, and its personal and
    attention rows written as JSON text (personal_texts, attention_texts),
    not as dicts."""
    with digest_read(index, config, today, scope, horizon, True, sql_rows=True) as (d, facts):
        owed, waiting = task_rows(index.conn, today)
        ahead = facts.planned_within(today + timedelta(days=1), facts.end)
        overdue, meet = due_texts(index.conn, in_person_ahead(ahead))
    document = digest_document(d)
    document["follow_ups"] = RowBatches(_laid_out, owed)
    document["waiting"] = RowBatches(_laid_out, waiting)
    document["overdue"] = RowBatches(_laid_out, overdue)
    document["meet_in_person"] = RowBatches(_laid_out, meet)
    document["personal"] = RowBatches(personal_texts, d.personal.rows)
    document["attention"] = RowBatches(attention_texts, d.attention.rows)
    return document


def _laid_out(rows: Sequence[str]) -> JsonTexts:
    """A batch of task_rows' texts (laid out in their place, ITEM_INDENT)."""
    return JsonTexts(rows, ITEM_INDENT)

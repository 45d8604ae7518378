"""The JSON digest's follow-ups and waiting (docs/digest.md), each row read
from SQL as the JSON text `json.dumps(row, indent=2)` gives it: the
JSON contract's rows of `digest_json._tasks_json`, without an OwnedItem, a
FollowUp or a dict per row (13,500 rows at 10,000 contacts).

The same rows in the same order as digest_items.task_lines and follow_up
make them: lines with a due date first, soonest first, then by the line's
first person in the index's order (sort key, path), then its path and line;
one row per person of the line, in that order. A `#sensitive` task's text
never leaves SQLite: the row says privacy.private_follow_up of its people's
links instead. tests/test_digest_json_sql.py pins them to the model's rows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .config import Config
from .digest import digest_read
from .digest_facts import OPEN_TASKS
from .digest_json import digest_document
from .digest_scope import Scope
from .jsonrows import JsonTexts, RowBatches
from .naming import wikilink
from .privacy import private_follow_up

if TYPE_CHECKING:
    from .index import Index
    from .kept import Connection


def json_object(fields: tuple[tuple[str, str], ...]) -> str:
    """SQL: the text of a JSON object of these (key, SQL of its JSON text)
    fields, as json.dumps(indent=2) lays it out at the top level."""
    layout = ",\n".join(f'  "{key}": %s' for key, _ in fields)
    values = ", ".join(value for _, value in fields)
    return f"printf('{{\n{layout}\n}}', {values})"


def _boolean(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 'true' ELSE 'false' END"


_ROW = json_object(
    (
        ("name", "json_quote(k.name)"),
        ("path", "json_quote(f.path)"),
        ("line", "json_quote(i.line)"),
        ("text", "json_quote(CASE WHEN i.sensitive THEN s.private ELSE i.text END)"),
        ("due", "json_quote(i.due)"),
        ("overdue", _boolean("i.due < :today")),
        ("contact", "json_quote(c.path)"),
        ("private", _boolean("i.sensitive")),
    )
)
# The open tasks owed (:waiting 0) or waiting on others (1) of the table
# member's contacts (digest_facts.OPEN_TASKS), each once per person: a
# person's rank their place in the index's order (sort key, path), a line
# placed by its first person's. A #sensitive line's people named by their
# links (naming.wikilink), in that order, in privacy.private_follow_up's words.
_TASK_ROWS = OPEN_TASKS.format(days=" AND i.waiting = :waiting") + (
    ", ranked AS MATERIALIZED (SELECT DISTINCT t.id, t.contact,"
    " DENSE_RANK() OVER (ORDER BY m.sort_key, c.path) AS rank FROM tasks t"
    " CROSS JOIN member m ON m.file = t.contact CROSS JOIN files c ON c.id = t.contact),"
    " lines AS MATERIALIZED (SELECT id, MIN(rank) AS first FROM ranked GROUP BY id),"
    " sensitive AS MATERIALIZED (SELECT DISTINCT p.id, private_follow_up(group_concat("
    "wikilink(c.path, k.name), ', ') OVER (PARTITION BY p.id ORDER BY p.rank"
    " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) AS private"
    " FROM ranked p CROSS JOIN items i ON i.id = p.id AND i.sensitive"
    " CROSS JOIN files c ON c.id = p.contact CROSS JOIN contacts k ON k.file = p.contact)"
    f" SELECT {_ROW} FROM ranked p CROSS JOIN lines l ON l.id = p.id"
    " CROSS JOIN items i ON i.id = p.id CROSS JOIN files f ON f.id = i.file"
    " CROSS JOIN files c ON c.id = p.contact CROSS JOIN contacts k ON k.file = p.contact"
    " LEFT JOIN sensitive s ON s.id = p.id"
    " ORDER BY i.due IS NULL, i.due, l.first, f.path, i.line, p.rank"
)


def task_rows(conn: Connection, today: date, waiting: bool) -> JsonTexts:
    """The JSON digest's `follow_ups` (not `waiting`) or `waiting` rows, as
    of `today`, of the contacts of the table member (fill_members)."""
    conn.create_function("wikilink", 2, wikilink, deterministic=True)
    conn.create_function("private_follow_up", 1, private_follow_up, deterministic=True)
    rows = conn.execute(_TASK_ROWS, {"waiting": int(waiting), "today": today.isoformat()})
    return JsonTexts(text for (text,) in rows)


def json_document(
    index: Index, config: Config, today: date, scope: Scope, horizon: int | None
) -> dict[str, Any]:
    """What `digest --format json` prints: digest_document of
    build_digest(..., whole=True), its follow-ups and waiting read from SQL
    as their JSON text (task_rows), not made as the model's rows first."""
    with digest_read(index, config, today, scope, horizon, True, task_rows=False) as d:
        owed, waiting = task_rows(index.conn, today, False), task_rows(index.conn, today, True)
    document = digest_document(d)
    document["follow_ups"] = RowBatches(JsonTexts, owed)
    document["waiting"] = RowBatches(JsonTexts, waiting)
    return document

"""A note's lines as a prep sheet shows them: checkboxes as ✓ and ☐,
sub-headings in bold with what follows nested, netnotes' own tags and
fields left out."""

from __future__ import annotations

from . import notelines
from .inline import CONTROL_TAGS, HEADING, LIST_ITEM, parse_task, strip_tags
from .notelines import EVENT_UID_FIELD, calendar_line
from .prep_model import Key, Line


def body_start(lines: list[str]) -> int:
    """The 1-based line after the frontmatter (1 when there is none)."""
    return notelines.body_start(lines) + 1


def as_sheet_lines(
    lines: list[tuple[int, str]], path: str, shown: frozenset[Key]
) -> tuple[Line, ...]:
    """Shown lines (notelines.shown_lines) as notes: checkboxes as ✓ and ☐, a
    sub-heading in bold with what follows nested under it; a `# Title`, rules,
    lines in `shown` and an import's `event_uid::` left out."""
    found: list[Line] = []
    base = 0  # 1 under a sub-heading
    for number, raw in lines:
        stripped = raw.strip()
        heading = HEADING.match(stripped)
        if heading:
            if len(heading.group(1)) > 1 and heading.group(2).strip():
                found.append(Line(f"**{heading.group(2).strip()}**", 0, path, number))
                base = 1
            continue
        if (path, number) in shown or stripped.startswith("---") or _is_event_uid(raw):
            continue
        text = _note_text(raw)
        if text:
            indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
            depth = base + (min(indent // 2, 3) if LIST_ITEM.match(raw) else 0)
            depth = min(depth, found[-1].depth + 1 if found else base)  # no orphaned nesting
            found.append(Line(text, depth, path, number))
    return tuple(found)


def _is_event_uid(raw: str) -> bool:
    """`- event_uid:: …` under an imported meeting: for netnotes, not for reading."""
    field = calendar_line(raw)
    return field is not None and field[0] == EVENT_UID_FIELD


def _note_text(raw: str) -> str:
    task = parse_task(raw)
    if task is not None:
        return f"{'✓' if task.done else '☐'} {strip_tags(task.text, CONTROL_TAGS)}"
    item = LIST_ITEM.match(raw)
    return strip_tags(item.group(1) if item else raw.strip(), CONTROL_TAGS)

"""Line edits of a note's YAML frontmatter (DESIGN.md §5): rename a key, set
a scalar, set a list or add values to one — each touching only the lines it must, so
the user's formatting, comments, order, line endings and BOM stay as they
were. Never a YAML dump. Values are written with `yaml_value`, which quotes
whatever YAML would misread."""

from __future__ import annotations

import re

from .edit import Lines
from .yamlfm import frame, yaml_value

_KEY = re.compile(r"^([^\s#:][^:]*?)\s*:(?:\s+(.*?))?\s*$")
_ITEM = re.compile(r"^(\s*)-\s+(.*)$")


class FrontmatterEditError(ValueError):
    """The edit cannot be made by a line edit (no frontmatter, a multi-line value)."""


def plain_key(key: str) -> str:
    """Keys compared as netnotes reads them: case, `-`, `_` and spaces aside."""
    return re.sub(r"[\s_-]+", "", key).casefold()


def _end(lines: Lines) -> int:
    end, _ = frame(list(lines.texts))
    if end is None:
        raise FrontmatterEditError("the note has no frontmatter")
    return end


def find_key(lines: Lines, key: str) -> int | None:
    """The 0-based line of a top-level `key:` in the frontmatter, or None."""
    wanted = plain_key(key)
    for index in range(1, _end(lines)):
        match = _KEY.match(lines.texts[index])
        if match and plain_key(match.group(1).strip("'\"")) == wanted:
            return index
    return None


def _block_end(lines: Lines, index: int) -> int:
    """The line after a key's value: its own line plus indented or `- ` lines."""
    end = _end(lines)
    after = index + 1
    while after < end and (
        lines.texts[after].startswith((" ", "\t", "-")) or not lines.texts[after].strip()
    ):
        after += 1
    return after


def rename_key(text: str, old: str, new: str) -> str:
    lines = Lines.of(text)
    index = find_key(lines, old)
    if index is None:
        raise FrontmatterEditError(f"no {old}: in the frontmatter")
    line = lines.texts[index]
    colon = line.index(":")
    return lines.replaced(index, new + line[colon:]).text()


def scalar_line(lines: Lines, index: int) -> str | None:
    """A key's value written on its own line (None when the value is a block)."""
    match = _KEY.match(lines.texts[index])
    value = match.group(2) if match else None
    if value is None or value.startswith(("|", ">")):
        return None
    return value


def set_value(text: str, key: str, value: object) -> str:
    """`key: value`, replacing the key's value (and any block under it) or
    adding the key as the frontmatter's last line."""
    lines = Lines.of(text)
    index = find_key(lines, key)
    written = f"{key}: {yaml_value(value)}"
    if index is None:
        return lines.inserted(_end(lines), [written]).text()
    name = lines.texts[index].split(":", 1)[0]
    lines = _drop(lines, index + 1, _block_end(lines, index))
    return lines.replaced(index, f"{name}: {yaml_value(value)}").text()


def set_list(text: str, key: str, values: list[str]) -> str:
    """`key:` holding exactly `values`, as a block list (Obsidian's style), in
    place of the key's value, or added as the frontmatter's last lines; in
    the note's own line endings."""
    lines = Lines.of(text)
    items = [f"  - {yaml_value(v)}" for v in values]
    index = find_key(lines, key)
    if index is None:
        return lines.inserted(_end(lines), [f"{key}:", *items]).text()
    name = lines.texts[index].split(":", 1)[0]
    lines = _drop(lines, index + 1, _block_end(lines, index)).replaced(index, f"{name}:")
    return lines.inserted(index + 1, items).text()


def add_to_list(text: str, key: str, values: list[str], existing: list[str]) -> str:
    """Add `values` to the list under `key` (whose current items, as read, are
    `existing`): appended to a block list as `- item` lines in its own indent,
    else the key's line is rewritten as a flow list of old and new items."""
    if not values:
        return text
    lines = Lines.of(text)
    index = find_key(lines, key)
    if index is None:
        block = [f"{key}:", *(f"  - {yaml_value(v)}" for v in values)]
        return lines.inserted(_end(lines), block).text()
    end = _block_end(lines, index)
    items = [i for i in range(index + 1, end) if _ITEM.match(lines.texts[i])]
    if items and scalar_line(lines, index) is None:
        indent = _ITEM.match(lines.texts[items[-1]]).group(1)  # type: ignore[union-attr]
        return lines.inserted(items[-1] + 1, [f"{indent}- {yaml_value(v)}" for v in values]).text()
    name = lines.texts[index].split(":", 1)[0]
    flow = ", ".join(yaml_value(v) for v in [*existing, *values])
    lines = _drop(lines, index + 1, end)
    return lines.replaced(index, f"{name}: [{flow}]").text()


def _drop(lines: Lines, start: int, end: int) -> Lines:
    """Lines [start, end) removed, blank lines at the end of the block kept."""
    while end > start and not lines.texts[end - 1].strip():
        end -= 1
    if end <= start:
        return lines
    texts = lines.texts[:start] + lines.texts[end:]
    endings = lines.endings[:start] + lines.endings[end:]
    return Lines(lines.bom, texts, endings)

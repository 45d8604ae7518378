"""The text side of `netnotes merge`: one person's two notes made one, as
line edits of KEEP's text (DESIGN §5) — properties united in KEEP's YAML,
OTHER's opening text and `## Personal` items appended, OTHER's log entries
placed among KEEP's in date order — and links to OTHER rewritten to KEEP
with the text they showed kept. Pure functions: text in, text out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .edit import Heading, Lines, headings
from .fmedit import add_to_list, plain_key, set_value
from .inline import HEADING, link_target
from .naming import lookup_key
from .notelines import body_start
from .notes import parse_note
from .yamlfm import frame, read

_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})\b")
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")
_SKIPPED_KEYS = {"name", "aliases", "notsameas"}


@dataclass
class Merged:
    """KEEP's new text and what went into it, for the dry run."""

    text: str
    added: list[str] = field(default_factory=list)  # "email", "aliases + Ally", "2 log entries"
    kept: list[str] = field(default_factory=list)  # scalars that differ, as reported


def front_values(text: str) -> dict[str, Any]:
    """A note's frontmatter values as YAML reads them (empty when it has none)."""
    lines = Lines.of(text).texts
    end, _ = frame(list(lines))
    if end is None:
        return {}
    return read("\n".join(lines[1:end])).values


def merge_notes(
    keep_text: str, other_text: str, keep_names: set[str], other_name: str, prefer_other: bool
) -> Merged:
    """KEEP's text with OTHER's properties, opening text, personal items,
    log entries and other sections added. `keep_names` are what KEEP already
    answers to (folded); `other_name` becomes an alias unless among them."""
    merged = Merged(_ensure_frontmatter(keep_text))
    _merge_properties(merged, front_values(other_text), keep_names, other_name, prefer_other)
    parts = _body_parts(Lines.of(other_text))
    _append_opening(merged, parts.opening)
    _append_personal(merged, parts.personal)
    if parts.entries:
        _insert_entries(merged, sorted(parts.entries, key=lambda e: e.day))
        count = len(parts.entries)
        merged.added.append(f"{count} log entr{'y' if count == 1 else 'ies'}")
    _append_rest(merged, parts.rest)
    return merged


def _ensure_frontmatter(text: str) -> str:
    lines = Lines.of(text)
    end, _ = frame(list(lines.texts))
    if end is not None:
        return text
    return lines.inserted(0, ["---", "---"]).text()


# --- properties ------------------------------------------------------------


def _merge_properties(
    merged: Merged,
    other: dict[str, Any],
    keep_names: set[str],
    other_name: str,
    prefer_other: bool,
) -> None:
    keep = front_values(merged.text)
    keep_keys = {plain_key(k): k for k in keep}
    for key, value in other.items():
        plain = plain_key(key)
        if plain in _SKIPPED_KEYS or value in (None, "", []):
            continue
        if isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)
        ):
            merged.kept.append(f"{key}: not merged (a nested value); copy it by hand")
            continue
        mine = keep_keys.get(plain)
        if mine is None or keep.get(mine) in (None, "", []):
            merged.text = _written(merged.text, mine or key, value)
            merged.added.append(key)
        else:
            _unite(merged, mine, keep[mine], key, value, prefer_other)
    aliases = [other_name, *_as_list(other.get(_key_of(other, "aliases")))]
    new = [
        a for a in dict.fromkeys(str(a) for a in aliases if a) if lookup_key(a) not in keep_names
    ]
    if new:
        existing = _as_list(keep.get(keep_keys.get("aliases", "aliases")))
        merged.text = add_to_list(merged.text, keep_keys.get("aliases", "aliases"), new, existing)
        merged.added.append(f"aliases + {', '.join(new)}")


def _key_of(values: dict[str, Any], plain: str) -> str:
    return next((k for k in values if plain_key(k) == plain), plain)


def _as_list(value: Any) -> list:
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, list) else [value]


def _written(text: str, key: str, value: Any) -> str:
    if isinstance(value, list):
        return add_to_list(text, key, [_plain(v) for v in value], [])
    return set_value(text, key, value)


def _plain(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, date)) else str(value)


def _unite(
    merged: Merged, key: str, mine: Any, other_key: str, theirs: Any, prefer_other: bool
) -> None:
    if isinstance(mine, list) or isinstance(theirs, list):
        have = {_same(v) for v in _as_list(mine)}
        new = [_plain(v) for v in _as_list(theirs) if _same(v) not in have]
        if new:
            merged.text = add_to_list(merged.text, key, new, [_plain(v) for v in _as_list(mine)])
            merged.added.append(f"{key} + {', '.join(map(str, new))}")
        return
    if _same(mine) == _same(theirs):
        return
    if prefer_other:
        merged.text = set_value(merged.text, key, theirs)
        merged.kept.append(f"{key}: took {theirs} (KEEP had {mine})")
    else:
        merged.kept.append(
            f"{key}: kept {mine} (the other note has {theirs}; --prefer other takes it)"
        )


def _same(value: Any) -> str:
    return lookup_key(str(value))


# --- body ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    day: date
    level: int
    lines: tuple[str, ...]  # the heading and everything under it


@dataclass
class _Parts:
    opening: list[str] = field(default_factory=list)
    personal: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)  # any other section, as written


def _headings(lines: Lines) -> list[Heading]:
    """The note's headings outside code blocks and comments, as the parser finds them."""
    return headings(lines, parse_note("merge.md", lines.text()))[0]


def _day(heading: Heading) -> date | None:
    match = _DATED.match(heading.text)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _section_end(found: list[Heading], position: int, total: int) -> int:
    """Where the section of found[position] ends: the next heading of the same
    or a higher level, else the end of the note."""
    level = found[position].level
    return next((h.index for h in found[position + 1 :] if h.level <= level), total)


def _trimmed(texts: list[str] | tuple[str, ...]) -> list[str]:
    texts = list(texts)
    while texts and not texts[0].strip():
        texts.pop(0)
    while texts and not texts[-1].strip():
        texts.pop()
    return texts


def _body_parts(lines: Lines) -> _Parts:
    found = _headings(lines)
    texts = lines.texts
    start = body_start(lines.texts)
    parts = _Parts(opening=_trimmed(texts[start : found[0].index if found else len(texts)]))
    position = 0
    while position < len(found):
        heading = found[position]
        end = _section_end(found, position, len(texts))
        day = _day(heading)
        if day:
            parts.entries.append(
                Entry(day, heading.level, tuple(_trimmed(texts[heading.index : end])))
            )
        elif lookup_key(heading.text) == "personal":
            parts.personal += [t for t in texts[heading.index + 1 : end] if t.strip()]
        elif lookup_key(heading.text) == "log":
            position += 1  # its entries follow as headings of their own
            intro = _trimmed(
                texts[heading.index + 1 : found[position].index if position < len(found) else end]
            )
            parts.rest += intro
            continue
        else:
            parts.rest += ["", *_trimmed(texts[heading.index : end])]
        position = next(
            (i for i in range(position + 1, len(found)) if found[i].index >= end), len(found)
        )
    return parts


def _append_opening(merged: Merged, opening: list[str]) -> None:
    if not opening:
        return
    lines = Lines.of(merged.text)
    found = _headings(lines)
    start = body_start(lines.texts)
    at = found[0].index if found else len(lines.texts)
    mine = _trimmed(lines.texts[start:at])
    place = start + _last_filled(lines.texts, start, at) if mine else start
    followed = place < len(lines.texts) and lines.texts[place].strip()  # a heading, no blank
    block = ([""] if mine else []) + opening + ([""] if followed else [])
    merged.text = lines.inserted(place, block).text()
    merged.added.append("opening text")


def _last_filled(texts: tuple[str, ...], start: int, end: int) -> int:
    """Offset from `start` just past the last non-blank line before `end`."""
    last = max((i for i in range(start, end) if texts[i].strip()), default=start - 1)
    return last + 1 - start


def _append_personal(merged: Merged, items: list[str]) -> None:
    if not items:
        return
    lines = Lines.of(merged.text)
    found = _headings(lines)
    position = next((i for i, h in enumerate(found) if lookup_key(h.text) == "personal"), None)
    if position is not None:
        heading = found[position]
        end = _section_end(found, position, len(lines.texts))
        at = heading.index + 1 + _last_filled(lines.texts, heading.index + 1, end)
        merged.text = lines.inserted(at, items).text()
    else:
        before = next((h.index for h in found if lookup_key(h.text) == "log" or _day(h)), None)
        block = ["## Personal", *items, ""]
        if before is None:
            block = ["", *block[:-1]]
        merged.text = lines.inserted(
            before if before is not None else len(lines.texts), block
        ).text()
    merged.added.append(f"{len(items)} personal item{'s' if len(items) != 1 else ''}")


def _insert_entries(merged: Merged, entries: list[Entry]) -> None:
    """Each entry in date order among KEEP's, parsing KEEP once: after an
    insertion the headings are moved along and the block's own added, which
    is what parsing again would find unless the block or the place it goes
    touches a code block or a comment — then it parses again."""
    lines = Lines.of(merged.text)
    note = parse_note("merge.md", lines.text())
    found, unclosed = headings(lines, note)
    hidden = [(h.line - 1, h.end_line - 1) for h in note.hidden]  # 0-based, inclusive
    for entry in entries:
        at, block = _entry_place(lines, found, entry)
        lines = lines.inserted(at, block)
        if unclosed is None and _hides_nothing(block) and not any(a < at <= b for a, b in hidden):
            found = _moved(found, at, len(block)) + _block_headings(block, at)
            found.sort(key=lambda h: h.index)
            hidden = [(a + len(block) * (a >= at), b + len(block) * (b >= at)) for a, b in hidden]
        else:
            note = parse_note("merge.md", lines.text())
            found, unclosed = headings(lines, note)
            hidden = [(h.line - 1, h.end_line - 1) for h in note.hidden]
    merged.text = lines.text()


_HIDING = ("```", "~~~", "%%", "<!--", "-->")


def _hides_nothing(block: list[str]) -> bool:
    """No line of it opens or closes a code block or a comment."""
    return not any(mark in text for text in block for mark in _HIDING)


def _moved(found: list[Heading], at: int, count: int) -> list[Heading]:
    return [Heading(h.index + count, h.level, h.text) if h.index >= at else h for h in found]


def _block_headings(block: list[str], at: int) -> list[Heading]:
    """The headings of lines inserted at `at`, found as `edit.headings` finds them."""
    found = []
    for offset, raw in enumerate(block):
        match = HEADING.match(raw) if raw.lstrip().startswith("#") else None
        if match:
            found.append(Heading(at + offset, len(match.group(1)), match.group(2)))
    return found


def _entry_place(lines: Lines, found: list[Heading], entry: Entry) -> tuple[int, list[str]]:
    """Where the entry goes among KEEP's headings, and the lines to insert there."""
    dated = [(i, h, _day(h)) for i, h in enumerate(found) if _day(h)]
    if dated:
        level = dated[0][1].level
        newest_first = dated[0][2] > dated[-1][2]  # type: ignore[operator]
        after = [(i, h) for i, h, d in dated if (d < entry.day if newest_first else d > entry.day)]  # type: ignore[operator]
        if after:
            at = after[0][1].index
            block = [*_leveled(entry, level), ""]
        else:
            i, heading, _ = dated[-1]
            end = _section_end(found, i, len(lines.texts))
            at = heading.index + 1 + _last_filled(lines.texts, heading.index + 1, end)
            block = ["", *_leveled(entry, level)]
    else:
        log = next((i for i, h in enumerate(found) if lookup_key(h.text) == "log"), None)
        if log is None:
            at, level = len(lines.texts), 3
            block = ["", "## Log", *_leveled(entry, level)]
        else:
            heading = found[log]
            level = heading.level + 1
            end = _section_end(found, log, len(lines.texts))
            at = heading.index + 1 + _last_filled(lines.texts, heading.index + 1, end)
            block = _leveled(entry, level)
    return at, block


def _leveled(entry: Entry, level: int) -> list[str]:
    """The entry with its headings moved to KEEP's level."""
    shift = level - entry.level
    if not shift:
        return list(entry.lines)
    out = []
    for text in entry.lines:
        match = re.match(r"^( {0,3})(#{1,6})([ \t])", text)
        if match:
            hashes = "#" * max(1, min(6, len(match.group(2)) + shift))
            text = match.group(1) + hashes + text[match.end(2) :]
        out.append(text)
    return out


def _append_rest(merged: Merged, rest: list[str]) -> None:
    rest = _trimmed(rest)
    if not rest:
        return
    lines = Lines.of(merged.text)
    merged.text = lines.inserted(len(lines.texts), ["", *rest]).text()
    merged.added.append("other sections")


# --- links -------------------------------------------------------------------


def relink(text: str, targets: set[str], keep: str) -> tuple[str, int]:
    """Every wikilink whose target (as written, case aside) is in `targets`
    now leads to `keep`, still showing what it showed: `[[Ally]]` becomes
    `[[Alison Hill|Ally]]`, `[[Ally|her]]` `[[Alison Hill|her]]`. Embeds keep
    their size or caption."""
    wanted = {lookup_key(t) for t in targets}
    count = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal count
        bang, inner = match.group(1), match.group(2)
        target = link_target(inner)
        if target is None or lookup_key(target) not in wanted:
            return match.group(0)
        count += 1
        sep = "\\|" if "\\|" in inner else "|"
        head, _, shown = inner.partition(sep)
        heading = head[head.index("#") :] if "#" in head else ""
        if bang:
            return f"![[{keep}{heading}{sep + shown if shown else ''}]]"
        shown = shown or head.strip()
        if shown == keep:
            return f"[[{keep}{heading}]]"
        return f"[[{keep}{heading}{sep}{shown}]]"

    return _WIKILINK.sub(swap, text), count

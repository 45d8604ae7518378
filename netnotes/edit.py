"""Line edits of the user's own notes: `log` and `done` (DESIGN.md §5).

Planning is pure — a note's text in, the new text out — and changes only the
lines it means to: every other byte stays as it was (the frontmatter and its
comments, a BOM, CRLF or LF, a missing final newline, tabs, trailing spaces),
and new lines take the note's own line ending. Writing goes through
writes.py: `rewrite_note` for a note that exists, `atomic_create` for a new
meeting note. A new contact is newcontact.py's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .config import Config, parse_context
from .dateish import loose_date
from .errors import NetnotesError, UsageError, WriteRefusedError
from .inline import kind_of, parse_task, shown_text, strip_tags
from .models import Contact, OwnedItem, ParseContext
from .models_note import Note
from .naming import lookup_key, safe_filename
from .notes import CONTROL_TAGS, HEADING, parse_note
from .text import one_line
from .vault import Vault, atomic_create
from .writes import make_folder, new_note_place, refuse_during_git, rewrite_note
from .yamlfm import frame, yaml_value

LOG_HEADINGS = frozenset({"log", "interactions", "conversations"})
DONE_MARK = "\u2705"  # ✅, the Tasks plugin's done date


# --- a note as lines, each with its own ending ------------------------------


@dataclass(frozen=True, slots=True)
class Lines:
    """A note split on "\\n" the way the parser counts lines; joining gives
    back the exact text. `endings[i]` is what follows `texts[i]`: "\\n",
    "\\r\\n", or "" for a last line without a newline."""

    bom: str
    texts: tuple[str, ...]
    endings: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Lines:
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        pieces = text[len(bom) :].split("\n")
        texts, endings = [], []
        for piece in pieces[:-1]:
            bare = piece.rstrip("\r")
            texts.append(bare)
            endings.append(piece[len(bare) :] + "\n")
        if pieces[-1]:
            bare = pieces[-1].rstrip("\r")
            texts.append(bare)
            endings.append(pieces[-1][len(bare) :])
        return cls(bom, tuple(texts), tuple(endings))

    def text(self) -> str:
        return self.bom + "".join(t + e for t, e in zip(self.texts, self.endings))

    @property
    def newline(self) -> str:
        """The note's own line ending: CRLF when most lines end so, else LF."""
        crlf = sum(e.endswith("\r\n") for e in self.endings)
        lf = sum(e.endswith("\n") for e in self.endings) - crlf
        return "\r\n" if crlf > lf else "\n"

    def inserted(self, index: int, new: list[str]) -> Lines:
        """New lines before line `index` (0-based); at the end of a note without
        a final newline, the note still ends without one."""
        newline = self.newline
        endings = list(self.endings)
        added = [newline] * len(new)
        if new and index == len(endings) and endings and not endings[-1].endswith("\n"):
            endings[-1] += "\n" if endings[-1].endswith("\r") else newline
            added[-1] = ""
        texts = list(self.texts)
        texts[index:index] = new
        endings[index:index] = added
        return Lines(self.bom, tuple(texts), tuple(endings))

    def replaced(self, index: int, text: str) -> Lines:
        texts = list(self.texts)
        texts[index] = text
        return Lines(self.bom, tuple(texts), self.endings)


@dataclass(frozen=True, slots=True)
class Heading:
    index: int  # 0-based line
    level: int
    text: str


def headings(lines: Lines, note: Note) -> tuple[list[Heading], int | None]:
    """The ATX headings of the body outside code blocks and comments (as the
    parser found them), and the 0-based line where a block or comment opens
    that never closes (None if all close)."""
    end, _ = frame(list(lines.texts))
    hidden: set[int] = set()
    unclosed = None
    for block in note.hidden:
        hidden.update(range(block.line - 1, block.end_line))
        if not block.closed:
            unclosed = block.line - 1
    found: list[Heading] = []
    for index in range(0 if end is None else end + 1, len(lines.texts)):
        raw = lines.texts[index]
        if index not in hidden and raw.lstrip().startswith("#"):
            match = HEADING.match(raw)
            if match:
                found.append(Heading(index, len(match.group(1)), match.group(2)))
    return found, unclosed


_CONFLICT_START = re.compile(r"^<{7}(?: |$)")
_CONFLICT_END = re.compile(r"^>{7}(?: |$)")


def refuse_conflicts(path: str, text: str, note: Note | None = None) -> None:
    """Git conflict markers anywhere (as the parser sees them, or a `<<<<<<<`
    and a `>>>>>>>` line even inside a code block), or a frontmatter key
    written twice (RELIABILITY R22): never write into that note."""
    lines = text.lstrip("\ufeff").split("\n")
    raw = any(map(_CONFLICT_START.match, lines)) and any(map(_CONFLICT_END.match, lines))
    note = note or parse_note(path, text)
    if raw or note.conflicted:
        raise WriteRefusedError(
            f"{path} has unresolved git conflict markers (<<<<<<< … >>>>>>>); "
            "resolve them first, netnotes will not write into it"
        )
    duplicate = next((p for p in note.problems if p.problem.startswith("duplicate key ")), None)
    if duplicate is not None:  # which one Obsidian keeps is unknown: do not guess
        raise WriteRefusedError(
            f"{path}:{duplicate.line}: {duplicate.problem.split(' (')[0]} in the frontmatter; "
            "remove one of them first, netnotes will not write into it"
        )


# --- netnotes log ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogEntry:
    date: date
    title: str | None
    lines: tuple[str, ...]  # markdown list items, as they will be written


_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])(?:\s|$)")


def make_entry(when: date, title: str | None, lines: list[str]) -> LogEntry:
    """Each line becomes a list item (`- [ ] x` and `- x` stay as they are).
    UsageError for a title with control characters, or nothing to log at all."""
    title = one_line(title, "title")
    items = []
    for line in lines:
        for part in line.replace("\r", "\n").split("\n"):
            part = part.strip()
            if part:
                items.append(part if _LIST_ITEM.match(part) else f"- {part}")
    if not title and not items:
        raise UsageError("nothing to log: give --title or -m with a line of notes")
    return LogEntry(when, title, tuple(items))


def editor_template(names: list[str], when: date, title: str | None) -> str:
    about = f"{', '.join(names)} on {when.isoformat()}" + (f" — {title}" if title else "")
    return (
        f"\n# netnotes log: {about}\n"
        "# One note per line; each becomes a list item. Tasks (- [ ] …), #personal,\n"
        "# #ask and [[links]] work as in any note. Lines starting with '# ' are left\n"
        "# out. Save nothing else to cancel.\n"
    )


def lines_from_editor(text: str | None) -> list[str]:
    """What the user wrote in the editor, comment lines dropped."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    return [line for line in lines if line.strip() and not re.match(r"#(?: |$)", line)]


def add_log_entry(text: str, entry: LogEntry, path: str, context: ParseContext) -> tuple[str, int]:
    """The contact note with `entry` as a dated heading in its Log section (made
    at the end when missing), in the order the note already keeps (newest or
    oldest first); and the 1-based line of the new heading."""
    note = parse_note(path, text, context)
    refuse_conflicts(path, text, note)
    lines = Lines.of(text)
    found, unclosed = headings(lines, note)
    planned = _planned_heading(note, entry)
    if planned is not None:
        return _filled(lines, found, planned, entry, path, unclosed)
    dated = {i.line - 1: i.date for i in note.interactions}
    for other in found:  # `### 2026/11/15`: no conversation, but it keeps its place in order
        loose = None if other.index in dated else loose_date(other.text)
        if loose is not None:
            dated[other.index] = loose[0]
    log = next((h for h in found if _is_log_heading(h.text)), None)
    if log is None:
        index, level, block = len(lines.texts), 3, ["## Log"]
        if lines.texts and lines.texts[-1].strip():
            block.insert(0, "")
    else:
        index, level = _entry_place(lines, found, log, dated, entry.date)
        block = []
    if unclosed is not None and index > unclosed:
        raise WriteRefusedError(
            f"{path}: line {unclosed + 1} opens a code block or comment that "
            "never closes; close it first, or the entry would vanish in it"
        )
    heading = _entry_heading(level, entry, _heading_style(lines, found, dated, log))
    block += [heading, *entry.lines]
    block = _padded(lines, index, block, log)
    return lines.inserted(index, block).text(), index + block.index(heading) + 1


def _planned_heading(note: Note, entry: LogEntry) -> int | None:
    """The 0-based line of the heading this entry fills: one dated `entry.date`
    whose title is `entry.title` (case aside) or that has none; without a
    title, the one heading of that date."""
    same_day = [i for i in note.interactions if i.date == entry.date]
    if entry.title:
        wanted = entry.title.strip().casefold()
        same_day = [i for i in same_day if i.title.strip().casefold() in (wanted, "")]
    elif len(same_day) != 1:
        return None
    return same_day[0].line - 1 if same_day else None


def _filled(
    lines: Lines,
    found: list[Heading],
    at: int,
    entry: LogEntry,
    path: str,
    unclosed: int | None,
) -> tuple[str, int]:
    """The entry's lines at the end of the section of the heading on line `at`."""
    level = next(h.level for h in found if h.index == at)
    end = next((h.index for h in found if h.index > at and h.level <= level), len(lines.texts))
    last = max(i for i in range(at, end) if lines.texts[i].strip())
    if unclosed is not None and last >= unclosed:
        raise WriteRefusedError(
            f"{path}: line {unclosed + 1} opens a code block or comment that "
            "never closes; close it first, or the entry would vanish in it"
        )
    block = list(entry.lines)
    if block and last + 1 < len(lines.texts) and lines.texts[last + 1].strip():
        block.append("")
    return lines.inserted(last + 1, block).text(), at + 1


def append_to_meeting(text: str, entry: LogEntry, path: str) -> tuple[str, None]:
    """An existing meeting note with the entry's lines after its last line."""
    note = parse_note(path, text)
    refuse_conflicts(path, text, note)
    lines = Lines.of(text)
    _, unclosed = headings(lines, note)
    if unclosed is not None:
        raise WriteRefusedError(
            f"{path}: line {unclosed + 1} opens a code block or comment that "
            "never closes; close it first, or the lines would vanish in it"
        )
    filled = [i for i, t in enumerate(lines.texts) if t.strip()]
    last = filled[-1] + 1 if filled else len(lines.texts)
    return lines.inserted(last, list(entry.lines)).text(), None


def _is_log_heading(text: str) -> bool:
    return text.strip().rstrip(":").strip().casefold() in LOG_HEADINGS


def _entry_place(
    lines: Lines, found: list[Heading], log: Heading, dated: dict[int, date], when: date
) -> tuple[int, int]:
    """Where the entry goes in the Log section, and its heading level."""
    end = next((h.index for h in found if h.index > log.index and h.level <= log.level), None)
    end = len(lines.texts) if end is None else end
    entries = [h for h in found if log.index < h.index < end and h.index in dated]
    level = entries[0].level if entries else min(log.level + 1, 6)
    entries = [h for h in entries if h.level == level]
    oldest_first = len(entries) > 1 and dated[entries[0].index] < dated[entries[-1].index]
    for entry in entries:
        if (dated[entry.index] > when) if oldest_first else (dated[entry.index] <= when):
            return entry.index, level
    last = max(i for i in range(log.index, end) if lines.texts[i].strip())
    return last + 1, level


@dataclass(frozen=True, slots=True)
class _Style:
    opening: str = ""
    closing: str = ""
    separator: str = " \u2014 "  # " — "


_DATE_STYLE = re.compile(r"(\[\[|\[)?\d{4}-\d{2}-\d{2}(\]\]|\])?(\s*[—–\-:·|]+\s*|\s+)\S")
_BRACKETS = {"": "", "[": "]", "[[": "]]"}


def _heading_style(
    lines: Lines, found: list[Heading], dated: dict[int, date], log: Heading | None
) -> _Style:
    """How this note writes a dated heading: the first titled one in its Log
    section, else anywhere in it; else `YYYY-MM-DD — Title`."""
    candidates = [h for h in found if h.index in dated]
    if log is not None:
        candidates.sort(key=lambda h: h.index < log.index)
    for heading in candidates:
        match = _DATE_STYLE.match(heading.text)
        if match:
            opening, closing = match.group(1) or "", match.group(2) or ""
            if _BRACKETS[opening] != closing:
                opening = closing = ""
            return _Style(opening, closing, match.group(3))
    return _Style()


def _entry_heading(level: int, entry: LogEntry, style: _Style) -> str:
    day = f"{style.opening}{entry.date.isoformat()}{style.closing}"
    separator = style.separator
    if entry.title and entry.title[0] in "—–-:·|" and not separator.strip():
        separator = _Style().separator  # else the title's first character reads as a separator
    title = f"{separator}{entry.title}" if entry.title else ""
    return f"{'#' * level} {day}{title}"


def _padded(lines: Lines, index: int, block: list[str], log: Heading | None) -> list[str]:
    """A blank line between the entry and its neighbours, unless one is there
    already or the entry sits right under the Log heading."""
    texts = lines.texts
    if index > 0 and texts[index - 1].strip() and block[0] and not (log and log.index == index - 1):
        block = ["", *block]
    if index < len(texts) and texts[index].strip():
        block = [*block, ""]
    return block


def meeting_note(entry: LogEntry, links: list[str], file_title: str) -> str:
    """A meeting note: frontmatter with `date`, `with` (the attendees' links) and
    `kind` when the title names one; the title as a heading; the lines."""
    assert entry.title
    front = ["---", f"date: {entry.date.isoformat()}"]
    if file_title != entry.title:
        front.append(f"title: {yaml_value(entry.title)}")
    front.append(f"with:{yaml_value(links)}")
    kind = kind_of(entry.title)
    if kind:
        front.append(f"kind: {yaml_value(kind)}")
    body = [f"# {entry.title}", *([""] if entry.lines else []), *entry.lines]
    return "\n".join([*front, "---", *body]) + "\n"


def contact_link(contact: Contact, contacts: list[Contact]) -> str:
    """`[[Jane Doe]]` by file name; the path when another contact's file has
    the same name; `|Name` when the name is not the file's."""
    key = lookup_key(contact.stem)
    clash = any(c.path != contact.path and lookup_key(c.stem) == key for c in contacts)
    target = contact.path.removesuffix(".md") if clash else contact.stem
    return f"[[{target}]]" if target == contact.name else f"[[{target}|{contact.name}]]"


def log_to_contact(vault: Vault, config: Config, contact: Contact, entry: LogEntry) -> int:
    """Add `entry` to the contact's own note; the line of its heading."""
    context = parse_context(config)
    return rewrite_note(
        vault, contact.path, lambda text: add_log_entry(text, entry, contact.path, context)
    )


def log_meeting(
    vault: Vault,
    config: Config,
    contacts: list[Contact],
    attendees: list[Contact],
    entry: LogEntry,
    existing: Sequence[tuple[str, str, date]] = (),
) -> str:
    """Write `<meetings_dir>/<date> <title>.md` for several people; its path.
    Never over an existing note: a meeting note of that date and title
    (`existing`: the vault's, as (path, title, date)) gets the lines instead."""
    if not entry.title:
        raise UsageError("give --title for a meeting with several people: it names the note")
    wanted = entry.title.strip().casefold()
    same = [p for p, title, day in existing if day == entry.date and title.casefold() == wanted]
    if len(same) == 1:
        rewrite_note(vault, same[0], lambda text: append_to_meeting(text, entry, same[0]))
        return same[0]
    try:
        file_title = safe_filename(entry.title)
    except ValueError:
        raise UsageError(
            f"--title '{entry.title}' has no letters or digits to name a note"
        ) from None
    stem = f"{entry.date.isoformat()} {file_title}"
    hint = "add to it in your editor, or give another --title"
    folder, relative = new_note_place(vault, config.meetings_dir, stem, hint)
    text = meeting_note(entry, [contact_link(c, contacts) for c in attendees], file_title)
    refuse_during_git(vault, relative)
    make_folder(folder)
    atomic_create(folder / f"{stem}.md", text.encode("utf-8"))
    return relative


# --- netnotes done --------------------------------------------------------------


def pick_task(items: list[OwnedItem], contact: Contact, words: str) -> OwnedItem:
    """The one open task of the contact whose text holds `words` (case and
    accents aside); one whose whole text is `words` wins over longer ones.
    None or several: NetnotesError listing the candidates as path:line."""
    wanted = lookup_key(words)
    if not wanted:
        raise UsageError("give some words of the task to check off")
    open_tasks = sorted(
        {(i.path, i.line): i for i in items if i.is_task and not i.done}.values(),
        key=lambda i: (i.path, i.line),
    )
    at = [i for i in open_tasks if f"{i.path}:{i.line}" == words.strip()]
    if at:  # PATH:LINE, as the listings below print them: tells identical tasks apart
        return at[0]
    matches = [i for i in open_tasks if wanted in lookup_key(i.text)]
    exact = [i for i in matches if lookup_key(i.text) == wanted]
    if len(exact) == 1 or len(matches) == 1:
        return (exact or matches)[0]
    if not matches:
        listed = _listing(open_tasks) if open_tasks else "none"
        raise NetnotesError(
            f"no open task of {contact.name} contains '{words}'; open tasks: {listed}"
        )
    raise NetnotesError(
        f"'{words}' matches {len(matches)} open tasks of {contact.name}: "
        f"{_listing(matches)}; give more of the words, or PATH:LINE"
    )


def _listing(items: list[OwnedItem], most: int = 10) -> str:
    shown = "; ".join(f"{i.path}:{i.line} {i.text}" for i in items[:most])
    return shown + (f"; and {len(items) - most} more" if len(items) > most else "")


_TASK_BOX = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+\[")  # in a quote or callout too
_BLOCK_ID = re.compile(r"\s\^[A-Za-z0-9-]+$")


def check_off(text: str, line: int, task_text: str, when: date, path: str) -> str:
    """The note with the open task on `line` (1-based) checked: `[ ]` → `[x]`
    and ` ✅ YYYY-MM-DD` at its end (before a `^block-id`). Refuses when that
    line no longer holds the task."""
    refuse_conflicts(path, text)
    lines = Lines.of(text)
    raw = lines.texts[line - 1] if 0 < line <= len(lines.texts) else ""
    task = parse_task(shown_text(raw))  # the task as the parser read it: comments out
    box = _TASK_BOX.match(raw)
    if task is None or box is None or task.done or strip_tags(task.text, CONTROL_TAGS) != task_text:
        raise WriteRefusedError(
            f"{path}:{line} no longer holds the task '{task_text}' "
            "(the note changed); nothing written, run the command again"
        )
    checked = (raw[: box.end()] + "x" + raw[box.end() + 1 :]).rstrip(" \t")
    block = _BLOCK_ID.search(checked)
    at = block.start() if block else len(checked)
    mark = f" {DONE_MARK} {when.isoformat()}"
    return lines.replaced(line - 1, checked[:at].rstrip(" \t") + mark + checked[at:]).text()


def check_off_task(vault: Vault, item: OwnedItem, when: date) -> None:
    rewrite_note(
        vault,
        item.path,
        lambda text: (check_off(text, item.line, item.text, when, item.path), None),
    )

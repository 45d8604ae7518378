"""Safe edits of the user's own notes: `new`, `log` and `done` (DESIGN.md §5).

Planning is pure — a note's text in, the new text out — and changes only the
lines it means to: every other byte stays as it was (the frontmatter and its
comments, a BOM, CRLF or LF, a missing final newline, tabs, trailing spaces),
and new lines take the note's own line ending. Nothing here dumps YAML over a
note: a new contact comes from a template whose values pass through
`yaml_value`, every other write is a line edit.

Writing goes through `rewrite_note` (an existing note) or `atomic_create` (a
new one): never during a git operation, never into a note with conflict
markers, never outside the vault (a symlink inside it is written through to
its target), atomically, and only if the file still holds what was read —
else it starts over, so a save from an editor in between is never lost.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import yaml

from . import yamlfm
from .config import Config
from .dates import parse_birthday, parse_cadence, parse_date
from .errors import NetnotesError, TemplateError, UsageError, WriteRefusedError
from .inline import kind_of, parse_task, strip_tags
from .models import CONTACT, ERROR, Contact, NewContact, Note, OwnedItem, ParseContext
from .notes import CONTROL_TAGS, LADDER, parse_note
from .people import fold
from .vault import ReadProblem, Vault, atomic_create, atomic_write, decode_note, safe_filename

if TYPE_CHECKING:
    from .render import Renderer

T = TypeVar("T")
CONTACT_TEMPLATE = "contact.md.j2"
LOG_HEADINGS = frozenset({"log", "interactions", "conversations"})
MAX_ATTEMPTS = 3  # re-reads when the note changes while netnotes writes it
DONE_MARK = "\u2705"  # ✅, the Tasks plugin's done date


def parse_context(config: Config) -> ParseContext:
    return ParseContext(config.people_dir, config.daily_folder, config.daily_format)


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


_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")  # as notes.py reads them
_FENCES = ("```", "~~~")


def headings(lines: Lines) -> tuple[list[Heading], int | None]:
    """The ATX headings of the body, outside code fences and comments, and
    the line where a fence or comment opens that never closes (None if all close)."""
    end, _ = yamlfm.frame(list(lines.texts))
    found: list[Heading] = []
    closing, opened_at = None, None
    for index in range(0 if end is None else end + 1, len(lines.texts)):
        raw = lines.texts[index]
        stripped = raw.lstrip()
        if closing:
            fence = closing in _FENCES
            if stripped.startswith(closing) if fence else closing in raw:
                closing = None
            continue
        if stripped[:3] in _FENCES:
            closing, opened_at = stripped[:3], index
        elif stripped.startswith("%%") and raw.count("%%") % 2 == 1:
            closing, opened_at = "%%", index
        elif stripped.startswith("<!--") and "-->" not in stripped:
            closing, opened_at = "-->", index
        elif stripped.startswith("#"):
            match = _HEADING.match(raw)
            if match:
                found.append(Heading(index, len(match.group(1)), match.group(2)))
    return found, (opened_at if closing else None)


_CONFLICT_START = re.compile(r"^<{7}(?: |$)")
_CONFLICT_END = re.compile(r"^>{7}(?: |$)")


def refuse_conflicts(path: str, text: str, note: Note | None = None) -> None:
    """Git conflict markers anywhere (as the parser sees them, or a `<<<<<<<`
    and a `>>>>>>>` line even inside a code block): never write into that note."""
    lines = text.lstrip("\ufeff").split("\n")
    raw = any(map(_CONFLICT_START.match, lines)) and any(map(_CONFLICT_END.match, lines))
    if raw or (note or parse_note(path, text)).conflicted:
        raise WriteRefusedError(
            f"{path} has unresolved git conflict markers (<<<<<<< … >>>>>>>); "
            "resolve them first, netnotes will not write into it"
        )


# --- YAML values that every YAML reader reads back as written ----------------

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})
_PRINTABLE = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
_COUNT = re.compile(r"\d+[A-Za-z]+")  # 60d, 3M: never a number, date or time in any YAML
_YAML11 = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # PyYAML's own reading, YAML 1.1
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def yaml_value(value: object) -> str:
    """A frontmatter value, written so Obsidian, PyYAML (YAML 1.1) and js-yaml
    all read back exactly this: plain when that is unambiguous, else
    double-quoted (`"@ada"`, `"+15551234"`, `"01234"`, `"NO"`, `"10:30"`,
    `"[[Acme]]"`, `"a: b"`, `"x #y"`). Dates unquoted as YYYY-MM-DD; a list in
    Obsidian's block style (put it right after `key:`); None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else _double_quoted(str(value))
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        items = [_scalar(item) for item in value]
        return "".join(f"\n  - {item}" for item in items) if items else "[]"
    return _scalar(value)


def _scalar(value: object) -> str:
    if isinstance(value, (list, tuple, dict)) or value is None:
        return _double_quoted(str(value))
    if not isinstance(value, str):
        return yaml_value(value)
    return value if _plain_is_safe(value) else _double_quoted(value)


def _plain_is_safe(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if (text[0].isdigit() and not _COUNT.fullmatch(text)) or text[0] in "+.":
        return False  # numbers, dates, times in one YAML or another
    if text.lower() in _WORDS:
        return False  # booleans and null in one YAML or another
    if ": " in text or " #" in text or text.endswith(":") or not _PRINTABLE.fullmatch(text):
        return False
    source = f"k: {text}"
    try:
        yaml11 = yaml.load(source, Loader=_YAML11)
        return yaml11 == {"k": text} and yamlfm.load(source).values == {"k": text}
    except yaml.YAMLError:
        return False


def _double_quoted(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _PRINTABLE.fullmatch(char):
            out.append(char)
        else:  # control characters, line separators, a BOM, non-characters
            out.append(_escape(ord(char)))
    return '"' + "".join(out) + '"'


def _escape(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def install_filters(renderer: Renderer) -> None:
    renderer.env.filters["yaml_value"] = yaml_value


# --- netnotes new ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContactTemplate:
    """The variables of templates/contact.md.j2. Text values are as the user
    gave them (pass them through `| yaml_value` in frontmatter); `tags` has no
    `#`s; `met` is a date; `birthday` a date when the year is known, else
    "MM-DD"; `note` a paragraph for the body."""

    name: str
    ladder: str | None
    company: str | None
    role: str | None
    tags: tuple[str, ...]
    cadence: str | None
    email: str | None
    phone: str | None
    linkedin: str | None
    how_met: str | None
    met: date | None
    birthday: date | str | None
    note: str | None


def create_contact(
    vault: Vault, config: Config, renderer: Renderer, contacts: list[Contact], new: NewContact
) -> str:
    """Write `<people_dir>/<safe name>.md` from the contact template and return
    its vault-relative path. Refuses (WriteRefusedError) when a contact already
    answers to that name or alias, or the file exists in any case; never
    overwrites. Bad values are UsageErrors. The caller holds the write lock."""
    context = contact_context(new)
    stem = _file_stem(context.name)
    existing = _same_person(contacts, context.name, stem)
    if existing:
        raise WriteRefusedError(f"{existing}; nothing written")
    folder, relative = new_note_place(vault, config.people_dir, stem, "nothing written")
    install_filters(renderer)
    text = renderer.render(CONTACT_TEMPLATE, context)
    _check_rendered(relative, text, parse_context(config))
    refuse_during_git(vault, relative)
    _make_folder(folder)
    atomic_create(folder / f"{stem}.md", text.encode("utf-8"))
    return relative


def contact_context(new: NewContact) -> ContactTemplate:
    """NewContact, checked and tidied for the template; UsageError naming the field."""
    ladder = _one_line(new.ladder, "ladder")
    if ladder and ladder.lower() not in LADDER:
        raise UsageError(f"ladder: '{ladder}' is not above, peer or below")
    cadence = _one_line(new.cadence, "cadence")
    try:
        if cadence:
            parse_cadence(cadence)
    except ValueError as err:
        raise UsageError(f"cadence: {err}") from None
    name = _one_line(new.name, "name")
    if not name:
        raise UsageError("give the contact a name")
    return _no_templater(
        ContactTemplate(
            name=name,
            ladder=ladder.lower() if ladder else None,
            company=_one_line(new.company, "company"),
            role=_one_line(new.role, "role"),
            tags=_tags(new.tags),
            cadence=cadence,
            email=_one_line(new.email, "email"),
            phone=_one_line(new.phone, "phone"),
            linkedin=_one_line(new.linkedin, "linkedin"),
            how_met=_one_line(new.how_met, "how_met"),
            met=new.met,
            birthday=_birthday(_one_line(new.birthday, "birthday")),
            note=_paragraph(new.note),
        )
    )


def _no_templater(context: ContactTemplate) -> ContactTemplate:
    """Obsidian's Templater plugin, set to run on new files, runs `<% … %>` in
    a new note as code; imported names and notes come from other people."""
    for field in dataclasses.fields(context):
        value = getattr(context, field.name)
        texts = value if isinstance(value, tuple) else [value]
        if any(isinstance(text, str) and "<%" in text for text in texts):
            raise UsageError(
                f"{field.name}: holds '<%', which Obsidian's Templater plugin runs as code "
                "in a new note; nothing written"
            )
    return context


def _birthday(text: str | None) -> date | str | None:
    """A date when the year is known, else "MM-DD"."""
    if not text:
        return None
    try:
        whole = str(parse_birthday(text))
    except ValueError as err:
        raise UsageError(f"birthday: {err}") from None
    return parse_date(whole) if len(whole) == 10 else whole


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _one_line(value: str | None, field: str) -> str | None:
    """NFC, every run of spaces or line breaks as one space; None when empty.
    UsageError for control characters or bytes that were not UTF-8."""
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if _CONTROL.search(text):
        raise UsageError(
            f"{field}: {value!r} holds a control character or bytes that are not UTF-8"
        )
    return text or None


def _paragraph(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if re.search(r"[\ud800-\udfff]", text):
        raise UsageError("note: holds bytes that are not UTF-8")
    return text or None


def _tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Without `#`, spaces as `-` (a tag has none), each once whatever its case."""
    found: dict[str, str] = {}
    for tag in tags:
        clean = "-".join((_one_line(tag, "tag") or "").lstrip("#").split())
        if clean:
            found.setdefault(clean.casefold(), clean)
    return tuple(found.values())


def _file_stem(name: str) -> str:
    try:
        return safe_filename(name)
    except ValueError:
        raise UsageError(f"'{name}' has no letters or digits to make a file name from") from None


def _same_person(contacts: list[Contact], name: str, stem: str) -> str | None:
    wanted = {fold(name), fold(stem)}
    for contact in contacts:
        if wanted & {fold(contact.name), fold(contact.stem)}:
            return f"{contact.name} already exists: {contact.path}"
        for alias in contact.aliases:
            if fold(alias) in wanted:
                return f"'{alias}' is already an alias of {contact.name} ({contact.path})"
    return None


def new_note_place(vault: Vault, folder_name: str, stem: str, hint: str) -> tuple[Path, str]:
    """The folder and vault-relative path for a new note `stem`.md: the folder
    inside the vault, no note there by that name in any case or accents."""
    folder_name = folder_name.strip("/")
    relative = f"{folder_name}/{stem}.md" if folder_name else f"{stem}.md"
    folder = vault.path(folder_name) if folder_name else vault.root
    if not vault.contains(folder):
        raise WriteRefusedError(f"not writing {relative}: {folder_name} leads outside the vault")
    taken = _taken_name(folder, stem)
    if taken:
        there = f"{folder_name}/{taken}" if folder_name else taken
        same = taken == f"{stem}.md"
        how = "" if same else f" (the same name as {stem}.md but for case or accents)"
        raise WriteRefusedError(f"{there} already exists{how}; {hint}")
    return folder, relative


def _taken_name(folder: Path, stem: str) -> str | None:
    """A note in `folder` whose name differs from `stem.md` only in case or accents."""
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return None
    except OSError as err:
        raise WriteRefusedError(f"cannot read {folder}: {err.strerror}") from None
    wanted = fold(stem)
    return next((n for n in names if n.lower().endswith(".md") and fold(n[:-3]) == wanted), None)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise WriteRefusedError(f"cannot create {folder}: {err.strerror}") from None


def _check_rendered(relative: str, text: str, context: ParseContext) -> None:
    """A user's template must still make a note netnotes can read."""
    note = parse_note(relative, text, context)
    problem = next((p for p in note.problems if p.severity == ERROR), None)
    if problem:
        raise TemplateError(
            f"template {CONTACT_TEMPLATE} made a note netnotes cannot read "
            f"(line {problem.line}: {problem.problem}); nothing written"
        )
    if note.kind != CONTACT:
        raise TemplateError(f"template {CONTACT_TEMPLATE} made a note that is not a contact")


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
    title = _one_line(title, "title")
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
    found, unclosed = headings(lines)
    dated = {i.line - 1: i.date for i in note.interactions}
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
    key = fold(contact.stem)
    clash = any(c.path != contact.path and fold(c.stem) == key for c in contacts)
    target = contact.path.removesuffix(".md") if clash else contact.stem
    return f"[[{target}]]" if target == contact.name else f"[[{target}|{contact.name}]]"


def log_to_contact(vault: Vault, config: Config, contact: Contact, entry: LogEntry) -> int:
    """Add `entry` to the contact's own note; the line of its heading."""
    context = parse_context(config)
    return rewrite_note(
        vault, contact.path, lambda text: add_log_entry(text, entry, contact.path, context)
    )


def log_meeting(
    vault: Vault, config: Config, contacts: list[Contact], attendees: list[Contact], entry: LogEntry
) -> str:
    """Write `<meetings_dir>/<date> <title>.md` for several people; its path.
    Never over an existing note."""
    if not entry.title:
        raise UsageError("give --title for a meeting with several people: it names the note")
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
    _make_folder(folder)
    atomic_create(folder / f"{stem}.md", text.encode("utf-8"))
    return relative


# --- netnotes done --------------------------------------------------------------


def pick_task(items: list[OwnedItem], contact: Contact, words: str) -> OwnedItem:
    """The one open task of the contact whose text holds `words` (case and
    accents aside); one whose whole text is `words` wins over longer ones.
    None or several: NetnotesError listing the candidates as path:line."""
    wanted = fold(words)
    if not wanted:
        raise UsageError("give some words of the task to check off")
    open_tasks = sorted(
        {(i.path, i.line): i for i in items if i.is_task and not i.done}.values(),
        key=lambda i: (i.path, i.line),
    )
    matches = [i for i in open_tasks if wanted in fold(i.text)]
    exact = [i for i in matches if fold(i.text) == wanted]
    if len(exact) == 1 or len(matches) == 1:
        return (exact or matches)[0]
    if not matches:
        listed = _listing(open_tasks) if open_tasks else "none"
        raise NetnotesError(
            f"no open task of {contact.name} contains '{words}'; open tasks: {listed}"
        )
    raise NetnotesError(
        f"'{words}' matches {len(matches)} open tasks of {contact.name}: "
        f"{_listing(matches)}; give more of the words"
    )


def _listing(items: list[OwnedItem], most: int = 10) -> str:
    shown = "; ".join(f"{i.path}:{i.line} {i.text}" for i in items[:most])
    return shown + (f"; and {len(items) - most} more" if len(items) > most else "")


_TASK_BOX = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[")
_BLOCK_ID = re.compile(r"\s\^[A-Za-z0-9-]+$")


def check_off(text: str, line: int, task_text: str, when: date, path: str) -> str:
    """The note with the open task on `line` (1-based) checked: `[ ]` → `[x]`
    and ` ✅ YYYY-MM-DD` at its end (before a `^block-id`). Refuses when that
    line no longer holds the task."""
    refuse_conflicts(path, text)
    lines = Lines.of(text)
    raw = lines.texts[line - 1] if 0 < line <= len(lines.texts) else ""
    task = parse_task(raw)
    if task is None or task.done or strip_tags(task.text, CONTROL_TAGS) != task_text:
        raise WriteRefusedError(
            f"{path}:{line} no longer holds the task '{task_text}' "
            "(the note changed); nothing written, run the command again"
        )
    box = _TASK_BOX.match(raw)
    assert box is not None
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


# --- the write path for notes that exist ---------------------------------------


def refuse_during_git(vault: Vault, what: str) -> None:
    busy = vault.git_operation()
    if busy:
        raise WriteRefusedError(
            f"not writing {what}: a git operation is under way ({busy}); "
            "let it finish, then run the command again"
        )


def writable_target(vault: Vault, relative: str) -> Path:
    """The file to write for a note: a symlink inside the vault resolves to its
    target (the link stays a link); anything leading outside is refused."""
    path = vault.path(relative)
    if not vault.contains(path):
        raise WriteRefusedError(
            f"{relative} leads outside the vault; netnotes will not write there"
        )
    real = Path(os.path.realpath(path))
    if not real.is_file():
        raise WriteRefusedError(
            f"{relative} is not a note netnotes can write (missing or not a file)"
        )
    return real


def rewrite_note(vault: Vault, relative: str, change: Callable[[str], tuple[str, T]]) -> T:
    """Read the note, plan the change on its text, and replace it atomically
    if it still holds what was read; when an editor saved it meanwhile, read
    it again and plan again (a few times), so nothing is ever clobbered."""
    target = writable_target(vault, relative)
    for _ in range(MAX_ATTEMPTS):
        refuse_during_git(vault, relative)
        data = _read(target, relative)
        try:
            text = decode_note(relative, data)
        except ReadProblem as err:
            raise WriteRefusedError(
                f"{relative}: {err.problem.problem}; netnotes will not write into it"
            ) from None
        new_text, result = change(text)
        new = new_text.encode("utf-8")
        if new == data:
            return result
        try:
            atomic_write(target, new, expected=data)
        except WriteRefusedError:
            continue  # changed under us: start over from what is there now
        return result
    raise WriteRefusedError(
        f"{relative} kept changing while netnotes was writing it (an editor "
        "saving it?); nothing written, run the command again"
    )


def _read(target: Path, relative: str) -> bytes:
    try:
        return target.read_bytes()
    except OSError as err:
        raise WriteRefusedError(f"{relative}: cannot read it ({err.strerror})") from None

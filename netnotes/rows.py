"""One file → the rows the index stores for it. Pure and picklable, so that it
can run in a parse worker while the main process writes to SQLite.

Every row already carries the file's id (the index assigns it before the file
is read), so the process that writes them adds nothing: each list goes to one
`executemany` as it is.

Each row kind is a plain tuple (a NamedTuple per row would cost more than the
parse), typed in layout.py, in the order of its table's column tuple there."""

from __future__ import annotations

import errno
import functools
import os
import stat
from dataclasses import dataclass, field
from datetime import date
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from pathlib import Path

from .fulltext import compress
from .inline import tags_in, visible_text
from .interop.identity import identity_keys
from .layout import (
    UNCHANGED,
    UNREADABLE,
    ContactRow,
    FileRow,
    FoldRow,
    IdentityRow,
    InteractionRow,
    ItemRow,
    LinkRow,
    MentionRow,
    NameRow,
    ProblemRow,
    SectionRow,
    ShownRow,
)
from .models import CONTACT, ERROR, GROUP, MEETING, Hidden, ParseContext, Problem, note_stem
from .models_note import ContactInfo
from .naming import answers_to, conflict_copy_of, link_key, pack, sort_key
from .noted import is_noted, plainly_noted, written_range
from .notelines import plain_shown_texts
from .notes import Parsed, parse_records, shown_lines
from .parsed import flat_json, targets_json
from .vault import MAX_NOTE_BYTES, ReadProblem, content_hash, decode_note, shown_path


@dataclass(slots=True)
class FileRows:
    """A file's rows, table by table, laid out as layout.py says."""

    path: str
    size: int
    mtime_ns: int
    digest: str
    file: int = 0  # the id in `files` every row below refers to
    kind: str = UNREADABLE
    name: str = ""
    date: str | None = None
    failed: bool = True
    conflicted: bool = False
    contact: ContactRow | None = None
    details: str | None = None  # a contact's (or group's) frontmatter as written, JSON
    names: list[NameRow] = field(default_factory=list)
    folds: list[FoldRow] = field(default_factory=list)
    identities: list[IdentityRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    interactions: list[InteractionRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    mentions: list[MentionRow] = field(default_factory=list)
    attendees: str | None = None  # a meeting's link targets, JSON
    groups: str | None = None  # a meeting's `group:` targets, JSON
    problems: list[ProblemRow] = field(default_factory=list)
    sections: list[SectionRow] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # each section's text, for FTS
    body: bytes | None = None  # the note's text, compressed (fulltext.py)
    shown: ShownRow | None = None  # when it has an opening or hidden ranges

    @property
    def is_contact(self) -> bool:
        return self.contact is not None

    @property
    def name_keys(self) -> set[tuple[str, int]]:
        return {(key, rank) for key, _, rank in self.names}

    def file_row(self) -> FileRow:
        return (
            self.file,
            self.path,
            self.size,
            self.mtime_ns,
            self.digest,
            self.kind,
            self.name,
            self.date,
            +self.failed,  # flags as ints: see _interactions
            +self.conflicted,
        )


def read_file(
    root: Path,
    path: str,
    size: int,
    mtime_ns: int,
    context: ParseContext,
    known: str | None = None,
    file: int = 0,
    full_text: bool = True,
) -> FileRows:
    """Read, hash and parse one note, whose rows will have id `file` — unless
    its hash is `known` (only its stat changed, as after a git checkout).
    `full_text`: with its text and its sections' for the full-text index.
    Never raises for what a file holds."""
    try:
        data, whole = _read_bytes(f"{root}/{path}", size)  # a Path per note costs more
    except OSError as err:
        rows = FileRows(path, -1, -1, UNREADABLE, file, name=note_stem(path))  # retried every sync
        problem = Problem(path, None, ERROR, f"cannot read: {err.strerror}")
        rows.problems.append((file, *_problem(problem)))
        return rows
    digest = content_hash(data)
    if digest == known and whole == len(data):  # past the cap: only its first bytes hashed
        return FileRows(path, size, mtime_ns, digest, file, kind=UNCHANGED)
    try:
        text = decode_note(path, data, whole)
    except ReadProblem as err:
        rows = FileRows(path, size, mtime_ns, digest, file, name=note_stem(path))
        rows.problems.append((file, *_problem(err.problem)))
        return rows
    parsed = parse_records(path, text, context)
    return note_rows(parsed, text, size, mtime_ns, digest, file, full_text)


def _read_bytes(path: str, size: int) -> tuple[bytes, int]:
    """A file's bytes to its end, `size` (its stat's) at a time first: an io
    object per note cost more than reading the note (0.25 -> 0.14 s at 10k).
    Only a regular file (no symlink, FIFO or device swapped in since the
    walk: none is followed or waited on), and no more than decode_note takes:
    past MAX_NOTE_BYTES, the bytes up to it and the file's size."""
    try:
        handle = os.open(path, _READ_FLAGS)
    except OSError as err:
        if err.errno == errno.ELOOP:  # a symlink
            raise _not_regular() from None
        raise
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular()
        parts: list[bytes] = []
        held = 0
        want = min(max(size, 0), MAX_NOTE_BYTES) + 1  # one more: a file that grew is read whole
        while held <= MAX_NOTE_BYTES and (part := os.read(handle, want)):
            parts.append(part)
            held += len(part)
            if len(part) < want:  # a regular file's short read is its end: no read for b""
                break
            want = min(1 << 16, MAX_NOTE_BYTES + 1 - held)
    finally:
        os.close(handle)
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    return data, held if held <= MAX_NOTE_BYTES else max(held, info.st_size)


_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _not_regular() -> OSError:
    return OSError(errno.EINVAL, "not a regular file")


def read_files(
    root: Path, context: ParseContext, jobs: list[tuple], full_text: bool = True
) -> list[FileRows]:
    """read_file for each (path, size, mtime_ns, known hash, file id): one
    round trip to a parse worker for many small files."""
    return [
        read_file(root, path, size, mtime_ns, context, known, file, full_text)
        for path, size, mtime_ns, known, file in jobs
    ]


def note_rows(
    note: Parsed,
    text: str,
    size: int,
    mtime_ns: int,
    digest: str,
    file: int = 0,
    full_text: bool = True,
) -> FileRows:
    path = note.path
    stem_path = path[:-3] if path.lower().endswith(".md") else path
    stem = stem_path.rsplit("/", 1)[-1]  # note_stem(path), from what is made already
    # Each text's link key, which its folded name (_folded_names) may reuse.
    linked = {stem_path: link_key(stem_path), stem: link_key(stem)}
    keys = {(linked[stem_path], 0), (linked[stem], 1)}
    contact = details = None
    identities: list[IdentityRow] = []
    if note.kind == CONTACT and note.contact is not None:
        name = note.name
        key = linked.get(name)  # a contact's name is nearly always its file stem
        if key is None:
            linked[name] = key = link_key(name)
        keys.add((key, 2))
        for alias in note.aliases:
            linked[alias] = key = link_key(alias)
            keys.add((key, 3))
        contact = _contact_row(note, note.contact, file, stem)
        details = _details_json(note.details)
        folded: dict[str, str] = {}  # lookup keys _folded_names makes (text -> key)
        folds = _folded_names(note, linked, stem, folded)
        held = identity_keys(note.details, note.contact.email, (name, stem), note.aliases, folded)
        identities = [(key, file) for key in held]
    else:
        folds = _folded_names(note, linked, stem)
    if note.kind == GROUP:
        details = _details_json(note.details)
    # Every field given, in order (FileRows' own), and none by keyword: matching
    # two dozen keywords to their parameters cost more than building the rows.
    rows = FileRows(
        path,
        size,
        mtime_ns,
        digest,
        file,
        note.kind,
        note.name,
        note.date.isoformat() if note.date else None,  # _iso's, without a call
        any(p.severity == ERROR for p in note.problems) if note.problems else False,
        note.conflicted,
        contact,
        details,
        [(key, file, rank) for key, rank in sorted(keys)],  # names
        [(key, file) for key in sorted(folds)],  # folds
        identities,
        [  # links; flags as ints: see layout's rows
            (file, line, target, +embed, +fm, _target_key(target))
            for line, target, embed, fm in note.links
        ],
        _interactions(note, file, text.startswith("\ufeff")),
        [  # items; flags as ints (+flag: a bool's int, without a call to int)
            (file, line, kind, said, day, aim, +task, +done, due, +waits, +hush, +own, owners)
            for line, kind, said, day, aim, task, done, due, waits, hush, own, owners in note.items
        ],
        [(file, *row) for row in note.mentions] if note.mentions else [],
        None,  # attendees
        None,  # groups
        [(file, *_problem(p)) for p in note.problems] if note.problems else [],
        [(file, *row) for row in note.sections],  # (line, end, day): no unpacking
        note.texts() if full_text else [],
    )
    if note.kind == MEETING:  # the JSON its interaction's row was given a moment ago
        rows.attendees = targets_json(note.attendees)
        rows.groups = targets_json(note.groups)
    if note.opening or note.hidden:  # nearly always one of them: the other is "[]"
        rows.shown = (
            file,
            flat_json(note.opening) if note.opening else "[]",
            flat_json(note.hidden) if note.hidden else "[]",
        )
    if full_text:
        rows.body = compress(text)
    return rows


def _contact_row(note: Parsed, info: ContactInfo, file: int, stem: str) -> ContactRow:
    return (
        file,
        note.name,
        sort_key(note.name),
        pack(note.aliases),
        pack(note.tags),
        info.ladder,
        info.company,
        info.role,
        info.status,
        info.cadence,
        _iso(info.snooze),
        _iso(info.met),
        info.how_met,
        info.birthday,
        pack(info.groups),
        info.email,
        conflict_copy_of(stem),
        info.meet_every,
    )


def _interactions(note: Parsed, file: int, bom: bool) -> list[InteractionRow]:
    """Each interaction's row, with whether anything is noted under it (a
    fact the digest's "to write up" reads; only in-person headings and
    meeting notes are looked at) and whether its line is tagged #sensitive."""
    lines = note.lines
    hidden: tuple[Hidden, ...] | None = None if note.hidden else ()
    plain = not note.hidden  # nothing hidden: each line shows as written, comments in it aside
    found = []
    for line, end, when, title, kind, in_person, origin, targets in note.interactions:
        noted = True
        if in_person and plain and origin == CONTACT and line < end and plainly_noted(lines[line]):
            pass  # the heading's next line is noted (written_range: from it on)
        elif in_person and origin in (CONTACT, MEETING):
            if hidden is None:
                hidden = tuple(Hidden(*h) for h in note.hidden)
            start, stop = written_range(origin, line, end, lines)
            noted = _noted(lines, start, stop, hidden)
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        # tags_in lowercases each tag as written: a line with one has these letters
        sensitive = "sensitive" in text.lower() and _sensitive_line(text, line, bom)
        # flags as ints (+flag: a bool's int, without a call to int)
        found.append(
            (file, line, end, when, title, kind, +in_person, origin, targets, +noted, +sensitive)
        )
    return found


def _sensitive_line(text: str, line: int, bom: bool) -> bool:
    """Whether the line carries #sensitive as written (comments included, and
    a first line read with its byte-order mark, as link problems read it) or
    as the parser reads it (comments and code taken out, which can make a tag
    of `%%…%%#sensitive`): either way its words never show (DESIGN §9)."""
    raw = "\ufeff" + text if bom and line == 1 else text
    return "sensitive" in tags_in(raw) or "sensitive" in tags_in(visible_text(text))


def _noted(lines: list[str], start: int, stop: int, hidden: tuple[Hidden, ...]) -> bool:
    """is_noted() of the lines start..stop as a reader sees them, looking at
    the first few alone first: what is noted is nearly always the first line,
    and each line is judged on its own, so the answer is the same."""
    if not hidden:  # nearly every note: the lines as they are, one at a time
        for number in range(max(start, 1), stop + 1):
            raw = lines[number - 1] if number <= len(lines) else ""
            if not raw:  # skipped by both, as a blank line
                continue
            if plainly_noted(raw):
                return True
            # is_noted skips a heading as it strips it: `## ` is none there
            if raw[0] != "#" or raw.rstrip().lstrip("#")[:1] != " " or "%" in raw or "<" in raw:
                return is_noted(plain_shown_texts(lines, number, stop))  # read on, is_noted's way
            # else a heading with no comment: is_noted skips it
        return False
    for first, last in ((start, min(stop, start + _FIRST - 1)), (start + _FIRST, stop)):
        if first <= last and is_noted(text for _, text in shown_lines(lines, first, last, hidden)):
            return True
    return False


def _folded_names(
    note: Parsed, linked: dict[str, str], stem: str, folded: dict[str, str] | None = None
) -> set[str]:
    """What a contact, group or meeting note answers to when a user types a
    name (naming.answers_to): stored, so that finding one does not fold every
    name again. `linked`: the link keys note_rows made (text -> key);
    `stem`: the note's file stem; `folded`, for a contact: filled with the
    lookup keys made (text -> key), for its identity keys."""
    kind = note.kind
    if kind == MEETING:
        return answers_to(note.name, note.path, (), linked, stem, folded)
    if kind in (CONTACT, GROUP):
        return answers_to(note.name, note.path, note.aliases, linked, stem, folded)
    return set()


# JSONEncoder(ensure_ascii=False, default=str).encode, whose C encoder is made
# once, not per call (as parsed.flat_json's): with no check for circular
# references, as a frontmatter's values as written are trees the readers built
# (yamlfm refuses an alias that would reuse a node).
_details = c_make_encoder(None, str, encode_basestring, None, ": ", ", ", False, False, True)


def _details_json(details: dict) -> str:
    return "".join(_details(details, 0))


_FIRST = 4  # lines _noted looks at alone first


@functools.lru_cache(maxsize=16384)
def _target_key(target: str) -> str:
    """link_key of a link target, cached: the same few names are linked over and over."""
    return link_key(target)


def _problem(p: Problem) -> tuple:
    return (shown_path(p.path), p.line, p.severity, p.problem, p.detail)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None

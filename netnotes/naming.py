"""How things in the vault are named and found by name: the keys links match
on, the order names sort in, short lists packed into one column, wikilinks,
safe file names, and where generated files go. Pure string work, shared by
the parser, the index, the writers and the outputs."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

DIGEST_FILE = "Digest.md"


class _WithoutMarks(dict):
    """A str.translate table that drops combining marks (accents), learning
    each character once: the same few accented letters recur in thousands of
    names, and translate() then runs at C speed."""

    def __missing__(self, code: int) -> str | None:
        character = chr(code)
        kept = None if unicodedata.combining(character) else character
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def lookup_key(text: str) -> str:
    """How a name a person types is looked up: case and accents aside,
    spaces collapsed. `Zoë  Ångström` → `zoe angstrom`. Looser than
    link_key, which follows how Obsidian resolves a link."""
    if not text.isascii():  # ASCII has nothing to decompose: most names skip this
        text = unicodedata.normalize("NFKD", text).translate(_WITHOUT_MARKS)
    return " ".join(text.casefold().split())


def known_as(name: str, path: str, aliases: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """What a note's person (or group, or meeting) is called, as written: its
    name, its file stem, then its aliases. The identity rule compares these."""
    stem = path.rsplit("/", 1)[-1]
    stem = stem[:-3] if stem.lower().endswith(".md") else stem
    return (name, stem, *aliases)


def answers_to(
    name: str,
    path: str,
    aliases: tuple[str, ...] | list[str],
    linked: dict[str, str] | None = None,
    stem: str | None = None,
    folded: dict[str, str] | None = None,
) -> set[str]:
    """The lookup keys of everything a note answers to when a user types a
    name: what it is known as (name, file stem, aliases) and its path
    without `.md`. `linked`: link_key of some of these texts, made already;
    of ASCII text it is its lookup_key too (nothing to normalize or strip of
    accents), and not folded again. `stem`: the file stem (known_as's), when
    the caller has it already. `folded`, with `linked`: the lookup keys made
    (text -> key), kept for the caller, and each text folded once (a
    contact's name is nearly always its file stem too)."""
    if stem is None:
        texts = (*known_as(name, path, aliases), path.removesuffix(".md"))
    else:
        texts = (name, stem, *aliases, path.removesuffix(".md"))
    if not linked:
        return set(map(lookup_key, texts))
    if folded is None:
        return {linked[t] if t in linked and t.isascii() else lookup_key(t) for t in texts}
    for t in texts:
        if t not in folded:
            folded[t] = linked[t] if t in linked and t.isascii() else lookup_key(t)
    return {folded[t] for t in texts}


def link_key(text: str) -> str:
    """How links match names, as Obsidian resolves them: case-insensitively,
    NFC, spaces collapsed (accents count)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def pack(values: tuple[str, ...]) -> str:
    """A short list in one column: faster to read back than JSON."""
    return "\x1f".join(values)


def sort_key(name: str) -> str:
    """Names sort without regard to case or accents: Ångström sits with the A's."""
    if name.isascii():  # no accent to take off, nothing to decompose: most names
        return name.casefold()
    # the marks dropped by translate (as lookup_key drops them), not a generator
    return unicodedata.normalize("NFKD", name).translate(_WITHOUT_MARKS).casefold()


SYNCTHING_COPY = re.compile(r"(.+)\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?")


# The patterns below are compiled when first used: every command imports this
# module before its no-change walk forks, and a reading command names no file
# (~1 ms of compiling). A cached function, not re's own cache: a digest names
# a sheet for each of ~900 planned touches, a cold index each contact's note.
@functools.cache
def _conflict_copy() -> re.Pattern[str]:
    return re.compile(r"(.+?)\s+(?:\([^)]*conflict[^)]*\)|\d)", re.IGNORECASE)


def conflict_copy_of(stem: str) -> str | None:
    """`Ada (conflicted copy 2024-05-01)`, iCloud's `Ada 2` or Syncthing's
    `Ada.sync-conflict-20240501-101500-ABCDEFG` → `Ada`."""
    # Each pattern tried only where it could match: Syncthing's holds its
    # words; the other ends with `)` or a digit (most stems end otherwise).
    match = SYNCTHING_COPY.fullmatch(stem) if ".sync-conflict-" in stem else None
    if match is None and (stem[-1:] == ")" or stem[-1:].isdigit()):
        match = _conflict_copy().fullmatch(stem)
    return match.group(1) if match else None


@functools.cache
def _unsafe_chars() -> re.Pattern[str]:
    """Also C1 controls, bidi overrides and marks (a name that reads backwards
    in a listing), and `%%` (an Obsidian comment, which hides the rest of a link)."""
    return re.compile(
        '[\x00-\x1f\x7f-\x9f/\\\\:*?"<>|#^\\[\\]\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|%%'
    )


@functools.cache
def _windows_reserved() -> re.Pattern[str]:
    return re.compile(r"(?i)(?:con|prn|aux|nul|conin\$|conout\$|com[1-9¹²³]|lpt[1-9¹²³])(?:\..*)?")


MAX_NAME_BYTES = 240  # file names are capped at 255 bytes; leave room for " 2.md" and such


def safe_filename(name: str) -> str:
    """A file name (without `.md`) from a person's name or a title: no path
    separators, nothing Windows, macOS or Obsidian rejects or mangles in a
    link, NFC, no leading dots, no trailing dots or spaces, not a reserved
    Windows name, at most MAX_NAME_BYTES bytes. ValueError if nothing is left.
    Most names are one already (a digest names a thousand sheets of a day):
    those are only checked."""
    return name if _is_safe(name) else _cleaned(name)


@functools.cache
def _plain() -> re.Pattern[str]:
    return re.compile(r"[\w!$&'()+,\-.;=@`{}~ ]+")


_RESERVED_STARTS = frozenset({"con", "prn", "aux", "nul", "com", "lpt"})
_PLAIN_LENGTH = MAX_NAME_BYTES // 4


def _is_safe(name: str) -> bool:
    """A name _cleaned leaves as it is: NFC (checked last), only letters,
    digits, single spaces and punctuation no file system or link minds, a
    letter or digit first, no dot or space last, short enough in UTF-8 (at
    most 4 bytes a character), and not starting like a reserved Windows
    name (whose pattern matches only ASCII letters to these). Keep it in
    step with _cleaned: tests/test_sheetnames.py checks one against the other."""
    return (
        len(name) <= _PLAIN_LENGTH
        and (name.replace(" ", "").isalnum() or _plain().fullmatch(name) is not None)
        and name[0].isalnum()
        and name[-1] not in ". "
        and "  " not in name
        and name[:3].lower() not in _RESERVED_STARTS
        and unicodedata.is_normalized("NFC", name)
    )


def _cleaned(name: str) -> str:
    cleaned = _unsafe_chars().sub(" ", unicodedata.normalize("NFC", name))
    cleaned = " ".join(cleaned.split()).lstrip(". ").rstrip(". ")
    if _windows_reserved().fullmatch(cleaned):
        cleaned += " (name)"
    encoded = cleaned.encode("utf-8")
    if len(encoded) > MAX_NAME_BYTES:
        cleaned = encoded[:MAX_NAME_BYTES].decode("utf-8", "ignore").rstrip(". ")
    if not cleaned or not any(c.isalnum() for c in cleaned):
        raise ValueError(f"{name!r} has no letters or digits to make a file name from")
    return cleaned


def wikilink(path: str, name: str) -> str:
    """`[[Jane Doe]]`, or `[[file stem|Name]]` when the name is not the file's."""
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    return f"[[{stem}]]" if stem == name else f"[[{stem}|{name}]]"


def joined_links(people: Iterable[Any]) -> str:
    """`[[Jane Doe]], [[Raj Patel]]`: each one's `link`, as the digest names
    people (the templates' `links` filter: a macro's loop cost the digest a
    millisecond a hundred rows)."""
    return ", ".join(p.link for p in people)


def prep_sheet_path(output_dir: str, when: date, title: str) -> str:
    """Where the prep sheet for a meeting on `when` with `title` (a person's
    name or a meeting's title) lives, relative to the vault."""
    return f"{output_dir}/Prep/{when.isoformat()} {prep_sheet_name(title)}.md"


def prep_sheet_name(title: str) -> str:
    """The part of a prep sheet's file name that `title` makes (after the
    date). Never fails: a title with nothing usable in a file name ("☕")
    gets a stable stand-in."""
    try:
        return safe_filename(title)
    except ValueError:
        return "Meeting " + hashlib.sha256(title.encode("utf-8", "surrogatepass")).hexdigest()[:8]


_SHELL_SPECIAL = re.compile(r'[\\"$`]')


def shell_quoted(text: str) -> str:
    """Double quotes, as a shell reads them: `\\`, `"`, `$` and backquotes
    escaped; for the commands a digest or a sheet tells you to run."""
    return '"' + _SHELL_SPECIAL.sub(lambda m: "\\" + m.group(0), text) + '"'

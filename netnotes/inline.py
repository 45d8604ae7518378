"""The syntax of one line of markdown as Obsidian reads it: wikilinks, tags,
Tasks-plugin fields, Dataview fields, and the kind words of an interaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import parse_date

# --- links ---------------------------------------------------------------

_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")


def link_target(inner: str) -> str | None:
    """`Name|shown`, `Name\\|shown` (in a table), `Name#Heading`, `Name#^block`,
    `Folder/Name.md` → the target as written, or None for a link into the same note."""
    target = inner.replace("\\|", "|").split("|", 1)[0].split("#", 1)[0].strip()
    if target.lower().endswith(".md"):
        target = target[:-3].rstrip()
    return target or None


def links_in(text: str) -> list[tuple[str, bool]]:
    """(target, is_embed) for each wikilink in text, in order."""
    found = []
    for match in _WIKILINK.finditer(text):
        target = link_target(match.group(2))
        if target:
            found.append((target, match.group(1) == "!"))
    return found


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE_COMMENT = re.compile(r"%%.*?%%|<!--.*?-->")
_COMMENT_OPENER = re.compile(r"%%|<!--")


def visible_text(line: str) -> str:
    """The line without inline code and comments, where links and tags do not count."""
    if "`" in line:
        line = _CODE_SPAN.sub(" ", line)
    if "%%" in line or "<!--" in line:
        line = _without_comments(line)
    return line


def shown_text(line: str) -> str:
    """The line as a reader of the rendered note sees it: comments (closed on
    the line, or opened and left open) taken out, inline code kept."""
    if "%%" not in line and "<!--" not in line:
        return line
    if "`" not in line:
        return _without_comments(line)
    kept, last = [], 0
    for code in _CODE_SPAN.finditer(line):  # a `%%` inside code is no comment
        kept.append(_without_comments(line[last : code.start()]))
        kept.append(code.group(0))
        last = code.end()
    kept.append(_without_comments(line[last:]))
    return "".join(kept)


def _without_comments(text: str) -> str:
    text = _INLINE_COMMENT.sub(" ", text)
    opener = _COMMENT_OPENER.search(text)
    return text[: opener.start()] if opener else text


def comment_left_open(line: str) -> str | None:
    """The mark that closes a comment this line opens and does not close
    (`%%` or `-->`), else None: the lines after it are hidden up to that mark."""
    if "%%" not in line and "<!--" not in line:
        return None
    rest = _INLINE_COMMENT.sub(" ", _CODE_SPAN.sub(" ", line) if "`" in line else line)
    opener = _COMMENT_OPENER.search(rest)
    if opener is None:
        return None
    return "%%" if opener.group(0) == "%%" else "-->"


def display_links(text: str) -> str:
    """`[[Raj Patel|Raj]]` → `Raj`, `[[Raj Patel]]` → `Raj Patel`, for plain text."""

    def shown(match: re.Match[str]) -> str:
        inner = match.group(2).replace("\\|", "|")
        if "|" in inner:
            return inner.split("|", 1)[1]
        return inner.split("#", 1)[0] or inner.lstrip("#")

    return _WIKILINK.sub(shown, text)


# --- tags ----------------------------------------------------------------

_TAG = re.compile(r"(?<![^\s(])#([\w/-]+)")


def tags_in(text: str) -> list[str]:
    """Tags, lowercased, in order: `#Work/Clients` → `work/clients`; `#1984` is
    not a tag (a tag needs one character that is not a digit)."""
    if "#" not in text:
        return []
    tags = []
    for match in _TAG.finditer(text):
        tag = match.group(1).strip("/")
        if tag and not tag.replace("/", "").replace("-", "").replace("_", "").isdigit():
            tags.append(tag.lower())
    return tags


def strip_tags(text: str, tags: frozenset[str]) -> str:
    """The text without the given control tags (`#personal`, `#ask` …)."""

    def keep(match: re.Match[str]) -> str:
        return "" if match.group(1).lower() in tags else match.group(0)

    return " ".join((_TAG.sub(keep, text) if "#" in text else text).split())


# --- interaction kinds ---------------------------------------------------

IN_PERSON_KINDS = (
    "breakfast",
    "brunch",
    "coffee",
    "lunch",
    "dinner",
    "drinks",
    "beer",
    "party",
    "meeting",
    "meetup",
    "1:1",
    "walk",
    "visit",
    "event",
    "conference",
)
REMOTE_KINDS = (
    "call",
    "phone",
    "video",
    "zoom",
    "email",
    "text",
    "message",
    "dm",
    "linkedin",
    "social",
)
KINDS = frozenset(IN_PERSON_KINDS + REMOTE_KINDS)
_SYNONYMS = {
    "1-on-1": "1:1",
    "one-on-one": "1:1",
    "e-mail": "email",
    "drink": "drinks",
    "met": "meeting",  # "Met Ada for a walk": in person; a later kind word says which
}
_KIND_WORD = re.compile(
    r"(?<![\w:-])("
    + "|".join(re.escape(k) for k in sorted(KINDS | set(_SYNONYMS), key=len, reverse=True))
    + r")(?:e?s|e?d)?(?![\w-]|:\w)",  # "Lunch: Q3" is a lunch; "call:back" is not a call
    re.IGNORECASE,
)


def canonical_kind(word: str) -> str | None:
    """`Lunch` → `lunch`; `Texts`, `Called`, `1-on-1` → their kind; else None."""
    match = _KIND_WORD.fullmatch(word.strip())
    if not match:
        return None
    base = match.group(1).lower()
    return _SYNONYMS.get(base, base)


def kind_of(text: str, tags: list[str] | None = None) -> str | None:
    """A tag naming a kind wins; else the first kind word of the text."""
    for tag in tags if tags is not None else tags_in(text):
        kind = canonical_kind(tag)
        if kind:
            return kind
    match = _KIND_WORD.search(text)
    if not match:
        return None
    base = match.group(1).lower()
    if base == "met":
        later = _KIND_WORD.search(text, match.end())
        if later and later.group(1).lower() != "met":
            base = later.group(1).lower()
    return _SYNONYMS.get(base, base)


_IN_PERSON = frozenset(IN_PERSON_KINDS)


def is_in_person(kind: str | None) -> bool:
    return kind in _IN_PERSON


# --- tasks ---------------------------------------------------------------

TASK_LINE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[(.)\](?:\s+(.*))?$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_DONE_STATUSES = frozenset("xX-")

_DATE = r"(\d{4}-\d{2}-\d{2})"
_E = "\ufe0f?\\s*"
# Each field: its name, the characters one of which it cannot match without,
# and its pattern. Only fields whose marker is on the line are tried.
_TASK_FIELDS = [
    (
        "due",
        "\U0001f4c5\U0001f4c6\U0001f5d3",
        re.compile("[\U0001f4c5\U0001f4c6\U0001f5d3]" + _E + _DATE + "$"),
    ),
    ("scheduled", "\u23f3\u231b", re.compile("[\u23f3\u231b]" + _E + _DATE + "$")),
    ("start", "\U0001f6eb", re.compile("\U0001f6eb" + _E + _DATE + "$")),
    ("created", "\u2795", re.compile("\u2795" + _E + _DATE + "$")),
    ("done", "\u2705", re.compile("\u2705" + _E + _DATE + "$")),
    ("cancelled", "\u274c", re.compile("\u274c" + _E + _DATE + "$")),
    ("reminder", "\u23f0", re.compile("\u23f0" + _E + r"[\d\-: ]+$")),
    (
        "priority",
        "\U0001f53a\u23eb\U0001f53c\U0001f53d\u23ec",
        re.compile("[\U0001f53a\u23eb\U0001f53c\U0001f53d\u23ec]\ufe0f?$"),
    ),
    ("recurrence", "\U0001f501", re.compile("\U0001f501" + _E + r"[a-zA-Z0-9, !]+$")),
    ("id", "\U0001f194", re.compile("\U0001f194" + _E + r"[a-zA-Z0-9_-]+$")),
    ("depends", "\u26d4", re.compile("\u26d4" + _E + r"[a-zA-Z0-9_-]+(?:\s*,\s*[a-zA-Z0-9_-]+)*$")),
    ("on_completion", "\U0001f3c1", re.compile("\U0001f3c1" + _E + r"[a-zA-Z]+$")),
    ("dataview", ("::",), re.compile(r"[\[(]([\w][\w\s-]*)::\s*([^\]\)]*)[\])]$")),
]
_FIELD_OF = {marker: n for n, (_, markers, _) in enumerate(_TASK_FIELDS) for marker in markers}
_MARKERS = re.compile("|".join(map(re.escape, _FIELD_OF)))
_TRAILING_TAG = re.compile(r"(?:^|\s)#[^\s#]+$")


@dataclass(frozen=True, slots=True)
class Task:
    done: bool
    text: str  # the description: fields parsed off the end, trailing tags kept
    fields: dict[str, str]
    due: date | None
    due_error: str | None = None  # why a due date as written is no date ("impossible date: …")


_BLOCK_ID = re.compile(r"[A-Za-z0-9-]+")


def parse_task(line: str) -> Task | None:
    """An Obsidian task line, with fields read only from the end of the line, as
    the Tasks plugin does (`call 📅 2026-12-01 about grant` has no due date)."""
    match = TASK_LINE.match(line)
    if not match:
        return None
    rest = (match.group(2) or "").rstrip()
    head, caret, block = rest.rpartition("^")
    if caret and head[-1:].isspace() and _BLOCK_ID.fullmatch(block):
        rest = head.rstrip()  # an Obsidian block id (`^abc123`) ends the line after the fields
    fields: dict[str, str] = {}
    trailing_tags: list[str] = []
    while rest:
        for field in sorted({_FIELD_OF[marker] for marker in _MARKERS.findall(rest)}):
            name, _, pattern = _TASK_FIELDS[field]
            found = pattern.search(rest)
            if found:
                if name == "dataview":
                    key = found.group(1).strip().lower().replace(" ", "-")
                    fields.setdefault(key, found.group(2).strip())
                else:
                    fields.setdefault(name, found.group(1) if found.groups() else found.group(0))
                rest = rest[: found.start()].rstrip()
                break
        else:
            tag = _TRAILING_TAG.search(rest) if "#" in rest else None
            if not tag:
                break
            trailing_tags.insert(0, tag.group(0).strip())
            rest = rest[: tag.start()].rstrip()
    text = " ".join([rest, *trailing_tags]).strip()
    due, due_error = _field_date(fields.get("due"))
    return Task(
        done=match.group(1) in _DONE_STATUSES,
        text=text,
        fields=fields,
        due=due,
        due_error=due_error,
    )


def _field_date(value: str | None) -> tuple[date | None, str | None]:
    if not value:
        return None, None
    try:
        return parse_date(value), None
    except ValueError as err:
        return None, str(err)


_PERSONAL_FIELD = re.compile(r"(?:^|[\[(\s])personal::\s*([^\])]*)", re.IGNORECASE)


def personal_field(text: str) -> str | None:
    """The value of a `personal:: …` Dataview field on the line, if any."""
    if "::" not in text:
        return None
    match = _PERSONAL_FIELD.search(text)
    return match.group(1).strip() if match else None

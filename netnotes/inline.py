"""The syntax of one line of markdown as Obsidian reads it: wikilinks, tags,
Tasks-plugin fields, Dataview fields, and the kind words of an interaction."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from . import memo
from .dates import parse_date
from .values import immutable

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
    targets = _TARGETS
    if "!" not in text and FAST_PATHS:  # no embed: _NO_EMBED's links, in this call
        for inner in _NO_EMBED.findall(text):
            target = targets.get(inner, "")
            if target == "":  # not seen yet (None: a link into the same note)
                target = memo.remember(targets, inner, link_target(inner), _TARGETS_HELD)
            if target:
                found.append((target, False))
        return found
    for embed, inner in _WIKILINK.findall(text):
        target = targets.get(inner, "")
        if target == "":  # not seen yet (None: a link into the same note)
            target = memo.remember(targets, inner, link_target(inner), _TARGETS_HELD)
        if target:
            found.append((target, embed == "!"))
    return found


# _WIKILINK where no `!` can make an embed: the search skips to each `[[`
# (an optional `!` first made the pattern tried at every character: ~4x
# slower), and a greedy run of characters that are no brackets stops where
# the lazy one would, at the first `]`.
_NO_EMBED = re.compile(r"\[\[([^\[\]\n]+)\]\]")


# link_target of the insides of links seen: a vault links the same few names over and over.
_TARGETS: dict[str, str | None] = memo.registered()
_TARGETS_HELD = 20_000


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_COMMENTS = (("%%", "%%"), ("<!--", "-->"))


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
    """The text with each closed comment as one space, cut where a comment
    opens and is not closed."""
    return _scan_comments(text)[0]


def comment_left_open(line: str) -> str | None:
    """The mark that closes a comment this line opens and does not close
    (`%%` or `-->`), else None: the lines after it are hidden up to that mark."""
    if "%%" not in line and "<!--" not in line:
        return None
    return _scan_comments(_CODE_SPAN.sub(" ", line) if "`" in line else line)[1]


def _scan_comments(text: str) -> tuple[str, str | None]:
    """(the text with each `%% … %%` and `<!-- … -->` as one space, up to a
    comment left open; that comment's closing mark or None). Leftmost first,
    in linear time: each opener's next place is remembered, and an opener
    with no closer after it ends the scan (a regex `<!--.*?-->` took
    quadratic time on a line of `<!--`)."""
    closers = dict(_COMMENTS)
    at = {opener: text.find(opener) for opener in closers}
    parts: list[str] = []
    done = 0
    while True:
        for opener in closers:  # where each kind opens next, from `done` on
            if 0 <= at[opener] < done:
                at[opener] = text.find(opener, done)
        waiting = [(place, opener) for opener, place in at.items() if place >= 0]
        if not waiting:
            break
        start, opener = min(waiting)
        end = text.find(closers[opener], start + len(opener))
        if end < 0:  # left open: what follows is hidden
            parts.append(text[done:start])
            return "".join(parts), closers[opener]
        parts += [text[done:start], " "]
        done = end + len(closers[opener])
    parts.append(text[done:])
    return "".join(parts), None


def display_links(text: str) -> str:
    """`[[Raj Patel|Raj]]` → `Raj`, `[[Raj Patel]]` → `Raj Patel`, for plain text."""

    def shown(match: re.Match[str]) -> str:
        inner = match.group(2).replace("\\|", "|")
        if "|" in inner:
            return inner.split("|", 1)[1]
        return inner.split("#", 1)[0] or inner.lstrip("#")

    return _WIKILINK.sub(shown, text)


# --- headings ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    hashes: str
    title: str

    def group(self, number: int) -> str:
        return self.hashes if number == 1 else self.title


class _HeadingSyntax:
    """`## Title ##` → `##` and `Title`, as the pattern
    `^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$` reads it, in linear time
    (that pattern took quadratic time on a heading with a long run of spaces)."""

    _START = re.compile(r" {0,3}(#{1,6})(?=[ \t])")

    def match(self, line: str) -> HeadingMatch | None:
        found = self.parts(line)
        return None if found is None else HeadingMatch("#" * found[0], found[1])

    def parts(self, line: str) -> tuple[int, str] | None:
        """match()'s level (the number of `#`) and title, without a match object."""
        if line[:1] == "#" and FAST_PATHS and "\n" not in line:
            # No indent and no line end: the run of `#`, a space or tab after it.
            after = line.lstrip("#")
            level = len(line) - len(after)
            if level > 6 or after[:1] not in (" ", "\t"):
                return None
            title = after.strip(" \t")
        else:
            line = line[:-1] if line.endswith("\n") else line
            start = self._START.match(line)
            if not start or "\n" in line:
                return None
            level, title = start.end(1) - start.start(1), line[start.end() :].strip(" \t")
        before_closing = title.rstrip("#")  # an optional closing run: `## Title ##`
        if before_closing != title and before_closing[-1:] in (" ", "\t"):
            title = before_closing.rstrip(" \t")
        return level, title


HEADING = _HeadingSyntax()


# --- tags ----------------------------------------------------------------

_TAG = re.compile(r"(?<![^\s(])#([\w/-]+)")


# The tags netnotes acts on. A nested one counts as its root, as Obsidian
# files `#sensitive/health` under `#sensitive`.
CONTROL_TAGS = frozenset({"personal", "sensitive", "ask", "waiting"})


def tags_in(text: str) -> list[str]:
    """Tags, lowercased, in order: `#Work/Clients` → `work/clients`; `#1984` is
    not a tag (a tag needs one character that is not a digit). A nested
    control tag brings its root too: `#sensitive/health` → `sensitive/health`,
    `sensitive`."""
    if "#" not in text:
        return []
    if not FAST_PATHS:
        return [tag for word in _TAG.findall(text) for tag in _word_tags(word)]
    tags: list[str] = []
    held = _WORD_TAGS
    for word in _tag_words(text):
        found = held.get(word)
        if found is None:
            found = memo.remember(held, word, _word_tags(word), _WORD_TAGS_HELD)
        tags += found
    return tags


def _word_tags(word: str) -> tuple[str, ...]:
    """The tags of one `#word` (tags_in's, for `word`)."""
    tag = word.strip("/").lower()
    if not tag or tag.replace("/", "").replace("-", "").replace("_", "").isdigit():
        return ()
    root = tag.split("/", 1)[0]
    return (tag, root) if root != tag and root in CONTROL_TAGS else (tag,)


# _word_tags of the words seen: a vault's notes use the same few tags.
_WORD_TAGS: dict[str, tuple[str, ...]] = memo.registered()
_WORD_TAGS_HELD = 10_000


# _TAG.findall, its look behind put after the `#`: a pattern that opens
# with a look behind is tried at every character (2-3x slower), one that
# opens with `#` skips to each `#`; then what comes before it is looked at
# (the start, or a space or `(` then the `#`: two look behinds, each of one
# width). One call in C, where a loop over finditer's matches in Python
# cost twice as much. A match holds no `#` past its first, so it never
# swallows the `#` of the next.
_tag_words = re.compile(r"#(?:(?<=^#)|(?<=[\s(]#))([\w/-]+)").findall


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
    found = _KIND_OF_WORD.get(word, "")
    if found == "":  # not seen yet (None: no kind)
        match = _KIND_WORD.fullmatch(word.strip())
        base = match.group(1).lower() if match else None
        found = memo.remember(
            _KIND_OF_WORD, word, _SYNONYMS.get(base, base) if base else None, _KIND_OF_WORD_HELD
        )
    return found


# canonical_kind's answers by word: a meeting's `kind:` and the tags kind_of
# reads are the same few words over and over.
_KIND_OF_WORD: dict[str, str | None] = memo.registered()
_KIND_OF_WORD_HELD = 2_000


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

# A task may sit in a blockquote or a callout (`> - [ ] …`), as the Tasks plugin reads it.
TASK_LINE = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+\[(.)\](?:\s+(.*))?$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_DONE_STATUSES = frozenset("xX-")

_DATE = r"(\d{4}-\d{2}-\d{2})"
_E = "\ufe0f?\\s*"
DUE_MARKS = "\U0001f4c5\U0001f4c6\U0001f5d3"  # 📅 📆 🗓
_PRIORITY_MARKS = "\U0001f53a\u23eb\U0001f53c\U0001f53d\u23ec"  # 🔺 ⏫ 🔼 🔽 ⏬


def _marked(marks: str, value: str) -> tuple[str, re.Pattern[str]]:
    """A field's marks, and its pattern: one of them, then `value`, ending the text."""
    return marks, re.compile(f"[{marks}]{value}$")


# Each field: its name, the characters one of which it cannot match without,
# and its pattern. Only fields whose marker is on the line are tried. The
# first _DATED of them hold a date.
_TASK_FIELDS: list[tuple[str, str | tuple[str], re.Pattern[str]]] = [
    ("due", *_marked(DUE_MARKS, _E + _DATE)),
    ("scheduled", *_marked("\u23f3\u231b", _E + _DATE)),
    ("start", *_marked("\U0001f6eb", _E + _DATE)),
    ("created", *_marked("\u2795", _E + _DATE)),
    ("done", *_marked("\u2705", _E + _DATE)),
    ("cancelled", *_marked("\u274c", _E + _DATE)),
    ("reminder", *_marked("\u23f0", _E + r"[\d\-: ]+")),
    ("priority", *_marked(_PRIORITY_MARKS, "\ufe0f?")),
    ("recurrence", *_marked("\U0001f501", _E + r"[a-zA-Z0-9, !]+")),
    ("id", *_marked("\U0001f194", _E + r"[a-zA-Z0-9_-]+")),
    ("depends", *_marked("\u26d4", _E + r"[a-zA-Z0-9_-]+(?:\s*,\s*[a-zA-Z0-9_-]+)*")),
    ("on_completion", *_marked("\U0001f3c1", _E + r"[a-zA-Z]+")),
    ("dataview", ("::",), re.compile(r"[\[(]([\w][\w\s-]*)::\s*([^\]\)]*)[\])]$")),
]
_DATED = 6
_FIELD_OF = {marker: n for n, (_, markers, _) in enumerate(_TASK_FIELDS) for marker in markers}
_MARKERS = re.compile("|".join(map(re.escape, _FIELD_OF)))
_DATAVIEW = len(_TASK_FIELDS) - 1


@immutable
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
    return None if match is None else Task(*read_task(match))


TaskParts = tuple[bool, str, dict[str, str], date | None, str | None]


def read_task(match: re.Match[str]) -> TaskParts:
    """parse_task's Task as a tuple of its fields in order, from the line's
    TASK_LINE match: what the body scan reads, which has matched the line
    already and keeps no Task."""
    rest = (match.group(2) or "").rstrip()
    head, caret, block = rest.rpartition("^")
    if caret and head[-1:].isspace() and _BLOCK_ID.fullmatch(block):
        rest = head.rstrip()  # an Obsidian block id (`^abc123`) ends the line after the fields
    read = _plain_end(rest) if FAST_PATHS else None
    fields, end, trailing_tags = read if read is not None else _TaskEnd(rest).read()
    text = (" ".join([rest[:end], *trailing_tags]) if trailing_tags else rest[:end]).strip()
    due, due_error = _field_date(fields.get("due"))
    return match.group(1) in _DONE_STATUSES, text, fields, due, due_error


class _TaskEnd:
    """Fields and tags read off the end of a task's text, one at a time, in
    time linear in the line: the text is never copied or searched again from
    its start (8,000 trailing tags took seconds); where each field's marker
    last occurs before the current end is looked up, not searched for."""

    def __init__(self, rest: str) -> None:
        self.rest = rest
        self.places: dict[int, list[int]] = {}
        for found in _MARKERS.finditer(rest):
            self.places.setdefault(_FIELD_OF[found.group(0)], []).append(found.start())
        self.order = sorted(self.places)  # fields are tried in _TASK_FIELDS' order

    def read(self) -> tuple[dict[str, str], int, list[str]]:
        fields: dict[str, str] = {}
        tags: list[str] = []
        end = len(self.rest)
        while end:
            field = self._field(end) if self.order else None
            if field is not None:
                name, value, end = field
                fields.setdefault(name, value)
            else:
                tag_start = self._trailing_tag(end)
                if tag_start is None:
                    break
                tags.append(self.rest[tag_start:end])
                end = tag_start
            while end and self.rest[end - 1].isspace():
                end -= 1
        return fields, end, tags[::-1]

    def _field(self, end: int) -> tuple[str, str, int] | None:
        for field in self.order:
            found = self._match(field, end)
            if found is None:
                continue
            name = _TASK_FIELDS[field][0]
            if name == "dataview":
                return (
                    found.group(1).strip().lower().replace(" ", "-"),
                    found.group(2).strip(),
                    found.start(),
                )
            return name, found.group(1) if found.groups() else found.group(0), found.start()
        return None

    def _match(self, field: int, end: int) -> re.Match[str] | None:
        pattern = _TASK_FIELDS[field][2]
        if field == _DATAVIEW:  # `[key:: value]`: starts after the last `]` or `)` before its own
            if self.rest[end - 1 : end] not in ("]", ")"):
                return None
            start = max(self.rest.rfind("]", 0, end - 1), self.rest.rfind(")", 0, end - 1)) + 1
            return pattern.search(self.rest, start, end)
        places = self.places[field]
        last = bisect_left(places, end) - 1  # the field's value never holds its marker
        return pattern.match(self.rest, places[last], end) if last >= 0 else None

    def _trailing_tag(self, end: int) -> int | None:
        return _tag_ending_at(self.rest, end)


def _tag_ending_at(rest: str, end: int) -> int | None:
    """Where a `#tag` that ends the text at `end` starts, if one does: the
    last `#` before `end`, opening a word (a space before it) that runs to
    `end` (no space after it). The text has no space at `end - 1`."""
    start = rest.rfind("#", 0, end)
    if start < 0 or end - start < 2 or (start and not rest[start - 1].isspace()):
        return None
    return start if len(rest[start:end].split(None, 1)) == 1 else None


# False: every task's end is read by _TaskEnd, every line's links by _WIKILINK,
# its tags by _TAG and a heading by _HeadingSyntax._START; the tests compare the two.
FAST_PATHS = True
_DATE_MARKS = "".join(mark for _, marks, _ in _TASK_FIELDS[:_DATED] for mark in marks)
# The end of most tasks read backwards, as one match at the start of the
# reversed text (linear, however many tags): date fields (`📅 2026-03-05`,
# `[due:: 2026-03-05]`), priorities and tags, each after one space; or none
# of them (a task with no field and no trailing tag: a fifth of the
# generated vault's).
_PLAIN_END_REVERSED = re.compile(
    rf"(?:(?:\d\d-\d\d-\d{{4}} [{_DATE_MARKS}]|\]\d\d-\d\d-\d{{4}} ::[a-z]+\[|"
    rf"[{_PRIORITY_MARKS}]|[\w/-]+#)(?: |\Z))*"
)
_FIELD_OF_MARK = {mark: name for name, marks, _ in _TASK_FIELDS[:_DATED] for mark in marks}


def _plain_end(rest: str) -> tuple[dict[str, str], int, list[str]] | None:
    """What _TaskEnd reads off the end of `rest` (no space at its end) when
    that end is only date fields, priorities and tags, each after one
    space, or nothing, and nothing before them is a field or a tag _TaskEnd
    would read too; else None."""
    found = _PLAIN_END_REVERSED.match(rest[::-1])
    if found is None:
        return None
    head = rest[: len(rest) - found.end()].rstrip()
    end = len(head)
    # Every marker but `::` is past ASCII: an ASCII head is searched for `::` alone.
    marked = "::" in head if head.isascii() else _MARKERS.search(head) is not None
    if marked or _tag_ending_at(rest, end) is not None:
        return None  # _TaskEnd would read on: its way
    fields: dict[str, str] = {}
    tags: list[str] = []
    words = rest[len(rest) - found.end() :].split()
    at = len(words) - 1
    while at >= 0:
        word = words[at]
        if word[0] == "#":
            tags.append(word)
        elif word in _PRIORITY_MARKS:
            fields.setdefault("priority", word)
        elif word[-1] == "]":  # `[due:: 2026-03-05]`: a Dataview field's key, then its date
            at -= 1
            fields.setdefault(words[at][1:-2], word[:-1])
        else:  # a date after its field's mark
            at -= 1
            fields.setdefault(_FIELD_OF_MARK[words[at]], word)
        at -= 1
    return fields, end, tags[::-1]


def _field_date(value: str | None) -> tuple[date | None, str | None]:
    if not value:
        return None, None
    try:
        return parse_date(value), None
    except ValueError as err:
        return None, str(err)


# What the body scan keeps of a task: done, its text, its due day in ISO
# form (None: none, or none that is a day) and why a due date is no day.
ScanTask = tuple[bool, str, str | None, str | None]
# The commonest task line, read whole in one match: `- [x] words`, then
# trailing tags, then date fields, priorities and `[key:: date]` fields,
# each after one space, with ASCII dates. The words are printable ASCII,
# open with no space and hold no `#`, `:` (so no `::`), `^` (no block id),
# `[`, `]` or a backslash: no mark of any field, no tag ends them, so the fields
# and tags of the line's end are the matched ones, as _plain_end reads them
# (ASCII, the pattern tells each character cheaply). The due day is the
# last `📅`, `📆`, `🗓` or `[due:: …]`: what follows it holds none. Any
# other line goes TASK_LINE's way.
_ISO = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
_WORD = '!"$-9;-Z_-~'  # printable ASCII but for a space, `#`, `:`, `[`, `\\`, `]` and `^`
_ANY_FIELD = rf" [{_DATE_MARKS}] {_ISO}| [{_PRIORITY_MARKS}]| \[[a-z]+:: {_ISO}\]"
_NOT_DUE = "".join(mark for mark in _DATE_MARKS if mark not in DUE_MARKS)
# The tags and the fields after the due day are possessive (`*+`, `++`):
# giving any back could not let the rest match (a tag's word runs up to a
# space; nothing follows the last fields but the end), and the engine keeps
# no places to come back to (-1 to -2k instructions a task).
_SIMPLE_TASK = re.compile(
    rf"[-*+] \[(.)\] ([{_WORD}][ {_WORD}]*)((?: #[\w/-]++)*+)"
    rf"(?:(?:{_ANY_FIELD})*? (?:[{DUE_MARKS}] ({_ISO})|\[due:: ({_ISO})\]))?"
    rf"(?: [{_NOT_DUE}] {_ISO}| [{_PRIORITY_MARKS}]| \[(?!due::)[a-z]+:: {_ISO}\])*+"
)


def scan_task(line: str) -> ScanTask | None:
    """The parts of a task line the body scan keeps, or None for a line
    that is no task: read_task's, with the due day in ISO form."""
    box = line.find("[")
    if box < 0 or line[box + 2 : box + 3] != "]":  # TASK_LINE's first `[` is its box's
        return None
    return scan_boxed_task(line)


def scan_boxed_task(line: str) -> ScanTask | None:
    """scan_task of a line whose first `[` opens a box (`[.]`), as its caller
    has seen."""
    simple = _SIMPLE_TASK.fullmatch(line) if FAST_PATHS else None
    if simple is not None:
        status, words, tags, due, dataview_due = simple.groups()
        text = words.rstrip() + tags if tags else words.rstrip()
        due = due or dataview_due
        if due is None or due in _DUE_DAYS:  # one of _DUE_DAYS: its ISO form, as written
            return status in _DONE_STATUSES, text, due, None
        day, due_error = _field_date(due)
        if day is not None:
            memo.remember(_DUE_DAYS, due, True, _DUE_DAYS_HELD)
            return status in _DONE_STATUSES, text, due, None
        return status in _DONE_STATUSES, text, None, due_error
    match = TASK_LINE.match(line)
    if match is None:
        return None
    done, text, _, day, due_error = read_task(match)
    return done, text, day.isoformat() if day else None, due_error


# Due dates read as days: a date of ASCII digits that is one is its ISO form.
_DUE_DAYS: dict[str, bool] = memo.registered()
_DUE_DAYS_HELD = 20_000


_PERSONAL_FIELD = re.compile(r"(?:^|[\[(\s])personal::\s*([^\])]*)", re.IGNORECASE)


def personal_field(text: str) -> str | None:
    """The value of a `personal:: …` Dataview field on the line, if any."""
    if "::" not in text:
        return None
    match = _PERSONAL_FIELD.search(text)
    return match.group(1).strip() if match else None

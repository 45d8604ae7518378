"""Frontmatter the way Obsidian reads it.

The block opens only with `---` on the very first line (after an optional
BOM) and closes at the next `---` line. Its YAML is read with YAML-1.2-like
implicit resolvers — only `true`/`false` are booleans, no octal, no
sexagesimal, no `+` on numbers — so `country: NO`, `zip: 01234`, `phone:
+15551234` and `time: 10:30` stay the strings they are in Obsidian. The
common frontmatter (`key: value` lines, simple lists) is read here line by
line; anything else is composed by libyaml in yamlfull.py, imported only
then: a sync of ordinary notes never imports PyYAML or python-frontmatter
(~25 ms of each parse worker's start at 10,000 contacts). Either way values
are built by our own code, so duplicate keys, aliases, non-string keys and
impossible dates become per-key problems with a line number, never exceptions.

Writing is never a YAML dump over a note: `yaml_value` writes one value so
that Obsidian, PyYAML and js-yaml all read back exactly what was given.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from . import memo
from .dates import parse_date
from .notelines import FENCE, frontmatter_end

MAX_FRONTMATTER_BYTES = 64 * 1024

# The implicit resolvers, by a plain scalar's first character: (tag, pattern).
# yamlfull's loader resolves with these too, and _plain types with them.
RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^-?(?:0|[1-9][0-9]*)$", "-0123456789"),
    (
        "float",
        r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)$",
        "-0123456789",
    ),
    (
        "timestamp",
        r"^\d{4}-\d\d?-\d\d?(?:[Tt ]\d\d?:\d\d(?::\d\d(?:\.\d*)?)?\s*(?:Z|[-+]\d\d?(?::?\d\d)?)?)?$",
        "0123456789",
    ),
):
    for _char in _first:
        RESOLVERS.setdefault(_char, []).append(("tag:yaml.org,2002:" + _tag, re.compile(_pattern)))


@dataclass
class Frontmatter:
    """Typed values, the same values as written, and where each key stands."""

    values: dict[str, Any] = field(default_factory=dict)
    written: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[int | None, str, str]] = field(default_factory=list)  # line, sev, text


def frame(lines: list[str]) -> tuple[int | None, list[tuple[int | None, str, str]]]:
    """The 0-based index of the closing fence (None: no frontmatter), and lint:
    an unclosed block, or a block that does not start on the first line."""
    if lines and lines[0] == "---":  # the usual: the closing fence searched for in C
        try:
            close = lines.index("---", 1)
        except ValueError:
            close = 0
        # frontmatter_end's answer unless a line before it starts like a fence
        # (`---  `, `----`): then frontmatter_end judges, line by line.
        if close and "\n---" not in "\n".join(lines[:close]):
            return close, []
    end = frontmatter_end(lines)
    if end is not None:
        return end, []
    if lines and FENCE.fullmatch(lines[0]):
        return None, [(1, "warning", "frontmatter opened on line 1 is never closed with ---")]
    first = next((i for i, line in enumerate(lines[:4]) if line.strip()), None)
    if first and FENCE.fullmatch(lines[first].strip()) and frontmatter_end(lines[first:]):
        return None, [
            (
                first + 1,
                "warning",
                "frontmatter must start on the first line; Obsidian reads this as text",
            )
        ]
    return None, []


def read(text: str, first_line: int = 2, lines: list[str] | None = None) -> Frontmatter:
    """The YAML in `text`, whose first line is `first_line` (1-based): values,
    values as written, key lines and problems. `lines`: text.split("\n"),
    when the caller has them (the parser joined them into `text`)."""
    if len(text) * 4 > MAX_FRONTMATTER_BYTES and (  # no character is more than 4 bytes
        len(text.encode("utf-8", "surrogatepass")) > MAX_FRONTMATTER_BYTES
    ):
        result = Frontmatter()
        result.problems.append((first_line, "error", "frontmatter is larger than 64 KB; not read"))
        return result
    quick = _read_simple(text, first_line, lines)
    if quick is not None:
        return quick
    from .yamlfull import compose

    return Frontmatter(*compose(text, first_line, RESOLVERS))


# --- the common frontmatter, read without composing YAML nodes --------------
#
# Most notes' properties are `key: value` lines and lists of one line per
# item (`  - value`, or `[a, "b"]`), of plain or simply quoted text. These are
# read here, line by line, into exactly what read() builds from libyaml's
# nodes; anything else (comments, blank lines, escapes, nesting, anchors,
# tags, continuation lines, a duplicate key, a value that would be a
# problem) returns None, and read() composes the YAML as usual.

_SIMPLE_KEY = re.compile(r"\w[\w .-]{0,127}")  # no trailing space: checked apart
_PLAIN_TEXT = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff\n]*"
)
_NOT_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")  # a plain scalar cannot start with these
_NOT_IN_FLOW = frozenset(",[]{}#:'\"")
# _plain's resolvers: RESOLVERS, a date's first. A text that opens with a
# digit is tried as int, float and timestamp, and no text matches two of them
# (a timestamp's `-` after four digits is no int's or float's), so the order
# gives the same tag; frontmatter holds dates far more often than numbers.
_PLAIN_RESOLVERS = {
    first: sorted(resolvers, key=lambda pair: not pair[0].endswith(":timestamp"))
    for first, resolvers in RESOLVERS.items()
}


def _read_simple(text: str, first_line: int, lines: list[str] | None = None) -> Frontmatter | None:
    if not text:
        return None
    values: dict[str, Any] = {}
    written: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    result = Frontmatter(values, written, key_lines, [])  # positional: no factory calls
    open_key: str | None = None  # a key with nothing after its colon: a list may follow
    items: list[tuple[Any, Any]] = []
    indent = -1
    known = _LINES
    for number, line in enumerate(text.split("\n") if lines is None else lines, first_line):
        read: Any = known.get(line)
        if read is None:
            read = _read_line(line)
            if read is False:  # not remembered: the YAML path costs far more than this
                return None
            if read[2] is None or type(read[2][0]) is not list:
                memo.remember(known, line, read, _LINES_HELD)  # a list is each note's own
        is_item, at, pair = read
        if is_item:  # an item of the open key's list, `at` its indent
            if open_key is None or indent not in (-1, at):
                return None
            indent = at
            items.append(pair)
            continue
        if open_key is not None:
            _close_list(result, open_key, items)
            open_key = None
        if at in values:
            return None
        key_lines[at] = number
        if pair is None:
            open_key, items, indent = at, [], -1
            values[at] = written[at] = None  # a placeholder, keeping the keys' order
            continue
        values[at], written[at] = pair
    if open_key is not None:
        _close_list(result, open_key, items)
    return result


def _read_line(line: str) -> tuple[bool, Any, tuple[Any, Any] | None] | Literal[False]:
    """One line of simple frontmatter on its own: (True, its indent, the item's
    (typed, as written)) for a list's item, (False, key, (typed, as written),
    or None for a key alone) for a key's line; False when it is not simple:
    tabs, CRs, line separators among others (libyaml's rules). A line's
    characters are tested here, once for each line _LINES remembers, not in
    every note's text: the text is its lines joined by line breaks, which
    _PLAIN_TEXT allows."""
    if not _PLAIN_TEXT.fullmatch(line):
        return False
    if line[:1] in (" ", "-"):
        stripped = line.lstrip(" ")
        if stripped[:2] != "- ":
            return False
        item = _simple_value(stripped[2:].strip(" "), block=True)
        if item is None or isinstance(item[0], list):
            return False
        return True, len(line) - len(stripped), item
    key, colon, rest = line.partition(":")
    if not colon or rest[:1] not in ("", " ") or key[-1:] == " ":
        return False
    simple = _SIMPLE_KEYS.get(key)
    if simple is None:  # the same few keys recur, with values of each note's own
        simple = memo.remember(_SIMPLE_KEYS, key, bool(_SIMPLE_KEY.fullmatch(key)), _KEYS_HELD)
    if not simple:
        return False
    value = rest.strip(" ")
    if not value:
        return False, key, None
    pair = _simple_value(value, block=True)
    return False if pair is None else (False, key, pair)


# _read_line's answers by line: `tags:`, `  - person`, `ladder: peer`,
# `cadence: 30d` recur from note to note. Every typed value is immutable
# (text, numbers, dates, None); a flow list's answer is not remembered.
_LINES: dict[str, Any] = memo.registered()
_LINES_HELD = 2_000
# Whether a key is simple (_SIMPLE_KEY), by key: `date`, `attendees`, `email` …
_SIMPLE_KEYS: dict[str, bool] = memo.registered()
_KEYS_HELD = 1_000


def _close_list(result: Frontmatter, key: str, items: list[tuple[Any, Any]]) -> None:
    if items:  # else `key:` alone: null
        typed, as_written = zip(*items)  # the pairs' two halves, in C
        result.values[key] = list(typed)
        result.written[key] = list(as_written)


def _simple_value(value: str, block: bool) -> tuple[Any, Any] | None:
    """(typed, as written) of one value on one line, as yamlfull._Builder builds it;
    None when it is not simple (the YAML path decides)."""
    first = value[:1]
    if first in ("'", '"'):
        inner = value[1:-1]
        if len(value) < 2 or value[-1] != first or first in inner or "\\" in inner:
            return None
        return inner, inner
    if block and first == "[" and value[-1] == "]":
        return _simple_flow(value[1:-1])
    if not first or first in _NOT_FIRST or value[-1] == ":" or ": " in value or " #" in value:
        return None
    return _plain(value)


def _simple_flow(inner: str) -> tuple[list, list] | None:
    """`a, "b c", 3` inside `[…]`: the items, each plain or quoted."""
    typed: list[Any] = []
    as_written: list[Any] = []
    if inner.strip(" "):
        for part in _flow_items(inner):
            if part is None:
                return None
            if part[:1] not in ("'", '"') and not _NOT_IN_FLOW.isdisjoint(part):
                return None
            pair = _simple_value(part, block=False)
            if pair is None:
                return None
            typed.append(pair[0])
            as_written.append(pair[1])
    return typed, as_written


def _flow_items(inner: str) -> list[str | None]:
    """The items of a flow list split at its commas, quotes kept whole; a
    None stands for what is not simple (an empty item, text after a quote)."""
    found: list[str | None] = []
    at = 0
    while at <= len(inner):
        while inner[at : at + 1] == " ":
            at += 1
        quote = inner[at : at + 1]
        if quote in ("'", '"'):
            close = inner.find(quote, at + 1)
            if close < 0:
                return [None]
            end = inner.find(",", close)
            end = len(inner) if end < 0 else end
            if inner[close + 1 : end].strip(" "):
                return [None]
            found.append(inner[at : close + 1])
        else:
            end = inner.find(",", at)
            end = len(inner) if end < 0 else end
            found.append(inner[at:end].strip(" ") or None)
        at = end + 1
    return found


def _plain(text: str) -> tuple[Any, Any] | None:
    """A plain scalar typed by RESOLVERS, as yamlfull._Builder.scalar
    types it; None where that would report a problem."""
    tag = "str"
    for resolved, pattern in _PLAIN_RESOLVERS.get(text[:1], ()):
        if pattern.match(text):
            tag = resolved.rsplit(":", 1)[-1]
            break
    try:
        if tag == "null":
            return None, None
        if tag == "bool":
            return text.lower() == "true", text
        if tag == "int":
            return int(text), text
        if tag == "float":
            return float(text), text
        if tag == "timestamp":
            return parse_date(text), text
    except ValueError:
        return None
    return text, text


def unflow(value: Any) -> Any:
    """`company: [[Acme Corp]]` (unquoted) parses as a nested list; read it as the link."""
    if (
        isinstance(value, list)
        and len(value) == 1
        and isinstance(value[0], list)
        and len(value[0]) == 1
        and isinstance(value[0][0], str)
    ):
        return f"[[{value[0][0]}]]"
    if isinstance(value, list):  # text, the most items, as it is: no call for each
        return [item if type(item) is str else unflow(item) for item in value]
    return value


# --- writing: values that every YAML reader reads back as written -----------

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})
_COUNT = re.compile(r"\d+[A-Za-z]+")  # 60d, 3M: never a number, date or time in any YAML
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
    if ": " in text or " #" in text or text.endswith(":") or "\n" in text:
        return False
    if not _PLAIN_TEXT.fullmatch(text):  # printable: _PLAIN_TEXT is that and line breaks
        return False
    from .yamlfull import read_as_yaml11  # PyYAML itself: imported when a value is written

    source = f"k: {text}"
    return read_as_yaml11(source) == {"k": text} and read(source).values == {"k": text}


def _double_quoted(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _PLAIN_TEXT.fullmatch(char):  # printable (a line break is escaped above)
            out.append(char)
        else:  # control characters, line separators, a BOM, non-characters
            out.append(_escape(ord(char)))
    return '"' + "".join(out) + '"'


def _escape(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

"""The text every `--format json` prints: exactly what
`json.dumps(to_json(value), ensure_ascii=False, indent=2)` gives, written fast.

`json.dumps` uses CPython's C encoder only without `indent`; with it, a pure
Python generator yields every bracket, key and value (0.3 s for the digest's
10 MB at 10k contacts). Here Python lays out only the outer containers; the C
encoder writes each run of rows in one call, its item separator carrying the
rows' indentation. `to_json`'s conversion (dataclasses, tuples, dates, keys as
`str`) happens on the way, only where a value is not plain JSON already.
The text goes out piece by piece as it is made (`write_json`), and a list
of `RowBatches` is made a batch of rows at a time: the digest's 10 MB are
never held whole, nor all of its rows as dicts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import chain
from json import JSONEncoder
from json.encoder import encode_basestring
from typing import Any

from .jsonrows import FlatRows, JsonTexts, RowBatches
from .views import to_json

_SCALARS = frozenset({str, int, float, bool, type(None)})
_STR = frozenset({str})
_DICT = frozenset({dict})
_STEP = "  "  # indent=2

Write = Callable[[str], object]  # takes each piece of the text in turn


def write_json(value: Any, write: Write) -> None:
    """`json.dumps(to_json(value), ensure_ascii=False, indent=2)` byte for
    byte, each piece given to `write` as soon as it is made; a `RowBatches`
    made, written and let go one batch at a time."""
    _value(value, 0, write)


@cache
def _encoder(level: int) -> JSONEncoder:
    """The C encoder, separating items as indent=2 does at this depth. It
    need not look for cycles (a dict of every container it enters): rows and
    documents made of values hold none, and a cycle would still fail."""
    return JSONEncoder(
        ensure_ascii=False, separators=(",\n" + _STEP * level, ": "), check_circular=False
    )


def _value(value: Any, level: int, write: Write) -> None:
    kind = type(value)
    if kind is dict:
        _dict(value, level, write)
    elif kind is list or kind is tuple:
        _list(value, level, write)
    elif kind is FlatRows or kind is JsonTexts:
        _list(value, level, write, flat=True)
    elif kind is RowBatches:
        _batches(value, level, write)
    elif kind in _SCALARS:
        write(_encoder(0).encode(value))
    else:
        plain = to_json(value)
        if plain is value:  # a str or int subclass, or not JSON: as json.dumps does
            write(_encoder(0).encode(value))
        else:
            _value(plain, level, write)


def _flat_rows(rows: list[Any] | tuple[Any, ...]) -> bool:
    """Non-empty dicts of plain scalars under str keys, checked in C loops: the
    C encoder lays them out whole (for other keys its text would differ)."""
    return (
        _DICT.issuperset(map(type, rows))
        and all(rows)
        and _STR.issuperset(map(type, chain.from_iterable(rows)))
        and _SCALARS.issuperset(map(type, chain.from_iterable(map(dict.values, rows))))
    )


def _dict(value: dict[Any, Any], level: int, write: Write) -> None:
    if not value:
        write("{}")
        return
    if not _STR.issuperset(map(type, value)):
        value = {str(k): v for k, v in value.items()}  # as to_json: keys collide as str
    if _SCALARS.issuperset(map(type, value.values())):
        write(_opened(_encoder(level + 1).encode(value), level))
        return
    inner = "\n" + _STEP * (level + 1)
    separator = "{" + inner
    for key, item in value.items():
        write(separator + encode_basestring(key) + ": ")
        _value(item, level + 1, write)
        separator = "," + inner
    write("\n" + _STEP * level + "}")


def _list(value: list[Any] | tuple[Any, ...], level: int, write: Write, flat: bool = False) -> None:
    """A list; `flat`: its maker vouches its items are flat rows (FlatRows),
    or JSON text already (JsonTexts)."""
    if not value:
        write("[]")
    elif not flat and _SCALARS.issuperset(map(type, value)):
        write(_opened(_encoder(level + 1).encode(value), level))
    else:
        _items(value, level, write, "[", flat)
        write("\n" + _STEP * level + "]")


def _batches(value: RowBatches[Any], level: int, write: Write) -> None:
    """A list written a batch at a time, `,` at each seam; `[]` if no batch
    held a row."""
    lead = "["
    for batch in value.batches():
        if batch:
            _items(batch, level, write, lead, type(batch) is FlatRows)
            lead = ","
    write("[]" if lead == "[" else "\n" + _STEP * level + "]")


def _items(
    items: list[Any] | tuple[Any, ...], level: int, write: Write, lead: str, flat: bool
) -> None:
    """The items of a non-empty list, each on lines of its own, after `lead`
    (the opening bracket, or the comma after earlier items)."""
    if type(items) is JsonTexts:
        _texts(items, level, write, lead)
        return
    if (flat and all(items)) or _flat_rows(items):
        _rows(items, level, write, lead)
        return
    inner = "\n" + _STEP * (level + 1)
    for item in items:
        write(lead + inner)
        _value(item, level + 1, write)
        lead = ","


def _texts(rows: JsonTexts, level: int, write: Write, lead: str) -> None:
    """Rows already JSON text, after `lead`, each indented to its place: no
    string in them holds a raw newline, so each newline is a line's start
    (and the rows' own indent the start of each line's)."""
    outer = "\n" + _STEP * (level + 1)
    laid = "\n" + rows.indent
    if laid == outer:  # laid out for this place already
        write(lead + outer + ("," + outer).join(rows))
    else:
        write(lead + outer + ("," + laid).join(rows).replace(laid, outer))


def _opened(text: str, level: int) -> str:
    """`{"a": 1,\\n    "b": 2}` -> the same with its brackets on their own lines."""
    return f"{text[0]}\n{_STEP * (level + 1)}{text[1:-1]}\n{_STEP * level}{text[-1]}"


def _rows(rows: list[Any] | tuple[Any, ...], level: int, write: Write, lead: str) -> None:
    """Flat dicts in one C call, after `lead`. The encoder's item separator
    indents the rows' keys; between rows it must indent less and put the
    braces on their own lines. No string holds a raw newline, so
    `},\\n<indent>{` is only ever the seam between two rows."""
    outer, inner = _STEP * (level + 1), _STEP * (level + 2)
    text = _encoder(level + 2).encode(rows)
    write(f"{lead}\n{outer}{{\n{inner}")
    write(text[2:-2].replace("},\n" + inner + "{", f"\n{outer}}},\n{outer}{{\n{inner}"))
    write(f"\n{outer}}}")

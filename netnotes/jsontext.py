"""The text every `--format json` prints: exactly what
`json.dumps(to_json(value), ensure_ascii=False, indent=2)` gives, written fast.

`json.dumps` uses CPython's C encoder only without `indent`; with it, a pure
Python generator yields every bracket, key and value (0.3 s for the digest's
10 MB at 10k contacts). Here Python lays out only the outer containers; the C
encoder writes each run of rows in one call, its item separator carrying the
rows' indentation. `to_json`'s conversion (dataclasses, tuples, dates, keys as
`str`) happens on the way, only where a value is not plain JSON already.
"""

from __future__ import annotations

from functools import cache
from itertools import chain
from json import JSONEncoder
from json.encoder import encode_basestring
from typing import Any

from .jsonrows import FlatRows
from .views import to_json

_SCALARS = frozenset({str, int, float, bool, type(None)})
_STR = frozenset({str})
_DICT = frozenset({dict})
_STEP = "  "  # indent=2


def json_parts(value: Any) -> list[str]:
    """`json.dumps(to_json(value), ensure_ascii=False, indent=2)` byte for
    byte, in pieces to be written one after the other: the digest's 10 MB
    need not be copied into one string."""
    out: list[str] = []
    _value(value, 0, out)
    return out


@cache
def _encoder(level: int) -> JSONEncoder:
    """The C encoder, separating items as indent=2 does at this depth."""
    return JSONEncoder(ensure_ascii=False, separators=(",\n" + _STEP * level, ": "))


def _value(value: Any, level: int, out: list[str]) -> None:
    kind = type(value)
    if kind is dict:
        _dict(value, level, out)
    elif kind is list or kind is tuple:
        _list(value, level, out)
    elif kind is FlatRows:
        if value and all(value):
            _rows(value, level, out)
        else:
            _list(list(value), level, out)
    elif kind in _SCALARS:
        out.append(_encoder(0).encode(value))
    else:
        plain = to_json(value)
        if plain is value:  # a str or int subclass, or not JSON: as json.dumps does
            out.append(_encoder(0).encode(value))
        else:
            _value(plain, level, out)


def _flat_rows(rows: list[Any] | tuple[Any, ...]) -> bool:
    """Non-empty dicts of plain scalars under str keys, checked in C loops: the
    C encoder lays them out whole (for other keys its text would differ)."""
    return (
        _DICT.issuperset(map(type, rows))
        and all(rows)
        and _STR.issuperset(map(type, chain.from_iterable(rows)))
        and _SCALARS.issuperset(map(type, chain.from_iterable(map(dict.values, rows))))
    )


def _dict(value: dict[Any, Any], level: int, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    if not _STR.issuperset(map(type, value)):
        value = {str(k): v for k, v in value.items()}  # as to_json: keys collide as str
    if _SCALARS.issuperset(map(type, value.values())):
        out.append(_opened(_encoder(level + 1).encode(value), level))
        return
    inner = "\n" + _STEP * (level + 1)
    separator = "{" + inner
    for key, item in value.items():
        out.append(separator + encode_basestring(key) + ": ")
        _value(item, level + 1, out)
        separator = "," + inner
    out.append("\n" + _STEP * level + "}")


def _list(value: list[Any] | tuple[Any, ...], level: int, out: list[str]) -> None:
    if not value:
        out.append("[]")
    elif _SCALARS.issuperset(map(type, value)):
        out.append(_opened(_encoder(level + 1).encode(value), level))
    elif _flat_rows(value):
        _rows(value, level, out)
    else:
        inner = "\n" + _STEP * (level + 1)
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _value(item, level + 1, out)
            separator = "," + inner
        out.append("\n" + _STEP * level + "]")


def _opened(text: str, level: int) -> str:
    """`{"a": 1,\\n    "b": 2}` -> the same with its brackets on their own lines."""
    return f"{text[0]}\n{_STEP * (level + 1)}{text[1:-1]}\n{_STEP * level}{text[-1]}"


def _rows(rows: list[Any] | tuple[Any, ...], level: int, out: list[str]) -> None:
    """A list of flat dicts in one C call. Its item separator indents the
    rows' keys; between rows it must indent less and put the braces on their
    own lines. No string holds a raw newline, so `},\\n<indent>{` is only ever
    the seam between two rows."""
    outer, inner = _STEP * (level + 1), _STEP * (level + 2)
    text = _encoder(level + 2).encode(rows)
    out.append(f"[\n{outer}{{\n{inner}")
    out.append(text[2:-2].replace("},\n" + inner + "{", f"\n{outer}}},\n{outer}{{\n{inner}"))
    out.append(f"\n{outer}}}\n{_STEP * level}]")

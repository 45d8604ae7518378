"""Rows of a JSON document that their maker vouches are flat, so that
jsontext need not check them, and rows made only as they are written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

R = TypeVar("R")

BATCH = 1000  # rows made, encoded and written at a time: ~0.25 MB of text


class FlatRows(list[dict[str, Any]]):
    """Rows their maker vouches are flat: dicts with str keys and values that
    are str, int, float, bool or None (no dates, no containers). The C encoder
    lays them out without the check that jsontext makes of any other list
    (a visit of every key and value: ~0.05 s for the digest's 37k rows).
    A container in them would be laid out wrong, not refused."""


class JsonTexts(list[str]):
    """Rows already written as JSON text, each as `json.dumps(row,
    indent=2)` gives it at the top level (digest_json_sql: read so from
    SQL), every line after the first indented by `indent` more: jsontext
    indents them to their place in the document, unless they are laid out
    for it already (ITEM_INDENT, at a top-level list's place: no pass
    over their text)."""

    def __init__(self, rows: Iterable[str] = (), indent: str = "") -> None:
        super().__init__(rows)
        self.indent = indent


# The indent of an item of a list that is a value of the document (the
# digest's sections): JsonTexts made with it are written as they are.
ITEM_INDENT = "    "


def in_list(template: str) -> str:
    """A row's text, or a %-template of it, as json.dumps(row, indent=2)
    lays it out at the top level -> as an item of a list in the document
    (ITEM_INDENT): no string in it holds a raw newline."""
    return template.replace("\n", "\n" + ITEM_INDENT)


class RowBatches(Generic[R]):
    """A JSON list made from model rows a batch at a time as it is written
    (jsontext.write_json), each batch dropped once written: a document of
    many long lists is never all in memory at once. `make` turns a slice of
    `rows` into its JSON rows (one model row may give several, or none)."""

    __slots__ = ("make", "rows")

    def __init__(self, make: Callable[[Sequence[R]], list[Any]], rows: Sequence[R]) -> None:
        self.make = make
        self.rows = rows

    def batches(self) -> Iterator[list[Any]]:
        rows, size = self.rows, BATCH
        for start in range(0, len(rows), size):
            yield self.make(rows[start : start + size])

    def whole(self) -> list[Any]:
        """Every row at once, as a list."""
        return self.make(self.rows)

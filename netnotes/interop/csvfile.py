"""CSV exports read by column name: rows with the line each starts on, and a
header that finds columns whatever their case, spacing or order."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from .records import SourceError

csv.field_size_limit(1 << 24)  # a long note in a cell must not abort the file


def csv_rows(label: str, text: str, expected: str) -> list[tuple[int, list[str]]]:
    """Every row with the 1-based line it starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as err:
        raise SourceError(
            f"{label}: line {line} is not valid CSV ({err}); expected {expected}"
        ) from None
    return rows


def column_key(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").casefold().split())


@dataclass(frozen=True, slots=True)
class Header:
    line: int
    columns: dict[str, int]  # column_key(name) → position

    @classmethod
    def of(cls, line: int, row: list[str]) -> Header:
        columns: dict[str, int] = {}
        for position, name in enumerate(row):
            columns.setdefault(column_key(name), position)
        return cls(line, columns)

    def has(self, *names: str) -> bool:
        return all(column_key(n) in self.columns for n in names)

    def cell(self, row: list[str], name: str) -> str | None:
        position = self.columns.get(column_key(name))
        if position is None or position >= len(row):
            return None
        value = row[position].strip()
        return value or None

    def numbered(self, row: list[str], pattern: str) -> list[str]:
        """Cells of repeated column groups in their numeric order: `pattern` is a
        column name with `#` for the number, like `E-mail # - Value`."""
        regex = re.compile(
            r"(\d+)".join(re.escape(part) for part in column_key(pattern).split("#"))
        )
        found: list[tuple[int, str]] = []
        for key, position in self.columns.items():
            match = regex.fullmatch(key)
            if match and position < len(row) and row[position].strip():
                found.append((int(match.group(1)), row[position]))
        return [value for _, value in sorted(found)]


def is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)

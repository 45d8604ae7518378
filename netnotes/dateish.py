"""Dates written in ways netnotes does not read as a conversation's date
(`2026-9-28`, `2026/11/15`, `Nov 12, 2026`, `12 November 2026`), so that
`check` can name the line and suggest the ISO form, and `log` can keep such
headings in date order. Never used to make an interaction: only ISO dates do."""

from __future__ import annotations

import re
from datetime import date

from .dates import MONTHS, day_pattern, month_pattern

_DIGIT = re.compile(r"\d{4}")
_MONTH = month_pattern()
_DAY = day_pattern()
_REST = r"(?![\d/.-])\s*(?:[—–\-:·|]+\s*)?(.*)$"
_NUMERIC = re.compile(r"^\[*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\]*" + _REST)
_MONTH_FIRST = re.compile(r"^\[*" + _MONTH + r"\s+" + _DAY + r",?\s+(\d{4})\]*" + _REST)
_DAY_FIRST = re.compile(r"^\[*" + _DAY + r"\s+" + _MONTH + r",?\s+(\d{4})\]*" + _REST)


def loose_date(text: str) -> tuple[date, str] | None:
    """The date a heading's text opens with, written any common way, and the
    rest of the text (its title); None when it opens with no date."""
    if text.isalpha():  # `About`, `Log`: no digit, so no date (the commonest headings)
        return None
    text = text.strip()
    if not text or not (text[0].isalnum() or text[0] == "[") or not _DIGIT.search(text):
        return None
    found = _NUMERIC.match(text)
    if found:
        year, month, day, rest = found.groups()
        return _date(int(year), int(month), int(day), rest)
    found = _MONTH_FIRST.match(text)
    if found:
        month, day, year, rest = found.groups()
        return _date(int(year), MONTHS.get(month.lower(), 0), int(day), rest)
    found = _DAY_FIRST.match(text)
    if found:
        day, month, year, rest = found.groups()
        return _date(int(year), MONTHS.get(month.lower(), 0), int(day), rest)
    return None


def _date(year: int, month: int, day: int, rest: str) -> tuple[date, str] | None:
    try:
        return date(year, month, day), rest.strip()
    except ValueError:
        return None


def iso_heading(when: date, title: str) -> str:
    """How the heading reads as a conversation: `2026-09-28 — Email intro`."""
    return f"{when.isoformat()} — {title}" if title else when.isoformat()

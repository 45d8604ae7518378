"""What an importer reads from a source file, before it is matched against the
vault: one `Record` per person it could read, one `Rejected` per entry it
could not. Also the field rules every source shares: decoding the file,
birthdays, dates, tags and LinkedIn addresses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..dates import MONTHS, parse_birthday
from ..errors import NetnotesError
from .keys import linkedin_key

LINKEDIN = "linkedin"
VCARD = "vcard"
GOOGLE = "google"
OUTLOOK = "outlook"
SOURCES = (LINKEDIN, VCARD, GOOGLE, OUTLOOK)


@dataclass(frozen=True, slots=True)
class Record:
    """One person as a source file gives them. `where` says where in the file
    (`line 7`, `card 3`); `warnings` name fields that were read but left out."""

    where: str
    name: str
    given_name: str | None = None  # as the source splits the name (vCard N, First/Last Name)
    family_name: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str | None = None
    role: str | None = None
    linkedin: str | None = None
    birthday: str | None = None  # "1980-07-14" or "07-14"
    connected: date | None = None  # the day a LinkedIn connection was made
    note: str | None = None
    labels: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    """An entry of the source that cannot become a contact, and why."""

    where: str
    label: str | None  # whatever identifies it (a name fragment, a company), if anything
    reason: str


Entry = Record | Rejected


class SourceError(NetnotesError):
    """The file is not what the user said it is: one line naming the file and
    what was expected. Exit 1, nothing written."""


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_source(label: str, data: bytes, expected: str) -> str:
    """The file's text: UTF-8 (with or without a BOM), or UTF-16/32 with a BOM.
    Anything else, an empty file or binary data is a SourceError."""
    if not data.strip():
        raise SourceError(f"{label}: the file is empty; expected {expected}")
    if data.startswith(b"PK\x03\x04"):
        raise SourceError(f"{label}: is a zip archive, not {expected}; unzip it first")
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, data = name, data[len(bom) :]
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SourceError(
            f"{label}: line {line} is not {encoding.upper()} text (byte 0x{data[err.start]:02x}); "
            f"expected {expected} saved as UTF-8"
        ) from None
    if "\x00" in text:
        raise SourceError(f"{label}: holds binary data; expected {expected}")
    return text


def clean(value: object) -> str | None:
    """A cell or property as text: stripped, newlines as `\\n`, empty as None."""
    if value is None:
        return None
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def unique(values) -> tuple[str, ...]:
    """Non-empty values, stripped, first occurrence kept (case aside)."""
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        text = clean(value)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return tuple(kept)


# --- birthdays and dates ---------------------------------------------------

_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SLASHED = re.compile(r"(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})")
_TIME_PART = re.compile(
    r"[T ]\d{1,2}(?::?\d{2}){0,2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE
)


def normal_birthday(value: str) -> str:
    """A birthday as written by a source → "YYYY-MM-DD" or "MM-DD" (no year).
    Takes `1999-04-17`, `19990417`, `--04-17`, `--0417`, a trailing time, and
    slashed dates only when they cannot be misread (a year first, or a day
    over 12). ValueError says why anything else is left out."""
    text = _TIME_PART.sub("", value.strip())
    compact = _COMPACT.fullmatch(text)
    if compact:
        text = "-".join(compact.groups())
    slashed = _SLASHED.fullmatch(text)
    if slashed:
        text = _unslash(*slashed.groups())
    try:
        return str(parse_birthday(text))
    except ValueError:
        raise ValueError(f"birthday {value.strip()!r} is not a date netnotes can read") from None


def _unslash(first: str, second: str, third: str) -> str:
    if len(first) == 4:
        return f"{first}-{int(second):02d}-{int(third):02d}"
    if len(third) != 4:
        raise ValueError("two-digit year")
    a, b = int(first), int(second)
    if a > 12 >= b:
        return f"{third}-{b:02d}-{a:02d}"
    if b > 12 >= a:
        return f"{third}-{a:02d}-{b:02d}"
    if a == b:
        return f"{third}-{a:02d}-{b:02d}"
    raise ValueError(f"{first}/{second}/{third} could be day/month or month/day")


def birthday_field(value: str | None) -> tuple[str | None, tuple[str, ...]]:
    """(birthday, warnings) for a raw birthday value that may be missing."""
    if not value or not value.strip():
        return None, ()
    try:
        return normal_birthday(value), ()
    except ValueError as err:
        return None, (f"{err}; left out",)


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{4})")


_DAY_MONTH_YY = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{2})")  # Excel: 23-Apr-23
_US_SHORT = re.compile(  # LinkedIn 2018: "1/8/18, 6:14 PM"
    r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?)?",
    re.IGNORECASE,
)


def english_date(value: str) -> date:
    """LinkedIn's `Connected On` in each layout it has had: `05 Mar 2024`,
    `1/8/18, 6:14 PM` (2018, month first), as Excel saves it (`23-Apr-23`),
    or `2024-03-05`; English month names whatever the locale, two-digit
    years in this century. ValueError otherwise."""
    text = value.strip()
    for pattern in (_DAY_MONTH_YEAR, _DAY_MONTH_YY):
        match = pattern.fullmatch(text)
        if match and match.group(2).lower()[:3] in MONTHS:
            day, month, year = match.groups()
            return date(_year(year), MONTHS[month.lower()[:3]], int(day))
    us = _US_SHORT.fullmatch(text)
    if us:
        month, day, year = us.groups()
        return date(_year(year), int(month), int(day))
    return date.fromisoformat(text)


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


# --- tags and links --------------------------------------------------------

_NOT_TAG = re.compile(r"[^\w/-]+")


def tag_from_label(label: str) -> str | None:
    """A source's group label as an Obsidian tag: `Work Colleagues` →
    `work-colleagues`. None when nothing usable is left (Obsidian needs a
    character that is not a digit)."""
    text = unicodedata.normalize("NFC", label).strip().lower()
    tag = _NOT_TAG.sub("-", text).strip("-/")
    tag = re.sub(r"-{2,}", "-", tag)
    if not tag or tag.replace("/", "").replace("-", "").isdigit():
        return None
    return tag


def is_linkedin(url: str) -> bool:
    return linkedin_key(url) is not None

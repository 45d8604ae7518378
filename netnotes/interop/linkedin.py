"""LinkedIn's `Connections.csv` as LinkedIn really exports it: a `Notes:`
preamble before the header row, a BOM, mostly empty emails, rows without a
name (hidden or deleted members), commas inside quoted cells, and
`Connected On` like `03 Feb 2026`. The export's zip is read as well."""

from __future__ import annotations

import io
import zipfile

from .csvfile import Header, csv_rows, is_blank
from .identity import email_key
from .records import (
    Entry,
    Record,
    Rejected,
    SourceError,
    clean,
    decode_source,
    english_date,
    unique,
)

EXPECTED = "LinkedIn's Connections.csv (First Name, Last Name, URL, Email Address, Company, Position, Connected On)"
HEADER_SCAN_ROWS = 20
MAX_MEMBER_BYTES = 64 * 1024 * 1024


def parse_linkedin(label: str, data: bytes) -> list[Entry]:
    """One Record per connection with a name, one Rejected per row without."""
    text = decode_source(label, _unzipped(label, data), EXPECTED)
    rows = csv_rows(label, text, EXPECTED)
    header = _find_header(label, rows)
    entries: list[Entry] = []
    for line, row in rows:
        if line > header.line and not is_blank(row):
            entries.append(_connection(header, line, row))
    return entries


def _unzipped(label: str, data: bytes) -> bytes:
    """The Connections.csv inside LinkedIn's data export zip; other bytes as they are."""
    if not data.startswith(b"PK\x03\x04"):
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                m
                for m in archive.infolist()
                if m.filename.rsplit("/", 1)[-1].lower() == "connections.csv"
            ]
            if not members:
                raise SourceError(f"{label}: the zip holds no Connections.csv; expected {EXPECTED}")
            if members[0].file_size > MAX_MEMBER_BYTES:
                raise SourceError(
                    f"{label}: Connections.csv in the zip is too large to be a LinkedIn export"
                )
            return archive.read(members[0])
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as err:
        raise SourceError(f"{label}: cannot read the zip ({err}); expected {EXPECTED}") from None


def _find_header(label: str, rows: list[tuple[int, list[str]]]) -> Header:
    """The header row is found by its column names, wherever the preamble ends."""
    for line, row in rows[:HEADER_SCAN_ROWS]:
        header = Header.of(line, row)
        if header.has("First Name", "Last Name") and (
            header.has("URL") or header.has("Connected On")
        ):
            return header
    raise SourceError(
        f"{label}: no LinkedIn header row in its first {HEADER_SCAN_ROWS} rows; expected {EXPECTED}"
    )


def _connection(header: Header, line: int, row: list[str]) -> Entry:
    where = f"line {line}"
    given, family = clean(header.cell(row, "First Name")), clean(header.cell(row, "Last Name"))
    name = " ".join(filter(None, (given, family)))
    company = clean(header.cell(row, "Company"))
    url = clean(header.cell(row, "URL"))
    if not name:
        return Rejected(
            where,
            company or url,
            "no name (LinkedIn hides members who left or limit their profile)",
        )
    connected_on = None
    warnings: tuple[str, ...] = ()
    connected = header.cell(row, "Connected On")
    if connected:
        try:
            connected_on = english_date(connected)
        except ValueError:
            warnings = (f"Connected On {connected!r} is not a date netnotes can read; left out",)
    return Record(
        where=where,
        name=" ".join(name.split()),
        given_name=given,
        family_name=family,
        emails=unique(e for e in [header.cell(row, "Email Address")] if e and email_key(e)),
        company=company,
        role=clean(header.cell(row, "Position")),
        linkedin=url,
        connected=connected_on,
        warnings=warnings,
    )

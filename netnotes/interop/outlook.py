"""Outlook's contacts CSV (File → Open & Export → Export to a file → Comma
Separated Values), read by Microsoft's documented column names: First Name,
Middle Name, Last Name, E-mail Address, E-mail 2 Address, E-mail 3 Address,
Company, Job Title, the phone columns (Mobile Phone, Business Phone, …),
Birthday, Notes, Categories (`;`-separated, turned into tags) and Web Page.
`Title` is the honorific (Mr., Dr.), not the role. Outlook writes the file in
the system's "ANSI" code page; one that is not UTF-8 is read as
Windows-1252, with one warning."""

from __future__ import annotations

from .csvfile import Header, csv_rows, is_blank
from .identity import email_key
from .records import (
    Entry,
    Record,
    Rejected,
    SourceError,
    birthday_field,
    clean,
    decode_source,
    is_linkedin,
    unique,
)

EXPECTED = (
    "an Outlook contacts CSV (columns First Name, Middle Name, Last Name, E-mail Address, "
    "Company, Job Title …)"
)
PHONES = (
    "Mobile Phone",
    "Primary Phone",
    "Business Phone",
    "Business Phone 2",
    "Home Phone",
    "Home Phone 2",
    "Other Phone",
    "Car Phone",
    "Company Main Phone",
)
EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
NO_DATE = ("0/0/00", "00/00/00", "0/0/0000", "1/0/00")  # Outlook's "no birthday"


def is_outlook(header: Header) -> bool:
    return header.has("First Name", "Last Name", "E-mail Address") and (
        header.has("Job Title") or header.has("Business Phone") or header.has("Mobile Phone")
    )


def parse_outlook(label: str, data: bytes) -> tuple[list[Entry], tuple[str, ...]]:
    text, warnings = _text(label, data)
    rows = csv_rows(label, text, EXPECTED)
    header = Header.of(*rows[0]) if rows else Header(0, {})
    if not is_outlook(header):
        raise SourceError(f"{label}: no Outlook contacts header row; expected {EXPECTED}")
    entries = [_person(header, line, row) for line, row in rows[1:] if not is_blank(row)]
    return entries, warnings


def _text(label: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        return decode_source(label, data, EXPECTED), ()
    except SourceError:
        if b"\x00" in data or not data.strip() or data.startswith(b"PK\x03\x04"):
            raise
    text = data.decode("cp1252", errors="replace")
    return text, ("the file is not UTF-8; read it as Windows-1252 (Outlook's ANSI)",)


def _person(header: Header, line: int, row: list[str]) -> Entry:
    where = f"line {line}"
    company = clean(header.cell(row, "Company"))
    first, middle, last = (header.cell(row, n) for n in ("First Name", "Middle Name", "Last Name"))
    given = " ".join(filter(None, (first, middle))) or None
    name = " ".join(" ".join(filter(None, (given, last))).split()) or header.cell(row, "Nickname")
    # Exchange contacts carry an X.500 path (/o=…/cn=…) where the address should be
    emails = unique(e for e in (header.cell(row, c) for c in EMAILS) if e and email_key(e))
    if not name:
        reason = f"no name (only an organisation: {company})" if company else "no name"
        return Rejected(where, company or next(iter(emails), None), reason)
    written = header.cell(row, "Birthday")
    birthday, warnings = birthday_field(None if written in NO_DATE else written)
    web = header.cell(row, "Web Page") or ""
    return Record(
        where=where,
        name=name,
        given_name=clean(given),
        family_name=clean(last),
        emails=emails,
        phones=unique(header.cell(row, column) for column in PHONES),
        company=company,
        role=clean(header.cell(row, "Job Title")),
        linkedin=web.strip() if is_linkedin(web) else None,
        birthday=birthday,
        note=clean(header.cell(row, "Notes")),
        labels=unique((header.cell(row, "Categories") or "").split(";")),
        warnings=warnings,
    )

"""Google Contacts CSV, read by column name in both of its layouts:

- current: `First Name, Middle Name, Last Name, …, Organization Name,
  Organization Title, Birthday, Notes, Labels, E-mail 1 - Value, …`;
- older: `Name, Given Name, Additional Name, Family Name, …, Group Membership,
  E-mail 1 - Value, Organization 1 - Name, Organization 1 - Title, …`.

Several values in one cell are joined by ` ::: `; system labels such as
`* myContacts` and `* starred` are dropped; addresses may span lines."""

from __future__ import annotations

from dataclasses import dataclass

from .csvfile import Header, csv_rows, is_blank
from .outlook import is_outlook
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
    "a Google Contacts CSV (columns First Name, Last Name, Labels … or Name, Given Name, "
    "Family Name, Group Membership …)"
)
MULTI = " ::: "


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column holds what, in one of Google's layouts."""

    full_name: str | None
    name_parts: tuple[str, ...]
    nickname: str
    company: str
    role: str
    labels: str


CURRENT = Layout(
    None,
    ("First Name", "Middle Name", "Last Name"),
    "Nickname",
    "Organization Name",
    "Organization Title",
    "Labels",
)
OLDER = Layout(
    "Name",
    ("Given Name", "Additional Name", "Family Name"),
    "Nickname",
    "Organization 1 - Name",
    "Organization 1 - Title",
    "Group Membership",
)


def parse_google(label: str, data: bytes) -> list[Entry]:
    _refuse_outlook(label, data)
    text = decode_source(label, data, EXPECTED)
    rows = csv_rows(label, text, EXPECTED)
    header = Header.of(*rows[0]) if rows else Header(0, {})
    layout = _layout(header)
    if layout is None:
        if any(Header.of(*row).has("First Name", "Last Name", "Connected On") for row in rows[:20]):
            raise SourceError(f"{label}: this is a LinkedIn export; use `netnotes import linkedin`")
        raise SourceError(f"{label}: no Google Contacts header row; expected {EXPECTED}")
    return [_person(header, layout, line, row) for line, row in rows[1:] if not is_blank(row)]


def _refuse_outlook(label: str, data: bytes) -> None:
    """Outlook's CSV shares Google's name columns; read as Google it would
    lose emails, company, title and phones. Its header is plain ASCII, so
    it is recognised before the (often Windows-1252) rest is decoded."""
    first = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("latin-1")
    rows = csv_rows(label, first, EXPECTED)
    if rows and is_outlook(Header.of(*rows[0])):
        raise SourceError(
            f"{label}: this is an Outlook contacts export; use `netnotes import outlook`"
        )


def _layout(header: Header) -> Layout | None:
    if header.has("Given Name", "Family Name") or header.has("Name", "Group Membership"):
        return OLDER
    if header.has("First Name", "Last Name") and (
        header.has("Labels") or header.has("Middle Name") or header.has("Organization Name")
    ):
        return CURRENT
    return None


def split_multi(values: list[str]) -> list[str]:
    """`a@x ::: b@x` → [a@x, b@x], across every cell given."""
    return [part for value in values for part in value.split(MULTI)]


def _person(header: Header, layout: Layout, line: int, row: list[str]) -> Entry:
    where = f"line {line}"
    company = clean(header.cell(row, layout.company))
    name = _name(header, layout, row)
    if not name:
        reason = f"no name (only an organisation: {company})" if company else "no name"
        return Rejected(where, company or _first(header, row, "E-mail # - Value"), reason)
    birthday, warnings = birthday_field(header.cell(row, "Birthday"))
    websites = split_multi(header.numbered(row, "Website # - Value"))
    given, family = _given_family(header, layout, row)
    return Record(
        where=where,
        name=name,
        given_name=given,
        family_name=family,
        emails=unique(split_multi(header.numbered(row, "E-mail # - Value"))),
        phones=unique(split_multi(header.numbered(row, "Phone # - Value"))),
        company=company,
        role=clean(header.cell(row, layout.role)),
        linkedin=next((w.strip() for w in websites if is_linkedin(w)), None),
        birthday=birthday,
        note=clean(header.cell(row, "Notes")),
        labels=user_labels(header.cell(row, layout.labels)),
        addresses=_addresses(header, row),
        warnings=warnings,
    )


def _name(header: Header, layout: Layout, row: list[str]) -> str | None:
    written = header.cell(row, layout.full_name) if layout.full_name else None
    parts = " ".join(filter(None, (header.cell(row, part) for part in layout.name_parts)))
    name = written or parts or header.cell(row, layout.nickname) or ""
    return " ".join(name.split()) or None


def _given_family(header: Header, layout: Layout, row: list[str]) -> tuple[str | None, str | None]:
    """Given names (first and middle) and the family name, as Google splits them."""
    first, middle, last = (header.cell(row, part) for part in layout.name_parts)
    return clean(" ".join(filter(None, (first, middle)))), clean(last)


def user_labels(cell: str | None) -> tuple[str, ...]:
    """The user's own labels: `* myContacts ::: Friends` → (Friends,)."""
    if not cell:
        return ()
    return unique(label for label in cell.split(MULTI) if not label.strip().startswith("*"))


def _addresses(header: Header, row: list[str]) -> tuple[str, ...]:
    formatted = header.numbered(row, "Address # - Formatted")
    return unique(split_multi(formatted))


def _first(header: Header, row: list[str], pattern: str) -> str | None:
    values = split_multi(header.numbered(row, pattern))
    return values[0].strip() if values else None

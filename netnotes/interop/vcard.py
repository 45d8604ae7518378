"""vCard files (.vcf) as phones and address books export them: 2.1 with
quoted-printable values in any charset, 3.0 and 4.0, mixed in one file.

Each card is read on its own, so one that cannot be read is reported by its
position (and name, when one can be seen) and the others are still imported;
a line vobject cannot parse is skipped with a warning. `BDAY:--0704` is a
birthday without a year; `TEL;VALUE=uri:tel:+1-555…` is the number alone."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import vobject

from ..inline import display_links
from ..models import Contact
from ..naming import lookup_key
from ..properties import PHONE_KEYS, emails_of, identifying_values, property_value, value_text
from .records import (
    Entry,
    Record,
    Rejected,
    SourceError,
    birthday_field,
    clean,
    is_linkedin,
    unique,
)
from .vcardtext import Problems, Property, first_component, properties, vcard_text

EXPECTED = "a vCard file (.vcf) of BEGIN:VCARD … END:VCARD cards"
_BEGIN = re.compile(r"\s*begin\s*:\s*vcard\s*", re.IGNORECASE)
_END = re.compile(r"\s*end\s*:\s*vcard\s*", re.IGNORECASE)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_SKIPPED = re.compile(r"Skipped line (\d+)")
_FN = re.compile(r"(?:[\w-]+\.)?FN(?:;[^:]*)?:(.*)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Chunk:
    """The lines of one card as they stand in the file."""

    number: int  # 1-based position in the file
    line: int  # the file line of its BEGIN:VCARD
    lines: tuple[str, ...]
    closed: bool

    @property
    def where(self) -> str:
        return f"card {self.number} (line {self.line})"


def parse_vcards(label: str, data: bytes) -> list[Entry]:
    return parse_vcard_file(label, data)[0]


def parse_vcard_file(label: str, data: bytes) -> tuple[list[Entry], tuple[str, ...]]:
    """The cards, and the file's warnings: one per kind of problem, counted."""
    problems = Problems()
    text = vcard_text(label, data, EXPECTED, problems)
    chunks = split_cards(text)
    if not chunks:
        raise SourceError(f"{label}: no BEGIN:VCARD line; expected {EXPECTED}")
    entries = [read_card(chunk, problems) for chunk in chunks]
    return entries, problems.warnings()


def split_cards(text: str) -> list[Chunk]:
    """Cards by their BEGIN/END lines. A card whose END is missing ends where
    the next one begins (and is reported); text between cards is ignored."""
    chunks: list[Chunk] = []
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(_NEWLINE.split(text), 1):
        if _BEGIN.fullmatch(line):
            if current is not None:
                chunks.append(Chunk(len(chunks) + 1, start, tuple(current), False))
            current, start = [line], number
        elif current is not None:
            current.append(line)
            if _END.fullmatch(line):
                chunks.append(Chunk(len(chunks) + 1, start, tuple(current), True))
                current = None
    if current is not None:
        chunks.append(Chunk(len(chunks) + 1, start, tuple(current), False))
    return chunks


def read_card(chunk: Chunk, problems: Problems | None = None) -> Entry:
    problems = problems if problems is not None else Problems()
    if not chunk.closed:
        return Rejected(
            chunk.where, _visible_name(chunk), "no END:VCARD line; the card is cut short"
        )
    props = properties(chunk.lines[1:-1], chunk.line + 1, chunk.where, problems)
    card, skipped = _readable(props)
    if card is None:
        return Rejected(chunk.where, _visible_name(chunk), "cannot be read")
    name = _visible_name(chunk)
    for prop in skipped:
        problems.add(
            f"{prop.name} could not be read and was skipped; the rest of the card was kept",
            f"{chunk.where}{' ' + name if name else ''}",
        )
    try:
        return _record(chunk, card, props)
    except Exception as err:  # noqa: BLE001 — an unexpected value type inside one card
        return Rejected(chunk.where, name, f"cannot be read ({_reason(err)})")


def _readable(props: list[Property]) -> tuple[object | None, list[Property]]:
    """The card vobject reads from these properties, and the ones it could
    not read (left out, so one bad property never costs the whole card)."""
    card, skipped = _vobject_card(props)
    if card is not None:
        return card, skipped
    version = [p for p in props if p.name == "VERSION"]
    bad = [p for p in props if p.name != "VERSION" and _vobject_card([*version, p])[0] is None]
    card, skipped = _vobject_card([p for p in props if p not in bad])
    return card, bad + skipped


def _vobject_card(props: list[Property]) -> tuple[object | None, list[Property]]:
    """vobject's card, and the properties it skipped as unreadable (by line:
    line 1 is BEGIN, then one line per property)."""
    text = "\r\n".join(["BEGIN:VCARD", *(p.text() for p in props), "END:VCARD", ""])
    with _vobject_errors() as lines:
        try:
            card = vobject.readOne(text, ignoreUnreadable=True, allowQP=True)
        except Exception:  # noqa: BLE001 — vobject raises many kinds; one card must not stop the file
            return None, []
    return card, [props[n - 2] for n in lines if 2 <= n < len(props) + 2]


@contextmanager
def _vobject_errors() -> Iterator[list[int]]:
    """The line numbers vobject skips with ignoreUnreadable (it logs them),
    kept from the terminal."""
    logger = logging.getLogger("vobject.base")
    skipped: list[int] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            match = _SKIPPED.search(record.getMessage())
            if match:
                skipped.append(int(match.group(1)))

    saved = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [Collect()], False
    try:
        yield skipped
    finally:
        logger.handlers, logger.propagate = saved


def _reason(err: Exception) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 120 else text[:119] + "…"


def _visible_name(chunk: Chunk) -> str | None:
    for line in chunk.lines:
        match = _FN.fullmatch(line.strip())
        if match and match.group(1).strip():
            return match.group(1).strip()
    return None


# --- one card's fields -----------------------------------------------------


def _record(chunk: Chunk, card, props: list[Property]) -> Entry:
    name = _name(card)
    org = next((p for p in props if p.name == "ORG" and p.value.strip()), None)
    company = clean(first_component(org.value)) if org else None
    if not name:
        reason = f"no name (only an organisation: {company})" if company else "no name (no FN or N)"
        return Rejected(chunk.where, company or next(iter(_values(card, "email")), None), reason)
    birthday, bday_warnings = birthday_field(_birthday_text(card))
    urls = [_unescaped(str(u)) for u in (*_values(card, "url"), *_values(card, "x-socialprofile"))]
    given, family = _given_family(card)
    return Record(
        where=chunk.where,
        name=name,
        given_name=given,
        family_name=family,
        emails=unique(_preferred(card, "email")),
        phones=unique(_phone(v) for v in _preferred(card, "tel")),
        company=company,
        role=clean(next(iter(_values(card, "title")), None)),
        linkedin=next((u.strip() for u in urls if is_linkedin(u)), None),
        birthday=birthday,
        note=clean(next(iter(_values(card, "note")), None)),
        labels=unique(_categories(card)),
        addresses=unique(_address(v) for v in _values(card, "adr")),
        warnings=bday_warnings,
    )


def _lines(card, key: str) -> list:
    return list(card.contents.get(key, []))


def _values(card, key: str) -> list:
    return [line.value for line in _lines(card, key) if line.value not in (None, "", [])]


def _name(card) -> str | None:
    formatted = clean(next(iter(_values(card, "fn")), None))
    if formatted:
        return " ".join(formatted.split())
    for value in _values(card, "n"):
        parts = _name_parts(value)
        if parts:
            return " ".join(" ".join(parts).split())
    nickname = _first_component(_values(card, "nickname"))
    return " ".join(nickname.split()) if nickname else None


def _given_family(card) -> tuple[str | None, str | None]:
    """Given (and additional) names and the family name from `N`, when it has both."""
    for value in _values(card, "n"):
        if isinstance(value, str):
            continue
        given = " ".join(filter(None, (_joined(value.given), _joined(value.additional))))
        family = _joined(value.family)
        if given and family:
            return given, family
    return None, None


def _name_parts(value) -> list[str]:
    """Given, additional and family names from a parsed or raw `N`."""
    if isinstance(value, str):
        fields = re.split(r"(?<!\\);", value) + ["", "", ""]
        family, given, additional = (f.replace("\\", "") for f in fields[:3])
    else:
        family, given, additional = value.family, value.given, value.additional
    return [_joined(part) for part in (given, additional, family) if _joined(part)]


def _joined(part) -> str:
    if isinstance(part, (list, tuple)):
        return " ".join(str(p).strip() for p in part if str(p).strip())
    return str(part or "").strip()


def _first_component(values: list) -> str | None:
    for value in values:
        if isinstance(value, (list, tuple)):
            first = value[0] if value else None
        else:
            first = re.split(r"(?<!\\);", str(value))[0].replace("\\", "")
        text = clean(first)
        if text:
            return text
    return None


def _types(line) -> set[str]:
    found = {str(p).upper() for p in line.singletonparams}
    for value in line.params.get("TYPE", []):
        found.update(part.strip().upper() for part in str(value).split(","))
    if "PREF" in line.params:
        found.add("PREF")
    return found


def _preferred(card, key: str) -> list[str]:
    """Values, the one marked preferred first, then mobile numbers."""
    lines = [
        line for line in _lines(card, key) if isinstance(line.value, str) and line.value.strip()
    ]
    ranked = sorted(
        range(len(lines)),
        key=lambda i: ("PREF" not in _types(lines[i]), "CELL" not in _types(lines[i]), i),
    )
    return [lines[i].value for i in ranked]


def _unescaped(value: str) -> str:
    """Apple writes `https\\://…` in URL values; vobject leaves the backslash."""
    return re.sub(r"\\(.)", r"\1", value)


def _phone(value: str) -> str:
    text = value.strip()
    return text[4:].strip() if text.lower().startswith("tel:") else text


def _birthday_text(card) -> str | None:
    lines = _lines(card, "bday")
    if not lines or not isinstance(lines[0].value, str):
        return None
    value = lines[0].value.strip()
    omitted = lines[0].params.get("X-APPLE-OMIT-YEAR")
    if omitted and value.startswith(str(omitted[0])):
        value = "--" + value[len(str(omitted[0])) :].lstrip("-")
    return value


def _categories(card) -> list[str]:
    found: list[str] = []
    for value in _values(card, "categories"):
        found.extend(value if isinstance(value, (list, tuple)) else str(value).split(","))
    return found


def _address(value) -> str:
    if isinstance(value, str):
        return value.replace(";", " ")
    parts = [value.street, value.city, value.region, value.code, value.country]
    return ", ".join(_joined(p) for p in parts if _joined(p))


# --- export ------------------------------------------------------------------

PRODID = "-//netnotes//netnotes export//EN"
APPLE_NO_YEAR = "1604"  # the year Apple writes for "no year" (a leap year, so 02-29 works)


def build_vcards(contacts: list[Contact], intros: dict[str, str | None]) -> bytes:
    """Every contact that is not archived as a vCard 3.0, sorted by name:
    FN always, N, ORG, TITLE, EMAIL, TEL, URL (LinkedIn), BDAY, CATEGORIES
    (tags), NOTE (the note's opening text, from `intros` by path), UID and
    PRODID. Escaped, folded at 75 octets, CRLF."""
    people = sorted(
        (c for c in contacts if c.status != "archived"), key=lambda c: (lookup_key(c.name), c.path)
    )
    return b"".join(
        folded(_card(c, intros.get(c.path)).serialize()).encode("utf-8") for c in people
    )


def folded(serialized: str, limit: int = 75) -> str:
    """Lines folded at `limit` octets without splitting a character. vobject
    skips folding a line shorter than 75 characters, so one with many
    multi-byte letters could run past 75 octets: unfold, then fold again."""
    lines = serialized.replace("\r\n ", "").split("\r\n")
    return "\r\n".join(_fold_line(line, limit) for line in lines)


def _fold_line(line: str, limit: int) -> str:
    if len(line.encode("utf-8")) <= limit:
        return line
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _card(contact: Contact, intro: str | None):
    card = vobject.vCard()
    card.add("prodid").value = PRODID
    card.add("uid").value = (
        hashlib.blake2b(contact.path.encode("utf-8"), digest_size=16).hexdigest() + "@netnotes"
    )
    card.add("fn").value = contact.name
    given, family = _export_name(contact)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    _add(card, "org", [contact.company] if contact.company else None)
    _add(card, "title", contact.role)
    for email in _export_emails(contact):
        card.add("email").value = email
        card.email_list[-1].type_param = "INTERNET"
    _add(card, "tel", _detail(contact, PHONE_KEYS))
    _add(card, "url", _detail(contact, ("linkedin",)))
    if contact.birthday:
        _add_birthday(card, contact.birthday)
    _add(card, "categories", list(contact.tags) or None)
    _add(card, "note", intro)
    return card


def _export_name(contact: Contact) -> tuple[str, str]:
    """(given, family) as an import wrote them (`given_name:`, `family_name:`),
    else the whole name as the family name: a split guessed at the last space
    turns "John Doe III" into the family name "III"."""
    given = _detail(contact, ("given_name",))
    family = _detail(contact, ("family_name",))
    if given and family:
        return given, family
    return "", contact.name


def _add_birthday(card, birthday: str) -> None:
    """`BDAY:1980-07-14`; without a year, as Apple and Google read it in a 3.0
    card (`--09-18` is vCard 4.0 only): `BDAY;X-APPLE-OMIT-YEAR=1604:1604-09-18`."""
    if len(birthday) > 5:
        card.add("bday").value = birthday
        return
    line = card.add("bday")
    line.value = f"{APPLE_NO_YEAR}-{birthday}"
    line.params["X-APPLE-OMIT-YEAR"] = [APPLE_NO_YEAR]


def _add(card, key: str, value) -> None:
    if value:
        card.add(key).value = value


def _detail(contact: Contact, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = property_value(contact.details, key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value not in (None, "") and not isinstance(value, (dict, bool)):
            return value_text(value) or None
    return None


def _export_emails(contact: Contact) -> list[str]:
    return emails_of(contact.email, identifying_values(contact.details))


def intro_text(opening: tuple[tuple[int, str], ...]) -> str | None:
    """NOTE: a contact note's opening text as the parser found it (after a
    `# Title`, before the first heading; comments, code and #sensitive lines
    out), with wikilinks shown as their text; a gap between lines is a paragraph."""
    paragraphs: list[list[str]] = []
    last = None
    for number, text in opening:
        if last is None or number > last + 1:
            paragraphs.append([])
        paragraphs[-1].append(text)
        last = number
    joined = "\n\n".join("\n".join(lines) for lines in paragraphs).strip()
    return display_links(joined) or None

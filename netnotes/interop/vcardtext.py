"""A vCard file's text before vobject sees it, read the way phones really
write it: not UTF-8 (Outlook's 2.1 "ANSI" files: each line in its CHARSET,
else Windows-1252), CR CR LF line ends (iPhone), quoted-printable values in
any charset with soft line breaks, base64 PHOTO lines that are not indented,
and properties netnotes never imports (PHOTO, LOGO, SOUND, KEY, PROFILE)
left out before they can break a card. What could not be read is counted by
kind, so a file warns once per kind of problem."""

from __future__ import annotations

import codecs
import quopri
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .records import decode_source

# Never imported, and the usual reason a card fails: binary blobs and the
# RFC 2426 PROFILE line vobject refuses.
UNUSED = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "PROFILE", "AGENT"})
_PROPERTY = re.compile(r"^((?:[\w-]+\.)?([\w-]+))((?:;[^:]*)?):(.*)$", re.DOTALL)
_CHARSET = re.compile(rb";\s*CHARSET\s*=\s*([\w.:-]+)", re.IGNORECASE)
_VCARD = re.compile(rb"begin\s*:\s*vcard", re.IGNORECASE)


@dataclass
class Problems:
    """What could not be read in one file: kind → the cards it happened in."""

    found: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: list[str] = field(default_factory=list)  # about the whole file, said once

    def add(self, kind: str, where: str) -> None:
        self.found[kind].append(where)

    def warnings(self) -> tuple[str, ...]:
        """One line per kind, with a count and the first few cards."""
        lines = list(self.notes)
        for kind, places in self.found.items():
            unique = list(dict.fromkeys(places))
            shown = ", ".join(unique[:3]) + (
                f" and {len(unique) - 3} more" if len(unique) > 3 else ""
            )
            count = len(places)
            lines.append(f"{kind} ({count} time{'s' if count != 1 else ''}; {shown})")
        return tuple(lines)


def vcard_text(label: str, data: bytes, expected: str, problems: Problems) -> str:
    """The file's text. Not UTF-8 (and no BOM): each line is read in the
    CHARSET it names, else as Windows-1252, with one warning."""
    try:
        text = decode_source(label, data, expected)
    except Exception:
        if b"\x00" in data or not _VCARD.search(data[:4096]):
            raise
        text = _line_by_line(data, problems)
    return re.sub(r"\r+\n", "\n", text)  # CR CR LF (and CRLF) is one line end


def _line_by_line(data: bytes, problems: Problems) -> str:
    lines = []
    guessed = 0
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        charset = _CHARSET.search(raw.split(b":", 1)[0])
        text = _decoded(raw, charset.group(1).decode("ascii") if charset else None)
        if text is None:
            guessed += 1
            text = _windows_1252(raw)
        lines.append(text)
    if guessed:
        lines_read = f"{guessed} line{'s' if guessed != 1 else ''}"
        problems.notes.append(
            f"the file is not UTF-8: {lines_read} without a CHARSET read as Windows-1252"
        )
    return "\n".join(lines)


def _decoded(raw: bytes, charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        codecs.lookup(charset)
        return raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def _windows_1252(raw: bytes) -> str:
    """Windows-1252, the five bytes it leaves undefined read as Latin-1."""
    return "".join(
        chunk.decode("cp1252", errors="strict")
        if chunk[0] not in _UNDEFINED
        else chunk.decode("latin-1")
        for chunk in (raw[i : i + 1] for i in range(len(raw)))
    )


_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


@dataclass(frozen=True, slots=True)
class Property:
    """One logical property: `head` is group, name and parameters as written."""

    line: int  # its first line in the file
    name: str  # upper case, without its group
    head: str
    value: str

    def text(self) -> str:
        return f"{self.head}:{self.value}"


def properties(
    lines: tuple[str, ...], first_line: int, where: str, problems: Problems
) -> list[Property]:
    """The card's properties, unfolded (RFC folding, quoted-printable soft line
    breaks, unindented base64), quoted-printable decoded, the ones netnotes
    never imports left out. A line that is no property is counted."""
    found: list[list] = []  # [line, name, head, value]
    base64_open = False
    for offset, line in enumerate(lines):
        number = first_line + offset
        if found and line[:1] in (" ", "\t"):
            found[-1][3] += line[1:]
            continue
        if found and _is_qp(found[-1][2]) and found[-1][3].endswith("="):
            found[-1][3] = found[-1][3][:-1] + line
            continue
        match = _PROPERTY.match(line)
        if base64_open and found and line.strip() and (not match or _looks_base64(line)):
            found[-1][3] += line.strip()
            continue
        base64_open = False
        if not line.strip():
            continue
        if not match:
            problems.add("a line that is not a vCard property was skipped", f"line {number}")
            continue
        head, name = match.group(1) + match.group(3), match.group(2).upper()
        found.append([number, name, head, match.group(4)])
        base64_open = _is_base64(head)
    kept = [Property(n, name, head, value) for n, name, head, value in found if name not in UNUSED]
    return [_unquoted(p, where, problems) for p in kept]


def _is_qp(head: str) -> bool:
    return "QUOTED-PRINTABLE" in head.upper()


def _is_base64(head: str) -> bool:
    params = head.upper().replace(" ", "")
    return "ENCODING=BASE64" in params or "ENCODING=B" in params.split(";") or ";BASE64" in params


_BASE64_LINE = re.compile(r"^[A-Za-z0-9+/=]{8,}$")


def _looks_base64(line: str) -> bool:
    """An unindented line of a 2.1 base64 value that happens to hold a colon
    never does; one without a colon that matched no property is base64."""
    return bool(_BASE64_LINE.match(line.strip()))


def _unquoted(prop: Property, where: str, problems: Problems) -> Property:
    """A quoted-printable value decoded in its CHARSET (else UTF-8, else
    Windows-1252), written back as a plain value with `\\n` for line breaks."""
    if not _is_qp(prop.head):
        return prop
    raw = quopri.decodestring(prop.value.encode("ascii", errors="replace"))
    charset = _CHARSET.search(prop.head.encode("ascii", errors="replace"))
    text = _decoded(raw, charset.group(1).decode("ascii") if charset else "utf-8")
    if text is None:
        text = _decoded(raw, "utf-8") or _windows_1252(raw)
        problems.add(
            "a quoted-printable value was not in its charset; read as Windows-1252",
            f"{where} {prop.name}",
        )
    params = [
        p
        for p in prop.head.split(";")[1:]
        if p.strip().upper() not in ("QUOTED-PRINTABLE", "ENCODING=QUOTED-PRINTABLE")
        and not p.strip().upper().startswith("CHARSET=")
    ]
    head = ";".join([prop.head.split(";", 1)[0], *params])
    value = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return Property(prop.line, prop.name, head, value)


def unescaped(text: str) -> str:
    """A vCard text value's escapes undone: `\\,` `\\;` `\\\\` `\\n`."""
    return re.sub(r"\\([nN]|.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def first_component(value: str) -> str:
    """The first `;`-separated part of a structured value, as written."""
    return unescaped(re.split(r"(?<!\\);", value, maxsplit=1)[0])

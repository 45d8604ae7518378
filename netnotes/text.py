"""Text between people and netnotes. Shown: control characters (pasted
terminal colours, a NUL) become U+FFFD, so a note can never restyle a
terminal or differ between a generated file and the same text on stdout.
Typed: one line, NFC, with no control characters, or a clear refusal."""

from __future__ import annotations

import re
import unicodedata

from .errors import UsageError

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


# printable()'s controls as UTF-8: the bytes below 0x80 and the pairs after 0xc2.
_CONTROL_BYTES = bytes(range(0x20)).translate(None, b"\t\n\r") + b"\x7f"
UTF8_C1 = re.compile(b"\xc2[\x80-\x9f]")


def printable_utf8(text: str, errors: str = "strict") -> bytes:
    """printable(text) encoded as UTF-8 (with `errors`), told from the bytes
    by two fast passes over them, where printable's regular expression
    visits every character: the `list` table of 10,000 contacts is a
    megabyte, and the encoding is done anyway to print it."""
    data = text.encode("utf-8", errors)
    return printable(text).encode("utf-8", errors) if _holds_control(data) else data


def is_printable(text: str) -> bool:
    """printable(text) == text, told as printable_utf8 tells it."""
    return not _holds_control(text.encode("utf-8", "surrogatepass"))


def _holds_control(data: bytes) -> bool:
    return len(data.translate(None, _CONTROL_BYTES)) != len(data) or bool(UTF8_C1.search(data))


# Compiled when first used (re keeps it): the surrogates' range makes it the
# slowest of this module's patterns to compile (~1 ms), and only commands
# that take typed text use it, never a reading command's start.
_TYPED_CONTROL = r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]"


def one_line(value: str | None, field: str) -> str | None:
    """NFC, every run of spaces or line breaks as one space; None when empty.
    UsageError for control characters or bytes that were not UTF-8."""
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if re.search(_TYPED_CONTROL, text):
        raise UsageError(
            f"{field}: {value!r} holds a control character or bytes that are not UTF-8"
        )
    return text or None


_EXPORT_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)|(?<!\r)\n")


def export_text(data: bytes) -> bytes:
    """A calendar or address book with no control character in it (RFC 5545
    and RFC 6350 allow none in text values): each becomes U+FFFD, and line
    breaks are CRLF only. The same bytes go to a file, a pipe or a terminal."""
    text = data.decode("utf-8", "replace")
    return _EXPORT_CONTROL.sub("\ufffd", text).encode("utf-8")


def split_note(text: str) -> list[str]:
    """A note's text as the lines the parser, the full-text index and the
    prep sheets number (line N is [N - 1]): a BOM and CRLF line ends aside."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    return [line.rstrip("\r") for line in lines] if "\r" in text else lines


def section_text(lines: list[str], start: int, end: int) -> str:
    """A note's lines start..end (1-based), trailing space removed: a section
    as the parser gives it to the full-text index; its first line is line
    `start`, so a search hit can be placed on its line."""
    return "\n".join(lines[start - 1 : end]).rstrip()

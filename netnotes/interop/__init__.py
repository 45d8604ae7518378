"""Other tools' files in and out: LinkedIn, Google Contacts, Outlook and vCard imports
(records → plan → contacts created through `netnotes new`'s path), and the
iCalendar and vCard exports. Each parser takes the file's bytes and a label
to name it by, and raises SourceError when the file is not what it claims."""

from __future__ import annotations

from .records import GOOGLE, LINKEDIN, OUTLOOK, SOURCES, VCARD, Entry


def read_entries(source: str, label: str, data: bytes) -> list[Entry]:
    """The people in a source file of kind `source` (linkedin, vcard, google, outlook)."""
    return read_source(source, label, data)[0]


def read_source(source: str, label: str, data: bytes) -> tuple[list[Entry], tuple[str, ...]]:
    """The people in a source file, and warnings about the file as a whole."""
    if source == VCARD:
        from .vcard import parse_vcard_file

        return parse_vcard_file(label, data)
    if source == OUTLOOK:
        from .outlook import parse_outlook

        return parse_outlook(label, data)
    return _entries(source, label, data), ()


def _entries(source: str, label: str, data: bytes) -> list[Entry]:
    if source == LINKEDIN:
        from .linkedin import parse_linkedin

        return parse_linkedin(label, data)
    if source == GOOGLE:
        from .google import parse_google

        return parse_google(label, data)
    raise ValueError(f"unknown source {source!r}; one of {', '.join(SOURCES)}")

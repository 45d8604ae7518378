"""Other tools' files in and out: LinkedIn, Google Contacts and vCard imports
(records → plan → contacts created through `netnotes new`'s path), and the
iCalendar and vCard exports. Each parser takes the file's bytes and a label
to name it by, and raises SourceError when the file is not what it claims."""

from __future__ import annotations

from .records import GOOGLE, LINKEDIN, SOURCES, VCARD, Entry


def read_entries(source: str, label: str, data: bytes) -> list[Entry]:
    """The people in a source file of kind `source` (linkedin, vcard, google)."""
    if source == LINKEDIN:
        from .linkedin import parse_linkedin

        return parse_linkedin(label, data)
    if source == GOOGLE:
        from .google import parse_google

        return parse_google(label, data)
    if source == VCARD:
        from .vcard import parse_vcards

        return parse_vcards(label, data)
    raise ValueError(f"unknown source {source!r}; one of {', '.join(SOURCES)}")

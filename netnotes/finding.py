"""What to tell a user whose vault has notes but no contacts: how netnotes
finds contacts (DESIGN.md §2) and which setting to change."""

from __future__ import annotations

from .config import Config


def no_contacts_hint(config: Config, notes: int) -> str | None:
    """One message, or None when the vault has no notes either."""
    if notes == 0:
        return None
    folder = config.people_dir.strip("/") or "People"
    plural = "" if notes == 1 else "s"
    return (
        f"no contacts among {notes} note{plural}: a note is a contact when it lies under"
        f" {folder}/ (any case), or its frontmatter says `type: person`, or its tags hold"
        " person, people or contact. If your people live in another folder, set"
        ' people_dir = "THAT/FOLDER" in .netnotes/config.toml'
    )

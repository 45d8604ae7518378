"""The address book `export vcard` writes: every contact that is not archived,
with the opening text of their note as it was indexed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..index import Index


def address_book(index: Index) -> bytes:
    from .vcard import build_vcards, intro_text  # vobject: only for this export

    contacts = index.contacts()
    intros: dict[str, str | None] = {}
    for contact in contacts:
        intros[contact.path] = intro_text(index.shown(contact.path)[0])
    return build_vcards(contacts, intros)

"""Frontmatter properties, read the one way every command and importer reads
them (DESIGN.md §2): without regard to case or to `-`, `_` and spaces, and
with the common other names of a key (`LinkedIn:`, `E-mail:`, `Phone
Number:`, `Organization:` are `linkedin`, `email`, `phone`, `company`)."""

from __future__ import annotations

import functools
from collections.abc import Mapping

_ALIASES = {
    "organization": "company",
    "organisation": "company",
    "org": "company",
    "employer": "company",
    "position": "role",
    "job_title": "role",
    "job": "role",
    "e_mail": "email",
    "mail": "email",
    "email_address": "email",
    "phone_number": "phone",
    "telephone": "phone",
    "tel": "phone",
    "linked_in": "linkedin",
    "linkedin_url": "linkedin",
    "linkedin_profile": "linkedin",
    "birth_date": "birthday",
    "birthdate": "birthday",
    "bday": "birthday",
    "date_of_birth": "birthday",
    "how_we_met": "how_met",
    "first_met": "met",
    "met_on": "met",
    "alias": "aliases",
    "tag": "tags",
    "group": "groups",
}


@functools.lru_cache(maxsize=4096)
def property_key(key: str) -> str:
    """The key netnotes knows a written key by: `Phone Number` → `phone`."""
    normal = key.strip().strip("*").strip().lower().replace(" ", "_").replace("-", "_")
    normal = "_".join(part for part in normal.split("_") if part)
    return _ALIASES.get(normal, normal)


def written_key(properties: Mapping[str, object], wanted: str) -> str | None:
    """The first key as written whose property_key is `wanted`, holding a value."""
    for key, value in properties.items():
        if property_key(key) == wanted and value not in (None, "", []):
            return key
    return None


def property_value(properties: Mapping[str, object], wanted: str) -> object:
    """The value of the first key that reads as `wanted`, or None."""
    key = written_key(properties, wanted)
    return None if key is None else properties[key]


def role_key(properties: Mapping[str, object], name: str) -> str | None:
    """The key holding someone's role: `role:` (or its other names), else
    `title:` unless it is only the note's own name (`title: Jane Doe`)."""
    key = written_key(properties, "role")
    if key is not None:
        return key
    title = written_key(properties, "title")
    if title is not None and str(properties[title]).strip().casefold() != name.casefold():
        return title
    return None

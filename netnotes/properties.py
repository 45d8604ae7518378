"""Frontmatter properties, read the one way every command and importer reads
them (DESIGN.md §2): without regard to case or to `-`, `_` and spaces, and
with the common other names of a key (`LinkedIn:`, `E-mail:`, `Phone
Number:`, `Organization:` are `linkedin`, `email`, `phone`, `company`)."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from . import memo

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
    if title is not None and is_role_title(str(properties[title]), name):
        return title
    return None


def is_role_title(title: str, name: str) -> bool:
    """`title: VP Engineering` is a role; `title: Jane Doe` is only the note's name."""
    return title.strip().casefold() != name.casefold()


def value_text(value: object) -> str:
    """A frontmatter value as written: lists joined with ", ", a mapping as
    `key: value`, true or false, nothing for empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(filter(None, (value_text(v) for v in value)))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    return str(value).strip()


# --- what identifies someone ------------------------------------------------

PHONE_KEYS = ("phone", "mobile", "cell")  # where one number is looked for, in this order
_IDENTIFYING = {
    **dict.fromkeys(("email", "emails"), "email"),
    **dict.fromkeys((*PHONE_KEYS, "phones"), "phone"),
    "linkedin": "linkedin",
    "not_same_as": "not_same_as",
}


def identifying_kind(key: str) -> str | None:
    """What a key holds that identifies someone — email, phone, linkedin or
    not_same_as — read as every key is read: `E-mail`, `Emails` are email;
    `Mobile`, `Phones` are phone. None for any other key."""
    return _IDENTIFYING.get(property_key(key))


def identifying_values(properties: Mapping[str, object]) -> dict[str, list[str]]:
    """Every value written under a key that identifies someone, by kind."""
    found: dict[str, list[str]] = {}
    kinds = _KINDS
    for key, value in properties.items():
        kind = kinds.get(key)  # a note's keys recur from note to note: no call for each
        if kind is None:
            kind = identifying_kind(str(key)) or ""
            if type(key) is str:
                memo.remember(kinds, key, kind, _KINDS_HELD)
        if kind:
            items = value if isinstance(value, list) else [value]
            found.setdefault(kind, []).extend(
                str(v) for v in items if v is not None and str(v).strip()
            )
    return found


# identifying_kind by key as written ("" for none): `email`, `Phone`, `company` …
_KINDS: dict[str, str] = memo.registered()
_KINDS_HELD = 1_000


def emails_of(email: str | None, identifying: Mapping[str, list[str]]) -> list[str]:
    """A contact's addresses: `email` (the one the parser read) first, then
    every other written under a key that reads as email (`identifying`:
    identifying_values of the note's properties); stripped, once each."""
    listed = [email or "", *identifying.get("email", [])]
    return list(dict.fromkeys(e.strip() for e in listed if e.strip()))

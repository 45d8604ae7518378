"""The normal forms the identity rule compares (identity.py): a LinkedIn
profile, an email address, a phone number, a company, a linked name; each
None when the text is not one."""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote

from ..naming import lookup_key

_LINKEDIN = re.compile(r"^(?:https?://)?(?:[\w-]+\.)*linkedin\.com/+([^?#\s]+)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def linkedin_key(url: str) -> str | None:
    """The part of a LinkedIn profile address that names the person:
    `https://www.linkedin.com/in/Jane-Doe/?trk=x` and `linkedin.com/in/jane-doe`
    are both `in/jane-doe`. None for any other address."""
    match = _LINKEDIN.match(url.strip())
    if not match:
        return None
    parts = [p for p in unquote(match.group(1)).casefold().split("/") if p]
    if not parts:
        return None
    if parts[0] == "in" and len(parts) > 1:
        parts = parts[:2]  # /in/jane-doe/en, /in/jane-doe/details/… are still Jane
    return "/".join(parts)


def email_key(email: str) -> str | None:
    """An email address case-folded, `mailto:` and spaces aside; None when it
    is not an address (no `@`, such as a LinkedIn member URN)."""
    text = email.strip().removeprefix("mailto:").removeprefix("MAILTO:").strip().casefold()
    local, at, domain = text.partition("@")
    if not at or not local or "." not in domain or " " in text:
        return None
    return text


_NOT_DIGIT = re.compile(r"\D+")
_EXTENSION = re.compile(r"(?:ext\.?|x|#)\s*\d+\s*$", re.IGNORECASE)


def phone_key(phone: str) -> str | None:
    """A phone number's digits, extension aside; its last nine when longer, so
    `+1 (555) 010-4477` and `555.010.4477`, or `+44 20 7946 0958` and
    `020 7946 0958`, are one number. None when under six digits are left."""
    digits = _NOT_DIGIT.sub("", _EXTENSION.sub("", phone.strip().removeprefix("tel:")))
    if len(digits) < 6:
        return None
    return digits[-9:]


@functools.lru_cache(maxsize=4096)
def company_key(company: str | None) -> str | None:
    """A company compared as a word sequence, case, accents and punctuation
    aside: `Contoso, Inc.` is `contoso inc`."""
    if not company:
        return None
    text = lookup_key(re.sub(r"[^\w]+", " ", company))
    return text or None


def link_target(value: str) -> str:
    """`[[Alison Hill (Contoso)|Alison]]` → `Alison Hill (Contoso)`; a plain name as is."""
    text = value.strip()
    if text.startswith("[[") and text.endswith("]]"):
        text = text[2:-2]
    return text.split("|", 1)[0].split("#", 1)[0].strip().removesuffix(".md")

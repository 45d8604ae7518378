"""Note text shown to people: control characters (pasted terminal colours, a
NUL) become U+FFFD, so a note can never restyle a terminal or differ between
a generated file and the same text on stdout."""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)

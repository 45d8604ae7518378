"""The proof that a generated file is still as netnotes wrote it, where it
wrote it.

Every file netnotes writes into the vault carries, right under its
`generated_by: netnotes` line, `generated_hash: <hex>`: a hash of the file's
vault-relative path and the whole file without that line. It depends on
nothing else, so the same vault and date still give the same bytes. Before
deleting a generated file (an old prep sheet, a sync tool's copy) netnotes
checks the hash again: if anyone changed a byte, the file is theirs and
stays; and a copy of `Jane.md` saved as `Jane 2.md` proves it is a copy,
since its hash is right for `Jane.md` and wrong for its own name.
"""

from __future__ import annotations

import functools
import hashlib
import re

HASH_KEY = "generated_hash"
GENERATED_MARK = "generated_by: netnotes"


# Compiled when first used: every rendering command imports this module, and
# only those that write or tidy files read a mark (a cached function, not
# re's cache: a watcher's first start stamps ~1,100 sheets).
@functools.cache
def _mark() -> re.Pattern[str]:
    return re.compile(
        r"\A\ufeff?---\r?\n(?:.*\r?\n)*?generated_by:\s*netnotes\s*\r?\n(?:.*\r?\n)*?---", re.M
    )


@functools.cache
def _mark_line() -> re.Pattern[str]:
    return re.compile(r"^generated_by:[ \t]*netnotes[ \t]*\r?$", re.M)


@functools.cache
def _hash_line() -> re.Pattern[str]:
    return re.compile(rf"^{HASH_KEY}: *([0-9a-f]{{32}}) *\r?\n", re.M)


@functools.cache
def _frontmatter_end_line() -> re.Pattern[str]:
    return re.compile(r"^---\r?$", re.M)


def has_mark(data: bytes) -> bool:
    """The file says in its frontmatter that netnotes generated it."""
    return bool(_mark().match(data.decode("utf-8", "replace")))


def _digest(path: str, text: str) -> str:
    normalised = text.replace("\r\n", "\n")  # a sync tool's CRLF is not an edit
    data = f"{path}\n{normalised}".encode("utf-8", "surrogateescape")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stamp(text: str, path: str) -> str:
    """`text` (a rendered file whose frontmatter holds the mark), to be
    written at `path` (vault-relative), with its hash line under the mark,
    once; text without the mark comes back unchanged."""
    old = _hash_line().search(text, 0, _frontmatter_end(text))
    if old is not None:
        text = text[: old.start()] + text[old.end() :]
    mark = _mark_line().search(text, 0, _frontmatter_end(text))
    if mark is None:
        return text
    at = mark.end() + 1  # after the mark line's newline
    return f"{text[:at]}{HASH_KEY}: {_digest(path, text)}\n{text[at:]}"


def unchanged(data: bytes, path: str) -> bool:
    """Whether these bytes are exactly what netnotes wrote at `path`: the hash
    line is there, in the frontmatter, and matches the path and the rest."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    found = _hash_line().search(text, 0, _frontmatter_end(text))
    if found is None:
        return False
    rest = text[: found.start()] + text[found.end() :]
    return _digest(path, rest) == found.group(1)


def _frontmatter_end(text: str) -> int:
    """Where the frontmatter's closing `---` starts (0 when there is none)."""
    if not text.lstrip("\ufeff").startswith("---"):
        return 0
    first = text.find("\n")
    closing = _frontmatter_end_line().search(text, first + 1) if first >= 0 else None
    return closing.start() if closing else 0

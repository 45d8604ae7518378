"""The one error hierarchy: each kind knows its exit code; the CLI words it.

Exit codes (DESIGN.md §8): 1 the command ran but found problems or refused to
write; 2 bad usage, or a name that resolves to no one or to several.
"""

from __future__ import annotations


class NetnotesError(Exception):
    """An error the user can act on. `str(err)` is one line that says the fix."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(NetnotesError):
    """Bad input on the command line (a date that does not parse, an empty name)."""

    exit_code = 2


class VaultNotFoundError(UsageError):
    pass


class ConfigError(UsageError):
    """A bad `.netnotes/config.toml`: names the file and the key."""


class NameLookupError(UsageError):
    """A name that resolves to no one or to several; lists the closest matches."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class NoSuchName(NameLookupError):
    """No one answers to the name; `candidates` are the closest names."""


class AmbiguousName(NameLookupError):
    """Several answer to the name; `candidates` are all of them."""


SHORTLIST = 10  # an ambiguous name's message lists this many ("Ava" at 10k: ~90 answer)


def shortlist(answers: list[str]) -> str:
    """`answers` comma-separated, past SHORTLIST the first ones and how many more."""
    shown = ", ".join(answers[:SHORTLIST])
    more = len(answers) - SHORTLIST
    return f"{shown} and {more} more" if more > 0 else shown


class WriteRefusedError(NetnotesError):
    """netnotes would not write: a git operation, conflict markers, a foreign file."""


class GitBusyError(WriteRefusedError):
    """A git operation is under way in the vault: nothing may be written until it ends."""


class TemplateError(NetnotesError):
    """A user template that does not compile or render; names template and line."""


class SearchQueryError(UsageError):
    pass

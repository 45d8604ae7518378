"""A problem found in the vault: what the walk reports before any note is
read. Its own module, so that a reading command's walk, forked before the
index and the models are imported (walkcheck), makes this class alone."""

from .values import immutable

ERROR = "error"
WARNING = "warning"


@immutable
class Problem:
    """Something that needs the user's attention, at a 1-based line of a file."""

    path: str
    line: int | None
    severity: str  # ERROR or WARNING
    problem: str
    detail: str | None = None

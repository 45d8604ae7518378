"""Files netnotes makes — generated notes (the digest, prep sheets) and
exports (a calendar, a vCard file): written atomically, only when their bytes
change, and never over a file netnotes did not make. Each writer says in an
`OurFile` how it words a refusal and what must hold before it writes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from .errors import NetnotesError
from .vault import atomic_write


class OurFile(Protocol):
    """One writer's words and checks for the file it makes."""

    def unreadable(self, err: OSError) -> NetnotesError:
        """The refusal when the file there cannot be read."""
        ...

    def not_ours(self) -> NetnotesError:
        """The refusal when the file there is not one netnotes made."""
        ...

    def changing(self) -> None:
        """Raises when nothing may change now; asked only when the bytes differ."""
        ...

    def ready(self) -> None:
        """Raises, or makes folders, just before the write (a git operation
        under way is refused here, for a file in the vault)."""
        ...


def write_if_changed(
    path: Path,
    data: bytes,
    is_ours: Callable[[bytes], bool],
    target: OurFile,
    folders: set[Path] | None = None,
) -> bool:
    """Write `data` to `path` when its bytes change; True when written. A file
    there that `is_ours` rejects is refused (`target.not_ours()`). `folders`:
    see vault.atomic_write."""
    try:
        existing: bytes | None = path.read_bytes()
    except FileNotFoundError:
        existing = None
    except OSError as err:
        raise target.unreadable(err) from None
    if existing == data:
        return False
    target.changing()
    if existing is not None and not is_ours(existing):
        raise target.not_ours()
    target.ready()
    atomic_write(path, data, expected=existing, folders=folders)
    return True

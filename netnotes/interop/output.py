"""Writing an export to a file: atomically, only when its bytes change, and
never over a file netnotes did not write (unless forced)."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import NetnotesError, WriteRefusedError
from ..vault import atomic_write

PRODID_PREFIX = b"PRODID:-//netnotes//"


def written_by_netnotes(data: bytes) -> bool:
    """Whether a calendar or vCard file is one netnotes wrote: its PRODID says so."""
    head = data[:8192].replace(b"\r\n", b"\n")
    return any(line.strip().upper().startswith(PRODID_PREFIX.upper()) for line in head.split(b"\n"))


def write_export(path: Path, data: bytes, force: bool, what: str) -> bool:
    """Write `data` to `path`; True if the file changed. An existing file that
    is not empty and not netnotes' own is refused unless `force`. A symlink is
    written through: its target changes, the link stays."""
    path = Path(os.path.realpath(path))
    if path.is_dir():
        raise NetnotesError(f"{path}: is a folder; give a file name for the {what}")
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = None
    except OSError as err:
        raise NetnotesError(f"{path}: cannot read it ({err.strerror}); nothing written") from None
    if old == data:
        return False
    if old and not force and not written_by_netnotes(old):
        raise WriteRefusedError(
            f"{path} exists and is not a {what} netnotes wrote (no netnotes PRODID); "
            "nothing written; use --force to replace it"
        )
    if not path.parent.is_dir():
        raise NetnotesError(f"{path}: folder {path.parent} does not exist; nothing written")
    atomic_write(path, data, expected=old)
    return True

"""Writing an export to a file: atomically, only when its bytes change, and
never over a file netnotes did not write (unless forced)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import NetnotesError, WriteRefusedError
from ..ourfiles import write_if_changed

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
    return write_if_changed(
        path, data, lambda old: force or not old or written_by_netnotes(old), _Export(path, what)
    )


@dataclass(frozen=True, slots=True)
class _Export:
    """An export's refusals and checks (ourfiles.OurFile)."""

    path: Path
    what: str

    def unreadable(self, err: OSError) -> NetnotesError:
        return NetnotesError(f"{self.path}: cannot read it ({err.strerror}); nothing written")

    def not_ours(self) -> NetnotesError:
        return WriteRefusedError(
            f"{self.path} exists and is not a {self.what} netnotes wrote (no netnotes PRODID); "
            "nothing written; use --force to replace it"
        )

    def changing(self) -> None:
        pass

    def ready(self) -> None:
        if not self.path.parent.is_dir():
            raise NetnotesError(
                f"{self.path}: folder {self.path.parent} does not exist; nothing written"
            )

"""Whether a file is netnotes' own index, decided before anything opens,
rebuilds or deletes it, and what an SQLite error on it means for the user.

netnotes rebuilds or deletes only an index it can prove it made: one whose
SQLite header carries netnotes' application_id, or one written before that
id existed (a user_version netnotes used, with its `meta` and `files`
tables). A path that does not exist, or an empty file, becomes a new index.
Anything else (a note, another program's database) is an error naming the
path, and is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from .errors import NetnotesError

APPLICATION_ID = 0x6E6E7478  # "nntx": netnotes' mark in the SQLite header
LEGACY_VERSIONS = range(1, 12)  # user_version of indexes written before APPLICATION_ID
_MAGIC = b"SQLite format 3\x00"
_HEADER = 100
NEW, OURS = "new", "ours"


class IndexFileError(NetnotesError):
    """The index path holds something netnotes did not make, or cannot be used."""


def claim(path: Path) -> str:
    """NEW when `path` can become an index (absent or empty), OURS when it is
    netnotes' index; IndexFileError naming the path for anything else."""
    try:
        if path.is_dir():
            raise IndexFileError(f"the index path {path} is a folder; give a file name instead")
        with open(path, "rb") as handle:
            header = handle.read(_HEADER)
    except FileNotFoundError:
        return NEW
    except OSError as err:
        raise IndexFileError(f"cannot read the index at {path}: {err.strerror}") from None
    if not header:
        return NEW
    if len(header) == _HEADER and header.startswith(_MAGIC):
        if int.from_bytes(header[68:72], "big") == APPLICATION_ID:
            return OURS
        if _legacy(path, int.from_bytes(header[60:64], "big")):
            return OURS
    raise IndexFileError(
        f"{path} is not a netnotes index (it holds something else); netnotes will not "
        "overwrite it: choose another --index or index_path"
    )


def _legacy(path: Path, user_version: int) -> bool:
    """An index from before APPLICATION_ID: its version and its tables say so."""
    if user_version not in LEGACY_VERSIONS:
        return False
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not {"meta", "files"} <= tables:
                return False
            return conn.execute("SELECT 1 FROM meta WHERE key = 'config'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def discard(path: Path) -> None:
    """Delete an index `claim` said is ours, with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def is_damaged(err: sqlite3.Error) -> bool:
    text = str(err)
    return "malformed" in text or "not a database" in text


def index_error(path: Path, err: sqlite3.Error) -> NetnotesError:
    """One line for an SQLite error on the index: what happened and what to do."""
    text = str(err)
    if "locked" in text or "busy" in text:
        return NetnotesError(
            f"the index at {path} is locked by another process (a long `netnotes index`?) "
            "for over 30 s; try again when it is done"
        )
    if "full" in text:
        return NetnotesError(
            f"the disk holding the index at {path} is full; free some space and try again"
        )
    if is_damaged(err):
        return NetnotesError(f"the index at {path} is damaged ({text}); delete it and try again")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return NetnotesError(
            f"the index at {path} cannot be written ({text}); make its folder writable "
            "or pass --index PATH"
        )
    return NetnotesError(f"the index at {path}: {text}")

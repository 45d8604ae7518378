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

from pathlib import Path

from .errors import NetnotesError

APPLICATION_ID = 0x6E6E7478  # "nntx": netnotes' mark in the SQLite header
LEGACY_VERSIONS = range(1, 12)  # user_version of indexes written before APPLICATION_ID
_MAGIC = b"SQLite format 3\x00"
_HEADER = 100
NEW, OURS, LEGACY = "new", "ours", "legacy"


class IndexFileError(NetnotesError):
    """The index path holds something netnotes did not make, or cannot be used."""


def claim(path: Path) -> str:
    """NEW when `path` can become an index (absent or empty), OURS when it is
    netnotes' index, LEGACY when its header is that of an index written
    before APPLICATION_ID (the caller checks its tables: `not_ours` if they
    are not ours); IndexFileError naming the path for anything else."""
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
        if int.from_bytes(header[60:64], "big") in LEGACY_VERSIONS:
            return LEGACY
    raise not_ours(path)


def not_ours(path: Path) -> IndexFileError:
    return IndexFileError(
        f"{path} is not a netnotes index (it holds something else); netnotes will not "
        "overwrite it: choose another --index or index_path"
    )


def discard(path: Path) -> None:
    """Delete an index `claim` said is ours, with its WAL and shared-memory
    files, and the rollback journal a cold load killed midway leaves."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def is_damaged(err: Exception) -> bool:
    text = str(err)
    return "malformed" in text or "not a database" in text


def index_error(path: Path, err: Exception) -> NetnotesError:
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

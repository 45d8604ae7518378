"""What the prep sheets and the digest on disk were made from, so that a look
at the whole vault (the watcher's start, its periodic reconcile, the end of
a git merge) builds them again only when something they are made of changed.

A sheet is a pure function of the index (itself a function of every note's
path and bytes, and the settings), the note texts (the same bytes), the
day, the settings, the templates and the code (netnotes' own and the
libraries it renders and parses with). `SheetsStamp` holds a hash of those
inputs (`settings_part` and `index_part`: the path and content hash of
every indexed note) and the hash of every sheet's bytes as written. When the
inputs hash the same and every sheet still holds those bytes (`on_disk`),
building them again would write nothing: it is skipped. The digest reads
one thing more, the vault beyond its notes (`vault_part`: the odd entries
the walk met, and every file's name, which the link judge looks up
attachments and templates in); its bytes are kept as `digest`. A note's or a
sheet's modification time is never trusted; content hashes decide (only
code is known by size and mtime, and a template's bytes are hashed again
when its size, mtime or ctime moved).

The stamp is kept beside the index (`stamp_path`), so a watcher started on
an unchanged vault finds its sheets already made.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import stat
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .lastwalk import FILES_KEY

if TYPE_CHECKING:
    from .config import Config
    from .index import Index
    from .render import Renderer
    from .vault import Vault

_PACKAGE = Path(__file__).resolve().parent
# The libraries whose code shapes what the sheets and the digest say: the
# templates' engine, the YAML the notes are read with, the recurrences.
_LIBRARIES = ("jinja2", "markupsafe", "yaml", "frontmatter", "dateutil")


@dataclass
class SheetsStamp:
    """The inputs the sheets were made from, and each sheet's bytes (sha256);
    the digest's bytes and the rest of the vault it was made from ("": unknown)."""

    settings: str  # settings_part(): the day, settings, templates, code
    index: str  # index_part(): every note's path and content hash
    sheets: dict[str, str] = field(default_factory=dict)  # vault-relative path -> sha256
    vault: str = ""  # vault_part() the digest was made with
    digest: str = ""  # the digest's bytes as written (sha256)

    def on_disk(self, vault: Vault) -> bool:
        """Whether every sheet still holds the bytes netnotes wrote, where
        writing it again would go (a folder that now leads out of the vault,
        or a symlink out of it, is a change: the writer refuses it)."""
        return _holding(vault, self.sheets)

    def digest_on_disk(self, vault: Vault, relative: str, vault_part: str) -> bool:
        """Whether the digest at `relative` was made from this vault as it
        is beyond its notes, and still holds the bytes netnotes wrote."""
        known = bool(self.digest) and self.vault == vault_part
        return known and _holding(vault, {relative: self.digest})

    def copy(self) -> SheetsStamp:
        return SheetsStamp(self.settings, self.index, dict(self.sheets), self.vault, self.digest)


def _holding(vault: Vault, files: dict[str, str]) -> bool:
    """Whether each file holds the bytes of that hash, where writing it goes.
    Paths as strings: a Path made, split and read for each of ~1,100 sheets
    cost more than reading and hashing them."""
    inside: dict[str, bool] = {}
    for relative, digest in files.items():
        path = str(vault.path(relative))
        parent = os.path.dirname(path)
        if parent not in inside:
            inside[parent] = vault.contains(Path(parent))
        try:
            if not inside[parent] or (
                stat.S_ISLNK(os.lstat(path).st_mode) and not vault.contains(Path(path))
            ):
                return False
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return False
        if bytes_hash(data) != digest:
            return False
    return True


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def settings_part(vault: Vault, config: Config, renderer: Renderer, day: date) -> str:
    """The day, the vault and its settings, the templates' bytes, and
    the code (netnotes' version and files, its libraries', Python's)."""
    digest = hashlib.sha256()
    for part in (day.isoformat(), str(vault.root), repr(vault.publish), repr(config), __version__):
        digest.update(_framed(part.encode("utf-8", "surrogateescape")))
    for folder in _template_folders(renderer):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                digest.update(_framed(str(path).encode("utf-8", "surrogateescape")))
                digest.update(_framed(_file_hash(path)))
    digest.update(_framed(_code()))
    return digest.hexdigest()


_HASHED: dict[Path, tuple[tuple[int, ...], bytes]] = {}  # a template's stat and bytes' hash


def _file_hash(path: Path) -> bytes:
    """The file's bytes' hash, read again only when its stat moved: no write
    leaves size, mtime and ctime (which no one can set back) all as they were."""
    info = path.stat()
    seen = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    known = _HASHED.get(path)
    if known is not None and known[0] == seen:
        return known[1]
    hashed = hashlib.sha256(path.read_bytes()).digest()
    _HASHED[path] = (seen, hashed)
    return hashed


@functools.cache
def _code() -> bytes:
    """The code as this process loaded it: Python's version,
    the files' sizes and mtimes of netnotes and of the libraries it renders
    and parses with (read once: a checkout edited in place, or a library
    upgraded, is new code next start). A library is found, not imported."""
    parts = [sys.version]
    folders = [_PACKAGE]
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        found = spec.submodule_search_locations if spec is not None else None
        parts.append(f"{name}:{list(found) if found else None}")
        folders += [Path(folder) for folder in found or ()]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".so", ".pyd") and path.is_file():
                info = path.stat()
                parts.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts).encode("utf-8", "surrogateescape")


def index_part(index: Index) -> str:
    """What stands for every indexed note's path and content: the token the
    last sync that added, changed or removed a note made (sync.mark_files:
    one token, one state of the notes), read instead of hashing every files
    row (~40 ms at 10,000 contacts, at a watcher's start and again at its
    close); files_hash for an index no sync wrote notes into."""
    marked = index.conn.execute("SELECT value FROM meta WHERE key = ?", (FILES_KEY,)).fetchone()
    return f"{FILES_KEY} {marked[0]}" if marked is not None else files_hash(index)


def files_hash(index: Index) -> str:
    """Every indexed note's path and content hash, in path order, one line
    each (a note with no hash has none). Hashed row by row: the lines joined
    are a vault's worth of text (~3 MB at 10,000 contacts) that the watcher
    would hold three times over (SQLite's, Python's, encoded) at every look."""
    digest = hashlib.sha256()
    rows = index.conn.execute(
        "SELECT length(path) || ':' || path || hash FROM files WHERE hash IS NOT NULL ORDER BY path"
    )
    separator = b""
    for (line,) in rows:
        digest.update(separator + line.encode("utf-8", "surrogateescape"))
        separator = b"\n"
    return digest.hexdigest()


def vault_part(index: Index, names: str | None = None) -> str:
    """What the digest reads of the vault beyond its notes' bytes: the odd
    entries the walk met, and the name of every file outside hidden folders
    (file_names, now or as given: taken before the sync whose walk the link
    judge may reuse, so that a file added meanwhile is seen next time)."""
    digest = hashlib.sha256()
    for row in index.conn.execute(
        "SELECT path, line, severity, problem, detail FROM walk_problems"
        " ORDER BY path, line, severity, problem, detail"
    ):
        digest.update(_framed(repr(tuple(row)).encode("utf-8", "surrogateescape")))
    digest.update(_framed((file_names(index) if names is None else names).encode("ascii")))
    return digest.hexdigest()


def file_names(index: Index) -> str:
    """The name of every file outside hidden folders, hashed: the link judge's
    attachments and templates are among them."""
    digest = hashlib.sha256()
    root = str(index.vault.root)
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        digest.update(_framed(os.path.relpath(folder, root).encode("utf-8", "surrogateescape")))
        names.sort()
        _update_joined(digest, names)
    return digest.hexdigest()


NAMES_AT_ONCE = 512  # names joined and encoded at a time: ~25 KB, not a folder's ~0.5 MB


def _update_joined(digest: hashlib._Hash, names: list[str]) -> None:
    """digest.update(_framed("\\0".join(names) encoded)), a few hundred names
    at a time: the names of a folder of 10,000 notes joined are ~0.5 MB,
    held thrice; a name at a time costs a call or two per name, twice."""
    chunks = range(0, len(names), NAMES_AT_ONCE)
    size = sum(len(_joined(names, at)) for at in chunks)
    digest.update((size + max(len(chunks) - 1, 0)).to_bytes(8, "big"))
    separator = b""
    for at in chunks:
        digest.update(separator)
        digest.update(_joined(names, at))
        separator = b"\0"


def _joined(names: list[str], at: int) -> bytes:
    return "\0".join(names[at : at + NAMES_AT_ONCE]).encode("utf-8", "surrogateescape")


def _framed(data: bytes) -> bytes:
    return len(data).to_bytes(8, "big") + data


def _template_folders(renderer: Renderer) -> list[Path]:
    loader = renderer.env.loader
    return [Path(folder) for folder in getattr(loader, "searchpath", ())]


def stamp_path(index: Index) -> Path:
    return index.path.with_name(index.path.name + "-sheets.json")


def load(path: Path) -> SheetsStamp | None:
    """The stamp kept there, or None (none yet, unreadable, of another form)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        stamp = SheetsStamp(
            str(data["settings"]),
            str(data["index"]),
            dict(data["sheets"]),
            str(data.get("vault", "")),
            str(data.get("digest", "")),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not all(isinstance(v, str) for v in stamp.sheets.values()):
        return None
    return stamp


def save(path: Path, stamp: SheetsStamp) -> None:
    """Kept atomically but not fsynced (vault.atomic_write would add two
    fsyncs a save): the stamp is a cache, and a stamp lost or damaged in a
    crash only means the next start builds every sheet."""
    data = {
        "settings": stamp.settings,
        "index": stamp.index,
        "sheets": stamp.sheets,
        "vault": stamp.vault,
        "digest": stamp.digest,
    }
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()

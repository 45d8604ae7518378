"""The vault folder: which files are notes, reading them, and writing atomically.

Skipped everywhere: dot-files and dot-folders (`.git`, `.obsidian`, `.trash`,
`.netnotes`), the output folder, the templates folder, anything not `*.md`,
obsidian-git's `conflict-files-obsidian-git.md`, and symlinks (one that leaves
the vault is reported; one inside it points at a note indexed in place)."""

import errno
import fcntl
import hashlib
import os
import stat as stat_module
import time
from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from .config import Config
from .errors import GitBusyError, NetnotesError, WriteRefusedError
from .problem import ERROR, WARNING, Problem

_CONFLICT_FILE = "conflict-files-obsidian-git.md"  # obsidian-git's own, at the top
_LISTING = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
TEMP_PREFIX = ".netnotes-"
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 600
_GIT_BUSY = (
    "index.lock",
    "MERGE_HEAD",
    "REBASE_HEAD",
    "CHERRY_PICK_HEAD",
    "rebase-merge",
    "rebase-apply",
)


class FileStat(NamedTuple):
    """A tuple, so that the index can diff a walk against what it stored with
    set operations at C speed."""

    path: str  # relative to the vault, with "/"
    size: int
    mtime_ns: int


class Walk:
    """What a scan of the whole vault found. Each folder's notes are kept as
    (folder prefix, names, sizes and mtimes as a flat array), in the order
    the folder lists them: a vault's worth of per-note tuples would cost
    memory and time that a sync finding nothing changed has no use for."""

    __slots__ = ("_digest", "folders", "others", "problems", "stale")

    def __init__(self) -> None:
        self._digest: str | None = None
        self.folders: list[tuple[str, list[str], array[int]]] = []
        self.problems: list[Problem] = []  # odd entries, by path
        self.stale: list[str] = []  # netnotes' temp files left behind
        self.others: list[str] = []  # the files (not folders) that are no .md: attachments

    def __len__(self) -> int:
        return sum(len(names) for _, names, _ in self.folders)

    def notes(self) -> Iterator[tuple[str, int, int]]:
        """(path, size, mtime_ns) of each note, in no particular order."""
        for prefix, names, numbers in self.folders:
            for at, name in enumerate(names):
                yield prefix + name, numbers[2 * at], numbers[2 * at + 1]

    def digest(self) -> str:
        """A hash of every note's path, size and mtime, in the walk's order:
        equal for two walks that found the same (in the same order, which a
        folder nobody touched keeps), so that "nothing changed" is one string
        compared with what the index stored, not a vault's worth of rows.
        Made once: a finished walk is not added to."""
        if self._digest is None:
            self._digest = self._hashed()
        return self._digest

    def _hashed(self) -> str:
        hashed = hashlib.blake2b(digest_size=16)
        for prefix, names, numbers in self.folders:
            joined = "\0".join(names).encode("utf-8", "surrogatepass")
            head = f"{prefix}\0{len(names)}\0{len(joined)}\0"
            hashed.update(head.encode("utf-8", "surrogatepass"))
            hashed.update(joined)
            hashed.update(numbers)
        return hashed.hexdigest()


class Notes(Collection[FileStat]):
    """A walk's notes by path, as walk() gives them, held as a list of paths
    and two arrays of numbers: at 100,000 contacts (260,000 notes) a FileStat
    per note is ~55 MB for as long as a sync runs, this ~28 MB. The FileStats
    are made as they are read."""

    __slots__ = ("mtimes", "paths", "sizes")

    def __init__(self, walk: Walk) -> None:
        paths: list[str] = []
        numbers = array("q")
        for prefix, names, found in walk.folders:
            paths += [prefix + name for name in names]
            numbers += found
        order = sorted(range(len(paths)), key=paths.__getitem__)
        self.paths = [paths[at] for at in order]
        self.sizes = array("q", map(numbers[0::2].__getitem__, order))
        self.mtimes = array("q", map(numbers[1::2].__getitem__, order))

    def __len__(self) -> int:
        return len(self.paths)

    def __iter__(self) -> Iterator[FileStat]:
        return map(FileStat._make, zip(self.paths, self.sizes, self.mtimes))

    def __contains__(self, found: object) -> bool:
        if not isinstance(found, FileStat):
            return False
        at = bisect_left(self.paths, found.path)
        if at == len(self.paths) or self.paths[at] != found.path:
            return False
        return (self.sizes[at], self.mtimes[at]) == found[1:]


class ReadProblem(Exception):
    """A note that cannot be read as UTF-8 text; carries the Problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.problem)
        self.problem = problem


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A folder or a symlink to one, as os.walk tells them from files."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def shown_path(path: str) -> str:
    """A path safe to print or store, whatever bytes its name holds."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Vault:
    def __init__(self, root: Path, config: Config, publish: bool = False) -> None:
        self.root = root
        self.publish = publish  # this machine commits the generated files (gitsync.py)
        self.real_root = os.path.realpath(root)
        self.config = config
        self.skipped_dirs = {
            folder for folder in (config.output_dir, config.templates_folder) if folder
        }

    def path(self, relative: str) -> Path:
        return self.root / relative

    def walk(self) -> tuple[list[FileStat], list[Problem], list[str]]:
        """Every note with its size and mtime, by path; problems with odd
        entries; and netnotes' own temp files left behind by a killed write."""
        found = self.scan()
        return list(Notes(found)), found.problems, found.stale

    def scan(self, found: Callable[[int], None] | None = None) -> Walk:
        """walk(), as compact as can be and in no particular order: all a sync
        that finds nothing changed needs, which is every command's first
        step, so it is kept to the least work per note (a name and two
        numbers in its folder's lists, no object of its own). `found` is
        told how many notes it has found after each folder."""
        walk = Walk()
        notes = 0
        pending = [("", str(self.root))]
        while pending:
            prefix, folder = pending.pop()
            names: list[str] = []
            numbers: list[int] = []
            try:
                listed = os.open(folder, _LISTING)
            except OSError as err:
                walk.problems.append(self._unreadable(prefix, err))
                continue
            try:  # entries of a folder opened once: each stat looks up one name, not a path
                with os.scandir(listed) as listing:
                    self._scan_folder(listing, folder, prefix, names, numbers, walk, pending)
            except OSError as err:
                walk.problems.append(self._unreadable(prefix, err))
                continue
            finally:
                os.close(listed)
            if not prefix and _CONFLICT_FILE in names:
                at = names.index(_CONFLICT_FILE)
                del names[at], numbers[2 * at : 2 * at + 2]
            if names:
                walk.folders.append((prefix, names, array("q", numbers)))
                notes += len(names)
                if found is not None:
                    found(notes)
        walk.problems.sort(key=lambda p: p.path)
        return walk

    def _unreadable(self, prefix: str, err: OSError) -> Problem:
        """A folder that cannot be listed: a warning, or an error for the vault's own."""
        if not prefix:
            raise NetnotesError(
                f"cannot read the vault folder {self.root}: {err.strerror}"
            ) from None
        return Problem(
            shown_path(prefix.rstrip("/")), None, WARNING, f"folder cannot be read: {err.strerror}"
        )

    def _scan_folder(self, listing, folder, prefix, names, numbers, walk, pending) -> None:
        """One folder's entries: notes into `names` and `numbers` (size and
        mtime_ns of each: a list, made an array once the folder is read, as
        appending each number to an array parses it as a call's argument),
        the rest to _visit."""
        add_name, add_number = names.append, numbers.append
        for entry in listing:
            name = entry.name
            if (  # the common case first, in as few steps as possible
                name.endswith(".md")
                and name[0] != "."
                and entry.is_file(follow_symlinks=False)
                and (name.isascii() or decodable(name))
            ):
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue  # vanished while we looked
                add_name(name)
                add_number(info.st_size)
                add_number(info.st_mtime_ns)
                continue
            self._visit(entry, folder, prefix, names, numbers, walk, pending)

    def _visit(self, entry, folder, prefix, names, numbers, walk, pending) -> None:
        """Everything but a plain note: folders, odd names, symlinks, temp files."""
        name = entry.name
        relative = prefix + name
        if not name.lower().endswith(".md") and not _is_folder(entry):
            walk.others.append(relative)  # as os.walk lists them: for linkcheck.LinkJudge
        if name.startswith("."):
            if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
                walk.stale.append(relative)
            return
        if not decodable(name):
            walk.problems.append(
                Problem(
                    shown_path(relative),
                    None,
                    ERROR,
                    "file name is not valid UTF-8; rename it to read it",
                )
            )
            return
        try:
            symlink = entry.is_symlink()
        except OSError:
            return  # vanished while we looked
        if symlink:
            self._symlink(os.path.join(folder, name), relative, walk.problems)
            return
        try:
            if entry.is_dir(follow_symlinks=False):
                if relative not in self.skipped_dirs:
                    pending.append((relative + "/", os.path.join(folder, name)))
                return
            if not name.lower().endswith(".md"):
                return
            info = entry.stat(follow_symlinks=False)
        except OSError:
            return  # vanished while we looked: the next sync sees it or not
        if stat_module.S_ISREG(info.st_mode):
            names.append(name)
            numbers.extend((info.st_size, info.st_mtime_ns))

    def is_note_path(self, relative: str) -> bool:
        """Whether a vault-relative path names a note by the walk's rules (the
        watcher filters events with this, never with watchdog's patterns)."""
        parts = relative.split("/")
        if any(part.startswith(".") or not part for part in parts):
            return False
        if not parts[-1].lower().endswith(".md") or relative == _CONFLICT_FILE:
            return False
        return not any(relative.startswith(folder + "/") for folder in self.skipped_dirs)

    def stat_notes(self, relatives: set[str]) -> list[FileStat]:
        """The FileStat of each of these paths that is a note on disk now."""
        if not self.root.is_dir():
            raise NetnotesError(f"the vault folder {self.root} is gone")
        found = []
        for relative in sorted(relatives):
            if not self.is_note_path(relative) or not decodable(relative):
                continue
            try:
                info = os.lstat(self.path(relative))
            except OSError:
                continue
            if stat_module.S_ISREG(info.st_mode):
                found.append(FileStat(relative, info.st_size, info.st_mtime_ns))
        return found

    def _symlink(self, path: str, relative: str, problems: list[Problem]) -> None:
        """A symlink is never read where it is: said when it leads outside
        the vault, nowhere, or where it leads cannot be found out."""
        note = path.lower().endswith(".md")
        try:
            target = os.path.realpath(path)
        except OSError as err:  # a link on the way unreadable: its own problem, not its folder's
            if note:
                problem = f"symlink cannot be followed ({err.strerror}); not read"
                problems.append(Problem(relative, None, WARNING, problem))
            return
        if not _inside(target, self.real_root):
            if note or os.path.isdir(target):
                problems.append(
                    Problem(relative, None, WARNING, "symlink leads outside the vault; not read")
                )
        elif note and not os.path.exists(path):
            problems.append(
                Problem(relative, None, WARNING, "symlink leads nowhere (missing target or a loop)")
            )

    def read_text(self, relative: str) -> tuple[str, bytes]:
        """(text, raw bytes). Raises ReadProblem for text that is not UTF-8 and
        OSError when the file cannot be opened."""
        with open(self.path(relative), "rb") as handle:
            data = handle.read()
        return decode_note(relative, data), data

    def note_text(self, relative: str) -> str | None:
        """A note's text, or None when it cannot be read as UTF-8 text (the
        index reports why): for showing a note's lines, never for writing."""
        try:
            return self.read_text(relative)[0]
        except (OSError, ReadProblem):
            return None

    def remove_stale_temps(self, stale: list[str]) -> None:
        now = time.time()
        for relative in stale:
            path = self.path(relative)
            try:
                if now - path.stat().st_mtime > STALE_TEMP_SECONDS:
                    path.unlink()
            except OSError:
                pass

    def git_dir(self) -> Path | None:
        """The `.git` folder of the repository holding the vault, if any."""
        return _git_dir(self.root)

    def git_operation(self) -> str | None:
        """What git is doing in the vault right now (a merge, a rebase, a commit),
        if anything: in the repository that holds the vault, which may be the
        vault itself, a folder above it, or a worktree's (`.git` as a file)."""
        git = _git_dir(self.root)
        if git is None:
            return None
        for marker in _GIT_BUSY:
            busy = git / marker
            if busy.exists():
                shown = busy.relative_to(self.root) if busy.is_relative_to(self.root) else busy
                return f"{shown} exists"
        return None

    def refuse_during_git(self, what: str, then: str = "") -> None:
        """The one place every writer asks "is git busy?": GitBusyError if so."""
        busy = self.git_operation()
        if busy:
            raise GitBusyError(f"not writing {what}: a git operation is under way ({busy}){then}")

    def contains(self, path: Path) -> bool:
        return _inside(os.path.realpath(path), self.real_root)


def _git_dir(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                return (candidate / text[len("gitdir:") :].strip()).resolve()
    return None


MAX_NOTE_BYTES = 32 * 1024 * 1024
"""Larger files are reported and left alone: a note that size is a pasted dump,
and reading it would cost memory and time out of all proportion."""


def decode_note(relative: str, data: bytes, size: int = 0) -> str:
    """`size`: the file's, when `data` is only its first bytes past MAX_NOTE_BYTES."""
    if len(data) > MAX_NOTE_BYTES:
        raise ReadProblem(
            Problem(
                relative,
                None,
                ERROR,
                f"file is {max(size, len(data)) / 2**20:.0f} MB; netnotes reads notes up to "
                f"{MAX_NOTE_BYTES // 2**20} MB (split it, or move it out of the vault)",
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadProblem(Problem(relative, 1, ERROR, "file is UTF-16; save it as UTF-8"))
    if _looks_like_utf16(data):
        raise ReadProblem(
            Problem(relative, 1, ERROR, "file looks like UTF-16 without a BOM; save it as UTF-8")
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ReadProblem(
            Problem(
                relative,
                line,
                ERROR,
                f"not valid UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8",
            )
        ) from None


def _looks_like_utf16(data: bytes) -> bool:
    """Text in UTF-16 has a NUL in every other byte (most of its characters
    are Latin); UTF-8 text has NULs rarely, and never in such a pattern."""
    sample = data[:4096]
    if b"\x00" not in sample or len(sample) < 4:
        return False
    pairs = len(sample) // 2
    return max(sample[0::2].count(0), sample[1::2].count(0)) >= pairs * 0.4


def decodable(name: str) -> bool:
    """False for a name whose bytes were not UTF-8 (Python holds them as surrogates)."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def atomic_write(
    path: Path, data: bytes, expected: bytes | None = None, folders: set[Path] | None = None
) -> None:
    """Write through a temp file in the same folder: flush, fsync, keep the file
    mode, re-check that the file still holds `expected`, `os.replace`, fsync
    the folder. A crash at any point leaves the old file or the new one.
    `folders`: the folder is added there instead, for the caller to fsync
    once after writing many files (sync_folders)."""
    folder = path.parent
    try:
        mode = stat_module.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    else:  # replacing it would succeed in a writable folder, even for root: ask first
        if not mode & 0o222 or not os.access(path, os.W_OK):
            raise NetnotesError(f"{path} is read-only; nothing written (make it writable first)")
    temp = _fsynced_temp(path, data, mode)
    try:
        if expected is not None:
            try:
                current = path.read_bytes()
            except FileNotFoundError:
                current = None
            if current != expected:
                raise WriteRefusedError(
                    f"{path.name} changed while netnotes was writing it (saved in an editor?); "
                    "nothing written, run the command again"
                )
        os.replace(temp, path)
    except OSError as err:
        _discard(temp)
        raise _write_error(path, err) from None
    except BaseException:
        _discard(temp)
        raise
    if folders is None:
        _fsync_folder(folder)
    else:
        folders.add(folder)


def sync_folders(folders: set[Path]) -> None:
    """Make the renames atomic_write(folders=...) did in them durable."""
    for folder in sorted(folders):
        _fsync_folder(folder)


def _fsynced_temp(path: Path, data: bytes, mode: int) -> str:
    """A temp file beside `path` holding `data`, flushed to disk, with `mode`:
    the first half of every atomic write. Gone again if anything fails."""
    try:
        fd, temp = _temp_file(path.parent)
    except OSError as err:
        raise _write_error(path, err) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
    except OSError as err:
        _discard(temp)
        raise _write_error(path, err) from None
    except BaseException:
        _discard(temp)
        raise
    return temp


def _temp_file(folder: Path) -> tuple[int, str]:
    import tempfile  # only for writes: most commands never import it (3 ms)

    return tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)


def _write_error(path: Path, err: OSError) -> NetnotesError:
    if err.errno == errno.ENOSPC:
        return NetnotesError(f"{path}: disk full; the file was left as it was")
    return NetnotesError(f"{path}: cannot write ({err.strerror}); the file was left as it was")


def _discard(temp: str) -> None:
    try:
        os.unlink(temp)
    except OSError:
        pass


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def write_lock(lock_path: Path, timeout: float = 10.0) -> Iterator[None]:
    """One netnotes writer per vault at a time (a `watch` and a `digest`, say):
    a second writer waits up to `timeout` seconds, then gives up clearly."""
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+b")  # noqa: SIM115 (closed by the with below)
    except OSError as err:
        raise NetnotesError(
            f"cannot take the write lock {lock_path}: {err.strerror}; make its folder "
            "writable or pass --index PATH in a writable folder"
        ) from None
    with handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise NetnotesError(
                        "another netnotes is writing to this vault; try again in a moment"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def atomic_create(path: Path, data: bytes) -> None:
    """Create `path` holding `data`, all at once, and never over a file that
    exists: a temp file in the same folder, flushed and fsynced, is hard-linked
    to the final name (which fails if the name is taken, even by a symlink),
    then the temp name goes. WriteRefusedError when the name is taken."""
    folder = path.parent
    temp = _fsynced_temp(path, data, 0o666 & ~_umask())
    try:
        _link_or_refuse(temp, path)
    except OSError as err:
        raise _write_error(path, err) from None
    finally:
        _discard(temp)
    _fsync_folder(folder)


def _link_or_refuse(temp: str, path: Path) -> None:
    try:
        os.link(temp, path)
        return
    except FileExistsError:
        raise WriteRefusedError(f"{path.name} already exists; nothing was overwritten") from None
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
    # A file system without hard links (FAT, some network shares): check, then rename.
    if os.path.lexists(path):
        raise WriteRefusedError(f"{path.name} already exists; nothing was overwritten")
    os.replace(temp, path)

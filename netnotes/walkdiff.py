"""What a walk of the vault found changed against the index's rows: the
watcher's hint of the notes to sync as saves, and the sync's proof that
nothing changed, without a vault's worth of rows held at once."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .vault import Walk


# The index's notes as changed_notes reads them.
IN_PATH_ORDER = "SELECT path, size, mtime_ns FROM files ORDER BY path"


def changed_notes(stored: Iterable[tuple[str, int, int]], walk: Walk, most: int) -> set[str] | None:
    """The notes `walk` found new, gone, or with another size or mtime than
    `stored` (path, size and mtime of each note the index holds, in path
    order: IN_PATH_ORDER); None once more than `most`. Compared a folder at
    a time: a vault's worth of rows held at once (~5 MB of small objects at
    10,000 contacts) would stay in the watcher's memory as fragmentation
    after every look at everything."""
    folders = _Folders(walk)
    here = folders.enter("")
    changed: set[str] = set()
    for path, size, mtime in stored:
        name = path[len(here.prefix) :]
        if "/" in name or not path.startswith(here.prefix):
            here = folders.enter(path[: path.rfind("/") + 1], changed)
            name = path[len(here.prefix) :]
        if not here.holds(name, size, mtime):
            changed.add(path)
            if len(changed) > most:
                return None
    folders.leave_all(changed)
    return None if len(changed) > most else changed


class _Folders:
    """The walk's folders, entered in the order of the index's paths. In path
    order a folder's rows lie within the run of paths that start with its
    name: it is done (its notes no row named are new) once a path does not."""

    def __init__(self, walk: Walk) -> None:
        self.walked: dict[str, list[tuple[list[str], array[int]]]] = {}
        for prefix, names, numbers in walk.folders:
            self.walked.setdefault(prefix, []).append((names, numbers))
        self.open: list[_Folder] = []  # the folder of the last row, and the folders it is in

    def enter(self, prefix: str, changed: set[str] | None = None) -> _Folder:
        while self.open and not prefix.startswith(self.open[-1].prefix):
            self._leave(changed)
        if not self.open or self.open[-1].prefix != prefix:
            self.open.append(_Folder(prefix, self.walked.pop(prefix, [])))
        return self.open[-1]

    def leave_all(self, changed: set[str]) -> None:
        while self.open:
            self._leave(changed)
        for prefix, lists in self.walked.items():
            changed.update(_Folder(prefix, lists).unseen())

    def _leave(self, changed: set[str] | None) -> None:
        left = self.open.pop()
        if changed is not None:
            changed.update(left.unseen())


class _Folder:
    """One folder's notes as a walk found them, each looked up once by name."""

    def __init__(self, prefix: str, lists: list[tuple[list[str], array[int]]]) -> None:
        self.prefix = prefix
        self.numbers = array("q")  # size and mtime of each, as in Walk.folders
        names: list[str] = []
        for more, numbers in lists:
            names += more
            self.numbers += numbers
        self.found = dict(zip(names, range(len(names))))

    def holds(self, name: str, size: int, mtime: int) -> bool:
        """Whether the walk found `name` here with that size and mtime."""
        at = self.found.pop(name, None)
        return at is not None and self.numbers[2 * at] == size and self.numbers[2 * at + 1] == mtime

    def unseen(self) -> list[str]:
        """The paths of the notes no row named: new to the index."""
        return [self.prefix + name for name in self.found]

"""How netnotes writes into the user's notes (DESIGN.md §5): never during a git
operation, never outside the vault (a symlink inside it is written through to
its target), atomically, and only if the file still holds what was read —
else it plans the change again, so an editor's save in between is never lost.
And where a new note may go: inside the vault, under a name no note has yet in
any case or accents."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .errors import WriteRefusedError
from .naming import lookup_key
from .vault import ReadProblem, Vault, atomic_write, decode_note

T = TypeVar("T")
MAX_ATTEMPTS = 3  # re-reads when the note changes while netnotes writes it


def refuse_during_git(vault: Vault, what: str) -> None:
    vault.refuse_during_git(what, "; let it finish, then run the command again")


def writable_target(vault: Vault, relative: str) -> Path:
    """The file to write for a note: a symlink inside the vault resolves to its
    target (the link stays a link); anything leading outside is refused."""
    path = vault.path(relative)
    if not vault.contains(path):
        raise WriteRefusedError(
            f"{relative} leads outside the vault; netnotes will not write there"
        )
    real = Path(os.path.realpath(path))
    if not real.is_file():
        raise WriteRefusedError(
            f"{relative} is not a note netnotes can write (missing or not a file)"
        )
    return real


def rewrite_note(vault: Vault, relative: str, change: Callable[[str], tuple[str, T]]) -> T:
    """Read the note, plan the change on its text, and replace it atomically
    if it still holds what was read; when an editor saved it meanwhile, read
    it again and plan again (a few times), so nothing is ever clobbered."""
    target = writable_target(vault, relative)
    for _ in range(MAX_ATTEMPTS):
        refuse_during_git(vault, relative)
        data = _read(target, relative)
        try:
            text = decode_note(relative, data)
        except ReadProblem as err:
            raise WriteRefusedError(
                f"{relative}: {err.problem.problem}; netnotes will not write into it"
            ) from None
        new_text, result = change(text)
        new = new_text.encode("utf-8")
        if new == data:
            return result
        try:
            atomic_write(target, new, expected=data)
        except WriteRefusedError:
            continue  # changed under us: start over from what is there now
        return result
    raise WriteRefusedError(
        f"{relative} kept changing while netnotes was writing it (an editor "
        "saving it?); nothing written, run the command again"
    )


def _read(target: Path, relative: str) -> bytes:
    try:
        return target.read_bytes()
    except OSError as err:
        raise WriteRefusedError(f"{relative}: cannot read it ({err.strerror})") from None


def new_note_place(
    vault: Vault, folder_name: str, stem: str, hint: str, listing: FolderListing | None = None
) -> tuple[Path, str]:
    """The folder and vault-relative path for a new note `stem`.md: the folder
    inside the vault, no note there by that name in any case or accents.
    `listing` remembers the folder across many new notes (an import), so each
    costs a look-up, not a listing of the folder."""
    folder_name = folder_name.strip("/")
    relative = f"{folder_name}/{stem}.md" if folder_name else f"{stem}.md"
    folder = vault.path(folder_name) if folder_name else vault.root
    if not vault.contains(folder):
        raise WriteRefusedError(f"not writing {relative}: {folder_name} leads outside the vault")
    taken = (listing or FolderListing()).taken(folder, stem)
    if taken:
        there = f"{folder_name}/{taken}" if folder_name else taken
        same = taken == f"{stem}.md"
        how = "" if same else f" (the same name as {stem}.md but for case or accents)"
        raise WriteRefusedError(f"{there} already exists{how}; {hint}")
    return folder, relative


class FolderListing:
    """The notes of folders by folded name, read once; `add` what is created."""

    def __init__(self) -> None:
        self.folders: dict[Path, dict[str, str]] = {}

    def taken(self, folder: Path, stem: str) -> str | None:
        names = self.folders.get(folder)
        if names is None:
            names = self.folders[folder] = {}
            for name in _names(folder):
                if name.lower().endswith(".md"):
                    names.setdefault(lookup_key(name[:-3]), name)
        return names.get(lookup_key(stem))

    def add(self, folder: Path, stem: str) -> None:
        self.folders.setdefault(folder, {}).setdefault(lookup_key(stem), f"{stem}.md")


def _names(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    except OSError as err:
        raise WriteRefusedError(f"cannot read {folder}: {err.strerror}") from None


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise WriteRefusedError(f"cannot create {folder}: {err.strerror}") from None


TRASH = ".trash"  # where Obsidian moves deleted notes (its "Obsidian trash" setting)


def move_to_trash(vault: Vault, relative: str) -> str:
    """Move a note into the vault's .trash/, as Obsidian deletes: numbered
    when the trash already holds one of that name, never over a file there.
    The path it went to."""
    target = writable_target(vault, relative)
    folder = vault.path(TRASH)
    make_folder(folder)
    stem = target.name.removesuffix(".md")
    for number in range(1, 100):
        name = f"{stem}.md" if number == 1 else f"{stem} {number}.md"
        try:
            os.link(target, folder / name)  # never over a file already in the trash
        except FileExistsError:
            continue
        except OSError as err:
            raise WriteRefusedError(f"cannot move {relative} to {TRASH}/: {err.strerror}") from None
        os.unlink(target)
        return f"{TRASH}/{name}"
    raise WriteRefusedError(f"{TRASH}/ already holds 99 notes named {stem}; left {relative} alone")

"""Generated files nobody needs any more: prep sheets of meetings long past,
and the conflict copies sync tools make of generated files.

Only files in the output folder are looked at. An old sheet goes only when
its hash proves it is exactly as netnotes wrote it (stamp.py); one the user
edited stays, and `check` names it. A conflict copy goes when it carries the
mark, as the file it copies would be overwritten: Syncthing's
`Digest.sync-conflict-20261124-101500-ABCDEFG.md`, Dropbox's `Digest
(conflicted copy 2026-11-24).md`, and iCloud's `Digest 2.md` — the last only
when the original is beside it and the copy is provably of it (the digest;
a sheet whose hash is right for the original's path), since a title may
well end in a number.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

from .gitsync import is_published
from .models import WARNING, Problem
from .naming import DIGEST_FILE, SYNCTHING_COPY
from .stamp import has_mark, unchanged
from .vault import Vault

SHEETS_FOLDER = "Prep"
_SHEET_DATE = re.compile(r"(\d{4}-\d{2}-\d{2}) ")
_DROPBOX = re.compile(r"(.+?) \([^()]*conflicted copy[^()]*\)\.md", re.IGNORECASE)
_ICLOUD = re.compile(r"(.+) [2-9]\d*\.md")


def tidy_outputs(vault: Vault, real_today: date | None, keep_days: int) -> list[str]:
    """Remove conflict copies of generated files and, when `real_today` is
    given (never for a preview with another --date), sheets of meetings more
    than `keep_days` before it. Returns what was removed. Nothing happens
    while git is busy or when another machine publishes the folder."""
    if vault.git_operation() or (not vault.publish and is_published(vault)):
        return []
    removed = [path for path, data in _conflict_copies(vault) if _remove(vault, path, data)]
    if real_today is not None:
        removed += [
            path
            for path, data in _old_sheets(vault, real_today, keep_days)
            if unchanged(data, path) and _remove(vault, path, data)
        ]
    return sorted(removed)


def kept_sheets(vault: Vault, real_today: date, keep_days: int) -> list[Problem]:
    """The old sheets left in place because they were changed after netnotes
    wrote them (for `check`)."""
    return [
        Problem(
            path,
            None,
            WARNING,
            f"prep sheet of a meeting more than {keep_days} days past, kept because it was "
            "changed after netnotes wrote it (or has no generated_hash to prove otherwise); "
            "delete it once you no longer need it",
        )
        for path, data in _old_sheets(vault, real_today, keep_days)
        if not unchanged(data, path)
    ]


def _old_sheets(vault: Vault, real_today: date, keep_days: int) -> list[tuple[str, bytes]]:
    """(path, bytes) of each sheet carrying the mark whose meeting is more than
    `keep_days` before `real_today`."""
    folder = f"{vault.config.output_dir}/{SHEETS_FOLDER}"
    oldest_kept = real_today - timedelta(days=keep_days)
    found = []
    for name in _names(vault, folder):
        match = _SHEET_DATE.match(name)
        day = _day(match.group(1)) if match else None
        if day is not None and day < oldest_kept:
            data = _read(vault, f"{folder}/{name}")
            if data is not None and has_mark(data):
                found.append((f"{folder}/{name}", data))
    return found


def _conflict_copies(vault: Vault) -> list[tuple[str, bytes]]:
    found = []
    output = vault.config.output_dir
    for folder in (output, f"{output}/{SHEETS_FOLDER}"):
        names = set(_names(vault, folder))
        for name in sorted(names):
            sure, original = _copy_name(name)
            if not sure and (original is None or original not in names):
                continue
            copy = _read(vault, f"{folder}/{name}")
            if copy is None or not has_mark(copy):
                continue
            if sure or _same_file(vault, folder, original, copy):
                found.append((f"{folder}/{name}", copy))
    return found


def _copy_name(name: str) -> tuple[bool, str | None]:
    """(sure, original): Syncthing's and Dropbox's names are sure to be
    conflict copies; iCloud's `Name 2.md` names an original to compare with."""
    if SYNCTHING_COPY.fullmatch(name.removesuffix(".md")) or _DROPBOX.fullmatch(name):
        return True, None
    numbered = _ICLOUD.fullmatch(name)
    return False, f"{numbered.group(1)}.md" if numbered else None


def _same_file(vault: Vault, folder: str, original: str | None, copy: bytes) -> bool:
    """Whether an iCloud-style copy copies `original`: the digest always (no
    other file in the output folder has its name with a number); a sheet
    when the copy's hash is right for the original's path."""
    if original is None:
        return False
    if folder == vault.config.output_dir:
        return original == DIGEST_FILE
    return unchanged(copy, f"{folder}/{original}")


def _names(vault: Vault, folder: str) -> list[str]:
    """The plain files in a folder of the vault, if it is one inside it."""
    path = vault.path(folder)
    if path.is_symlink() or not vault.contains(path):
        return []
    try:
        with os.scandir(path) as entries:
            return [
                e.name
                for e in entries
                if e.is_file(follow_symlinks=False) and not e.name.startswith(".")
            ]
    except OSError:
        return []


def _read(vault: Vault, relative: str) -> bytes | None:
    try:
        return vault.path(relative).read_bytes()
    except OSError:
        return None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _remove(vault: Vault, relative: str, seen: bytes) -> bool:
    """Unlink the file if it still holds the bytes judged (an editor may have
    saved it since)."""
    if _read(vault, relative) != seen:
        return False
    try:
        vault.path(relative).unlink()
    except OSError:
        return False
    return True

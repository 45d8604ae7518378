"""Which links to no note are worth a warning, and what the user may have
meant. Obsidian resolves a link case-insensitively but not accent-
insensitively (naming.link_key); a suggestion looks further, with case and
accents folded (naming.lookup_key). Links to daily notes by date, to attachments
that exist and into the templates or output folder are no problem."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from .models import ParseContext
from .naming import lookup_key

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MOST_COMPARED = 200_000  # names × links past which only exact folded matches are suggested


class LinkJudge:
    """Judges the missing links of one vault; reads the folders it needs once."""

    def __init__(self, root: Path, context: ParseContext, skipped_dirs: Iterable[str]) -> None:
        self.root = root
        self.context = context
        self.skipped = tuple(d.strip("/") for d in skipped_dirs if d.strip("/"))

    def harmless(self, target: str) -> bool:
        """A link that leads to no note but to something Obsidian opens or makes."""
        if self._is_daily(target):
            return True
        folded = target.casefold()
        if any(folded.startswith(d.casefold() + "/") for d in self.skipped):
            return True
        return self._exists(target)

    def _is_daily(self, target: str) -> bool:
        if _ISO_DAY.fullmatch(target):
            return True
        folder = self.context.daily_folder
        named = f"{folder}/{target}.md" if folder and "/" not in target else f"{target}.md"
        return self.context.daily_date(named) is not None

    def _exists(self, target: str) -> bool:
        """An attachment (`diagram.svg`) anywhere in the vault, by name or path,
        or a note in a skipped folder (a template) by its name."""
        folded = target.casefold()
        if "." in folded.rsplit("/", 1)[-1]:
            return folded in self._names(self._attachments, ("",))
        return f"{folded}.md" in self._names(self._templates, self.skipped)

    _attachments: set[str] | None = None
    _templates: set[str] | None = None

    def _names(self, cached: set[str] | None, folders: tuple[str, ...]) -> set[str]:
        """Every file's name and path in these folders, lowercased; notes only
        from skipped folders (the index knows the others)."""
        if cached is not None:
            return cached
        found: set[str] = set()
        for start in folders:
            for folder, dirs, names in os.walk(self.root / start if start else self.root):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                relative = os.path.relpath(folder, self.root).replace(os.sep, "/")
                prefix = "" if relative == "." else relative + "/"
                skipped = any(prefix.startswith(d + "/") for d in self.skipped)
                for name in names:
                    if name.lower().endswith(".md") and not skipped:
                        continue
                    found.update(((prefix + name).casefold(), name.casefold()))
        if folders == ("",):
            self._attachments = found
        else:
            self._templates = found
        return found


def suggestion(
    target: str,
    exact: Callable[[str], list[str]],
    names: Callable[[], dict[str, str]],
    links: int,
) -> str | None:
    """`[[Tomás García]]` for `[[tomas garcia]]`: a contact whose name, alias
    or file name folds to the target's; else one close to it once folded.
    `exact(key)` gives the links of contacts answering to a folded key;
    `names()` every folded name with its contact's link."""
    key = lookup_key(target)
    found = exact(key)
    if found:
        return found[0]
    every = names()
    if len(every) * max(links, 1) > MOST_COMPARED:
        return None
    close = difflib.get_close_matches(key, list(every), n=1, cutoff=0.85)
    return every[close[0]] if close else None

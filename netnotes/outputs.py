"""The files netnotes keeps current in the vault for a given day: the digest,
and a prep sheet for every meeting coming up within the horizon."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .config import Config
from .digest import build_digest
from .index import Index
from .naming import DIGEST_FILE, prep_sheet_path
from .prep import PrepBuilder
from .render import Renderer


def generated_files(
    index: Index,
    config: Config,
    renderer: Renderer,
    today: date,
    read_note: Callable[[str], str | None],
    people: set[str] | None = None,
) -> list[tuple[str, str]]:
    """(vault-relative path, text) of each file as of `today`, digest first.
    `people` (contact paths) limits the prep sheets to meetings with them: the
    ones a change can have touched (the watcher's shortcut)."""
    digest = build_digest(index, config, today)
    files = [(f"{config.output_dir}/{DIGEST_FILE}", renderer.render("digest.md.j2", digest))]
    for sheet in PrepBuilder(index, config, today, read_note).upcoming(people):
        path = prep_sheet_path(config.output_dir, sheet.date, sheet.title)
        files.append((path, renderer.render("prep.md.j2", sheet)))
    return files

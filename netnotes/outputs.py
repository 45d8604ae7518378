"""The files netnotes keeps current in the vault for a given day: the digest,
and a prep sheet for every meeting coming up within the horizon; and one
refresh of them after notes changed, as `watch` does it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from .config import Config
from .digest import Digest, build_digest, first_rows_suffice
from .errors import GitBusyError, NetnotesError
from .groups import Groups
from .index import DatabaseFailure, Index, SyncReport
from .indexfile import index_error
from .models import Problem
from .naming import DIGEST_FILE
from .prep import PrepBuilder
from .render import Renderer, write_generated
from .tidy import tidy_outputs
from .vault import Vault


def generated_files(
    index: Index,
    config: Config,
    renderer: Renderer,
    today: date,
    read_note: Callable[[str], str | None],
    people: set[str] | None = None,
    digest: Digest | None = None,
) -> list[tuple[str, str]]:
    """(vault-relative path, text) of each file as of `today`, digest first.
    `people` (contact paths) limits the prep sheets to meetings with them: the
    ones a change can have touched (the watcher's shortcut). `digest`: the
    day's digest when the caller holds it already."""
    if digest is None:
        digest = build_digest(index, config, today, whole=not first_rows_suffice(renderer))
    files = [(f"{config.output_dir}/{DIGEST_FILE}", renderer.render("digest.md.j2", digest))]
    builder = PrepBuilder(index, config, today, read_note)
    for sheet in builder.upcoming(people):
        files.append((builder.sheet_path(sheet), renderer.render("prep.md.j2", sheet)))
    return files


class DigestModel(Protocol):
    """The digest the watcher keeps between refreshes: `digest` is the day's
    digest from the facts it holds, `update` the same after a sync that
    changed the facts of the `touched` contacts (paths) only, and `reconcile`
    drops what it holds, so the next `digest` reads the whole vault."""

    def digest(self, today: date) -> Digest: ...

    def update(self, touched: set[str], today: date) -> Digest: ...

    def reconcile(self) -> None: ...


@dataclass
class Refresh:
    """What one refresh did: the notes that changed, the files rewritten, the
    problems in the changed notes, or the error that stopped the writing."""

    changed: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    error: str | None = None
    git_busy: bool = False  # the error is a git operation: try again when it ends
    removed: list[str] = field(default_factory=list)


class Keeper:
    """Keeps the generated files current as notes change. A save touches the
    prep sheets of the people in the notes it changed and no others; a full
    look (`paths` None: start-up, the periodic reconcile, a new day), or a
    save that changes who is a contact, rebuilds every sheet."""

    def __init__(
        self,
        index: Index,
        vault: Vault,
        config: Config,
        renderer: Renderer,
        lock: Callable[[], AbstractContextManager[None]],
        calendar: Path | None = None,
        digests: DigestModel | None = None,
    ) -> None:
        self.index = index
        self.vault = vault
        self.config = config
        self.renderer = renderer
        self.lock = lock
        self.calendar = calendar
        if digests is None:  # the watcher's: only the rows the template shows, unless it reads more
            from .digest_live import LiveDigest

            digests = LiveDigest(index, config, whole=not first_rows_suffice(renderer))
        self.digests = digests
        self._others: int | None = None  # index.others_version() at the last refresh

    def refresh(
        self, day: date, paths: set[str] | None, real_today: date | None = None, sync: bool = True
    ) -> Refresh:
        """Sync the index with `paths` (None: everything) and rewrite what
        changed for `day`; with `real_today` (the clock's date, never a
        preview's), also remove old sheets and conflict copies. `sync` False:
        the caller has just synced the index."""
        try:
            before = self._people_in(paths, day) if paths else set()
            others = self.index.others_version()
            report = self.index.sync(paths=paths) if sync else SyncReport(contacts=frozenset())
            touched = report.contacts if self._alone(others) else None
            # A report of "everyone" (a contact renamed, moved out or removed; a
            # group's note) can change whom a meeting is with: every sheet again.
            everyone = paths is None or report.contacts is None
            people = None if everyone else before | self._people_in(report.changed_paths, day)
            files = generated_files(
                self.index,
                self.config,
                self.renderer,
                day,
                self.vault.note_text,
                people,
                self._digest(day, paths is None, touched),
            )
            with self.lock():
                written = [path for path, text in files if write_generated(self.vault, path, text)]
                removed = tidy_outputs(self.vault, real_today, self.config.prep_keep_days)
            if self.calendar is not None and self._write_calendar(day):
                written.append(str(self.calendar))
        except GitBusyError as err:
            return Refresh(error=err.message, git_busy=True)
        except NetnotesError as err:
            return Refresh(error=err.message)
        except DatabaseFailure as err:  # the watcher says so and tries again later
            return Refresh(error=index_error(self.index.path, err).message)
        failed = [p for p in report.failed if p.path in report.changed_paths]
        return Refresh(report.changed_paths, written, failed, removed=removed)

    def _alone(self, before_sync: int) -> bool:
        """Whether no other process wrote to the index since the last refresh,
        nor during this one's sync: else the sync's report does not name every
        contact whose facts changed (`netnotes log` indexed the note first)."""
        now = self.index.others_version()
        alone = self._others == before_sync == now
        self._others = now
        return alone

    def _digest(self, day: date, everything: bool, touched: frozenset[str] | None) -> Digest:
        """The day's digest: after a look at everything, or a sync that
        cannot say whose facts it changed, read whole again; after a save,
        recomputed for the contacts whose facts it changed."""
        if everything or touched is None:  # (None: the sync cannot say whose facts moved)
            self.digests.reconcile()
            return self.digests.digest(day)
        return self.digests.update(set(touched), day)

    def _people_in(self, paths: Iterable[str], day: date) -> set[str]:
        """The contacts whose sheets a change to these notes can touch: the
        contact a note is, everyone it links or lists as an attendee, and a
        group note's members (its `meets:` moves their table's sheet)."""
        people: set[str] = set()
        paths = set(paths)
        for path in paths:
            if self.index.contact(path) is not None:
                people.add(path)
            people.update(self.index.linked_contacts(path))
        if paths & {path for path, _, _ in self.index.group_notes()}:
            groups = Groups(self.index, day)
            for group in groups.groups:
                if group.path is not None and group.path in paths:
                    people.update(groups.members(group))
        return people

    def _write_calendar(self, day: date) -> bool:
        from .interop.ics import build_calendar
        from .interop.output import write_export
        from .text import export_text

        assert self.calendar is not None
        data = export_text(build_calendar(self.index, self.config, day))
        return write_export(self.calendar, data, force=False, what="calendar")

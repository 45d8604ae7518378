"""The files netnotes keeps current in the vault for a given day: the digest,
and a prep sheet for every meeting coming up within the horizon; and one
refresh of them after notes changed, as `watch` does it."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from . import sheetstamp
from .config import Config
from .errors import GitBusyError, NetnotesError
from .index import DatabaseFailure, Index
from .indexfile import index_error
from .models import Problem
from .naming import DIGEST_FILE
from .render import Renderer, write_generated
from .sheetnames import SheetNames
from .stamp import stamp as stamped
from .sync import SyncReport
from .tidy import tidy_outputs
from .vault import Vault, Walk, sync_folders
from .walkdiff import IN_PATH_ORDER, changed_notes

if TYPE_CHECKING:
    from .digest import Digest
    from .groups import Group, Groups


class DigestModel(Protocol):
    """The digest the watcher keeps between refreshes: `digest` is the day's
    digest from the facts it holds, `update` the same after a sync that
    changed the facts of the `touched` contacts (paths) only, `reconcile`
    drops what it holds, so the next `digest` reads the whole vault, and
    `forget_links` only what it knows of the vault's attachments."""

    def digest(self, today: date) -> Digest: ...

    def update(self, touched: set[str], today: date) -> Digest: ...

    def reconcile(self) -> None: ...

    def forget_links(self) -> None: ...


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


FEW_CHANGED = 1000  # notes changed behind the watcher's back it refreshes as a save
SHEETS_PER_BATCH = 100  # sheets written under one hold of the lock, their garbage collected after


@dataclass
class _Plan:
    """What one refresh found and will write: the sync's report, the
    contacts whose sheets to build (None: every one), those whose digest
    facts changed (None: unknown), whether this keeper alone wrote the
    index, the files, and for a look at everything the inputs (no sheets
    yet) it saw. `hashes`: of each file written or found current, by path."""

    report: SyncReport
    people: set[str] | None
    touched: frozenset[str] | None
    alone: bool
    files: list[tuple[str, str]] = field(default_factory=list)
    made: sheetstamp.SheetsStamp | None = None
    known: bool = False  # the stamp proved every sheet current: none built
    settings: str = ""  # sheetstamp.settings_part() the sheets were built with ("": it moved)
    later: Callable[[], list[tuple[str, str]]] | None = None  # more files, once these are written
    # Every sheet, built as it is written before `files` (a look at everything
    # that builds them all: they are never all held at once).
    sheets: Iterator[tuple[str, str]] | None = None
    hashes: dict[str, str] = field(default_factory=dict)


@dataclass
class _Rivals:
    """The sheets that may share a file name on a day (sheetnames), as the
    index stood at its data_version `version` (read after this keeper's
    sync): the next save's look at whom it touches before its own sync
    takes them from the last save's look after it, while nothing else
    wrote the index. A day not asked yet is read when first asked. Only
    the group notes are read for the names (only a note says when its group
    meets); every group, with its members, only when a note's sheet is a rival."""

    day: date
    version: int
    names: SheetNames
    noted: dict[str, Group]  # the groups by their note
    groups: Groups | None = None


def _both(first: SyncReport, then: SyncReport) -> SyncReport:
    """Two syncs' reports as one sync's of the whole vault."""
    return SyncReport(
        added=first.added + then.added,
        changed=first.changed + then.changed,
        removed=first.removed + then.removed,
        unchanged=then.unchanged,
        failed=first.failed + [p for p in then.failed if p not in first.failed],
        changed_paths=sorted(set(first.changed_paths) | set(then.changed_paths)),
        contacts=None,
    )


class Keeper:
    """Keeps the generated files current as notes change. A save touches the
    prep sheets of the people in the notes it changed and no others; a full
    look (`paths` None: start-up, the periodic reconcile, a new day), or a
    save that changes who is a contact, rebuilds every sheet, unless the
    sheets are known to be current already (sheetstamp.py):

    - the stamp beside the index says the sheets on disk were made from
      exactly these inputs (the notes' contents, day, settings, templates,
      code): nothing to build; and the digest neither, when it also says
      the digest on disk was made from the vault as it is beyond its notes
      (the digest model then reads the index when `warm` is called, or at
      the first save: a start says it is watching without waiting for it);
    - or every refresh since the last full one went through this keeper,
      alone on the index, as saves: then a look at everything is a stat walk
      that finds the notes changed meanwhile (a git merge's), whose sheets
      are refreshed as a save's are, and a second walk proving nothing else
      changed (the digest updated for those notes' contacts, its attachments
      looked at again). A walk that finds nothing changed is the sync's
      own, and then nothing is built when the vault beyond the notes is as
      the digest was made from (else the digest is judged again: the names of
      the sheets it wrote itself are among those the link judge reads)."""

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
        self._digests = digests  # None: the watcher's own, made when first asked (digests)
        self._digest_file = f"{config.output_dir}/{DIGEST_FILE}"
        self._cold = False  # the digest model was told to forget: warm() reads it again
        self._others: int | None = None  # index.others_version() at the last refresh
        self._stamp_file = sheetstamp.stamp_path(index)
        self._stamp = sheetstamp.load(self._stamp_file)
        self._kept = None if self._stamp is None else self._stamp.copy()  # as in the file
        # The sheets on disk are those of the index as this keeper last left it
        # (a full build, or saves since one, all alone on the index).
        self._current = False
        # Saves recorded their files in the stamp since its hash of the notes
        # was taken: that hash no longer says what the files were made from.
        self._saved_since = False
        self._rivals: _Rivals | None = None  # kept from one save to the next (see _Rivals)

    @property
    def digests(self) -> DigestModel:
        """The digest model: by default the watcher's, of only the rows the
        template shows unless it reads more. Made when first asked: a start
        that finds the digest on disk current says it is watching before
        the digest's modules are imported (warm() asks next)."""
        if self._digests is None:
            from .digest import first_rows_suffice
            from .digest_live import LiveDigest

            whole = not first_rows_suffice(self.renderer)
            self._digests = LiveDigest(self.index, self.config, whole=whole)
        return self._digests

    def refresh(
        self, day: date, paths: set[str] | None, real_today: date | None = None, sync: bool = True
    ) -> Refresh:
        """Sync the index with `paths` (None: everything) and rewrite what
        changed for `day`; with `real_today` (the clock's date, never a
        preview's), also remove old sheets and conflict copies. `sync` False:
        the caller has just synced the index."""
        try:
            current, self._current = self._current, False  # until every file is written
            rivals, self._rivals = self._rivals, None  # only a save right after may take them
            plan = (
                self._everything(day, sync, current)
                if paths is None
                else self._saved(day, paths, sync, rivals)
            )
            sheets = self._write_sheets(plan)
            written = self._write(plan.files, plan.hashes)
            if plan.later is not None:  # a save's sheets, or a full build's digest
                more, plan.later = plan.later(), None  # (the closure holds the plan: no cycle left)
                written += self._write(more, plan.hashes)
            written += sheets  # (said after the digest, whichever was written first)
            with self.lock():
                removed = tidy_outputs(self.vault, real_today, self.config.prep_keep_days)
            self._made(plan, removed, current)
            if self.calendar is not None and self._write_calendar(day):
                written.append(str(self.calendar))
        except GitBusyError as err:
            return Refresh(error=err.message, git_busy=True)
        except NetnotesError as err:
            return Refresh(error=err.message)
        except DatabaseFailure as err:  # the watcher says so and tries again later
            return Refresh(error=index_error(self.index.path, err).message)
        report = plan.report
        failed = [p for p in report.failed if p.path in report.changed_paths]
        return Refresh(report.changed_paths, written, failed, removed=removed)

    def _write(self, files: Iterable[tuple[str, str]], hashes: dict[str, str]) -> list[str]:
        """Write the files whose bytes change, under the lock, and note each
        one's hash in `hashes`; the folders written in are made durable once
        each, not after every file."""
        folders: set[Path] = set()
        written = []
        with self.lock():
            try:
                for path, text in files:
                    if write_generated(self.vault, path, text, folders):
                        written.append(path)
                    hashes[path] = sheetstamp.bytes_hash(stamped(text, path).encode("utf-8"))
            finally:
                sync_folders(folders)
        return written

    def _write_sheets(self, plan: _Plan) -> list[str]:
        """Build and write `plan.sheets` a batch at a time, each batch's
        garbage (the templates' contexts are reference cycles) collected
        before the next: a thousand sheets cost the memory of a hundred.
        What lived before the sheets is set aside from the collections
        (gc.freeze): a full one would scan it all after every batch, ~0.35 s
        at 100,000 contacts, whose first start writes some 110 batches."""
        sheets, plan.sheets = plan.sheets, None
        if sheets is None:  # a save: its young garbage is the watcher's to collect
            return []
        written: list[str] = []
        try:
            gc.freeze()
            try:
                while batch := list(islice(sheets, SHEETS_PER_BATCH)):
                    written += self._write(batch, plan.hashes)
                    del batch
                    gc.collect()
            finally:
                gc.unfreeze()
        except NetnotesError as err:
            if plan.later is not None and not isinstance(err, GitBusyError):
                # a sheet refused (a file of the user's at its path, a full
                # disk) leaves no digest of yesterday behind
                self._write(plan.later(), plan.hashes)
            raise
        return written

    def _saved(
        self, day: date, paths: set[str], sync: bool, rivals: _Rivals | None = None
    ) -> _Plan:
        """The files a save of `paths` changes: the digest, written first
        (what the save is waited for), then (`later`) the sheets of the
        people in those notes before and after."""
        settings = self._settings(day)
        before = self._before(paths, day, rivals)
        plan = self._synced(paths, sync)
        digest = self._digest(day, False, plan.touched)
        plan.files = [(self._digest_file, self.renderer.render("digest.md.j2", digest))]

        def sheets() -> list[tuple[str, str]]:
            plan.people, self._rivals = self._after(plan.report, before, day)
            files = self._files(day, plan.people)
            after = self._settings(day)  # the templates the sheets were rendered with
            plan.settings = settings if after == settings else ""
            return files

        plan.later = sheets
        return plan

    def _settings(self, day: date) -> str:
        return sheetstamp.settings_part(self.vault, self.config, self.renderer, day)

    def _changes(self, day: date, paths: set[str], sync: bool) -> _Plan:
        """The sync of `paths`, and the people whose sheets it can touch."""
        before = self._before(paths, day)
        plan = self._synced(paths, sync)
        plan.people, _ = self._after(plan.report, before, day)
        return plan

    def _before(self, paths: set[str], day: date, rivals: _Rivals | None = None) -> set[str]:
        """The people whose sheets these notes touch as the index has them now."""
        if not paths:
            return set()
        if rivals is not None and (rivals.day, rivals.version) != (day, self._version()):
            rivals = None
        return self._people_in(paths, day) | self._sharing_days(paths, day, rivals)[0]

    def _synced(self, paths: set[str], sync: bool) -> _Plan:
        others = self.index.others_version()
        report = self.index.sync(paths=paths) if sync else SyncReport(contacts=frozenset())
        alone = self._alone(others)
        touched = report.contacts if alone else None
        return _Plan(report, set(), touched, alone)

    def _after(
        self, report: SyncReport, before: set[str], day: date
    ) -> tuple[set[str] | None, _Rivals | None]:
        """The people whose sheets a sync touched: those of `before` and of
        the notes it changed, as the index has them now. A report of
        "everyone" (a contact renamed, moved out or removed; a group's
        note) can change whom a meeting is with: None, every sheet again.
        And the rivals read, for the next save."""
        if report.contacts is None:
            return None, None
        changed = report.changed_paths
        sharing, rivals = self._sharing_days(changed, day)
        return before | self._people_in(changed, day) | sharing, rivals

    def _everything(self, day: date, sync: bool, current: bool) -> _Plan:
        """A look at the whole vault: every sheet, unless they are known
        current (see the class's docstring)."""
        settings = self._settings(day)
        others = self.index.others_version()
        report = SyncReport(contacts=frozenset())
        names = sheetstamp.file_names(self.index)  # before the walk the link judge may reuse
        if sync and self._chain_holds(settings, others, current):
            plan, walked = self._as_saves(day, settings, names)
            if plan is not None:
                return plan
            if walked is not None:  # the whole vault is synced already
                report, sync = walked, False
        report = self.index.sync() if sync else report
        self._alone(others)
        made = self._made_from(settings, names)
        stamp = self._stamp
        known = (
            stamp is not None
            and not self._saved_since
            and (stamp.settings, stamp.index) == (made.settings, made.index)
            and stamp.on_disk(self.vault)
        )
        people: set[str] | None = set() if known else None  # None: every sheet
        if known and self._digest_known(made):
            files: list[tuple[str, str]] = []
            if self._digests is not None:  # what it holds may be of another index: warm() reads it
                self._digests.reconcile()
            self._cold = True
        elif known:
            files = self._files(day, set(), self._digest(day, True, None))
        else:
            # Every sheet first, written as built, then the digest: the model
            # reads the facts it keeps into the memory the sheets let go.
            plan = _Plan(report, None, None, True, made=made, settings=settings)
            plan.sheets = self._sheet_files(day, None)
            plan.later = functools.partial(self._digest_after_sheets, plan, day)
            return plan
        if self._settings(day) != settings:  # a template saved meanwhile: no stamp
            return _Plan(report, people, None, True, files)
        return _Plan(report, people, None, True, files, made, known, settings)

    def _digest_after_sheets(self, plan: _Plan, day: date) -> list[tuple[str, str]]:
        """The digest, once every sheet is written; no stamp when a template
        was saved while they were built."""
        files = self._files(day, set(), self._digest(day, True, None))
        if self._settings(day) != plan.settings:
            plan.made, plan.settings = None, ""
        return files

    def _made_from(self, settings: str, names: str) -> sheetstamp.SheetsStamp:
        """What the files are about to be made from: the vault beyond the
        notes as `names` (sheetstamp.file_names) found it before the sync's
        walk, so that what changes after is seen next time."""
        vault = sheetstamp.vault_part(self.index, names)
        return sheetstamp.SheetsStamp(settings, sheetstamp.index_part(self.index), vault=vault)

    def _digest_known(self, made: sheetstamp.SheetsStamp) -> bool:
        """The digest on disk is the one these inputs make (the sheets' are known to be)."""
        stamp = self._stamp
        return stamp is not None and stamp.digest_on_disk(self.vault, self._digest_file, made.vault)

    def warm(self, day: date) -> None:
        """Have the digest model read the index, if a look at everything left
        it empty (the digest on disk was known current): else the first save
        would wait for it."""
        if self._cold:
            self._cold = False
            self.digests.digest(day)

    def _chain_holds(self, settings: str, others: int, current: bool) -> bool:
        stamp = self._stamp
        return (
            current
            and stamp is not None
            and stamp.settings == settings
            and others == self._others
            and stamp.on_disk(self.vault)
        )

    def _as_saves(
        self, day: date, settings: str, names: str
    ) -> tuple[_Plan | None, SyncReport | None]:
        """The notes a walk finds changed, refreshed as a save of them, and
        what the syncs did. No plan when there are many (nothing synced
        then), when a second walk finds more changed, or when another
        process wrote the index meanwhile (the whole vault synced). `names`:
        sheetstamp.file_names, taken before this walk."""
        changed, walk = self._changed_notes()
        if changed is None:
            return None, None
        plan = self._changes(day, changed, sync=True)
        plan.settings = settings
        check = self.index.sync(walk=walk)  # (None: walked again after their sync)
        walked = _both(plan.report, check)
        if not plan.alone or check.changed_paths or check.contacts != frozenset():
            return None, walked
        made = self._made_from(settings, names)
        if self.index.others_version() != self._others:
            return None, walked
        if changed or not self._digest_known(made):
            # The digest as after those saves, its link judge walking the
            # attachments again (no save reports those: git may have added some).
            self.digests.forget_links()
            digest = self._digest(day, False, plan.touched)
            plan.files = self._files(day, plan.people, digest)
        if self._settings(day) == settings:  # else a template saved meanwhile: no stamp
            plan.made = made
        else:
            plan.settings = ""
        return plan, plan.report

    def _changed_notes(self) -> tuple[set[str] | None, Walk | None]:
        """The notes a walk finds with another path, size or mtime than the
        index's (a hint: the sync then hashes them; None when there are
        many), and the walk if it found none. Else the sync after theirs
        walks again, and this walk is let go before that one (~1.5 MB at
        10,000 contacts)."""
        walk = self.vault.scan()
        changed = changed_notes(self.index.conn.execute(IN_PATH_ORDER), walk, FEW_CHANGED)
        return changed, (walk if changed == set() else None)

    def _files(
        self, day: date, people: set[str] | None, digest: Digest | None = None
    ) -> list[tuple[str, str]]:
        """(vault-relative path, text) of the digest (when given) and of the
        sheets of `people` (None: every one), digest first."""
        files = []
        if digest is not None:
            files.append((self._digest_file, self.renderer.render("digest.md.j2", digest)))
        if people is None or people:
            files.extend(self._sheet_files(day, people))
        return files

    def _sheet_files(self, day: date, people: set[str] | None) -> Iterator[tuple[str, str]]:
        """The sheets of the meetings with `people` (None: every one) from
        `day` on, built one at a time as asked."""
        from .prep import PrepBuilder  # (a start that finds every sheet current builds none)

        builder = PrepBuilder(self.index, self.config, day, self.vault.note_text)
        for sheet in builder.upcoming(people):
            yield builder.sheet_path(sheet), self.renderer.render("prep.md.j2", sheet)

    def _made(self, plan: _Plan, removed: list[str], current: bool) -> None:
        """Every file written: what the stamp knows of the sheets now. Every
        sheet built, or proved current, makes them current; a save's sheets
        keep them so only if they were before, this keeper alone wrote the
        index, and the settings and templates did not move meanwhile."""
        every = plan.people is None
        if every:
            self._stamp = plan.made or sheetstamp.SheetsStamp(plan.settings, "")
            self._stamp.sheets, self._stamp.digest = {}, ""
        stamp = self._stamp
        if stamp is None or not (every or plan.known or (current and plan.alone)):
            return
        if not (every or plan.known) and plan.settings != stamp.settings:
            return
        for path, hashed in plan.hashes.items():
            if path == self._digest_file:
                stamp.digest = hashed
            else:
                stamp.sheets[path] = hashed
        for path in removed:
            stamp.sheets.pop(path, None)
        self._current = True
        self._saved_since = plan.made is None
        if plan.made is not None:  # a look at everything: kept for the next start
            stamp.settings, stamp.index = plan.made.settings, plan.made.index
            stamp.vault = plan.made.vault
            self._keep(stamp)

    def _keep(self, stamp: sheetstamp.SheetsStamp) -> None:
        """Save the stamp for the next start, unless the file holds it already."""
        if stamp != self._kept:
            sheetstamp.save(self._stamp_file, stamp)
            self._kept = stamp.copy()

    def close(self) -> None:
        """Keep the stamp for the next start, when the sheets are current."""
        stamp = self._stamp
        if not self._current or stamp is None or not stamp.index:
            return
        try:
            state = sheetstamp.index_part(self.index)
            vault = sheetstamp.vault_part(self.index)
            alone = self.index.others_version() == self._others
        except DatabaseFailure:  # stopping anyway: the next start builds every sheet
            return
        if alone:
            # The digest was made with the link judge of the last look at
            # everything: it is known only if the vault beyond the notes is
            # as that look found it.
            digest = stamp.digest if vault == stamp.vault else ""
            self._keep(sheetstamp.SheetsStamp(stamp.settings, state, stamp.sheets, vault, digest))

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
        self._cold = False
        if everything or touched is None:  # (None: the sync cannot say whose facts moved)
            self.digests.reconcile()
            return self.digests.digest(day)
        return self.digests.update(set(touched), day)

    def _sharing_days(
        self, paths: Iterable[str], day: date, rivals: _Rivals | None = None
    ) -> tuple[set[str], _Rivals | None]:
        """The people of the sheets that share a file name on a day these
        notes date from `day` on: which of them gets the plain name depends on
        the others (sheetnames), so a meeting or plan added or removed there
        moves the sheets of people the save never named. And the rivals
        read (None: none needed), to be taken again while the index stays."""
        days = self.index.days_noted_in(paths, day)
        if not days:
            return set(), rivals
        if rivals is None:
            from .groups import GroupNotes

            notes = GroupNotes(self.index)  # a group's scheduled meeting is a rival too
            names = SheetNames(self.index, self.config.output_dir, notes)
            noted = {group.path: group for group in notes.groups if group.path}
            rivals = _Rivals(day, self._version(), names, noted)
        people: set[str] = set()
        for when in days:
            for source in rivals.names.shared(when):
                if self.index.contact(source) is not None:
                    people.add(source)
                elif source in rivals.noted:  # its sheet is rebuilt for its members
                    people.update(self._members(rivals, rivals.noted[source]))
                elif source:
                    people.update(self.index.linked_contacts(source))
        return people, rivals

    def _members(self, rivals: _Rivals, group: Group) -> list[str]:
        if rivals.groups is None:
            from .groups import Groups

            rivals.groups = Groups(self.index, rivals.day)
        return rivals.groups.members(group)

    def _version(self) -> int:
        return self.index.others_version()

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
        if self.index.any_group_note(paths):
            from .groups import Groups

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

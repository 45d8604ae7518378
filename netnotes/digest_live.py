"""The watcher's digest: the facts it is built from kept in memory, so that a
save reads again only what belongs to the contacts it touched.

`LiveDigest(index, config, scope, horizon)`: `digest(today)` builds it (reading
every contact's facts the first time, on a new day, or after `reconcile()`);
`update(touched, today)` reads again the facts of the `touched` contacts
(their own notes' and those that name them: outputs.Keeper._people_in), and
what only the whole vault says (groups, problems), then assembles the digest:
the same `Digest` as `build_digest` gives for the index as it now is.

Between saves it also keeps the link judge (Index.link_judge): the
attachments and skipped folders (templates) it walks to tell harmless links
from broken ones. No save the watcher reports changes them (it reports notes
only: Vault.is_note_path); a folder moved, or a look at everything that finds
the vault beyond the notes changed (sheetstamp.vault_part), reaches
`reconcile()`, `digest()` or `forget_links()` (the end of a git merge after
saves), which walk again, as does `update(None, …)`. A look that finds
nothing changed keeps the judge it has.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .config import Config
from .digest import WHOLE_NETWORK, assemble, cycles_unchecked, reads_tasks
from .digest_facts import MOST_PATHS, DigestFacts, read_facts
from .digest_members import Members, fill_members, marked_paths
from .digest_model import Digest
from .digest_scope import Scope

if TYPE_CHECKING:
    from .index import Index
    from .linkcheck import LinkJudge


class LiveDigest:
    """One digest kept current as notes change (see the module's docstring)."""

    def __init__(
        self,
        index: Index,
        config: Config,
        scope: Scope = WHOLE_NETWORK,
        horizon: int | None = None,
        whole: bool = True,
    ) -> None:
        self.index = index
        self.whole = whole  # False: only the rows the markdown shows (digest.first_rows_suffice)
        self.config = config
        self.scope = scope
        self.horizon = config.digest_horizon_days if horizon is None else horizon
        self._tasks = reads_tasks(config, scope, whole)  # whether the facts hold open tasks
        self._facts: DigestFacts | None = None
        self._judge: LinkJudge | None = None  # kept between saves (see the module's docstring)
        self._scope = scope  # with its group's members found (fill_members)
        self._members: Members | None = None  # those made, kept between saves

    def digest(self, today: date) -> Digest:
        """The digest as of `today`, from the facts known (read whole when
        there are none yet, or they are of another day)."""
        self._judge = None
        self._members = None
        with cycles_unchecked(), self._filled(today):
            return self._assemble(self._known(today))

    def update(self, touched: set[str] | None, today: date) -> Digest:
        """The digest after notes changed: the facts of the `touched` contacts
        (paths; a removed contact included) read again, the others kept.
        `touched` None: anything may have changed, as after `reconcile()`."""
        if touched is None:
            self.reconcile()
            return self.digest(today)
        facts = self._facts
        with cycles_unchecked(), self._filled(today, touched):
            if facts is None or facts.today != today or len(touched) > MOST_PATHS:
                self._judge = None
                self._members = None
                return self._assemble(self._read(today))
            if touched:
                fresh = read_facts(self.index, today, facts.end, touched, self._tasks)
                facts.replace(touched, fresh)
            return self._assemble(facts)

    def reconcile(self) -> None:
        """Forget every fact: the next digest reads the whole index again."""
        self._facts = None
        self._judge = None
        self._members = None

    def forget_links(self) -> None:
        """Walk the attachments again for the next digest (a git merge may have added some)."""
        self._judge = None

    @contextmanager
    def _filled(self, today: date, touched: Iterable[str] = ()) -> Iterator[None]:
        """The table member as the index now is, read within the block
        (read_facts and assemble; digest_members.fill_members), and the
        Members made of it forgotten where it changed: the contacts a sync
        marked, and those it `touched`."""
        changed = marked_paths(self.index) | set(touched)
        with fill_members(self.index, self.config, today, self.scope) as self._scope:
            if self._members is not None:
                self._members.forget(changed)
            yield

    def _known(self, today: date) -> DigestFacts:
        if self._facts is None or self._facts.today != today:
            return self._read(today)
        return self._facts

    def _read(self, today: date) -> DigestFacts:
        end = today + timedelta(days=self.horizon)
        self._facts = read_facts(self.index, today, end, tasks=self._tasks)
        return self._facts

    def _assemble(self, facts: DigestFacts) -> Digest:
        if self._judge is None:
            self._judge = self.index.link_judge()
        judge = self._judge
        if self._members is None:
            self._members = Members(self.index.conn)
        scope, members = self._scope, self._members
        return assemble(
            self.index, self.config, facts, scope, self.horizon, self.whole, judge, members
        )

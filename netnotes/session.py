"""An open vault: where it is, its settings, how the parser reads it, its
index, its templates and its write lock. The CLI opens one per command, the
watcher keeps one open, tests and benchmarks open their own.

A session never reads the clock (callers pass `today` to what they build on
it) and finds things lazily: `init` and `completion` open none, `list` never
loads templates. The environment it reads ($XDG_CACHE_HOME for the index,
$NETNOTES_PUBLISH) is the one it is given, by default the process's.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .config import (
    CONFIG_DIR,
    CONFIG_FILE,
    OBSIDIAN_SETTINGS,
    Config,
    default_index_path,
    find_vault,
    index_path,
    load_config,
    parse_context,
)
from .cycles import cycles_unchecked
from .vault import Vault, write_lock

if TYPE_CHECKING:
    from .index import Index, SyncReport
    from .models import ParseContext
    from .render import Renderer
    from .walkcheck import WalkCheck

# The commands that read the index beside the vault's no-change walk
# (Session.read): the walk starts before their modules and the index are
# imported (Session.look_ahead; from the console script, before click too:
# launch.py). A search, only once its full-text index is filled: until then
# it syncs first (the meta key it needs, fulltext.FILLED).
READ_BESIDE_THE_WALK: dict[str, str | None] = {
    "list": None,
    "show": None,
    "check": None,
    "digest": None,
    "prep": None,
    "search": "fulltext",
}
Progress = Callable[[int, int], None]
T = TypeVar("T")
SettingsStamp = tuple[tuple[int, int, int] | None, ...]


class Session:
    """One vault opened: `vault` and `index` as the user named them (None: found
    from $NETNOTES_VAULT or the folder, and the default index path)."""

    def __init__(
        self,
        vault: str | Path | None = None,
        index: str | Path | None = None,
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        config: Config | None = None,
        progress: Callable[[], Progress | None] = lambda: None,
    ) -> None:
        self.vault_option = None if vault is None else str(vault)
        self.index_option = None if index is None else str(index)
        self.env: Mapping[str, str] = os.environ if env is None else env
        self.cwd = cwd
        self.progress = progress  # a fresh progress callback (or None) per sync
        self._index: Index | None = None
        self._ahead: WalkCheck | None = None  # a walk started before the index was opened
        self._looked_ahead: tuple[str | None] | None = None  # look_ahead(needs) tried to start one
        if config is not None:  # settings given, not read from the vault
            self.__dict__["config"] = config

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @cached_property
    def root(self) -> Path:
        return find_vault(self.vault_option, self.env, self.cwd or Path.cwd())

    @cached_property
    def config(self) -> Config:
        return load_config(self.root)

    @cached_property
    def context(self) -> ParseContext:
        """What the parser needs to know of the settings."""
        return parse_context(self.config)

    @cached_property
    def vault(self) -> Vault:
        return Vault(self.root, self.config, publish=publishing(self.root, self.env))

    @property
    def index_path(self) -> Path:
        return index_path(self.root, self.config, self.index_option, self.env)

    def index(self, sync: bool = True, full: bool = False) -> tuple[Index, SyncReport | None]:
        """The index, brought up to date with the vault unless `sync` is False."""
        if self._index is None:
            from .index import Index

            built_for = fingerprint_for(self.root, self.config)
            self._index = Index(self.index_path, self.vault, self.context, built_for)
        if sync:
            self._drop_ahead()  # the sync walks itself
        report = self._index.sync(full=full, progress=self.progress()) if sync else None
        return self._index, report

    def look_ahead(self, needs: str | None = None) -> None:
        """Start the no-change walk of the next read() now, before the index
        and the command's own modules are imported, so that it runs beside
        them too (walkcheck.WalkCheck.ahead; `needs`: a meta key the index
        must hold, else no walk is started). Quietly nothing where the vault
        or its settings cannot be opened: the command says so when it asks."""
        from .errors import NetnotesError
        from .walkcheck import WalkCheck

        self._drop_ahead()
        self._looked_ahead = (needs,)
        try:
            self._ahead = WalkCheck.ahead(self.vault, self.index_path, needs)
        except (NetnotesError, OSError):
            pass

    def looked_ahead_as(self, vault: str | None, index: str | None, needs: str | None) -> bool:
        """Whether this session was opened for these options and its walk
        started ahead for a command that `needs` this meta key."""
        opened_as = (self.vault_option, self.index_option)
        return self._looked_ahead == (needs,) and opened_as == (vault, index)

    def read(self, work: Callable[[Index], T]) -> T:
        """work(index) on the index as index() brings it up to date. Where it
        can (walkcheck), the vault's no-change check runs in a child process
        while `work` reads; when the vault had changed, the index is synced
        and `work` runs again. So `work` only reads: no printing, no writing."""
        index, _ = self.index(sync=False)
        from .walkcheck import WalkCheck

        check = (
            self._taken_ahead(index) if self._looked_ahead is not None else WalkCheck.start(index)
        )
        if check is None:
            self.index()
            return _unchecked(work, index)
        with check:
            try:
                result = _unchecked(work, index)
            except Exception:  # an index behind the vault may fail to answer
                if check.unchanged():
                    raise
            else:
                if check.unchanged():
                    return result
        self.index()
        return _unchecked(work, index)

    def _taken_ahead(self, index: Index) -> WalkCheck | None:
        """The walk look_ahead() started, if it answers for `index` as
        opened; else one started now. None where look_ahead() could start
        none (no process to spare, a small vault): not tried twice."""
        from .walkcheck import WalkCheck

        check, self._ahead, self._looked_ahead = self._ahead, None, None
        if check is None or check.taken_by(index):
            return check
        return WalkCheck.start(index)

    def _drop_ahead(self) -> None:
        if self._ahead is not None:
            self._ahead.cancel()
            self._ahead = None

    @cached_property
    def renderer(self) -> Renderer:
        from .render import Renderer  # jinja2 only for the commands that render

        return Renderer(self.root, default_index_path(self.root, self.env).parent / "templates")

    def write_lock(self) -> AbstractContextManager[None]:
        """The lock every writer of generated files and notes takes (see
        vault.write_lock): beside the index, which netnotes can write."""
        return write_lock(self.index_path.parent / "write.lock")

    def settings_stamp(self) -> SettingsStamp:
        """What the settings files look like on disk, to notice when one changes."""
        return tuple(_stat_stamp(self.root / relative) for relative in _settings_files())

    def reload(self) -> None:
        """Read the settings again (the watcher, after config.toml changed);
        the old ones stay in force when the new ones are bad."""
        config = load_config(self.root)
        self.close()
        self._index = None
        for name in ("vault", "renderer", "context"):
            self.__dict__.pop(name, None)
        self.__dict__["config"] = config

    def close(self) -> None:
        self._drop_ahead()
        if self._index is not None:
            self._index.close()


def _unchecked(work: Callable[[Index], T], index: Index) -> T:
    """work(index) with Python's cycle collector paused (cycles.py): a read
    makes thousands of rows (`list`'s 10,000, a digest's) and no cycles."""
    with cycles_unchecked():
        return work(index)


def fingerprint_for(root: Path, config: Config) -> str:
    """The settings an index is built for: opened with others, it is rebuilt."""
    import json  # not before a command's walk starts (look_ahead)

    return json.dumps(
        [
            str(root),
            config.people_dir,
            config.output_dir,
            config.templates_folder,
            config.daily_folder,
            config.daily_format,
        ]
    )


def _settings_files() -> Iterator[str]:
    yield f"{CONFIG_DIR}/{CONFIG_FILE}"
    yield from OBSIDIAN_SETTINGS


def _stat_stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def publishing(root: Path, env: Mapping[str, str]) -> bool:
    """The machine's own opt-in to commit generated files (README: Syncing with
    git): $NETNOTES_PUBLISH, or the vault listed in the user's config folder."""
    if env.get("NETNOTES_PUBLISH", "").strip().lower() in ("1", "yes", "true", "on"):
        return True
    config_home = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    try:
        listed = (Path(config_home) / "netnotes" / "publish").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    folders = (line.strip() for line in listed.splitlines())
    return any(f and not f.startswith("#") and _same_folder(f, root) for f in folders)


def _same_folder(listed: str, root: Path) -> bool:
    try:
        return Path(listed).expanduser().resolve() == root.resolve()
    except (OSError, RuntimeError):
        return False

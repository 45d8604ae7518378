"""Making a vault, or adopting an existing one (`netnotes init`): the config
with every key, the config folder's .gitignore, the contacts and meetings
folders, and the output folder in the vault's .gitignore. Nothing that
exists is ever overwritten."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .config import CONFIG_DIR, CONFIG_FILE, Config, config_toml, contacts_folder_in, load_config
from .errors import NetnotesError

CONFIG_GITIGNORE = (
    "# netnotes keeps its index outside the vault; this catches strays.\n"
    "*.sqlite3*\n*.lock\n.netnotes-*.tmp\n"
)


@dataclass
class InitReport:
    """What `init` did, for the CLI to say."""

    root: Path
    config: Config
    had_config: bool  # .netnotes/config.toml was there already
    found: str | None  # the contacts folder found in the vault, when no config named one
    adopted: bool  # an Obsidian vault
    ignored: str | None  # what add_output_to_gitignore did ("created", "added") or None
    created: list[Path] = field(default_factory=list)
    symlinks: list[Path] = field(default_factory=list)  # left alone, nothing written through


def init_vault(root: Path) -> InitReport:
    """Make or adopt the vault at `root`; NetnotesError when it cannot."""
    from .gitsync import add_output_to_gitignore  # subprocess: only for init

    created: list[Path] = []
    symlinks: list[Path] = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        config_dir = _config_dir(root)
        config_path = config_dir / CONFIG_FILE
        had_config = os.path.lexists(config_path)
        found = None if had_config else contacts_folder_in(root)
        overrides = {"people_dir": found} if found else {}
        for path, text in (
            (config_path, config_toml(overrides)),
            (config_dir / ".gitignore", CONFIG_GITIGNORE),
        ):
            if _create_new(path, text):
                created.append(path)
            elif path.is_symlink():
                symlinks.append(path)
        config = load_config(root)
        created += _make_folders(root, (config.people_dir, config.meetings_dir))
        ignored = add_output_to_gitignore(root, config.output_dir)
    except OSError as err:
        raise NetnotesError(f"cannot set up a vault in {root}: {err.strerror}") from None
    adopted = (root / ".obsidian").is_dir()
    return InitReport(root, config, had_config, found, adopted, ignored, created, symlinks)


def _config_dir(root: Path) -> Path:
    config_dir = root / CONFIG_DIR
    config_dir.mkdir(exist_ok=True)
    real = os.path.realpath(root)
    if not os.path.realpath(config_dir).startswith(real.rstrip(os.sep) + os.sep):
        raise NetnotesError(f"{config_dir} leads outside the vault; nothing written")
    return config_dir


def _make_folders(root: Path, folders: tuple[str, ...]) -> list[Path]:
    made = []
    for folder in folders:
        path = root / folder
        if not path.exists():
            path.mkdir(parents=True)
            made.append(path)
    return made


def _create_new(path: Path, text: str) -> bool:
    """Write a new file, never through a symlink (a dangling one could lead
    out of the vault) nor over anything there; False when something is."""
    try:
        with open(path, "x", encoding="utf-8") as handle:  # O_EXCL: no file, no link
            handle.write(text)
    except FileExistsError:
        return False
    return True

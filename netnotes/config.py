"""Where the vault is, what `.netnotes/config.toml` says, and what Obsidian's own
settings in `.obsidian/` tell us (templates folder, daily-note names).

`Config` is an immutable value (values.immutable_unhashed: one is made), and
`Setting` a named tuple (a tenth of a dataclass's cost to make): every
command makes both classes before its walk forks."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .dates import MAX_HORIZON_DAYS, parse_cadence
from .errors import ConfigError, VaultNotFoundError
from .values import immutable_unhashed

if TYPE_CHECKING:
    from .models import ParseContext

CONFIG_DIR = ".netnotes"
CONFIG_FILE = "config.toml"


class InvalidSetting(ValueError):
    """A value a setting refuses; the message names the key (the file is added later)."""


Check = Callable[[str, Any], Any]  # (key, value of the setting's type) -> the value to use


def plain_text(key: str, value: str) -> str:
    """No control characters: a NUL or a pasted terminal colour is a mistake."""
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        raise InvalidSetting(f"'{key}' holds a control character: {value!r}")
    return value


def cadence(key: str, value: str) -> str:
    plain_text(key, value)
    try:
        parse_cadence(value)
    except ValueError as err:
        raise InvalidSetting(f"'{key}': {err}") from None
    return value


def folder_in_vault(key: str, value: str) -> str:
    plain_text(key, value)
    if Path(value).is_absolute() or ".." in Path(value).parts:
        raise InvalidSetting(f"'{key}' must be a folder inside the vault")
    return value.strip().strip("/")


def output_folder(key: str, value: str) -> str:
    folder = folder_in_vault(key, value)
    if folder in ("", "."):
        # Generated files in the vault's root would be read back as notes.
        raise InvalidSetting(f"'{key}' must name a folder, such as \"NetNotes\"")
    return folder


def whole_number(key: str, value: int) -> int:
    if value < 0:
        raise InvalidSetting(f"'{key}' must be a whole number, not {value!r}")
    return value


def days_up_to(limit: int) -> Check:
    def check(key: str, value: int) -> int:
        whole_number(key, value)
        if value > limit:
            raise InvalidSetting(f"'{key}' must be at most {limit} days")
        return value

    return check


class Setting(NamedTuple):
    """One config key, declared once: `Config`'s defaults, the checks, the docs
    and `init`'s config.toml all come from this list."""

    key: str  # dotted: "digest.horizon_days"
    type: type[str] | type[int]
    default: str | int
    check: Check
    help: str


SETTINGS = (
    Setting("people_dir", str, "People", folder_in_vault, "where `netnotes new` puts contacts"),
    Setting(
        "meetings_dir",
        str,
        "Meetings",
        folder_in_vault,
        "where `netnotes log` puts notes of meetings with several people",
    ),
    Setting(
        "output_dir",
        str,
        "NetNotes",
        output_folder,
        "the digest and prep sheets are written here (never indexed)",
    ),
    Setting(
        "templates_dir",
        str,
        "",
        folder_in_vault,
        'note templates to skip; empty = ask .obsidian/, else "Templates"',
    ),
    Setting(
        "index_path",
        str,
        "",
        plain_text,
        "the index file; empty = the user's cache folder, outside the vault",
    ),
    Setting(
        "default_cadence", str, "90d", cadence, "how often to be in touch when nothing else says"
    ),
    Setting(
        "cadence.above", str, "60d", cadence, "default cadence for people above you on the ladder"
    ),
    Setting("cadence.peer", str, "90d", cadence, "default cadence for peers"),
    Setting(
        "cadence.below", str, "120d", cadence, "default cadence for people below you on the ladder"
    ),
    Setting("meet_every.above", str, "6m", cadence, "how often to meet people above you in person"),
    Setting("meet_every.peer", str, "6m", cadence, "how often to meet peers in person"),
    Setting("meet_every.below", str, "1y", cadence, "how often to meet people below you in person"),
    Setting(
        "meet_every.unplaced",
        str,
        "none",
        cadence,
        "how often to meet contacts without a rung in person",
    ),
    Setting(
        "digest.horizon_days",
        int,
        14,
        days_up_to(MAX_HORIZON_DAYS),
        'how far ahead "coming up" and birthdays look',
    ),
    Setting(
        "digest.max_rows",
        int,
        20,
        whole_number,
        "rows per section of Digest.md before it says how many more",
    ),
    Setting("digest.picks", int, 3, whole_number, "how many people this week's picks suggest"),
    Setting("prep.recent", int, 3, whole_number, "how many past conversations a prep sheet shows"),
    Setting(
        "prep.keep_days",
        int,
        14,
        whole_number,
        "prep sheets of meetings longer ago than this are removed",
    ),
)


def _attr(key: str) -> str:
    return key.replace(".", "_")


_DEFAULTS: dict[str, Any] = {_attr(setting.key): setting.default for setting in SETTINGS}


@immutable_unhashed
class Config:
    """The settings in force; each default is its Setting's (a test holds the
    fields and SETTINGS together)."""

    people_dir: str = _DEFAULTS["people_dir"]
    meetings_dir: str = _DEFAULTS["meetings_dir"]
    output_dir: str = _DEFAULTS["output_dir"]
    templates_dir: str = _DEFAULTS["templates_dir"]
    index_path: str = _DEFAULTS["index_path"]
    default_cadence: str = _DEFAULTS["default_cadence"]
    cadence_above: str = _DEFAULTS["cadence_above"]
    cadence_peer: str = _DEFAULTS["cadence_peer"]
    cadence_below: str = _DEFAULTS["cadence_below"]
    meet_every_above: str = _DEFAULTS["meet_every_above"]
    meet_every_peer: str = _DEFAULTS["meet_every_peer"]
    meet_every_below: str = _DEFAULTS["meet_every_below"]
    meet_every_unplaced: str = _DEFAULTS["meet_every_unplaced"]
    digest_horizon_days: int = _DEFAULTS["digest_horizon_days"]
    digest_max_rows: int = _DEFAULTS["digest_max_rows"]
    digest_picks: int = _DEFAULTS["digest_picks"]
    prep_recent: int = _DEFAULTS["prep_recent"]
    prep_keep_days: int = _DEFAULTS["prep_keep_days"]
    # From Obsidian's settings, not from config.toml:
    templates_folder: str = "Templates"
    daily_folder: str = ""
    daily_format: str = "YYYY-MM-DD"

    def cadence_for(self, ladder: str | None) -> str:
        return {
            "above": self.cadence_above,
            "peer": self.cadence_peer,
            "below": self.cadence_below,
        }.get(ladder or "", self.default_cadence)

    def meet_every_for(self, ladder: str | None) -> str:
        """How often to meet in person by rung (`[meet_every]`)."""
        return {
            "above": self.meet_every_above,
            "peer": self.meet_every_peer,
            "below": self.meet_every_below,
        }.get(ladder or "", self.meet_every_unplaced)


def parse_context(config: Config) -> ParseContext:
    """What the parser needs to know of the settings."""
    from .models import ParseContext  # not before a reading command's walk forks

    return ParseContext(config.people_dir, config.daily_folder, config.daily_format)


def find_vault(explicit: str | None, env: Mapping[str, str], cwd: Path) -> Path:
    """`--vault`, else $NETNOTES_VAULT, else the nearest folder up from cwd that
    holds `.netnotes/` or `.obsidian/`."""
    chosen = explicit or env.get("NETNOTES_VAULT")
    if chosen:
        root = Path(chosen).expanduser()
        if not root.is_dir():
            raise VaultNotFoundError(
                f"vault not found: {chosen} is not a folder (make one with `netnotes init {chosen}`)"
            )
        return _not_too_wide(root.resolve())
    for folder in (cwd, *cwd.parents):
        if (folder / CONFIG_DIR).is_dir() or (folder / ".obsidian").is_dir():
            return _not_too_wide(folder.resolve())
    raise VaultNotFoundError(
        "no vault here: no .netnotes/ or .obsidian/ folder in this folder or above it; "
        "run `netnotes init` to make one, or pass --vault PATH"
    )


def _not_too_wide(root: Path) -> Path:
    """A vault at the file system's root or the home folder itself would walk
    every file the user has: almost surely a mistake."""
    try:
        home = Path.home().resolve()
    except (RuntimeError, OSError):
        home = None
    if root == Path(root.anchor) or root == home:
        what = "the file system's root" if root == Path(root.anchor) else "your home folder"
        raise VaultNotFoundError(
            f"{root} is {what}, not a vault: point --vault (or $NETNOTES_VAULT) at the folder "
            "that holds your notes"
        )
    return root


def load_config(root: Path) -> Config:
    values: dict[str, object] = {}
    path = root / CONFIG_DIR / CONFIG_FILE
    if path.is_file():
        values.update(_read_toml(path))
    values.update(_obsidian_settings(root, str(values.get("templates_dir") or "")))
    config = Config(**values)  # type: ignore[arg-type]
    _check_folders(config)
    return config


def _check_folders(config: Config) -> None:
    """The output and templates folders are never read as notes: the people
    and meetings folders must lie outside them, or every contact is hidden."""
    shown = f"{CONFIG_DIR}/{CONFIG_FILE}"
    hidden = (("output_dir", config.output_dir), ("templates_dir", config.templates_folder))
    for key, folder in (("people_dir", config.people_dir), ("meetings_dir", config.meetings_dir)):
        for hider, skipped in hidden:
            if folder and skipped and (folder == skipped or folder.startswith(skipped + "/")):
                raise ConfigError(
                    f"{shown}: '{key}' ({folder}) lies in the {hider} folder ({skipped}), "
                    "which netnotes never reads as notes; give them separate folders"
                )


def _read_toml(path: Path) -> dict[str, object]:
    import tomllib  # only for a vault with a config.toml: every command starts faster

    shown = f"{CONFIG_DIR}/{CONFIG_FILE}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{shown}: not valid TOML: {err}") from None
    flat: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{sub}": inner for sub, inner in value.items()})
        else:
            flat[key] = value
    known = {setting.key: setting for setting in SETTINGS}
    values: dict[str, object] = {}
    for key, value in flat.items():
        setting = known.get(key)
        if setting is None:
            raise ConfigError(f"{shown}: unknown key '{key}' (known keys: {', '.join(known)})")
        try:
            values[_attr(key)] = _checked(setting, value)
        except InvalidSetting as err:
            raise ConfigError(f"{shown}: {err}") from None
    return values


_TYPE_WORDS = {int: "a whole number", str: "a string"}


def _checked(setting: Setting, value: object) -> object:
    """The value to use for `setting`, or InvalidSetting saying what is wrong."""
    if isinstance(value, bool) or not isinstance(value, setting.type):
        words = _TYPE_WORDS[setting.type]
        raise InvalidSetting(f"'{setting.key}' must be {words}, not {value!r}")
    return setting.check(setting.key, value)


OBSIDIAN_SETTINGS = (  # the files in .obsidian/ that netnotes reads settings from
    ".obsidian/templates.json",
    ".obsidian/plugins/templater-obsidian/data.json",
    ".obsidian/daily-notes.json",
)


def _obsidian_settings(root: Path, templates_dir: str) -> dict[str, str]:
    """The templates folder (Templates core plugin, then Templater) and the
    daily-note folder and moment.js format, from `.obsidian/`."""
    settings: dict[str, str] = {}
    obsidian = root / ".obsidian"
    templates = templates_dir
    if not templates:
        for relative, key in (
            ("templates.json", "folder"),
            ("plugins/templater-obsidian/data.json", "templates_folder"),
        ):
            templates = str(_json_value(obsidian / relative, key) or "")
            if templates:
                break
    settings["templates_folder"] = templates.strip("/") or "Templates"
    daily = obsidian / "daily-notes.json"
    settings["daily_folder"] = str(_json_value(daily, "folder") or "").strip("/")
    settings["daily_format"] = str(_json_value(daily, "format") or "YYYY-MM-DD")
    return settings


def _json_value(path: Path, key: str) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    import json  # for a vault that has the file: settings are read before a command's walk starts

    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data.get(key) if isinstance(data, dict) else None


def own_template(root: Path, *pieces: str) -> bool:
    """Whether the vault at `root` has its own template at `pieces` (a path
    under .netnotes/templates/), rendered in place of netnotes' own (as
    Jinja2's loader finds it: a folder that cannot be read holds none)."""
    return os.path.isfile(os.path.join(root, CONFIG_DIR, "templates", *pieces))


def default_index_path(root: Path, env: Mapping[str, str]) -> Path:
    cache = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    digest = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return Path(cache) / "netnotes" / digest[:16] / "index.sqlite3"


def index_path(root: Path, config: Config, explicit: str | None, env: Mapping[str, str]) -> Path:
    if explicit:
        path = _expanded(explicit, "--index").resolve()
        _outside_synced_vault(root, path, "--index")
        return path
    if config.index_path:
        chosen = _expanded(config.index_path, f"{CONFIG_DIR}/{CONFIG_FILE}: 'index_path'")
        path = chosen if chosen.is_absolute() else root / chosen
        _outside_synced_vault(root, path, f"{CONFIG_DIR}/{CONFIG_FILE}: 'index_path'")
        return path
    return default_index_path(root, env)


def _expanded(text: str, what: str) -> Path:
    """`~` and `~user` expanded; a user the system does not know is a usage error."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        raise ConfigError(f"{what}: {text}: no such user's home folder") from None


def _outside_synced_vault(root: Path, path: Path, what: str) -> None:
    """The vault syncs (git, Dropbox…): an index in it, but for `.netnotes/`
    (which `init` gitignores), would carry a database, or overwrite a note."""
    real, vault = os.path.realpath(path), os.path.realpath(root)
    inside = real.startswith(vault.rstrip(os.sep) + os.sep)
    own = real.startswith(os.path.join(vault, CONFIG_DIR) + os.sep)
    if inside and not own:
        raise ConfigError(
            f"{what}: {path} is inside the vault, which syncs; put the index outside it "
            f"or under {CONFIG_DIR}/"
        )


CONTACT_FOLDER_NAMES = ("people", "contacts", "persons", "crm")


def contacts_folder_in(root: Path) -> str | None:
    """The top-level folder an existing vault keeps its contacts in, when its
    name says so (`People/`, `people/`, `Contacts/`…), for `init` to adopt."""
    try:
        folders = {p.name.casefold(): p.name for p in root.iterdir() if p.is_dir()}
    except OSError:
        return None
    for name in CONTACT_FOLDER_NAMES:
        if name in folders:
            return folders[name]
    return None


def config_toml(overrides: dict[str, Any] | None = None) -> str:
    """A config.toml with every key present, at its default (or the value in
    `overrides`, keyed like the settings), and commented."""
    overrides = overrides or {}
    import json  # only `init` writes the file

    lines = [
        "# netnotes settings. Every key is optional; each is shown at its default unless noted.",
        "# This file syncs with your vault; the index lives outside it.",
        "",
    ]
    section = ""
    for setting in SETTINGS:
        head, _, name = setting.key.rpartition(".")
        if head != section:
            lines += ["", f"[{head}]"]
            section = head
        value = overrides.get(setting.key, setting.default)
        entry = f"{name} = {json.dumps(value, ensure_ascii=False)}"
        note = "" if value == setting.default else f" (default: {json.dumps(setting.default)})"
        lines.append(f"{entry:<28} # {setting.help}{note}")
    return "\n".join(lines) + "\n"

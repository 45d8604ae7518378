"""The command line. The only module that prints, exits, reads the clock or the
environment, or imports click: each command opens the vault, calls the core,
and renders what comes back."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__, privacy
from .config import (
    CONFIG_DIR,
    CONFIG_FILE,
    OBSIDIAN_SETTINGS,
    Config,
    config_toml,
    contacts_folder_in,
    default_index_path,
    find_vault,
    index_path,
    load_config,
)
from .dates import MAX_HORIZON_DAYS, parse_cli_date
from .errors import NetnotesError, UsageError
from .index import DatabaseFailure, Index, SyncReport
from .indexfile import index_error
from .models import ERROR, ParseContext, Problem
from .people import (
    LIST_SORTS,
    Standing,
    find_contact,
    find_indexed,
    sorted_standings,
    standing,
    standing_json,
    standings,
    status_text,
)
from .text import printable
from .vault import Vault, write_lock

if TYPE_CHECKING:
    from .outputs import Keeper
    from .render import Renderer

EPILOG_VAULT = "The vault is --vault, else $NETNOTES_VAULT, else the nearest folder up holding .netnotes/ or .obsidian/."


class App:
    """What every command shares: the vault, its config, and the index."""

    def __init__(self, vault: str | None, index: str | None) -> None:
        self.vault_option = vault
        self.index_option = index
        self._index: Index | None = None

    @cached_property
    def root(self) -> Path:
        return find_vault(self.vault_option, os.environ, Path.cwd())

    @cached_property
    def config(self) -> Config:
        return load_config(self.root)

    @cached_property
    def vault(self) -> Vault:
        return Vault(self.root, self.config, publish=_publishing(self.root))

    def index(self, sync: bool = True, full: bool = False) -> tuple[Index, SyncReport | None]:
        """The index, brought up to date with the vault unless `sync` is False."""
        if self._index is None:
            config = self.config
            context = ParseContext(config.people_dir, config.daily_folder, config.daily_format)
            fingerprint = json.dumps(
                [
                    str(self.root),
                    config.people_dir,
                    config.output_dir,
                    config.templates_folder,
                    config.daily_folder,
                    config.daily_format,
                ]
            )
            self._index = Index(self.index_path, self.vault, context, fingerprint)
        report = self._index.sync(full=full, progress=_progress()) if sync else None
        return self._index, report

    @cached_property
    def renderer(self) -> Renderer:
        from .render import Renderer  # jinja2 only for the commands that render

        return Renderer(self.root, default_index_path(self.root, os.environ).parent / "templates")

    @property
    def index_path(self) -> Path:
        return index_path(self.root, self.config, self.index_option, os.environ)

    def write_lock(self):
        """The lock every writer of generated files and notes takes (see
        vault.write_lock): beside the index, which netnotes can write."""
        return write_lock(self.index_path.parent / "write.lock")

    def reload(self) -> None:
        """Read the settings again (the watcher, after config.toml changed);
        the old ones stay in force when the new ones are bad."""
        config = load_config(self.root)
        self.close()
        self._index = None
        for name in ("vault", "renderer"):
            self.__dict__.pop(name, None)
        self.__dict__["config"] = config

    def close(self) -> None:
        if self._index is not None:
            self._index.close()


def _publishing(root: Path) -> bool:
    """The machine's own opt-in to commit generated files (README: Syncing with
    git): $NETNOTES_PUBLISH, or the vault listed in the user's config folder."""
    if os.environ.get("NETNOTES_PUBLISH", "").strip().lower() in ("1", "yes", "true", "on"):
        return True
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
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


def _settings_stamp(root: Path) -> tuple:
    """What the settings files look like on disk, to notice when one changes."""
    stamp: list[tuple[int, int, int] | None] = []
    for relative in (f"{CONFIG_DIR}/{CONFIG_FILE}", *OBSIDIAN_SETTINGS):
        try:
            info = (root / relative).stat()
        except OSError:
            stamp.append(None)
            continue
        stamp.append((info.st_ino, info.st_size, info.st_mtime_ns))
    return tuple(stamp)


def _progress() -> Callable[[int, int], None] | None:
    """A progress bar on stderr when it is a terminal and there is much to do."""
    if not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < 500:
            return
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label="indexing", file=sys.stderr)
            state["bar"].__enter__()
        state["bar"].update(1)
        if done == total:
            state["bar"].__exit__(None, None, None)

    return update


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_cli_date(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)


def date_option(func):
    return click.option(
        "--date",
        "today",
        type=DateType(),
        default=None,
        help="Take this day as today (default: the real date), so results are reproducible.",
    )(func)


def format_option(*choices: str):
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="json prints one JSON document on stdout.",
    )


def today_or(value: date | None) -> date:
    return value or date.today()


class NetnotesGroup(click.Group):
    """Turns NetnotesError into one line on stderr and its exit code."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args[:2] == ["import", "ics"]:  # a calendar: its own options, see import_ics
            return "import ics", import_ics, args[2:]
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NetnotesError as err:
            say(f"netnotes: {err.message}", err=True)
            ctx.exit(err.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)
        except DatabaseFailure as err:  # a query past sync(), which words its own
            app = ctx.find_object(App)
            where = app.index_path if app is not None else Path("index")
            say(f"netnotes: {index_error(where, err).message}", err=True)
            ctx.exit(1)
        finally:
            app = ctx.find_object(App)
            if app is not None:
                app.close()


@click.group(cls=NetnotesGroup, epilog=EPILOG_VAULT)
@click.option("--vault", "vault", metavar="PATH", help="The vault folder.")
@click.option(
    "--index", "index", metavar="PATH", help="The index file (default: in your cache folder)."
)
@click.version_option(__version__, prog_name="netnotes")
@click.pass_context
def main(ctx: click.Context, vault: str | None, index: str | None) -> None:
    """netnotes: a personal networking CRM made of plain text.

    One markdown note per person; netnotes tells you whom to get back to, what
    you promised, and what to ask about next time.

    \b
    Start:  netnotes init ~/Notes && cd ~/Notes && netnotes new "Jane Doe"
    Daily:  netnotes digest --stdout
    """
    ctx.obj = App(vault, index)


pass_app = click.make_pass_decorator(App)


def say(message: str, err: bool = False, nl: bool = True) -> None:
    """Every line meant for a person goes through here: whatever a note, a
    file name or an error quotes, it cannot restyle or rewrite the terminal."""
    click.echo(printable(message), err=err, nl=nl)


_JSON_CONTROL = re.compile("[\x7f-\x9f]")


def emit_json(value: Any) -> None:
    """One JSON document; C1 controls (and DEL) escaped like C0 ones, which a
    terminal would otherwise act on."""
    text = json.dumps(to_json(value), ensure_ascii=False, indent=2)
    click.echo(_JSON_CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text))


def to_json(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_json(asdict(value))
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def problem_line(problem: Problem) -> str:
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    return printable(f"{where}: {problem.severity}: {problem.problem}")


def table(rows: list[list[str]], headers: list[str]) -> str:
    text = "".join(cell for row in rows for cell in row)
    if printable(text) != text:  # rarely: most tables need no cell made printable
        rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(map(len, column)) for column in zip(headers, *rows)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
        for row in [headers, *rows]
    ]
    return "\n".join(lines)


def _short(text: str | None, width: int = 28) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def _iso(value: date | None) -> str:
    return value.isoformat() if value else "-"


def _complete_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of contact names (and aliases) from the index, quietly:
    a vault that cannot be opened completes nothing."""
    from click.shell_completion import CompletionItem

    root = ctx.find_root().params
    app = App(root.get("vault"), root.get("index"))
    try:
        index, _ = app.index()
        names = {n for c in index.contacts() for n in (c.name, *c.aliases)}
    except (NetnotesError, OSError):
        return []
    finally:
        app.close()
    folded = incomplete.casefold()
    return [CompletionItem(n) for n in sorted(names) if n.casefold().startswith(folded)]


# --- init ----------------------------------------------------------------


@main.command(short_help="Make a vault, or adopt an existing Obsidian vault.")
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False))
def init(directory: str) -> None:
    """Make a vault in DIRECTORY, or adopt an existing Obsidian vault.

    Creates .netnotes/config.toml (every key, commented), .netnotes/.gitignore,
    and the contacts and meetings folders. A vault that already keeps its
    contacts in a folder such as Contacts/ or people/ keeps it: the config
    names it as people_dir. It also adds the output folder to the vault's
    .gitignore (generated files differ per machine and day). Nothing that
    exists is ever overwritten; run it again on an older vault to catch up.

    \b
    Example:  netnotes init ~/Notes
    """
    from .gitsync import add_output_to_gitignore  # subprocess: only for init

    root = Path(directory).expanduser()
    created = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        config_dir = root / CONFIG_DIR
        config_dir.mkdir(exist_ok=True)
        real = os.path.realpath(root)
        if not os.path.realpath(config_dir).startswith(real.rstrip(os.sep) + os.sep):
            raise NetnotesError(f"{config_dir} leads outside the vault; nothing written")
        config_path = config_dir / CONFIG_FILE
        had_config = os.path.lexists(config_path)
        found = None if had_config else contacts_folder_in(root)
        overrides = {"people_dir": found} if found else {}
        for path, text in (
            (config_path, config_toml(overrides)),
            (
                config_dir / ".gitignore",
                "# netnotes keeps its index outside the vault; this catches strays.\n*.sqlite3*\n*.lock\n.netnotes-*.tmp\n",
            ),
        ):
            if _create_new(path, text):
                created.append(path)
        config = load_config(root)
        for folder in (config.people_dir, config.meetings_dir):
            path = root / folder
            if not path.exists():
                path.mkdir(parents=True)
                created.append(path)
        ignored = add_output_to_gitignore(root, config.output_dir)
    except OSError as err:
        raise NetnotesError(f"cannot set up a vault in {root}: {err.strerror}") from None
    adopted = (root / ".obsidian").is_dir()
    for path in created:
        say(f"created {path.relative_to(root)}{'/' if path.is_dir() else ''}", err=True)
    where = f"{CONFIG_DIR}/{CONFIG_FILE}"
    if had_config:
        how = f"as {where} says"
    elif found:
        how = "found in the vault"
    else:
        how = "the default"
    say(
        f"contacts: {config.people_dir}/ ({how}; to change it, set people_dir in {where})",
        err=True,
    )
    if ignored:
        what = "created .gitignore with" if ignored == "created" else "added to .gitignore:"
        say(f"{what} {config.output_dir}/ (generated files stay out of git)", err=True)
        created.append(root / ".gitignore")
    what = "adopted the Obsidian vault" if adopted else "vault ready"
    say(f"{what} at {root.resolve()}" + ("" if created else " (nothing to create)"))


def _create_new(path: Path, text: str) -> bool:
    """Write a new file, never through a symlink (a dangling one could lead
    out of the vault) nor over anything there; False when something is."""
    try:
        with open(path, "x", encoding="utf-8") as handle:  # O_EXCL: no file, no link
            handle.write(text)
    except FileExistsError:
        if path.is_symlink():
            say(
                f"netnotes: {path} is a symlink; left as it is, nothing written through it",
                err=True,
            )
        return False
    return True


# --- index and check -----------------------------------------------------


@main.command("index")
@click.option("--full", is_flag=True, help="Rebuild the index from nothing.")
@click.option("--strict", is_flag=True, help="Exit 1 when any note failed to parse.")
@pass_app
def index_command(app: App, full: bool, strict: bool) -> None:
    """Bring the index up to date and say what changed.

    Notes that fail to parse are listed as path:line: problem; the rest are
    indexed. The index is a cache outside the vault: deleting it loses nothing.

    \b
    Example:  netnotes index --full
    """
    index, report = app.index(full=full)
    assert report is not None
    say(
        f"{report.added} added, {report.changed} changed, {report.removed} removed, "
        f"{report.unchanged} unchanged, {len({p.path for p in report.failed})} failed"
    )
    for problem in report.failed:
        say(problem_line(problem))
    if strict and report.failed:
        sys.exit(1)


@main.command()
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@format_option("table", "json")
@pass_app
def check(app: App, strict: bool, output_format: str) -> None:
    """List everything in the vault that needs attention.

    Errors: notes that do not parse, git conflict markers, files that are not
    UTF-8. Warnings: links to no note, ambiguous links, likely duplicates
    (one person in two notes: a shared LinkedIn address, email or phone, or
    one name unless LinkedIn addresses or companies differ; `not_same_as:`
    silences them), sync-conflict copies, generated files tracked by git, old
    prep sheets kept because you edited them. Exit 1 when there is an error
    (or any warning, with --strict).

    \b
    Example:  netnotes check --format json
    """
    from .gitsync import tracked_outputs
    from .tidy import kept_sheets

    index, _ = app.index()
    problems = index.problems() + tracked_outputs(app.vault)
    problems += kept_sheets(app.vault, date.today(), app.config.prep_keep_days)
    problems.sort(key=lambda p: (p.path, p.line or 0, p.severity, p.problem))
    if output_format == "json":
        emit_json(
            [
                {
                    "path": p.path,
                    "line": p.line,
                    "severity": p.severity,
                    "problem": p.problem,
                    "detail": p.detail,
                }
                for p in problems
            ]
        )
    elif problems:
        for problem in problems:
            say(problem_line(problem))
    else:
        say("nothing needs attention", err=True)
    errors = any(p.severity == ERROR for p in problems)
    if errors or (strict and problems):
        sys.exit(1)


# --- list and show -------------------------------------------------------


def _iso_or_none(value: date | None) -> str | None:
    return value.isoformat() if value else None


@main.command("list", short_help="Everyone, with last touch, cadence and when they are due.")
@click.option("--tag", help="Only contacts with this tag.")
@click.option(
    "--ladder",
    type=click.Choice(["above", "peer", "below", "unplaced"]),
    help="Only this rung (unplaced: no ladder:, your address book among them).",
)
@click.option(
    "--group", help="Only members of this group (its note's name, or a name in `groups:`)."
)
@click.option(
    "--sort",
    "sort_by",
    type=click.Choice(LIST_SORTS),
    default="name",
    show_default=True,
    help="name; due (soonest first); last (longest since the last touch first); ladder.",
)
@click.option("--all", "show_all", is_flag=True, help="Include archived contacts.")
@date_option
@format_option("table", "json")
@pass_app
def list_command(
    app: App,
    tag: str | None,
    ladder: str | None,
    group: str | None,
    sort_by: str,
    show_all: bool,
    today: date | None,
    output_format: str,
) -> None:
    """One row per contact: ladder, company, last touch, last face-to-face,
    cadence, when they are next due, and their status (paused, snoozed until
    a date; archived contacts only with --all).

    \b
    Example:  netnotes list --ladder above --sort due --date 2026-11-26
    """
    index, _ = app.index()
    day = today_or(today)
    rows = standings(index, app.config, day)
    hinted = not rows and _hint_no_contacts(app, index)
    if not show_all:
        rows = [s for s in rows if s.contact.status != "archived"]
    if group:
        from .groups import Groups

        groups = Groups(index, day)
        members = set(groups.members(groups.find(group)))
        rows = [s for s in rows if s.contact.path in members]
    if tag:
        wanted = tag.lstrip("#").lower()
        rows = [
            s
            for s in rows
            if any(t == wanted or t.startswith(wanted + "/") for t in s.contact.tags)
        ]
    if ladder:
        rows = [s for s in rows if (s.contact.ladder or "unplaced") == ladder]
    rows = sorted_standings(rows, sort_by)
    if output_format == "json":
        emit_json([standing_json(s) for s in rows])
        return
    if not rows:
        if not hinted:
            say(
                "no contacts"
                + (
                    " match" if tag or ladder or group else " yet: add one with `netnotes new NAME`"
                ),
                err=True,
            )
        return
    say(
        table(
            [
                [
                    _short(s.contact.name),
                    s.contact.ladder or "-",
                    _short(s.contact.company, 24) or "-",
                    _iso(s.last_touch),
                    _iso(s.last_in_person),
                    str(s.cadence),
                    _iso(s.due),
                    status_text(s, day),
                ]
                for s in rows
            ],
            ["NAME", "LADDER", "COMPANY", "LAST TOUCH", "IN PERSON", "CADENCE", "DUE", "STATUS"],
        )
    )


@main.command(short_help="One person: where things stand, tasks, every conversation.")
@click.argument("name", shell_complete=_complete_names)
@date_option
@format_option("text", "json")
@pass_app
def show(app: App, name: str, today: date | None, output_format: str) -> None:
    """One contact's summary: who they are, where things stand, open tasks and
    every interaction. NAME is a name, alias or file name, in any case, with
    or without accents.

    \b
    Example:  netnotes show "jane doe"
    """
    index, _ = app.index()
    today = today_or(today)
    contact = find_indexed(index, name)
    s = standing(
        contact, index.last_touches(today).get(contact.path, (None, None)), app.config, today
    )
    touches = index.touches(contact.path, plans_after=today)
    tasks = [i for i in index.items(contact.path) if i.is_task and not i.done]
    planned = next((t.date for t in touches if t.date > today), None)
    if output_format == "json":
        emit_json(
            {
                **standing_json(s),
                "aliases": list(contact.aliases),
                "details": contact.details,
                "interactions": [
                    {
                        "date": t.date.isoformat(),
                        "kind": t.kind,
                        "in_person": t.in_person,
                        "title": t.title,
                        "path": t.path,
                        "line": t.line,
                        "planned": t.date > today,
                    }
                    for t in reversed(touches)
                ],
                "open_tasks": [
                    {
                        "text": i.text,
                        "due": _iso_or_none(i.due),
                        "waiting": i.waiting,
                        "sensitive": i.sensitive,
                        "path": i.path,
                        "line": i.line,
                    }
                    for i in tasks
                ],
                "planned": _iso_or_none(planned),
            }
        )
        return
    say(_show_text(s, touches, tasks, planned, today))


def _meet_line(s: Standing, today: date) -> str:
    """The second clock: `meet in person every 6m · due 2026-03-10 (261 days overdue)`."""
    if s.meet_every.never:
        return "meet in person: no clock (meet_every none)"
    if s.meet_due is None:
        return f"meet in person every {s.meet_every} · not met in person yet"
    due = s.meet_due.isoformat()
    late = s.days_overdue_to_meet(today)
    if late:
        due += f" ({late} day{'' if late == 1 else 's'} overdue)"
    return f"meet in person every {s.meet_every} · due {due}"


def _hint_no_contacts(app: App, index: Index) -> bool:
    """On stderr: how contacts are found, when a vault with notes has none."""
    from .finding import no_contacts_hint

    notes, contacts = index.note_count()
    hint = no_contacts_hint(app.config, notes) if contacts == 0 else None
    if hint:
        say(hint, err=True)
    return hint is not None


def _show_text(s: Standing, touches, tasks, planned: date | None, today: date) -> str:
    c = s.contact
    who = " at ".join(filter(None, [c.role, c.company]))
    lines = [f"{c.name}  ({c.path})"]
    if who or c.ladder:
        lines.append(" · ".join(filter(None, [who, c.ladder and f"ladder: {c.ladder}"])))
    due = _iso(s.due)
    if s.due and s.due < today:
        late = s.days_overdue(today)
        due += f" ({late} day{'' if late == 1 else 's'} overdue)"
    lines.append(
        f"last touch {_iso(s.last_touch)} · in person {_iso(s.last_in_person)} · "
        f"cadence {s.cadence} · due {due}" + ("" if c.status == "active" else f" · {c.status}")
    )
    lines.append(_meet_line(s, today))
    if planned:
        lines.append(f"planned: {planned.isoformat()}")
    if tasks:
        lines.append("\nopen tasks:")
        for item in tasks:
            mark = "waiting: " if item.waiting else ""
            lines.append(
                f"  - {mark}{privacy.marked(item.text, item.sensitive)}"
                + (f" (due {item.due.isoformat()})" if item.due else "")
            )
    if touches:
        lines.append("\ninteractions:")
        for t in reversed(touches):
            lines.append(f"  {t.date.isoformat()}  {(t.kind or '-'):<10} {t.title}")
    if c.details:
        lines.append("\ndetails:")
        for key, value in c.details.items():
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            lines.append(f"  {key}: {'' if shown is None else shown}")
    return "\n".join(lines)


# --- search --------------------------------------------------------------


@main.command("search", short_help="Full-text search over every note.")
@click.argument("query")
@click.option("--limit", default=50, show_default=True, help="At most this many hits.")
@format_option("text", "json")
@pass_app
def search_command(app: App, query: str, limit: int, output_format: str) -> None:
    """Full-text search over every note: which note, the date of the
    interaction the hit lies in, and the line.

    Plain words must all appear; accents and case do not matter. FTS5 syntax
    works too: "exact phrase", prefix*, OR, NOT, NEAR(a b).

    \b
    Example:  netnotes search marathon
    """
    from .search import search

    index, _ = app.index()
    hits = search(index, query, limit)
    if output_format == "json":
        emit_json(
            [
                {
                    "name": h.name,
                    "path": h.path,
                    "line": h.line,
                    "date": _iso_or_none(h.date),
                    "snippet": h.snippet,
                }
                for h in hits
            ]
        )
        return
    if not hits:
        say(f"no notes match {query!r}", err=True)
        return
    for hit in hits:
        when = f"[{hit.date.isoformat()}] " if hit.date else ""
        who = f"{hit.name}: " if hit.name else ""
        say(f"{hit.path}:{hit.line}: {when}{who}{hit.snippet}")


# --- digest --------------------------------------------------------------


@main.command("digest")
@date_option
@click.option(
    "--stdout",
    "to_stdout",
    is_flag=True,
    help="Print the digest instead of writing it into the vault.",
)
@format_option("md", "json")
@click.option(
    "--horizon",
    type=click.IntRange(min=0, max=MAX_HORIZON_DAYS),
    metavar="DAYS",
    help="How far ahead coming up and birthdays look (default: digest.horizon_days, 14).",
)
@click.option("--tag", help="Only contacts with this tag (narrowed digests go to stdout).")
@click.option(
    "--ladder", type=click.Choice(["above", "peer", "below", "unplaced"]), help="Only this rung."
)
@click.option(
    "--group",
    help="Only members of this group: a group note, or a name in `groups:`; with whoever"
    " came to its meetings in the last year.",
)
@pass_app
def digest_command(
    app: App,
    today: date | None,
    to_stdout: bool,
    output_format: str,
    horizon: int | None,
    tag: str | None,
    ladder: str | None,
    group: str | None,
) -> None:
    """Whom to get back to, what you promised, what to ask about.

    Writes <output_dir>/Digest.md (NetNotes/Digest.md by default) when its
    content changed, or prints it with --stdout. --tag, --ladder and --group
    narrow it to part of your network and print it; the file in the vault is
    always the whole digest.

    \b
    Example:  netnotes digest --stdout --date 2026-11-26
    """
    from .digest import Scope, build_digest, digest_json
    from .naming import DIGEST_FILE
    from .render import write_generated
    from .stamp import stamp

    index, _ = app.index()
    scope = Scope(tag, ladder, group)
    digest = build_digest(index, app.config, today_or(today), scope, horizon)
    _hint_no_contacts(app, index)
    if output_format == "json":
        emit_json(digest_json(digest))
        return
    relative = f"{app.config.output_dir}/{DIGEST_FILE}"
    text = stamp(app.renderer.render("digest.md.j2", digest), relative)
    if to_stdout or scope.narrowed:
        click.echo(text, nl=False)
        return
    with app.write_lock():
        written = write_generated(app.vault, relative, text)
        removed = _tidy(app, today, old_sheets=True)
    say(f"wrote {relative}" if written else f"{relative} is up to date", err=True)
    _say_removed(removed)


def _tidy(app: App, today: date | None, old_sheets: bool) -> list[str]:
    """Conflict copies of generated files go on every write; sheets of meetings
    long past too, counted from the real date: never on a preview (--date
    another day)."""
    from .tidy import tidy_outputs

    real = date.today()
    keep_from = real if old_sheets and today in (None, real) else None
    return tidy_outputs(app.vault, keep_from, app.config.prep_keep_days)


def _say_removed(removed: list[str]) -> None:
    for path in removed:
        say(f"removed {path}", err=True)


# --- prep ----------------------------------------------------------------


@main.command("prep", short_help="A prep sheet for a meeting: what to ask, what was promised.")
@click.argument("target", required=False, shell_complete=_complete_names)
@click.option(
    "--upcoming", is_flag=True, help="A sheet for every planned meeting within the horizon."
)
@date_option
@click.option(
    "--stdout",
    "to_stdout",
    is_flag=True,
    help="Print the sheet instead of writing it into the vault.",
)
@format_option("md", "json")
@pass_app
def prep_command(
    app: App,
    target: str | None,
    upcoming: bool,
    today: date | None,
    to_stdout: bool,
    output_format: str,
) -> None:
    """What to ask, what you promised, and what was said last time: a prep
    sheet for a meeting with TARGET, a contact (name, alias or file name) or a
    meeting note (title or path).

    Writes <output_dir>/Prep/<date> <name or title>.md, where the date is the
    planned meeting's (when one lies within digest.horizon_days), else today.
    --upcoming writes one for every planned meeting within the horizon.

    \b
    Example:  netnotes prep "Jane Doe" --stdout
              netnotes prep --upcoming --date 2026-11-26
    """
    from .prep import PrepBuilder
    from .prepjson import prep_json
    from .stamp import stamp

    if bool(target) == upcoming:
        raise UsageError(
            "give a contact or a meeting note to prepare for, or --upcoming (not both)"
        )
    index, _ = app.index()
    builder = PrepBuilder(index, app.config, today_or(today), app.vault.note_text)
    sheets = builder.upcoming() if upcoming else [builder.sheet(builder.resolve(target or ""))]
    if output_format == "json":
        views = [prep_json(s) for s in sheets]
        emit_json(views if upcoming else views[0])
        return
    rendered = []
    for sheet in sheets:
        relative = builder.sheet_path(sheet)
        rendered.append((relative, stamp(app.renderer.render("prep.md.j2", sheet), relative)))
    if to_stdout:
        click.echo("\n".join(text for _, text in rendered), nl=False)
    else:
        _write_sheets(app, rendered, keep_going=upcoming, today=today)
    if upcoming and not sheets:
        days = app.config.digest_horizon_days
        say(f"no planned meetings in the next {days} day{'' if days == 1 else 's'}", err=True)


def _write_sheets(
    app: App, rendered: list[tuple[str, str]], keep_going: bool, today: date | None
) -> None:
    """Write each sheet; with `keep_going` (--upcoming) one refused sheet does
    not stop the others, and the exit code is 1 at the end. --upcoming also
    removes the sheets of meetings long past."""
    from .errors import WriteRefusedError
    from .gitsync import guard_output
    from .render import write_generated

    guard_output(app.vault)  # said once, not once per sheet
    refused = False
    with app.write_lock():
        for relative, text in rendered:
            try:
                written = write_generated(app.vault, relative, text)
            except WriteRefusedError as err:
                if not keep_going:
                    raise
                say(f"netnotes: {err.message}", err=True)
                refused = True
                continue
            say(f"wrote {relative}" if written else f"{relative} is up to date", err=True)
        removed = [] if refused else _tidy(app, today, old_sheets=keep_going)
    _say_removed(removed)
    if refused:
        sys.exit(1)


# --- import and export ---------------------------------------------------


@main.command("import", short_help="Add people from LinkedIn, a vCard file, Google or Outlook.")
@click.argument("source", type=click.Choice(["linkedin", "vcard", "google", "outlook", "ics"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--apply",
    "apply_plan",
    is_flag=True,
    help="Create the new contacts (default: only show the plan).",
)
@click.option(
    "--ladder",
    type=click.Choice(["above", "peer", "below"]),
    help="Put the people it creates on this rung (default: none, the address book).",
)
@click.option("--tag", "tags", multiple=True, help="Also tag the people it creates (repeat).")
@click.option("--cadence", help="How often to be in touch with the people it creates: 3m, 1y…")
@format_option("table", "json")
@pass_app
def import_command(
    app: App,
    source: str,
    file: str,
    apply_plan: bool,
    ladder: str | None,
    tags: tuple[str, ...],
    cadence: str | None,
    output_format: str,
) -> None:
    """Bring people in from a LinkedIn Connections.csv (or its export zip), a
    vCard file (.vcf), a Google Contacts CSV or an Outlook contacts CSV.

    Without --apply nothing is written: the plan lists who would be created,
    who is already in the vault (the same LinkedIn address, email or phone,
    else the same name unless LinkedIn addresses or companies differ) and is
    left alone, and who is skipped and why. With --apply each new person gets
    a contact note, made the way `netnotes new` makes one and tagged with the
    source. Existing notes are not changed, so running the same import again
    creates no one; the one repair it makes is a LinkedIn connection that an
    older import wrote as `met:`, which becomes `connected:`.

    New people get no rung or cadence unless you give one: they stay in your
    address book, out of the digest's lists, until you place them.

    \b
    Example:  netnotes import linkedin ~/Downloads/Connections.csv
              netnotes import linkedin ~/Downloads/Connections.csv --apply --tag alumni

    Meetings from a calendar: netnotes import ics FILE (see --help there).
    """
    if source == "ics":  # only reached with an option before `ics`: its options differ
        raise UsageError(
            "a calendar takes its options after the file: netnotes import ics FILE [--apply …]"
        )
    from dataclasses import replace

    from .interop import read_source
    from .interop.plan import build_plan

    placement = _placement(ladder, tags, cadence)
    try:
        data = Path(file).read_bytes()
    except OSError as err:
        raise NetnotesError(f"{file}: cannot read it ({err.strerror})") from None
    entries, warnings = read_source(source, file, data)
    if not apply_plan:
        index, _ = app.index()
        plan = build_plan(
            source,
            file,
            entries,
            index.contacts(),
            app.config,
            lambda p: app.vault.path(p).exists(),
            placement,
        )
    else:
        with app.write_lock():
            plan = _apply_import(app, source, file, entries, placement)
            app.index()
    _report_import(replace(plan, warnings=warnings), output_format)


def _placement(ladder: str | None, tags: tuple[str, ...], cadence: str | None) -> Any:
    from .dates import parse_cadence
    from .interop.plan import Placement

    if cadence:
        try:
            parse_cadence(cadence)
        except ValueError as err:
            raise UsageError(f"--cadence: {err}") from None
    return Placement(ladder, tuple(tags), cadence)


def _apply_import(app: App, source: str, file: str, entries: list, placement: Any) -> Any:
    from .interop.plan import apply_plan, build_plan, met_to_connected
    from .newcontact import create_contact
    from .writes import FolderListing, rewrite_note

    index, _ = app.index()
    contacts = index.contacts()
    plan = build_plan(
        source,
        file,
        entries,
        contacts,
        app.config,
        lambda p: app.vault.path(p).exists(),
        placement,
    )

    listing = FolderListing()

    def create(new: Any, path: str) -> str:
        stem = path.rsplit("/", 1)[-1].removesuffix(".md")
        return create_contact(app.vault, app.config, app.renderer, contacts, new, stem, listing)

    def update(step: Any) -> None:
        rewrite_note(app.vault, step.path, met_to_connected(step.path, step.contact.connected))

    return apply_plan(plan, create, update)


def _report_import(plan: Any, output_format: str) -> None:
    from .interop.plan import CREATE, CREATED, EXISTS, FAILED, SKIP, UPDATE, UPDATED

    actions = (CREATE, CREATED, UPDATE, UPDATED, EXISTS, SKIP, FAILED)
    if output_format == "json":
        emit_json(
            {
                "source": plan.source,
                "file": plan.file,
                "applied": plan.applied,
                "counts": {a: plan.count(a) for a in actions},
                "warnings": list(plan.warnings),
                "steps": plan.steps,
            }
        )
    elif plan.steps:
        say(
            table(
                [[s.action, s.where, _short(s.name or "-"), _step_detail(s)] for s in plan.steps],
                ["ACTION", "WHERE", "NAME", "DETAIL"],
            )
        )
    for warning in plan.warnings:
        say(f"{plan.file}: warning: {warning}", err=True)
    for step in plan.steps:
        for warning in step.warnings:
            say(f"{plan.file}: {step.where}: warning: {warning}", err=True)
    counts = f"{plan.count(EXISTS)} already in the vault, {plan.count(SKIP)} skipped"
    if not plan.applied:
        hint = (
            "; add --apply to make these changes" if plan.count(CREATE) + plan.count(UPDATE) else ""
        )
        updates = (
            f", {plan.count(UPDATE)} to change met: to connected:" if plan.count(UPDATE) else ""
        )
        say(
            f"dry run, nothing written: {plan.count(CREATE)} to create{updates}, {counts}{hint}",
            err=True,
        )
        return
    failed = f", {plan.count(FAILED)} failed" if plan.count(FAILED) else ""
    updated = (
        f", {plan.count(UPDATED)} changed from met: to connected:" if plan.count(UPDATED) else ""
    )
    created = plan.count(CREATED)
    say(
        f"created {created} contact{'' if created == 1 else 's'}{updated}, {counts}{failed}",
        err=True,
    )
    if plan.count(FAILED):
        sys.exit(1)


def _step_detail(step: Any) -> str:
    if step.matches:
        found = "; ".join(f"{m.name} ({m.path}) by {m.by}" for m in step.matches)
        return found + (f" — {step.reason}" if step.reason else "")
    if step.path and step.reason:
        return f"{step.path} — {step.reason}"
    return step.reason or step.path or ""


@click.command("ics")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--since", type=DateType(), help="First day to import (default: 90 days ago).")
@click.option(
    "--until", type=DateType(), help="Last day to import (default: the digest's horizon ahead)."
)
@click.option(
    "--me",
    "me",
    multiple=True,
    metavar="EMAIL",
    help="Your own address (repeatable; default: the calendar's owner).",
)
@click.option("--tz", metavar="ZONE", help="Time zone for UTC times when the file names none.")
@click.option("--create", is_flag=True, help="Make contacts of attendees not in the vault.")
@date_option
@click.option("--apply", "apply_plan", is_flag=True, help="Write (default: only show the plan).")
@format_option("table", "json")
@pass_app
def import_ics(
    app: App,
    file: str,
    since: date | None,
    until: date | None,
    me: tuple[str, ...],
    tz: str | None,
    create: bool,
    today: date | None,
    apply_plan: bool,
    output_format: str,
) -> None:
    """Meetings from a calendar export (.ics, or Google's .zip) become
    conversations: with one contact, a dated heading in their log; with
    several, a meeting note. Past events are conversations, later ones
    planned meetings. Attendees are matched to contacts by email, then name.

    Without --apply nothing is written. Importing the same calendar again
    adds nothing, and a planned meeting it wrote moves or goes when its event
    does (while nothing but the calendar's lines is under it).

    \b
    Example:  netnotes import ics ~/Downloads/calendar.ics.zip
              netnotes import ics calendar.ics --me me@example.com --apply
    """
    from .interop.calendar_file import read_calendar, zone_named

    day = today_or(today)
    window = _ics_window(app, day, since, until)
    try:
        data = Path(file).read_bytes()
    except OSError as err:
        raise NetnotesError(f"{file}: cannot read it ({err.strerror})") from None
    zone = zone_named(tz) if tz else None
    calendar = read_calendar(file, data, window.since, window.until, zone)
    for warning in calendar.warnings:
        say(warning, err=True)
    if not me and not calendar.owners:
        say(f"{file}: warning: it does not say whose calendar it is; give --me EMAIL", err=True)
    if apply_plan:
        with app.write_lock():
            plan = _apply_ics(app, calendar, window, me, create)
    else:
        plan = _plan_ics(app, calendar, window, me, create)
    _report_ics(plan, output_format)
    if plan.applied and plan.failed():
        sys.exit(1)


def _ics_window(app: App, today: date, since: date | None, until: date | None) -> Any:
    from datetime import timedelta

    from .interop.calendar import Window

    since = since or today - timedelta(days=90)
    until = until or today + timedelta(days=app.config.digest_horizon_days)
    if since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    return Window(today, since, until)


def _plan_ics(app: App, calendar: Any, window: Any, me: tuple[str, ...], create: bool) -> Any:
    from .interop.calendar import VaultView, build_calendar_plan
    from .interop.identity import email_key

    for address in me:
        if not email_key(address):
            raise UsageError(f"--me {address}: not an email address")
    index, _ = app.index()
    touches = index.touches_between(window.since, date.max)
    view = VaultView(index.contacts(), touches, app.vault.note_text, app.config)
    return build_calendar_plan(calendar, view, window, me, create)


def _apply_ics(app: App, calendar: Any, window: Any, me: tuple[str, ...], create: bool) -> Any:
    from .interop.calendar_write import StepWriter, apply_calendar_plan, create_contacts
    from .newcontact import create_contact
    from .writes import refuse_during_git

    refuse_during_git(app.vault, "the calendar's events")
    plan = _plan_ics(app, calendar, window, me, create)
    if plan.new_contacts:
        index, _ = app.index()
        known = index.contacts()
        made = create_contacts(
            plan, lambda new: create_contact(app.vault, app.config, app.renderer, known, new)
        )
        for problem in made:
            say(f"netnotes: {problem}", err=True)
    index, _ = app.index()  # sync again: the new contacts are in it now
    writer = StepWriter(app.vault, app.config, index.contacts())
    return apply_calendar_plan(plan, writer)


UNKNOWN_SHOWN = 20  # strangers listed in the table, those in most events first


def _report_ics(plan: Any, output_format: str) -> None:
    from .interop.calendar import CREATE, REMOVE, SKIP, UPDATE, plan_json

    if output_format == "json":
        emit_json(plan_json(plan))
    else:
        rows = [
            [s.action, _iso(s.date), _short(s.summary or "-"), ", ".join(s.notes), s.reason or ""]
            for s in plan.steps
            if not s.present  # a weekly import would list every earlier event again
        ]
        if rows:
            say(table(rows, ["ACTION", "DATE", "SUMMARY", "NOTE", "REASON"]))
        if plan.unknown:
            count = len(plan.unknown)
            say(f"not in your vault: {count} address{'' if count == 1 else 'es'}")
            shown = sorted(plan.unknown, key=lambda u: -u.events)[:UNKNOWN_SHOWN]
            for u in shown:
                who = " ".join(x for x in (u.name, f"<{u.email}>" if u.email else "") if x)
                say(f"  {who} ({u.events} event{'' if u.events == 1 else 's'})")
            if count > len(shown):
                say(f"  … and {count - len(shown)} more (--format json lists them all)")
    present = sum(1 for s in plan.steps if s.present)
    counts = ", ".join(
        f"{plan.count(a)} {word}"
        for a, word in ((CREATE, "new"), (UPDATE, "moved"), (REMOVE, "removed"))
    )
    counts += f", {present} already in the vault, {plan.count(SKIP) - present} skipped"
    for who, paths in plan.ambiguous:
        say(
            printable(f"warning: {who} answers to {', '.join(paths)}; left out of their events"),
            err=True,
        )
    if plan.applied:
        say(f"written: {counts}", err=True)
    else:
        more = f"; {len(plan.new_contacts)} contacts to create" if plan.new_contacts else ""
        hint = "; add --apply to write them" if plan.count(SKIP) < len(plan.steps) else ""
        say(f"dry run, nothing written: {counts}{more}{hint}", err=True)


@main.group("export", short_help="Write a calendar (ics) or an address book (vcard).")
def export_group() -> None:
    """Write the vault out for other tools: a calendar (ics) or an address
    book (vcard)."""


@export_group.command("ics", short_help="Follow-ups, meetings and birthdays as a calendar (.ics).")
@date_option
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (default: stdout)."
)
@click.option(
    "--reconnect", is_flag=True, help="Add an all-day reminder on each overdue contact's due date."
)
@click.option("--force", is_flag=True, help="Replace an -o file that netnotes did not write.")
@pass_app
def export_ics(
    app: App, today: date | None, output: str | None, reconnect: bool, force: bool
) -> None:
    """One iCalendar file of open follow-ups with a due date (to-dos),
    meetings from today on and birthdays (all-day events), for a calendar app
    to import or subscribe to.

    UIDs and timestamps come from the notes, never the clock: the same vault
    and date give the same bytes, and importing again updates rather than
    duplicates. -o replaces only a calendar netnotes wrote, unless --force.

    \b
    Example:  netnotes export ics -o ~/netnotes.ics --reconnect
    """
    from .interop.ics import build_calendar

    index, _ = app.index()
    _write_export(
        app,
        build_calendar(index, app.config, today_or(today), reconnect),
        output,
        force,
        "calendar",
    )


@export_group.command("vcard", short_help="Your contacts as an address book (.vcf).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (default: stdout)."
)
@click.option("--force", is_flag=True, help="Replace an -o file that netnotes did not write.")
@pass_app
def export_vcard(app: App, output: str | None, force: bool) -> None:
    """Every contact that is not archived as a vCard 3.0, for a phone or an
    address book: name, company, role, email, phone, LinkedIn, birthday,
    tags as categories and the note's opening text.

    \b
    Example:  netnotes export vcard -o ~/contacts.vcf
    """
    from .interop.vcard import build_vcards, intro_text

    index, _ = app.index()
    contacts = index.contacts()
    intros: dict[str, str | None] = {}
    for contact in contacts:
        intros[contact.path] = intro_text(index.shown(contact.path)[0])
    _write_export(app, build_vcards(contacts, intros), output, force, "vCard file")


def _write_export(app: App, data: bytes, output: str | None, force: bool, what: str) -> None:
    from .interop.output import write_export
    from .text import export_text

    data = export_text(data)
    if output is None:
        click.echo(data, nl=False)
        return
    with app.write_lock():
        changed = write_export(Path(output), data, force, what)
    say(f"wrote {output}" if changed else f"{output} is up to date", err=True)


# --- new, log, done: writing into the user's notes (edit.py) -------------


def _editor_available() -> bool:
    """A terminal to run the default editor in, or an editor the user named
    (a GUI editor such as `code -w` needs no terminal)."""
    named = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    return bool(named) or (sys.stdin.isatty() and sys.stdout.isatty())


def _open_editor(text: str | None = None, filename: str | None = None) -> str | None:
    try:
        if filename is not None:  # click edits the file in place and returns None
            return click.edit(filename=filename, extension=".md", require_save=False)
        return click.edit(text, extension=".md", require_save=False)
    except click.ClickException as err:
        raise NetnotesError(
            f"cannot open an editor ({err.format_message()}); set $VISUAL or $EDITOR"
        ) from None


@main.command("new", short_help="Add a contact note.")
@click.argument("name")
@click.option(
    "--ladder",
    type=click.Choice(["above", "peer", "below"]),
    help="Where they stand relative to you.",
)
@click.option("--company", help="Their company (a [[Link]] works).")
@click.option("--role", help="Their role or title.")
@click.option("--tag", "tags", multiple=True, help="A tag, without # (repeat for more).")
@click.option("--cadence", help="How often to be in touch: 14d, 6w, 3m, 1y, monthly, none…")
@click.option("--email", help="Their email address.")
@click.option("--phone", help="Their phone number.")
@click.option("--linkedin", help="Their LinkedIn profile URL.")
@click.option("--how-met", "how_met", help="How you met (a [[Link]] works).")
@click.option("--met", type=DateType(), help="The day you first met in person.")
@click.option("--birthday", help="YYYY-MM-DD, or MM-DD when the year is unknown.")
@click.option(
    "--last-touch",
    "last_touch",
    type=DateType(),
    help="The last time you were in touch: writes a log heading on that day.",
)
@click.option(
    "--kind",
    "last_kind",
    help="What that last touch was (lunch, coffee, call, email…); needs --last-touch.",
)
@click.option("--edit", "open_editor", is_flag=True, help="Open the new note in $VISUAL/$EDITOR.")
@date_option
@pass_app
def new_command(app: App, name: str, open_editor: bool, today: date | None, **values: Any) -> None:
    """Add a contact: writes <people_dir>/NAME.md from the contact template
    and prints its path.

    The file name is NAME made safe for every OS and for links. A contact
    who already answers to NAME (name, alias or file name, whatever the case
    or accents) is an error, exit 1: nothing is ever overwritten. The template
    can be replaced by .netnotes/templates/contact.md.j2 in the vault.
    --last-touch DATE [--kind K] writes a log heading for the last time you
    were in touch, so someone you have known for years starts out due by
    their cadence instead of years overdue.

    \b
    Example:  netnotes new "Jane Doe" --ladder above --company "Acme" --tag mentor
              netnotes new "Tomás Ruiz" --met 2019-03-01 --last-touch 2026-09-14 --kind call
    """
    from .models import NewContact
    from .newcontact import create_contact

    values["tags"] = tuple(values["tags"])
    if values["last_kind"] and not values["last_touch"]:
        raise UsageError("--kind says what the last touch was: give --last-touch DATE too")
    if values["last_touch"] and values["last_touch"] > today_or(today):
        raise UsageError("--last-touch: give a day in the past; a later one is a plan (use `log`)")
    with app.write_lock():
        index, _ = app.index()
        path = create_contact(
            app.vault, app.config, app.renderer, index.contacts(), NewContact(name, **values)
        )
        app.index()
    if open_editor:
        _open_editor(filename=str(app.vault.path(path)))
        with app.write_lock():
            app.index()
    say(path)


@main.command("log", short_help="Record a conversation with one person or several.")
@click.argument("names", nargs=-1, required=True, shell_complete=_complete_names)
@click.option(
    "-t",
    "--title",
    help='What it was: "Lunch at Nopa" (its kind word makes it an in-person lunch).',
)
@click.option("--date", "when", type=DateType(), help="The day it happened (default: today).")
@click.option(
    "-m",
    "--message",
    "messages",
    multiple=True,
    help="A line of notes (repeat for more); without -m an editor opens.",
)
@pass_app
def log_command(
    app: App,
    names: tuple[str, ...],
    title: str | None,
    when: date | None,
    messages: tuple[str, ...],
) -> None:
    """Record a conversation and print where it went.

    One NAME: a dated heading with the title and the lines goes into that
    contact's note, under `## Log` (made at the end when missing), in the
    order the note already keeps. Several NAMEs: a meeting note
    <meetings_dir>/<date> <title>.md linking each of them (--title needed).
    Without -m, $VISUAL/$EDITOR opens; saving nothing cancels.

    \b
    Example:  netnotes log "Jane Doe" -t "Lunch at Nopa" -m "Mia starts college #personal"
    """
    from .edit import editor_template, lines_from_editor, log_meeting, log_to_contact, make_entry

    day = today_or(when)
    index, _ = app.index()
    people = list({c.path: c for c in (find_contact(index.contacts(), n) for n in names)}.values())
    lines = list(messages)
    if not messages:
        if not _editor_available():
            raise UsageError(
                "no editor available (not a terminal, and no $VISUAL or $EDITOR): "
                "give the lines with -m"
            )
        edited = _open_editor(editor_template([c.name for c in people], day, title))
        lines = lines_from_editor(edited)
        if not lines:
            raise NetnotesError("nothing logged: the message was empty")
    entry = make_entry(day, title, lines)
    with app.write_lock():
        index, _ = app.index()
        contacts = index.contacts()
        people = list({c.path: c for c in (find_contact(contacts, n) for n in names)}.values())
        if len(people) == 1:
            where = f"{people[0].path}:{log_to_contact(app.vault, app.config, people[0], entry)}"
        else:
            meetings = index.meeting_notes()
            where = log_meeting(app.vault, app.config, contacts, people, entry, meetings)
        app.index()
    say(where)


@main.command("merge", short_help="Make one person's two notes one.")
@click.argument("keep", shell_complete=_complete_names)
@click.argument("other", shell_complete=_complete_names)
@click.option("--apply", "apply_merge", is_flag=True, help="Merge (default: only show the plan).")
@click.option(
    "--prefer",
    type=click.Choice(["keep", "other"]),
    default="keep",
    show_default=True,
    help="Whose value wins when both notes have a different one.",
)
@pass_app
def merge_command(app: App, keep: str, other: str, apply_merge: bool, prefer: str) -> None:
    """Merge OTHER into KEEP: one person in two notes (after an import, or a
    sync tool's copy) becomes one.

    KEEP gets OTHER's properties (lists united; a value that differs stays
    KEEP's and is reported, unless --prefer other), OTHER's name as an alias,
    its opening text, its Personal items and its log entries in date order.
    Every link to OTHER in the vault then leads to KEEP, still showing the
    text it showed, and OTHER's file moves to the vault's .trash/ folder.
    Without --apply nothing is written: it prints every file it would change.

    \b
    Example:  netnotes merge "Alison Hill" "Alison Hill 1"
              netnotes merge "Alison Hill" "Alison Hill 1" --apply
    """
    from dataclasses import replace

    from .merge import apply_merge as run_merge
    from .merge import plan_merge

    with app.write_lock():
        index, _ = app.index()
        first, second = find_indexed(index, keep), find_indexed(index, other)
        plan = plan_merge(app.vault, index, first, second, prefer == "other")
        if apply_merge:  # the trash may have gained a namesake since the plan: say where it went
            plan = replace(plan, trash=run_merge(app.vault, index, plan))
            app.index()
        _report_merge(plan, apply_merge)
    say("merged" if apply_merge else "dry run, nothing written; add --apply to merge", err=True)


def _report_merge(plan: Any, applied: bool) -> None:
    verb = "changed" if applied else "change"
    what = ", ".join(plan.merged.added) or "nothing new"
    say(f"merge {plan.other.name} ({plan.other.path}) into {plan.keep.name} ({plan.keep.path})")
    say(f"{verb}  {plan.keep.path}  {what}")
    for link in plan.links:
        say(
            f"{verb}  {link.path}  {link.count} link{'s' if link.count != 1 else ''} to {plan.keep.stem}"
        )
    say(f"{'moved' if applied else 'move'}  {plan.other.path}  to {plan.trash}")
    for kept in plan.merged.kept:
        say(f"value  {kept}")


@main.command("done", short_help="Check off someone's open task.")
@click.argument("name", shell_complete=_complete_names)
@click.argument("text")
@click.option("--date", "when", type=DateType(), help="The day it was done (default: today).")
@pass_app
def done_command(app: App, name: str, text: str, when: date | None) -> None:
    """Check off the one open task of NAME whose text holds TEXT (case
    aside), wherever it is written: `- [ ]` becomes `- [x]` and the Tasks
    plugin's ` ✅ YYYY-MM-DD` is added. No match or several: the candidates
    are listed, exit 1, nothing written.

    \b
    Example:  netnotes done "Jane Doe" "article on payment rails"
    """
    from .edit import check_off_task, pick_task

    with app.write_lock():
        index, _ = app.index()
        contact = find_contact(index.contacts(), name)
        item = pick_task(index.items(contact.path), contact, text)
        check_off_task(app.vault, item, today_or(when))
        app.index()
    say(f"{item.path}:{item.line}")
    say(f"checked off: {item.text}", err=True)


# --- watch ---------------------------------------------------------------


@main.command(short_help="Keep the digest and prep sheets current while you edit.")
@date_option
@click.option("--quiet", is_flag=True, help="No line per update (problems are still reported).")
@click.option(
    "--ics",
    "ics",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Also keep this calendar current (what `export ics` writes), for a calendar app to subscribe to.",
)
@pass_app
def watch(app: App, today: date | None, quiet: bool, ics: str | None) -> None:
    """Keep the index, the digest and the prep sheets of coming meetings
    current while you edit your notes, until Ctrl-C.

    On start it brings everything up to date; then, after each save (debounced
    by a fifth of a second), it re-indexes just what changed and rewrites the
    files whose content changed, with one line on stderr per update. Without
    --date, "today" follows the clock, so the digest rolls over at midnight.

    \b
    Example:  netnotes watch
              netnotes watch --ics ~/Calendars/netnotes.ics
    """
    import signal
    import time

    from .watch import Watcher, WatchLimitError

    app.index()
    calendar = Path(ics).expanduser() if ics else None
    session = _WatchSession(app, calendar, today, quiet)
    watcher = Watcher(
        app.root,
        session.keep,
        session.refresh,
        session.tick,
        git_busy=lambda: session.app.vault.git_operation(),  # the vault as the settings now say
        on_hold=session.hold,
    )
    if session.refresh(None, first=True) is False:
        watcher.hold()

    def stop(signum: int, frame: object) -> None:
        watcher.stop.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        watcher.start()
    except WatchLimitError as err:
        say(
            f"netnotes: the system is out of file watches ({err.strerror}); raise the limit with "
            "`sudo sysctl fs.inotify.max_user_watches=524288` (and in /etc/sysctl.conf to keep "
            "it); meanwhile netnotes polls the vault every second",
            err=True,
        )
        watcher.polling = True
        watcher.start()
    say(f"watching {app.root} (Ctrl-C to stop)", err=True)
    started = time.monotonic()
    try:
        watcher.run()
    finally:
        watcher.close()
    if not quiet:
        say(f"stopped after {time.monotonic() - started:.0f} s", err=True)


RETRY_SECONDS = 5.0  # after a refresh that failed (index locked, disk full), try again


class _WatchSession:
    """What `watch` says about each refresh: one line per update, problems
    said once; what "today" is (the clock's, unless --date pinned it); and
    the settings, read again when `.netnotes/config.toml` changes."""

    def __init__(self, app: App, calendar: Path | None, pinned: date | None, quiet: bool) -> None:
        self.app = app
        self.calendar = calendar
        self.pinned = pinned
        self.quiet = quiet
        self.day = today_or(pinned)
        self.last_error: str | None = None
        self.retry_at: float | None = None
        self.settings = _settings_stamp(app.root)
        self.keeper: Keeper | None = self._keeper()

    def _keeper(self) -> Keeper:
        from .outputs import Keeper

        app = self.app
        index, _ = app.index(sync=False)
        return Keeper(index, app.vault, app.config, app.renderer, app.write_lock, self.calendar)

    def keep(self, path: str) -> bool:
        return self.app.vault.is_note_path(path)

    def tick(self) -> bool:
        """Time passed: the settings, a retry after a failure, a new day.
        False when git holds the writing back (the watcher waits for it)."""
        import time

        if not self.settings_changed():
            return False
        if self.retry_at is not None and time.monotonic() >= self.retry_at:
            self.retry_at = None
            if not self.refresh(None):
                return False
        return self.new_day()

    def settings_changed(self) -> bool:
        """config.toml (or Obsidian's settings) changed: read them again, so
        the index is built for the settings in force, and look at everything."""
        stamp = _settings_stamp(self.app.root)
        if stamp == self.settings:
            return True
        self.settings = stamp
        try:
            self.app.reload()
            self.keeper = None
            self.keeper = self._keeper()
        except NetnotesError as err:
            self._report_error(err.message)
            return True
        return self.refresh(None, why=f"{CONFIG_DIR}/{CONFIG_FILE} changed")

    def _report_error(self, message: str) -> None:
        import time

        if message != self.last_error:
            say(f"netnotes: {message}", err=True)
        self.last_error = message
        self.retry_at = time.monotonic() + RETRY_SECONDS

    def new_day(self) -> bool:
        if self.pinned is None and date.today() != self.day:
            self.day = date.today()
            return self.refresh(None, why=f"a new day, {self.day.isoformat()}")
        return True

    def hold(self, why: str) -> None:
        """Said once when git's work in the vault holds the writing back."""
        say(f"waiting for git to finish ({why}); netnotes writes when it is done", err=True)

    def refresh(self, paths: set[str] | None, first: bool = False, why: str = "") -> bool:
        """False when a git operation refused the writing (the watcher waits for it)."""
        import time

        started = time.monotonic()
        try:
            if self.keeper is None:
                self.keeper = self._keeper()
        except NetnotesError as err:
            self._report_error(err.message)
            return True
        real = date.today()
        done = self.keeper.refresh(
            self.day, None if first else paths, real if self.day == real else None
        )
        if done.git_busy:
            return False
        if done.error is not None:
            self._report_error(done.error)
            return True
        self.last_error = self.retry_at = None
        for problem in done.failed:
            say(problem_line(problem), err=True)
        if self.quiet or not (first or done.written or done.changed or done.removed or why):
            return True
        # A note another netnotes command (log, done) already indexed is not
        # "changed" for the index, but it is what the watcher saw change.
        seen = list(done.changed) or sorted(paths or ())
        more = f" and {len(seen) - 3} more" if len(seen) > 3 else ""
        changed = printable(", ".join(seen[:3]) + more)
        if why:
            what = why
        elif first:
            what = "up to date" if not changed else f"{changed} changed"
        else:
            what = f"{changed} changed" if changed else "refreshed"
        wrote = f"wrote {', '.join(done.written)}" if done.written else "no file changed"
        if done.removed:
            wrote += f"; removed {', '.join(done.removed)}"
        clock = time.strftime("%H:%M:%S")
        say(f"{clock} {what} · {wrote} ({time.monotonic() - started:.2f} s)", err=True)
        return True


# --- completion ----------------------------------------------------------

SHELLS = ("bash", "zsh", "fish")


@main.command(short_help="Print the shell completion script (bash, zsh or fish).")
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the script that makes SHELL complete netnotes' commands, options
    and contact names (for prep, show, log and done). Add one line to your
    shell's rc file:

    \b
    Example:  eval "$(netnotes completion bash)"        in ~/.bashrc
              eval "$(netnotes completion zsh)"         in ~/.zshrc
              netnotes completion fish | source         in ~/.config/fish/config.fish
    """
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    assert completer is not None  # every name in SHELLS is one click knows
    script = completer(main, {}, "netnotes", "_NETNOTES_COMPLETE").source()
    click.echo(script)

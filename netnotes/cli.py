"""The command line: the `netnotes` group, which opens the vault as a
`Session` for its commands (in netnotes/commands/) and turns errors into
words and exit codes. Only this module and the commands print, exit, read the
clock or the environment, or import click: each command opens the vault,
calls the core, and renders what comes back."""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__
from .cycles import cycles_unchecked
from .errors import NetnotesError

with cycles_unchecked():  # click's imports: thousands of objects, no garbage cycles
    import click

if TYPE_CHECKING:  # imported when a command runs: `--version` and `--help` pay for click alone
    from .session import Session

# At exit, Python's collector looks at every object left (modules, classes,
# a command's caches) before the interpreter drops them all: three full
# collections, ~6 ms of `list`. Frozen first, there is nothing for it to look
# at; whatever is left is freed with the process.
atexit.register(gc.freeze)

EPILOG_VAULT = "The vault is --vault, else $NETNOTES_VAULT, else the nearest folder up holding .netnotes/ or .obsidian/."

# Each command and where it lives (netnotes/commands/MODULE.py), in the order
# `main.commands` lists them; `--help` sorts them by name.
COMMANDS = {
    "init": ("setup", "init"),
    "index": ("setup", "index_command"),
    "check": ("setup", "check"),
    "list": ("browse", "list_command"),
    "show": ("browse", "show"),
    "search": ("searching", "search_command"),
    "digest": ("generate", "digest_command"),
    "prep": ("generate", "prep_command"),
    "import": ("imports", "import_command"),
    "export": ("generate", "export_group"),
    "new": ("writing", "new_command"),
    "log": ("writing", "log_command"),
    "merge": ("writing", "merge_command"),
    "done": ("writing", "done_command"),
    "watch": ("watching", "watch"),
}


def command_at(module: str, name: str) -> click.Command:
    found = getattr(importlib.import_module(f".commands.{module}", __package__), name)
    assert isinstance(found, click.Command)
    return found


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands, each module imported the first time one of its
    commands is looked up: `netnotes list` pays for nothing else (issue 20),
    `--help` imports them all to show their short help."""

    def __init__(self, where: dict[str, tuple[str, str]]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            self._loaded[name] = command_at(*self._where[name])
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        """A command added as it is (`completion`): listed, nothing to import."""
        self._loaded[name] = command
        self._where.setdefault(name, ("", ""))

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


def database_failure() -> type[Exception]:
    """index.DatabaseFailure, imported only once an error is on its way out:
    a reading command's walk starts before the index is imported."""
    from .index import DatabaseFailure

    return DatabaseFailure


class NetnotesGroup(click.Group):
    """Turns NetnotesError into one line on stderr and its exit code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(COMMANDS)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        with cycles_unchecked():  # imports: thousands of objects, no garbage cycles
            if args[:2] == ["import", "ics"]:  # a calendar: its own options, see import_ics
                return "import ics", command_at("imports", "import_ics"), args[2:]
            ahead = ctx.obj  # opened by launch, its walk started, if the command line was plain
            ctx.obj = None
            beside = self._beside_the_walk(ctx, args)
            if beside is not None:
                vault, index = ctx.params["vault"], ctx.params["index"]
                if ahead is not None and ahead.looked_ahead_as(vault, index, *beside):
                    ctx.obj, ahead = ahead, None
                    ctx.obj.progress = progress
                else:
                    ctx.obj = _open(vault, index)
                    ctx.obj.look_ahead(*beside)
            if ahead is not None:  # click read the command line otherwise: its walk stopped
                ahead.close()
            return super().resolve_command(ctx, args)

    @staticmethod
    def _beside_the_walk(ctx: click.Context, args: list[str]) -> tuple[str | None] | None:
        """For a command run (not completed, not asked for its help) that
        reads beside the walk, the meta key its walk needs; else None."""
        if not args or ctx.resilient_parsing or "--help" in args[1:]:
            return None
        from .session import READ_BESIDE_THE_WALK

        return (READ_BESIDE_THE_WALK[args[0]],) if args[0] in READ_BESIDE_THE_WALK else None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NetnotesError as err:
            _say_error(err.message)
            ctx.exit(err.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise  # click's own ways out (a command's --help, a usage error) import no index
        except database_failure() as err:  # a query past sync(), which words its own
            from .indexfile import index_error

            session = _opened(ctx)
            where = session.index_path if session is not None else Path("index")
            _say_error(index_error(where, err).message)
            ctx.exit(1)
        finally:
            session = _opened(ctx)
            if session is not None:
                session.close()


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
    if ctx.obj is None:  # else opened as its command was found (resolve_command)
        ctx.obj = _open(vault, index)


def run(ahead: Session | None = None) -> NoReturn:
    """`netnotes` (the console script) and `python -m netnotes`, after
    launch.run: main() (taking `ahead`, the session launch opened, if it was
    opened for the command click finds), then the process ends as leave() says."""
    try:
        main(prog_name="netnotes", obj=ahead)
    except SystemExit as done:
        leave(done.code)
    leave(0)


def leave(code: str | int | None) -> NoReturn:
    """The process ends with exit status `code` (SystemExit's). Where nothing
    else runs (one thread) its exit functions run (atexit: gc.freeze above,
    and any a library registered), stdout and stderr are flushed, and the
    process ends there (os._exit): Python's finalization would then free
    every object and module one at a time, ~8 ms of a digest at 10,000
    contacts (and ~15 ms of the start floor's own imports) that no one waits
    for. Nothing is left unwritten by it: every file netnotes writes is
    closed where it is written, the index when the command ends (invoke)."""
    import threading

    if (code is None or isinstance(code, int)) and threading.active_count() == 1:
        atexit._run_exitfuncs()
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe, a closed stream: as Python's exit says
            sys.exit(code)
        os._exit(code or 0)
    sys.exit(code)


def _open(vault: str | None, index: str | None) -> Session:
    from .commands.shared import open_session

    return open_session(vault, index)


def progress() -> Any:
    """commands.shared.progress, a session's progress bar: imported with the commands."""
    from .commands.shared import progress

    return progress()


def _opened(ctx: click.Context) -> Session | None:
    """The command's session, if one was opened."""
    from .session import Session

    return ctx.find_object(Session)


def _say_error(message: str) -> None:
    from .commands.shared import say

    say(f"netnotes: {message}", err=True)


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

"""The command line: the `netnotes` group, which opens the vault as a
`Session` for its commands (in netnotes/commands/) and turns errors into
words and exit codes. Only this module and the commands print, exit, read the
clock or the environment, or import click: each command opens the vault,
calls the core, and renders what comes back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .commands.browse import list_command, search_command, show
from .commands.generate import digest_command, export_group, prep_command
from .commands.imports import import_command, import_ics
from .commands.setup import check, index_command, init
from .commands.shared import open_session, say
from .commands.watching import watch
from .commands.writing import done_command, log_command, merge_command, new_command
from .errors import NetnotesError
from .session import Session

EPILOG_VAULT = "The vault is --vault, else $NETNOTES_VAULT, else the nearest folder up holding .netnotes/ or .obsidian/."


class NetnotesGroup(click.Group):
    """Turns NetnotesError into one line on stderr and its exit code."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args[:2] == ["import", "ics"]:  # a calendar: its own options, see import_ics
            return "import ics", import_ics, args[2:]
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from .index import DatabaseFailure

        try:
            return super().invoke(ctx)
        except NetnotesError as err:
            say(f"netnotes: {err.message}", err=True)
            ctx.exit(err.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)
        except DatabaseFailure as err:  # a query past sync(), which words its own
            from .indexfile import index_error

            session = ctx.find_object(Session)
            where = session.index_path if session is not None else Path("index")
            say(f"netnotes: {index_error(where, err).message}", err=True)
            ctx.exit(1)
        finally:
            session = ctx.find_object(Session)
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
    ctx.obj = open_session(vault, index)


for command in (
    init,
    index_command,
    check,
    list_command,
    show,
    search_command,
    digest_command,
    prep_command,
    import_command,
    export_group,
    new_command,
    log_command,
    merge_command,
    done_command,
    watch,
):
    main.add_command(command)


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

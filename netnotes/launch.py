"""The console script and `python -m netnotes` (issue 20). A command that
reads the index beside the vault's no-change walk (walkcheck) has that walk
started here, before click and the command line are imported: at 10,000
contacts the walk takes about as long as the command's own reading, and
now runs beside click's import too (~10 ms of a digest's start, ~43 M
instructions, moved behind the fork). Then the command line runs (cli.run),
which takes the session this opened only if click parses the same options.

This module imports what opening a vault needs and nothing more."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

from .cycles import cycles_unchecked

if TYPE_CHECKING:
    from .session import Session

_OPTIONS = ("--vault", "--index")  # the group's options that take a value
COMPLETING = "_NETNOTES_COMPLETE"  # set by the shell's completion script: click completes


def run() -> NoReturn:
    ahead = walk_ahead(sys.argv[1:])
    from .cli import run as run_command_line  # click: imported while the walk goes on

    run_command_line(ahead)


def walk_ahead(args: list[str]) -> Session | None:
    """The session of a command line as plain as `[--vault V] [--index I]
    COMMAND …` for a command that reads beside the walk, with its walk
    started (Session.look_ahead); None for any other (click parses it then,
    and a reading command starts its walk as its name is found)."""
    plain = plain_command_line(args)
    if plain is None or COMPLETING in os.environ:
        return None
    vault, index, command = plain
    with cycles_unchecked():  # imports: thousands of objects, no garbage cycles
        from .session import READ_BESIDE_THE_WALK, Session

        if command not in READ_BESIDE_THE_WALK:
            return None
        session = Session(vault, index)
        session.look_ahead(READ_BESIDE_THE_WALK[command])
    return session


def plain_command_line(args: list[str]) -> tuple[str | None, str | None, str] | None:
    """(vault, index, command) of `[--vault V] [--index I] COMMAND …` (each
    option once, as `--vault V` or `--vault=V`), COMMAND not asked for its
    help; None for anything else."""
    given: dict[str, str] = {}
    at = 0
    while at < len(args) and args[at].startswith("-"):
        option, equals, value = args[at].partition("=")
        if not equals:
            if at + 1 == len(args):
                return None
            at, value = at + 1, args[at + 1]
        if option not in _OPTIONS or option in given or not value or value.startswith("-"):
            return None
        given[option] = value
        at += 1
    if at == len(args) or "--help" in args[at + 1 :]:
        return None
    return given.get("--vault"), given.get("--index"), args[at]

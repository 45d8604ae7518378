"""What the commands share: the open session, printing, options, the clock."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from itertools import chain
from typing import Any

import click

from ..dates import parse_cli_date
from ..errors import NetnotesError
from ..session import Session
from ..text import UTF8_C1, is_printable, printable, printable_utf8

pass_session = click.make_pass_decorator(Session)

RUNGS = ("above", "peer", "below", "unplaced")  # unplaced: no `ladder:` (the address book)


def placed(rung: str | None) -> str | None:
    """The rung to write into a note: `unplaced` writes none."""
    return None if rung == "unplaced" else rung


def say(message: str, err: bool = False, nl: bool = True) -> None:
    """Every line meant for a person goes through here: whatever a note, a
    file name or an error quotes, it cannot restyle or rewrite the terminal.
    To a UTF-8 stream as bytes, encoded once (text.printable_utf8), as
    emit_json writes."""
    errors = _utf8_errors(sys.stderr if err else sys.stdout)
    if errors is None:
        click.echo(printable(message), err=err, nl=nl)
    else:
        click.echo(printable_utf8(message, errors), err=err, nl=nl)


def say_table(text: str) -> None:
    """say() for what table() made: its cells were made printable as it laid
    them out, and its headers are the caller's own words, so a table of
    thousands of rows (a megabyte for `list`) is encoded without a second
    look for controls."""
    errors = _utf8_errors(sys.stdout)
    click.echo(text if errors is None else text.encode("utf-8", errors))


def _utf8_errors(stream: Any) -> str | None:
    """The error handler to encode with for `stream`, the text stream click
    writes to (unless it must mend a wrong encoding), when it is UTF-8 with
    a binary buffer beneath; else None: click's text path."""
    if getattr(stream, "buffer", None) is None or not _is_utf8(stream.encoding):
        return None
    return stream.errors or "strict"


_JSON_CONTROL = re.compile("[\x7f-\x9f]")


def emit_json(value: Any) -> None:
    """One JSON document; C1 controls (and DEL) escaped like C0 ones, which a
    terminal would otherwise act on. Written while it is made (a digest's rows
    a batch at a time: jsontext.write_json), in chunks: no 10 MB copies. To
    a UTF-8 stdout as bytes, encoded once: fast searches of the bytes for
    DEL and the lead byte of a C1 control (\\xc2, rare) tell that a chunk
    holds none, where a regular expression visits every byte, and a text one
    every character (and click's text path strips escape sequences, which
    JSON never holds raw, with another)."""
    from ..jsontext import write_json

    errors = _utf8_errors(sys.stdout)

    def echo(chunk: str) -> None:
        if errors is not None:
            data = chunk.encode("utf-8", errors)
            if b"\x7f" not in data and (b"\xc2" not in data or not UTF8_C1.search(data)):
                click.echo(data, nl=False)
                return
        if not chunk.isascii():  # O(1): only text beyond ASCII can hold a C1 control
            chunk = _JSON_CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", chunk)
        click.echo(chunk, nl=False)

    chunks = _Chunks(echo)
    write_json(value, chunks.write)
    chunks.close()


def _is_utf8(encoding: str | None) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding or "").name == "utf-8"
    except LookupError:
        return False


class _Chunks:
    """Small parts joined into pieces of about `size` characters, big ones
    (runs of rows) passed on as they are, not copied; the closing newline last."""

    def __init__(self, echo: Callable[[str], None], size: int = 1 << 16) -> None:
        self.echo = echo
        self.size = size
        self.pending: list[str] = []
        self.length = 0

    def write(self, part: str) -> None:
        if len(part) >= self.size or self.length >= self.size:
            if self.pending:
                self.echo("".join(self.pending))
            self.pending, self.length = [], 0
        self.pending.append(part)
        self.length += len(part)

    def close(self) -> None:
        self.pending.append("\n")
        self.echo("".join(self.pending))


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """Each column as wide as its widest cell, two spaces apart, each line's
    end trimmed. A row is one %-format (`%-Ns` pads as str.ljust does): a
    `list` of thousands of contacts makes no Python call per cell."""
    if not is_printable("".join(chain.from_iterable(rows))):  # rarely: most need no cell mended
        rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(map(len, column)) for column in zip(headers, *rows)]
    line = "  ".join(f"%-{width}s" for width in widths)
    return "\n".join([(line % tuple(row)).rstrip() for row in [headers, *rows]])


def short(text: str | None, width: int = 28) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def iso(value: date | None) -> str:
    return value.isoformat() if value else "-"


def today_or(value: date | None) -> date:
    """The day a command takes as today: --date, else the clock's."""
    return value or date.today()


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


def progress() -> Callable[[int, int], None] | None:
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


def open_session(vault: str | None, index: str | None) -> Session:
    """The vault as the command line names it, in this process's environment."""
    return Session(vault, index, env=os.environ, progress=progress)


def complete_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of contact names (and aliases) from the index, quietly:
    a vault that cannot be opened completes nothing."""
    from click.shell_completion import CompletionItem

    root = ctx.find_root().params
    session = open_session(root.get("vault"), root.get("index"))
    try:
        index, _ = session.index()
        names = {n for c in index.contacts() for n in (c.name, *c.aliases)}
    except (NetnotesError, OSError):
        return []
    finally:
        session.close()
    folded = incomplete.casefold()
    return [CompletionItem(n) for n in sorted(names) if n.casefold().startswith(folded)]


def hint_no_contacts(session: Session, index: Any) -> bool:
    """On stderr: how contacts are found, when a vault with notes has none."""
    if index.contact_count():  # nearly always: no note need be counted
        return False
    from ..finding import no_contacts_hint

    hint = no_contacts_hint(session.config, index.note_count().notes)
    if hint:
        say(hint, err=True)
    return hint is not None


def tidy(session: Session, today: date | None, old_sheets: bool) -> list[str]:
    """Conflict copies of generated files go on every write; sheets of meetings
    long past too, counted from the real date: never on a preview (--date
    another day)."""
    from ..tidy import tidy_outputs

    real = date.today()
    keep_from = real if old_sheets and today in (None, real) else None
    return tidy_outputs(session.vault, keep_from, session.config.prep_keep_days)


def say_removed(removed: list[str]) -> None:
    for path in removed:
        say(f"removed {path}", err=True)

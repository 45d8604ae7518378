"""Looking things up: `list`, `show`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import click

from ..roster import LIST_SORTS, ListRow, list_json, list_rows, sorted_rows, status_text
from ..session import Session
from .shared import (
    RUNGS,
    complete_names,
    date_option,
    emit_json,
    format_option,
    hint_no_contacts,
    pass_session,
    say,
    say_table,
    short,
    table,
    today_or,
)

if TYPE_CHECKING:
    from ..digest_scope import Scope
    from ..index import Index


@click.command("list", short_help="Everyone, with last touch, cadence and when they are due.")
@click.option("--tag", help="Only contacts with this tag.")
@click.option(
    "--ladder",
    type=click.Choice(RUNGS),
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
@pass_session
def list_command(
    session: Session,
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
    asked = _Asked(today_or(today), tag, ladder, group, sort_by, show_all)
    config = session.config
    if output_format == "json":
        values = session.read(
            lambda index: _narrowed(
                index, asked, list_json(index, config, asked.day, show_all), itemgetter
            )
        )
        if not values:
            hint_no_contacts(session, session.index(sync=False)[0])
        emit_json(values)
        return
    text = session.read(  # the table made beside the walk too: only printing waits for it
        lambda index: _table_text(
            _narrowed(index, asked, list_rows(index, config, asked.day, show_all), attrgetter),
            asked.day,
        )
    )
    if not text:
        if not hint_no_contacts(session, session.index(sync=False)[0]):
            what = " match" if asked.narrowed else " yet: add one with `netnotes new NAME`"
            say("no contacts" + what, err=True)
        return
    say_table(text)


HEADERS = ["NAME", "LADDER", "COMPANY", "LAST TOUCH", "IN PERSON", "CADENCE", "DUE", "STATUS"]


def _table_text(rows: list[ListRow], day: date) -> str:
    """The table `list` prints; empty for no rows."""
    if not rows:
        return ""
    today = day.isoformat()
    cells = [
        (
            short(name),
            ladder or "-",
            short(company, 24) or "-",
            last or "-",
            met or "-",
            cadence,
            due or "-",
            status_text(status, snooze, today),
        )
        for _, name, ladder, company, last, met, cadence, due, status, snooze in rows
    ]
    return table(cells, HEADERS)


class _Asked(NamedTuple):
    """What `list` was asked for: the day, the filters, the order."""

    day: date
    tag: str | None
    ladder: str | None
    group: str | None
    sort_by: str
    show_all: bool

    @property
    def narrowed(self) -> bool:
        return bool(self.tag or self.ladder or self.group)


R = TypeVar("R")


def _narrowed(
    index: Index, asked: _Asked, rows: list[R], field: Callable[[str], Callable[[R], Any]]
) -> list[R]:
    """Everyone's rows (by name), narrowed to the contacts the digest's scope
    admits, in the order asked for; `field` reads a row's field by name."""
    if asked.narrowed:  # the digest's scope, its modules loaded only when asked for
        scope = _scope(index, asked.day, asked.tag, asked.ladder, asked.group)
        admitted = {c.path for c in index.contacts(details=False) if scope.admits(c)}
        path = field("path")
        rows = [r for r in rows if path(r) in admitted]
    return sorted_rows(rows, asked.sort_by, field)


def _scope(
    index: Index, day: date, tag: str | None, ladder: str | None, group: str | None
) -> Scope:
    """The part of the network `digest --tag/--ladder/--group` covers."""
    from ..digest_scope import Scope

    if not group:
        return Scope(tag, ladder)
    from ..groups import Groups

    groups = Groups(index, day)
    return Scope(tag, ladder, group, frozenset(groups.members(groups.find(group))))


@click.command(short_help="One person: where things stand, tasks, every conversation.")
@click.argument("name", shell_complete=complete_names)
@date_option
@format_option("text", "json")
@pass_session
def show(session: Session, name: str, today: date | None, output_format: str) -> None:
    """One contact's summary: who they are, where things stand, open tasks and
    every interaction. NAME is a name, alias or file name, in any case, with
    or without accents.

    \b
    Example:  netnotes show "jane doe"
    """
    from ..summary import summarize, summary_json, summary_text

    day = today_or(today)
    summary = session.read(lambda index: summarize(index, session.config, name, day))
    if output_format == "json":
        emit_json(summary_json(summary))
    else:
        say(summary_text(summary))

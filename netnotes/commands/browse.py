"""Looking things up: `list`, `show`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

import click

from ..roster import (
    LIST_SORTS,
    ListRow,
    Memo,
    list_row,
    list_rows,
    sorted_standings,
    standing_json,
    standings,
    status_text,
)
from ..session import Session
from .shared import (
    RUNGS,
    complete_names,
    date_option,
    emit_json,
    format_option,
    hint_no_contacts,
    iso,
    pass_session,
    say,
    short,
    table,
    today_or,
)

if TYPE_CHECKING:
    from ..config import Config
    from ..digest import Scope
    from ..index import Index
    from ..people import Standing


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
            lambda index: [standing_json(s) for s in _listed(index, config, asked)]
        )
        if not values:
            hint_no_contacts(session, session.index(sync=False)[0])
        emit_json(values)
        return
    text = session.read(  # the table made beside the walk too: only printing waits for it
        lambda index: _table_text(_table_rows(index, config, asked), asked.day)
    )
    if not text:
        if not hint_no_contacts(session, session.index(sync=False)[0]):
            what = " match" if asked.narrowed else " yet: add one with `netnotes new NAME`"
            say("no contacts" + what, err=True)
        return
    say(text)


HEADERS = ["NAME", "LADDER", "COMPANY", "LAST TOUCH", "IN PERSON", "CADENCE", "DUE", "STATUS"]


def _table_text(rows: list[ListRow], day: date) -> str:
    """The table `list` prints; empty for no rows."""
    if not rows:
        return ""
    days, cadences = Memo(iso), Memo(str)  # thousands of rows, a few hundred days
    cells = [
        [
            short(r.name),
            r.ladder or "-",
            short(r.company, 24) or "-",
            days[r.last_touch],
            days[r.last_in_person],
            cadences[r.cadence],
            days[r.due],
            status_text(r, day),
        ]
        for r in rows
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


def _table_rows(index: Index, config: Config, asked: _Asked) -> list[ListRow]:
    """What the table prints: of everyone, read as list_rows reads them
    (no contact made); narrowed, from the whole contacts it needs."""
    if asked.narrowed:
        return [list_row(s) for s in _listed(index, config, asked)]
    rows = list_rows(index, config, asked.day)
    kept = [r for r in rows if asked.show_all or r.status != "archived"]
    return sorted_standings(kept, asked.sort_by)


def _listed(index: Index, config: Config, asked: _Asked) -> list[Standing]:
    """Everyone's standing, narrowed, in the order asked for (json and the
    narrowed table, which need the whole contact)."""
    full = standings(index, config, asked.day)
    if not asked.show_all:
        full = [s for s in full if s.contact.status != "archived"]
    if asked.narrowed:  # the digest's scope, its modules loaded only when asked for
        scope = _scope(index, asked.day, asked.tag, asked.ladder, asked.group)
        full = [s for s in full if scope.admits(s.contact)]
    return sorted_standings(full, asked.sort_by)


def _scope(
    index: Index, day: date, tag: str | None, ladder: str | None, group: str | None
) -> Scope:
    """The part of the network `digest --tag/--ladder/--group` covers."""
    from ..digest import Scope

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

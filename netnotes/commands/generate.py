"""The files netnotes writes for you to read: `digest`, `prep`, `export`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..config import own_template
from ..dates import MAX_HORIZON_DAYS
from ..digestmd import TEMPLATE as DIGEST_TEMPLATE
from ..digestmd import render_digest
from ..errors import UsageError
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
    say_removed,
    tidy,
    today_or,
)

if TYPE_CHECKING:
    from ..digest import Digest
    from ..index import Index
    from ..prep import PrepBuilder, PrepSheet


@click.command("digest")
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
@click.option("--ladder", type=click.Choice(RUNGS), help="Only this rung.")
@click.option(
    "--group",
    help="Only members of this group: a group note, or a name in `groups:`; with whoever"
    " came to its meetings in the last year.",
)
@pass_session
def digest_command(
    session: Session,
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
    from ..naming import DIGEST_FILE
    from ..stamp import stamp

    day = today_or(today)
    scope = (tag, ladder, group)
    if output_format == "json":
        values = session.read(lambda index: _digest_values(session, index, day, scope, horizon))
        hint_no_contacts(session, session.index(sync=False)[0])
        emit_json(values)
        return
    relative = f"{session.config.output_dir}/{DIGEST_FILE}"
    digest = session.read(lambda index: _digest(session, index, day, scope, horizon))
    hint_no_contacts(session, session.index(sync=False)[0])
    text = stamp(_digest_markdown(session, digest), relative)
    if to_stdout or any(scope):
        click.echo(text, nl=False)
        return
    from ..render import write_generated

    with session.write_lock():
        written = write_generated(session.vault, relative, text)
        removed = tidy(session, today, old_sheets=True)
    say(f"wrote {relative}" if written else f"{relative} is up to date", err=True)
    say_removed(removed)


Narrowed = tuple[str | None, str | None, str | None]  # --tag, --ladder, --group


def _digest_values(
    session: Session, index: Index, day: date, narrowed: Narrowed, horizon: int | None
) -> Any:
    """The whole digest as JSON values, its rows made as they are written."""
    from ..digest import Scope
    from ..digest_json_sql import json_document

    return json_document(index, session.config, day, Scope(*narrowed), horizon)


def _digest(
    session: Session, index: Index, day: date, narrowed: Narrowed, horizon: int | None
) -> Digest:
    """The markdown digest's model, with only the rows it shows where
    netnotes' own template renders it (a vault's own may read every row)."""
    from ..digest import Scope, build_digest

    whole = own_template(session.root, DIGEST_TEMPLATE)
    return build_digest(index, session.config, day, Scope(*narrowed), horizon, whole)


def _digest_markdown(session: Session, digest: Digest) -> str:
    """The digest in the vault's own template (render.py, Jinja2's sandbox),
    or in netnotes' own, rendered without importing Jinja2 (digestmd)."""
    if own_template(session.root, DIGEST_TEMPLATE):
        return session.renderer.render(DIGEST_TEMPLATE, digest)
    return render_digest(digest)


@click.command("prep", short_help="A prep sheet for a meeting: what to ask, what was promised.")
@click.argument("target", required=False, shell_complete=complete_names)
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
@pass_session
def prep_command(
    session: Session,
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
    if bool(target) == upcoming:
        raise UsageError(
            "give a contact or a meeting note to prepare for, or --upcoming (not both)"
        )
    day = today_or(today)
    if output_format == "json":
        views = session.read(lambda index: _prep_views(session, index, target, day))
        emit_json(views if upcoming else views[0])
        return
    rendered = session.read(lambda index: _prep_texts(session, index, target, day))
    if to_stdout:
        click.echo("\n".join(text for _, text in rendered), nl=False)
    else:
        _write_sheets(session, rendered, keep_going=upcoming, today=today)
    if upcoming and not rendered:
        days = session.config.digest_horizon_days
        say(f"no planned meetings in the next {days} day{'' if days == 1 else 's'}", err=True)


def _prep_sheets(
    session: Session, index: Index, target: str | None, day: date
) -> tuple[PrepBuilder, Iterator[PrepSheet]]:
    """The sheet for `target`, or every upcoming one (no target: --upcoming),
    built one at a time as they are asked for."""
    from ..prep import PrepBuilder

    builder = PrepBuilder(index, session.config, day, session.vault.note_text)
    if not target:
        return builder, builder.upcoming()
    return builder, iter([builder.sheet(builder.resolve(target))])


def _prep_views(session: Session, index: Index, target: str | None, day: date) -> list[Any]:
    """The sheets as JSON values."""
    from ..prepjson import prep_json

    return [prep_json(sheet) for sheet in _prep_sheets(session, index, target, day)[1]]


def _prep_texts(
    session: Session, index: Index, target: str | None, day: date
) -> list[tuple[str, str]]:
    """Each sheet's place in the vault and its markdown; only the texts kept."""
    from ..stamp import stamp

    builder, sheets = _prep_sheets(session, index, target, day)
    rendered = []
    for sheet in sheets:
        relative = builder.sheet_path(sheet)
        rendered.append((relative, stamp(session.renderer.render("prep.md.j2", sheet), relative)))
    return rendered


def _write_sheets(
    session: Session, rendered: list[tuple[str, str]], keep_going: bool, today: date | None
) -> None:
    """Write each sheet; with `keep_going` (--upcoming) one refused sheet does
    not stop the others, and the exit code is 1 at the end. --upcoming also
    removes the sheets of meetings long past."""
    from ..errors import WriteRefusedError
    from ..gitsync import guard_output
    from ..render import write_generated

    guard_output(session.vault)  # said once, not once per sheet
    refused = False
    with session.write_lock():
        for relative, text in rendered:
            try:
                written = write_generated(session.vault, relative, text)
            except WriteRefusedError as err:
                if not keep_going:
                    raise
                say(f"netnotes: {err.message}", err=True)
                refused = True
                continue
            say(f"wrote {relative}" if written else f"{relative} is up to date", err=True)
        removed = [] if refused else tidy(session, today, old_sheets=keep_going)
    say_removed(removed)
    if refused:
        sys.exit(1)


@click.group("export", short_help="Write a calendar (ics) or an address book (vcard).")
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
@pass_session
def export_ics(
    session: Session, today: date | None, output: str | None, reconnect: bool, force: bool
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
    from ..interop.ics import build_calendar

    index, _ = session.index()
    calendar = build_calendar(index, session.config, today_or(today), reconnect)
    _write_export(session, calendar, output, force, "calendar")


@export_group.command("vcard", short_help="Your contacts as an address book (.vcf).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (default: stdout)."
)
@click.option("--force", is_flag=True, help="Replace an -o file that netnotes did not write.")
@pass_session
def export_vcard(session: Session, output: str | None, force: bool) -> None:
    """Every contact that is not archived as a vCard 3.0, for a phone or an
    address book: name, company, role, email, phone, LinkedIn, birthday,
    tags as categories and the note's opening text.

    \b
    Example:  netnotes export vcard -o ~/contacts.vcf
    """
    from ..interop.addressbook import address_book

    index, _ = session.index()
    _write_export(session, address_book(index), output, force, "vCard file")


def _write_export(
    session: Session, data: bytes, output: str | None, force: bool, what: str
) -> None:
    from ..interop.output import write_export
    from ..text import export_text

    data = export_text(data)
    if output is None:
        click.echo(data, nl=False)
        return
    with session.write_lock():
        changed = write_export(Path(output), data, force, what)
    say(f"wrote {output}" if changed else f"{output} is up to date", err=True)

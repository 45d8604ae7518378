"""Bringing people and meetings in: `import` (LinkedIn, vCard, Google,
Outlook) and `import ics` (a calendar)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..errors import NetnotesError, UsageError
from ..session import Session
from ..text import printable
from .shared import (
    RUNGS,
    DateType,
    date_option,
    emit_json,
    format_option,
    iso,
    pass_session,
    placed,
    say,
    say_table,
    short,
    table,
    today_or,
)


@click.command("import", short_help="Add people from LinkedIn, a vCard file, Google or Outlook.")
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
    type=click.Choice(RUNGS),
    help="Put the people it creates on this rung (default: unplaced, the address book).",
)
@click.option("--tag", "tags", multiple=True, help="Also tag the people it creates (repeat).")
@click.option("--cadence", help="How often to be in touch with the people it creates: 3m, 1y…")
@format_option("table", "json")
@pass_session
def import_command(
    session: Session,
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

    from ..interop import read_source
    from ..interop.plan import build_plan

    placement = _placement(ladder, tags, cadence)
    try:
        data = Path(file).read_bytes()
    except OSError as err:
        raise NetnotesError(f"{file}: cannot read it ({err.strerror})") from None
    entries, warnings = read_source(source, file, data)
    if not apply_plan:
        index, _ = session.index()
        plan = build_plan(
            source,
            file,
            entries,
            index.contacts(),
            session.config,
            lambda p: session.vault.path(p).exists(),
            placement,
        )
    else:
        with session.write_lock():
            plan = _apply_import(session, source, file, entries, placement)
            session.index()
    _report_import(replace(plan, warnings=warnings), output_format)


def _placement(ladder: str | None, tags: tuple[str, ...], cadence: str | None) -> Any:
    from ..dates import parse_cadence
    from ..interop.plan import Placement

    if cadence:
        try:
            parse_cadence(cadence)
        except ValueError as err:
            raise UsageError(f"--cadence: {err}") from None
    return Placement(placed(ladder), tuple(tags), cadence)


def _apply_import(session: Session, source: str, file: str, entries: list, placement: Any) -> Any:
    from ..interop.plan import apply_plan, build_plan, met_to_connected
    from ..newcontact import create_contact
    from ..writes import FolderListing, rewrite_note

    index, _ = session.index()
    contacts = index.contacts()
    plan = build_plan(
        source,
        file,
        entries,
        contacts,
        session.config,
        lambda p: session.vault.path(p).exists(),
        placement,
    )

    listing = FolderListing()

    def create(new: Any, path: str) -> str:
        stem = path.rsplit("/", 1)[-1].removesuffix(".md")
        return create_contact(
            session.vault, session.config, session.renderer, contacts, new, stem, listing
        )

    def update(step: Any) -> None:
        rewrite_note(session.vault, step.path, met_to_connected(step.path, step.contact.connected))

    return apply_plan(plan, create, update)


def _report_import(plan: Any, output_format: str) -> None:
    from ..interop.plan import CREATE, CREATED, EXISTS, FAILED, SKIP, UPDATE, UPDATED
    from ..views import import_json

    actions = (CREATE, CREATED, UPDATE, UPDATED, EXISTS, SKIP, FAILED)
    if output_format == "json":
        emit_json(import_json(plan, actions))
    elif plan.steps:
        say(
            table(
                [[s.action, s.where, short(s.name or "-"), _step_detail(s)] for s in plan.steps],
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
@pass_session
def import_ics(
    session: Session,
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
    from ..interop.calendar_file import read_calendar, zone_named

    day = today_or(today)
    window = _ics_window(session, day, since, until)
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
        with session.write_lock():
            plan = _apply_ics(session, calendar, window, me, create)
    else:
        plan = _plan_ics(session, calendar, window, me, create)
    _report_ics(plan, output_format)
    if plan.applied and plan.failed():
        sys.exit(1)


def _ics_window(session: Session, today: date, since: date | None, until: date | None) -> Any:
    from datetime import timedelta

    from ..interop.calendar import Window

    since = since or today - timedelta(days=90)
    until = until or today + timedelta(days=session.config.digest_horizon_days)
    if since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    return Window(today, since, until)


def _plan_ics(
    session: Session, calendar: Any, window: Any, me: tuple[str, ...], create: bool
) -> Any:
    from ..interop.calendar import VaultView, build_calendar_plan
    from ..interop.identity import email_key

    for address in me:
        if not email_key(address):
            raise UsageError(f"--me {address}: not an email address")
    index, _ = session.index()
    touches = index.touches_between(window.since, date.max)
    view = VaultView(index.contacts(), touches, session.vault.note_text, session.config)
    return build_calendar_plan(calendar, view, window, me, create)


def _apply_ics(
    session: Session, calendar: Any, window: Any, me: tuple[str, ...], create: bool
) -> Any:
    from ..interop.calendar_write import StepWriter, apply_calendar_plan, create_contacts
    from ..newcontact import create_contact
    from ..writes import refuse_during_git

    refuse_during_git(session.vault, "the calendar's events")
    plan = _plan_ics(session, calendar, window, me, create)
    if plan.new_contacts:
        index, _ = session.index()
        known = index.contacts()
        made = create_contacts(
            plan,
            lambda new: create_contact(session.vault, session.config, session.renderer, known, new),
        )
        for problem in made:
            say(f"netnotes: {problem}", err=True)
    index, _ = session.index()  # sync again: the new contacts are in it now
    writer = StepWriter(session.vault, session.config, index.contacts())
    return apply_calendar_plan(plan, writer)


UNKNOWN_SHOWN = 20  # strangers listed in the table, those in most events first


def _report_ics(plan: Any, output_format: str) -> None:
    from ..interop.calendar import CREATE, REMOVE, SKIP, UPDATE, plan_json

    if output_format == "json":
        emit_json(plan_json(plan))
    else:
        rows = [
            [s.action, iso(s.date), short(s.summary or "-"), ", ".join(s.notes), s.reason or ""]
            for s in plan.steps
            if not s.present  # a weekly import would list every earlier event again
        ]
        if rows:
            say_table(table(rows, ["ACTION", "DATE", "SUMMARY", "NOTE", "REASON"]))
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
    updates = [s for s in plan.steps if s.action == UPDATE and s.old is not None]
    regathered = sum(1 for s in updates if s.old.day == s.date)  # someone joined or left
    moved = f"{len(updates) - regathered} moved" + (f", {regathered} changed" if regathered else "")
    counts = f"{plan.count(CREATE)} new, {moved}, {plan.count(REMOVE)} removed"
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

"""Writing into your notes: `new`, `log`, `merge`, `done` (edit.py does the
writing)."""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import Any

import click

from ..errors import NetnotesError, UsageError
from ..people import find_contact
from ..roster import find_indexed
from ..session import Session
from .shared import (
    RUNGS,
    DateType,
    complete_names,
    date_option,
    pass_session,
    placed,
    say,
    today_or,
)


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


@click.command("new", short_help="Add a contact note.")
@click.argument("name")
@click.option(
    "--ladder",
    type=click.Choice(RUNGS),
    help="Where they stand relative to you (unplaced, the default: in your address book).",
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
@pass_session
def new_command(
    session: Session, name: str, open_editor: bool, today: date | None, **values: Any
) -> None:
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
    from ..models_note import NewContact
    from ..newcontact import create_contact

    values["tags"] = tuple(values["tags"])
    values["ladder"] = placed(values["ladder"])
    if values["last_kind"] and not values["last_touch"]:
        raise UsageError("--kind says what the last touch was: give --last-touch DATE too")
    if values["last_touch"] and values["last_touch"] > today_or(today):
        raise UsageError("--last-touch: give a day in the past; a later one is a plan (use `log`)")
    with session.write_lock():
        index, _ = session.index()
        path = create_contact(
            session.vault,
            session.config,
            session.renderer,
            index.contacts(),
            NewContact(name, **values),
        )
        session.index()
    if open_editor:
        _open_editor(filename=str(session.vault.path(path)))
        with session.write_lock():
            session.index()
    say(path)


@click.command("log", short_help="Record a conversation with one person or several.")
@click.argument("names", nargs=-1, required=True, shell_complete=complete_names)
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
@pass_session
def log_command(
    session: Session,
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
    from ..edit import editor_template, lines_from_editor, log_meeting, log_to_contact, make_entry

    day = today_or(when)
    index, _ = session.index()
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
    with session.write_lock():
        index, _ = session.index()
        contacts = index.contacts()
        people = list({c.path: c for c in (find_contact(contacts, n) for n in names)}.values())
        if len(people) == 1:
            where = f"{people[0].path}:{log_to_contact(session.vault, session.config, people[0], entry)}"
        else:
            meetings = index.meeting_notes()
            where = log_meeting(session.vault, session.config, contacts, people, entry, meetings)
        session.index()
    say(where)


@click.command("merge", short_help="Make one person's two notes one.")
@click.argument("keep", shell_complete=complete_names)
@click.argument("other", shell_complete=complete_names)
@click.option("--apply", "apply_merge", is_flag=True, help="Merge (default: only show the plan).")
@click.option(
    "--prefer",
    type=click.Choice(["keep", "other"]),
    default="keep",
    show_default=True,
    help="Whose value wins when both notes have a different one.",
)
@pass_session
def merge_command(session: Session, keep: str, other: str, apply_merge: bool, prefer: str) -> None:
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

    from ..merge import apply_merge as run_merge
    from ..merge import plan_merge

    with session.write_lock():
        index, _ = session.index()
        first, second = find_indexed(index, keep), find_indexed(index, other)
        plan = plan_merge(session.vault, index, first, second, prefer == "other")
        if apply_merge:  # the trash may have gained a namesake since the plan: say where it went
            plan = replace(plan, trash=run_merge(session.vault, index, plan))
            session.index()
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


@click.command("done", short_help="Check off someone's open task.")
@click.argument("name", shell_complete=complete_names)
@click.argument("text")
@click.option("--date", "when", type=DateType(), help="The day it was done (default: today).")
@pass_session
def done_command(session: Session, name: str, text: str, when: date | None) -> None:
    """Check off the one open task of NAME whose text holds TEXT (case
    aside), wherever it is written: `- [ ]` becomes `- [x]` and the Tasks
    plugin's ` ✅ YYYY-MM-DD` is added. No match or several: the candidates
    are listed, exit 1, nothing written.

    \b
    Example:  netnotes done "Jane Doe" "article on payment rails"
    """
    from ..edit import check_off_task, pick_task

    with session.write_lock():
        index, _ = session.index()
        contact = find_contact(index.contacts(), name)
        item = pick_task(index.items(contact.path), contact, text)
        check_off_task(session.vault, item, today_or(when))
        session.index()
    say(f"{item.path}:{item.line}")
    say(f"checked off: {item.text}", err=True)

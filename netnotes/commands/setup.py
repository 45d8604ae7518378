"""Setting a vault up and looking after it: `init`, `index`, `check`."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..config import CONFIG_DIR, CONFIG_FILE
from ..models import ERROR
from ..session import Session
from ..views import problem_json, problem_line
from .shared import emit_json, format_option, pass_session, say


@click.command(short_help="Make a vault, or adopt an existing Obsidian vault.")
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
    from ..vaultinit import init_vault

    root = Path(directory).expanduser()
    made = init_vault(root)
    for path in made.symlinks:
        say(f"netnotes: {path} is a symlink; left as it is, nothing written through it", err=True)
    created = list(made.created)
    for path in created:
        say(f"created {path.relative_to(root)}{'/' if path.is_dir() else ''}", err=True)
    where = f"{CONFIG_DIR}/{CONFIG_FILE}"
    if made.had_config:
        how = f"as {where} says"
    elif made.found:
        how = "found in the vault"
    else:
        how = "the default"
    people_dir, output_dir = made.config.people_dir, made.config.output_dir
    say(f"contacts: {people_dir}/ ({how}; to change it, set people_dir in {where})", err=True)
    if made.ignored:
        what = "created .gitignore with" if made.ignored == "created" else "added to .gitignore:"
        say(f"{what} {output_dir}/ (generated files stay out of git)", err=True)
        created.append(root / ".gitignore")
    what = "adopted the Obsidian vault" if made.adopted else "vault ready"
    say(f"{what} at {root.resolve()}" + ("" if created else " (nothing to create)"))


@click.command("index")
@click.option("--full", is_flag=True, help="Rebuild the index from nothing.")
@click.option("--strict", is_flag=True, help="Exit 1 when any note failed to parse.")
@pass_session
def index_command(session: Session, full: bool, strict: bool) -> None:
    """Bring the index up to date and say what changed.

    Notes that fail to parse are listed as path:line: problem; the rest are
    indexed. The index is a cache outside the vault: deleting it loses nothing.

    \b
    Example:  netnotes index --full
    """
    index, report = session.index(full=full)
    assert report is not None
    say(
        f"{report.added} added, {report.changed} changed, {report.removed} removed, "
        f"{report.unchanged} unchanged, {len({p.path for p in report.failed})} failed"
    )
    for problem in report.failed:
        say(problem_line(problem))
    if strict and report.failed:
        sys.exit(1)


@click.command()
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@format_option("table", "json")
@pass_session
def check(session: Session, strict: bool, output_format: str) -> None:
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
    from ..gitsync import tracked_outputs
    from ..tidy import kept_sheets

    problems = session.read(lambda index: index.problems()) + tracked_outputs(session.vault)
    problems += kept_sheets(session.vault, date.today(), session.config.prep_keep_days)
    problems.sort(key=lambda p: (p.path, p.line or 0, p.severity, p.problem))
    if output_format == "json":
        emit_json([problem_json(p) for p in problems])
    elif problems:  # one write: 13,000 lines at 10k contacts
        say("\n".join(map(problem_line, problems)))
    else:
        say("nothing needs attention", err=True)
    errors = any(p.severity == ERROR for p in problems)
    if errors or (strict and problems):
        sys.exit(1)

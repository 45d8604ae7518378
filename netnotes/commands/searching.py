"""`search`: full-text search over every note. Its own module, so that a
search imports nothing of `list`'s roster."""

from __future__ import annotations

import click

from ..session import Session
from .shared import emit_json, format_option, pass_session, say


@click.command("search", short_help="Full-text search over every note.")
@click.argument("query")
@click.option("--limit", default=50, show_default=True, help="At most this many hits.")
@format_option("text", "json")
@pass_session
def search_command(session: Session, query: str, limit: int, output_format: str) -> None:
    """Full-text search over every note: which note, the date of the
    interaction the hit lies in, and the line.

    Plain words must all appear; accents and case do not matter. FTS5 syntax
    works too: "exact phrase", prefix*, OR, NOT, NEAR(a b).

    \b
    Example:  netnotes search marathon
    """
    from ..fulltext import is_filled
    from ..search import search
    from ..views import hit_json

    if is_filled(session.index(sync=False)[0].conn):  # searched before: beside the walk
        hits = session.read(lambda index: search(index, query, limit))
    else:
        index, _ = session.index()
        index.fill_full_text(session.progress())  # the first search builds it: a progress bar
        hits = search(index, query, limit)
    if output_format == "json":
        emit_json([hit_json(h) for h in hits])
        return
    if not hits:
        say(f"no notes match {query!r}", err=True)
        return
    for hit in hits:
        when = f"[{hit.date.isoformat()}] " if hit.date else ""
        who = f"{hit.name}: " if hit.name else ""
        say(f"{hit.path}:{hit.line}: {when}{who}{hit.snippet}")

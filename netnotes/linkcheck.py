"""Which links to no note are worth a warning, and what the user may have
meant. Obsidian resolves a link case-insensitively but not accent-
insensitively (naming.link_key); a suggestion looks further, with case and
accents folded (naming.lookup_key). Links to daily notes by date, to attachments
that exist and into the templates or output folder are no problem."""

from __future__ import annotations

import difflib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from . import privacy
from .links import MISSING
from .models import WARNING, ParseContext, Problem
from .naming import lookup_key, wikilink
from .schema import marks

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MOST_COMPARED = 200_000  # names × links past which only exact folded matches are suggested


class LinkJudge:
    """Judges the missing links of one vault; reads the folders it needs once."""

    def __init__(self, root: Path, context: ParseContext, skipped_dirs: Iterable[str]) -> None:
        self.root = root
        self.context = context
        self.skipped = tuple(d.strip("/") for d in skipped_dirs if d.strip("/"))
        self._judged: dict[str, bool] = {}  # a digest asks again for its suggestions

    def harmless(self, target: str) -> bool:
        """A link that leads to no note but to something Obsidian opens or makes."""
        judged = self._judged.get(target)
        if judged is None:
            judged = self._judged[target] = self._harmless(target)
        return judged

    def _harmless(self, target: str) -> bool:
        if self._is_daily(target):
            return True
        folded = target.casefold()
        if any(folded.startswith(d.casefold() + "/") for d in self.skipped):
            return True
        return self._exists(target)

    def _is_daily(self, target: str) -> bool:
        if _ISO_DAY.fullmatch(target):
            return True
        folder = self.context.daily_folder
        named = f"{folder}/{target}.md" if folder and "/" not in target else f"{target}.md"
        return self.context.daily_date(named) is not None

    def _exists(self, target: str) -> bool:
        """An attachment (`diagram.svg`) anywhere in the vault, by name or path,
        or a note in a skipped folder (a template) by its name."""
        folded = target.casefold()
        if "." in folded.rsplit("/", 1)[-1]:
            return folded in self._names(self._attachments, ("",))
        return f"{folded}.md" in self._names(self._templates, self.skipped)

    _attachments: set[str] | None = None
    _templates: set[str] | None = None

    def _names(self, cached: set[str] | None, folders: tuple[str, ...]) -> set[str]:
        """Every file's name and path in these folders, lowercased; notes only
        from skipped folders (the index knows the others)."""
        if cached is not None:
            return cached
        found: set[str] = set()
        for start in folders:
            for folder, dirs, names in os.walk(self.root / start if start else self.root):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                relative = os.path.relpath(folder, self.root).replace(os.sep, "/")
                prefix = "" if relative == "." else relative + "/"
                skipped = any(prefix.startswith(d + "/") for d in self.skipped)
                for name in names:
                    if name.lower().endswith(".md") and not skipped:
                        continue
                    found.update(((prefix + name).casefold(), name.casefold()))
        if folders == ("",):
            self._attachments = found
        else:
            self._templates = found
        return found


def suggestion(
    target: str,
    exact: Callable[[str], list[str]],
    names: Callable[[], dict[str, str]],
    links: int,
) -> str | None:
    """`[[Tomás García]]` for `[[tomas garcia]]`: a contact whose name, alias
    or file name folds to the target's; else one close to it once folded.
    `exact(key)` gives the links of contacts answering to a folded key;
    `names()` every folded name with its contact's link."""
    key = lookup_key(target)
    found = exact(key)
    if found:
        return found[0]
    every = names()
    if len(every) * max(links, 1) > MOST_COMPARED:
        return None
    close = difflib.get_close_matches(key, list(every), n=1, cutoff=0.85)
    return every[close[0]] if close else None


_ROWS = (
    "SELECT DISTINCT f.path, l.line, l.target, l.status, l.matches, EXISTS(SELECT 1"
    " FROM items i WHERE i.file = l.file AND i.line = l.line AND i.sensitive),"
    " EXISTS(SELECT 1 FROM interactions c WHERE c.file = l.file AND c.line = l.line)"
    " FROM links l JOIN files f ON f.id = l.file{among}"
    " WHERE l.status IN ('missing', 'ambiguous'){kept}"
)
# Not a link the judge finds harmless: the harmless targets are given as a JSON list.
_KEPT = " AND NOT (l.status = 'missing' AND l.target IN (SELECT value FROM json_each(?)))"


def link_problems(
    conn: sqlite3.Connection, judge: LinkJudge, suggest: bool = True
) -> list[Problem]:
    """A warning for each link sync found leading to no note (unless `judge`
    finds it harmless; with what it may have meant, unless not to `suggest`:
    then `suggested` adds it to the few shown) or to several."""
    rows = conn.execute(_ROWS.format(among="", kept="")).fetchall()
    missing = {row[2] for row in rows if row[3] == MISSING}
    harmless = {target for target in missing if judge.harmless(target)}
    meant = _meant(conn, missing - harmless) if suggest else {}
    kept = [row for row in rows if row[3] != MISSING or row[2] not in harmless]
    return _worded(conn, kept, _TaggedLines(conn), meant)


def first_link_problems(
    conn: sqlite3.Connection, judge: LinkJudge, lines: int
) -> tuple[list[Problem], int]:
    """link_problems(suggest=False) on the first `lines` lines that have one
    (by path and line: each such line has at least one problem), and how many
    link_problems gives in all: for the markdown digest, which shows a few
    and counts the rest, without wording every one."""
    missing = conn.execute("SELECT DISTINCT target FROM links WHERE status = ?", (MISSING,))
    harmless = json.dumps(sorted(t for (t,) in missing if judge.harmless(t)))
    tagged = _TaggedLines(conn)
    among = (
        " JOIN (SELECT DISTINCT f.path AS path, l.file AS file, l.line AS line FROM links l"
        " JOIN files f ON f.id = l.file WHERE l.status IN ('missing', 'ambiguous')"
        f"{_KEPT} ORDER BY f.path, l.line LIMIT ?) x ON x.file = l.file AND x.line = l.line"
    )
    rows = conn.execute(_ROWS.format(among=among, kept=_KEPT), (harmless, lines, harmless))
    first = _worded(conn, rows.fetchall(), tagged, {})
    return first, _count(conn, harmless, tagged)


def _count(conn: sqlite3.Connection, harmless: str, tagged: _TaggedLines) -> int:
    """How many problems link_problems words: one per line and target, but
    a #sensitive line's targets are one problem, which names none of them."""
    (count,) = conn.execute(
        "SELECT COUNT(*) FROM (SELECT DISTINCT l.file, l.line, l.target FROM links l"
        f" WHERE l.status IN ('missing', 'ambiguous'){_KEPT})",
        (harmless,),
    ).fetchone()
    sensitive_item = (
        "EXISTS(SELECT 1 FROM items i WHERE i.file = l.file AND i.line = l.line AND i.sensitive)"
    )
    maybe_sensitive = conn.execute(  # lines with a #sensitive item, and headings
        f"SELECT f.path, l.line, COUNT(DISTINCT l.target), MAX({sensitive_item})"
        " FROM links l JOIN files f ON f.id = l.file"
        f" WHERE l.status IN ('missing', 'ambiguous'){_KEPT} AND ({sensitive_item} OR EXISTS"
        " (SELECT 1 FROM interactions c WHERE c.file = l.file AND c.line = l.line))"
        " GROUP BY l.file, l.line",
        (harmless,),
    )
    for path, line, targets, sensitive in maybe_sensitive:
        if sensitive or tagged.sensitive(path, line):
            count -= targets - 1
    return int(count)


def _worded(
    conn: sqlite3.Connection,
    rows: Iterable[tuple],
    tagged: _TaggedLines,
    meant: dict[str, str | None],
) -> list[Problem]:
    """The problems of these rows (of _ROWS, harmless links left out)."""
    found = []
    for path, line, target, status, matches, sensitive, heading in rows:
        # A conversation's dated heading is no item: whether it is #sensitive
        # is read from the note, for such headings with a problem only.
        sensitive = sensitive or (heading and tagged.sensitive(path, line))
        if not privacy.shareable(sensitive):  # the problem may not quote the line
            found.append(Problem(path, line, WARNING, privacy.SENSITIVE_LINK_PROBLEM))
            continue
        if status == MISSING:
            text = _no_note(target)
            if meant.get(target):
                text += f"; did you mean {meant[target]}?"
        else:
            ids = [int(m) for m in matches.split(",")]
            could = sorted(
                p
                for (p,) in conn.execute(f"SELECT path FROM files WHERE id IN ({marks(ids)})", ids)
            )
            text = f"link [[{target}]] could mean {' or '.join(could)}"
        found.append(Problem(path, line, WARNING, text, target))
    return found


class _TaggedLines:
    """Whether a conversation's line (a dated heading, a daily note's line)
    carries #sensitive, as the sync stored it (interactions.sensitive)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def sensitive(self, path: str, line: int) -> bool:
        found = self.conn.execute(
            "SELECT 1 FROM interactions i JOIN files f ON f.id = i.file"
            " WHERE f.path = ? AND i.line = ? AND i.sensitive LIMIT 1",
            (path, line),
        ).fetchone()
        return found is not None


def suggested(conn: sqlite3.Connection, judge: LinkJudge, problems: list[Problem]) -> list[Problem]:
    """`problems` with what each missing link may have meant, worded as
    link_problems words it: for the few problems a digest shows."""
    targets = {p.detail for p in problems if p.detail and p.problem == _no_note(p.detail)}
    if not targets:
        return problems
    missing = conn.execute("SELECT DISTINCT target FROM links WHERE status = ?", (MISSING,))
    links = sum(1 for (target,) in missing if not judge.harmless(target))
    meant = _meant(conn, targets, links)
    return [
        replace(p, problem=f"{p.problem}; did you mean {meant[p.detail]}?")
        if p.detail in targets and meant.get(p.detail)
        else p
        for p in problems
    ]


def _no_note(target: str) -> str:
    return f"link [[{target}]] leads to no note"


def _meant(
    conn: sqlite3.Connection, targets: set[str], links: int | None = None
) -> dict[str, str | None]:
    """The contact each missing link may have meant (`suggestion`); `links`:
    how many missing links there are to suggest for (`targets`, unless given)."""
    every: dict[str, str] = {}
    read: list[bool] = []  # whether names() has read them (or found them too many)

    def exact(key: str) -> list[str]:
        rows = conn.execute(
            "SELECT f.path, c.name FROM folds x JOIN contacts c ON c.file = x.file"
            " JOIN files f ON f.id = x.file WHERE x.key = ? ORDER BY f.path",
            (key,),
        )
        return [wikilink(path, name) for path, name in rows]

    def names() -> dict[str, str]:
        if not read:  # once: every suggestion asks
            read.append(True)
            if _comparable(conn, count):
                for key, path, name in conn.execute(
                    "SELECT x.key, f.path, c.name FROM folds x JOIN contacts c"
                    " ON c.file = x.file JOIN files f ON f.id = x.file ORDER BY f.path"
                ):
                    if key not in every:  # the first by path
                        every[key] = wikilink(path, name)
        return every

    count = len(targets) if links is None else links
    return {t: suggestion(t, exact, names, count) for t in sorted(targets)}


def _comparable(conn: sqlite3.Connection, links: int) -> bool:
    """Whether suggestion would compare every folded name with `links` links
    (MOST_COMPARED): if not, names() need not read them, as it finds no close
    one among none. Counted as names() would find them, only as far as the
    most that may be compared (a network of thousands has far more)."""
    most = MOST_COMPARED // max(links, 1)
    known = conn.execute(
        "SELECT COUNT(*) FROM (SELECT DISTINCT key FROM folds WHERE file IN"
        " (SELECT c.file FROM contacts c JOIN files f ON f.id = c.file) LIMIT ?)",
        (most + 1,),
    ).fetchone()[0]
    return bool(known <= most)

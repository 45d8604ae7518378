"""Which links to no note are worth a warning, and what the user may have
meant. Obsidian resolves a link case-insensitively but not accent-
insensitively (naming.link_key); a suggestion looks further, with case and
accents folded (naming.lookup_key). Links to daily notes by date, to attachments
that exist and into the templates or output folder are no problem."""

import json
import os
import sqlite3
from collections.abc import Callable, Collection, Iterable
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from . import privacy
from .links import AMBIGUOUS, CONTACT_FOLDS, MISSING
from .models import WARNING, ParseContext, Problem
from .naming import lookup_key, wikilink
from .schema import marks
from .vault import decodable

MOST_COMPARED = 200_000  # names × links past which only exact folded matches are suggested


# The files that are no notes a walk of the whole vault found (Walk.others),
# given when first asked; None: it found none to give (the judge walks).
Listing = Callable[[], Iterable[str] | None]


def _is_iso_day(text: str) -> bool:
    """Whether `text` is `\\d{4}-\\d{2}-\\d{2}` whole, without compiling a pattern
    (a digest's first judging): `\\d` is a Unicode decimal digit, isdecimal()'s."""
    return (
        len(text) == 10
        and text[4] == text[7] == "-"
        and (text[:4] + text[5:7] + text[8:]).isdecimal()
    )


class LinkJudge:
    """Judges the missing links of one vault; reads the folders it needs once.
    `listed`: what a walk of the vault just found (SyncReport.others, or
    walkcheck's child's), if any: then only the skipped folders are read."""

    def __init__(
        self,
        root: Path,
        context: ParseContext,
        skipped_dirs: Iterable[str],
        listed: Listing | None = None,
    ) -> None:
        self.root = root
        self.context = context
        self.skipped = tuple(d.strip("/") for d in skipped_dirs if d.strip("/"))
        self._listed = listed
        self._judged: dict[str, bool] = {}  # a digest asks again for its suggestions
        self._attachments: set[str] | None = None
        self._templates: set[str] | None = None
        # How many missing targets are no harmless link, as the vault's last
        # judging (_judged) counted them, for the suggestions that follow it
        # (a digest judges, then suggests): taken once, so never a stale count.
        self._unexplained: int | None = None

    def harmless_among(self, missing: set[str]) -> set[str]:
        """The harmless ones of every missing target in the vault; the others
        are counted for the suggestions that follow (take_unexplained)."""
        harmless = {target for target in missing if self.harmless(target)}
        self._unexplained = len(missing) - len(harmless)
        return harmless

    def take_unexplained(self) -> int | None:
        """The count the last judging left, if not taken yet."""
        count, self._unexplained = self._unexplained, None
        return count

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
        if _is_iso_day(target):
            return True
        folder = self.context.daily_folder
        named = f"{folder}/{target}.md" if folder and "/" not in target else f"{target}.md"
        return self.context.daily_date(named) is not None

    def _exists(self, target: str) -> bool:
        """An attachment (`diagram.svg`) anywhere in the vault, by name or path,
        or a note in a skipped folder (a template) by its name."""
        folded = target.casefold()
        if "." in folded.rsplit("/", 1)[-1]:
            return folded in self._attachment_names()
        return f"{folded}.md" in self._template_names()

    def _attachment_names(self) -> set[str]:
        """Every file's name and path in the vault, lowercased; notes only from
        skipped folders (the index knows the others)."""
        if self._attachments is None:
            listed = None if self._listed is None else self._listed()
            self._listed = None  # asked once: a watcher keeps its judge
            if listed is None:
                self._attachments = self._walk(("",))
            else:
                self._attachments = _folded(listed) | self._template_names()
        return self._attachments

    def _template_names(self) -> set[str]:
        """Every file's name and path in the skipped folders, lowercased."""
        if self._templates is None:
            self._templates = self._walk(self.skipped)
        return self._templates

    def _walk(self, folders: tuple[str, ...]) -> set[str]:
        """_attachment_names (folders: the vault's root) or _template_names,
        read from the folders."""
        found: set[str] = set()
        for start in folders:
            for folder, dirs, names in os.walk(self.root / start if start else self.root):
                dirs[:] = [d for d in dirs if not d.startswith(".") and decodable(d)]  # as scan()
                relative = os.path.relpath(folder, self.root).replace(os.sep, "/")
                prefix = "" if relative == "." else relative + "/"
                skipped = any(prefix.startswith(d + "/") for d in self.skipped)
                kept = names if skipped else [n for n in names if not n.lower().endswith(".md")]
                # each name, and its path, case-folded: ASCII by lower(), which folds
                # it alike and fast (casefold has no ASCII path: a digest folds the
                # names of a thousand prep sheets); a path folds as its parts do
                # (casefold maps each character alone, unlike lower()'s final sigma)
                folded = [n.lower() if n.isascii() else n.casefold() for n in kept]
                found.update(folded)
                found.update(map(_fold(prefix).__add__, folded))
        return found


def _fold(text: str) -> str:
    """`text.casefold()`, ASCII by lower() (as _walk folds)."""
    return text.lower() if text.isascii() else text.casefold()


def _folded(paths: Iterable[str]) -> set[str]:
    """Each path, and its file's name, lowercased."""
    found: set[str] = set()
    for path in paths:
        found.update((path.casefold(), path.rsplit("/", 1)[-1].casefold()))
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
    if not every or len(every) * max(links, 1) > MOST_COMPARED:
        return None  # none to compare (names() found them too many), or too many
    import difflib  # only here: most digests compare no names

    close = difflib.get_close_matches(key, list(every), n=1, cutoff=0.85)
    return every[close[0]] if close else None


_STATUS = "l.status IN ('missing', 'ambiguous')"  # links_problems covers these links
# Every link to no note or to several; a line with several links to one
# target has one problem.
_ROWS = (
    "SELECT f.path, l.line, l.target, l.status, l.matches FROM links l"
    f" JOIN files f ON f.id = l.file WHERE {_STATUS}"
)
# Every target of links with a problem, with its status and on how many
# lines (distinct file and line) links name it, as every sync keeps them
# (links.record_statuses): the missing targets, and the count of _ROWS kept, are
# read from these few rows, not from every link with a problem.
_TALLY = "SELECT target, status, lines FROM link_tally"
# Not a link the judge finds harmless: the harmless targets are given as a JSON
# list ({kept} of the queries below: nothing to leave out when none is harmless).
_KEPT = " AND NOT (l.status = 'missing' AND l.target IN (SELECT value FROM json_each(:harmless)))"
# The first :lines files by path with a row of _ROWS kept: they hold the first
# :lines lines (each at least one), whose paths need not all be looked up and
# sorted: the files with one are gathered (in the order of links_problems, the
# ids ascending), then files read in the order of their paths until :lines
# are found (+: not each of those files looked up by id). _first_files reads
# fewer: this is what it falls back on.
_FIRST_FILES = (
    "SELECT f.id, f.path FROM files f WHERE +f.id IN"
    f" (SELECT l.file FROM links l WHERE {_STATUS}{{kept}}) ORDER BY f.path LIMIT :lines"
)
# The first :lines files by id with a row of _ROWS kept (each status's read
# in links_problems' order, as far as its first :lines files), by path: every
# file with one up to the last id among them (fewer: every such file).
_FIRST_BY_ID = (
    "SELECT f.id, f.path FROM (SELECT file FROM (SELECT DISTINCT l.file FROM links l"
    f" WHERE l.status = '{MISSING}'{{kept}} ORDER BY l.file LIMIT :lines) UNION"
    " SELECT file FROM (SELECT DISTINCT l.file FROM links l"
    f" WHERE l.status = '{AMBIGUOUS}' ORDER BY l.file LIMIT :lines) ORDER BY 1 LIMIT :lines) x"
    " CROSS JOIN files f ON f.id = x.file ORDER BY f.path"
)
# The files before the last of those by path that came after it by id (a
# vault indexed whole numbers its files in their paths' order; those added
# since come later), read in their paths' order from the files' own index
# (+: not by id), and whether each has a row of _ROWS kept; at most :most.
_LATER = (
    f"SELECT f.id, EXISTS (SELECT 1 FROM links l WHERE {_STATUS} AND l.file = f.id{{kept}})"
    " FROM files f WHERE f.path < :last AND +f.id > :id LIMIT :most"
)
_LATER_MOST = 256  # more than this many: _FIRST_FILES (each is looked up)
_LISTED = "SELECT f.id, f.path FROM files f WHERE f.id IN (SELECT value FROM json_each(:files))"
_FIRST = (  # the rows of _ROWS kept on the first :lines lines that have one, by path and line
    "SELECT DISTINCT x.path, l.line, l.target, l.status, l.matches FROM"
    " (SELECT DISTINCT f.path AS path, l.file AS file, l.line AS line FROM ({files}) f"
    f" CROSS JOIN links l ON l.file = f.id WHERE {_STATUS}{{kept}} ORDER BY f.path, l.line"
    f" LIMIT :lines) x CROSS JOIN links l ON l.file = x.file AND l.line = x.line"
    f" WHERE {_STATUS}{{kept}}"
)  # (CROSS JOIN: only those files' and lines' links are looked up)
# The rows of _ROWS on lines whose problems may not quote them: a #sensitive
# item's, or a conversation's line (a dated heading is no item) that the sync
# found #sensitive (interactions.sensitive).
_HIDING = (
    "SELECT f.path, l.line, l.target, l.status, l.matches FROM items i CROSS JOIN links l"
    " ON l.file = i.file AND l.line = i.line JOIN files f ON f.id = l.file"
    f" WHERE i.sensitive AND {_STATUS} UNION"
    " SELECT f.path, l.line, l.target, l.status, l.matches FROM interactions c CROSS JOIN links l"
    " ON l.file = c.file AND l.line = c.line JOIN files f ON f.id = l.file"
    f" WHERE c.sensitive AND {_STATUS}"
)
Row = tuple[str, int, str, str, str | None]  # path, line, target, status, matches


class _Judged(NamedTuple):
    """What the whole vault's link problems hang on."""

    missing: set[str]  # every missing target, harmless or not
    harmless: set[str]
    hidden: list[Row]  # the rows kept on lines whose problem quotes nothing
    lines: set[tuple[str, int]]  # those lines

    def kept(self, row: Row) -> bool:
        return row[3] != MISSING or row[2] not in self.harmless

    def once(self, rows: Collection[Row]) -> list[Row]:
        """One row per problem: a #sensitive line's links are one problem,
        which names none of them (the rule both wording and counting use).
        In the rows' order, the #sensitive lines' last."""
        lines = self.lines
        found = [row for row in rows if row[:2] not in lines]
        if lines:  # any target: it is not named
            found += {row[:2]: row for row in rows if row[:2] in lines}.values()
        return found


def _judged(conn: sqlite3.Connection, judge: LinkJudge, missing: set[str]) -> _Judged:
    """A link to no note that `judge` finds harmless is no problem."""
    judged = _Judged(missing, judge.harmless_among(missing), [], set())
    for found in conn.execute(_HIDING):
        if judged.kept(found):
            judged.hidden.append(found)
            judged.lines.add(found[:2])
    return judged


def link_problems(
    conn: sqlite3.Connection, judge: LinkJudge, suggest: bool = True
) -> list[Problem]:
    """A warning for each link sync found leading to no note (unless `judge`
    finds it harmless; with what it may have meant, unless not to `suggest`:
    then `suggested` adds it to the few shown) or to several: one per
    problem, by path and line but for the #sensitive lines' (last)."""
    rows = dict.fromkeys(conn.execute(_ROWS + " ORDER BY f.path, l.line"))  # each once
    judged = _judged(conn, judge, {row[2] for row in rows if row[3] == MISSING})
    meant = _meant(conn, judged.missing - judged.harmless) if suggest else {}
    kept = [row for row in rows if judged.kept(row)]
    return _worded(conn, judged.once(kept), judged.lines, meant)


def first_link_problems(
    conn: sqlite3.Connection, judge: LinkJudge, lines: int
) -> tuple[list[Problem], int]:
    """link_problems(suggest=False) on the first `lines` lines that have one
    (by path and line: each such line has at least one problem), and how many
    link_problems gives in all: for the markdown digest, which shows a few
    and counts the rest, without reading, let alone wording, every one."""
    tally = conn.execute(_TALLY).fetchall()
    judged = _judged(conn, judge, {target for target, status, _ in tally if status == MISSING})
    kept = _KEPT if judged.harmless else ""  # else every row of _ROWS is kept
    asked = {"harmless": json.dumps(sorted(judged.harmless)), "lines": lines}
    files, listed = _first_files(conn, kept, asked)
    first = judged.once(
        conn.execute(_FIRST.format(files=files, kept=kept), asked | listed).fetchall()
    )
    # the rows of _ROWS kept: each target's lines (a line linking two targets has two rows)
    harmless = judged.harmless
    rows = sum(n for target, status, n in tally if status != MISSING or target not in harmless)
    hidden = set(judged.hidden)  # their rows, counted as the problems once() makes of them
    return _worded(conn, first, judged.lines, {}), rows - len(hidden) + len(judged.once(hidden))


def _first_files(
    conn: sqlite3.Connection, kept: str, asked: dict[str, object]
) -> tuple[str, dict[str, str]]:
    """The query of the first :lines files by path with a row of
    _ROWS kept (`kept`): of those files by id (_FIRST_BY_ID), the ones by
    path before the last of them, and any file before it by path but after
    it by id that has one (_LATER), which is every such file before it (the
    others have a lower id, so are among the first by id); _FIRST_FILES when
    too many came after it. With the parameters it adds to `asked`."""
    found = conn.execute(_FIRST_BY_ID.format(kept=kept), asked).fetchall()
    files = [file for file, _ in found]
    if found and len(found) == asked["lines"]:  # else every file with one
        last, latest = found[-1][1], max(files)
        later = {"last": last, "id": latest, "most": _LATER_MOST + 1}
        seen = conn.execute(_LATER.format(kept=kept), asked | later).fetchall()
        if len(seen) > _LATER_MOST:
            return _FIRST_FILES.format(kept=kept), {}
        files += [file for file, has in seen if has]
    return f"{_LISTED} ORDER BY f.path LIMIT :lines", {"files": json.dumps(files)}


def _worded(
    conn: sqlite3.Connection,
    rows: Iterable[Row],
    hidden: set[tuple[str, int]],
    meant: dict[str, str | None],
) -> list[Problem]:
    """The problems of these rows (of _ROWS, one per problem: _Judged.once)."""
    found = []
    could: dict[str, str] = {}  # the notes an ambiguous link could mean, by its matches
    # A missing target's words, the same on every line that links it: a vault
    # has thousands of such links to a few dozen targets.
    said: dict[str, str] = {}
    for path, line, target, status, matches in rows:
        # the problem may not quote the line
        if hidden and not privacy.shareable((path, line) in hidden):
            found.append(Problem(path, line, WARNING, privacy.SENSITIVE_LINK_PROBLEM))
            continue
        if status == MISSING:
            text = said.get(target)
            if text is None:
                text = said[target] = _missing_words(target, meant.get(target))
        else:
            assert matches is not None, "an ambiguous link has its matches"
            if matches not in could:
                could[matches] = _could_mean(conn, matches)
            text = f"link [[{target}]] could mean {could[matches]}"
        found.append(Problem(path, line, WARNING, text, target))
    return found


def _missing_words(target: str, meant: str | None) -> str:
    """A missing link's problem, with what it may have meant (if known)."""
    return f"{_no_note(target)}; did you mean {meant}?" if meant else _no_note(target)


def _could_mean(conn: sqlite3.Connection, matches: str) -> str:
    ids = [int(m) for m in matches.split(",")]
    query = f"SELECT path FROM files WHERE id IN ({marks(ids)})"
    return " or ".join(sorted(p for (p,) in conn.execute(query, ids)))


def suggested(conn: sqlite3.Connection, judge: LinkJudge, problems: list[Problem]) -> list[Problem]:
    """`problems` with what each missing link may have meant, worded as
    link_problems words it: for the few problems a digest shows."""
    links = judge.take_unexplained()
    targets = {t for t in map(_missing_target, problems) if t}
    if not targets:
        return problems
    if links is None:  # no judging before: counted here
        missing = conn.execute("SELECT target FROM link_tally WHERE status = ?", (MISSING,))
        links = sum(1 for (target,) in missing if not judge.harmless(target))
    meant = _meant(conn, targets, links)
    return [
        replace(p, problem=_missing_words(target, meant[target]))
        if (target := _missing_target(p)) and meant.get(target)
        else p
        for p in problems
    ]


def _missing_target(problem: Problem) -> str | None:
    """The target of a missing link's problem; None for any other problem,
    even one with the same detail (namesakes' warning: the name they share)."""
    target = problem.detail
    return target if target and problem.problem == _no_note(target) else None


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
    one among none. How many names() would find, every sync counts
    (links.CONTACT_FOLDS; none yet: an index made empty, with none)."""
    known = conn.execute("SELECT value FROM meta WHERE key = ?", (CONTACT_FOLDS,)).fetchone()
    return known is None or int(known[0]) <= MOST_COMPARED // max(links, 1)

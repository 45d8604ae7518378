"""The link problems' counts every sync keeps (link_tally, meta contact_folds)
for the markdown digest, which reads them instead of counting every link
with a problem: after any edit, through any kind of sync, they equal a count
made from scratch."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from conftest import person
from netnotes import linkcheck, sync
from netnotes.digest_ladder import attention_problems
from netnotes.linkcheck import MOST_COMPARED
from netnotes.links import CONTACT_FOLDS
from netnotes.models import ERROR
from netnotes.session import Session

# Targets: contacts that come and go (by name, alias, another case or accent),
# a daily note's date and an attachment (harmless), a folder's path.
TARGETS = (
    "Sam",
    "sam",
    "Ana Ruiz",
    "ana ruiz",
    "Tomás",
    "Tomas",
    "Gone",
    "Bo Li",
    "chart.svg",
    "2026-01-02",
    "People/Bo Li",
)
NAMES = ("Sam A", "Sam B", "Ana Ruiz", "Tomás", "Bo Li", "Tomas Vera")
ALIASES = ("Sam", "Tomas", "Ana", "Bo", "Gone")
NOTES = ("Notes/A.md", "Notes/B.md", "Meetings/2026-11-03 Tea.md", "Daily/2026-11-04.md")

_FRESH_TALLY = (
    "SELECT key, target, status, COUNT(*) FROM (SELECT DISTINCT key, target, status, file,"
    " line FROM links WHERE status IS NOT NULL) GROUP BY key, target, status"
)
_FRESH_FOLDS = (
    "SELECT COUNT(DISTINCT x.key) FROM contacts c JOIN folds x ON x.file = c.file"
    " JOIN files f ON f.id = c.file"
)


def _lines(rng: random.Random) -> str:
    """A few lines of links: several on a line, one twice, some #sensitive."""
    lines = []
    for _ in range(rng.randint(0, 4)):
        links = " and ".join(f"[[{rng.choice(TARGETS)}]]" for _ in range(rng.randint(1, 3)))
        start = rng.choice(("- ", "- [ ] ", "Saw ", "### 2026-11-02 — Call "))
        lines.append(start + links + (" #sensitive" if rng.random() < 0.25 else "") + "\n")
    return "".join(lines)


def _contact(rng: random.Random, name: str) -> str:
    aliases = rng.sample(ALIASES, rng.randint(0, 2))
    front = f"aliases: [{', '.join(aliases)}]\n" if aliases else ""
    return person(name, front, _lines(rng))


def _edit(rng: random.Random, root: Path) -> set[str]:
    """One random change to the vault; the paths it touched."""
    people = sorted(p.relative_to(root).as_posix() for p in (root / "People").glob("*.md"))
    notes = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))
    choice = rng.random()
    if choice < 0.2 or not people:  # a contact added, or written again (names may change)
        path = f"People/{rng.choice(NAMES)}.md"
        text = _contact(rng, rng.choice(NAMES) if rng.random() < 0.3 else Path(path).stem)
    elif choice < 0.45:  # a note's links
        path = rng.choice(NOTES)
        text = _lines(rng)
    elif choice < 0.6:  # a contact's log
        path = rng.choice(people)
        text = _contact(rng, Path(path).stem)
    elif choice < 0.7:  # a contact no longer one (no name)
        path = rng.choice(people)
        text = "No frontmatter: " + _lines(rng)
    elif choice < 0.8:  # renamed: another path
        old = rng.choice(people)
        path = f"People/{rng.choice(NAMES)} 2.md"
        if (root / path).exists():
            return set()
        os.replace(root / old, root / path)
        return {old, path}
    elif choice < 0.92 and notes:  # deleted
        path = rng.choice(notes)
        (root / path).unlink()
        return {path}
    else:  # the attachment comes or goes (the judge's, not the tally's)
        chart = root / "files" / "chart.svg"
        if chart.exists():
            chart.unlink()
        else:
            chart.write_text("<svg/>")
        return set()
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text)
    return {path}


def _check(index) -> None:
    conn = index.conn
    kept = sorted(conn.execute("SELECT key, target, status, lines FROM link_tally"))
    assert kept == sorted(conn.execute(_FRESH_TALLY))
    stored = conn.execute("SELECT value FROM meta WHERE key = ?", (CONTACT_FOLDS,)).fetchone()
    (folds,) = conn.execute(_FRESH_FOLDS).fetchone()
    assert (int(stored[0]) if stored else 0) == folds
    for links in {1, MOST_COMPARED // max(folds, 1), MOST_COMPARED // max(folds, 1) + 1}:
        # whether suggestions compare every name: as the names counted afresh say
        assert linkcheck._comparable(conn, links) == (folds <= MOST_COMPARED // links)
    every = attention_problems(index.problems(suggest=False), None)
    errors = sum(p.severity == ERROR for p in every)
    for count in sorted({0, 1, 3, len(every)}):
        judge = index.link_judge()
        assert index.first_problems(count, judge) == (every[:count], len(every), errors)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("full_pass_from", [1000, 2])
def test_the_kept_link_counts_equal_a_fresh_count_after_any_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, full_pass_from: int
):
    """Random edits, each synced by the watcher's paths or by a walk (and,
    with a low FULL_PASS_FROM, some resolved for the whole vault again)."""
    monkeypatch.setattr(sync, "FULL_PASS_FROM", full_pass_from)
    rng = random.Random(seed)
    root = tmp_path / "vault"
    (root / "files").mkdir(parents=True)
    (root / "files" / "chart.svg").write_text("<svg/>")
    (root / "Templates").mkdir()
    (root / "Templates" / "Gone.md").write_text("[[Sam]]\n")
    mtime = 1_700_000_000
    with Session(root, tmp_path / "index.sqlite3") as session:
        index, _ = session.index()
        _check(index)
        for _ in range(30):
            touched: set[str] = set()
            for _ in range(rng.choice((1, 1, 1, 3))):
                touched |= _edit(rng, root)
            for path in touched:  # a new mtime each: never taken for unchanged
                if (root / path).exists():
                    mtime += 10
                    os.utime(root / path, (mtime, mtime))
            if touched and rng.random() < 0.6:
                index.sync(paths=touched)
            else:
                index.sync()
            _check(index)


def _vault(root: Path) -> Path:
    files = {
        "People/Sam A.md": person("Sam A", "aliases: [Sam]\n", "- Met [[Gone]] and [[Sam]]\n"),
        "People/Sam B.md": person("Sam B", "aliases: [Sam]\n", "- See [[chart.svg]] [[Nobody]]\n"),
        "Notes/A.md": "- [[Gone]] [[gone]] [[2026-01-02]] #sensitive\n- [[Tomás]]\n",
        "files/chart.svg": "<svg/>",
    }
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def test_a_digest_that_cannot_write_the_index_reads_the_kept_counts(tmp_path: Path):
    """The counts are the sync's: a digest only reads them."""
    root = _vault(tmp_path / "vault")
    with Session(root, tmp_path / "index.sqlite3") as session:
        index, _ = session.index()
        index.conn.execute("PRAGMA query_only = ON")
        _check(index)
        assert index.first_problems(2, index.link_judge())[1] == 5


def test_an_index_from_before_the_counts_is_made_again_with_them(tmp_path: Path):
    """An index of the schema before link_tally: rebuilt on opening, counted."""
    root = _vault(tmp_path / "vault")
    with Session(root, tmp_path / "index.sqlite3") as session:
        index, _ = session.index()
        index.conn.execute("DROP TABLE link_tally")
        index.conn.execute("DELETE FROM meta WHERE key = ?", (CONTACT_FOLDS,))
        index.conn.execute("PRAGMA user_version = 57")
    with Session(root, tmp_path / "index.sqlite3") as session:
        index, _ = session.index()
        assert (
            index.conn.execute("SELECT COUNT(*) FROM link_tally").fetchone()[0] == 7
        )  # Gone, gone, 2026-01-02, Tomás, Nobody, chart.svg, Sam
        _check(index)

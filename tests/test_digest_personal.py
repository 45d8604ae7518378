"""The markdown digest reads its personal section's first rows and their count
from SQL (digest_facts.first_personal_lines), not from every recent personal
item: the same rows and count as the whole digest's list (digest_items.
personal_rows), for any vault of dated and undated, shared and sensitive
personal lines, paused contacts and people coming up."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_digest_live import EDITS, TODAY, day, opened_vault

import netnotes.digest as digest_module
from conftest import entry, examples, meeting, person
from netnotes.digest import Scope, build_digest
from netnotes.digest_facts import first_personal_lines
from netnotes.digest_members import fill_members
from netnotes.schema import MEMBERS_KEY
from netnotes.session import Session

NAMES = ("Ada Lovelace", "Bob Stone", "Chloé Martin", "Dev Patel", "Eve Adams", "Zoë Abel")


LINES = st.sampled_from(
    [
        "- Training for a marathon #personal",
        "- Her daughter's recital #personal",
        "- Moving house soon #personal #sensitive",
        "- [ ] Send the deck",
        "- Met [[{other}]] there, she is learning Greek #personal",
    ]
)


@st.composite
def a_person(draw: st.DrawFn, name: str) -> str:
    status = draw(st.sampled_from(["active", "active", "paused", "archived"]))
    body = ""
    for _ in range(draw(st.integers(0, 3))):
        offset = draw(st.one_of(st.integers(-120, 3), st.just(0)))
        lines = draw(st.lists(LINES, max_size=3))
        text = "".join(line.format(other=draw(st.sampled_from(NAMES))) + "\n" for line in lines)
        body += f"### {day(offset)} — Coffee\n{text}\n"
    if draw(st.booleans()):
        body += "## Personal\n- Loves sailing\n- Two kids #personal\n- Health #sensitive\n"
    return f"---\nname: {name}\nstatus: {status}\n---\n## Log\n\n{body}"


@st.composite
def a_vault(draw: st.DrawFn) -> dict[str, str]:
    notes = {f"People/{name}.md": draw(a_person(name)) for name in NAMES}
    for n in range(draw(st.integers(0, 3))):
        people = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
        when = day(draw(st.integers(-100, 10)))
        attendees = ", ".join(f'"[[{name}]]"' for name in people)
        lines = "".join(f"{line.format(other=people[0])}\n" for line in draw(st.lists(LINES)))
        notes[f"Meetings/{when} Lunch {n}.md"] = (
            f"---\ndate: {when}\nwith: [{attendees}]\n---\n{lines}"
        )
    return notes


@settings(max_examples=examples(8), deadline=None)
@given(a_vault(), st.integers(1, 4))
def test_the_first_personal_rows_and_their_count_are_the_whole_lists(notes, rows):
    root = Path(tempfile.mkdtemp(prefix="personal"))
    try:
        for relative, text in notes.items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text, encoding="utf-8")
        with Session(root, root.parent / f"{root.name}.sqlite3") as session:
            index, _ = session.index()
            config = replace(session.config, digest_max_rows=rows)
            for scope in (Scope(), Scope(ladder="unplaced")):
                cut = build_digest(index, config, TODAY, scope, whole=False).personal
                whole = build_digest(index, config, TODAY, scope).personal
                assert (cut.shown, cut.total) == (whole.shown, whole.total), scope
    finally:
        shutil.rmtree(root)
        (root.parent / f"{root.name}.sqlite3").unlink(missing_ok=True)


def test_the_personal_lines_never_show_a_sensitive_item_whatever_ids_the_table_keeps(make_vault):
    """The table member keeps the ids of each member's latest shared items
    (digest_members); the personal lines check each item again as they read
    it, so that no id there could bring a #sensitive line to the digest."""
    shared = entry(
        "2026-03-10", "Coffee", "- Training for a marathon #personal", "- Moving house #sensitive"
    )
    vault = make_vault({"People/Ada.md": person("Ada", body=f"## Log\n\n{shared}")})
    with Session(vault) as session:
        index, _ = session.index()
        build_digest(index, session.config, TODAY, Scope(), whole=False)  # the kept table
        conn = index.conn
        every = [i for (i,) in conn.execute("SELECT id FROM items ORDER BY id")]
        conn.execute("UPDATE member SET shared_items = ?", (json.dumps(every),))
        conn.commit()
        digest = build_digest(index, session.config, TODAY, Scope(), whole=False)
        markdown = session.renderer.render("digest.md.j2", digest)
    assert "Training for a marathon" in markdown
    assert "Moving house" not in markdown


def test_someone_coming_up_brings_their_personal_section_but_never_a_sensitive_line(make_vault):
    """A meeting tomorrow brings the contact's undated ## Personal lines to the
    digest (what to ask about); a #sensitive line there stays in the note."""
    body = (
        "## Log\n\n"
        + entry(day(1), "Lunch", "- Booked a table")
        + "## Personal\n- Two kids #personal\n- Health #sensitive\n"
    )
    vault = make_vault({"People/Ada.md": person("Ada", body=body)})
    with Session(vault) as session:
        index, _ = session.index()
        for whole in (False, True):
            digest = build_digest(index, session.config, TODAY, Scope(), whole=whole)
            markdown = session.renderer.render("digest.md.j2", digest)
            assert "Two kids" in markdown, whole
            assert "Health" not in markdown, whole


def test_the_first_personal_lines_are_cut_right_on_any_count_whatever_the_ties(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    """first_personal_lines sorts with their paths only the items of the
    lines that can be among the first (those not after the cut line's day
    and first person's sort key): for every count of rows, with lines tied
    on day and person (one contact's several lines, a meeting's line of two,
    two contacts of one name) and undated lines of someone
    coming up, the first rows and the count are the whole list's."""
    ada = entry(day(-2), "Coffee", *(f"- Ada's thing {n} #personal" for n in range(3)))
    twins = entry(day(-2), "Call", "- Training for a marathon #personal")
    coming = entry(day(1), "Lunch", "- Booked a table") + "## Personal\n- Two kids\n- Sails\n"
    vault = make_vault(
        {
            "People/Ada.md": person("Ada", body=f"## Log\n\n{ada}"),
            "People/Ann Lee.md": person("Ann Lee", body=f"## Log\n\n{twins}"),
            "People/Lee, Ann.md": person("Ann Lee", body=f"## Log\n\n{twins}"),
            "People/Bob.md": person(
                "Bob", body="## Log\n\n" + entry(day(-5), "Call", "- Bob's news #personal")
            ),
            "People/Cy.md": person("Cy", body=f"## Log\n\n{coming}"),
            f"Meetings/{day(-2)} Lunch.md": meeting(
                day(-2), ["Ada", "Bob"], "- Both moving to Lyon #personal", "- A new job #personal"
            ),
        }
    )
    monkeypatch.setattr(digest_module, "TODAY_LATE", 1)  # so the rows made are max_rows
    with Session(vault) as session:
        index, _ = session.index()
        whole = build_digest(index, session.config, TODAY, Scope()).personal
        every = whole.shown
        assert len(every) == 9
        assert len({(r.path, r.line) for r in every}) == len(every)
        for rows in range(1, len(every) + 2):
            config = replace(session.config, digest_max_rows=rows)
            cut = build_digest(index, config, TODAY, Scope(), whole=False).personal
            assert (cut.shown, cut.total) == (every[:rows], len(every)), rows


def test_the_first_personal_lines_read_more_sharers_while_the_first_share_one_line(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    """first_personal_lines reads the items of the first sharers only, and
    of twice as many while those hold fewer lines than it shows: here the
    first four sharers share one meeting's line, and the second line is an
    older one of a fifth, with someone coming up's undated line after it."""
    both = day(-2)
    coming = entry(day(1), "Lunch", "- Booked a table") + "## Personal\n- Two kids\n"
    vault = make_vault(
        {
            **{f"People/{n}.md": person(n) for n in ("Ada", "Bea", "Cat", "Dan")},
            "People/Eve.md": person(
                "Eve", body="## Log\n\n" + entry(day(-5), "Call", "- Eve's news #personal")
            ),
            "People/Zed.md": person("Zed", body=f"## Log\n\n{coming}"),
            f"Meetings/{both} Lunch.md": meeting(
                both, ["Ada", "Bea", "Cat", "Dan"], "- All moving to Lyon #personal"
            ),
        }
    )
    monkeypatch.setattr(digest_module, "TODAY_LATE", 1)  # so the rows made are max_rows
    with Session(vault) as session:
        index, _ = session.index()
        every = build_digest(index, session.config, TODAY, Scope()).personal.shown
        assert [r.text for r in every] == ["All moving to Lyon", "Eve's news", "Two kids"]
        assert len(every[0].people) == 4
        for rows in range(1, len(every) + 2):
            config = replace(session.config, digest_max_rows=rows)
            cut = build_digest(index, config, TODAY, Scope(), whole=False).personal
            assert (cut.shown, cut.total) == (every[:rows], len(every)), rows


SHARED_LINE = "- Training for a marathon #personal"
# A meeting's note with personal lines, some of several of its attendees
# (owned by each: the ids the table member keeps in shared_multi, apart
# from how many others it keeps: shared_alone), or gone.
SHARED = st.tuples(
    st.just("shared"),
    st.integers(-100, 3),
    st.lists(st.sampled_from(NAMES[:5]), max_size=3),
    st.lists(LINES, max_size=3),
)


def shared_columns(index) -> list[tuple]:
    """Each member's day of sharing and the ids kept of it, as sets."""
    rows = index.conn.execute(
        "SELECT file, shared_on, shared_items, shared_alone, shared_multi FROM member ORDER BY file"
    )
    ids = lambda kept: None if kept is None else sorted(json.loads(kept))  # noqa: E731
    return [(f, on, ids(items), alone, ids(multi)) for f, on, items, alone, multi in rows]


@settings(max_examples=examples(8), deadline=None)
@given(st.lists(st.lists(st.one_of(EDITS, SHARED), min_size=1, max_size=4), max_size=5))
@example([[("shared", -2, ["Ada Lovelace", "Bob Stone"], [SHARED_LINE])]])
@example([[("shared", -2, ["Ada Lovelace", "Bob Stone"], [SHARED_LINE])], [("shared", -2, [], [])]])
def test_the_kept_ids_of_lines_of_several_are_those_of_a_whole_refill(steps):
    """The table member keeps, of each member's latest shared items, the ids
    of those another contact owns too, and how many others there are
    (shared_multi, shared_alone: the personal lines are counted from these).
    Read again only for the contacts each sync marked, the table holds what
    a refill of everyone gives, after random edits of contacts' notes and of
    meetings' personal lines."""
    with opened_vault("multi") as (vault, session):
        index, _ = session.index()
        config = session.config
        for step in [[], *steps]:
            for edit in step:
                if edit[0] == "shared":
                    _, offset, people, lines = edit
                    path = f"Meetings/{day(offset)} Drinks.md"
                    names = [n for n in people if n in vault.people] or None
                    text = "".join(f"{line.format(other=NAMES[0])}\n" for line in lines)
                    vault.write(path, meeting(day(offset), names, text) if names else None)
                else:
                    path = vault.apply(edit)
                index.sync(paths={path})
            build_digest(index, config, TODAY, Scope(), 14, False)
            kept = shared_columns(index)
            index.conn.execute("DELETE FROM meta WHERE key = ?", (MEMBERS_KEY,))
            build_digest(index, config, TODAY, Scope(), 14, False)
            assert kept == shared_columns(index), step


def test_the_first_personal_lines_are_read_in_one_pass_when_the_first_sharers_hold_them(
    make_vault,
):
    """_PERSONAL_LINES says how many lines the items it read hold (`read`):
    when the first `first` sharers hold `first` lines or more, one pass
    reads them, and the lines are the first of every sharer's."""
    names = ["Ada", "Bea", "Cat", "Dan", "Eve"]
    vault = make_vault(
        {
            f"People/{n}.md": person(
                n, body="## Log\n\n" + entry(day(-1 - k), "Call", f"- {n}'s news #personal")
            )
            for k, n in enumerate(names)
        }
    )
    with Session(vault) as session:
        index, _ = session.index()
        with fill_members(index, session.config, TODAY, Scope()):
            for first in (1, 2, 3):
                asked: list[str] = []
                index.conn.set_trace_callback(asked.append)
                try:
                    found = first_personal_lines(index, TODAY, set(), first)
                finally:
                    index.conn.set_trace_callback(None)
                assert [line[0].text for line in found.first] == [
                    f"{n}'s news" for n in names[:first]
                ]
                assert found.total == len(names)
                assert sum(q.lstrip().startswith("WITH soon") for q in asked) == 1, first

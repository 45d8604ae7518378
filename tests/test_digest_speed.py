"""What the digest does once that it used to do more than once (issue 20):
the same output, less work. Each test counts the work, never the time."""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import entry, examples, person
from netnotes import (
    digest,
    digest_facts,
    digest_items,
    digest_members,
    digest_work,
    duplicates,
    linkcheck,
)
from netnotes.digest import Scope, build_digest, digest_json
from netnotes.digest_json_sql import json_document
from netnotes.digest_ladder import attention_problems
from netnotes.jsontext import write_json
from netnotes.models import ERROR
from netnotes.session import Session

TODAY = date(2026, 11, 26)


def calls_of(monkeypatch: pytest.MonkeyPatch, module, name: str, what: Callable) -> list:
    """What `what` says of each call of module.name while the test runs (the
    function itself still runs): which rows a digest made."""
    seen: list = []
    real = getattr(module, name)

    def counted(*args):
        seen.append(what(*args))
        return real(*args)

    monkeypatch.setattr(module, name, counted)
    return seen


def json_printed(index, config) -> tuple[dict, list[str]]:
    """The JSON digest of TODAY as `digest --format json` prints it, and the
    SQL statements it ran."""
    statements: list[str] = []
    parts: list[str] = []
    index.conn.set_trace_callback(statements.append)
    try:
        write_json(json_document(index, config, TODAY, Scope(), None), parts.append)
    finally:
        index.conn.set_trace_callback(None)
    return json.loads("".join(parts)), statements


def test_the_markdown_digest_walks_the_folders_once_for_its_link_warnings(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    vault = make_vault(
        {
            "People/Ana Ruiz.md": person("Ana Ruiz", body="Met [[Ana Ruis]], see [[chart.svg]]\n"),
            "Templates/Meeting.md": "# [[Nobody Here]]\n",
            "files/chart.svg": "<svg/>",
        }
    )
    walks: list[str] = []
    real_walk = os.walk

    def counted(top, *args, **kwargs):
        walks.append(str(top))
        return real_walk(top, *args, **kwargs)

    with Session(vault) as session:
        index, _ = session.index()
        monkeypatch.setattr(os, "walk", counted)
        digest = build_digest(index, session.config, TODAY, Scope(), whole=False)
    assert [row for row in digest.attention.rows if "Ana Ruis" in str(row)]
    assert len(walks) == len(set(walks)), walks


def test_after_a_walk_the_link_judge_reads_only_the_skipped_folders(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    """The sync's walk listed the attachments: the judge walks only the
    templates and output folders, which the sync does not look into."""
    vault = make_vault(
        {
            "People/Ana Ruiz.md": person("Ana Ruiz", body="See [[chart.svg]], [[Dr. No]]\n"),
            "files/chart.svg": "<svg/>",
        }
    )
    walks: list[str] = []
    real_walk = os.walk

    def counted(top, *args, **kwargs):
        walks.append(os.path.relpath(top, vault))
        return real_walk(top, *args, **kwargs)

    with Session(vault) as session:
        index, _ = session.index()
        monkeypatch.setattr(os, "walk", counted)
        judge = index.link_judge()
        assert judge.harmless("chart.svg") and not judge.harmless("Dr. No")
        assert sorted(walks) == sorted(session.vault.skipped_dirs), walks
        (vault / "files" / "new.png").write_text("png")  # a git merge adds an attachment
        assert index.link_judge().harmless("new.png")  # a second judge walks again


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per time the likely duplicates are judged."""
    calls: list[int] = []
    real = duplicates.duplicate_problems

    def counted(conn):
        calls.append(1)
        return real(conn)

    monkeypatch.setattr(duplicates, "duplicate_problems", counted)
    return calls


def test_the_duplicates_are_found_when_a_sync_writes_not_when_asked(make_vault, judged):
    """Two contacts answering to one name: judged once by the sync that wrote
    them (duplicates.record_duplicates), read by every digest and check after;
    a sync that wrote no contact and changed no file's names judges nothing."""
    lunch = "Meetings/2026-11-02 Lunch.md"
    vault = make_vault({"People/Ana Ruiz.md": person("Ana Ruiz"), lunch: "- [[Ana Ruiz]]\n"})
    namesake = vault / "People" / "Ana R.md"
    with Session(vault) as session:
        index, _ = session.index()
        namesake.write_text(person("Ana Ruiz"), encoding="utf-8")
        index.sync(paths={"People/Ana R.md"})
        assert len(judged) == 2
        build_digest(index, session.config, TODAY, Scope(), whole=False)
        build_digest(index, session.config, TODAY, Scope())
        (vault / lunch).write_text("- [[Ana Ruiz]] again\n", encoding="utf-8")
        assert index.sync(paths={lunch}).changed == 1  # no contact, no name: not judged again
        problems = index.problems()
        assert len(judged) == 2
        assert [p.path for p in problems if "also answers to 'ana ruiz'" in p.problem] == [
            "People/Ana R.md",
            "People/Ana Ruiz.md",
        ]
        namesake.unlink()
        index.sync()
        assert not [p for p in index.problems() if "also answers" in p.problem]


def test_a_contacts_new_log_entry_judges_no_duplicates_but_a_new_company_does(make_vault, judged):
    """A save of a contact's note that leaves what the duplicates read alone
    (name, aliases, company, identity keys) judges nothing again; one that
    changes them does, and the warning follows (namesakes at two companies
    are told apart)."""
    vault = make_vault(
        {
            "People/Ana Ruiz.md": person("Ana Ruiz", "company: Acme\n"),
            "People/Ana R.md": person("Ana Ruiz"),
        }
    )
    namesake = vault / "People" / "Ana R.md"
    with Session(vault) as session:
        index, _ = session.index()
        assert len(judged) == 1 and any("also answers" in p.problem for p in index.problems())
        namesake.write_text(person("Ana Ruiz", "", entry("2026-11-02", "Lunch", "- fine")))
        assert index.sync(paths={"People/Ana R.md"}).changed == 1
        assert len(judged) == 1
        namesake.write_text(person("Ana Ruiz", "company: Zenith\n"))
        index.sync(paths={"People/Ana R.md"})
        assert len(judged) == 2
        assert not [p for p in index.problems() if "also answers" in p.problem]


ODD_FILES: dict[str, str | bytes] = {
    "People/Ana Ruiz.md": person("Ana Ruiz"),
    "files/chart.svg": "<svg/>",
    "files/deep/Plan.PDF": "%PDF",
    "files/.hidden.png": "png",
    ".obsidian/app.json": "{}",
    ".secret/inside.png": "png",
    "Templates/Meeting.md": "# Meeting\n",
    "Templates/logo.png": "png",
    "NetNotes/Digest.md": "digest\n",
    "README.MD": "# upper case\n",
    "notes.txt": "text",
}


def test_the_link_judge_finds_the_same_files_from_the_walk_as_by_itself(make_vault):
    """A judge given the sync's listing (SyncReport.others) answers as one
    that walks the vault itself: hidden files and folders, symlinks, skipped
    folders, names in any case."""
    vault = make_vault(ODD_FILES)
    (vault / "elsewhere").mkdir()
    (vault / "elsewhere" / "far.png").write_text("png")
    (vault / "files" / "link.png").symlink_to(vault / "files" / "chart.svg")
    (vault / "files" / "gone.png").symlink_to(vault / "nowhere.png")
    (vault / "linked").symlink_to(vault / "elsewhere", target_is_directory=True)
    for folder, name in ((b"Odd \xff", b"in.png"), (b"Templates/Odd \xfe", b"in.gif")):
        os.makedirs(os.path.join(os.fsencode(vault), folder))  # a name no walk reads: not UTF-8
        Path(os.fsdecode(os.path.join(os.fsencode(vault), folder, name))).write_text("p")
    targets = [
        *(p for name in ODD_FILES for p in (name, name.rsplit("/", 1)[-1], name.upper())),
        *("link.png", "gone.png", "files/link.png", "far.png", "linked/far.png", "linked"),
        *("elsewhere/far.png", "Meeting", "Templates/Meeting", "Digest", "notes"),
        *("in.png", "in.gif"),
    ]
    with Session(vault) as session:
        index, report = session.index()
        assert report is not None and report.others is not None
        listed = index.link_judge()
        walked = linkcheck.LinkJudge(vault, session.context, session.vault.skipped_dirs)
        answers = {t: listed.harmless(t) for t in targets}
        assert answers == {t: walked.harmless(t) for t in targets}
    assert any(answers.values()) and not all(answers.values())


def test_the_markdown_digest_makes_only_the_meet_in_person_rows_it_shows(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    people = {
        f"People/P{n}.md": person(f"P{n}", f"ladder: peer\nmet: 2025-0{n}-01\nmeet_every: 3m\n")
        for n in range(1, 8)
    }
    vault = make_vault({**people, ".netnotes/config.toml": "[digest]\nmax_rows = 4\n"})
    made = calls_of(monkeypatch, digest_work, "meet_row", lambda due, person: due[0])
    with Session(vault) as session:
        index, _ = session.index()
        cut = build_digest(index, session.config, TODAY, Scope(), whole=False)
        assert len(made) == 4
        whole = build_digest(index, session.config, TODAY, Scope())
    assert cut.meet_in_person.total == whole.meet_in_person.total == 7
    assert cut.meet_in_person.shown == whole.meet_in_person.shown
    assert cut.picks == whole.picks and len(cut.picks) == 3


def test_names_too_many_to_compare_for_a_suggestion_are_not_read(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    vault = make_vault(
        {
            "People/Tomás García.md": person("Tomás García"),
            "People/Ana Ruiz.md": person("Ana Ruiz", body="Met [[Tomas Garcai]]\n"),
        }
    )
    with Session(vault) as session:
        index, _ = session.index()
        close = [p.problem for p in index.problems() if "did you mean" in p.problem]
        assert close == ["link [[Tomas Garcai]] leads to no note; did you mean [[Tomás García]]?"]
        monkeypatch.setattr(linkcheck, "MOST_COMPARED", 1)  # two names, one link: too many
        statements: list[str] = []
        index.conn.set_trace_callback(statements.append)
        problems = index.problems()
    assert not [p for p in problems if "did you mean" in p.problem]
    assert not [s for s in statements if s.startswith("SELECT x.key")], statements


def test_the_objects_a_digest_made_are_not_scanned_as_young_once_it_is_built(make_vault):
    people = {f"People/P{n}.md": person(f"P{n}", "met: 2025-01-01\n") for n in range(40)}
    vault = make_vault(people)
    with Session(vault) as session:
        index, _ = session.index()
        digest = build_digest(index, session.config, TODAY, Scope())
    assert gc.isenabled()
    young = [o for generation in (0, 1) for o in gc.get_objects(generation)]
    assert not [o for o in young if o is digest or o is digest.ladder]  # the oldest hold them


def test_whether_names_are_too_many_to_compare_is_counted_once_for_all_suggestions(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    links = "".join(f"Met [[Nobody {n}]]\n" for n in range(5))
    vault = make_vault({"People/Ana Ruiz.md": person("Ana Ruiz", body=links)})
    with Session(vault) as session:
        index, _ = session.index()
        monkeypatch.setattr(linkcheck, "MOST_COMPARED", 1)
        statements: list[str] = []
        index.conn.set_trace_callback(statements.append)
        problems = index.problems()
    assert len([p for p in problems if "leads to no note" in p.problem]) == 5
    # the names counted by the sync (links.CONTACT_FOLDS), read once
    assert len([s for s in statements if "contact_folds" in s]) == 1
    assert not [s for s in statements if "COUNT(" in s and "folds" in s]


@pytest.mark.parametrize("most", [linkcheck.MOST_COMPARED, 11, 12])
def test_suggestions_after_the_first_problems_count_the_missing_targets_they_judged(
    make_vault, monkeypatch: pytest.MonkeyPatch, most: int
):
    """suggested takes how many missing targets the first problems' judging
    found no harmless link (two: Tomas Garcai, Nobody; a date is harmless),
    not asking the index again: the same suggestions as a judge that has
    judged nothing, which counts them (two links × six folded names and
    paths: 11 is too few to compare, 12 enough)."""
    body = "Met [[Tomas Garcai]], [[Nobody]] and [[2026-01-02]]\n"
    vault = make_vault(
        {
            "People/Tomás García.md": person("Tomás García"),
            "People/Ana Ruiz.md": person("Ana Ruiz", body=body),
            "People/Bo.md": person("Bo"),
        }
    )
    monkeypatch.setattr(linkcheck, "MOST_COMPARED", most)
    with Session(vault) as session:
        index, _ = session.index()
        judge = index.link_judge()
        shown, _, _ = index.first_problems(5, judge)
        statements: list[str] = []
        index.conn.set_trace_callback(statements.append)
        after = index.suggested(shown, judge)
        assert not [s for s in statements if "DISTINCT target" in s]
        assert judge.take_unexplained() is None  # taken once
        assert after == index.suggested(shown, index.link_judge())
    meant = [p.problem for p in after if "did you mean" in p.problem]
    assert len(meant) == (most >= 12)


TANGLED = {
    "People/Ana Ruiz.md": person(
        "Ana Ruiz",
        body="### 2026-11-01 — Dinner with [[Gone Person]], [[Other Gone]] #sensitive\n"
        "- [ ] Ask [[Dr Kline]], [[Dr Kline]] and [[Nurse Joy]] #sensitive\n"
        "- Saw [[chart.svg]] and [[2026-01-02]]\n"
        "- Met [[Ana Ruis]] and [[Bob]], [[Bob]]\n"
        "- Lunch with [[Sam]]\n",
    ),
    "People/Sam A.md": person("Sam A", "aliases: [Sam]\n"),
    "People/Sam B.md": person("Sam B", "aliases: [Sam]\n"),
    "People/Twin.md": person("Ana Ruiz"),
    "People/Broken.md": "---\nname: [unclosed\n---\n",
    "Meetings/2026-11-02 Lunch.md": "---\ndate: 2026-11-02\nwith: ['[[Ana Ruiz]]']\n---\n"
    "- [[Bob]] came too\n",
    "files/chart.svg": "<svg/>",
}


def test_the_first_problems_are_the_first_of_all_of_them_and_counted_alike(make_vault):
    """Index.first_problems (the markdown digest's) words only the first link
    problems, and counts the rest without wording them: the same rows and
    counts as every problem put in the digest's order."""
    vault = make_vault(TANGLED)
    with Session(vault) as session:
        index, _ = session.index()
        every = attention_problems(index.problems(suggest=False), None)
        errors = sum(p.severity == ERROR for p in every)
        assert errors and len({(p.path, p.line) for p in every}) < len(every)
        for count in range(1, len(every) + 2):
            first = index.first_problems(count, index.link_judge())
            assert first == (every[:count], len(every), errors), count


LINKS = (
    "[[Gone]]",
    "[[Gone]]",
    "[[Other]]",
    "[[Sam]]",
    "[[chart.svg]]",
    "[[2026-01-02]]",
    "[[Ana]]",
)
link_lines = st.tuples(
    st.sampled_from(["- ", "- [ ] ", "### 2026-11-0{n} — Call ", "Note "]),
    st.lists(st.sampled_from(LINKS), min_size=1, max_size=4),
    st.booleans(),
)


@settings(max_examples=examples(20), deadline=None)
@given(st.lists(st.lists(link_lines, max_size=4), min_size=1, max_size=3))
def test_the_first_link_problems_and_their_count_match_all_of_them(tmp_path_factory, notes):
    """The markdown digest's first problems and count (read with LIMIT and
    COUNT) against every problem, on any mix of lines, links and #sensitive."""
    root = tmp_path_factory.mktemp("vault")
    (root / "files").mkdir()
    (root / "files" / "chart.svg").write_text("<svg/>")
    for name in ("Sam A", "Sam B"):
        (root / f"{name}.md").write_text(person(name, "aliases: [Sam]\n"))
    for n, lines in enumerate(notes):
        body = "".join(
            start.format(n=k % 9 + 1) + " ".join(links) + (" #sensitive" if tagged else "") + "\n"
            for k, (start, links, tagged) in enumerate(lines)
        )
        (root / f"P{n}.md").write_text(person(f"P{n}", body=body))
    with Session(root, root.parent / f"{root.name}.sqlite3") as session:
        index, _ = session.index()
        every = attention_problems(index.problems(suggest=False), None)
        errors = sum(p.severity == ERROR for p in every)
        for count in range(len(every) + 2):
            assert index.first_problems(count, index.link_judge()) == (
                every[:count],
                len(every),
                errors,
            )


@pytest.mark.parametrize("most", [256, 1, 0])
def test_the_first_link_problems_count_files_added_since_the_whole_index(
    make_vault, monkeypatch: pytest.MonkeyPatch, most: int
):
    """The markdown digest's first link problems are read by id, then the files
    before them by path added since (a higher id): notes added after the
    whole index, sorting first, with a problem, with only a harmless link and
    with none (and more of them than linkcheck looks up one by one: every
    file with a problem read). One problem a file, so that a file taken for
    one with a problem leaves a line out."""
    monkeypatch.setattr(linkcheck, "_LATER_MOST", most)
    notes = {f"People/P{n}.md": person(f"P{n}", body=f"Met [[Gone {n}]]\n") for n in range(6)}
    vault = make_vault(
        {
            **notes,
            "A Chart.md": "See [[chart.svg]]\n",  # harmless only, the first by path and id
            "Companies/Acme.md": "Met [[Sam]]\n",  # ambiguous only
            "People/Sam A.md": person("Sam A", "aliases: [Sam]\n"),
            "People/Sam B.md": person("Sam B", "aliases: [Sam]\n"),
            "files/chart.svg": "<svg/>",
        }
    )
    with Session(vault) as session:
        session.index()
    added = {
        "Alpha.md": "Met [[Sam]]\n",
        "Apex.md": "See [[2026-01-02]]\n",  # harmless only
        "Beta.md": "Nothing linked\n",
        "Meetings/2026-11-03 Tea.md": "---\ndate: 2026-11-03\n---\n- [[Gone B]]\n",
        "People/A0.md": person("A0", body="- Saw [[Gone C]] #sensitive\n"),
    }
    for path, text in added.items():
        (vault / path).parent.mkdir(exist_ok=True)
        (vault / path).write_text(text)
    with Session(vault) as session:
        index, _ = session.index()
        ids = dict(index.conn.execute("SELECT path, id FROM files"))
        assert ids["A Chart.md"] < ids["Companies/Acme.md"] < ids["People/P0.md"] < ids["Apex.md"]
        every = attention_problems(index.problems(suggest=False), None)
        assert len(every) == 10 and not any(p.severity == ERROR for p in every)
        for count in range(len(every) + 2):
            first = index.first_problems(count, index.link_judge())
            assert first == (every[:count], len(every), 0), count


def test_the_markdown_digest_words_only_the_link_problems_it_shows(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    notes = {f"People/P{n}.md": person(f"P{n}", body=f"Met [[Nobody {n}]]\n") for n in range(9)}
    vault = make_vault({**notes, ".netnotes/config.toml": "[digest]\nmax_rows = 2\n"})
    worded: list[tuple] = []
    real = linkcheck._worded

    def counted(conn, rows, tagged, meant):
        rows = list(rows)
        worded.extend(rows)
        return real(conn, rows, tagged, meant)

    monkeypatch.setattr(linkcheck, "_worded", counted)
    with Session(vault) as session:
        index, _ = session.index()
        digest = build_digest(index, session.config, TODAY, Scope(), whole=False)
    assert digest.attention.total == 9 and len(digest.attention.shown) == 2
    assert len(worded) == 3  # the rows a markdown digest makes (Today's needs three)


def tasks_vault(make_vault) -> Path:
    """Tasks owed and waited on, on shared due days and undated, some on a
    meeting note's line with several people, one of them archived."""
    notes = {
        f"People/P{n}.md": person(
            f"P{n}",
            "status: archived\n" if n == 3 else "",
            f"- [ ] Send deck {n} 📅 2026-11-0{1 + n % 3}\n- [ ] Undated {n}\n"
            f"- [ ] Intro {n} #waiting 📅 2026-11-2{n % 2}\n",
        )
        for n in range(8)
    }
    meeting = "---\ndate: 2026-10-01\nwith: ['[[P3]]', '[[P5]]', '[[P1]]']\n---\n"
    meeting += "- [ ] Shared follow-up 📅 2026-11-02\n- [ ] Only the archived one [[P3]]\n"
    return make_vault(
        {
            **notes,
            "Meetings/2026-10-01 Lunch.md": meeting,
            ".netnotes/config.toml": "[digest]\nmax_rows = 2\n",
        }
    )


def test_the_markdown_digest_reads_only_the_follow_ups_it_shows(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    read = calls_of(monkeypatch, digest_facts, "owned_item_of", lambda row: row[4])
    with Session(tasks_vault(make_vault)) as session:
        index, _ = session.index()
        digest = build_digest(index, session.config, TODAY, Scope(), whole=False)
    assert digest.follow_ups.total > 10 and digest.waiting.total > 5
    # three rows are made (Today's late ones): the two days due first hold them
    assert not [text for text in read if text.startswith(("Undated", "Send deck 2", "Send deck 5"))]
    assert "Send deck 1" in read


def test_the_first_follow_ups_are_those_of_the_whole_digest(make_vault):
    with Session(tasks_vault(make_vault)) as session:
        index, _ = session.index()
        for rows in (1, 2, 3, 5, 9, 40):
            config = replace(session.config, digest_max_rows=rows)
            cut = build_digest(index, config, TODAY, Scope(), whole=False)
            whole = build_digest(index, config, TODAY, Scope())
            for section in ("follow_ups", "waiting"):
                shown, every = getattr(cut, section), getattr(whole, section)
                assert (shown.shown, shown.total) == (every.shown, every.total), (rows, section)
            assert cut.follow_ups_late == whole.follow_ups_late
            assert cut.today._replace(meeting_rows=None) == whole.today._replace(meeting_rows=None)
            meetings, every = cut.today.meeting_rows, whole.today.meeting_rows
            assert (meetings.shown, meetings.total) == (every.shown, every.total)


def test_the_markdown_digest_makes_only_the_personal_rows_it_shows(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    notes = {
        f"People/P{n}.md": person(
            f"P{n}", body=f"### 2026-11-1{n} — Coffee\n- Training for race {n} #personal\n"
        )
        for n in range(8)
    }
    vault = make_vault({**notes, ".netnotes/config.toml": "[digest]\nmax_rows = 2\n"})
    made = calls_of(monkeypatch, digest_items, "_shared", lambda net, line: line[0].line)
    with Session(vault) as session:
        index, _ = session.index()
        cut = build_digest(index, session.config, TODAY, Scope(), whole=False)
        assert len(made) == 3  # the rows a markdown digest makes (Today's needs three)
        whole = build_digest(index, session.config, TODAY, Scope())
    assert cut.personal.total == whole.personal.total == 8
    assert cut.personal.shown == whole.personal.shown


def test_the_markdown_digest_makes_only_the_overdue_rows_it_shows(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    """Lapsed and long lost: the markdown shows the first of each and counts
    them all; the picks still choose among everyone overdue."""
    notes = {
        f"People/P{n}.md": person(
            f"P{n}", f"cadence: 30d\nmet: 2026-{1 + n % 9:02d}-0{1 + n % 7}\n"
        )
        for n in range(30)
    }
    vault = make_vault({**notes, ".netnotes/config.toml": "[digest]\nmax_rows = 2\n"})
    made = calls_of(monkeypatch, digest, "overdue_row", lambda net, due, planned: due.path)
    with Session(vault) as session:
        index, _ = session.index()
        cut = build_digest(index, session.config, TODAY, Scope(), whole=False)
        assert len(made) <= 3 + 5  # the lapsed's (Today's needs three) and the long lost named
        made.clear()
        whole = build_digest(index, session.config, TODAY, Scope())
        assert len(made) == 30  # each overdue contact's row made once, for overdue and its parts
    assert len(whole.lapsed.rows) > 0 and len(whole.long_lost) > 5
    assert cut.overdue.total == whole.overdue.total == 30
    assert cut.lapsed.shown == whole.lapsed.shown and cut.lapsed.total == whole.lapsed.total
    assert cut.long_lost == whole.long_lost[:5] and cut.long_lost_count == len(whole.long_lost)
    assert cut.picks == whole.picks


def test_the_first_follow_ups_count_a_task_due_today_as_not_late(make_vault):
    """first_task_lines counts by ranges of due days (before today, on it or
    later, undated) and reads the days only as far as the first lines go."""
    yesterday, today = date(2026, 11, 25).isoformat(), TODAY.isoformat()
    body = (
        f"- [ ] Yesterday 📅 {yesterday}\n- [ ] Today 📅 {today}\n- [ ] Undated\n"
        f"- [ ] Wait late #waiting 📅 {yesterday}\n- [ ] Wait today #waiting 📅 {today}\n"
        f"- [ ] Wait undated #waiting\n"
    )
    vault = make_vault({"People/P0.md": person("P0", body=body), "People/P1.md": person("P1")})
    with Session(vault) as session:
        index, _ = session.index()
        build_digest(index, session.config, TODAY, Scope(), whole=False)  # fills member
        expected = {
            0: ([], []),
            1: (["Yesterday"], ["Wait late"]),
            2: (["Yesterday", "Today"], ["Wait late", "Wait today"]),
            3: (["Yesterday", "Today", "Undated"], ["Wait late", "Wait today", "Wait undated"]),
            9: (["Yesterday", "Today", "Undated"], ["Wait late", "Wait today", "Wait undated"]),
        }
        for count, (owed, waiting) in expected.items():
            found = digest_facts.first_task_lines(index, TODAY, count)
            assert (found[False].total, found[False].late) == (3, 1)
            assert (found[True].total, found[True].late) == (3, 1)
            assert sorted(i.text for i in found[False].items) == sorted(owed), count
            assert sorted(i.text for i in found[True].items) == sorted(waiting), count


def test_the_json_digest_makes_members_only_of_whom_its_rows_show_and_names_them_at_once(
    make_vault, monkeypatch: pytest.MonkeyPatch
):
    """The JSON digest makes a Member of the contacts its rows show, not of
    everyone (a contact met this week, with no cadence due, is in none),
    and reads the names of its personal rows' people in one query, not one
    per person."""
    shown = {
        f"People/P{n}.md": person(
            f"P{n}", body=f"### 2026-11-1{n} — Coffee\n- Training for race {n} #personal\n"
        )
        for n in range(6)
    }
    quiet = {
        f"People/Q{n}.md": person(
            f"Q{n}", "met: 2026-11-20\ncadence: 1y\nmeet_every: 1y\n", entry("2026-11-24", "Call")
        )
        for n in range(6)
    }
    vault = make_vault({**shown, **quiet})
    made = calls_of(monkeypatch, digest_members, "member_of", lambda row: row[1])
    with Session(vault) as session:
        index, _ = session.index()
        printed, statements = json_printed(index, session.config)
    assert sorted({row["contact"] for row in printed["personal"]}) == sorted(shown)
    assert not [path for path in made if path in quiet], made
    by_path = [s for s in statements if "FROM json_each(" in s and "f.path = n.value" in s]
    assert len(by_path) < len(shown), by_path  # not one per person


def test_the_json_digest_counts_none_of_the_follow_ups_it_reads_whole(make_vault):
    """The JSON digest reads every follow-up from SQL (digest_json_sql) and
    names Today's late ones as the model does, without counting every open
    task first (first_task_lines' count, which only the markdown prints)."""
    vault = make_vault(
        {
            "People/Ann Lee.md": person(
                "Ann Lee",
                body="- [ ] Call back 📅 2026-11-20\n- [ ] Write 📅 2026-11-25\n- [ ] Some day\n"
                "- [ ] Ask #waiting 📅 2026-11-01\n",
            ),
            "People/Bo Ek.md": person(
                "Bo Ek", body="- [ ] Later 📅 2026-12-20\n- [ ] Chase 📅 2026-11-02\n"
            ),
        }
    )
    with Session(vault) as session:
        index, _ = session.index()
        printed, statements = json_printed(index, session.config)
        made = digest_json(build_digest(index, session.config, TODAY, Scope()))
    assert printed["today"]["follow_ups"] == made["today"]["follow_ups"]
    assert [row["text"] for row in printed["today"]["follow_ups"]] == [
        "Chase",
        "Call back",
        "Write",
    ]
    assert not [s for s in statements if s.startswith("SELECT (SELECT COUNT(*)")], statements


def _walked_plainly(judge: linkcheck.LinkJudge, folders: tuple[str, ...]) -> set[str]:
    """LinkJudge._walk as it was: each name and path casefolded alone."""
    found: set[str] = set()
    for start in folders:
        for folder, dirs, names in os.walk(judge.root / start if start else judge.root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            relative = os.path.relpath(folder, judge.root).replace(os.sep, "/")
            prefix = "" if relative == "." else relative + "/"
            skipped = any(prefix.startswith(d + "/") for d in judge.skipped)
            for name in names:
                if name.lower().endswith(".md") and not skipped:
                    continue
                found.update(((prefix + name).casefold(), name.casefold()))
    return found


def test_the_link_judge_folds_names_and_paths_as_casefold_does(make_vault):
    """_walk folds ASCII by lower() and a path as its folder's folding and
    its name's: the same set as casefold() of each, where lower() and
    casefold() differ (ß, ligatures, a final sigma, dotted İ) in names and
    in folders, in the skipped folders and out of them."""
    odd = ["Straße.md", "ﬁle.PNG", "ΟΔΟΣ.md", "İzmir.svg", "Plain Name.md", "UPPER.MD", "x.png"]
    files = {
        f"{folder}/{name}": "x\n"
        for folder in ("Templates", "Templates/Groß ΟΣ", "Files ΟΣ", "NetNotes/Prep")
        for name in odd
    }
    vault = make_vault(files)
    with Session(vault) as session:
        judge = linkcheck.LinkJudge(vault, session.context, session.vault.skipped_dirs)
        for folders in (judge.skipped, ("",)):
            meant = _walked_plainly(judge, folders)
            assert judge._walk(folders) == meant
            # where lower() would differ: ß, a final sigma, a ligature, dotted İ
            assert "templates/gross οσ/strasse.md" in meant and "οδοσ.md" in meant
            assert "templates/gross οσ/file.png" in meant and "i̇zmir.svg" in meant


@given(st.text(), st.text())
def test_folding_ascii_by_lower_and_a_path_by_its_parts_is_casefold(a: str, b: str):
    assert linkcheck._fold(a) == a.casefold()
    assert linkcheck._fold(a) + linkcheck._fold(b) == (a + b).casefold()


_DIGITISH = st.sampled_from("09٢३²x -")  # ASCII, Unicode decimal, a digit no decimal


@given(
    st.text(alphabet="0123456789-٢३² x", max_size=12)
    | st.builds(
        lambda a, s, b, t, c: "".join(a) + s + "".join(b) + t + "".join(c),
        st.lists(_DIGITISH, min_size=4, max_size=4),
        st.sampled_from("-x"),
        st.lists(_DIGITISH, min_size=2, max_size=2),
        st.sampled_from("-x"),
        st.lists(_DIGITISH, min_size=2, max_size=2),
    )
)
@example("2026-03x14")
@example("2026-03-145")
@example("2026x03-14")
@example("2026-03-1²")
@example("٢٠٢٦-٠٣-١٤")
def test_an_iso_day_is_told_as_its_pattern_tells_it(text: str):
    """linkcheck._is_iso_day is `\\d{4}-\\d{2}-\\d{2}` matched whole (any
    Unicode decimal digits), written without a pattern."""
    import re

    assert linkcheck._is_iso_day(text) == (re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None)

"""What the digest reads of the index (digest_facts.read_facts) leaves out
what no section can use; every digest built from it, markdown and JSON, whole
or narrowed, is the one built from everything."""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_digest_live import EDITS, NAMES, TODAY, Vault, day

from conftest import entry, examples, meeting, person
from netnotes import digest_facts
from netnotes.digest import Scope, build_digest, digest_json
from netnotes.digest_members import fill_members
from netnotes.session import Session

SCOPES = (Scope(), Scope(ladder="above"))


def digests(session: Session) -> list[tuple[str, str]]:
    """Every digest of the vault as of TODAY, as text: markdown (only the rows
    it shows) and JSON, for the whole network and one rung."""
    index, _ = session.index()
    found = []
    for scope in SCOPES:
        shown = build_digest(index, session.config, TODAY, scope, 14, whole=False)
        whole = build_digest(index, session.config, TODAY, scope, 14)
        found.append(
            (
                session.renderer.render("digest.md.j2", shown),
                json.dumps(digest_json(whole), sort_keys=True),
            )
        )
    return found


def read_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """read_facts as it was: every open item the index query gives (the
    markdown's personal rows stay SQL's: tests/test_digest_personal.py pins
    them to the items')."""
    monkeypatch.setattr(digest_facts, "usable", lambda facts, personal=True: None)


def same_digests(session: Session) -> None:
    fast = digests(session)
    with pytest.MonkeyPatch.context() as patch:
        read_everything(patch)
        assert digests(session) == fast


# Days at the edges of what read_facts keeps: the first of the last 90 days
# and the one before, a year back, and today.
EDGES = st.sampled_from([-90, -89, -365, 0])
NEWS = st.builds(lambda offset: f"### {day(offset)} — Lunch\n- Got a puppy #personal\n", EDGES)
FACT_EDITS = st.one_of(
    EDITS,
    st.tuples(st.just("entry"), st.sampled_from(NAMES), NEWS),
    st.tuples(st.just("met"), st.sampled_from(NAMES), st.tuples(EDGES, st.booleans())),
)


def apply(vault: Vault, edit: tuple) -> None:
    """Vault.apply, and a `met:` day (a touch the log does not hold), with
    or without news heard of them that day in a daily note (not a touch)."""
    what, who, value = edit
    if what != "met":
        vault.apply(edit)
        return
    (offset, heard), person = value, vault.people[who]
    person.fields["met"] = day(offset)
    vault.write(person.path, person.text())
    if heard:
        vault.write(f"Daily/{day(offset)}.md", f"- Heard that [[{who}]] sings #personal\n")


@settings(max_examples=examples(6))
@given(st.lists(FACT_EDITS, min_size=1, max_size=14), st.sets(st.sampled_from(NAMES)))
def test_the_digest_from_the_usable_items_is_the_one_from_every_item(edits, with_personal):
    root = Path(tempfile.mkdtemp(prefix="facts"))
    try:
        vault = Vault(root)
        for edit in edits:
            apply(vault, edit)
        for name in with_personal:  # undated personal items: shown when coming up
            person = vault.people[name]
            text = person.text().replace("## Log", "## Personal\n- Plays the cello\n\n## Log")
            vault.write(person.path, text)
        with Session(root, root.parent / f"{root.name}.sqlite3") as session:
            same_digests(session)
    finally:
        shutil.rmtree(root)
        (root.parent / f"{root.name}.sqlite3").unlink(missing_ok=True)


def test_personal_items_no_section_shows_are_not_read(make_vault):
    """Old news that is not of the last touch, and a `## Personal` section
    of someone with nothing planned, are left out; what the sections use is
    read: the last 90 days (today the first), the last touch's news (even a
    year old; a `met:` day later than the log's is the last touch), the
    Personal section of someone coming up, open tasks."""
    personal = "## Personal\n- Plays the cello\n\n## Log\n"
    vault = make_vault(
        {
            "People/Ada.md": person(
                "Ada",
                "cadence: 30d\n",
                personal + entry(day(-10), "Call", "- Moved to Lisbon #personal"),
            ),
            "People/Bob.md": person(
                "Bob",
                "cadence: 30d\n",
                personal
                + entry(day(-300), "Call")
                + entry(day(-400), "Lunch", "- Ran a marathon #personal"),
            ),
            "People/Cy.md": person(
                "Cy",
                "cadence: 30d\n",
                personal + entry(day(-500), "Lunch", "- Bought a boat #personal"),
            ),
            "People/Ed.md": person(
                "Ed",
                "cadence: 30d\n",
                entry(day(-100), "Call")
                + entry(day(-120), "Call", "- Started a band #personal")
                + entry(day(-300), "Call", "- [ ] Send the demo"),
            ),
            "People/Fay.md": person(
                "Fay",
                "cadence: 30d\n",
                entry(day(-80), "Call")
                + entry(day(-89), "Lunch", "- Ran her first marathon #personal"),
            ),
            "People/Gus.md": person(
                "Gus",
                "cadence: 30d\n",
                entry(day(-80), "Call") + entry(day(-90), "Lunch", "- Got a puppy #personal"),
            ),
            "People/Hal.md": person(
                "Hal", f"cadence: 30d\nmet: {day(-200)}\n", entry(day(-300), "Call")
            ),
            f"Daily/{day(-200)}.md": "- Heard that [[Hal]] sings in a choir #personal\n",
            f"Meetings/{day(3)} Lunch.md": meeting(day(3), ["Ada"]),
        }
    )
    with Session(vault) as session:
        index, _ = session.index()
        with fill_members(index, session.config, TODAY, Scope()):  # their last touches
            facts = digest_facts.read_facts(index, TODAY, TODAY + timedelta(days=14))
        read = {(i.contact[7:-3], i.text) for i in facts.open_items()}
        assert read == {
            ("Ada", "Plays the cello"),  # coming up: her Personal section
            ("Ada", "Moved to Lisbon"),  # within the last 90 days
            ("Cy", "Bought a boat"),  # the last touch's news, however old
            ("Ed", "Send the demo"),  # an open task
            ("Fay", "Ran her first marathon"),  # the 90th of the 90 days
            ("Hal", "Heard that [[Hal]] sings in a choir"),  # of the `met:` day, his last touch
        }
        same_digests(session)
        with pytest.MonkeyPatch.context() as patch:
            read_everything(patch)  # what it leaves out, else the same digests prove nothing
            facts = digest_facts.read_facts(index, TODAY, TODAY + timedelta(days=14))
            everything = {(i.contact[7:-3], i.text) for i in facts.open_items()}
        assert everything - read == {
            ("Bob", "Plays the cello"),
            ("Bob", "Ran a marathon"),
            ("Cy", "Plays the cello"),
            ("Ed", "Started a band"),
            ("Gus", "Got a puppy"),  # the day before them
        }


def test_the_example_vault_gives_the_same_digests(example_vault):
    with Session(example_vault) as session:
        same_digests(session)


def test_reading_each_contact_gives_what_reading_the_whole_vault_gives(make_vault, example_vault):
    """The whole-vault queries take other ways through the index than those
    of a few contacts (a LiveDigest's): the same facts either way, items
    other notes give a contact (owners) included."""
    vault = make_vault(
        {
            "People/Ada.md": person("Ada", "cadence: 30d\n", entry(day(-3), "Call")),
            "People/Bob.md": person("Bob", "cadence: 30d\n"),
            f"Meetings/{day(-5)} Lunch.md": meeting(
                day(-5),
                ["Ada", "Bob"],
                "- Her recital is on 2026-03-10 #personal",
                "- [ ] Call back",
            ),
            f"Meetings/{day(3)} Coffee.md": meeting(day(3), ["Ada", "Bob"], kind="coffee"),
            f"Meetings/{day(-2)} Dinner.md": meeting(day(-2), ["Bob"], kind="dinner"),
        }
    )
    for root in (vault, example_vault):
        with Session(root) as session:
            index, _ = session.index()
            every = {c.path for c in index.contacts()}
            for today in (TODAY, date(2026, 11, 26)):
                with fill_members(index, session.config, today, Scope()):  # last touches
                    whole = digest_facts.read_facts(index, today, today + timedelta(days=14))
                    each = digest_facts.read_facts(index, today, today + timedelta(days=14), every)
                assert each == whole
                assert whole.shared or root == example_vault
                assert (whole.planned and whole.unnoted) or root == example_vault or today != TODAY


CADENCES = st.sampled_from([None, "30d", "2w", "1m", "3m", "1y", "none", "quarterly", "100000y"])
DAYS = st.one_of(st.none(), st.dates(date(2023, 1, 1), date(2026, 6, 30)))


@settings(max_examples=examples(60))
@given(
    st.lists(
        st.tuples(
            CADENCES,
            CADENCES,
            st.sampled_from([None, "above", "peer", "below"]),
            st.sampled_from(["active", "paused", "archived"]),
            DAYS,
            DAYS,
            DAYS,
            DAYS,
        ),
        max_size=12,
    )
)
def test_standings_of_many_contacts_are_each_ones_standing(contacts):
    """people.Standings (the digest's, which works each cadence and due day
    out once) gives what standing() gives each contact alone."""
    from conftest import a_contact
    from netnotes.config import Config
    from netnotes.people import Standings, standing

    config = Config(cadence_above="2w", meet_every_peer="6m")
    many = Standings(config, TODAY)
    for n, (cadence, meet_every, ladder, status, snooze, met, last, in_person) in enumerate(
        contacts
    ):
        contact = a_contact(
            f"P{n}",
            cadence=cadence,
            meet_every=meet_every,
            ladder=ladder,
            status=status,
            snooze=snooze,
            met=met,
        )
        touches = (last, in_person)
        assert many.of(contact, touches) == standing(contact, touches, config, TODAY)


def test_open_items_come_in_the_order_of_their_contacts_notes_and_lines(make_vault):
    """read_facts' open items, sorted in Python, come as SQLite's ORDER BY
    of (contact's path, note's path, line) gives them: UTF-8's byte order,
    names beyond ASCII and beyond Latin-1 among them, a contact's items in
    their own note and in meetings, several on a note."""
    names = ["Zoë", "Émile", "Eve", "İlkay", "Ølaf", "Łucja", "ab", "Ab", "漢字"]
    files: dict[str, str | bytes] = {
        f"People/{name}.md": person(
            name, body=entry(day(-5), "Call", f"- [ ] Write {name} back", f"- [ ] Ask {name}")
        )
        for name in names
    }
    for n, who in enumerate([names[:4], names[3:], ["Ab", "Zoë"]]):
        files[f"Meetings/{day(-n - 1)} Talk {n}.md"] = meeting(
            day(-n - 1), who, *(f"- [ ] Follow up {who[0]} {k}" for k in range(2))
        )
    with Session(make_vault(files)) as session:
        index, _ = session.index()
        with fill_members(index, session.config, TODAY, Scope()):
            facts = digest_facts.read_facts(index, TODAY, TODAY + timedelta(days=14))
        places = [(i.contact, i.path, i.line) for i in facts.open_items()]
        ordered = index.conn.execute(
            "SELECT c.path, f.path, x.line FROM"
            f" ({digest_facts.owned_items_sql(wanted=digest_facts._OPEN)}) x"
            " JOIN files c ON c.id = x.contact JOIN files f ON f.id = x.file ORDER BY 1, 2, 3"
        ).fetchall()
    assert len(places) == len(names) * 2 + 3 * 2  # a meeting's tasks are the one person's they name
    assert places == ordered


# A daily note's plan for a later day ("Lunch with [[Ada]] on …"), from a
# daily note of `offset`; another kind of note the planned touches' read
# takes its own way to (interactions_plans).
PLANS = st.tuples(
    st.just("plan"),
    st.integers(-10, 10),
    st.tuples(st.sampled_from(NAMES), st.integers(0, 20)),
)
# A contact's note deleted, or moved to a folder of People (its next edit writes
# it back where it was: two notes of one name), or made a plain note
# (`type: note`) and a contact again: the contacts whose touches the kept
# table member must hold or _PLANNED read as archived change with each.
MOVES = st.one_of(
    st.tuples(st.sampled_from(["gone", "moved"]), st.sampled_from(NAMES), st.none()),
    st.tuples(
        st.just("field"),
        st.sampled_from(NAMES),
        st.tuples(st.just("type"), st.sampled_from(["note", ""])),
    ),
)


def apply_plan(vault: Vault, edit: tuple) -> None:
    if edit[0] in ("gone", "moved"):
        person = vault.people[edit[1]]
        vault.write(person.path, None)
        if edit[0] == "moved":
            vault.write(f"People/Moved/{person.name}.md", person.text())
        return
    if edit[0] != "plan":
        vault.apply(edit)
        return
    _, offset, (who, ahead) = edit
    planned = day(offset + 1 + ahead)
    vault.write(f"Daily/{day(offset)}.md", f"- Lunch with [[{who}]] on {planned}\n")


def planned_both_ways(index, config) -> list:
    """The planned touches as _Reader.planned reads them (from the table
    member) and as a scan of every interaction finds them, for several days,
    horizons and scopes; both for each."""
    found = []
    for today in (TODAY, TODAY + timedelta(days=3), TODAY - timedelta(days=30)):
        for scope in (Scope(), Scope(ladder="above")):
            with fill_members(index, config, today, scope):
                if scope == Scope():  # the kept table: who _PLANNED reads as not in it
                    outside = index.conn.execute(
                        "SELECT contact FROM last_touch EXCEPT SELECT file FROM member"
                    ).fetchall()
                    archived = "SELECT file FROM contacts WHERE status = 'archived'"
                    assert set(outside) <= set(index.conn.execute(archived).fetchall())
                reader = digest_facts._Reader(index, None)
                for horizon in (0, 1, 14, 60):
                    end = today + timedelta(days=horizon)
                    found.append((reader.planned(today, end), reader.touches(today, end, True)))
    return found


@settings(max_examples=examples(8))
@given(st.lists(st.one_of(EDITS, PLANS, MOVES), min_size=1, max_size=12))
def test_the_planned_touches_read_from_the_members_are_every_planned_touch(edits):
    """_Reader.planned reads the touches ahead from the ids the table member
    keeps (each member's, refilled only where a sync marked), daily notes'
    plans from their index, and everyone else's (archived, or out of a
    narrowed scope) through last_touch: after every edit (contacts archived,
    deleted, moved, made plain notes and contacts again among them) it gives
    what a scan of every interaction gives, whatever the day, horizon and
    scope; and with the kept table, every contact with a touch it does not
    hold is archived (the contacts _PLANNED reads as not in it)."""
    root = Path(tempfile.mkdtemp(prefix="planned"))
    try:
        vault = Vault(root)
        with Session(root, root.parent / f"{root.name}.sqlite3") as session:
            index, _ = session.index()
            for edit in edits:
                apply_plan(vault, edit)
                index.sync()
                for read, scanned in planned_both_ways(index, session.config):
                    assert read == scanned, f"after {edit}"
    finally:
        shutil.rmtree(root)
        (root.parent / f"{root.name}.sqlite3").unlink(missing_ok=True)


def test_planned_touches_of_members_others_and_plans_are_all_read(make_vault):
    """One vault with each way a touch ahead is found: a member's own log and
    a meeting note (the table member's ids), an archived contact's log and
    meeting (last_touch), and a daily note's plans for both (the plans'
    index); a sync that moves a meeting refills only the marked members. A
    narrowed digest (Ada alone is above) reads them all from every interaction."""
    vault = make_vault(
        {
            "People/Ada.md": person("Ada", "ladder: above\n", entry(day(2), "Call")),
            "People/Bob.md": person("Bob", "status: archived\n", entry(day(4), "Coffee")),
            "People/Cy.md": person("Cy", "cadence: 30d\n"),
            f"Meetings/{day(3)} Lunch.md": meeting(day(3), ["Ada", "Bob", "Cy"]),
            f"Daily/{day(-1)}.md": f"- Dinner with [[Bob]] on {day(5)}\n"
            f"- Lunch with [[Cy]] on {day(6)}\n",
        }
    )
    with Session(vault) as session:
        index, _ = session.index()
        for read, scanned in planned_both_ways(index, session.config):
            assert read == scanned
        with fill_members(index, session.config, TODAY, Scope()):
            planned = digest_facts._Reader(index, None).planned(TODAY, TODAY + timedelta(days=14))
        assert {(t.contact, t.date.isoformat(), t.origin) for t in planned} == {
            ("People/Ada.md", day(2), "contact"),
            ("People/Ada.md", day(3), "meeting"),
            ("People/Bob.md", day(3), "meeting"),
            ("People/Bob.md", day(4), "contact"),
            ("People/Bob.md", day(5), "plan"),
            ("People/Cy.md", day(3), "meeting"),
            ("People/Cy.md", day(6), "plan"),
        }
        moved = vault / f"Meetings/{day(3)} Lunch.md"
        moved.write_text(meeting(day(8), ["Ada", "Cy"]), encoding="utf-8")
        index.sync()
        for read, scanned in planned_both_ways(index, session.config):
            assert read == scanned


def test_an_archived_contacts_touches_on_the_first_day_and_the_last_are_read(make_vault):
    """The archived are read through their last touch: one whose last is the
    digest's first day (a log entry, and a meeting with a member), or its
    last day, is read; one whose last is the day before is not (nothing of
    theirs is planned)."""
    first, last = day(0), day(14)
    vault = make_vault(
        {
            "People/Ada.md": person("Ada"),
            "People/Bob.md": person("Bob", "status: archived\n", entry(first, "Call")),
            "People/Dee.md": person("Dee", "status: archived\n", entry(day(-1), "Call")),
            "People/Eve.md": person("Eve", "status: archived\n"),
            f"Meetings/{first} Lunch.md": meeting(first, ["Ada", "Bob"]),
            f"Meetings/{last} Tea.md": meeting(last, ["Eve"]),
        }
    )
    with Session(vault) as session:
        index, _ = session.index()
        with fill_members(index, session.config, TODAY, Scope()):
            planned = digest_facts._Reader(index, None).planned(TODAY, TODAY + timedelta(days=14))
        assert [(t.contact, t.date.isoformat(), t.origin) for t in planned] == [
            ("People/Ada.md", first, "meeting"),
            ("People/Bob.md", first, "meeting"),
            ("People/Bob.md", first, "contact"),
            ("People/Eve.md", last, "meeting"),
        ]
        for read, scanned in planned_both_ways(index, session.config):
            assert read == scanned


def test_the_digest_is_the_same_whatever_order_the_planned_touches_come_in(make_vault):
    """DigestFacts.planned_within hands the planned touches on unsorted, to
    what orders them itself or needs no order (SheetNames, today's meetings,
    the network's `ahead`). With the touches read in any order (reversed,
    shuffled), every digest, markdown and JSON, whole network and narrowed,
    is the same: today's meetings (log entries, meeting notes, a daily
    note's plan, one contact on two of them), the days ahead, and a meeting
    titled like a contact (rival prep sheets)."""
    today, ahead = day(0), day(2)
    people = {
        "Ada": "ladder: above\n",
        "Bob": "",
        "Cy": "ladder: above\n",
        "Dee": "",
        "Eve": "",
        "Fay": "status: archived\n",
    }
    files = {
        f"People/{name}.md": person(name, front, entry(today, "Call") + entry(ahead, "Coffee"))
        for name, front in people.items()
    }
    files |= {
        f"Meetings/{today} Lunch.md": meeting(today, ["Ada", "Dee"]),
        f"Meetings/{today} Board.md": meeting(today, ["Bob", "Eve", "Fay"], kind="meeting"),
        f"Meetings/{today} Ada.md": meeting(today, ["Cy"]),
        f"Meetings/{ahead} Lunch.md": meeting(ahead, ["Cy", "Dee", "Ada"]),
        f"Meetings/{day(5)} Tea.md": meeting(day(5), ["Eve"]),
        f"Daily/{day(-1)}.md": f"- Dinner with [[Eve]] on {today}\n- Drinks with [[Bob]] on {day(3)}\n",
    }
    vault = make_vault(files)
    read = digest_facts._Reader.planned
    with Session(vault) as session:
        expected = digests(session)
        assert "Board" in expected[0][0] and "Tea" in expected[0][1]
        for order in (lambda ts: ts[::-1], lambda ts: random.Random(7).sample(ts, len(ts))):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(
                    digest_facts._Reader,
                    "planned",
                    lambda self, *args, order=order, **kwargs: order(read(self, *args, **kwargs)),
                )
                assert digests(session) == expected

"""The digest weighs everyone in SQL (digest_members.py: temp.member, and
each section's query of it), and makes rows only of what it shows. Each
query is pinned here to the rule it replaced, written out in Python over
people.standing() of every contact (the meaning), on random vaults and days:
who stands where, who is overdue and long lost, whom to meet in person,
who is still to meet or only in the address book, the ladder's counts and
this week's picks."""

from __future__ import annotations

import gc
import json
import shutil
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_digest_live import EDITS, NAMES, TODAY, Vault, opened_vault

from conftest import entry, examples, person
from netnotes import digest
from netnotes.config import Config, load_config
from netnotes.dates import parse_cadence
from netnotes.digest import Digest, Scope, build_digest, digest_json, first_rows
from netnotes.digest_facts import RECENT_DAYS, read_facts
from netnotes.digest_members import Members, _clock, after, fill_members
from netnotes.digest_network import first_planned
from netnotes.digest_rows import cadence_words
from netnotes.index import Index
from netnotes.models import ACTIVE, ARCHIVED, PERSONAL
from netnotes.people import Member, standing
from netnotes.schema import MEMBER_TOTALS, MEMBERS_KEY
from netnotes.session import Session
from netnotes.worklist import Candidate, choose_picks, is_long_lost

FIELDS = st.tuples(
    st.just("field"),
    st.sampled_from(NAMES),
    st.one_of(
        st.tuples(st.just("met"), st.sampled_from(["", "2025-01-10", "2026-02-01", "2026-03-20"])),
        st.tuples(st.just("snooze"), st.sampled_from(["", "2026-03-01", "2026-05-01"])),
        st.tuples(st.just("meet_every"), st.sampled_from(["", "2w", "1m", "none"])),
        st.tuples(st.just("cadence"), st.sampled_from(["", "7d", "1m", "1y", "none"])),
        st.tuples(st.just("ladder"), st.sampled_from(["", "below", "peer"])),
    ),
)
DAYS = (TODAY, TODAY - timedelta(days=45), TODAY + timedelta(days=200))
CONFIGS = (
    "",
    '[cadence]\nabove = "2w"\nbelow = "1y"\n\n[meet_every]\npeer = "1m"\nunplaced = "3m"\n',
)


def meant(index: Index, today: date) -> dict[str, Member]:
    """Every contact not archived as people.standing() sees them, by path in
    the index's order: the meaning temp.member must hold."""
    config = load_config(index.vault.root)
    touches = index.last_touches(today)
    found = {}
    for c in index.contacts(details=False):
        if c.status == ARCHIVED:
            continue
        s = standing(c, touches.get(c.path, (None, None)), config, today)
        found[c.path] = Member(
            c.path, c.name, c.ladder, c.status, c.company, c.role, c.how_met, c.birthday,
            c.groups, c.tags, c.met, bool(c.cadence or c.meet_every), s.last_touch,
            s.last_in_person, s.cadence, s.due, s.meet_every, s.meet_due,
        )  # fmt: skip
    return found


def late(due: date | None, today: date) -> int:
    return (today - due).days if due and due < today else 0


def check(index: Index, today: date) -> None:
    """temp.member and the digest's sections against their meaning."""
    config = load_config(index.vault.root)
    everyone = meant(index, today)
    with fill_members(index, config, today, Scope()):
        members = Members(index.conn)
        assert members.values() == list(everyone.values())  # the same values, in the same order
        # names() (a group's members, by name): of the Members made, else read, ranks with them
        asked = [*everyone][::2] + ["People/Nobody.md"]
        named = {p: everyone[p].name for p in asked if p in everyone}
        unmade = Members(index.conn)
        assert unmade.names(asked) == named == members.names(asked)
        assert [unmade.rank_of(p) for p in named] == [members.rank_of(p) for p in named]
        # named once: names() again, name_of() and membership answer without a Member made
        assert unmade.names(reversed(asked)) == named
        assert [unmade.name_of(p) for p in named] == list(named.values())
        assert [p in unmade for p in asked] == [p in everyone for p in asked]
        assert not unmade._made
        assert [unmade[p] for p in named] == [everyone[p] for p in named]  # made when asked
        # know() and standing() (the open items' contacts): as their Members have them
        known = Members(index.conn)
        known.know(asked)
        assert [p in known for p in asked] == [p in everyone for p in asked]
        standings = [(everyone[p].status, everyone[p].last_touch) for p in named]
        assert [known.standing(p) for p in named] == standings
        assert [known.rank_of(p) for p in named] == [members.rank_of(p) for p in named]
        assert [known[p] for p in named] == [everyone[p] for p in named]  # made when asked
    rank = {path: n for n, path in enumerate(everyone)}
    end = today + timedelta(days=14)
    ahead = [
        t
        for t in read_facts(index, today, end).planned_within(today + timedelta(days=1), end)
        if t.contact in everyone
    ]
    planned = first_planned(ahead)
    digest = build_digest(index, config, today, Scope(), 14)

    overdue = [(p, late(m.due, today)) for p, m in everyone.items() if late(m.due, today)]
    overdue.sort(key=lambda o: -o[1])  # stable: ties in the index's order
    lost = {p for p, days in overdue if is_long_lost(days, cadence_words(everyone[p].cadence).days)}
    got = [(r.person.path, r.days_overdue, r.long_lost) for r in digest.overdue.rows]
    lapsed = [(p, d, False) for p, d in overdue if p not in lost]
    assert got == lapsed + [(p, d, True) for p, d in overdue if p in lost]
    cut = build_digest(index, config, today, Scope(), 14, whole=False)
    first = first_rows(config, whole=False)
    assert [r.person.path for r in cut.lapsed.rows] == [p for p, _, _ in lapsed[:first]]
    assert (cut.lapsed.total, cut.long_lost_count) == (len(lapsed), len(lost))

    in_person_ahead = {t.contact for t in ahead if t.in_person}
    meet = [
        (p, late(m.meet_due, today))
        for p, m in everyone.items()
        if late(m.meet_due, today) and m.last_in_person and p not in in_person_ahead
    ]
    meet.sort(key=lambda o: -o[1])
    assert [(r.person.path, r.days_overdue) for r in digest.meet_in_person.rows] == meet
    assert cut.meet_in_person.total == len(meet)

    def in_address_book(p: str, m: Member) -> bool:
        return (
            m.status == ACTIVE
            and not m.ladder
            and not m.own_clock
            and not m.last_touch
            and (p not in planned)
        )

    book = {p for p, m in everyone.items() if in_address_book(p, m)}
    assert digest.address_book == len(book)
    unmet = [
        p
        for p, m in everyone.items()
        if m.status == ACTIVE and not m.last_in_person and p not in book
    ]

    def unmet_order(p: str) -> tuple[int, int, int]:
        if p in planned:
            return (0, planned[p].toordinal(), rank[p])
        last = everyone[p].last_touch
        return (1, -last.toordinal(), rank[p]) if last else (2, 0, rank[p])

    assert [r.person.path for r in digest.still_to_meet.rows] == sorted(unmet, key=unmet_order)
    assert cut.still_to_meet.rows == digest.still_to_meet.rows[:first]  # only what it shows
    assert cut.still_to_meet.total == len(unmet)

    start = today - timedelta(days=RECENT_DAYS - 1)
    days = index.conn.execute(
        "SELECT f.path, d.date, d.in_person FROM contact_days d JOIN files f ON f.id = d.contact"
    ).fetchall()
    counts: dict[str, list[int]] = {}
    for p, m in everyone.items():
        if m.status != ACTIVE or p in book:
            continue
        mine = {date.fromisoformat(d): bool(i) for q, d, i in days if q == p}
        recent = {d: i for d, i in mine.items() if start <= d <= today}
        if m.met and start <= m.met <= today:  # a face-to-face day
            recent[m.met] = True
        count = counts.setdefault(m.ladder or "unplaced", [0, 0, 0])
        count[0] += 1
        count[1] += len(recent)
        count[2] += sum(recent.values())
    got_ladder = {r.rung: [r.contacts, r.touches_90d, r.in_person_90d] for r in digest.ladder}
    assert {rung: c for rung, c in got_ladder.items() if c[0]} == counts

    news = {q.person.path for q in digest.quick_touches.rows} | {
        i.contact  # something personal shared at the last conversation
        for i in read_facts(index, today, end).open_items()
        if i.contact in everyone and i.type == PERSONAL and not i.sensitive and i.text
        and i.date is not None and i.date == everyone[i.contact].last_touch
    }  # fmt: skip
    seen = {t.contact for t in ahead}
    candidates = []
    for in_person, due in (
        (False, [(p, d) for p, d, _ in lapsed] + [(p, d) for p, d in overdue if p in lost]),
        (True, meet),
    ):
        for p, d in due:
            if p in seen:
                continue
            seen.add(p)
            m = everyone[p]
            lost_now = is_long_lost(d, cadence_words(m.meet_every if in_person else m.cadence).days)
            said = "news" if p in news else None
            candidates.append(Candidate(p, m.ladder, lost_now, d, in_person, said, rank[p]))
    touched = {r.rung: r.touches_90d for r in digest.ladder}
    chosen = choose_picks(candidates, touched, config.digest_picks)
    assert [p.person.path for p in digest.picks] == [c.path for c in chosen]
    # the markdown's picks read no open item: their news is asked in SQL (digest_work)
    assert cut.picks == digest.picks


def check_edits(edits: list[tuple], settings_text: str) -> None:
    root = Path(tempfile.mkdtemp(prefix="members"))
    try:
        vault = Vault(root)
        vault.write(".netnotes/config.toml", "[digest]\nmax_rows = 2\n\n" + settings_text)
        for edit in edits:
            vault.apply(edit)
        with Session(root, root.parent / f"{root.name}.sqlite3") as session:
            index, _ = session.index()
            for today in DAYS:
                check(index, today)
    finally:
        shutil.rmtree(root)
        (root.parent / f"{root.name}.sqlite3").unlink(missing_ok=True)


@settings(max_examples=examples(8), deadline=None)
@given(st.lists(st.one_of(EDITS, FIELDS), min_size=1, max_size=14), st.sampled_from(CONFIGS))
@example(
    [
        ("entry", "Ada Lovelace", f"### {(TODAY - timedelta(days=40)).isoformat()} — Lunch\n"),
        ("entry", "Bob Stone", f"### {(TODAY - timedelta(days=500)).isoformat()} — Coffee\n"),
        ("entry", "Bob Stone", f"### {(TODAY + timedelta(days=5)).isoformat()} — Call\n"),
        ("field", "Chloé Martin", ("met", "2025-01-10")),
        ("field", "Dev Patel", ("snooze", "2026-05-01")),
        ("entry", "Dev Patel", f"### {(TODAY - timedelta(days=90)).isoformat()} — Lunch\n"),
        ("field", "Eve Adams", ("cadence", "")),
        ("field", "Eve Adams", ("meet_every", "2w")),
        ("entry", "Eve Adams", f"### {(TODAY - timedelta(days=3)).isoformat()} — Email\n"),
        ("meeting", 3, ["Ada Lovelace", "Chloé Martin"]),
        ("status", "Ada Lovelace", "paused"),
    ],
    CONFIGS[1],
)
def test_the_digest_weighs_everyone_in_sql_as_people_standing_does(edits, settings_text):
    check_edits(edits, settings_text)


def test_each_rule_at_its_edge_on_a_fixed_vault(make_vault):
    """The cases a random vault rarely makes: ties broken by name where the
    file names sort the other way, a `met:` day on the ladder with and
    without a touch on it, an imported contact with and without a meeting
    planned, and news beyond its rung's share of the picks."""
    ago = lambda n: (TODAY - timedelta(days=n)).isoformat()  # noqa: E731
    lapsed = f"### {ago(40)} — Lunch\n"
    vault = make_vault(
        {
            ".netnotes/config.toml": "[digest]\nmax_rows = 1\npicks = 1\n",
            "People/zz.md": f"---\nname: Aaron\nladder: peer\ncadence: 30d\n---\n{lapsed}",
            "People/Ada.md": f"---\nname: Ada\nladder: peer\ncadence: 30d\n---\n{lapsed}",
            "People/Bo.md": "---\nname: Bo\nladder: peer\ncadence: 30d\n---\n"
            f"### {ago(35)} — Call\n- Her son starts school #personal\n",
            "People/Cy.md": f"---\nname: Cy\nladder: peer\nmet: {ago(10)}\n---\n",
            "People/Di.md": f"---\nname: Di\nladder: peer\nmet: {ago(5)}\n---\n"
            f"### {ago(5)} — Call\n",
            "People/Ed.md": f"---\nname: Ed\nladder: peer\nmet: {ago(20)}\n---\n"
            f"### {ago(20)} — Lunch\n",
            "People/aa.md": "---\nname: Imported\n---\n",
            "People/Planned.md": "---\nname: Planned\n---\n",
            "Meetings/Lunch.md": f'---\ndate: {(TODAY + timedelta(days=3)).isoformat()}\nwith: ["[[Planned]]"]\n---\n',
        }
    )
    with Session(vault) as session:
        index, _ = session.index()
        check(index, TODAY)
        digest = build_digest(index, session.config, TODAY, Scope(), 14)
    assert [r.person.name for r in digest.overdue.rows][:3] == ["Aaron", "Ada", "Bo"]
    assert digest.address_book == 1  # Imported; Planned has a meeting planned
    peers = next(r for r in digest.ladder if r.rung == "peer")
    # Aaron's and Ada's lunches, Bo's call, Cy's met day, Di's call on her met day (in
    # person, then), Ed's lunch on his met day (one day)
    assert (peers.touches_90d, peers.in_person_90d) == (6, 5)
    assert [p.person.name for p in digest.picks] == ["Bo"]  # news first, though least overdue


def test_the_markdown_picks_ask_the_news_of_the_first_of_each_rung_in_sql(make_vault):
    """Without the open items read (the markdown's first rows), a pick's news
    of their items is asked of the table member: only an item shared at their
    last touch, not #sensitive, counts, and one with news is picked before
    the more overdue without, as the whole digest picks from its items."""
    ago = lambda n: (TODAY - timedelta(days=n)).isoformat()  # noqa: E731
    peer = "---\nname: {}\nladder: peer\ncadence: 30d\n---\n"
    vault = make_vault(
        {
            ".netnotes/config.toml": "[digest]\nmax_rows = 1\npicks = 1\n",
            "People/A1.md": peer.format("A1") + f"### {ago(60)} — Lunch\n",
            "People/A2.md": peer.format("A2")
            + f"### {ago(55)} — Lunch\n- Divorce is hard #personal #sensitive\n",
            "People/A3.md": peer.format("A3")
            + f"### {ago(70)} — Call\n- Runs on weekends #personal\n### {ago(50)} — Lunch\n",
            "People/A4.md": peer.format("A4")
            + f"### {ago(45)} — Call\n- Her son starts school #personal\n"
            "- Plays the cello #personal\n",
            "People/A5.md": peer.format("A5") + f"### {ago(40)} — Call\n- Got a dog #personal\n",
        }
    )
    with Session(vault) as session:
        index, _ = session.index()
        whole = build_digest(index, session.config, TODAY, Scope(), 14)
        cut = build_digest(index, session.config, TODAY, Scope(), 14, whole=False)
    assert [p.person.name for p in whole.picks] == ["A4"]  # the most overdue with news
    assert whole.picks[0].reason.endswith(f"shared {ago(45)}: Her son starts school")
    assert cut.picks == whole.picks


def test_a_clock_falls_due_in_sql_on_the_day_cadence_after_gives():
    """digest_members.after, the day a clock falls due counted in SQL, is
    dates.Cadence.after's on every day of four years (leap days and months'
    ends among them), for every kind of setting, to the calendar's end."""
    conn = sqlite3.connect(":memory:")
    (last_day,) = conn.execute("SELECT julianday('9999-12-31')").fetchone()
    settings = ["1d", "10d", "2w", "1m", "3m", "6m", "11m", "1y", "2y", "none"]
    conn.execute("CREATE TABLE clock(setting TEXT, days INT, unit TEXT, amount INT)")
    conn.executemany("INSERT INTO clock VALUES (?, ?, ?, ?)", [(s, *_clock(s)) for s in settings])
    first = date(2023, 1, 1)
    days = [first + timedelta(days=n) for n in range(4 * 366)] + [date(9999, 12, 31)]
    conn.execute("CREATE TABLE day(iso TEXT)")
    conn.executemany("INSERT INTO day VALUES (?)", [(d.isoformat(),) for d in days])
    found = conn.execute(
        f"SELECT day.iso, clock.setting, {after('day.iso', 'clock')} FROM day, clock"
    )
    for iso, setting, julian in found:
        cadence = parse_cadence(setting)
        meant = None if cadence.never else cadence.after(date.fromisoformat(iso))
        if meant == date.max:  # past the calendar's end: never due, nor in SQL
            assert julian is None or julian >= last_day, (iso, setting)
        else:
            got = None if julian is None else date.fromordinal(int(julian - 1721424.5))
            assert got == meant, (iso, setting)


def test_a_member_due_past_the_calendars_end_is_due_as_cadence_after_says(make_vault):
    """A Member read from the table is due as people.standing() says, also
    where SQL's dates end (a touch on 9999-12-31, a cadence of 100000y):
    date.max, as due_after gives it."""
    vault = make_vault(
        {
            "People/End.md": "---\nname: End\ncadence: 1d\nmeet_every: 1m\n---\n"
            "### 9999-12-31 — Lunch\n",
            "People/Far.md": "---\nname: Far\ncadence: 100000y\nmeet_every: 3m\n---\n"
            f"### {TODAY.isoformat()} — Lunch\n",
            "People/Near.md": "---\nname: Near\ncadence: 1m\nsnooze: 9999-12-31\n---\n"
            "### 2026-01-31 — Call\n",
            "People/Soon.md": "---\nname: Soon\ncadence: 2w\n---\n### 2026-02-28 — Call\n",
        }
    )
    with Session(vault) as session:
        index, _ = session.index()
        for today in (TODAY, date(9999, 12, 31)):
            with fill_members(index, session.config, today, Scope()):
                got = Members(index.conn).values()
            assert got == list(meant(index, today).values())
            assert {m.name: m.due for m in got}["Far"] == date.max


def rendered(session: Session, digest: Digest) -> tuple[str, str]:
    markdown = session.renderer.render("digest.md.j2", digest)
    return markdown, json.dumps(digest_json(digest), sort_keys=True)


def fresh(index: Index, config: Config, day: date) -> Digest:
    """A digest with the kept table read whole again, as if it were new."""
    index.conn.execute("DELETE FROM meta WHERE key = ?", (MEMBERS_KEY,))
    return build_digest(index, config, day, Scope(), 14)


def markdown(session: Session, digest: Digest) -> str:
    """The markdown digest of `digest` (its sections' first rows, whole=False)."""
    return session.renderer.render("digest.md.j2", digest)


def assert_totals_counted(index: Index) -> None:
    """The kept table's totals (member_totals) are its rows counted: kept as
    its rows are read again, they are what counting them all gives."""
    conn = index.conn
    kept = {row[:3]: row[3:] for row in conn.execute("SELECT * FROM main.member_totals")}
    counted = f"SELECT {MEMBER_TOTALS}, COUNT(*), SUM(days90), SUM(seen90) FROM main.member"
    found = {row[:3]: row[3:] for row in conn.execute(counted + " GROUP BY 1, 2, 3")}
    assert {k: v for k, v in kept.items() if v != (0, 0, 0)} == found  # none left: all 0


@settings(max_examples=examples(6), deadline=None)
@given(st.lists(st.lists(st.one_of(EDITS, FIELDS), min_size=1, max_size=4), max_size=5))
@example([[("entry", "Ada Lovelace", f"### {(TODAY - timedelta(days=40)).isoformat()} — Lunch\n")]])
def test_the_kept_table_read_again_where_syncs_touched_equals_one_read_whole(steps):
    """The table of members the index keeps between digests, read again only
    for the contacts the syncs since the last digest marked, gives the digest
    that reading it whole gives, after every few edits and on another day
    (some marked meanwhile); the markdown digest's first rows too (read from
    the table in SQL); and its totals are its rows counted."""
    with opened_vault("members") as (vault, session):
        index, _ = session.index()
        config = session.config
        for step in [[], *steps]:
            for edit in step:
                index.sync(paths={vault.apply(edit)})
            cut = markdown(session, build_digest(index, config, TODAY, Scope(), 14, False))
            assert_totals_counted(index)
            kept = rendered(session, build_digest(index, config, TODAY, Scope(), 14))
            assert kept == rendered(session, fresh(index, config, TODAY)), step
            assert_totals_counted(index)
            assert cut == markdown(session, build_digest(index, config, TODAY, Scope(), 14, False))
        for day in (TODAY + timedelta(days=1), TODAY):  # another day: read whole
            for edit in steps[-1][:1] if steps else []:  # with members marked
                index.sync(paths={vault.apply(edit)})
            kept = rendered(session, build_digest(index, config, day, Scope(), 14))
            assert_totals_counted(index)
            assert kept == rendered(session, fresh(index, config, day))


def test_a_digest_while_another_process_writes_the_index_is_the_same(make_vault):
    """When the kept table is of another day and cannot be written (another
    process holds the write lock, never waited for), the digest reads
    everyone into a table of its own: the same digest, narrowed or not, and
    the kept table left as it was."""
    ago = lambda n: (TODAY - timedelta(days=n)).isoformat()  # noqa: E731
    vault = make_vault(
        {
            "People/Ada.md": f"---\nname: Ada\nladder: peer\n---\n### {ago(90)} — Lunch\n",
            "People/Bo.md": f"---\nname: Bo\nladder: above\n---\n### {ago(40)} — Call\n",
        }
    )
    later = TODAY + timedelta(days=30)
    with Session(vault) as session:
        index, _ = session.index()
        config = session.config
        for scope in (Scope(), Scope(ladder="peer")):
            build_digest(index, config, TODAY, Scope(), 14)  # the kept table: of TODAY
            kept = index.conn.execute("SELECT * FROM main.member ORDER BY file").fetchall()
            other = sqlite3.connect(index.path, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            try:
                locked = rendered(session, build_digest(index, config, later, scope, 14))
                assert (
                    index.conn.execute("SELECT * FROM main.member ORDER BY file").fetchall() == kept
                )
            finally:
                other.execute("ROLLBACK")
                other.close()
            assert rendered(session, build_digest(index, config, later, scope, 14)) == locked
            assert "Ada" in locked[0]


def test_a_digest_reads_its_own_day_while_another_process_keeps_another(make_vault, monkeypatch):
    """Two digests of two days at once on one index (a watcher's today and a
    user's `--date`): each reads the kept table as it filled it, though the
    other brings it to its own day between the filling and the reading."""
    ago = lambda n: (TODAY - timedelta(days=n)).isoformat()  # noqa: E731
    vault = make_vault(
        {
            "People/Ada.md": f"---\nname: Ada\nladder: peer\n---\n### {ago(90)} — Lunch\n",
            "People/Bo.md": f"---\nname: Bo\nladder: above\n---\n### {ago(40)} — Call\n",
            "People/Cy.md": f"---\nname: Cy\nladder: peer\n---\n### {ago(5)} — Lunch\n",
        }
    )
    later = TODAY + timedelta(days=120)
    with Session(vault) as session:
        index, _ = session.index()
        alone = {
            day: rendered(session, fresh(index, session.config, day)) for day in (TODAY, later)
        }
    assert alone[TODAY] != alone[later]
    reading = digest.read_facts
    for day, other_day in ((TODAY, later), (later, TODAY)):

        def read_after_another(*args, other_day=other_day, **kwargs):
            monkeypatch.setattr(digest, "read_facts", reading)  # once
            with Session(vault) as other:  # another connection, as another process has
                build_digest(other.index()[0], other.config, other_day, Scope(), 14)
            return reading(*args, **kwargs)

        with Session(vault) as session:
            index, _ = session.index()
            monkeypatch.setattr(digest, "read_facts", read_after_another)
            got = rendered(session, build_digest(index, session.config, day, Scope(), 14))
            assert digest.read_facts is reading  # the other digest was made meanwhile
            assert got == alone[day], day
            index.sync()  # the connection is left free to write


def test_a_digest_leaves_nothing_for_the_cycle_collector(make_vault):
    """What a digest makes and drops is freed as it goes: a cycle among its
    values (the Members and their ranks held each other) would wait for a
    full collection, which a watcher making a digest on every save seldom
    runs: it grew by megabytes a save."""
    ago = lambda n: (TODAY - timedelta(days=n)).isoformat()  # noqa: E731
    vault = make_vault(
        {
            "People/Ada.md": f"---\nname: Ada\nladder: peer\n---\n### {ago(90)} — Lunch\n",
            "People/Bo.md": f"---\nname: Bo\n---\n### {ago(40)} — Call\n- [ ] Send it\n",
            f"Meetings/{ago(-2)} Lunch.md": f'---\ndate: {ago(-2)}\nwith: ["[[Ada]]", "[[Bo]]"]\n---\n',
        }
    )
    with Session(vault) as session:
        index, _ = session.index()
        for whole in (False, True):
            build_digest(index, session.config, TODAY, Scope(), 14, whole)
            gc.collect()
            build_digest(index, session.config, TODAY, Scope(), 14, whole)
            assert gc.collect() == 0


def test_a_new_process_reads_again_the_members_a_sync_marked(make_vault):
    """A command opens the index afresh: the kept table's marked rows are
    read again with the clocks made for them there, as a digest read whole."""
    ago = lambda n: (TODAY - timedelta(days=n)).isoformat()  # noqa: E731
    vault = make_vault(
        {"People/Ada.md": f"---\nname: Ada\nladder: peer\n---\n### {ago(90)} — Lunch\n"}
    )
    with Session(vault) as session:
        build_digest(session.index()[0], session.config, TODAY, Scope(), 14)
    (vault / "People/Ada.md").write_text(
        f"---\nname: Ada\nladder: peer\ncadence: 1y\n---\n### {ago(90)} — Lunch\n", encoding="utf-8"
    )
    with Session(vault) as session:
        index, _ = session.index()  # its sync marks Ada
        kept = rendered(session, build_digest(index, session.config, TODAY, Scope(), 14))
        assert kept == rendered(session, fresh(index, session.config, TODAY))
        assert "[[Ada]]: " not in kept[0].split("## Overdue")[1].split("##")[0]


def test_a_sync_marks_the_owners_of_a_notes_items_read_again(make_vault):
    """A topic note's dated line naming someone is theirs, not a touch of
    them: the sync that adds or removes it still marks them, and the kept
    table's latest sharing (shared_on) is that of a table read whole."""
    ago = lambda n: (TODAY - timedelta(days=n)).isoformat()  # noqa: E731
    lunch = "Topics/Jazz.md"
    vault = make_vault({"People/Ada.md": person("Ada"), "People/Bob.md": person("Bob"), lunch: ""})
    shared = "SELECT f.path, m.shared_on FROM member m JOIN files f ON f.id = m.file ORDER BY 1"
    with Session(vault) as session:
        index, config = session.index()[0], session.config
        for lines in (["- [[Bob]] got a new job #personal"], []):
            build_digest(index, config, TODAY, Scope(), 14)  # the kept table, current
            (vault / lunch).write_text(entry(ago(5), "Heard", *lines), encoding="utf-8")
            index.sync(paths={lunch})
            kept = rendered(session, build_digest(index, config, TODAY, Scope(), 14))
            with fill_members(index, config, TODAY, Scope()):
                found = index.conn.execute(shared).fetchall()
            assert ("People/Bob.md", ago(5) if lines else None) in found
            assert kept == rendered(session, fresh(index, config, TODAY))
            assert ("got a new job" in kept[0]) == bool(lines)


def test_the_first_lapsed_are_read_past_those_with_something_planned(make_vault):
    """Picks and "Time to meet in person" leave out whoever has something
    planned within the horizon as their rows come, and read on until enough
    are kept: here the three most overdue on both clocks have a coffee
    planned, so the picks and the section's first rows are the next ones,
    and its count leaves them out (digest_work._candidates, lapsed_meetings)."""
    files: dict[str, str | bytes] = {".netnotes/config.toml": "[digest]\nmax_rows = 2\npicks = 2\n"}
    for n in range(6):
        day = (TODAY - timedelta(days=40 + 2 * (5 - n))).isoformat()
        planned = entry((TODAY + timedelta(days=3)).isoformat(), "Coffee") if n < 3 else ""
        files[f"People/P{n}.md"] = person(
            f"P{n}", "ladder: peer\ncadence: 30d\nmeet_every: 30d\n", entry(day, "Coffee") + planned
        )
    with Session(make_vault(files)) as session:
        index, _ = session.index()
        shown = build_digest(index, session.config, TODAY, Scope(), 14, whole=False)
        whole = build_digest(index, session.config, TODAY, Scope(), 14)
    assert (
        [p.person.name for p in shown.picks] == ["P3", "P4"] == [p.person.name for p in whole.picks]
    )
    assert [r.person.name for r in whole.meet_in_person.rows] == ["P3", "P4", "P5"]
    assert [r.person.name for r in shown.meet_in_person.rows] == ["P3", "P4", "P5"]
    assert shown.meet_in_person.count == 3


def test_the_first_follow_ups_read_their_contacts_ranks_at_once(make_vault):
    """task_lines orders the first follow-ups by their contacts' ranks, read
    in one query (Members.read_ranks), not a Member read for each; the ranks
    are those the Members give, and a contact read already is not read again."""
    names = ["Ada", "Bob", "Cy", "Dee", "Eve"]
    vault = make_vault(
        {f"People/{n}.md": person(n, "", f"- [ ] Send {n} the deck\n") for n in names}
    )
    with Session(vault) as session:
        index, _ = session.index()
        today = date.fromisoformat(TODAY.isoformat())
        with fill_members(index, session.config, today, Scope()):
            facts = read_facts(index, today, today + timedelta(days=14))
            net = digest.network(index, facts, Scope())
            items = [i for i in facts.open_items() if i.is_task]
            assert len({i.contact for i in items}) == len(names)
            net.contacts.rank_of("People/Ada.md")  # read already: not asked again
            asked: list[str] = []
            index.conn.set_trace_callback(asked.append)
            try:
                lines = digest.task_lines(net, items)
            finally:
                index.conn.set_trace_callback(None)
            assert len(asked) == 1 and "People/Ada.md" not in asked[0]
            everyone = Members(index.conn)
            ranks = [everyone.rank_of(line[0].contact) for line in lines]
            assert ranks == sorted(ranks) and len(lines) == len(names)

"""Working through the list: the second clock, long lost, picks, Today, to
write up, quick touches and `new --last-touch` — each rule as a pure function
on a fixed date, then end to end through the CLI on small temp vaults."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import entry, examples, meeting, person
from netnotes.noted import is_noted
from netnotes.quicktouch import named_date
from netnotes.worklist import Candidate, choose_picks, is_long_lost, rung_order
from netnotes.writeup import log_command

TODAY = "2026-11-26"


def digest(run, vault, *extra: str) -> dict:
    result = run(vault, "digest", "--format", "json", "--date", TODAY, *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- pure rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shared", "expected"),
    [
        ("Her AWS exam is on 2026-11-28", "2026-11-12", "2026-11-28"),
        ("Regionals are Nov 14", "2026-11-01", "2026-11-14"),
        ("Recital on 14 November", "2026-11-01", "2026-11-14"),
        ("Moving on December 4th", "2026-11-01", "2026-12-04"),
        ("Dec. 4, 2027 is the wedding", "2026-11-01", "2027-12-04"),
        ("Back on Jan 5", "2026-12-20", "2027-01-05"),  # the first Jan 5 on or after sharing
        ("Her birthday party was Nov 3", "2026-11-10", "2027-11-03"),
        ("Training for a marathon", "2026-11-01", None),
        ("Room 2026-13-45 is booked", "2026-11-01", None),
    ],
)
def test_a_date_named_in_a_personal_item(text, shared, expected):
    found = named_date(text, date.fromisoformat(shared))
    assert (found.isoformat() if found else None) == expected


# Pieces of text around every form a date is named in: month names in any
# case (the long s folds to an s), digits (Arabic-Indic too), ordinal endings,
# whitespace of several kinds, hyphens, dots, commas and brackets.
TEXT_PIECES = st.sampled_from(
    ["Nov", "nov.", "NOVEMBER", "Sept", "ſept", "may", "Maya", "of", "th", "ND", "rd", "St"]
    + ["1", "14", "2026", "٣", "4th", " ", "  ", "\u00a0", "\u2003", "\n", "-", ".", ",", "(", ")"]
    + ["x", "on", "-12-04", "2026-11-28"]
)


SPACES = st.sampled_from([" ", "  ", "\u00a0", "\u2003", "\n", "", "."])
# A day named the way _NAMED reads it, or nearly (no space, a dot too many),
# between other pieces of text.
NEARLY_NAMED = st.tuples(
    st.lists(TEXT_PIECES, max_size=3).map("".join),
    st.sampled_from(["4", "14", "٣", "2026-11-28", "2026-1-2"]),
    st.sampled_from(["", "th", "TH", "St", "nd", "rd"]),
    SPACES,
    st.sampled_from(["", "of ", "OF\u2003"]),
    st.sampled_from(["Nov", "nov.", "MAY", "ſept", "Sept."]),
    SPACES,
    st.sampled_from(["3", "14", "٣", ", 2027", ""]),
    st.lists(TEXT_PIECES, max_size=3).map("".join),
).map("".join)


@settings(max_examples=examples(2000))
@given(st.one_of(st.lists(TEXT_PIECES, max_size=8).map("".join), NEARLY_NAMED))
def test_a_text_that_cannot_name_a_day_is_not_searched_for_one(text):
    """may_name_a_day's shortcut (a hyphen, or a digit with whitespace beside
    it) says no only where _NAMED finds nothing: the quick touches are those
    of the pattern alone."""
    from netnotes import quicktouch

    if not quicktouch.may_name_a_day(text):
        assert quicktouch._named().search(text) is None, text


@pytest.mark.parametrize(
    "text", ["2026-11-28", "Nov 14", "14 November", "4th of May", "4TH\u2003may", "ſept.\u00a0٣"]
)
def test_each_form_of_a_named_day_may_name_one(text):
    from netnotes import quicktouch

    assert quicktouch._named().search(text) and quicktouch.may_name_a_day(text)
    assert not quicktouch.may_name_a_day("Two kids, Maya (8) and Leo (5)")


def test_long_lost_is_past_two_cadences_or_a_year_whichever_is_shorter():
    assert not is_long_lost(120, 60) and is_long_lost(121, 60)
    assert not is_long_lost(365, 365) and is_long_lost(366, 365)
    assert is_long_lost(366, 1000)


def test_only_planned_content_is_nothing_noted():
    assert not is_noted([])
    assert not is_noted(["", "#### Agenda"])
    planned = [
        "- Bring the printed roadmap.",
        "Plan: ask about hiring",
        "- Agenda: Q3",
        "- Ask how the reorg landed #ask",
        "- calendar:: Tartine, 555 Alabama St",
        "- event_uid:: 0f3a@google.com",
        "- [ ] Bring the deck",
    ]
    assert not is_noted(planned)
    assert is_noted([*planned, "- She got the job."])
    assert is_noted(["Planned the trip together; she is moving in May."]) is True


def test_the_log_command_quotes_for_the_shell():
    assert (
        log_command(["Jane Doe"], date(2026, 11, 20), 'Lunch "$5" at Joe`s')
        == 'netnotes log "Jane Doe" --date 2026-11-20 -t "Lunch \\"\\$5\\" at Joe\\`s"'
    )


def _candidate(path: str, ladder: str | None, lost=False, days=10, news=None, rank=0):
    """A candidate whose place in the index's order is `rank` (ranks may tie)."""
    return Candidate(path, ladder, lost, days, False, news, (f"{rank:03d}", ""))


def test_picks_take_the_lapsed_before_the_long_lost_and_the_neglected_rung_first():
    candidates = [
        _candidate("a", "above", days=50, rank=0),
        _candidate("b", "above", days=10, news="shared 2026-11-01: x", rank=1),
        _candidate("c", "peer", days=90, rank=2),
        _candidate("d", "below", lost=True, days=900, rank=3),
        _candidate("e", "below", days=5, rank=4),
    ]
    touches = {"above": 3, "peer": 9, "below": 1}
    assert rung_order(touches) == ["below", "above", "peer", "unplaced"]
    chosen = choose_picks(candidates, touches, 4)
    # below (fewest touches) first; within above, news beats more overdue
    assert [c.path for c in chosen] == ["e", "b", "c", "a"]
    assert [c.path for c in choose_picks(candidates, touches, 6)][-1] == "d"  # long lost last
    assert choose_picks(candidates, touches, 0) == []
    assert choose_picks(list(reversed(candidates)), touches, 4) == chosen


def _picks_by_sorting(candidates, touches, count):
    """choose_picks as it was written first: every candidate sorted, the
    queues of each rung in full."""
    order = rung_order(touches)
    chosen = []
    for lost in (False, True):
        queues = {rung: [] for rung in order}
        for c in sorted(candidates, key=lambda c: (c.news is None, -c.days_overdue, c.rank)):
            if c.long_lost == lost:
                queues[c.ladder or "unplaced"].append(c)
        while len(chosen) < count and any(queues.values()):
            for rung in order:
                if queues[rung] and len(chosen) < count:
                    chosen.append(queues[rung].pop(0))
    return chosen


CANDIDATES = st.lists(
    st.builds(
        _candidate,
        st.sampled_from("abcdefgh"),
        st.sampled_from(["above", "peer", "below", None]),
        st.booleans(),
        st.integers(1, 40),
        st.sampled_from([None, "shared 2026-11-01: x"]),
        st.integers(0, 12),  # ranks tie: input order breaks ties, as sorted() does
    ),
    max_size=30,
)


@settings(max_examples=examples(40))
@given(CANDIDATES, st.dictionaries(st.sampled_from(["above", "peer", "below"]), st.integers(0, 5)))
def test_picks_are_those_of_every_candidate_sorted(candidates, touches):
    """choose_picks keeps of each rung only as many as are left to choose
    (heapq.nsmallest): the picks of sorting everyone, whatever the count."""
    for count in (0, 1, 3, 7, 40):
        assert choose_picks(candidates, touches, count) == _picks_by_sorting(
            candidates, touches, count
        )


# --- the second clock, end to end -----------------------------------------------------


def test_a_call_does_not_reset_the_face_to_face_clock(make_vault, run):
    vault = make_vault(
        {
            "People/Tomás.md": person(
                "Tomás",
                "ladder: peer\nmet: 2020-03-01\n",
                entry("2026-11-20", "Call", "- caught up"),
            ),
            "People/Only email.md": person(
                "Only email", "ladder: peer\n", entry("2026-11-20", "Email", "- hi")
            ),
            "People/Planned.md": person(
                "Planned",
                "ladder: peer\nmet: 2020-03-01\n",
                entry("2026-12-02", "Lunch at Nopa") + entry("2026-11-20", "Call", "- hi"),
            ),
            "People/Never.md": person(
                "Never", "ladder: peer\nmet: 2020-03-01\nmeet_every: none\n", ""
            ),
            "People/Below.md": person("Below", "ladder: below\nmet: 2026-03-01\n", ""),
        }
    )
    data = digest(run, vault)
    assert [r["name"] for r in data["overdue"]] == ["Below", "Never"]
    (tomas,) = data["meet_in_person"]
    assert tomas == {
        "name": "Tomás",
        "path": "People/Tomás.md",
        "last_in_person": "2020-03-01",
        "due": "2020-09-01",
        "days_overdue": 2277,
        "meet_every_days": 180,
        "meet_every": "6m",
        "ladder": "peer",
        "long_lost": True,
    }
    assert [r["name"] for r in data["still_to_meet"]] == ["Only email"]
    markdown = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    section = markdown.split("## Time to meet in person\n")[1].split("\n\n")[0]
    assert section.startswith("- [[Tomás]]: last face to face 2020-03-01 · over 6 years past due")
    show = json.loads(run(vault, "show", "tomas", "--format", "json", "--date", TODAY).stdout)
    assert (show["last_in_person"], show["meet_due"]) == ("2020-03-01", "2020-09-01")
    text = run(vault, "show", "tomas", "--date", TODAY).stdout
    assert "meet in person every 6m · due 2020-09-01 (2277 days overdue)" in text
    prep = json.loads(run(vault, "prep", "Tomás", "--format", "json", "--date", TODAY).stdout)
    assert prep["people"][0]["meet_due"] == "2020-09-01"
    sheet = run(vault, "prep", "Tomás", "--stdout", "--date", TODAY).stdout
    assert "- Next face-to-face meeting due 2020-09-01 (meet every 6m)" in sheet


def test_meet_every_by_rung_comes_from_the_config(make_vault, run):
    vault = make_vault(
        {
            "People/Ada.md": person("Ada", "ladder: below\nmet: 2026-06-01\n", ""),
            "People/Un.md": person("Un", "met: 2020-06-01\n", ""),
            "People/Odd.md": person(
                "Odd", "ladder: below\nmet: 2026-09-01\nmeet_every: often\n", ""
            ),
            ".netnotes/config.toml": '[meet_every]\nbelow = "3m"\n',
        }
    )
    data = digest(run, vault)
    # unplaced: none; Odd's unreadable meet_every: warned about, the rung's used
    assert [(r["name"], r["due"]) for r in data["meet_in_person"]] == [("Ada", "2026-09-01")]
    odd = json.loads(run(vault, "show", "Odd", "--format", "json", "--date", TODAY).stdout)
    assert (odd["meet_every"], odd["meet_due"]) == ("3m", "2026-12-01")
    assert any(
        a["path"] == "People/Odd.md" and a["problem"].startswith("meet_every:")
        for a in data["attention"]
    )
    bad = make_vault({".netnotes/config.toml": '[meet_every]\npeer = "often"\n'}, name="bad")
    result = run(bad, "digest", "--date", TODAY)
    assert result.exit_code == 2 and "meet_every.peer" in result.stderr


# --- long lost ------------------------------------------------------------------


def test_overdue_lists_the_recently_lapsed_first_and_folds_the_long_lost(make_vault, run):
    vault = make_vault(
        {
            "People/Old.md": person("Old", "", entry("2016-01-01", "Lunch")),
            "People/Older.md": person("Older", "", entry("2015-01-01", "Lunch")),
            "People/Lately.md": person("Lately", "", entry("2026-08-01", "Lunch")),
        }
    )
    rows = digest(run, vault)["overdue"]
    assert [(r["name"], r["long_lost"]) for r in rows] == [
        ("Lately", False),
        ("Older", True),
        ("Old", True),
    ]
    markdown = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    overdue = markdown.split("## Overdue\n")[1].split("\n\n")[0].splitlines()
    assert overdue[0].startswith("- [[Lately]]: 27 days overdue")
    assert overdue[1] == (
        "- Long lost: 2 people — [[Older]] (over 11 years overdue), [[Old]] (over 10 years overdue)"
    )


# --- quick touches, picks and privacy ---------------------------------------------


@pytest.fixture
def news_vault(make_vault):
    return make_vault(
        {
            "People/Aisha.md": person(
                "Aisha",
                "ladder: below\n",
                entry(
                    "2026-06-12",
                    "Coffee",
                    "- Her AWS exam is on Nov 20 %%she failed it twice%% #personal",
                    "- Her divorce hearing is on Nov 21 #personal #sensitive",
                    "- Big news <!-- surgery on Nov 22 --> #personal",
                ),
            ),
            "People/Closed.md": person(
                "Closed",
                "ladder: peer\n",
                entry("2026-11-22", "Call", "- hi")
                + entry("2026-11-01", "Coffee", "- Regionals are Nov 14 #personal"),
            ),
            "People/Ahead.md": person(
                "Ahead",
                "ladder: peer\n",
                entry("2026-11-01", "Coffee", "- Moving on December 4th #personal"),
            ),
        }
    )


def test_a_passed_date_from_a_personal_item_is_a_quick_touch(news_vault, run):
    data = digest(run, news_vault)
    assert data["quick_touches"] == [
        {
            "name": "Aisha",
            "path": "People/Aisha.md",
            "line": 6,
            "text": "Her AWS exam is on Nov 20",
            "shared": "2026-06-12",
            "date": "2026-11-20",
            "contact": "People/Aisha.md",
        }
    ]
    markdown = run(news_vault, "digest", "--stdout", "--date", TODAY).stdout
    assert (
        "- [[Aisha]]: shared 2026-06-12: Her AWS exam is on Nov 20 — 2026-11-20 has passed; "
        "a note to ask how it went" in markdown
    )
    for private in ("divorce", "failed", "surgery"):  # #sensitive lines and comments
        assert private not in markdown and private not in json.dumps(data)


def test_picks_quote_the_users_words_and_are_the_same_every_time(news_vault, run):
    first = digest(run, news_vault)
    assert first["picks"] == [
        {
            "name": "Aisha",
            "path": "People/Aisha.md",
            "ladder": "below",
            "reason": "below you · last coffee 167 days ago · shared 2026-06-12: Her AWS exam is on Nov 20",
        }
    ]
    assert digest(run, news_vault) == first
    assert "divorce" not in json.dumps(first["picks"]) and "failed" not in json.dumps(first)
    none = digest(run, news_vault, "--ladder", "peer")
    assert none["picks"] == [] and none["today"]["picks"] == []


# --- to write up -------------------------------------------------------------------


def test_in_person_meetings_with_nothing_noted_are_to_write_up(make_vault, run):
    vault = make_vault(
        {
            "People/Ada.md": person(
                "Ada",
                "",
                entry(
                    "2026-11-20",
                    "Lunch at Nopa",
                    "- Bring the deck",
                    "- calendar:: Nopa, SF",
                    "%%",  # a comment is no note of what happened
                    "she seemed tired",
                    "%%",
                )
                + entry("2026-11-18", "Call")
                + entry("2026-11-16", "Coffee", "- She got the job.")
                + entry("2026-11-14", "Lunch")  # the meeting note that day has the notes
                + entry("2026-11-02", "Dinner"),
            ),
            "People/Bob.md": person("Bob", "", ""),
            "Meetings/2026-11-14 Team lunch.md": meeting(
                "2026-11-14", ["Ada"], "- Ada got promoted"
            ),
            "Meetings/2026-11-21 Design lunch.md": meeting(
                "2026-11-21", ["Ada", "Bob"], "- event_uid:: 0f3a@google.com"
            ),
        }
    )
    rows = digest(run, vault)["write_up"]
    assert [(r["name"], r["path"], r["line"], r["date"], r["kind"]) for r in rows] == [
        ("Ada", "Meetings/2026-11-21 Design lunch.md", 1, "2026-11-21", "lunch"),
        ("Bob", "Meetings/2026-11-21 Design lunch.md", 1, "2026-11-21", "lunch"),
        ("Ada", "People/Ada.md", 4, "2026-11-20", "lunch"),
    ]
    assert rows[2]["title"] == "Lunch at Nopa"
    assert rows[2]["log"] == 'netnotes log "Ada" --date 2026-11-20 -t "Lunch at Nopa"'
    markdown = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    assert "with [[Ada]], [[Bob]] · nothing noted yet · `netnotes log" in markdown
    logged = run(
        vault, "log", "Ada", "--date", "2026-11-20", "-t", "Lunch at Nopa", "-m", "She got the job"
    )
    assert logged.exit_code == 0, logged.stderr
    after = digest(run, vault)["write_up"]
    assert [(r["name"], r["date"]) for r in after] == [
        ("Ada", "2026-11-21"),
        ("Bob", "2026-11-21"),
    ]


# --- Today -------------------------------------------------------------------------


def test_today_opens_the_digest_and_prep_upcoming_writes_todays_sheets(make_vault, run):
    vault = make_vault(
        {
            "People/Ada.md": person(
                "Ada",
                f"birthday: 1990-{TODAY[5:]}\n",
                entry(TODAY, "Lunch at Nopa", "- Bring the deck")
                + entry("2026-11-01", "Coffee", "- [ ] Send the deck 📅 2026-11-10"),
            ),
            "People/Bob.md": person("Bob", "", entry("2026-11-27", "Coffee")),
        }
    )
    markdown = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    today = markdown.split("## Today\n")[1].split("\n\n")[0]
    assert markdown.index("## Today") < markdown.index("## Coming up")
    assert today.splitlines() == [
        "- Today: Lunch at Nopa with [[Ada]] · [[NetNotes/Prep/2026-11-26 Ada|prep sheet]]",
        "- Tomorrow: Coffee with [[Bob]] · [[NetNotes/Prep/2026-11-27 Bob|prep sheet]]",
        "- Birthday: [[Ada]] turns 36",
        "- You owe [[Ada]]: Send the deck · **16 days late**",
    ]
    data = digest(run, vault)["today"]
    assert [r["date"] for r in data["meetings"]] == [TODAY, "2026-11-27"]
    assert [r["name"] for r in data["birthdays"]] == ["Ada"]
    assert [r["text"] for r in data["follow_ups"]] == ["Send the deck"]
    result = run(vault, "prep", "--upcoming", "--date", TODAY)
    assert result.exit_code == 0
    written = sorted(p.name for p in (vault / "NetNotes" / "Prep").iterdir())
    assert written == ["2026-11-26 Ada.md", "2026-11-27 Bob.md"]


# --- new --last-touch ----------------------------------------------------------------


def test_new_with_last_touch_starts_someone_due_by_their_cadence(make_vault, run):
    vault = make_vault({".netnotes/config.toml": ""})
    made = run(
        vault,
        "new",
        "Tomás Ruiz",
        "--met",
        "2019-03-01",
        "--last-touch",
        "2026-09-14",
        "--kind",
        "Lunch",
    )
    assert made.exit_code == 0, made.stderr
    text = (vault / "People" / "Tomás Ruiz.md").read_text(encoding="utf-8")
    assert text.endswith("## Log\n### 2026-09-14 — Lunch\n")
    run(vault, "new", "Bea", "--met", "2019-03-01", "--last-touch", "2026-10-01")
    bea = (vault / "People" / "Bea.md").read_text(encoding="utf-8")
    assert bea.endswith("### 2026-10-01 — Last in touch\n")
    data = digest(run, vault)
    assert data["overdue"] == []
    shown = json.loads(run(vault, "show", "bea", "--format", "json", "--date", TODAY).stdout)
    assert (shown["last_touch"], shown["last_in_person"]) == ("2026-10-01", "2019-03-01")


def test_new_refuses_a_bad_last_touch_and_writes_nothing(make_vault, run):
    vault = make_vault({".netnotes/config.toml": ""})
    for args, words in (
        (("--kind", "call"), "--last-touch"),
        (("--last-touch", "2026-09-14", "--kind", "zap"), "not a kind"),
        (("--last-touch", "8000-01-01"), "in the past"),
    ):
        result = run(vault, "new", "Cy", *args)
        assert result.exit_code == 2 and words in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
    assert not (vault / "People").exists() or not any((vault / "People").iterdir())


# --- the same rules as pure functions -------------------------------------------


def test_standing_keeps_two_clocks_and_snooze_postpones_both():
    from conftest import a_contact
    from netnotes.config import Config
    from netnotes.people import standing

    today = date(2026, 11, 26)
    called = (date(2026, 11, 20), date(2020, 3, 1))  # last touch, last face to face
    tomas = standing(a_contact("Tomás", ladder="peer"), called, Config(), today)
    assert (tomas.due, tomas.meet_due) == (date(2027, 2, 18), date(2020, 9, 1))
    assert tomas.days_overdue(today) == 0 and tomas.days_overdue_to_meet(today) == 2277
    own = standing(a_contact("Own", ladder="peer", meet_every="2y"), called, Config(), today)
    assert own.meet_due == date(2022, 3, 1)
    snoozed = standing(
        a_contact("Snoozed", ladder="peer", snooze=date(2027, 1, 1)), called, Config(), today
    )
    assert snoozed.meet_due == date(2027, 1, 1)
    never_met = standing(
        a_contact("New", ladder="peer"), (date(2026, 11, 1), None), Config(), today
    )
    assert never_met.meet_due is None and never_met.never_met
    unplaced = standing(a_contact("Un"), called, Config(), today)
    assert unplaced.meet_due is None and str(unplaced.meet_every) == "none"


def test_quick_touch_rows_on_a_fixed_date():
    from netnotes.models import OwnedItem
    from netnotes.quicktouch import quick_touch_rows

    def item(text: str, shared: str, contact="People/A.md", sensitive=False) -> OwnedItem:
        return OwnedItem(
            contact, contact, 9, "personal", text, date.fromisoformat(shared),
            False, False, None, False, sensitive, False,
        )  # fmt: skip

    items = [
        item("Exam on 2026-11-20", "2026-11-01"),
        item("Race on Nov 25", "2026-11-01", contact="People/B.md"),
        item("Trip on Dec 2", "2026-11-01"),  # still ahead
        item("Surgery on Nov 21", "2026-11-01", sensitive=True),
        item("Wedding on Nov 1", "2026-11-05"),  # next year's Nov 1
        item("Move on Nov 20", "2026-11-01", contact="People/C.md"),  # a call since closed it
        item("Party on Nov 8", "2026-11-01"),  # more than 14 days ago
    ]
    last = {"People/A.md": date(2026, 11, 1), "People/C.md": date(2026, 11, 22)}
    rows = quick_touch_rows(items, last, date(2026, 11, 26), lambda p: p, lambda p, w: None)  # type: ignore[arg-type,return-value]
    assert [(r.person, r.text, r.date.isoformat()) for r in rows] == [
        ("People/B.md", "Race on Nov 25", "2026-11-25"),
        ("People/A.md", "Exam on 2026-11-20", "2026-11-20"),
    ]


def test_last_touch_adds_a_log_when_a_vault_template_has_none(make_vault, run):
    vault = make_vault(
        {".netnotes/templates/contact.md.j2": "---\nname: {{ name }}\n---\nNotes.\n"}
    )
    assert run(vault, "new", "Ada", "--last-touch", "2026-10-01", "--kind", "coffee").exit_code == 0
    text = (vault / "People" / "Ada.md").read_text(encoding="utf-8")
    assert text == "---\nname: Ada\n---\nNotes.\n\n## Log\n### 2026-10-01 — Coffee\n"


def test_a_contact_the_room_turns_away_on_the_first_clock_is_not_weighed_again_on_the_second(
    make_vault, run
):
    """One pick: Flo and Cy are long lost on the first clock, Flo more
    overdue, so Cy is turned away there; on the second, Cy (long lost, 125
    days) would outrank Flo (141 days, only lapsed) — but each contact is
    weighed once, as the first clock has them."""
    vault = make_vault(
        {
            ".netnotes/config.toml": "[digest]\npicks = 1\n",
            "People/Flo Ix.md": person(
                "Flo Ix",
                "ladder: peer\ncadence: 1m\n",
                entry("2026-10-28", "Video") + entry("2026-05-10", "Dinner"),
            ),
            "People/Cy Po.md": person(
                "Cy Po", "ladder: peer\ncadence: 30d\nmeet_every: 2w\nmet: 2026-11-12\n"
            ),
        }
    )
    markdown = run(vault, "digest", "--stdout", "--date", "2027-03-31").stdout
    assert "[[Flo Ix]]: a peer · last video 154 days ago" in markdown
    assert "[[Cy Po]]: a peer" not in markdown


def test_nobody_with_a_meeting_planned_is_picked(make_vault, run):
    vault = make_vault(
        {
            "People/Called.md": person(
                "Called",
                "ladder: peer\n",
                entry("2026-12-01", "Call") + entry("2026-03-01", "Lunch", "- hi"),
            ),
            "People/Free.md": person(
                "Free", "ladder: peer\n", entry("2026-03-01", "Lunch", "- hi")
            ),
        }
    )
    data = digest(run, vault)
    assert [r["name"] for r in data["overdue"]] == ["Called", "Free"]
    assert data["overdue"][0]["planned"] == "2026-12-01"
    assert [p["name"] for p in data["picks"]] == ["Free"]
    # a planned call is no meeting in person: the second clock still lists them
    assert [r["name"] for r in data["meet_in_person"]] == ["Called", "Free"]

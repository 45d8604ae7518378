"""The digest's look-ahead reads less than every contact's birthday
(digest_ahead.birthday_rows): what SQL leaves out could never have shown."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from conftest import meeting, person
from netnotes import schema
from netnotes.dates import Birthday, month_days_within
from netnotes.digest_ahead import _BIRTHDAYS
from netnotes.digest_facts import meeting_notes_between
from netnotes.people import read_birthday
from netnotes.session import Session

DAYS = st.dates(min_value=date(1000, 1, 1), max_value=date(8999, 12, 31))
HORIZONS = st.integers(min_value=0, max_value=800)
EVERY_MONTH_DAY = [(d.month, d.day) for d in (date(2000, 1, 1) + timedelta(n) for n in range(366))]


@given(DAYS, HORIZONS)
def test_month_days_within_are_those_of_the_birthdays_next_on_a_day_within(start, horizon):
    end = start + timedelta(days=horizon)
    within = set(month_days_within(start, end))
    for month, day in EVERY_MONTH_DAY:
        falls = Birthday(month, day).next_on_or_after(start) <= end
        assert (f"{month:02d}-{day:02d}" in within) == falls, (month, day)


NUMBER = st.integers(min_value=0, max_value=13)
DAY = st.integers(min_value=0, max_value=32)
YEAR = st.integers(min_value=0, max_value=9999)
WRITTEN = st.one_of(
    st.builds("{:04d}-{:02d}-{:02d}".format, YEAR, NUMBER, DAY),
    st.builds("{:02d}-{:02d}".format, NUMBER, DAY),
    st.builds("--{:02d}-{:02d}".format, NUMBER, DAY),
    st.builds("--{:02d}{:02d}".format, NUMBER, DAY),
    st.builds("{:02d}{:02d}".format, NUMBER, DAY),
    st.builds("{}-{}-{}".format, YEAR, NUMBER, DAY),
    st.builds("{:04d}-{:02d}-{:02d}T10:30Z".format, YEAR, NUMBER, DAY),
    st.builds(" {:04d}-{:02d}-{:02d} ".format, YEAR, NUMBER, DAY),
    st.builds(
        lambda text: text.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
        st.builds("{:04d}-{:02d}-{:02d}".format, YEAR, NUMBER, DAY),
    ),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
)


def _one_contact(birthday: str) -> sqlite3.Connection:
    """An index of one contact, a member, born on `birthday` (as written),
    with the indexes the digest reads birthdays through."""
    conn = sqlite3.connect(":memory:")
    for table in ("files", "contacts", "member"):
        conn.execute(schema.create_table(table))
    for made in schema.INDEXES:
        if "birthday" in made:
            conn.execute(made)
    conn.execute("INSERT INTO files(id, path, kind) VALUES (1, 'People/A.md', 'contact')")
    conn.execute("INSERT INTO contacts(file, name, birthday) VALUES (1, 'A', ?)", (birthday,))
    conn.execute("INSERT INTO member(file) VALUES (1)")
    return conn


@given(WRITTEN, DAYS, HORIZONS)
@example("5-03-14", date(2026, 3, 14), 0)  # written oddly, yet ends in a day within
@example("2000-03-14T10:30Z", date(2026, 3, 14), 0)  # written oddly, read as that day
@example("--0229", date(2027, 2, 27), 1)  # Feb 29, written oddly, on Feb 28 this year
@example("2000-02-29", date(2027, 2, 28), 0)
def test_sql_passes_every_birthday_that_falls_within_however_it_is_written(text, start, horizon):
    """Read once (the query's two halves never both read a birthday), and
    read whenever it falls within, however it is written."""
    end = start + timedelta(days=horizon)
    within = json.dumps(month_days_within(start, end))
    passed = _one_contact(text).execute(_BIRTHDAYS, (within, within)).fetchall()
    assert len(passed) <= 1
    birthday = read_birthday(text)
    if birthday is None or birthday.next_on_or_after(start) > end:
        return
    assert passed == [("People/A.md", text)]


def test_birthdays_are_read_through_their_indexes_not_a_scan_of_every_contact():
    plan = _one_contact("1980-02-29").execute("EXPLAIN QUERY PLAN " + _BIRTHDAYS, ("[]", "[]"))
    read = [row[3] for row in plan]
    assert any("contacts_birthdays" in step for step in read), read
    assert any("contacts_odd_birthdays" in step for step in read), read
    assert "SCAN c" not in read and "SCAN m" not in read, read


def test_the_meeting_notes_of_a_digests_days_are_every_meeting_note_dated_within(make_vault):
    """meeting_notes_between: the meeting notes on the first and the last
    day are in, those the day before and after are not, and a daily note
    dated within is no meeting note."""
    start, end = date(2026, 3, 14), date(2026, 3, 28)
    days = [start - timedelta(days=1), start, start + timedelta(days=5), end]
    days += [end + timedelta(days=1)]
    files = {f"Meetings/{day} Lunch.md": meeting(day.isoformat(), ["Ada"]) for day in days}
    files["Meetings/Untitled.md"] = meeting(end.isoformat(), ["Ada"])  # (the path names no day)
    files["Daily/2026-03-20.md"] = "- Lunch with [[Ada]]\n"
    files["People/Ada.md"] = person("Ada")
    with Session(make_vault(files)) as session:
        index, _ = session.index()
        every = index.meeting_notes()
        dated = index.conn.execute("SELECT count(*) FROM files WHERE date IS NOT NULL")
        assert dated.fetchone() == (len(days) + 2,)  # the daily note has its day too
        found = meeting_notes_between(index, start, end)
        assert found == [m for m in every if start <= m.date <= end]
        assert [(m.date, m.path) for m in found] == [
            (start, "Meetings/2026-03-14 Lunch.md"),
            (days[2], "Meetings/2026-03-19 Lunch.md"),
            (end, "Meetings/2026-03-28 Lunch.md"),
            (end, "Meetings/Untitled.md"),
        ]

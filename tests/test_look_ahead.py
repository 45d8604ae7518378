"""The digest's look-ahead reads less than every contact's birthday
(digest_ahead.birthday_rows): what SQL leaves out could never have shown."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from netnotes.dates import Birthday, month_days_within
from netnotes.digest_ahead import BIRTHDAY_MAY_FALL
from netnotes.people import read_birthday

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


@given(WRITTEN, DAYS, HORIZONS)
def test_sql_passes_every_birthday_that_falls_within_however_it_is_written(text, start, horizon):
    end = start + timedelta(days=horizon)
    birthday = read_birthday(text)
    if birthday is None or birthday.next_on_or_after(start) > end:
        return
    within = json.dumps(month_days_within(start, end))
    passed = sqlite3.connect(":memory:").execute(
        "SELECT count(*) FROM (SELECT ? AS birthday) c WHERE " + BIRTHDAY_MAY_FALL, (text, within)
    )
    assert passed.fetchone() == (1,)

"""Schedules as pure functions: `meets:` words and RRULEs → the days a group meets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from netnotes.schedule import (
    Schedule,
    ScheduleError,
    next_occurrence,
    occurrences,
    parse_schedule,
)


def days(words: str, start: str, end: str, **kwargs) -> list[str]:
    found = occurrences(
        parse_schedule(words), date.fromisoformat(start), date.fromisoformat(end), **kwargs
    )
    return [d.isoformat() for d in found]


def test_weekly_on_monday_is_every_monday_in_the_window_both_ends_included():
    assert days("weekly on Monday", "2026-11-30", "2026-12-14") == [
        "2026-11-30",
        "2026-12-07",
        "2026-12-14",
    ]
    assert days("every Mondays", "2026-12-01", "2026-12-13") == ["2026-12-07"]


def test_every_other_friday_counts_fortnights_from_the_anchor():
    on = days("every other Friday", "2026-12-01", "2026-12-31", anchor=date(2026, 11, 6))
    assert on == ["2026-12-04", "2026-12-18"]
    shifted = days("every other Friday", "2026-12-01", "2026-12-31", anchor=date(2026, 11, 13))
    assert shifted == ["2026-12-11", "2026-12-25"]
    # the same rule as an RRULE from the same anchor agrees
    rrule = days(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "2026-12-01", "2026-12-31", anchor=date(2026, 11, 6)
    )
    assert rrule == on


def test_every_other_friday_without_an_anchor_is_still_the_same_days_every_run():
    first = days("every other Friday", "2026-12-01", "2027-01-31")
    assert first == days("every other Friday", "2026-12-01", "2027-01-31")
    assert len(first) == 5 and all(date.fromisoformat(d).weekday() == 4 for d in first)
    gaps = {(date.fromisoformat(b) - date.fromisoformat(a)).days for a, b in zip(first, first[1:])}
    assert gaps == {14}


def test_monthly_on_the_second_tuesday():
    assert days("monthly on the second Tuesday", "2026-11-01", "2027-02-28") == [
        "2026-11-10",
        "2026-12-08",
        "2027-01-12",
        "2027-02-09",
    ]


def test_the_last_wednesday_of_the_month_across_month_ends_and_a_leap_february():
    assert days("monthly on the last Wednesday", "2027-12-01", "2028-03-31") == [
        "2027-12-29",
        "2028-01-26",
        "2028-02-23",
        "2028-03-29",
    ]
    # February 2024 ends on a Thursday the 29th; its last Wednesday is the 28th
    assert days("the last Wednesday of each month", "2024-02-01", "2024-02-29") == ["2024-02-28"]


def test_a_day_of_the_month_past_the_month_end_falls_on_its_last_day():
    assert days("monthly on the 31st", "2027-01-01", "2027-04-30") == [
        "2027-01-31",
        "2027-02-28",
        "2027-03-31",
        "2027-04-30",
    ]
    assert days("monthly on the 30th", "2028-02-01", "2028-02-29") == ["2028-02-29"]


def test_quarterly_on_the_first_monday_uses_calendar_quarters():
    assert days("quarterly on the first Monday", "2026-01-01", "2026-12-31") == [
        "2026-01-05",
        "2026-04-06",
        "2026-07-06",
        "2026-10-05",
    ]


def test_first_thursday_of_each_month_reads_in_either_order():
    assert days("first Thursday of each month", "2026-11-01", "2026-12-31") == days(
        "monthly on the 1st Thursday", "2026-11-01", "2026-12-31"
    )
    assert days("first Thursday of each month", "2026-11-01", "2026-12-31") == [
        "2026-11-05",
        "2026-12-03",
    ]


def test_an_rrule_is_read_by_dateutil_with_or_without_the_prefix():
    assert days("RRULE:FREQ=MONTHLY;BYDAY=1TH", "2026-11-01", "2026-12-31") == [
        "2026-11-05",
        "2026-12-03",
    ]
    # a UTC UNTIL (as calendars write it) is read as a day
    assert days("FREQ=MONTHLY;BYDAY=-1WE;UNTIL=20270131T000000Z", "2026-12-01", "2027-06-30") == [
        "2026-12-30",
        "2027-01-27",
    ]


def test_until_and_skip():
    assert days(
        "weekly on Monday",
        "2026-12-01",
        "2027-01-31",
        until=date(2027, 1, 11),
        skip=[date(2026, 12, 28), date(2027, 1, 4)],
    ) == ["2026-12-07", "2026-12-14", "2026-12-21", "2027-01-11"]


def test_dates_have_no_time_of_day_so_a_clock_change_moves_nothing():
    # Europe and the US change clocks in late March and early November
    assert days("weekly on Sunday", "2027-03-20", "2027-04-04") == [
        "2027-03-21",
        "2027-03-28",
        "2027-04-04",
    ]
    assert days("weekly on Sunday", "2026-10-25", "2026-11-08") == [
        "2026-10-25",
        "2026-11-01",
        "2026-11-08",
    ]


def test_next_occurrence_from_a_day_includes_that_day():
    schedule = parse_schedule("monthly on the first Thursday")
    assert next_occurrence(schedule, date(2026, 12, 3)) == date(2026, 12, 3)
    assert next_occurrence(schedule, date(2026, 12, 4)) == date(2027, 1, 7)
    assert next_occurrence(schedule, date(2026, 12, 4), until=date(2026, 12, 31)) is None


@pytest.mark.parametrize(
    "words",
    [
        "every blue moon",
        "weekly on the second Tuesday",
        "monthly on Tuesday",
        "at 7:30",
        "",
        "FREQ=FORTNIGHTLY",
        "FREQ=HOURLY",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    ],
)
def test_words_that_are_not_a_schedule_are_an_error_quoting_them(words: str):
    with pytest.raises(ScheduleError) as err:
        parse_schedule(words)
    assert str(err.value).startswith("meets:")
    assert f'"{words}"' in str(err.value)


def test_a_long_window_stays_exact():
    found = occurrences(parse_schedule("weekly on Wednesday"), date(2026, 1, 1), date(2026, 12, 31))
    assert len(found) == 52
    assert all(b - a == timedelta(days=7) for a, b in zip(found, found[1:]))


@pytest.mark.parametrize(
    "words",
    ["FREQ=DAILY;INTERVAL=0", "FREQ=MONTHLY;BYDAY=+9MO", "FREQ=WEEKLY;BYDAY=XX", "RRULE:"],
)
def test_an_rrule_dateutil_would_loop_or_crash_on_is_an_error_at_once(words: str):
    with pytest.raises(ScheduleError):
        parse_schedule(words)


@settings(max_examples=examples(100))
@given(
    st.text(
        alphabet=st.sampled_from(list("FREQ=;INTERVALBYDAYMOTHWE0123456789+- RRULE:")), max_size=40
    )
)
def test_any_words_are_a_schedule_or_a_schedule_error(words: str):
    try:
        schedule = parse_schedule(words)
    except ScheduleError:
        return
    schedule.dates(date(2026, 1, 1), date(2026, 3, 1))


# Plain words are counted without dateutil (Schedule._plain_dates); these pin
# them to the rules dateutil made of the same words, which is how they were
# counted before.
def by_dateutil(schedule: Schedule, start: date, end: date, anchor: date) -> list[date]:
    from datetime import datetime

    from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

    def at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day)

    months = (1, 4, 7, 10) if schedule.unit == "quarter" else None
    first = at(start.replace(day=1))
    if schedule.month_day:
        monthdays = tuple(range(min(schedule.month_day, 28), schedule.month_day + 1))
        rule = rrule(MONTHLY, dtstart=first, bymonth=months, bymonthday=monthdays, bysetpos=-1)
    elif schedule.nth:
        byday = [weekday(d, schedule.nth) for d in schedule.weekdays]
        rule = rrule(MONTHLY, dtstart=first, bymonth=months, byweekday=byday)
    else:
        begin = anchor if schedule.interval > 1 else start
        rule = rrule(
            WEEKLY, dtstart=at(begin), interval=schedule.interval, byweekday=schedule.weekdays
        )
    found = rule.between(at(start), at(end) + timedelta(hours=23, minutes=59), inc=True)
    return sorted({moment.date() for moment in found})


WEEKDAYS = st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True).map(tuple)
PLAIN = st.one_of(
    st.builds(Schedule, st.just("w"), st.none(), st.just("week"), st.integers(1, 5), WEEKDAYS),
    st.builds(
        Schedule,
        st.just("n"),
        st.none(),
        st.sampled_from(["month", "quarter"]),
        st.just(1),
        WEEKDAYS,
        st.sampled_from([1, 2, 3, 4, 5, -1]),
    ),
    st.builds(
        Schedule,
        st.just("d"),
        st.none(),
        st.sampled_from(["month", "quarter"]),
        st.just(1),
        st.just(()),
        st.just(0),
        st.integers(1, 31),
    ),
)
A_DAY = st.dates(date(1999, 1, 1), date(2031, 12, 31))


@settings(max_examples=examples(200), deadline=None)
@given(schedule=PLAIN, start=A_DAY, span=st.integers(-3, 800), anchor=A_DAY)
def test_plain_words_meet_on_the_days_dateutil_counted(schedule, start, span, anchor):
    end = start + timedelta(days=span)
    expected = by_dateutil(schedule, start, end, anchor) if span >= 0 else []
    assert schedule.dates(start, end, anchor) == expected


def test_plain_words_need_no_dateutil():
    """Counted here: a vault whose groups meet in plain words never loads dateutil."""
    import subprocess
    import sys

    code = (
        "import sys; from datetime import date; from netnotes.schedule import parse_schedule;"
        " s = parse_schedule('monthly on the first Thursday');"
        " s.dates(date(2026, 1, 1), date(2026, 12, 31)); print('dateutil' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"

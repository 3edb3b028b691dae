"""Working days in England and Wales, checked by hand against the 2025-2027 calendars."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.domain.calendar import (
    WorkingCalendar,
    england_and_wales,
    monday_of,
    week_number,
    week_start,
)
from planner.errors import PlannerError

CAL = england_and_wales(2024, 2028)


def test_an_award_notice_published_before_easter_ends_its_standstill_on_13_april() -> None:
    # 31 Mar, 1 and 2 Apr; Good Friday 3 Apr and Easter Monday 6 Apr do not count.
    assert CAL.standstill_end(date(2026, 3, 31)) == date(2026, 4, 13)


def test_on_the_england_and_wales_calendar_alone_christmas_ends_on_5_january() -> None:
    # The team calendar only; statutory periods count UK-wide (tests/unit/test_two_calendars.py).
    # 22, 23, 24, 29, 30, 31 Dec and 2 Jan; 25, 26 Dec and 1 Jan are bank holidays.
    assert CAL.standstill_end(date(2025, 12, 22)) == date(2026, 1, 5)


def test_a_notice_published_on_a_saturday_starts_counting_on_monday() -> None:
    assert CAL.standstill_end(date(2026, 6, 6)) == date(2026, 6, 17)


def test_easter_monday_and_the_august_bank_holiday_are_not_working_days() -> None:
    assert not CAL.is_working_day(date(2026, 4, 6))  # Easter Monday: needs subdiv ENG
    assert not CAL.is_working_day(date(2026, 8, 31))  # Late summer bank holiday
    assert not CAL.is_working_day(date(2026, 12, 28))  # Boxing Day, observed (26th a Saturday)
    assert CAL.is_working_day(date(2026, 4, 7))


def test_adding_working_days_skips_weekends_and_bank_holidays() -> None:
    assert CAL.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # over Easter
    assert CAL.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert CAL.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Fri -> Mon
    assert CAL.add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # Sat -> Mon
    assert CAL.add_working_days(date(2026, 11, 25), 0) == date(2026, 11, 25)


def test_subtracting_working_days_skips_weekends_and_bank_holidays() -> None:
    assert CAL.subtract_working_days(date(2026, 4, 7), 1) == date(2026, 4, 2)
    assert CAL.subtract_working_days(date(2027, 1, 4), 4) == date(2026, 12, 24)  # 31, 30, 29, 24
    assert CAL.add_working_days(date(2026, 11, 29), -1) == date(2026, 11, 27)  # Sun -> Fri


def test_working_days_between_counts_the_start_but_not_the_end() -> None:
    assert CAL.working_days_between(date(2026, 3, 30), date(2026, 4, 13)) == 8  # not 3 or 6 Apr
    assert CAL.working_days_between(date(2026, 4, 13), date(2026, 3, 30)) == -8
    assert CAL.working_days_between(date(2026, 1, 1), date(2027, 1, 1)) == 253
    assert CAL.working_days_between(date(2026, 5, 5), date(2026, 5, 5)) == 0


def test_next_and_previous_working_day_leave_a_working_day_alone() -> None:
    assert CAL.next_working_day(date(2026, 12, 25)) == date(2026, 12, 29)
    assert CAL.previous_working_day(date(2026, 12, 28)) == date(2026, 12, 24)
    assert CAL.next_working_day(date(2026, 11, 25)) == date(2026, 11, 25)


def test_week_capacity_is_weekly_hours_less_bank_holidays_and_leave() -> None:
    easter_week = date(2026, 4, 6)
    assert CAL.week_capacity_hours(30, date(2026, 3, 30)) == 24  # Good Friday
    assert CAL.week_capacity_hours(30, easter_week) == 24  # Easter Monday
    assert CAL.week_capacity_hours(30, date(2026, 11, 23)) == 30
    leave = [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 28)]  # 28th is a Saturday
    assert CAL.week_capacity_hours(30, date(2026, 11, 25), leave) == 18
    christmas = date(2026, 12, 21)
    assert CAL.week_capacity_hours(37.5, christmas) == 30  # Friday 25th only; 26th a Saturday
    assert CAL.week_capacity_hours(37.5, date(2026, 12, 28)) == 22.5  # 28 Dec observed, 1 Jan


def test_week_numbers_are_consecutive_and_turn_back_into_mondays() -> None:
    monday = date(2026, 11, 23)
    assert week_start(date(2026, 11, 29)) == monday
    assert week_number(monday + timedelta(days=7)) == week_number(monday) + 1
    assert monday_of(week_number(date(2026, 11, 25))) == monday


def test_a_date_outside_the_calendar_is_a_clear_error() -> None:
    with pytest.raises(PlannerError, match="outside the working-day calendar"):
        CAL.is_working_day(date(2035, 1, 1))


def test_a_custom_calendar_takes_any_holidays() -> None:
    cal = WorkingCalendar([date(2026, 11, 25)], date(2026, 11, 1), date(2026, 12, 31))
    assert cal.add_working_days(date(2026, 11, 24), 1) == date(2026, 11, 26)


@given(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.integers(-200, 200))
def test_adding_then_counting_gives_the_same_number_of_working_days(day: date, n: int) -> None:
    start = CAL.next_working_day(day)
    later = CAL.add_working_days(start, n)
    assert CAL.is_working_day(later)
    assert CAL.working_days_between(start, later) == n


@given(st.dates(date(2024, 1, 1), date(2028, 6, 30)), st.integers(1, 100))
def test_the_index_tables_agree_with_a_day_by_day_walk(day: date, n: int) -> None:
    walked, counted = day, 0
    while counted < n:
        walked += timedelta(days=1)
        if walked.weekday() < 5 and walked not in CAL.holidays:
            counted += 1
    assert CAL.add_working_days(day, n) == walked

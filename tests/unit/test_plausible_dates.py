"""The bounds on dates recorded against a contract: not after today, not more than a year
before the contract started (ten years ago with no start date), and a benefit's financial
year within ten of this one."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.kpis import FinancialYear
from planner.domain.plausible import check_benefit_year, check_recorded_date
from planner.errors import ValidationError

TODAY = date(2026, 11, 25)


def _check(day: date, start: date | None, today: date | None = TODAY) -> None:
    check_recorded_date(day, ref="EST-1", start=start, today=today, once="record it once it is")


def test_today_is_the_latest_date_that_can_be_recorded() -> None:
    _check(TODAY, None)
    with pytest.raises(ValidationError, match=r"^26 Nov 2026 is in the future \(today is 25 Nov "
                       r"2026\); record it once it is$"):  # fmt: skip
        _check(date(2026, 11, 26), None)


def test_the_earliest_date_is_a_year_before_the_contract_started() -> None:
    _check(date(2022, 10, 1), date(2023, 10, 1))
    with pytest.raises(ValidationError, match="30 Sep 2022 is more than a year before EST-1 "
                       "started on 1 Oct 2023; check the date"):  # fmt: skip
        _check(date(2022, 9, 30), date(2023, 10, 1))


def test_with_no_start_date_the_earliest_date_is_ten_years_ago() -> None:
    _check(date(2016, 11, 25), None)
    with pytest.raises(ValidationError, match="24 Nov 2016 is more than 10 years ago"):
        _check(date(2016, 11, 24), None)


def test_without_today_only_the_start_date_bounds_the_date() -> None:
    _check(date(2031, 1, 1), date(2023, 10, 1), today=None)
    _check(date(1990, 1, 1), None, today=None)
    with pytest.raises(ValidationError, match="more than a year before"):
        _check(date(1990, 1, 1), date(2023, 10, 1), today=None)


@pytest.mark.parametrize("first", [2016, 2026, 2036])
def test_a_benefit_counts_in_a_year_within_ten_of_this_one(first: int) -> None:
    check_benefit_year(FinancialYear(first), TODAY)


@pytest.mark.parametrize("first", [1990, 2015, 2037, 2099])
def test_a_benefit_year_further_away_is_refused_with_the_years_it_could_be(first: int) -> None:
    with pytest.raises(ValidationError, match=r"a benefit counts in a year from 2016/17 to "
                       r"2036/37$"):  # fmt: skip
        check_benefit_year(FinancialYear(first), TODAY)

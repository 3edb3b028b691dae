"""Statutory periods count UK-wide working days; officer capacity counts the team's own.

PA 2023 s.123: a working day is not a Saturday or Sunday, Christmas Day, Good Friday or a
bank holiday in any part of the United Kingdom. The worked cases are docs/rules.md's
"Standstill" table.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.domain.calendar import (
    bank_holidays_between,
    team_calendar,
    united_kingdom,
    week_number,
)
from planner.domain.contract import Contract
from planner.domain.levelling import Capacity, Officer
from planner.domain.plan import ReviewInput, Team
from planner.domain.scheduler import plan_programme
from planner.errors import PlannerError, ValidationError
from planner.store import Database
from planner.store.route_rules import set_setting
from planner.store.rules import load_rules
from tests.unit.test_scheduler import _award_rules

UK = united_kingdom(2024, 2028)

# (award notice published, last day of standstill): docs/rules.md, "Standstill".
WORKED = [
    (date(2026, 3, 31), date(2026, 4, 13)),  # Good Friday, Easter Monday
    (date(2025, 12, 22), date(2026, 1, 6)),  # 25, 26 Dec, 1 Jan, 2 Jan (Scotland)
    (date(2026, 3, 12), date(2026, 3, 24)),  # St Patrick's Day (Northern Ireland)
    (date(2026, 7, 7), date(2026, 7, 17)),  # 13 Jul (Northern Ireland, for the 12th)
    (date(2026, 7, 29), date(2026, 8, 10)),  # 3 Aug summer bank holiday (Scotland)
    (date(2026, 11, 24), date(2026, 12, 4)),  # St Andrew's Day (Scotland)
]


@pytest.mark.parametrize(("published", "last_day"), WORKED)
def test_standstill_counts_a_bank_holiday_in_any_part_of_the_uk(
    published: date, last_day: date
) -> None:
    """PA 2023 s.51 and s.123: 8 working days beginning with publication, UK-wide."""
    assert UK.standstill_end(published) == last_day


@pytest.mark.parametrize(("published", "last_day"), WORKED)
def test_a_scheduled_plan_ends_its_standstill_on_the_uk_wide_day(
    published: date, last_day: date
) -> None:
    """PA 2023 s.51, s.123: the plan's standstill milestone is the worked case's last day."""
    # Sign the working day after standstill ends; the new contract starts the day after that.
    new_start = UK.add_working_days(last_day, 2)
    contract = Contract(id=1, ref="EST-001", department="Estates", total_value=50_000_00,
                        owner="J. Patel", end_date=new_start - timedelta(days=1),
                        route="award")  # fmt: skip
    today = published - timedelta(days=70)
    (review,) = plan_programme([ReviewInput(contract)], _award_rules(), Team(), today).reviews
    latest = {m.stage: m.latest for m in review.milestones}
    assert latest["award-notice"] == published
    assert latest["standstill"] == last_day


def test_the_holidays_skipped_are_named_with_the_part_of_the_uk_that_keeps_them() -> None:
    names = dict(bank_holidays_between(date(2026, 11, 24), date(2026, 12, 4)))
    assert names == {date(2026, 11, 30): "Saint Andrew's Day (Scotland)"}
    names = dict(bank_holidays_between(date(2025, 12, 22), date(2026, 1, 6)))
    assert names[date(2025, 12, 25)] == "Christmas Day"
    assert names[date(2026, 1, 2)] == "New Year Holiday (Scotland)"


def _hours(part: str, monday: date) -> float:
    cal = united_kingdom(2026, 2027)
    week = week_number(monday)
    capacity = Capacity(cal, [Officer("A. Khan", 37.5)], {}, week, week + 1,
                        team_calendar(part, 2026, 2027))  # fmt: skip
    return capacity.capacity["A. Khan"][0] / 60


def test_an_english_team_works_on_st_andrews_day_but_a_scottish_one_does_not() -> None:
    """Officer capacity counts the team's calendar (docs/rules.md, "Working days and the two
    calendars"); only statutory periods count every part of the UK."""
    monday = date(2026, 11, 30)  # St Andrew's Day
    assert _hours("ENG", monday) == 37.5
    assert _hours("SCT", monday) == 30.0


def test_an_unknown_team_calendar_is_refused_with_the_known_ones() -> None:
    with pytest.raises(PlannerError, match="ENG"):
        team_calendar("XYZ", 2026, 2027)


def test_the_team_calendar_setting_takes_only_a_known_part_of_the_uk(db: Database) -> None:
    set_setting(db, "team_calendar", "sct", "tester")
    assert load_rules(db).team_calendar == "SCT"
    with pytest.raises(ValidationError, match=r"ENG \(England and Wales\)"):
        set_setting(db, "team_calendar", "Lancashire", "tester")
    with pytest.raises(ValidationError, match="from 0 to 30"):
        set_setting(db, "deemed_service_days", "45", "tester")
    set_setting(db, "deemed_service_days", "2", "tester")
    assert load_rules(db).deemed_service_days == 2

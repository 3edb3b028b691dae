"""The notice deadline is a fixed date set by the contract, and the scheduler never moves it;
the termination notice is due by the end date plus 29 days; a far-future end date stops
only its own review (docs/rules.md, "Notice deadline", "Contract termination notice")."""

from __future__ import annotations

import dataclasses
from datetime import date

from planner.domain.calendar import united_kingdom
from planner.domain.codes import FlagCode, StageCode
from planner.domain.contract import Contract
from planner.domain.levelling import Officer
from planner.domain.notice import notice_dates, termination_notice_latest
from planner.domain.plan import ReviewInput, ReviewPlan, Team
from planner.domain.routes import SchedulingRules
from planner.domain.scheduler import plan_programme

UK = united_kingdom(2024, 2030)
TODAY = date(2026, 12, 1)


def test_a_sunday_deadline_is_served_by_the_friday_before() -> None:
    """Contract term: notice by the deadline; served on a working day, the earlier reading."""
    found = notice_dates(date(2027, 1, 18), "P3M", UK)
    assert found is not None
    assert found.deadline == date(2026, 10, 18)
    assert found.serve_by == date(2026, 10, 16)
    assert found.why == "notice by Fri 16 Oct 2026 (deadline Sun 18 Oct)"


def test_a_month_back_from_31_march_is_28_february_the_earlier_reading() -> None:
    found = notice_dates(date(2027, 3, 31), "P1M", UK)
    assert found is not None and found.deadline == date(2027, 2, 28)
    assert found.serve_by == date(2027, 2, 26)  # the 28th is a Sunday


def test_deemed_service_days_are_working_days_before_the_serve_by_day() -> None:
    found = notice_dates(date(2027, 1, 18), "P3M", UK, deemed_service_days=2)
    assert found is not None and found.serve_by == date(2026, 10, 14)


def test_a_notice_deadline_over_a_uk_bank_holiday_is_served_the_working_day_before() -> None:
    """PA 2023 s.123's working day: St Andrew's Day (Mon 30 Nov 2026) is not one."""
    found = notice_dates(date(2027, 2, 28), "P3M", UK)
    assert found is not None and found.deadline == date(2026, 11, 28)
    assert found.serve_by == date(2026, 11, 27)


def _review(rules: SchedulingRules, contract: Contract, team: Team | None = None) -> ReviewPlan:
    (review,) = plan_programme([ReviewInput(contract)], rules, team or Team(), TODAY).reviews
    return review


def _notice(review: ReviewPlan) -> tuple[date | None, date | None]:
    found = next(m for m in review.milestones if m.stage == StageCode.NOTICE)
    return found.planned, found.latest


def test_a_passed_notice_deadline_stays_in_the_past_and_is_shown_as_passed(
    seeded: SchedulingRules,
) -> None:
    """Issue 10 item 1: FLE-00005's notice deadline 3 Sep 2026 was re-planned to today."""
    contract = Contract(id=1, ref="FLE-00005", department="Fleet", total_value=98_400_00,
                        owner="J. Patel", end_date=date(2027, 9, 3), notice_period="P12M",
                        route="collaborate")  # fmt: skip
    review = _review(seeded, contract, Team(officers=(Officer("G. Singh", 37.5),)))
    assert _notice(review) == (date(2026, 9, 3), date(2026, 9, 3))
    assert FlagCode.NOTICE_PASSED in review.flags
    assert review.start is not None and review.start >= TODAY


def test_the_notice_milestone_is_never_levelled_even_with_no_room(
    seeded: SchedulingRules,
) -> None:
    """A full week does not move a fixed date: it is booked where it is, and reported."""
    contract = Contract(id=1, ref="EST-001", department="Estates", total_value=50_000_00,
                        owner="J. Patel", end_date=date(2027, 6, 30), notice_period="P6M",
                        route="quotes")  # fmt: skip
    busy = Team(officers=(Officer("A. Khan", 0.5),))
    assert _notice(_review(seeded, contract, busy)) == (date(2026, 12, 30), date(2026, 12, 30))
    assert _notice(_review(seeded, contract)) == (date(2026, 12, 30), date(2026, 12, 30))


def test_the_termination_notice_is_due_by_the_end_date_plus_29_days(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.80: within 30 days beginning with the day the contract ends."""
    assert termination_notice_latest(date(2026, 3, 31)) == date(2026, 4, 29)
    contract = Contract(id=1, ref="EST-001", department="Estates", total_value=500_000_00,
                        owner="J. Patel", end_date=date(2027, 9, 30), route="open")  # fmt: skip
    review = _review(seeded, contract)
    latest = {m.stage: m.latest for m in review.milestones}
    if StageCode.TERMINATION_NOTICE in latest:  # PA 2023 contracts only (docs/rules.md)
        assert latest[StageCode.TERMINATION_NOTICE] == date(2027, 10, 29)


def test_a_far_future_end_date_goes_to_needs_data_and_the_rest_are_planned(
    seeded: SchedulingRules,
) -> None:
    """Issue 10 item 8: an end date of 2400-01-01 stopped the plan of every contract."""
    far = Contract(id=1, ref="EST-001", department="Estates", total_value=50_000_00,
                   owner="J. Patel", end_date=date(2400, 1, 1))  # fmt: skip
    near = dataclasses.replace(far, id=2, ref="EST-002", end_date=date(2027, 9, 30))
    plan = plan_programme([ReviewInput(far), ReviewInput(near)], seeded, Team(), TODAY)
    assert [r.ref for r in plan.reviews] == ["EST-002"]
    (needing,) = plan.needing_data
    assert needing.ref == "EST-001"
    assert needing.missing == (
        "a plausible end date (1 Jan 2400 is more than 50 years ahead: check the register)",
    )

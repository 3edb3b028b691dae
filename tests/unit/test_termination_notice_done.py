"""Giving the old contract's termination notice (a stage after the new start) early does not
count the procurement's own stages as done: they are still planned."""

from __future__ import annotations

from datetime import date

from planner.domain.calendar import england_and_wales
from planner.domain.contract import Contract
from planner.domain.plan import ReviewInput, Team
from planner.domain.routes import SchedulingRules
from planner.domain.scheduler import plan_programme

TODAY = date(2026, 11, 25)
CAL = england_and_wales(2023, 2031)


def test_termination_notice_done_leaves_the_tender_stages_to_plan(
    seeded: SchedulingRules,
) -> None:
    contract = Contract(id=1, ref="EST-001", department="Estates", total_value=500_000_00,
                        end_date=date(2027, 9, 30), route="open")  # fmt: skip
    done = {"needs-analysis": date(2026, 11, 2), "termination-notice": date(2026, 11, 20)}
    items = [ReviewInput(contract, actuals=done)]
    (review,) = plan_programme(items, seeded, Team(), TODAY, CAL).reviews
    planned = {m.stage: m.planned for m in review.milestones}
    assert planned["termination-notice"] == date(2026, 11, 20)
    assert planned["needs-analysis"] == date(2026, 11, 2)
    open_stages = [m for m in review.milestones if m.actual is None]
    assert {"options", "specification", "evaluation", "signed"} <= {m.stage for m in open_stages}
    assert all(m.planned is not None and m.planned >= TODAY for m in open_stages)
    assert review.start is not None and review.start >= TODAY

"""Re-planning only what a change can affect gives exactly the plan a full run gives
(issue 12, "Live plan"; docs/rules.md, "Levelling")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.calendar import england_and_wales
from planner.domain.contract import Contract
from planner.domain.levelling import Officer
from planner.domain.plan import ReviewInput, Team
from planner.domain.replanning import PlanMemo
from planner.domain.routes import SchedulingRules
from planner.domain.scheduler import plan_programme
from planner.domain.vocab import ROUTES

TODAY = date(2026, 11, 25)
CAL = england_and_wales(2023, 2033)
NAMES = ("A. Khan", "B. Shaw", "C. Doyle")


def _contract(draw: st.DrawFn, index: int) -> Contract:
    end = TODAY + timedelta(days=draw(st.integers(-40, 700)))
    return Contract(
        id=index + 1,
        ref=f"C-{index:03d}",
        department=draw(st.sampled_from(["Estates", "ICT", "HR"])),
        end_date=end,
        max_end_date=draw(st.sampled_from([None, end + timedelta(days=365)])),
        notice_period=draw(st.sampled_from([None, "P3M", "P90D"])),
        total_value=draw(st.one_of(st.none(), st.integers(1_000_00, 3_000_000_00))),
        route=draw(st.sampled_from([None, None, *ROUTES])),
        priority=draw(st.sampled_from([None, 1, 3, 5])),
        risk=draw(st.sampled_from([None, "low", "high"])),
        officer=draw(st.sampled_from([None, None, *NAMES])),
        owner="J. Patel",
    )


def _changed(draw: st.DrawFn, contract: Contract) -> Contract:
    """One change a user makes: priority, risk, officer, route, end date, value, status."""
    what = draw(st.sampled_from(["priority", "risk", "officer", "route", "end", "value", "closed"]))
    if what == "priority":
        return replace(contract, priority=draw(st.sampled_from([None, 1, 2, 5])))
    if what == "risk":
        return replace(contract, risk=draw(st.sampled_from([None, "low", "medium", "high"])))
    if what == "officer":
        return replace(contract, officer=draw(st.sampled_from([None, *NAMES])))
    if what == "route":
        return replace(contract, route=draw(st.sampled_from([None, *ROUTES])))
    if what == "end":
        assert contract.end_date is not None
        return replace(
            contract, end_date=contract.end_date + timedelta(days=draw(st.integers(-90, 90)))
        )
    if what == "value":
        return replace(contract, total_value=draw(st.integers(1_000_00, 9_000_000_00)))
    return replace(contract, status="expired")


@st.composite
def before_and_after(draw: st.DrawFn) -> tuple[list[ReviewInput], list[ReviewInput], Team]:
    """A register, the same register after a few changes (some contracts changed, one
    perhaps gone or added), and a stretched team, so that levelling pushes work around."""
    count = draw(st.integers(2, 16))
    before = [ReviewInput(_contract(draw, i)) for i in range(count)]
    after = list(before)
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.integers(0, count - 1))
        after[n] = ReviewInput(_changed(draw, after[n].contract))
    if draw(st.booleans()):
        after.pop(draw(st.integers(0, len(after) - 1)))
    if draw(st.booleans()):
        after.append(ReviewInput(_contract(draw, count)))
    officers = tuple(
        Officer(name, draw(st.sampled_from([3.0, 7.5, 15.0])), skills)
        for name, skills in zip(NAMES, (("ICT",), (), ("HR",)), strict=True)
    )[: draw(st.integers(1, 3))]
    return before, after, Team(officers)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(before_and_after())
def test_re_planning_after_changes_gives_the_plan_a_full_run_gives(
    seeded: SchedulingRules, case: tuple[list[ReviewInput], list[ReviewInput], Team]
) -> None:
    before, after, team = case
    memo = PlanMemo()
    plan_programme(before, seeded, team, TODAY, CAL, memo)
    again = plan_programme(after, seeded, team, TODAY, CAL, memo)
    full = plan_programme(after, seeded, team, TODAY, CAL)
    assert again == full


@SETTINGS
@given(before_and_after())
def test_planning_the_same_register_again_places_nothing_afresh(
    seeded: SchedulingRules, case: tuple[list[ReviewInput], list[ReviewInput], Team]
) -> None:
    _, after, team = case
    memo = PlanMemo()
    first = plan_programme(after, seeded, team, TODAY, CAL, memo)
    assert plan_programme(after, seeded, team, TODAY, CAL, memo) == first
    assert memo.replaced == 0


def test_a_change_to_the_team_plans_everything_afresh(seeded: SchedulingRules) -> None:
    items = [
        ReviewInput(
            Contract(
                id=n,
                ref=f"C-{n}",
                department="ICT",
                owner="J. Patel",
                end_date=TODAY + timedelta(days=200 + n),
            )
        )
        for n in range(1, 6)
    ]
    memo = PlanMemo()
    plan_programme(items, seeded, Team((Officer("A. Khan", 15.0),)), TODAY, CAL, memo)
    wider = Team((Officer("A. Khan", 15.0), Officer("B. Shaw", 15.0)))
    again = plan_programme(items, seeded, wider, TODAY, CAL, memo)
    assert memo.replaced == len(items)
    assert again == plan_programme(items, seeded, wider, TODAY, CAL)

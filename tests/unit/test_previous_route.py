"""Issue 11: the route a contract was last let by is a hint for its next review's
provisional route, never the decided route."""

from __future__ import annotations

from datetime import date

from planner.domain.calendar import england_and_wales
from planner.domain.contract import Contract
from planner.domain.plan import ReviewInput, Team
from planner.domain.routes import SchedulingRules
from planner.domain.scheduler import plan_programme

TODAY = date(2026, 11, 25)
CAL = england_and_wales(2023, 2031)


def _review(rules: SchedulingRules, **fields: object) -> tuple[str | None, bool, list[str]]:
    contract = Contract(
        id=1, ref="EST-001", department="Estates", total_value=300_000_00,
        end_date=date(2028, 3, 31), owner="J. Patel", **fields,  # type: ignore[arg-type]
    )  # fmt: skip
    (plan,) = plan_programme([ReviewInput(contract)], rules, Team(), TODAY, CAL).reviews
    return plan.route, plan.route_provisional, plan.reasons


def test_a_contract_let_through_a_framework_last_time_is_planned_as_a_framework_again(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.45-47 (frameworks): a contract let by a framework call-off is likely to be
    again, so its next review is planned provisionally as a further competition; it is a
    hint the options appraisal confirms or changes, never a decision."""
    route, provisional, reasons = _review(seeded, previous_route="framework-direct-award")
    assert (route, provisional) == ("framework-further-competition", True)
    assert any("framework last time" in r for r in reasons)


def test_an_open_procedure_last_time_leaves_the_provisional_route_to_the_value(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.20: the procedure follows the value against the threshold in force now."""
    route, provisional, _ = _review(seeded, previous_route="quotes")
    assert (route, provisional) == ("open", True)


def test_a_decided_route_wins_over_the_previous_one(seeded: SchedulingRules) -> None:
    route, provisional, _ = _review(seeded, route="open", previous_route="framework-direct-award")
    assert (route, provisional) == ("open", False)

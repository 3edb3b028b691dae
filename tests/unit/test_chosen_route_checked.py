"""A route someone chose is checked against the contract: quotes for a contract above the
threshold is Red, an extension the contract does not allow is Red, and one the register
cannot confirm is Amber. A route that suits the contract adds nothing."""

from __future__ import annotations

from datetime import date

from planner.domain.calendar import england_and_wales
from planner.domain.contract import Contract
from planner.domain.plan import ReviewInput, ReviewPlan, Team
from planner.domain.routes import SchedulingRules
from planner.domain.scheduler import plan_programme

TODAY = date(2026, 11, 25)
CAL = england_and_wales(2023, 2031)


def _review(rules: SchedulingRules, **fields: object) -> ReviewPlan:
    base: dict[str, object] = {"id": 1, "ref": "EST-001", "department": "Estates",
                               "owner": "J. Patel", "end_date": date(2028, 3, 31)}  # fmt: skip
    base.update(fields)
    contract = Contract(**base)  # type: ignore[arg-type]
    (review,) = plan_programme([ReviewInput(contract)], rules, Team(), TODAY, CAL).reviews
    return review


def test_quotes_chosen_for_a_contract_above_the_threshold_is_red(seeded: SchedulingRules) -> None:
    review = _review(seeded, route="quotes", total_value=50_000_000)
    assert review.rag == "red"
    assert review.reasons[0].startswith(
        "Quotes below threshold is only for contracts below the threshold: the whole-life "
        "value £500,000 (VAT not recorded: read as excluding VAT) + VAT at 20% = £600,000: "
        "at or above the goods and services threshold of £207,720 for a procurement "
        "commencing"
    )


def test_quotes_chosen_below_the_threshold_is_on_plan(seeded: SchedulingRules) -> None:
    review = _review(seeded, route="quotes", total_value=5_000_000)
    assert review.rag == "green"


def test_extension_decided_where_the_contract_allows_none_is_red(
    seeded: SchedulingRules,
) -> None:
    review = _review(seeded, decision="extend", total_value=5_000_000,
                     max_end_date=date(2028, 3, 31))  # fmt: skip
    assert review.route == "extension"
    assert review.rag == "red"
    assert (
        "needs an option to extend, and the contract's latest end date is its end date"
        in (review.reasons[0])
    )


def test_extension_with_no_latest_end_date_recorded_is_amber(seeded: SchedulingRules) -> None:
    review = _review(seeded, route="extension", total_value=5_000_000)
    assert review.rag == "amber"
    assert "relies on an option to extend that the register does not record" in review.reasons[0]


def test_extension_the_contract_allows_is_on_plan(seeded: SchedulingRules) -> None:
    review = _review(seeded, route="extension", total_value=5_000_000,
                     max_end_date=date(2030, 3, 31))  # fmt: skip
    assert review.rag == "green"

"""The contract details notice and the copy of the contract, dated from the signing
(docs/rules.md, "Contract details notice and the copy of the contract")."""

from __future__ import annotations

from datetime import date, timedelta

from planner.domain.calendar import united_kingdom
from planner.domain.codes import Regime, StageCode
from planner.domain.contract import Contract
from planner.domain.notice import contract_copy_latest, details_notice_latest
from planner.domain.plan import MilestonePlan, ReviewInput, ReviewPlan, Team
from planner.domain.routes import SchedulingRules
from planner.domain.scheduler import plan_programme

TODAY = date(2026, 11, 25)
UK = united_kingdom(2023, 2031)  # statutory periods count on the UK-wide calendar


def _contract(**fields: object) -> Contract:
    base: dict[str, object] = {
        "id": 1, "ref": "ICT-001", "department": "ICT", "owner": "J. Patel",
        "end_date": date(2027, 12, 31), "total_value": 6_000_000_00, "values_include_vat": True,
        "regime": Regime.PA2023, "route": "open",
    }  # fmt: skip
    base.update(fields)
    return Contract(**base)  # type: ignore[arg-type]


def _plan(
    rules: SchedulingRules, contract: Contract, actuals: dict[str, date] | None = None
) -> ReviewPlan:
    item = ReviewInput(contract, actuals=actuals or {})
    (review,) = plan_programme([item], rules, Team(), TODAY, UK).reviews
    return review


def _milestone(review: ReviewPlan, stage: StageCode) -> MilestonePlan:
    return next(m for m in review.milestones if m.stage == stage)


def _stages(review: ReviewPlan) -> list[str]:
    return [m.stage for m in review.milestones]


def _on_or_before(day: date) -> date:
    return UK.day(UK.index_on_or_before(day))


def test_the_windows_are_30_and_90_days_beginning_with_the_signing_day() -> None:
    """PA 2023 s.53(1) and (3): "within 30 days" and "within 90 days" beginning with the
    day the contract is entered into: the signing day counts, so the last days are the
    signing day plus 29 and plus 89."""
    assert details_notice_latest(date(2026, 3, 2)) == date(2026, 3, 31)
    assert contract_copy_latest(date(2026, 3, 2)) == date(2026, 5, 30)


def test_a_contract_over_5m_plans_its_copy_within_90_days_of_signing(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.53(3): for a public contract over £5 million, a copy of the contract is
    published within 90 days beginning with the day it is entered into. The copy is dated
    from the signing's latest day, not from the work before the new start."""
    review = _plan(seeded, _contract())
    signed = _milestone(review, StageCode.SIGNED)
    copy = _milestone(review, StageCode.CONTRACT_COPY)
    assert signed.latest is not None and copy.latest is not None and copy.planned is not None
    assert copy.latest == _on_or_before(signed.latest + timedelta(days=89))
    assert signed.latest < copy.planned <= copy.latest
    # It never lengthens the route: the new start and every stage before it are unchanged.
    without = _plan(seeded, _contract(total_value=4_000_000_00))
    assert [m.latest for m in review.milestones if m.stage != StageCode.CONTRACT_COPY] == [
        m.latest for m in without.milestones
    ]


def test_no_copy_at_5m_or_below(seeded: SchedulingRules) -> None:
    """PA 2023 s.53(3): the copy is for a contract with an estimated value of more than
    £5 million; at £5m exactly, none (the contract details notice still applies, s.53(1))."""
    review = _plan(seeded, _contract(total_value=5_000_000_00))
    assert StageCode.CONTRACT_COPY not in _stages(review)
    assert StageCode.DETAILS_NOTICE in _stages(review)


def test_no_copy_for_a_below_threshold_contract_over_5m(seeded: SchedulingRules) -> None:
    """PA 2023 s.53(3) applies to public contracts; a works contract of £5.1m including VAT
    is below the works threshold (£5,193,000 from 1 Jan 2026), so it has only the
    below-threshold details notice (s.87) and no copy."""
    contract = _contract(total_value=5_100_000_00, category="Building works", route="open")
    review = _plan(seeded, contract)
    assert StageCode.CONTRACT_COPY not in _stages(review)
    assert StageCode.DETAILS_NOTICE in _stages(review)


def test_a_pcr_2015_contract_over_5m_still_plans_the_copy_for_the_new_one(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.53(3) and the transitional regulations: the old contract's regime decides
    only its own notices; the new procurement is under the Act, so its copy is planned."""
    review = _plan(seeded, _contract(regime=Regime.PCR2015))
    assert StageCode.CONTRACT_COPY in _stages(review)
    assert StageCode.TERMINATION_NOTICE not in _stages(review)


def test_once_signed_the_details_notice_is_due_within_30_days_of_that_day(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.53(1): the contract details notice within 30 days beginning with the day
    the contract was entered into. Signed on Fri 20 Nov 2026, the last day is Sat 19 Dec,
    so it is due by Fri 18 Dec, whatever the new start (1 Jan 2028) would allow."""
    review = _plan(seeded, _contract(), actuals={StageCode.SIGNED: date(2026, 11, 20)})
    details = _milestone(review, StageCode.DETAILS_NOTICE)
    assert details.latest == date(2026, 12, 18)
    assert details.planned is not None and details.planned <= date(2026, 12, 18)


def test_once_signed_the_copy_is_due_within_90_days_even_before_the_new_start(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.53(3): signed on Fri 20 Nov 2026, the copy of a contract over £5m is due by
    Wed 17 Feb 2027 (the day plus 89), long before the new start on 1 Jan 2028: it is
    planned in that window, not after the start."""
    review = _plan(seeded, _contract(), actuals={StageCode.SIGNED: date(2026, 11, 20)})
    copy = _milestone(review, StageCode.CONTRACT_COPY)
    assert copy.latest == date(2027, 2, 17)
    assert copy.planned is not None and TODAY <= copy.planned < date(2027, 2, 17)

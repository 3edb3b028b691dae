"""Which regime a contract is under and which notices its review plans, by the old
contract's regime and the new procurement's value (docs/rules.md, "Regimes and notices")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.domain.calendar import england_and_wales
from planner.domain.codes import FlagCode, Regime, StageCode
from planner.domain.contract import Contract
from planner.domain.notices import applicable_stages, contract_regime, market_step
from planner.domain.plan import ReviewInput, ReviewPlan, Team
from planner.domain.routes import SchedulingRules
from planner.domain.rules import Rules
from planner.domain.scheduler import plan_programme

TODAY = date(2026, 11, 25)
CAL = england_and_wales(2023, 2031)


def _contract(**fields: object) -> Contract:
    base: dict[str, object] = {
        "id": 1, "ref": "EST-001", "department": "Estates", "owner": "J. Patel",
        "end_date": date(2027, 9, 30), "total_value": 500_000_00, "regime": Regime.PA2023,
    }  # fmt: skip
    base.update(fields)
    return Contract(**base)  # type: ignore[arg-type]


def _plan(rules: SchedulingRules, contract: Contract, today: date = TODAY) -> ReviewPlan:
    (review,) = plan_programme([ReviewInput(contract)], rules, Team(), today, CAL).reviews
    return review


def _stages(review: ReviewPlan) -> list[str]:
    return [m.stage for m in review.milestones]


# ---------------------------------------------------------------- the regime


def test_a_recorded_regime_is_used_as_it_is() -> None:
    """PA 2023 and the Procurement Act 2023 (Commencement No. 3 and Transitional and Saving
    Provisions) Regulations 2024: a contract keeps the regime it was let under."""
    found = contract_regime(_contract(regime=Regime.PCR2015, start_date=date(2025, 6, 1)))
    assert (found.regime, found.worked_out) == (Regime.PCR2015, False)
    assert found.note(date(2025, 6, 1)) == ""


@pytest.mark.parametrize(
    ("start", "regime"),
    [(date(2025, 2, 23), Regime.PCR2015), (date(2025, 2, 24), Regime.PA2023)],
)
def test_an_unknown_regime_is_worked_out_from_the_start_date_and_said(
    start: date, regime: Regime
) -> None:
    """The Act came into force on 24 Feb 2025: a procurement begun before it stays under the
    Public Contracts Regulations 2015 to the end (transitional regulations 2024)."""
    found = contract_regime(_contract(regime=None, start_date=start))
    assert (found.regime, found.worked_out) == (regime, True)
    assert found.note(start).startswith("Regime worked out from the start date")


def test_no_regime_and_no_start_date_is_not_known() -> None:
    """PA 2023 s.80: with the regime unknown the termination notice is planned, to be safe."""
    found = contract_regime(_contract(regime=None, start_date=None))
    assert found.regime is None
    assert found.note(None).startswith("Regime not known")


# ---------------------------------------------------------------- termination notice


def test_a_pcr_2015_contract_has_no_termination_notice(seeded: SchedulingRules) -> None:
    """PA 2023 s.80 applies only to contracts awarded under the Act: none for one awarded
    under the Public Contracts Regulations 2015."""
    review = _plan(seeded, _contract(regime=Regime.PCR2015, route="open"))
    assert StageCode.TERMINATION_NOTICE not in _stages(review)


def test_a_pa_2023_contract_has_its_termination_notice(seeded: SchedulingRules) -> None:
    """PA 2023 s.80: a contract termination notice within 30 days of the contract ending."""
    review = _plan(seeded, _contract(regime=Regime.PA2023, route="open"))
    assert StageCode.TERMINATION_NOTICE in _stages(review)


def test_a_regime_worked_out_as_pcr_2015_drops_the_notice_and_says_why(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.80 and the transitional regulations: a contract started before 24 Feb 2025
    is taken to be under PCR 2015, and the verdict says the regime was worked out."""
    contract = _contract(regime=None, start_date=date(2023, 10, 1), route="open")
    review = _plan(seeded, contract)
    assert StageCode.TERMINATION_NOTICE not in _stages(review)
    assert any("Regime worked out from the start date (1 Oct 2023)" in r for r in review.reasons)


def test_an_unknown_regime_plans_the_termination_notice_and_is_flagged(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.80: when the regime cannot be known, the notice is planned (the safe side)
    and the review is flagged "regime not known"."""
    review = _plan(seeded, _contract(regime=None, start_date=None, route="open"))
    assert StageCode.TERMINATION_NOTICE in _stages(review)
    assert FlagCode.REGIME_UNKNOWN in review.flags
    assert any(r.startswith("Regime not known") for r in review.reasons)


# ---------------------------------------------------------------- award notice, standstill


def test_a_12300_pound_quotes_contract_has_no_award_notice(seeded: SchedulingRules) -> None:
    """PA 2023 s.50, s.51, s.86, s.87: a below-threshold award has no contract award notice
    and no standstill; under £30,000 no below-threshold tender notice either. Over £10,000
    the details stage stays for the police publication (Elected Local Policing Bodies
    (Specified Information) Order 2011)."""
    review = _plan(seeded, _contract(total_value=12_300_00, route="quotes"))
    stages = _stages(review)
    assert StageCode.AWARD_NOTICE not in stages
    assert StageCode.BT_TENDER_NOTICE not in stages
    assert StageCode.DETAILS_NOTICE in stages


def test_a_notifiable_quotes_contract_has_its_below_threshold_notices(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.86 and s.87: a notifiable (£30,000 or more) below-threshold contract that is
    advertised has a below-threshold tender notice and a contract details notice."""
    stages = _stages(_plan(seeded, _contract(total_value=50_000_00, route="quotes")))
    assert StageCode.AWARD_NOTICE not in stages
    assert stages.index(StageCode.SPECIFICATION) < stages.index(StageCode.BT_TENDER_NOTICE)
    assert stages.index(StageCode.BT_TENDER_NOTICE) < stages.index(StageCode.TENDER_PERIOD)
    assert StageCode.DETAILS_NOTICE in stages


def test_a_contract_of_10000_pounds_or_less_below_threshold_publishes_nothing(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.87 (£30,000) and the Specified Information Order 2011 (over £10,000): a
    £9,000 contract needs neither a details notice nor the police publication."""
    stages = _stages(_plan(seeded, _contract(total_value=9_000_00, route="quotes")))
    assert StageCode.DETAILS_NOTICE not in stages
    assert StageCode.AWARD_NOTICE not in stages


def test_above_the_threshold_the_award_notice_and_standstill_stay(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.50 and s.51: an above-threshold award has its award notice and standstill."""
    stages = _stages(_plan(seeded, _contract(total_value=500_000_00, route="open")))
    assert {StageCode.AWARD_NOTICE, StageCode.STANDSTILL, StageCode.DETAILS_NOTICE} <= set(stages)
    assert StageCode.BT_TENDER_NOTICE not in stages


def test_a_framework_call_off_below_threshold_has_no_award_notice(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.50: no contract award notice for a below-threshold award; a call-off has no
    standstill either way (s.51(3))."""
    below = _stages(_plan(seeded, _contract(total_value=80_000_00, route="framework-direct-award")))
    above = _stages(
        _plan(seeded, _contract(total_value=800_000_00, route="framework-direct-award"))
    )
    assert StageCode.AWARD_NOTICE not in below
    assert StageCode.AWARD_NOTICE in above
    assert StageCode.STANDSTILL not in above


def test_an_unknown_value_keeps_every_notice() -> None:
    """PA 2023 s.50, s.86, s.87: with no value the planner cannot tell, so it plans them."""
    codes = frozenset(
        {StageCode.AWARD_NOTICE, StageCode.BT_TENDER_NOTICE, StageCode.DETAILS_NOTICE}
    )
    contract = _contract(total_value=None, annual_value=None)
    assert applicable_stages(codes, contract, Rules(), TODAY).dropped == frozenset()


# ---------------------------------------------------------------- direct award


def test_the_direct_award_route_publishes_a_transparency_notice_before_the_award(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.44: before a direct award under s.41, a transparency notice."""
    stages = _stages(_plan(seeded, _contract(total_value=500_000_00, route="direct-award")))
    assert stages.index(StageCode.APPROVAL) < stages.index(StageCode.TRANSPARENCY_NOTICE)
    assert stages.index(StageCode.TRANSPARENCY_NOTICE) < stages.index(StageCode.AWARD_DECISION)


# ---------------------------------------------------------------- change notice


def _extension(**fields: object) -> Contract:
    base: dict[str, object] = {
        "start_date": date(2025, 10, 1), "end_date": date(2027, 9, 30), "route": "extension",
    }  # fmt: skip
    base.update(fields)
    return _contract(**base)


def test_an_extension_of_more_than_a_tenth_of_the_term_keeps_the_change_notice_as_not_known(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.75(2): no change notice if the modification changes the estimated value by
    10% or less (15% works) OR the term by 10% or less of the maximum term provided for on
    award. A year on a two-year term (a third of the three years provided for) fails the term
    test; the value test needs the estimated value on award, which the planner does not
    hold: the notice stays planned and the verdict says it is not known, and why."""
    review = _plan(seeded, _extension(max_end_date=date(2028, 9, 30)))
    stages = _stages(review)
    assert stages.index(StageCode.CHANGE_CHECK) < stages.index(StageCode.CHANGE_NOTICE)
    (note,) = [r for r in review.reasons if "s.75" in r]
    assert note.startswith("A contract change notice (PA 2023 s.75) may be needed")
    assert "adds 33.4% of the maximum term provided for" in note
    assert "10% or less (s.75(2)(a))" in note and "Not known" in note


def test_an_extension_of_a_tenth_of_the_term_or_less_needs_no_change_notice(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.75(2)(b): no change notice when the term changes by 10% or less of the
    maximum term provided for on award."""
    review = _plan(seeded, _extension(max_end_date=date(2027, 10, 31)))
    assert StageCode.CHANGE_NOTICE not in _stages(review)
    assert StageCode.CHANGE_CHECK in _stages(review)
    assert any(r.endswith("10% or less (PA 2023 s.75(2)(b))") for r in review.reasons)


def test_the_term_test_is_against_the_maximum_term_provided_for_on_award(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.75(2)(b): the change of term is measured against "the maximum term provided
    for on award", not the current term: 76 days on a two-year term is 10.4% of the term
    but 9.4% of the 26.5 months provided for, so no change notice."""
    review = _plan(seeded, _extension(max_end_date=date(2027, 12, 15)))
    assert StageCode.CHANGE_NOTICE not in _stages(review)
    assert any("adds 9.4% of the maximum term provided for" in r for r in review.reasons)


def test_the_extension_is_the_next_option_not_the_whole_latest_end_date(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.75(2)(b) and Sch. 8 para 1: the extension route takes up the next option
    (docs/rules.md, "Extension options"), so the change is that option's three months (7.7%
    of the 39 months provided for), not the 15 months to the latest end date: no change
    notice."""
    contract = _extension(extension_options="P3M+P12M", max_end_date=date(2028, 12, 31))
    review = _plan(seeded, contract)
    assert StageCode.CHANGE_NOTICE not in _stages(review)
    assert any("extending to 30 Dec 2027 (option 1) adds 7.7%" in r for r in review.reasons)


@pytest.mark.parametrize("cpv", ["85121000-3", "79714000-2"])
def test_a_light_touch_contract_extended_has_no_change_notice(
    seeded: SchedulingRules, cpv: str
) -> None:
    """PA 2023 s.75(6)(b): section 75 "does not apply in relation to a modification of a
    contract that ... is a light touch contract" (medical practice, surveillance: light
    touch by CPV code), however long the extension."""
    review = _plan(seeded, _extension(cpv=cpv, max_end_date=date(2028, 9, 30)))
    assert StageCode.CHANGE_NOTICE not in _stages(review)
    assert StageCode.CHANGE_CHECK in _stages(review)
    assert any("(PA 2023 s.75(6)(b); CPV" in r for r in review.reasons)


def test_a_light_touch_reading_from_words_alone_keeps_the_change_notice(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.75(6)(b) exempts a light touch contract; a category's words are not a CPV
    code (Procurement Regulations 2024 reg 42), so without one the notice stays."""
    contract = _extension(
        category="Health services", total_value=900_000_00, max_end_date=date(2028, 9, 30)
    )
    assert StageCode.CHANGE_NOTICE in _stages(_plan(seeded, contract))


def test_a_contract_below_the_threshold_extended_has_no_change_notice(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.75(1): a change notice comes "before modifying a public contract or a
    convertible contract"; a £150,000 contract (£180,000 with VAT, the extension counted)
    is below the £207,720 threshold, so neither, however long the extension."""
    review = _plan(seeded, _extension(total_value=150_000_00, max_end_date=date(2028, 9, 30)))
    assert StageCode.CHANGE_NOTICE not in _stages(review)
    assert StageCode.CHANGE_CHECK in _stages(review)
    assert any("(PA 2023 s.75(1)): £150,000" in r for r in review.reasons)


def test_when_the_change_cannot_be_told_the_change_notice_may_be_needed(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.75: with no start date the change in term is unknown; the change check stays
    and the verdict says a change notice may be needed."""
    review = _plan(seeded, _extension(start_date=None, max_end_date=date(2028, 9, 30)))
    assert {StageCode.CHANGE_CHECK, StageCode.CHANGE_NOTICE} <= set(_stages(review))
    assert any("change notice (PA 2023 s.75) may be needed" in r for r in review.reasons)


def test_a_pcr_2015_contract_extended_has_no_change_notice(seeded: SchedulingRules) -> None:
    """PA 2023 s.75 applies to contracts under the Act; a PCR 2015 contract is modified under
    reg 72, which has no contract change notice."""
    contract = _extension(regime=Regime.PCR2015, max_end_date=date(2028, 9, 30))
    assert StageCode.CHANGE_NOTICE not in _stages(_plan(seeded, contract))


# ---------------------------------------------------------------- approval before notice


@pytest.mark.parametrize("route", ["terminate", "in-house"])
def test_terminate_and_in_house_approve_before_notice_is_served(
    seeded: SchedulingRules, route: str
) -> None:
    """Force standing orders (DOMAIN stage 4): notice is served once ending the contract is
    approved, so approval comes before the notice deadline."""
    codes = [rs.stage.code for rs in seeded.routes[route].stages]
    assert codes.index(StageCode.APPROVAL) < codes.index(StageCode.NOTICE)
    stages = _stages(_plan(seeded, _contract(route=route, notice_period="P3M")))
    assert stages.index(StageCode.APPROVAL) < stages.index(StageCode.NOTICE)


def test_other_routes_keep_notice_before_approval(seeded: SchedulingRules) -> None:
    """The per-route order changes only terminate and in-house."""
    for code in ("open", "quotes", "direct-award", "collaborate"):
        codes = [rs.stage.code for rs in seeded.routes[code].stages]
        assert codes.index(StageCode.NOTICE) < codes.index(StageCode.APPROVAL)


# ---------------------------------------------------------------- commencement


def test_each_route_commences_on_its_first_market_facing_step(seeded: SchedulingRules) -> None:
    """PA 2023 and the threshold guidance: the threshold is the one in force when the
    procurement commences (its first market-facing step)."""

    def step(code: str) -> tuple[str, str]:
        stages = seeded.routes[code].stages
        index, why = market_step(stages)
        return stages[index].stage.code, why

    assert step("open") == (StageCode.TENDER_NOTICE, "")
    assert step("quotes") == (StageCode.BT_TENDER_NOTICE, "")
    assert step("direct-award") == (StageCode.TRANSPARENCY_NOTICE, "")
    code, why = step("framework-direct-award")
    assert code == StageCode.AWARD_DECISION
    assert "no market-facing step" in why


def _quotes_commencing_in_january_2026() -> Contract:
    # Quotes: 21 working days of review before the below-threshold tender notice, 31 after.
    new_start = CAL.add_working_days(date(2026, 1, 5), 31)
    return _contract(total_value=210_000_00, route="quotes", end_date=new_start - timedelta(1))


def test_the_threshold_is_taken_on_the_day_the_procurement_commences(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 thresholds (PPN 023): £210,000 is below the 2025 goods threshold (£214,904)
    but above the 2026 one (£207,720). The review starts in Dec 2025 but the quotes are
    asked for in Jan 2026: the 2026 threshold applies, so quotes cannot be used."""
    contract = _quotes_commencing_in_january_2026()
    review = _plan(seeded, contract, today=date(2025, 11, 3))
    assert review.start is not None and review.start.year == 2025
    assert FlagCode.ROUTE_UNSUITABLE in review.flags
    assert any("£207,720" in r for r in review.reasons)


def test_an_open_procedure_commencing_in_2026_is_above_the_2026_threshold(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.50, s.51 and PPN 023: an open procedure whose review starts in 2025 but whose
    tender notice goes out in 2026 is judged on the 2026 threshold: £210,000 is above it, so
    the award notice and standstill are planned and no threshold crossing is reported."""
    new_start = CAL.add_working_days(date(2026, 1, 12), 79)
    contract = _contract(total_value=210_000_00, end_date=new_start - timedelta(1))
    review = _plan(seeded, contract, today=date(2025, 6, 2))
    assert review.route == "open"
    assert FlagCode.THRESHOLD_CROSSED not in review.flags
    assert {StageCode.AWARD_NOTICE, StageCode.STANDSTILL} <= set(_stages(review))


def test_faster_routes_are_judged_with_only_the_notices_the_contract_needs(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 s.51: a below-threshold direct award has no standstill, so the direct award
    route takes 42 working days, not 50, and is named as a faster way for a £50,000 review
    that quotes (52 days) cannot finish in 46."""
    new_start = CAL.add_working_days(TODAY, 46)
    contract = _contract(total_value=50_000_00, route="quotes", end_date=new_start - timedelta(1))
    review = _plan(seeded, contract)
    assert FlagCode.INFEASIBLE in review.flags
    assert any("Direct award with justification (" in r for r in review.reasons)


def test_a_call_off_says_which_step_its_threshold_was_taken_on(seeded: SchedulingRules) -> None:
    """PA 2023 thresholds: a framework direct award has no market-facing step before the
    award, so the threshold is taken on the award decision, and the verdict says so."""
    review = _plan(seeded, _contract(total_value=80_000_00, route="framework-direct-award"))
    assert any(r.startswith("Threshold taken on") and "award decision" in r for r in review.reasons)

"""Works and light touch are read from the contract's CPV code, and a threshold test adds
VAT where the register's values exclude it (docs/rules.md, "Thresholds")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from planner.domain.calendar import england_and_wales
from planner.domain.codes import FlagCode, ProcurementKind
from planner.domain.contract import Contract
from planner.domain.cpv import CodeLists, classify
from planner.domain.plan import ReviewInput, ReviewPlan, Team
from planner.domain.routes import SchedulingRules
from planner.domain.rules import Rules, contract_flags
from planner.domain.scheduler import plan_programme
from planner.domain.thresholds import threshold_test
from planner.store.reference import code_lists

TODAY = date(2026, 11, 25)
CAL = england_and_wales(2023, 2031)


def _review(rules: SchedulingRules, **fields: object) -> ReviewPlan:
    base: dict[str, object] = {"id": 1, "ref": "ICT-001", "department": "ICT",
                               "owner": "J. Patel", "end_date": date(2028, 3, 31)}  # fmt: skip
    base.update(fields)
    contract = Contract(**base)  # type: ignore[arg-type]
    (review,) = plan_programme([ReviewInput(contract)], rules, Team(), TODAY, CAL).reviews
    return review


def test_ict_networks_at_900k_is_not_planned_as_quotes(seeded: SchedulingRules) -> None:
    """PA 2023 Sch. 1 para 5 and Procurement Regulations 2024 reg. 45 and Sch. 3: "works"
    are the activities of the listed CPV codes (division 45), not any category whose name
    contains the letters "works". An ICT networks contract (CPV 72000000, IT services) of
    £900,000 is above the £207,720 goods and services threshold: quotes would be unlawful."""
    review = _review(seeded, category="ICT networks", cpv="72000000-5", total_value=90_000_000)
    assert review.route == "open"
    assert "goods and services threshold of £207,720" in " ".join(review.reasons)
    assert "CPV 72000000" in " ".join(review.reasons)


def test_ict_networks_without_a_cpv_code_is_goods_and_says_it_is_provisional(
    seeded: SchedulingRules,
) -> None:
    """Procurement Regulations 2024 reg. 45: works are defined by CPV code; where none is
    held the category's words are a guess, said to be one ("provisional: no CPV code")."""
    review = _review(seeded, category="ICT networks", total_value=90_000_000)
    assert review.route == "open"
    assert review.route_provisional
    assert "no CPV code, so read as goods and services from the category 'ICT networks'" in (
        " ".join(review.reasons)
    )


def test_values_excluding_vat_are_grossed_up_before_the_threshold_test(
    seeded: SchedulingRules,
) -> None:
    """PA 2023 Sch. 1 and Sch. 3: thresholds and estimated values include VAT. £180,000
    excluding VAT is £216,000 with VAT at 20%: at or above the £207,720 threshold in force
    from 1 Jan 2026, so not quotes."""
    review = _review(
        seeded, category="Stationery", cpv="30192000", total_value=18_000_000,
        values_include_vat=False,
    )  # fmt: skip
    assert review.route == "open"
    assert "£180,000 + VAT at 20% = £216,000: at or above" in " ".join(review.reasons)
    assert "£207,720" in " ".join(review.reasons)


def _lists() -> CodeLists:
    return code_lists()


def test_a_cpv_code_is_classified_by_the_most_specific_listed_code() -> None:
    """Procurement Regulations 2024 reg. 42 and Sch. 1 (light touch), reg. 45 and Sch. 3
    (works): CPV codes are hierarchical, so a listed group covers the codes below it."""
    lists = _lists()
    assert classify("45210000-2", None, lists).kind is ProcurementKind.WORKS
    catering = classify("55520000", "Facilities", lists)
    assert (catering.kind, catering.cpv) == (ProcurementKind.LIGHT_TOUCH, "55520000")
    assert "light-touch list" in catering.reason
    assert classify("79710000-4", None, lists).kind is ProcurementKind.LIGHT_TOUCH  # security
    assert classify("85000000-9", None, lists).kind is ProcurementKind.LIGHT_TOUCH  # health
    assert classify("72000000-5", "ICT networks", lists).kind is ProcurementKind.GOODS
    # 98000000 is listed as that code only: laundry services (98310000) under it are not.
    assert classify("98000000", None, lists).kind is ProcurementKind.LIGHT_TOUCH
    assert classify("98310000", None, lists).kind is ProcurementKind.GOODS
    # Courier services sit under 64100000, which is listed as that code only.
    assert classify("64120000", None, lists).kind is ProcurementKind.GOODS
    assert classify("64110000", None, lists).kind is ProcurementKind.LIGHT_TOUCH
    # A register's "CPV Codes" cell with several: the first is the main one.
    several = classify("79710000-4, 72000000-5", None, lists)
    assert (several.kind, several.cpv) == (ProcurementKind.LIGHT_TOUCH, "79710000")


def test_without_a_cpv_code_the_words_are_read_and_said_to_be_provisional() -> None:
    """Procurement Regulations 2024 reg. 45: "networks" is not works; the words are a
    fallback only, and the classification says so."""
    lists = _lists()
    guess = classify(None, "ICT networks", lists)
    assert (guess.kind, guess.cpv, guess.provisional) == (ProcurementKind.GOODS, None, True)
    assert guess.words.startswith("provisional: no CPV code")
    assert classify(None, "Estates works", lists).kind is ProcurementKind.WORKS
    assert classify("", "Social care", lists).kind is ProcurementKind.LIGHT_TOUCH
    bad = classify("TBC", "Cleaning", lists)
    assert bad.words.startswith("provisional: 'TBC' is not a CPV code")


def test_the_threshold_test_adds_vat_and_says_so() -> None:
    """PA 2023 Sch. 1 and Sch. 3: thresholds include VAT. The issue's worked case: £180,000
    excluding VAT on 1 Feb 2026 is £216,000 with VAT, at or above £207,720."""
    test = threshold_test(18_000_000, False, ProcurementKind.GOODS, date(2026, 2, 1), Rules())
    assert test is not None
    assert (test.value_inc_vat, test.threshold, test.at_or_above) == (
        21_600_000, 20_772_000, True,
    )  # fmt: skip
    assert test.rule_text == (
        "£180,000 + VAT at 20% = £216,000: at or above the goods and services threshold of "
        "£207,720 for a procurement commencing 1 Feb 2026"
    )
    inc = threshold_test(18_000_000, True, ProcurementKind.GOODS, date(2026, 2, 1), Rules())
    assert inc is not None and not inc.at_or_above
    assert inc.rule_text.startswith("£180,000 including VAT: below the goods and services")
    unknown = threshold_test(18_000_000, None, ProcurementKind.GOODS, date(2026, 2, 1), Rules())
    assert unknown is not None and unknown.at_or_above
    assert "VAT not recorded: read as excluding VAT" in unknown.rule_text
    # The threshold row is the one in force on the day given: £214,904 in 2025.
    old = threshold_test(18_000_000, False, ProcurementKind.GOODS, date(2025, 6, 1), Rules())
    assert old is not None and old.threshold == 21_490_400


def test_the_vat_rate_is_a_setting() -> None:
    """The standard rate is data (setting vat_rate_percent), not a constant."""
    rules = Rules(vat_rate_percent=Decimal("17.5"))
    test = threshold_test(18_000_000, False, ProcurementKind.GOODS, date(2026, 2, 1), rules)
    assert test is not None and test.value_inc_vat == 21_150_000
    assert "+ VAT at 17.5% = £211,500" in test.rule_text


def test_a_code_is_looked_up_once_however_many_contracts_hold_it() -> None:
    lists = CodeLists.of(_lists().entries)
    first = lists.classify_code("79710000")
    assert lists.classify_code("79710000") is first


def test_the_contract_screen_flag_says_what_was_done_about_vat() -> None:
    """PA 2023 Sch. 1 and Sch. 3: the above-threshold flag compares the value with VAT and
    names the threshold, the day it was taken on and the CPV code that set the kind."""
    contract = Contract(ref="EST-1", department="Estates", total_value=18_000_000,
                        values_include_vat=False, cpv="30192000-1")  # fmt: skip
    rules = Rules(code_lists=_lists())
    flags = {f.code: f.message for f in contract_flags(contract, rules, date(2026, 2, 1))}
    assert flags[FlagCode.ABOVE_THRESHOLD] == (
        "Whole-life value £180,000 + VAT at 20% = £216,000: at or above the goods and "
        "services threshold of £207,720 for a procurement commencing 1 Feb 2026; CPV "
        "30192000 is on neither the works nor the light-touch list"
    )
    with_vat = contract.with_changes(values_include_vat=True)
    codes = [f.code for f in contract_flags(with_vat, rules, date(2026, 2, 1))]
    assert FlagCode.ABOVE_THRESHOLD not in codes


def test_values_including_vat_are_compared_as_they_are(seeded: SchedulingRules) -> None:
    """PA 2023 Sch. 1 and Sch. 3: £200,000 including VAT is below £207,720: quotes."""
    review = _review(seeded, category="Stationery", cpv="30192000", total_value=20_000_000,
                     values_include_vat=True)  # fmt: skip
    assert review.route == "quotes"
    assert "£200,000 including VAT: below the goods and services threshold" in " ".join(
        review.reasons
    )

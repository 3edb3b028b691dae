"""KPI arithmetic on hand-computed figures: shares, ratios, and 'not available' for zero."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planner.domain.kpis import (
    FinancialYear,
    Kpi,
    YearTotals,
    compute_kpis,
    quarter_label,
    region_of_locality,
    share,
)
from planner.errors import ValidationError
from planner.resources import postcode_areas

FY = FinancialYear(2025)


def _by_key(kpis: list[Kpi]) -> dict[str, Kpi]:
    return {k.key: k for k in kpis}


def test_a_worked_year_gives_the_hand_computed_figures() -> None:
    totals = YearTotals(
        year=FY,
        benefits={
            "saving": 150_000_000,  # £1.5m
            "cost-avoidance": 40_000_000,  # £400k
            "service-value": 20_000_000,  # £200k
            "social-value": 3_500_000,  # £35k
        },
        benefit_records=9,
        claims=1_250_050,
        claim_records=2,
        awarded=8,
        awarded_collaborative=3,
        awarded_local=5,
        spend_lines=4,
        spend=5_390_000_000,  # £53.9m
        spend_covered=5_100_000_000,  # £51m
        spend_lancashire=2_317_700_000,
        spend_north_west=2_856_700_000,
        spend_collaborative=4_258_100_000,
        managed_by_procurement=321,
    )
    kpis = _by_key(compute_kpis(totals, {"savings": 150_000_000}))
    assert kpis["savings"].value == 150_000_000
    assert kpis["savings"].baseline == 150_000_000
    assert kpis["benefit_ratio"].value == Decimal("2.5")  # 1.5m / (0.4m + 0.2m)
    assert kpis["collaborative_awards"].value == Decimal("37.5")  # 3 of 8
    assert kpis["local_awards"].value == Decimal("62.5")  # 5 of 8
    assert kpis["claims"].value == 1_250_050
    assert kpis["social_value"].value == 3_500_000
    assert round(kpis["spend_covered"].value or 0, 4) == Decimal("94.6197")  # 51 / 53.9
    assert kpis["local_spend_lancashire"].value == Decimal(43)
    assert kpis["local_spend_north_west"].value == Decimal(53)
    assert kpis["collaborative_spend"].value == Decimal(79)
    assert kpis["managed_contracts"].value == 321
    assert "£1,500,000 divided by cost avoidance £400,000" in kpis["benefit_ratio"].how
    assert "3 contracts marked collaborative out of 8 contracts starting in 2025/26" in (
        kpis["collaborative_awards"].how
    )


def test_an_empty_year_is_zero_money_and_not_available_shares() -> None:
    kpis = _by_key(compute_kpis(YearTotals(year=FY), {}))
    assert kpis["savings"].value == 0
    assert kpis["claims"].value == 0
    assert kpis["social_value"].value == 0
    for key in ("benefit_ratio", "collaborative_awards", "local_awards", "spend",
                "spend_covered", "local_spend_lancashire", "local_spend_north_west",
                "collaborative_spend"):  # fmt: skip
        assert kpis[key].value is None, key
    assert "No contracts start in 2025/26" in kpis["local_awards"].how
    assert "No spend is imported for 2025/26" in kpis["spend_covered"].how


def test_a_year_whose_payments_net_to_nothing_is_not_divided_by() -> None:
    totals = YearTotals(year=FY, spend_lines=2, spend=0, spend_covered=0)
    kpis = _by_key(compute_kpis(totals, {}))
    assert kpis["spend"].value == 0
    assert kpis["spend_covered"].value is None
    assert "net to £0" in kpis["spend_covered"].how


def test_savings_with_no_cost_avoidance_or_service_value_have_no_ratio() -> None:
    totals = YearTotals(year=FY, benefits={"saving": 100})
    ratio = _by_key(compute_kpis(totals, {}))["benefit_ratio"]
    assert ratio.value is None
    assert "neither recorded" in ratio.how


def test_share_refuses_to_divide_by_zero_or_a_negative_total() -> None:
    assert share(1, 0) is None
    assert share(1, -5) is None
    assert share(1, 4) == Decimal(25)


@pytest.mark.parametrize("text", ["2025/26", "2025-26", "2025/2026", "FY25/26", " fy 2025 / 26 "])
def test_financial_years_in_the_ways_people_write_them(text: str) -> None:
    year = FinancialYear.parse(text)
    assert year == FY
    assert (year.start, year.end, year.label) == (date(2025, 4, 1), date(2026, 3, 31), "2025/26")


@pytest.mark.parametrize("text", ["2025/27", "2025", "25/26/27", "abc", "2025/2027"])
def test_not_a_financial_year(text: str) -> None:
    with pytest.raises(ValidationError):
        FinancialYear.parse(text)


def test_the_year_and_quarter_a_day_falls_in() -> None:
    assert FinancialYear.containing(date(2026, 3, 31)) == FY
    assert FinancialYear.containing(date(2026, 4, 1)) == FinancialYear(2026)
    assert quarter_label(date(2026, 4, 1)) == "Q1 2026/27"
    assert quarter_label(date(2026, 12, 31)) == "Q3 2026/27"
    assert quarter_label(date(2027, 2, 1)) == "Q4 2026/27"


@pytest.mark.parametrize(
    ("postcode", "region"),
    [("PR4 5AB", "Lancashire"), ("bb1 1aa", "Lancashire"), ("FY1", "Lancashire"),
     ("LA1 4YW", "Lancashire"), ("LA9 4DQ", "North West"), ("M1 1AE", "North West"),
     ("CH1 2HS", "North West"), ("CH7 1AB", None), ("LS1 4AP", None), ("not a postcode", None),
     ("", None)],
)  # fmt: skip
def test_local_by_postcode(postcode: str, region: str | None) -> None:
    assert postcode_areas().region_of(postcode) == region


def test_local_by_locality_word() -> None:
    assert region_of_locality(" lancashire ") == "Lancashire"
    assert region_of_locality("North  West") == "North West"
    assert region_of_locality("Yorkshire") is None
    assert region_of_locality(None) is None


def test_a_year_of_credits_nets_below_zero_and_says_so_with_the_sign_first() -> None:
    from planner.briefs.formats import money

    kpis = _by_key(compute_kpis(YearTotals(year=FY, spend_lines=1, spend=-5_000), {}))
    assert kpis["spend_covered"].value is None
    assert "net to -£50, so there is nothing to divide by" in kpis["spend_covered"].how
    assert money(-123_456) == "-£1,234.56"
    assert money(None) == "—"

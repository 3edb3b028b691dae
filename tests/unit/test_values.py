"""Reading what people type into registers: dates, money, notice periods, yes/no."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from planner.domain.booleans import parse_bool, yes_no
from planner.domain.dates import add_months, parse_date
from planner.domain.money import format_money, parse_money, pounds
from planner.domain.periods import NoticePeriod, notice_date, parse_period
from planner.errors import ValidationError


@pytest.mark.parametrize(
    "text",
    ["31/03/2026", "31-03-2026", "31.03.2026", "31 March 2026", "31 Mar 26", "31st March 2026",
     "31-Mar-2026", "2026-03-31", "2026-03-31T00:00:00", "46112", 46112, date(2026, 3, 31)],
)  # fmt: skip
def test_uk_dates_in_every_common_spelling(text: object) -> None:
    assert parse_date(text) == date(2026, 3, 31)


@pytest.mark.parametrize("text", ["", "  ", "TBC", "tba", "N/A", "Rolling", "Evergreen", None])
def test_blank_tbc_and_rolling_dates_are_unknown_not_errors(text: object) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",
        "abc",
        "03/31/2026",
        "32 March 2026",
        "31 Marchember 2026",
        "2026-13-01",
        "12345678",
        True,
    ],
)
def test_malformed_dates_are_errors(text: object) -> None:
    with pytest.raises(ValidationError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "pence"),
    [("£1,234.56", 123456), ("1234.56", 123456), ("£1.2m", 120_000_000), ("£45k", 4_500_000),
     ("£6m", 600_000_000), ("1200000.00", 120_000_000), ("£ 500", 50_000), (750, 75_000),
     ("2.5 million", 250_000_000), ("GBP 10", 1000)],
)  # fmt: skip
def test_money_in_every_common_spelling(text: object, pence: int) -> None:
    assert parse_money(text) == pence


@pytest.mark.parametrize("text", ["-£500", "-500", "(500)", "abc", "£1,2,3", "£10k-£20k", "1.234"])
def test_malformed_or_negative_money_is_an_error(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_money(text)


def test_blank_money_is_unknown() -> None:
    assert parse_money("") is None
    assert parse_money("TBC") is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [("3 months", "P3M"), ("90 days", "P90D"), ("12 weeks", "P84D"), ("1 month", "P1M"),
     ("P3M", "P3M"), ("P12W", "P84D"), ("1 year", "P1Y"), ("six months", "P6M"), ("30", "P30D")],
)  # fmt: skip
def test_notice_periods_keep_the_unit_they_were_given(text: str, iso: str) -> None:
    period = parse_period(text)
    assert period is not None
    assert period.iso() == iso


def test_notice_date_is_calendar_arithmetic_not_thirty_day_months() -> None:
    assert notice_date(date(2027, 3, 31), "P1M") == date(2027, 2, 28)
    assert notice_date(date(2027, 3, 31), "P3M") == date(2026, 12, 31)
    assert notice_date(date(2027, 3, 31), "P90D") == date(2026, 12, 31)
    assert notice_date(date(2028, 3, 31), "P1M") == date(2028, 2, 29)
    assert notice_date(None, "P1M") is None


@pytest.mark.parametrize("text", ["soon", "-3 months", "3 fortnights", "P"])
def test_malformed_notice_periods_are_errors(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True),
        ("Y", True),
        ("true", True),
        ("1", True),
        ("no", False),
        ("n", False),
        ("FALSE", False),
        ("0", False),
        ("", None),
    ],
)
def test_yes_no(text: str, value: bool | None) -> None:
    assert parse_bool(text) is value


def test_yes_no_rejects_maybe() -> None:
    with pytest.raises(ValidationError):
        parse_bool("maybe")


# ------------------------------------------------------------------ properties


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_dates_round_trip_through_every_written_form(day: date) -> None:
    for text in (
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        day.strftime("%d %B %Y"),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d %b %Y"),
    ):
        assert parse_date(text) == day


@given(st.integers(min_value=0, max_value=10**14))
def test_money_round_trips_through_export_and_display(pence: int) -> None:
    assert parse_money(pounds(pence)) == pence
    assert parse_money(format_money(pence)) == pence


@given(st.integers(0, 30), st.integers(0, 120), st.integers(0, 400))
def test_notice_periods_round_trip_through_iso(years: int, months: int, days: int) -> None:
    period = NoticePeriod(years, months, days)
    if years or months or days:
        assert parse_period(period.iso()) == period


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.booleans(), st.none()))
@example("²")  # a digit to str.isdigit() that int() cannot read
def test_parsers_raise_only_the_documented_validation_error(value: object) -> None:
    for parse in (parse_date, parse_money, parse_period, parse_bool):
        with contextlib.suppress(ValidationError):
            parse(value)


@given(st.dates(min_value=date(1950, 3, 1), max_value=date(2099, 12, 31)), st.integers(-600, 600))
def test_add_months_never_overflows_the_month(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert moved.day <= day.day
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months


def test_yes_no_export() -> None:
    assert [yes_no(True), yes_no(False), yes_no(None)] == ["yes", "no", ""]

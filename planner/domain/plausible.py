"""Whether a date recorded against a contract (a stage done, a supplier's claim, the year a
benefit counts in) could be right, or is a slip such as 1990 for 2019 or next year for this."""

from __future__ import annotations

from datetime import date

from planner.domain.dates import add_months, format_date
from planner.domain.kpis import FinancialYear
from planner.errors import ValidationError

# A review cannot begin, nor a supplier claim under a contract, before the contract was let,
# and a contract is let at most about a year before it starts (award, standstill, signing,
# mobilisation). The scheduler does plan the first stages of a short contract's review before
# that contract starts, so the start date itself would be too strict a bound.
LET_BEFORE_START_MONTHS = 12
# With no start date to go by: a public contract with all its extensions rarely runs past ten
# years, so a record more than ten years old (or a benefit counted more than ten financial
# years away from this one) belongs to no contract still on the register.
CONTRACT_LIFE_YEARS = 10


def check_not_future(day: date, today: date, once: str) -> None:
    """Refuse `day` if it is after `today`; `once` says when to record it instead."""
    if day > today:
        raise ValidationError(
            f"{format_date(day)} is in the future (today is {format_date(today)}); {once}"
        )


def earliest_recorded(start: date) -> date:
    """The earliest day something can have happened under a contract that started on `start`."""
    return add_months(start, -LET_BEFORE_START_MONTHS)


def check_recorded_date(
    day: date, *, ref: str, start: date | None, today: date | None, once: str
) -> None:
    """Refuse `day` as the date of something that happened under contract `ref` (which started
    on `start`) if it is after `today`, or too early to belong to that contract.

    `once` ends the refusal of a future date, e.g. 'record a claim once it is made'. Without
    `today` only the start-date bound applies.
    """
    if today is not None:
        check_not_future(day, today, once)
    if start is not None:
        if day < earliest_recorded(start):
            raise ValidationError(
                f"{format_date(day)} is more than a year before {ref} started on "
                f"{format_date(start)}; check the date"
            )
    elif today is not None and day < add_months(today, -12 * CONTRACT_LIFE_YEARS):
        raise ValidationError(
            f"{format_date(day)} is more than {CONTRACT_LIFE_YEARS} years ago; check the date"
        )


def check_benefit_year(year: FinancialYear, today: date) -> None:
    """Refuse a financial year more than ten years either side of the one `today` is in."""
    this = FinancialYear.containing(today)
    if abs(year.first - this.first) > CONTRACT_LIFE_YEARS:
        earliest = FinancialYear(this.first - CONTRACT_LIFE_YEARS)
        latest = FinancialYear(this.first + CONTRACT_LIFE_YEARS)
        raise ValidationError(
            f"{year} is more than {CONTRACT_LIFE_YEARS} years from this financial year "
            f"({this}); a benefit counts in a year from {earliest} to {latest}"
        )

"""A date that names no real day is refused with why, in words, not Python's wording."""

from __future__ import annotations

import pytest

from planner.domain.dates import parse_date
from planner.domain.money import parse_money
from planner.errors import ValidationError


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("31/02/2026", "'31/02/2026' is not a real date: February 2026 has 28 days"),
        ("29/02/2028", None),  # a leap year
        ("29 Feb 2027", "'29 Feb 2027' is not a real date: February 2027 has 28 days"),
        ("2026-04-31", "'2026-04-31' is not a real date: April 2026 has 30 days"),
        ("0/03/2026", "'0/03/2026' is not a real date: March 2026 has 31 days"),
        ("12/13/2026", "'12/13/2026' is not a real date: there is no month 13"),
    ],
)
def test_an_impossible_day_is_refused_saying_how_long_the_month_is(
    typed: str, why: str | None
) -> None:
    if why is None:
        assert parse_date(typed) is not None
        return
    with pytest.raises(ValidationError) as refused:
        parse_date(typed)
    assert str(refused.value) == why


def test_a_negative_value_is_refused_in_a_whole_sentence() -> None:
    with pytest.raises(ValidationError, match=r"a contract value cannot be negative$"):
        parse_money("-5000")

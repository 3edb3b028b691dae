"""Compact money for narrow table columns stays within six characters however large."""

from __future__ import annotations

import pytest

from planner.domain.money import format_money_short


@pytest.mark.parametrize(
    ("pence", "shown"),
    [(9_999_00, "£9,999"), (45_000_00, "£45k"), (1_200_000_00, "£1.2m"),
     (12_340_000_00, "£12.3m"), (99_940_000_00, "£99.9m"), (99_950_000_00, "£100m"),
     (123_450_000_00, "£123m"), (999_400_000_00, "£999m"), (999_500_000_00, "£1bn"),
     (1_500_000_000_00, "£1.5bn"), (99_000_000_000_00, "£99bn")],
)  # fmt: skip
def test_short_money_fits_a_six_character_column(pence: int, shown: str) -> None:
    assert format_money_short(pence) == shown
    assert len(shown) <= 6

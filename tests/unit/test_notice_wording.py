"""Notice periods as registers word them, with the word 'notice' after the period."""

from __future__ import annotations

import pytest

from planner.domain.periods import parse_period


@pytest.mark.parametrize(
    ("text", "iso"),
    [("3 months' notice", "P3M"), ("3 Months' Notice", "P3M"), ("1 month's notice", "P1M"),
     ("90 days notice", "P90D"), ("28 days' written notice", "P28D"),
     ("6 months written notice", "P6M"), ("12 weeks notice.", "P84D")],
)  # fmt: skip
def test_a_period_followed_by_notice_is_read(text: str, iso: str) -> None:
    period = parse_period(text)
    assert period is not None
    assert period.iso() == iso

"""UK dates that Excel wrote to CSV with a time after them."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.dates import parse_date
from planner.errors import ValidationError


@pytest.mark.parametrize(
    "text", ["31/03/2026 00:00", "31/03/2026 00:00:00", "31-03-2026 17:30", "31/3/26 9:05"]
)
def test_a_uk_date_with_a_time_after_it_is_that_date(text: str) -> None:
    assert parse_date(text) == date(2026, 3, 31)


@pytest.mark.parametrize("text", ["31/03/2026 00", "31/03/2026 noon", "31/02/2026 00:00"])
def test_a_uk_date_with_anything_else_after_it_is_still_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_date(text)

"""Days as a person types them into the planner: words relative to today, or a date."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.dates import parse_typed_date
from planner.errors import ValidationError

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("", TODAY), ("today", TODAY), (" Today ", TODAY),
        ("yesterday", date(2026, 11, 25)), ("tomorrow", date(2026, 11, 27)),
        ("3 days ago", date(2026, 11, 23)), ("1 day ago", date(2026, 11, 25)),
        ("in 2 weeks", date(2026, 12, 10)), ("2  weeks   ago", date(2026, 11, 12)),
        ("in 3 months", date(2027, 2, 26)), ("1 month ago", date(2026, 10, 26)),
        ("20/11/2026", date(2026, 11, 20)), ("2026-11-20", date(2026, 11, 20)),
    ],
)  # fmt: skip
def test_words_and_dates_give_the_day_meant(typed: str, day: date) -> None:
    assert parse_typed_date(typed, TODAY) == day


def test_a_month_ago_from_the_31st_is_the_last_day_of_a_shorter_month() -> None:
    assert parse_typed_date("1 month ago", date(2026, 3, 31)) == date(2026, 2, 28)


@pytest.mark.parametrize("typed", ["3 days", "in 3 days ago", "soon", "in -2 weeks"])
def test_phrases_that_say_neither_before_nor_after_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_typed_date(typed, TODAY)

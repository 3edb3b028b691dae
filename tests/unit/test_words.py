"""Counts in words: one of a thing is singular, any other number plural, with thousands commas."""

from __future__ import annotations

import pytest

from planner.domain.words import plural


@pytest.mark.parametrize(
    ("number", "said"),
    [(0, "0 changes"), (1, "1 change"), (2, "2 changes"), (1500, "1,500 changes")],
)
def test_one_is_singular_and_every_other_count_plural(number: int, said: str) -> None:
    assert plural(number, "change") == said


def test_a_word_whose_plural_is_not_word_plus_s_is_given_it() -> None:
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(3, "entry", "entries") == "3 entries"

"""The programme's overall RAG from its reviews' RAGs, with the rule that decided it."""

from __future__ import annotations

import pytest

from planner.briefs.programme import overall_rag


@pytest.mark.parametrize(
    ("reviews", "red", "amber", "rag", "rule"),
    [(100, 10, 0, "red", "10 of 100 reviews (10.0%) are Red: the programme is Red from 10%"),
     (100, 9, 50, "amber", "9 of 100 reviews (9.0%) are Red: under the 10% that makes"),
     (100, 0, 20, "amber", "No review is Red; 20 of 100 reviews (20.0%) are Amber: the"),
     (100, 0, 19, "green", "No review is Red; 19 of 100 reviews (19.0%) are Amber, under 20%"),
     (0, 0, 0, "grey", "No reviews are planned yet")],
)  # fmt: skip
def test_the_programme_rag_follows_the_share_of_red_and_amber_reviews(
    reviews: int, red: int, amber: int, rag: str, rule: str
) -> None:
    found, why = overall_rag(reviews, red, amber, red_share=10, amber_share=20)
    assert found == rag
    assert why.startswith(rule)

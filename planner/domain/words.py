"""Counts in words for messages, audit summaries and briefs: '1 contract', '2 contracts'."""

from __future__ import annotations


def plural(number: int, word: str, words: str | None = None, *, grouped: bool = True) -> str:
    """'1 contract', '2 contracts', '1,500 contracts'; `words` when the plural is not word+s;
    `grouped=False` writes the number without thousands commas ('1500 working days')."""
    count = f"{number:,}" if grouped else str(number)
    return f"{count} {word if number == 1 else (words or word + 's')}"


def officer_label(decided: str | None, proposed: str | None) -> str | None:
    """The officer to show for a review: the one decided, else the scheduler's proposal marked
    as such ('A. Khan (proposed)'), else None."""
    if decided:
        return decided
    return f"{proposed} (proposed)" if proposed else None

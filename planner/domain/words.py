"""Counts in words for messages, audit summaries and briefs: '1 contract', '2 contracts'."""

from __future__ import annotations


def plural(number: int, word: str, words: str | None = None) -> str:
    """'1 contract', '2 contracts', '1,500 contracts'; `words` when the plural is not word+s."""
    return f"{number:,} {word if number == 1 else (words or word + 's')}"

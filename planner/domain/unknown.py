"""What counts as 'unknown' in a register cell: blank, TBC and friends are not errors."""

from __future__ import annotations

UNKNOWN_WORDS = frozenset(
    {"", "-", "--", "?", "tbc", "tba", "tbd", "n/a", "na", "none", "unknown", "not known", "nil"}
)
# End dates that mean 'no fixed end': stored as unknown and flagged for triage.
OPEN_ENDED_WORDS = frozenset({"rolling", "evergreen", "ongoing", "open-ended", "open ended"})


def is_unknown(value: object) -> bool:
    """True for None, blank cells and words such as 'TBC' that mean 'not known yet'."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    return value.strip().lower().rstrip(".") in UNKNOWN_WORDS


def is_open_ended(value: object) -> bool:
    """True for 'Rolling', 'Evergreen' and similar end dates."""
    return isinstance(value, str) and value.strip().lower() in OPEN_ENDED_WORDS

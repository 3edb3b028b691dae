"""The notice-deadline rule: passed, or close enough to warn about.

See docs/rules.md, "Notice deadline".

One rule for the review verdict (`planner.domain.rag`) and the contract flags
(`planner.domain.rules.contract_flags`); each says it in its own words.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from planner.domain.codes import FlagCode


class NoticeDue(NamedTuple):
    """A notice deadline that needs attention: passed, or within the warning days."""

    code: FlagCode  # NOTICE_PASSED or NOTICE_SOON
    days_left: int  # calendar days from today to the deadline (negative once passed)


def notice_due(notice: date, today: date, warning_days: int) -> NoticeDue | None:
    """NOTICE_PASSED before `today`, NOTICE_SOON within `warning_days` of it, else None."""
    days_left = (notice - today).days
    if days_left < 0:
        return NoticeDue(FlagCode.NOTICE_PASSED, days_left)
    if days_left <= warning_days:
        return NoticeDue(FlagCode.NOTICE_SOON, days_left)
    return None

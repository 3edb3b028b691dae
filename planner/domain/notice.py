"""The notice deadline (a fixed date set by the contract, and the working day to serve notice
by), whether it has passed or is close enough to warn about, and the last days of the
termination notice, the contract details notice and the copy of the contract.

See docs/rules.md, "Notice deadline".

One rule for the review verdict (`planner.domain.rag`) and the contract flags
(`planner.domain.rules.contract_flags`); each says it in its own words.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from planner.domain.calendar import FIRST_YEAR, LAST_YEAR, WorkingCalendar, calendar_covering
from planner.domain.codes import FlagCode
from planner.domain.dates import format_date
from planner.domain.periods import NoticePeriod, notice_date


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


# PA 2023 s.80: a termination notice within 30 days beginning with the day the contract
# ends, so the last day is the end date plus 29 (docs/rules.md, "Contract termination notice").
TERMINATION_NOTICE_DAYS = 30


class NoticeDates(NamedTuple):
    """A contract's notice deadline and the working day notice must be served by."""

    deadline: date  # end date minus the notice period, in calendar arithmetic
    serve_by: date  # the working day on or before it, less any deemed-service days
    why: str  # "notice by Fri 16 Oct 2026 (deadline Sun 18 Oct)"


def notice_dates(
    end: date | None,
    period: str | NoticePeriod | None,
    cal: WorkingCalendar,
    deemed_service_days: int = 0,
) -> NoticeDates | None:
    """The notice deadline set by the contract, and the day to serve notice by: the UK-wide
    working day on or before it (the earlier, safe reading) less `deemed_service_days`
    working days (docs/rules.md, "Notice deadline"); None if end or period is unknown."""
    deadline = notice_date(end, period)
    if deadline is None:
        return None
    return dates_for_deadline(deadline, cal, deemed_service_days)


def dates_for_deadline(
    deadline: date, cal: WorkingCalendar, deemed_service_days: int = 0
) -> NoticeDates:
    """`notice_dates` from a deadline already worked out (the register stores it)."""
    serve_by = cal.day(cal.index_on_or_before(deadline) - deemed_service_days)
    return NoticeDates(deadline, serve_by, notice_words(deadline, serve_by))


@lru_cache(maxsize=4096)
def serve_by_for(deadline: date | None, deemed_service_days: int = 0) -> NoticeDates | None:
    """`dates_for_deadline` on the UK-wide calendar around `deadline`, for the places that
    read a stored deadline (register flags, lists, the calendar export); None when it is
    unknown or too far off for the calendar (the scheduler sends those to "needs data")."""
    if deadline is None or not FIRST_YEAR < deadline.year < LAST_YEAR:
        return None
    cal = calendar_covering(deadline, deadline, years_before=1)
    return dates_for_deadline(deadline, cal, deemed_service_days)


def notice_words(deadline: date, serve_by: date) -> str:
    """'notice by Fri 16 Oct 2026 (deadline Sun 18 Oct)', or 'notice by Thu 3 Sep 2026'."""
    served = f"notice by {serve_by:%a} {format_date(serve_by)}"
    if serve_by == deadline:
        return served
    year = "" if deadline.year == serve_by.year else f" {deadline.year}"
    return f"{served} (deadline {deadline:%a} {deadline.day} {deadline:%b}{year})"


def notice_label(dates: NoticeDates) -> str:
    """'Notice deadline 3 Sep 2026', or with the serve-by day when it is earlier:
    'Notice deadline Sun 18 Oct 2026 (serve by Fri 16 Oct)'."""
    deadline, serve_by = dates.deadline, dates.serve_by
    if serve_by == deadline:
        return f"Notice deadline {format_date(deadline)}"
    return (
        f"Notice deadline {deadline:%a} {format_date(deadline)} "
        f"(serve by {serve_by:%a} {serve_by.day} {serve_by:%b}"
        f"{'' if deadline.year == serve_by.year else f' {serve_by.year}'})"
    )


def termination_notice_latest(ended: date) -> date:
    """The last day for the contract termination notice of a contract that ended on `ended`
    (PA 2023 s.80: within 30 days beginning with that day)."""
    return ended + timedelta(days=TERMINATION_NOTICE_DAYS - 1)


# PA 2023 s.53 (and s.87 below the threshold): the contract details notice within 30 days
# beginning with the day the contract is entered into; for a contract over £5m, a copy of
# the contract within 90 days (docs/rules.md, "Contract details notice and the copy").
DETAILS_NOTICE_DAYS = 30
CONTRACT_COPY_DAYS = 90


def details_notice_latest(signed: date) -> date:
    """The last day for the contract details notice of a contract entered into on `signed`
    (PA 2023 s.53(1), s.87: within 30 days beginning with that day)."""
    return signed + timedelta(days=DETAILS_NOTICE_DAYS - 1)


def contract_copy_latest(signed: date) -> date:
    """The last day to publish a copy of a contract over £5m entered into on `signed`
    (PA 2023 s.53(3): within 90 days beginning with that day)."""
    return signed + timedelta(days=CONTRACT_COPY_DAYS - 1)

"""The rules the verdict and the contract flags share: one notice deadline, one overdue,
one slippage, one calendar, one formatter each."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.calendar import calendar_covering, slippage_days
from planner.domain.codes import FlagCode, Severity
from planner.domain.contract import NEW_ID, Contract
from planner.domain.money import format_pounds
from planner.domain.notice import notice_due
from planner.domain.overdue import is_overdue
from planner.domain.rules import Rules, contract_flags
from planner.domain.words import plural

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("notice", "expected"),
    [(date(2026, 11, 24), (FlagCode.NOTICE_PASSED, -1)),
     (date(2026, 11, 25), (FlagCode.NOTICE_SOON, 0)),
     (date(2026, 12, 25), (FlagCode.NOTICE_SOON, 30)),
     (date(2026, 12, 26), None)],
)  # fmt: skip
def test_notice_due_is_passed_soon_or_nothing(
    notice: date, expected: tuple[FlagCode, int] | None
) -> None:
    assert notice_due(notice, TODAY, 30) == expected


def test_contract_flags_say_the_notice_rule_in_their_own_words() -> None:
    contract = Contract(
        ref="EST-1", department="Estates", end_date=date(2027, 2, 28), notice_period="P3M"
    )
    flags = {f.code: f for f in contract_flags(contract, Rules(), TODAY)}
    soon = flags[FlagCode.NOTICE_SOON]
    # A Saturday deadline: notice is served by the Friday before (docs/rules.md, "Notice deadline").
    assert soon.message == "Notice deadline Sat 28 Nov 2026 (serve by Fri 27 Nov) is in 2 days"
    assert soon.severity is Severity.CRITICAL


def test_a_closed_contract_has_no_notice_flag() -> None:
    contract = Contract(ref="EST-1", department="Estates", end_date=date(2026, 12, 31),
                        notice_period="P3M", status="completed")  # fmt: skip
    codes = [f.code for f in contract_flags(contract, Rules(), TODAY)]
    assert FlagCode.NOTICE_PASSED not in codes


def test_overdue_on_the_baseline_alone_ignores_the_planned_date() -> None:
    # Re-planned later than today, but the baseline passed: overdue only against it.
    planned, baseline = date(2026, 12, 1), date(2026, 11, 20)
    assert is_overdue(planned, baseline, None, TODAY)
    assert is_overdue(planned, baseline, None, TODAY, baseline_only=True)
    # Planned date passed, no baseline: overdue, but not against a baseline.
    assert is_overdue(date(2026, 11, 20), None, None, TODAY)
    assert not is_overdue(date(2026, 11, 20), None, None, TODAY, baseline_only=True)
    # Done, or passed over (no planned date): never overdue.
    assert not is_overdue(planned, baseline, date(2026, 11, 21), TODAY, baseline_only=True)
    assert not is_overdue(None, baseline, None, TODAY, baseline_only=True)


def test_slippage_counts_working_days_either_way() -> None:
    cal = calendar_covering(date(2026, 12, 1), date(2027, 1, 10))
    # From Thu 24 Dec up to Mon 4 Jan: 24, 29, 30 and 31 Dec; Christmas, Boxing Day (kept
    # on Mon 28th) and New Year's Day are not worked.
    assert slippage_days(cal, date(2026, 12, 24), date(2027, 1, 4)) == 4
    assert slippage_days(cal, date(2027, 1, 4), date(2026, 12, 24)) == -4
    assert slippage_days(cal, None, date(2027, 1, 4)) is None


def test_the_calendar_is_padded_by_whole_years() -> None:
    cal = calendar_covering(date(2026, 3, 1), date(2027, 6, 1), years_before=1, years_after=2)
    assert (cal.first, cal.last) == (date(2025, 1, 1), date(2029, 12, 31))


def test_one_formatter_each() -> None:
    assert format_pounds(2_077_200_099) == "£20,772,000"
    assert plural(1500, "working day") == "1,500 working days"
    assert plural(1500, "working day", grouped=False) == "1500 working days"
    assert plural(1, "working day", grouped=False) == "1 working day"


def test_an_unsaved_contract_has_the_new_id() -> None:
    assert Contract(ref="X", department="Y").id == NEW_ID

"""`planner dates`: the date calculator gives the scheduler's own dates, in words and JSON.

Sources: PA 2023 s.51 (standstill), s.123 (working days, UK-wide), s.80 (termination
notice), s.53 (contract details notice and copy); the notice deadline is set by the
contract (docs/rules.md, "Notice deadline").
"""

from __future__ import annotations

import json

import pytest

from tests.cli.test_hostile_input import assert_clear_error
from tests.conftest import run


def _json(*args: str) -> dict[str, object]:
    result = run("dates", *args, "--json")
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.output)
    return document


def test_standstill_over_christmas_ends_on_6_january_naming_scotlands_2_january() -> None:
    """PA 2023 s.51 and s.123: 2 Jan (Scotland) is not a working day anywhere for the Act."""
    assert _json("standstill", "2025-12-22") == {
        "published": "2025-12-22", "last_day": "2026-01-06", "may_enter": "2026-01-07",
        "skipped": [
            {"date": "2025-12-25", "name": "Christmas Day"},
            {"date": "2025-12-26", "name": "Boxing Day"},
            {"date": "2026-01-01", "name": "New Year's Day"},
            {"date": "2026-01-02", "name": "New Year Holiday (Scotland)"},
        ],
    }  # fmt: skip


def test_standstill_in_words_names_the_last_day_and_the_holiday() -> None:
    result = run("dates", "standstill", "24/11/2026")
    assert result.exit_code == 0
    assert "the last day is Fri 4 Dec 2026" in result.output
    assert "may be entered into from Mon 7 Dec 2026" in result.output
    assert "Mon 30 Nov 2026  Saint Andrew's Day (Scotland)" in result.output


def test_notice_gives_the_deadline_and_the_working_day_to_serve_by() -> None:
    """Contract term: end date minus the notice period; a Sunday deadline is served Friday."""
    assert _json("notice", "2027-03-31", "P3M") == {
        "end_date": "2027-03-31", "notice_period": "P3M", "deadline": "2026-12-31",
        "serve_by": "2026-12-31", "why": "notice by Thu 31 Dec 2026",
    }  # fmt: skip
    found = _json("notice", "2027-01-18", "3 months")
    assert found["serve_by"] == "2026-10-16"
    assert found["why"] == "notice by Fri 16 Oct 2026 (deadline Sun 18 Oct)"
    assert _json("notice", "2027-01-18", "P3M", "--deemed-service-days", "2")["serve_by"] == (
        "2026-10-14"
    )


def test_adding_working_days_counts_uk_wide() -> None:
    """PA 2023 s.123: Scotland's 4 Jan 2027 (New Year holiday observed) is skipped."""
    found = _json("add-working-days", "2026-12-22", "8")
    assert found["result"] == "2027-01-07"
    assert found["days"] == 8
    assert {"date": "2027-01-04", "name": "New Year Holiday (observed, Scotland)"} in (
        found["skipped"]  # type: ignore[operator]
    )


def test_the_termination_notice_is_due_29_days_after_the_end_date() -> None:
    """PA 2023 s.80: within 30 days beginning with the day the contract ends."""
    assert _json("termination-notice", "2026-03-31") == {
        "ended": "2026-03-31", "latest": "2026-04-29",
    }  # fmt: skip


def test_the_details_notice_and_copy_are_due_29_and_89_days_after_signing() -> None:
    """PA 2023 s.53(1) and (3): the contract details notice within 30 days, and a copy of a
    contract over £5m within 90 days, beginning with the day it is entered into."""
    assert _json("details-notice", "2026-11-20") == {
        "signed": "2026-11-20", "details_notice": "2026-12-19", "contract_copy": "2027-02-17",
    }  # fmt: skip
    words = run("dates", "details-notice", "20/11/2026")
    assert words.exit_code == 0, words.output
    assert "contract details notice by Sat 19 Dec 2026" in words.output
    assert "copy of the contract by Wed 17 Feb 2027" in words.output


@pytest.mark.parametrize(
    ("args", "message"),
    [(("standstill", "2026-02-30"), "February 2026 has 28 days"),
     (("notice", "2027-01-01", "3 fortnights"), "is not a notice period"),
     (("standstill", "2400-01-01"), "year 2400 is out of range (1900 to 2199)"),
     (("details-notice", "2026-02-30"), "February 2026 has 28 days"),
     (("add-working-days", "2026-12-22", "lots"), "is not a valid integer")],
)  # fmt: skip
def test_a_bad_date_or_number_gets_a_clear_error(args: tuple[str, ...], message: str) -> None:
    result = run("dates", *args)
    if result.exit_code == 2:  # click's usage error for a bad argument: still one sentence
        assert message in result.stderr and "Traceback" not in result.output
        return
    assert_clear_error(result, message)

"""Dates typed on the command line mean what the user meant, or are refused in one sentence:
a bare number is not read as an Excel serial date, and a date that cannot be right (a stage done
tomorrow or in 1990, a claim dated next year) is refused before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from planner.store import open_db
from tests.conftest import run

FORMS = "type it as 2026-03-31, 31/03/2026, 31 March 2026 or 'today'"


def _changes(path: Path) -> int:
    db = open_db(path)
    try:
        return int(db.conn.execute("SELECT count(*) FROM changes").fetchone()[0])
    finally:
        db.close()


def _usage_error(result: Result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "unexpected problem" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("schedule", "--today", "45000"),
        ("schedule", "--today", "45000.0"),
        ("milestone", "done", "EST-001", "approval", "--date", "46000"),
        ("claim", "add", "ICT-002", "Delay", "--amount", "500", "--date", "46000"),
        ("leave", "add", "A. Khan", "46000", "2026-12-01"),
        ("leave", "add", "A. Khan", "2026-12-01", "46001"),
    ],
)
def test_a_bare_number_typed_as_a_date_is_refused_not_read_as_an_excel_serial(
    programme_file: Path, args: tuple[str, ...]
) -> None:
    before = _changes(programme_file)
    _usage_error(run(*args), f"is a number, not a date: {FORMS}")
    assert _changes(programme_file) == before


def test_a_bare_number_in_planner_today_is_refused_and_named(
    programme_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANNER_TODAY", "45000")
    result = run("schedule")
    _usage_error(result, f"'45000' (from $PLANNER_TODAY) is a number, not a date: {FORMS}")
    assert "15 Mar 2023" not in result.output


def test_a_date_that_is_not_a_date_says_which_forms_are(programme_file: Path) -> None:
    _usage_error(run("schedule", "--today", "TBC"), f"'TBC' is not a date: {FORMS}")


def test_dates_in_the_accepted_forms_still_work(programme_file: Path) -> None:
    for typed in ("2026-11-26", "26/11/2026", "26 November 2026", "today"):
        result = run("schedule", "--today", typed)
        assert result.exit_code == 0, result.output


def test_a_stage_done_in_1990_or_tomorrow_is_refused_and_nothing_is_recorded(
    programme_file: Path,
) -> None:
    before = _changes(programme_file)
    early = run("milestone", "done", "EST-001", "approval", "--date", "1990-01-01")
    assert early.exit_code == 1, early.output
    assert early.stderr == (
        "Error: 1 Jan 1990 is more than a year before EST-001 started on 1 May 2026; "
        "check the date\n"
    )
    tomorrow = run("milestone", "done", "EST-001", "approval", "--date", "2026-11-26")
    assert tomorrow.exit_code == 1, tomorrow.output
    assert "26 Nov 2026 is in the future (today is 25 Nov 2026)" in tomorrow.stderr
    assert _changes(programme_file) == before
    for item in ("sustainability", "lotting", "collaboration", "dpia", "tupe", "risks"):
        # Approval waits for the review checklist (docs/rules.md, "The review checklist").
        run("checklist", "answer", "EST-001", item, "na")
    done = run("milestone", "done", "EST-001", "approval", "--date", "2026-11-24")
    assert done.exit_code == 0, done.output
    assert "EST-001: " in done.stderr and " done on 24 Nov 2026" in done.stderr


def test_a_claim_dated_next_year_is_refused_and_one_dated_today_says_its_date_in_words(
    programme_file: Path,
) -> None:
    before = _changes(programme_file)
    future = run("claim", "add", "ICT-002", "Delay", "--amount", "500", "--date", "2031-01-01")
    assert future.exit_code == 1, future.output
    assert future.stderr == (
        "Error: 1 Jan 2031 is in the future (today is 25 Nov 2026); "
        "record a claim once it is made\n"
    )
    assert _changes(programme_file) == before
    today = run("claim", "add", "ICT-002", "Delay", "--amount", "500")
    assert today.exit_code == 0, today.output
    assert today.stderr.endswith("dated 25 Nov 2026.\n")


@pytest.mark.parametrize("year", ["2099/00", "2000/01"])
def test_a_benefit_counted_in_a_year_far_from_this_one_is_refused(
    programme_file: Path, year: str
) -> None:
    result = run("benefit", "add", "HR-001", "x", "--type", "saving", "--amount", "£5",
                 "--year", year)  # fmt: skip
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Error: {year} is more than 10 years from this financial year (2026/27); "
        "a benefit counts in a year from 2016/17 to 2036/37\n"
    )

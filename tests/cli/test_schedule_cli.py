"""The scheduling commands as a user types them: team, rules, decisions, schedule, milestones."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from planner.domain.contract import Contract
from planner.store import open_db
from planner.store.contracts import insert_contract
from tests.conftest import run


@pytest.fixture
def three_contracts(db_file: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database file, named by $PLANNER_DB, with three contracts: one ending soon, one
    later, one with no end date."""
    db = open_db(db_file, create=False)
    for contract in (
        Contract(
            ref="EST-1",
            department="Estates",
            end_date=date(2027, 2, 28),
            total_value=900_000_00,
            owner="J. Patel",
            notice_period="P1M",
        ),
        Contract(
            ref="ICT-1",
            department="ICT",
            end_date=date(2028, 3, 31),
            total_value=60_000_00,
            owner="S. Hughes",
        ),
        Contract(ref="HR-1", department="HR", owner="K. Walsh"),
    ):
        insert_contract(db, contract, "tester")
    db.close()
    monkeypatch.setenv("PLANNER_DB", db_file)
    return Path(db_file)


def test_officers_and_leave_are_added_and_listed(three_contracts: Path) -> None:
    assert (
        run("officer", "add", "A. Khan", "--hours", "30", "--skills", "ICT,Estates").exit_code == 0
    )
    assert run("leave", "add", "A. Khan", "2026-08-03", "2026-08-14").exit_code == 0
    listed = run("officer", "list", "--json")
    assert json.loads(listed.stdout) == [
        {
            "name": "A. Khan",
            "weekly_hours": 30.0,
            "skills": ["ICT", "Estates"],
            "leave": [["2026-08-03", "2026-08-14"]],
        }
    ]


def test_leave_for_someone_not_in_the_team_is_a_clear_error(three_contracts: Path) -> None:
    # run() lets any exception but a deliberate exit through, so a crash fails here.
    result = run("leave", "add", "Nobody", "2026-08-03", "2026-08-14")
    assert isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "Error: 'Nobody' is not in the team" in result.stderr
    assert "unexpected problem" not in result.stderr  # not the last line of defence


def test_schedule_json_has_exactly_the_documented_shape(three_contracts: Path) -> None:
    run("officer", "add", "A. Khan", "--hours", "30")
    result = run("schedule", "--json", "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"today", "reviews", "overloaded_weeks"}
    assert document["today"] == "2026-11-25"
    review = document["reviews"][0]
    assert set(review) == {
        "ref",
        "route",
        "route_provisional",
        "officer",
        "notice_date",
        "start",
        "new_contract_start",
        "slack_days",
        "rag",
        "reasons",
        "milestones",
    }
    assert set(review["milestones"][0]) == {"stage", "planned", "latest", "baseline", "actual"}
    assert [r["ref"] for r in document["reviews"]] == ["EST-1", "ICT-1"]
    est = document["reviews"][0]
    assert (est["route"], est["route_provisional"], est["rag"]) == ("open", True, "red")
    assert est["new_contract_start"] == "2027-03-01"


def test_schedule_reports_infeasible_notices_and_missing_data_in_words(
    three_contracts: Path,
) -> None:
    result = run("schedule")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Infeasible on their route (1)" in out
    assert "EST-1" in out and "Would still make it: Framework direct award" in out
    assert "Needing data (not scheduled) (1)" in out
    assert "HR-1" in out and "missing end date, value" in out
    assert "Planned 2 reviews as of 25 Nov 2026" in result.stderr


def test_decide_sets_the_route_and_the_next_schedule_uses_it(three_contracts: Path) -> None:
    run("officer", "add", "B. Shaw", "--hours", "37")
    result = run(
        "decide",
        "ICT-1",
        "--decision",
        "call-off",
        "--officer",
        "b. shaw",
        "--priority",
        "1",
    )
    assert result.exit_code == 0, result.output
    assert "route framework-direct-award" in result.stderr
    document = json.loads(run("schedule", "--json").stdout)
    ict = next(r for r in document["reviews"] if r["ref"] == "ICT-1")
    assert (ict["route"], ict["route_provisional"], ict["officer"]) == (
        "framework-direct-award",
        False,
        "B. Shaw",
    )


def test_decide_with_an_unknown_route_says_which_routes_there_are(three_contracts: Path) -> None:
    result = run("decide", "ICT-1", "--route", "lottery")
    assert result.exit_code == 1
    assert "'lottery' is not a known route (use one of: extension" in result.stderr


def _done(stage: str, on: str) -> Result:
    """`planner milestone done ICT-1 STAGE --date ON` on 25 Nov 2026."""
    return run("milestone", "done", "ICT-1", stage, "--date", on, "--today", "2026-11-25")


def test_milestone_done_baseline_and_slippage(three_contracts: Path) -> None:
    run("schedule", "--today", "2026-11-25")
    assert run("baseline").exit_code == 0
    listed = run("milestone", "list", "ICT-1")
    assert "Review and needs analysis" in listed.stdout
    done = _done("needs-analysis", "2026-11-25")
    assert done.exit_code == 0, done.output
    assert "ICT-1: Review and needs analysis done on 25 Nov 2026 (" in done.stderr
    assert "working days early" in done.stderr
    future = _done("options", "2027-01-05")
    assert future.exit_code == 1 and "in the future" in future.stderr


def _rules() -> Any:
    """`planner rules show --json`."""
    return json.loads(run("rules", "show", "--json").stdout)


def _open_tender_period(rules: Any) -> Any:
    """The tender period stage of the open procedure, as `rules show --json` gives it."""
    open_route = next(r for r in rules["routes"] if r["code"] == "open")
    return next(s for s in open_route["stages"] if s["stage"] == "tender-period")


def test_rules_can_be_shown_and_changed_and_the_change_is_undoable(three_contracts: Path) -> None:
    tender = _open_tender_period(_rules())
    assert (tender["days"], tender["min_calendar_days"]) == (25, 25)
    assert run("rules", "set", "stage", "open", "tender-period", "--days", "30").exit_code == 0
    assert run("rules", "set", "threshold", "2026-01-01", "--goods", "£210,000").exit_code == 0
    shown = _rules()
    assert _open_tender_period(shown)["days"] == 30
    assert shown["thresholds"][-1]["goods_services"] == 210_000
    assert run("undo").exit_code == 0
    assert run("undo").exit_code == 0
    shown = _rules()
    assert _open_tender_period(shown)["days"] == 25
    assert shown["thresholds"][-1]["goods_services"] == 207_720


def test_rules_set_refuses_nonsense(three_contracts: Path) -> None:
    result = run("rules", "set", "stage", "open", "tender-period", "--days", "-3")
    assert result.exit_code == 1 and "out of range" in result.stderr
    result = run("rules", "set", "setting", "notice_warning_days", "soon")
    assert result.exit_code == 1 and "whole number" in result.stderr


def test_a_far_future_end_date_needs_data_and_the_others_are_still_planned(
    three_contracts: Path,
) -> None:
    """Issue 10 item 8: one contract ending 1 Jan 2400 made `planner schedule` fail for
    every contract ("years 2023 to 2404 are outside the calendar's range")."""
    db = open_db(three_contracts, create=False)
    insert_contract(db, Contract(ref="EST-9", department="Estates", end_date=date(2400, 1, 1),
                                 total_value=10_000_00, owner="A. Ward"), "tester")  # fmt: skip
    db.close()
    result = run("schedule", "--json")
    assert result.exit_code == 0, result.output
    assert {r["ref"] for r in json.loads(result.stdout)["reviews"]} == {"EST-1", "ICT-1"}
    words = run("schedule")
    assert "EST-9" in words.stdout
    assert "1 Jan 2400 is more than 50 years ahead: check the register" in words.stdout

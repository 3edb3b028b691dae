"""Rule changes that would plan under the law's minimums are refused, with the minimum and
its source; longer periods are accepted (docs/rules.md, "Statutory minimums")."""

from __future__ import annotations

import pytest

from planner.errors import ValidationError
from planner.store.db import Database
from planner.store.route_rules import remove_route_stage, set_route_stage, set_tender_period
from planner.store.schedule_rules import load_scheduling_rules


def _days(db: Database, route: str, stage: str) -> int | None:
    row = db.conn.execute(
        "SELECT duration_days FROM route_stages WHERE route = ? AND stage = ?", (route, stage)
    ).fetchone()
    return None if row is None else int(row[0])


def _open_tender_minimum(db: Database) -> int:
    route = load_scheduling_rules(db).routes["open"]
    return next(s.min_calendar_days for s in route.stages if s.stage.code == "tender-period")


def _audit_rows(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM audit").fetchone()[0])


@pytest.mark.parametrize("route", ["open", "competitive-flexible", "direct-award"])
def test_a_standstill_shorter_than_8_working_days_is_refused(db: Database, route: str) -> None:
    """PA 2023 s.51: the contract may not be entered into for 8 working days beginning with
    the day the award notice is published."""
    before = _audit_rows(db)
    with pytest.raises(ValidationError) as refused:
        set_route_stage(db, route, "standstill", "tester", days=3)
    message = str(refused.value)
    assert "at least 8 working days under PA 2023 s.51" in message
    assert "give 8 or more" in message
    assert _days(db, route, "standstill") == 8
    assert _audit_rows(db) == before


def test_a_longer_standstill_is_accepted(db: Database) -> None:
    """PA 2023 s.51 sets a minimum: a longer, voluntary standstill is lawful."""
    assert set_route_stage(db, "open", "standstill", "tester", days=10) == 1
    assert _days(db, "open", "standstill") == 10
    assert set_route_stage(db, "open", "standstill", "tester", days=8) == 1


@pytest.mark.parametrize("route", ["open", "competitive-flexible", "direct-award"])
def test_removing_the_standstill_from_a_route_that_needs_it_is_refused(
    db: Database, route: str
) -> None:
    """PA 2023 s.51: an above-threshold award under these procedures has a standstill."""
    with pytest.raises(ValidationError, match=f"{route} must keep its standstill stage") as refused:
        remove_route_stage(db, route, "standstill", "tester")
    assert "PA 2023 s.51" in str(refused.value)
    assert _days(db, route, "standstill") == 8


def test_a_voluntary_standstill_can_still_be_added_and_removed_where_the_law_needs_none(
    db: Database,
) -> None:
    """PA 2023 s.51(3): no statutory standstill for a call-off under a framework."""
    set_route_stage(db, "framework-further-competition", "standstill", "tester", days=3, hours=1)
    remove_route_stage(db, "framework-further-competition", "standstill", "tester")
    assert _days(db, "framework-further-competition", "standstill") is None


def test_an_open_tender_period_under_25_days_is_refused(db: Database) -> None:
    """PA 2023 s.54: the open procedure's minimum tender period is 25 days where tenders
    are submitted electronically."""
    with pytest.raises(ValidationError) as refused:
        set_tender_period(db, "open", "electronic tendering", 20, "tester")
    message = str(refused.value)
    assert "minimum tender period (electronic tendering) is at least 25 days" in message
    assert "PA 2023 s.54" in message
    assert _open_tender_minimum(db) == 25


def test_a_tender_period_under_another_name_is_held_to_the_general_minimum(db: Database) -> None:
    """PA 2023 s.54: only the cases the Act names (a qualifying planned procurement notice,
    urgency) allow fewer than 25 days."""
    with pytest.raises(ValidationError) as refused:
        set_tender_period(db, "open", "standard", 10, "tester")
    message = str(refused.value)
    assert "at least 25 days under PA 2023 s.54" in message
    assert "'urgency' (10 days)" in message


def test_the_shorter_periods_the_act_names_are_held_to_their_own_minimum(db: Database) -> None:
    """PA 2023 s.54: 10 days in urgency or after a qualifying planned procurement notice."""
    with pytest.raises(ValidationError, match=r"at least 10 days under PA 2023 s\.54"):
        set_tender_period(db, "open", "urgency", 5, "tester")
    assert set_tender_period(db, "open", "urgency", 10, "tester", applies=False) == 0


def test_a_longer_tender_period_is_accepted(db: Database) -> None:
    """PA 2023 s.54 sets minimums, not maximums: 30 days is lawful."""
    assert set_tender_period(db, "open", "electronic tendering", 30, "tester") == 1
    assert _open_tender_minimum(db) == 30

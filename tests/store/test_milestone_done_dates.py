"""A milestone's done date must be one it could really have been done on: not after today, not
long before the contract it reviews was let. A refused date records nothing."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.contract import Contract
from planner.errors import ValidationError
from planner.store import Database
from planner.store.contracts import insert_contract
from planner.store.decisions import mark_milestone_done
from planner.store.plan_reader import milestones_for

TODAY = date(2026, 11, 25)


def _contract(db: Database, start: date | None) -> int:
    saved = insert_contract(
        db,
        Contract(ref="EST-1", department="Estates", start_date=start, end_date=date(2027, 9, 30)),
        "tester",
    )
    assert saved.id is not None
    return saved.id


def _audit_rows(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM audit").fetchone()[0])


def _actual(db: Database, contract_id: int, stage: str) -> date | None:
    return next(m.actual for m in milestones_for(db, contract_id) if m.stage == stage)


def _done(db: Database, contract_id: int, actual: date) -> None:
    mark_milestone_done(db, contract_id, "needs-analysis", actual, "tester", today=TODAY)


def _refused(db: Database, contract_id: int, actual: date, message: str) -> None:
    audited = _audit_rows(db)
    with pytest.raises(ValidationError, match=message):
        _done(db, contract_id, actual)
    assert _audit_rows(db) == audited
    assert not any(m.actual for m in milestones_for(db, contract_id))


def test_a_stage_cannot_be_done_after_today(db: Database) -> None:
    contract_id = _contract(db, date(2023, 10, 1))
    _refused(db, contract_id, date(2026, 11, 26), r"26 Nov 2026 is in the future \(today is 25")
    _done(db, contract_id, TODAY)
    assert _actual(db, contract_id, "needs-analysis") == TODAY


def test_a_stage_done_long_before_the_contract_started_is_a_slip_of_the_year(
    db: Database,
) -> None:
    contract_id = _contract(db, date(2023, 10, 1))
    _refused(
        db,
        contract_id,
        date(1990, 1, 1),
        "1 Jan 1990 is more than a year before EST-1 started on 1 Oct 2023; check the date",
    )
    _refused(db, contract_id, date(2022, 9, 30), "more than a year before EST-1 started")


def test_a_stage_may_be_done_in_the_year_before_its_contract_starts(db: Database) -> None:
    # The scheduler plans the first stages of a short contract's review before it starts.
    contract_id = _contract(db, date(2027, 6, 10))
    _done(db, contract_id, date(2026, 10, 17))
    assert _actual(db, contract_id, "needs-analysis") == date(2026, 10, 17)


def test_without_a_start_date_a_stage_done_more_than_ten_years_ago_is_refused(
    db: Database,
) -> None:
    contract_id = _contract(db, None)
    _refused(db, contract_id, date(2016, 11, 24), "24 Nov 2016 is more than 10 years ago")
    _done(db, contract_id, date(2016, 11, 25))
    assert _actual(db, contract_id, "needs-analysis") == date(2016, 11, 25)


def test_the_audit_trail_says_the_done_date_as_the_planner_writes_dates(db: Database) -> None:
    contract_id = _contract(db, date(2023, 10, 1))
    _done(db, contract_id, date(2026, 11, 2))
    summary = db.conn.execute("SELECT summary FROM changes ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert summary == "EST-1: Review and needs analysis done on 2 Nov 2026"

"""Scheduling against the database: audited, diff-only writes, decisions, milestones, team."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.contract import Contract
from planner.errors import ConflictError, NotFoundError, ValidationError
from planner.store import Database, verify_chain
from planner.store.contracts import get_contract, insert_contract, upsert_contracts
from planner.store.decisions import mark_milestone_done, record_decision, set_baseline
from planner.store.history import undo_last
from planner.store.plan_reader import (
    load_plan,
    milestones_between,
    milestones_for,
    needing_data,
    officer_load,
    overdue_milestones,
)
from planner.store.schedule_run import run_schedule
from planner.store.team import add_leave, add_officer, list_officers
from tests.conftest import migrated_db

TODAY = date(2026, 11, 25)


def _audit_rows(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM audit").fetchone()[0])


def _register(db: Database) -> dict[str, int]:
    contracts = [
        Contract(ref="EST-1", department="Estates", end_date=date(2027, 9, 30),
                 total_value=60_000_00, owner="J. Patel", notice_period="P3M"),
        Contract(ref="ICT-1", department="ICT", end_date=date(2028, 3, 31),
                 total_value=900_000_00, owner="S. Hughes", category="ICT services"),
        Contract(ref="HR-1", department="HR", end_date=None, owner=None),
    ]  # fmt: skip
    ids = {}
    for contract in contracts:
        saved = insert_contract(db, contract, "tester")
        assert saved.id is not None
        ids[contract.ref] = saved.id
    add_officer(db, "A. Khan", 30, "tester", ["ICT"])
    add_officer(db, "B. Shaw", 37, "tester")
    return ids


def test_a_schedule_run_plans_open_reviews_and_lists_those_needing_data(db: Database) -> None:
    _register(db)
    result = run_schedule(db, TODAY, "tester")
    assert [r.ref for r in result.reviews] == ["EST-1", "ICT-1"]
    ict = result.reviews[1]
    assert (ict.route, ict.route_provisional, ict.officer) == ("open", True, "A. Khan")
    assert [(n.ref, n.missing) for n in result.needing_data] == [("HR-1", ("end date", "value",
                                                                 "owner"))]  # fmt: skip
    assert [n.ref for n in needing_data(db)] == ["HR-1"]
    assert verify_chain(db).ok


def test_re_running_on_an_unchanged_database_changes_nothing(db: Database) -> None:
    _register(db)
    first = run_schedule(db, TODAY, "tester")
    rows, changes = _audit_rows(db), db.conn.execute("SELECT count(*) FROM changes").fetchone()
    again = run_schedule(db, TODAY, "tester")
    assert again.written.total == 0
    assert _audit_rows(db) == rows
    assert db.conn.execute("SELECT count(*) FROM changes").fetchone() == changes
    assert again.to_json() == first.to_json()


def test_load_plan_reads_back_exactly_what_the_run_planned(db: Database) -> None:
    _register(db)
    result = run_schedule(db, TODAY, "tester")
    assert [r.to_json() for r in load_plan(db)] == [r.to_json() for r in result.reviews]


def test_derived_columns_are_written_without_bumping_the_version(db: Database) -> None:
    ids = _register(db)
    before = get_contract(db, ids["EST-1"])
    run_schedule(db, TODAY, "tester")
    after = get_contract(db, ids["EST-1"])
    assert after.version == before.version
    assert after.rag in ("red", "amber", "green")
    assert after.next_milestone == "Review and needs analysis"
    assert after.next_milestone_date is not None
    # An edit opened before the run still saves.
    record_decision(db, ids["EST-1"], expected_version=before.version, who="tester",
                    priority=1)  # fmt: skip


def test_a_decision_implies_its_route_and_a_stale_version_is_refused(db: Database) -> None:
    ids = _register(db)
    contract = get_contract(db, ids["EST-1"])
    saved = record_decision(db, contract.id, expected_version=contract.version,
                            who="alice", decision="call-off", officer="b. shaw")  # fmt: skip
    assert (saved.decision, saved.route, saved.officer) == (
        "call-off", "framework-direct-award", "B. Shaw",
    )  # fmt: skip
    assert saved.status == "decided"
    with pytest.raises(ConflictError):
        record_decision(db, saved.id, expected_version=contract.version, who="bob",
                        route="open")  # fmt: skip
    with pytest.raises(NotFoundError, match="not in the team"):
        record_decision(db, saved.id, expected_version=saved.version, who="bob",
                        officer="Z. Nobody")  # fmt: skip
    result = run_schedule(db, TODAY, "tester")
    est = next(r for r in result.reviews if r.ref == "EST-1")
    assert (est.route, est.route_provisional, est.officer) == (
        "framework-direct-award", False, "B. Shaw",
    )  # fmt: skip


def test_a_milestone_done_late_replans_what_follows(db: Database) -> None:
    ids = _register(db)
    run_schedule(db, TODAY, "tester")
    before = {m.stage: m for m in milestones_for(db, ids["EST-1"])}
    # Needs analysis finished on Fri 25 Jun 2027, days before the notice deadline (30 Jun):
    # options appraisal can only start on the Monday and the review is now late.
    done = mark_milestone_done(db, ids["EST-1"], "needs-analysis", date(2027, 6, 25), "tester")
    assert done.actual == date(2027, 6, 25)
    result = run_schedule(db, TODAY, "tester")
    after = {m.stage: m for m in milestones_for(db, ids["EST-1"])}
    assert after["needs-analysis"].planned == date(2027, 6, 25)
    assert after["options"].starts == date(2027, 6, 28)
    assert after["options"].planned != before["options"].planned
    est = next(r for r in result.reviews if r.ref == "EST-1")
    assert est.rag == "red"


def test_a_milestone_can_be_named_by_number_and_an_unknown_stage_is_refused(
    db: Database,
) -> None:
    ids = _register(db)
    run_schedule(db, TODAY, "tester")
    done = mark_milestone_done(db, ids["EST-1"], "1", date(2026, 11, 20), "tester")
    assert done.stage == "needs-analysis"
    with pytest.raises(ValidationError, match="not a stage"):
        mark_milestone_done(db, ids["EST-1"], "lunch", date(2026, 11, 20), "tester")


def test_after_a_baseline_missed_milestones_are_overdue_and_the_review_amber(
    db: Database,
) -> None:
    ids = _register(db)
    run_schedule(db, TODAY, "tester")
    assert set_baseline(db, "tester") > 0
    assert set_baseline(db, "tester") == 0  # nothing moved since
    first = milestones_for(db, ids["EST-1"])[0]
    assert first.planned is not None
    later = date(first.planned.year, first.planned.month, first.planned.day)
    later = date.fromordinal(later.toordinal() + 3)
    overdue = overdue_milestones(db, later)
    assert any(m.contract_id == ids["EST-1"] for m in overdue)
    result = run_schedule(db, later, "tester")
    est = next(r for r in result.reviews if r.ref == "EST-1")
    assert est.rag in ("amber", "red")
    assert any("is not done" in r for r in est.reasons)


def test_milestones_between_lists_by_date(db: Database) -> None:
    _register(db)
    run_schedule(db, TODAY, "tester")
    found = milestones_between(db, date(2026, 11, 1), date(2028, 12, 31))
    dates = [m.actual or m.planned for m in found]
    assert dates == sorted(dates)  # type: ignore[type-var]
    assert {m.ref for m in found} == {"EST-1", "ICT-1"}


def test_officer_load_is_capacity_less_bank_holidays_and_leave(db: Database) -> None:
    _register(db)
    add_leave(db, "A. Khan", date(2026, 12, 21), date(2026, 12, 24), "tester")
    run_schedule(db, TODAY, "tester")
    loads = {(w.officer, w.week): w for w in officer_load(db, date(2026, 12, 14), 3)}
    assert loads[("A. Khan", date(2026, 12, 14))].capacity_hours == 30
    assert loads[("A. Khan", date(2026, 12, 21))].capacity_hours == 0  # leave + Christmas
    assert loads[("B. Shaw", date(2026, 12, 28))].capacity_hours == 22.2  # 28 Dec, 1 Jan


def test_the_team_is_audited_and_an_added_officer_can_be_undone(db: Database) -> None:
    add_officer(db, "A. Khan", 30, "tester", ["ICT", "Estates"])
    assert [(o.name, o.skills) for o in list_officers(db)] == [("A. Khan", ("ICT", "Estates"))]
    with pytest.raises(ValidationError, match="already in the team"):
        add_officer(db, "a. khan", 20, "tester")
    with pytest.raises(ValidationError, match="not possible"):
        add_officer(db, "B. Shaw", 120, "tester")
    undo_last(db, "tester")
    assert list_officers(db) == []


def test_undoing_an_import_removes_its_planned_milestones(db: Database) -> None:
    contract = Contract(ref="EST-9", department="Estates", end_date=date(2027, 9, 30),
                        total_value=60_000_00)  # fmt: skip
    upsert_contracts(db, [(contract, frozenset({"ref", "end_date"}))], who="t", summary="imp")
    run_schedule(db, TODAY, "tester")
    assert db.conn.execute("SELECT count(*) FROM milestones").fetchone()[0] > 0
    undo_last(db, "tester")
    assert db.conn.execute("SELECT count(*) FROM milestones").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_the_demo_is_deterministic_and_has_overdue_and_late_milestones() -> None:
    from planner.demo.build import build_demo
    from planner.demo.generator import DemoSpec

    spec = DemoSpec(seed=7, contracts=120)
    plans = []
    for _ in range(2):
        db = migrated_db()
        summary = build_demo(db, spec, TODAY)
        assert summary.officers == 7
        assert summary.milestones_done > 0 and summary.overdue > 0
        late = db.conn.execute(
            "SELECT count(*) FROM milestones WHERE actual > baseline"
        ).fetchone()[0]
        assert late > 0
        plans.append([r.to_json() for r in load_plan(db)])
        assert run_schedule(db, TODAY, "demo").written.total == 0
        db.close()
    assert plans[0] == plans[1]
    assert {r["rag"] for r in plans[0]} == {"red", "amber", "green"}


def test_notice_given_after_its_deadline_is_a_hard_date_missed(db: Database) -> None:
    ids = _register(db)  # EST-1 ends 30 Sep 2027 with 3 months' notice: deadline 30 Jun 2027
    run_schedule(db, TODAY, "tester")
    mark_milestone_done(db, ids["EST-1"], "notice", date(2027, 7, 2), "tester")
    late = next(r for r in run_schedule(db, date(2027, 7, 5), "tester").reviews if r.ref == "EST-1")
    assert late.rag == "red"
    assert "Notice was given on 2 Jul 2027, after the deadline of 30 Jun 2027" in late.reasons[0]

    mark_milestone_done(db, ids["EST-1"], "notice", date(2027, 6, 30), "tester")
    on_time = next(
        r for r in run_schedule(db, date(2027, 7, 5), "tester").reviews if r.ref == "EST-1"
    )
    assert not any("Notice was given" in reason for reason in on_time.reasons)

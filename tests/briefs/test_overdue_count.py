"""The programme brief counts overdue milestones as the planner's screens do: a stage passed
over because a later one is done is not overdue, whatever its baseline said."""

from __future__ import annotations

from datetime import date

from planner.briefs.programme import programme_context
from planner.store import Database
from planner.store.contracts import find_contract
from planner.store.decisions import mark_milestone_done
from planner.store.plan_reader import overdue_milestones
from planner.store.schedule_run import run_schedule


def test_a_stage_passed_over_is_not_counted_overdue_in_the_brief(
    programme: Database, today: date
) -> None:
    hqc = find_contract(programme, "HQC-001")
    assert hqc.id is not None
    passed_over = [m for m in overdue_milestones(programme, today) if m.ref == "HQC-001"]
    assert passed_over, "the fixture should have an overdue stage on HQC-001 to pass over"
    mark_milestone_done(programme, hqc.id, "award-decision", today, "tester")
    run_schedule(programme, today, "tester")
    overdue = overdue_milestones(programme, today)
    assert not [m for m in overdue if m.ref == "HQC-001"]
    brief = programme_context(programme, today)
    assert brief["milestones"]["overdue_count"] == len(overdue)
    assert "HQC-001" not in {row["ref"] for row in brief["milestones"]["overdue"]}

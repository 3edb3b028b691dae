"""Milestones whose baseline date fell in a window and that are not done yet."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from planner.store.db import Database
from planner.store.milestone_rows import STAGE_CODE, STAGE_JOIN, TABLE, Days, day_number


class DueMilestone(NamedTuple):
    """A milestone not done, by its contract, stage code and baseline date, with the day its
    contract started (None when unknown)."""

    contract_id: int
    stage: str
    baseline: date
    started: date | None


def undone_milestones_baselined_between(
    db: Database, first: date, before: date
) -> list[DueMilestone]:
    """Milestones baselined on or after `first` and before `before`, with no actual date,
    in contract order and then baseline order (the order a review meets them)."""
    days = Days()
    return [
        DueMilestone(
            contract_id,
            stage,
            days[baseline],
            date.fromisoformat(started) if started else None,
        )
        for contract_id, stage, baseline, started in db.conn.execute(
            f"SELECT m.contract_id, {STAGE_CODE}, m.baseline, c.start_date FROM {TABLE} m "
            f"{STAGE_JOIN} "
            "JOIN contracts c ON c.id = m.contract_id WHERE m.baseline >= ? AND "
            "m.baseline < ? AND m.actual IS NULL ORDER BY m.contract_id, m.baseline, m.id",
            (day_number(first), day_number(before)),
        )
    ]

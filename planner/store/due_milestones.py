"""Milestones whose baseline date fell in a window and that are not done yet."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from planner.store.db import Database


class DueMilestone(NamedTuple):
    """A milestone not done, by its contract, stage code and baseline date."""

    contract_id: int
    stage: str
    baseline: date


def undone_milestones_baselined_between(
    db: Database, first: date, before: date
) -> list[DueMilestone]:
    """Milestones baselined on or after `first` and before `before`, with no actual date,
    in contract order and then baseline order (the order a review meets them)."""
    return [
        DueMilestone(contract_id, stage, date.fromisoformat(baseline))
        for contract_id, stage, baseline in db.conn.execute(
            "SELECT contract_id, stage, baseline FROM milestones WHERE baseline >= ? AND "
            "baseline < ? AND actual IS NULL ORDER BY contract_id, baseline, id",
            (first.isoformat(), before.isoformat()),
        )
    ]

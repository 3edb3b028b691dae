"""The team against the stored plan: the reviews the scheduler staffed itself, by kind."""

from __future__ import annotations

from planner.domain.staffing import StaffingGaps, staffing_gaps
from planner.store.db import Database
from planner.store.team import load_team


def read_staffing_gaps(db: Database) -> StaffingGaps:
    """What the team lacks for the planned reviews with no officer decided."""
    kinds = [
        (department, category, int(count))
        for department, category, count in db.conn.execute(
            # Walks the reviews (keyed by contract) to their contracts: joined the other way,
            # SQLite walks every contract by department, a second at national scale.
            "SELECT c.department, c.category, count(*) FROM contracts c NOT INDEXED "
            "WHERE c.officer IS NULL AND c.id IN (SELECT contract_id FROM reviews) "
            "GROUP BY c.department, c.category"
        )
    ]
    return staffing_gaps(load_team(db), kinds)

"""The minimum tender periods as stored, read back for `planner rules show`."""

from __future__ import annotations

from typing import NamedTuple

from planner.store.db import Database


class TenderPeriod(NamedTuple):
    """A route's minimum tender period in calendar days under a condition, and whether the
    scheduler uses it (False: recorded for reference only)."""

    route: str
    condition: str
    min_days: int
    applies: bool


def list_tender_periods(db: Database) -> list[TenderPeriod]:
    """Every tender period row, by route (rows of one route in their stored order)."""
    return [
        TenderPeriod(route, condition, min_days, bool(applies))
        for route, condition, min_days, applies in db.conn.execute(
            "SELECT route, condition, min_days, applies FROM tender_periods ORDER BY route"
        )
    ]

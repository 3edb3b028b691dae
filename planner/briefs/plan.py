"""The published contracts plan's context: procurements expected to start in the next 18
months, with nothing commercially sensitive (no supplier, no exact value)."""

from __future__ import annotations

from datetime import date
from typing import Any

from planner.domain.dates import add_months
from planner.domain.publishing import withheld_words
from planner.store.db import Database
from planner.store.plan_reader import last_run_today
from planner.store.reporting import brief_settings, published_plan

# What may be published of each procurement (the CSV export writes these columns).
PUBLISHED = ("title", "department", "value_band", "route", "tender_quarter", "award_quarter")


def plan_context(db: Database, today: date) -> dict[str, Any]:
    """Everything the contracts plan shows, as of `today`."""
    months = brief_settings(db).plan_horizon_months
    plan = published_plan(db, today)
    plan_today = last_run_today(db)
    return {
        "today": today,
        "months": months,
        "horizon_end": add_months(today, months),
        "plan_today": plan_today,
        "plan_stale": plan_today is not None and plan_today != today,
        "rows": [
            {**{key: row[key] for key in PUBLISHED}, "route_confirmed": row["route_confirmed"]}
            for row in plan.rows
        ],
        # Restricted procurements are left out and only counted (PA 2023 s.94(3)).
        "withheld": withheld_words(plan.withheld),
    }

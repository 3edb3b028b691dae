"""The route a review decision implies, and the fields recording a decision sets.

Kept apart from the other decision writers, which need the scheduler's modules: the
triage table records decisions through these without loading them.
"""

from __future__ import annotations

from typing import Any

from planner.domain.vocab import canonical
from planner.errors import ValidationError
from planner.store.db import Database


def route_for_decision(db: Database, decision: str) -> str | None:
    """The route a decision implies, as held in decision_routes (None: chosen by value)."""
    row = db.conn.execute(
        "SELECT route FROM decision_routes WHERE decision = ?", (decision,)
    ).fetchone()
    return None if row is None else row[0]


def decision_fields(db: Database, decision: str | None, route: str | None = None) -> dict[str, Any]:
    """The fields a decision sets: the decision and its route (the one given, else the one
    the decision implies). A route with no stages cannot be planned, so it is refused."""
    changes: dict[str, Any] = {}
    if decision is not None:
        changes["decision"] = canonical("decision", decision)
    if route is not None:
        changes["route"] = canonical("route", route)
    elif changes.get("decision"):
        implied = route_for_decision(db, changes["decision"])
        if implied:
            changes["route"] = implied
    if changes.get("route") is not None:
        known = db.conn.execute(
            "SELECT 1 FROM route_stages WHERE route = ? LIMIT 1", (changes["route"],)
        ).fetchone()
        if known is None:
            raise ValidationError(
                f"route '{changes['route']}' has no stages; add some with planner rules set stage"
            )
    return changes

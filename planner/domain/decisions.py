"""What recording a review decision does to a contract's status (docs/rules.md)."""

from __future__ import annotations

from typing import Any

from planner.domain.codes import Status
from planner.domain.contract import Contract

# A review that has not reached its decision yet; recording one moves it to DECIDED.
_UNDECIDED = frozenset({Status.ACTIVE, Status.IN_REVIEW})


def status_after_decision(current: Contract, decision: str | None) -> dict[str, Any]:
    """An active or in-review contract becomes 'decided' when a decision is recorded."""
    if decision and current.status in _UNDECIDED:
        return {"status": Status.DECIDED}
    return {}

"""What recording a review decision does to a contract (docs/rules.md, "Decisions")."""

from __future__ import annotations

from typing import Any

from planner.domain.codes import Decision, Status
from planner.domain.contract import Contract
from planner.domain.options import Option, check_extend, contract_options
from planner.errors import ValidationError

# A review that has not reached its decision yet; recording one moves it to DECIDED.
_UNDECIDED = frozenset({Status.ACTIVE, Status.IN_REVIEW})


def status_after_decision(current: Contract, decision: str | None) -> dict[str, Any]:
    """An active or in-review contract becomes 'decided' when a decision is recorded."""
    if decision and current.status in _UNDECIDED:
        return {"status": Status.DECIDED}
    return {}


def has_new_arrangement(decision: str | None) -> bool:
    """False for a decision to terminate: nothing replaces the contract, so no "new
    arrangement from" date is shown for it, whatever the plan's last stage says."""
    return decision != Decision.TERMINATE


def options_of(contract: Contract, decision_days: int) -> list[Option]:
    """The contract's extension options, those not exercised dated from its end date."""
    return contract_options(
        contract.extension_options,
        contract.options_exercised,
        contract.end_date,
        contract.notice_period,
        decision_days,
    )


def decision_changes(current: Contract, decision: str | None) -> dict[str, Any]:
    """Every field recording `decision` changes besides the decision and its route: the
    status, and for 'extend' the next extension option taken up (refused with why when
    none is left or it would pass the latest end date: docs/rules.md, "Extension
    options"). Re-recording 'extend' on a contract already decided so takes no option."""
    changes = status_after_decision(current, decision)
    if decision == Decision.EXTEND and current.decision != Decision.EXTEND:
        # The decision days do not move an option's end, only its decide-by day.
        options = options_of(current, 0)
        try:
            taken = check_extend(options, current.options_exercised, current.max_end_date)
        except ValidationError as refused:
            raise ValidationError(f"{current.ref}: {refused}") from None
        changes.update(taken)
    return changes

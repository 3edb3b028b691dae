"""Recording a decision moves an undecided contract to 'decided', and nothing else."""

from __future__ import annotations

import pytest

from planner.domain.codes import Status
from planner.domain.contract import Contract
from planner.domain.decisions import status_after_decision


def _contract(status: str | None) -> Contract:
    return Contract(ref="EST-1", department="Estates", status=status)


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.IN_REVIEW])
def test_an_undecided_contract_becomes_decided(status: Status) -> None:
    assert status_after_decision(_contract(status), "extend") == {"status": "decided"}


@pytest.mark.parametrize(
    "status", [Status.DECIDED, Status.COMPLETED, Status.EXPIRED, Status.TERMINATED, None]
)
def test_any_other_status_is_left_alone(status: str | None) -> None:
    assert status_after_decision(_contract(status), "extend") == {}


@pytest.mark.parametrize("decision", [None, ""])
def test_no_decision_changes_nothing(decision: str | None) -> None:
    assert status_after_decision(_contract(Status.ACTIVE), decision) == {}

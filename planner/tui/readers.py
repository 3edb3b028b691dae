"""What each screen reads, gathered in one call that runs in a worker thread.

No SQL here: these functions put together store readers and domain rules into plain
dataclasses that a screen can draw without touching the database again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from planner.domain.contract import Contract
from planner.domain.rules import Flag, contract_flags
from planner.store.contracts import get_contract, list_departments
from planner.store.db import Database
from planner.store.detail import HistoryEntry, contract_history
from planner.store.overview import (
    DepartmentProgress,
    NoticeDue,
    RegisterShares,
    centralisation,
    notice_deadlines,
    rag_counts,
    register_shares,
)
from planner.store.rules import load_rules
from planner.store.triage import read_snapshot


@dataclass(frozen=True, slots=True)
class MilestoneLine:
    """One stage of a contract's review with its four dates and the slack left."""

    stage: str
    name: str
    planned: date | None
    latest: date | None
    baseline: date | None
    actual: date | None
    slack_days: int | None  # latest minus planned, in calendar days; None if not planned


@dataclass(frozen=True, slots=True)
class ContractDetail:
    """Everything the contract screen shows."""

    contract: Contract
    flags: list[Flag]
    history: list[HistoryEntry]
    milestones: list[MilestoneLine] = field(default_factory=list)
    plan_note: str = ""  # why there are no milestones, when there are none
    departments: list[str] = field(default_factory=list)  # what the department may become


def read_contract(db: Database, contract_id: int, today: date) -> ContractDetail:
    """One contract with its flags, milestone plan and audit history."""
    with read_snapshot(db):
        contract = get_contract(db, contract_id)
        flags = contract_flags(contract, load_rules(db), today)
        history = contract_history(db, contract_id)
        milestones, note = _milestones(db, contract_id)
        departments = list_departments(db)
    return ContractDetail(contract, flags, history, milestones, note, departments)


def _milestones(db: Database, contract_id: int) -> tuple[list[MilestoneLine], str]:
    return [], "No milestones yet: the programme has not been scheduled."


# DOMAIN.md: the strategy's baseline at 31 March 2023.
STRATEGY_BASELINE = {
    "spend_covered": 94,
    "collaborative_spend": 79,
    "local_spend_lancashire": 43,
    "local_spend_north_west": 53,
    "managed_contracts": 321,
}


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the dashboard shows."""

    today: date
    departments: list[DepartmentProgress]
    rag: dict[str | None, int]
    notice_30: int
    notice_90: int
    notices: list[NoticeDue]
    shares: RegisterShares
    baseline: dict[str, int]


def read_overview(db: Database, today: date) -> Overview:
    """The dashboard's figures, read in one snapshot."""
    with read_snapshot(db):
        departments = centralisation(db)
        rag = rag_counts(db)
        notice_30, notices = notice_deadlines(db, today, 30)
        notice_90, _ = notice_deadlines(db, today, 90)
        shares = register_shares(db)
    return Overview(today, departments, rag, notice_30, notice_90, notices, shares,
                    dict(STRATEGY_BASELINE))  # fmt: skip

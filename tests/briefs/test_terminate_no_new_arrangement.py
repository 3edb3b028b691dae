"""The department brief leaves "New arrangement from" empty for a Terminate decision:
nothing replaces a terminated contract (docs/rules.md, "Decisions")."""

from __future__ import annotations

from datetime import date

from planner.briefs import BriefRequest, render_brief
from planner.store import Database
from planner.store.contracts import find_contract
from planner.store.decisions import record_decision
from planner.store.schedule_run import run_schedule


def _decide(db: Database, ref: str, decision: str) -> None:
    contract = find_contract(db, ref, "Estates")
    record_decision(db, contract.id, expected_version=contract.version, who="t",
                    decision=decision)  # fmt: skip


def _row(brief: str, ref: str) -> list[str]:
    # Decision, route, new arrangement from, RAG: the last four cells (a title may hold |).
    line = next(line for line in brief.splitlines() if line.startswith(f"| {ref} |"))
    return [cell.strip() for cell in line.strip("|").split("|")][-4:]


def test_a_terminated_contract_has_no_new_arrangement_date(
    programme: Database, today: date
) -> None:
    _decide(programme, "EST-001", "terminate")
    _decide(programme, "EST-002", "re-tender")
    run_schedule(programme, today, "t")
    brief = render_brief(programme, BriefRequest("department", today, department="Estates"))
    terminated, retendered = _row(brief, "EST-001"), _row(brief, "EST-002")
    assert terminated[:3] == ["Terminate", "Terminate", "—"]
    assert retendered[0] == "Re-tender" and retendered[2] != "—"

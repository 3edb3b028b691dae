"""The department brief's context: one department's contracts in the programme, what is
decided, what the department must provide and by when, and the dates that affect it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from planner.domain.codes import Rag
from planner.domain.dates import from_iso
from planner.domain.decisions import has_new_arrangement
from planner.domain.notice import serve_by_for
from planner.domain.vocab import DECISIONS, ROUTES, STATUSES
from planner.store.checklist_report import checklist_report
from planner.store.db import Database
from planner.store.plan_reader import last_run_today
from planner.store.reporting import (
    DEPARTMENT_INPUTS,
    DEPARTMENT_SQL,
    brief_settings,
    department_parameters,
    rows,
)
from planner.store.rules import load_rules


def department_context(db: Database, today: date, department: str) -> dict[str, Any]:
    """Everything the brief for `department` shows, as of `today`."""
    params = department_parameters(db, today, department)
    counts = rows(db, DEPARTMENT_SQL["counts"], params)[0]
    rags = {row["rag"]: row["reviews"] for row in rows(db, DEPARTMENT_SQL["rag"], params)}
    plan_today = last_run_today(db)
    deemed = load_rules(db).deemed_service_days
    inputs = [
        {**row, "what": DEPARTMENT_INPUTS[row["stage"]]}
        for row in rows(db, DEPARTMENT_SQL["inputs"], params)
    ]
    return {
        "today": today,
        "department": department,
        "horizon_end": today + timedelta(days=brief_settings(db).department_horizon_days),
        "limit": params["limit"],
        "plan_today": plan_today,
        "plan_stale": plan_today is not None and plan_today != today,
        **counts,
        "red": rags.get(Rag.RED, 0),
        "amber": rags.get(Rag.AMBER, 0),
        "green": rags.get(Rag.GREEN, 0),
        "contract_rows": [
            {
                **row,
                "status": STATUSES.get(row["status"], row["status"]),
                "serve_by": _serve_by(row["notice_date"], deemed),
            }
            for row in rows(db, DEPARTMENT_SQL["contracts"], params)
        ],
        "decided_rows": [
            {
                **row,
                "decision": DECISIONS.get(row["decision"], row["decision"]),
                "route": ROUTES.get(row["route"], row["route"]),
                # Terminate: nothing new follows (docs/rules.md, "Decisions").
                "new_contract_start": row["new_contract_start"]
                if has_new_arrangement(row["decision"])
                else None,
            }
            for row in rows(db, DEPARTMENT_SQL["decided"], params)
        ],
        "inputs": inputs,
        "dates": rows(db, DEPARTMENT_SQL["dates"], params),
        "checklist": checklist_report(db, department, params["limit"]),
    }


def _serve_by(deadline: str | None, deemed: int) -> date | None:
    # The "Notice by" column: the working day to serve notice by (docs/rules.md, "Notice
    # deadline"), the same day as the plan's notice milestone.
    served = serve_by_for(from_iso(deadline), deemed)
    return None if served is None else served.serve_by

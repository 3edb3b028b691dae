"""What the briefs report from the review checklists (docs/rules.md, "The review
checklist"): per department, the open reviews, how many have every required item answered,
and the answers that matter to a board (social value commitments, living wage required,
equality impact assessments outstanding), with the reviews behind each."""

from __future__ import annotations

from typing import Any

from planner.domain.codes import Answer, ChecklistCode
from planner.store.checklist import current_items
from planner.store.db import Database
from planner.store.sql import open_status

# The answers a brief lists: (key in the report, item, answer).
REPORTED: tuple[tuple[str, ChecklistCode, Answer], ...] = (
    ("social_value", ChecklistCode.SOCIAL_VALUE, Answer.YES),
    ("living_wage", ChecklistCode.LIVING_WAGE, Answer.YES),
    ("eia_outstanding", ChecklistCode.EIA, Answer.NO),
)


def _scope(department: str | None) -> tuple[str, list[Any]]:
    clause = open_status("c.status")
    return (f"{clause} AND c.department = ?", [department]) if department else (clause, [])


def _by_department(db: Database, department: str | None) -> list[dict[str, Any]]:
    required = [item.code for item in current_items(db) if item.required]
    where, params = _scope(department)
    marks = ", ".join("?" * len(required)) or "NULL"
    answers = ", ".join(
        f"sum(EXISTS (SELECT 1 FROM checklist_answers a WHERE a.contract_id = c.id "
        f"AND a.item = '{code}' AND a.answer = '{answer}')) AS {key}"
        for key, code, answer in REPORTED
    )
    sql = (
        f"SELECT c.department AS department, count(*) AS reviews, "
        f"sum((SELECT count(*) FROM checklist_answers a WHERE a.contract_id = c.id "
        f"AND a.item IN ({marks})) = ?) AS complete, {answers} "
        f"FROM contracts c WHERE {where} GROUP BY c.department ORDER BY c.department"
    )
    cursor = db.conn.execute(sql, [*required, len(required), *params])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _listed(
    db: Database, department: str | None, code: str, answer: str, limit: int
) -> list[dict[str, Any]]:
    where, params = _scope(department)
    cursor = db.conn.execute(
        "SELECT c.ref AS ref, c.title AS title, c.department AS department, a.note AS note, "
        "a.link AS link FROM checklist_answers a JOIN contracts c ON c.id = a.contract_id "
        f"WHERE {where} AND a.item = ? AND a.answer = ? ORDER BY c.department, c.ref LIMIT ?",
        [*params, code, answer, limit],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def checklist_report(
    db: Database, department: str | None = None, limit: int = 20
) -> dict[str, Any]:
    """The checklist figures of the open reviews (of one department, if given): totals,
    a row per department, and up to `limit` reviews behind each reported answer."""
    departments = _by_department(db, department)
    keys = ("reviews", "complete", *(key for key, _, _ in REPORTED))
    totals = {key: sum(int(row[key] or 0) for row in departments) for key in keys}
    return {
        **totals,
        "departments": departments,
        "limit": limit,
        **{f"{key}_rows": _listed(db, department, code, answer, limit)
           for key, code, answer in REPORTED},
    }  # fmt: skip


__all__ = ["REPORTED", "checklist_report"]

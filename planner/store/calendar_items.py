"""The calendar export's rows: open milestones and notice deadlines, each notice on its
serve-by day (docs/rules.md, "Notice deadline")."""

from __future__ import annotations

from datetime import date
from typing import Any

from planner.domain.codes import StageCode
from planner.domain.notice import serve_by_for
from planner.store.db import Database
from planner.store.reporting import rows
from planner.store.rules import load_rules
from planner.store.sql import open_status

_C_OPEN = open_status("c.status")

CALENDAR_SQL = f"""
    SELECT * FROM (
      SELECT c.ref AS ref, c.department AS department, c.title AS title, m.stage AS stage,
        coalesce(s.name, m.stage) AS stage_name, s.hard_date AS hard, m.planned AS day,
        coalesce(m.officer, r.officer) AS officer, r.rag AS rag, r.route AS route,
        c.notice_date AS deadline
      FROM milestones m JOIN contracts c ON c.id = m.contract_id
      LEFT JOIN stages s ON s.code = m.stage LEFT JOIN reviews r ON r.contract_id = m.contract_id
      WHERE m.actual IS NULL AND m.planned BETWEEN :today AND :horizon_end
      UNION ALL
      -- Notice deadlines of open contracts the scheduler has not planned (yet).
      SELECT c.ref, c.department, c.title, 'notice', 'Notice deadline', 1, c.notice_date,
        c.officer, NULL, c.route, c.notice_date
      FROM contracts c
      WHERE {_C_OPEN} AND c.notice_date BETWEEN :today AND :horizon_end
        AND NOT EXISTS (SELECT 1 FROM milestones n WHERE n.contract_id = c.id
                        AND n.stage = 'notice'))
    WHERE (:department IS NULL OR department = :department)
      AND (:officer IS NULL OR officer = :officer COLLATE NOCASE)
    ORDER BY day, department, ref, stage"""


def calendar_items(
    db: Database,
    start: date,
    end: date,
    *,
    department: str | None = None,
    officer: str | None = None,
) -> list[dict[str, Any]]:
    """Open milestones and notice deadlines from `start` to `end`, in date order."""
    params = {"today": start.isoformat(), "horizon_end": end.isoformat(),
              "department": department, "officer": officer}  # fmt: skip
    found = rows(db, CALENDAR_SQL, params)
    deemed = load_rules(db).deemed_service_days
    kept = []
    for item in found:
        # A notice deadline's event is on its serve-by day, the one computation every
        # place uses (docs/rules.md, "Notice deadline"), with the deadline in words.
        if item["stage"] == StageCode.NOTICE and item["deadline"]:
            served = serve_by_for(date.fromisoformat(item["deadline"]), deemed)
            if served is None or served.serve_by < start:
                continue  # passed: not a date to put in anyone's calendar
            item["day"], item["why"] = served.serve_by.isoformat(), served.why
        kept.append(item)
    kept.sort(key=lambda i: (i["day"], i["department"], i["ref"], i["stage"]))
    return kept

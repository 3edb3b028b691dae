"""The calendar export's rows: open milestones, notice deadlines (each on its serve-by day:
docs/rules.md, "Notice deadline") and extension options to decide."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from heapq import merge
from typing import Any

from planner.domain.codes import StageCode
from planner.domain.dates import format_date
from planner.domain.notice import serve_by_for
from planner.store.db import Database
from planner.store.milestone_rows import STAGE_CODE, STAGE_JOIN, STAGE_NAME, TABLE, day_sql, iso_sql
from planner.store.option_deadlines import OPTION_STAGE, option_decisions
from planner.store.reporting import rows
from planner.store.rules import load_rules
from planner.store.sql import open_status

_C_OPEN = open_status("c.status")

_FILTER = (
    "(:department IS NULL OR department = :department) "
    "AND (:officer IS NULL OR officer = :officer COLLATE NOCASE)"
)
CALENDAR_SQL = f"""
    SELECT * FROM (
      SELECT c.ref AS ref, c.department AS department, c.title AS title, {STAGE_CODE} AS stage,
        {STAGE_NAME} AS stage_name, s.hard_date AS hard,
        {iso_sql("m.planned")} AS day,
        coalesce(m.officer, r.officer) AS officer, r.rag AS rag, r.route AS route,
        c.notice_date AS deadline
      FROM {TABLE} m JOIN contracts c ON c.id = m.contract_id
      {STAGE_JOIN} LEFT JOIN reviews r ON r.contract_id = m.contract_id
      WHERE m.actual IS NULL
        AND m.planned BETWEEN {day_sql(":today")} AND {day_sql(":horizon_end")}
      UNION ALL
      -- Notice deadlines of open contracts the scheduler has not planned (yet).
      SELECT c.ref, c.department, c.title, 'notice', 'Notice deadline', 1, c.notice_date,
        c.officer, NULL, c.route, c.notice_date
      FROM contracts c
      WHERE {_C_OPEN} AND c.notice_date BETWEEN :today AND :horizon_end
        AND NOT EXISTS (SELECT 1 FROM milestones n WHERE n.contract_id = c.id
                        AND n.stage = 'notice'))
    WHERE {_FILTER}
    ORDER BY day, department, ref, stage"""


def _option_items(
    db: Database, start: date, end: date, department: str | None, officer: str | None
) -> list[dict[str, Any]]:
    # Deciding on an extension option is a dated item of its own (docs/rules.md, "Extension
    # options"): a hard date, since an option not taken up in time is lost.
    items = []
    for due in option_decisions(db, start, end):
        if department is not None and due.department != department:
            continue
        if officer is not None and (due.officer or "").lower() != officer.lower():
            continue
        items.append(
            {"ref": due.ref, "department": due.department, "title": due.title,
             "stage": f"{OPTION_STAGE}-{due.option.number}", "stage_name": due.what,
             "hard": 1, "day": str(due.option.decide_by), "officer": due.officer,
             "rag": None, "route": due.route, "deadline": None,
             "why": f"the option would extend the contract to {format_date(due.option.new_end)}"
             if due.option.new_end else None}
        )  # fmt: skip
    return items


def calendar_items(
    db: Database,
    start: date,
    end: date,
    *,
    department: str | None = None,
    officer: str | None = None,
) -> list[dict[str, Any]]:
    """Open milestones and notice deadlines from `start` to `end`, in date order."""
    return list(iter_calendar_items(db, start, end, department=department, officer=officer))


def _sort_key(item: dict[str, Any]) -> tuple[str, str, str, str]:
    return item["day"], item["department"], item["ref"], item["stage"]


def iter_calendar_items(
    db: Database,
    start: date,
    end: date,
    *,
    department: str | None = None,
    officer: str | None = None,
) -> Iterator[dict[str, Any]]:
    """calendar_items, streamed: the milestones are read in date order as they are written,
    so a national programme's calendar is never held whole; only the notice deadlines (one
    per contract at most) and the options are gathered and sorted, then merged in."""
    params = {"today": start.isoformat(), "horizon_end": end.isoformat(),
              "department": department, "officer": officer}  # fmt: skip
    # A notice deadline's event moves to its serve-by day, out of the query's date order.
    moves = f"stage = '{StageCode.NOTICE}' AND coalesce(deadline, '') != ''"
    deemed = load_rules(db).deemed_service_days
    notices = []
    for item in rows(db, CALENDAR_SQL.replace(_FILTER, f"{_FILTER} AND {moves}"), params):
        # A notice deadline's event is on its serve-by day, the one computation every
        # place uses (docs/rules.md, "Notice deadline"), with the deadline in words.
        served = serve_by_for(date.fromisoformat(item["deadline"]), deemed)
        if served is None or served.serve_by < start:
            continue  # passed: not a date to put in anyone's calendar
        item["day"], item["why"] = served.serve_by.isoformat(), served.why
        notices.append(item)
    gathered = sorted(notices + _option_items(db, start, end, department, officer), key=_sort_key)
    cursor = db.conn.execute(CALENDAR_SQL.replace(_FILTER, f"{_FILTER} AND NOT ({moves})"), params)
    columns = [d[0] for d in cursor.description]
    others = (dict(zip(columns, row, strict=True)) for row in cursor)
    yield from merge(others, gathered, key=_sort_key)

"""Reading back what the last schedule run stored: milestones, reviews, workload."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from planner.domain.calendar import england_and_wales, monday_of, week_number, week_start
from planner.domain.contract import Contract
from planner.domain.levelling import Capacity
from planner.domain.overdue import first_due, is_overdue
from planner.domain.rules import data_gaps
from planner.domain.scheduler import (
    MilestonePlan,
    NeedsData,
    ReviewPlan,
    WeekLoad,
)
from planner.store.db import Database
from planner.store.sql import OPEN_STATUS
from planner.store.team import load_team


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """A stored milestone with enough of its contract to show it in a list or a timeline."""

    contract_id: int
    ref: str
    department: str
    title: str | None
    stage: str
    stage_name: str
    starts: date | None
    planned: date | None
    latest: date | None
    baseline: date | None
    actual: date | None
    officer: str | None

    @property
    def done(self) -> bool:
        """True once an actual date is recorded."""
        return self.actual is not None

    @property
    def first_due(self) -> date | None:
        """The earlier of its planned and baseline dates: an overdue milestone is late
        against whichever came first."""
        return first_due(self.planned, self.baseline)

    def overdue(self, today: date) -> bool:
        """Not done, still planned, and its planned or baseline date is before today."""
        return is_overdue(self.planned, self.baseline, self.actual, today)


_MILESTONE_SELECT = (
    "SELECT m.contract_id, c.ref, c.department, c.title, m.stage, s.name, m.starts, m.planned, "
    "m.latest, m.baseline, m.actual, m.officer FROM milestones m "
    "JOIN contracts c ON c.id = m.contract_id LEFT JOIN stages s ON s.code = m.stage"
)


def _d(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _milestone_row(row: Sequence[Any]) -> MilestoneRow:
    return MilestoneRow(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5] or row[4],
        _d(row[6]),
        _d(row[7]),
        _d(row[8]),
        _d(row[9]),
        _d(row[10]),
        row[11],
    )


def milestones_for(db: Database, contract_id: int) -> list[MilestoneRow]:
    """One contract's milestones in stage order."""
    rows = db.conn.execute(
        f"{_MILESTONE_SELECT} WHERE m.contract_id = ? ORDER BY coalesce(s.seq, 999), m.stage",
        (contract_id,),
    )
    return [_milestone_row(r) for r in rows]


def milestones_between(db: Database, start: date, end: date) -> list[MilestoneRow]:
    """Milestones planned (or done) from `start` to `end` inclusive, in date order."""
    rows = db.conn.execute(
        f"{_MILESTONE_SELECT} WHERE coalesce(m.actual, m.planned) BETWEEN ? AND ? "
        "ORDER BY coalesce(m.actual, m.planned), c.department, c.ref, s.seq",
        (start.isoformat(), end.isoformat()),
    )
    return [_milestone_row(r) for r in rows]


def overdue_milestones(db: Database, today: date) -> list[MilestoneRow]:
    """Milestones not done whose planned or baseline date is before `today`, oldest first
    (a stage passed over because a later one is done has no planned date and is not)."""
    rows = db.conn.execute(
        f"{_MILESTONE_SELECT} WHERE m.actual IS NULL AND m.planned IS NOT NULL AND "
        "(m.planned < ? OR m.baseline < ?) "
        "ORDER BY min(coalesce(m.planned, m.baseline), coalesce(m.baseline, m.planned)), "
        "c.department, c.ref, s.seq",
        (today.isoformat(), today.isoformat()),
    )
    return [_milestone_row(r) for r in rows]


def load_plan(db: Database) -> list[ReviewPlan]:
    """The reviews as the last schedule run stored them, by department and reference."""
    milestones: dict[int, list[MilestonePlan]] = {}
    cal = None
    for row in db.conn.execute(
        "SELECT m.contract_id, m.stage, m.starts, m.planned, m.latest, m.baseline, m.actual, "
        "m.officer FROM milestones m LEFT JOIN stages s ON s.code = m.stage "
        "JOIN reviews r ON r.contract_id = m.contract_id ORDER BY m.contract_id, s.seq"
    ):
        baseline, when = _d(row[5]), _d(row[6]) or _d(row[3])
        slip = None
        if baseline is not None and when is not None:
            if cal is None:
                cal = england_and_wales(min(baseline, when).year - 1, max(baseline, when).year + 5)
            if not (cal.first <= min(baseline, when) and max(baseline, when) <= cal.last):
                cal = england_and_wales(min(baseline, when).year - 1, max(baseline, when).year + 5)
            slip = cal.working_days_between(baseline, when)
        milestones.setdefault(row[0], []).append(
            MilestonePlan(
                row[1], _d(row[2]), _d(row[3]), _d(row[4]), baseline, _d(row[6]), row[7], slip
            )
        )
    plans = []
    for row in db.conn.execute(
        "SELECT r.contract_id, c.ref, c.department, c.title, r.route, r.route_provisional, "
        "r.officer, c.notice_date, r.start, r.new_contract_start, r.slack_days, r.rag, "
        "r.reasons, r.flags FROM reviews r JOIN contracts c ON c.id = r.contract_id "
        "ORDER BY c.department, c.ref"
    ):
        plans.append(
            ReviewPlan(
                contract_id=row[0],
                ref=row[1],
                department=row[2],
                title=row[3],
                route=row[4],
                route_provisional=bool(row[5]),
                officer=row[6],
                notice_date=_d(row[7]),
                start=_d(row[8]),
                new_contract_start=_d(row[9]) or date.min,
                slack_days=row[10],
                rag=row[11] or "",
                reasons=tuple(json.loads(row[12])),
                flags=tuple(json.loads(row[13])),
                milestones=tuple(milestones.get(row[0], ())),
            )
        )
    return plans


def last_run_today(db: Database) -> date | None:
    """The 'today' of the last schedule run, if there has been one."""
    row = db.conn.execute("SELECT value FROM schedule_state WHERE key = 'today'").fetchone()
    return None if row is None else date.fromisoformat(row[0])


def needing_data(db: Database) -> list[NeedsData]:
    """Open contracts that cannot be planned (no end date), with what is missing."""
    found = []
    for cid, ref, department, annual, total, owner in db.conn.execute(
        "SELECT id, ref, department, annual_value, total_value, owner FROM contracts "
        f"WHERE end_date IS NULL AND {OPEN_STATUS} ORDER BY department, ref"
    ):
        contract = Contract(
            ref=ref, department=department, annual_value=annual, total_value=total, owner=owner
        )
        found.append(NeedsData(cid, ref, department, tuple(data_gaps(contract))))
    return found


def officer_load(db: Database, first_week: date, weeks: int) -> list[WeekLoad]:
    """Planned hours against available hours for every officer in each of `weeks` weeks
    from the week of `first_week` (demand from the last schedule run)."""
    if weeks < 1:
        return []
    monday = week_start(first_week)
    last = monday + timedelta(weeks=weeks)
    team = load_team(db)
    cal = england_and_wales(monday.year - 1, last.year + 1)
    first_no = week_number(monday)
    capacity = Capacity(cal, list(team.officers), team.leave, first_no, first_no + weeks)
    demand = {
        (officer, week): hours
        for officer, week, hours in db.conn.execute(
            "SELECT officer, week, demand_hours FROM workload WHERE week >= ? AND week < ?",
            (monday.isoformat(), last.isoformat()),
        )
    }
    loads = []
    for officer in team.officers:
        for offset in range(weeks):
            week = monday_of(first_no + offset)
            minutes = capacity.capacity[officer.name][offset]
            loads.append(
                WeekLoad(
                    officer.name,
                    week,
                    demand.get((officer.name, week.isoformat()), 0.0),
                    round(minutes / 60, 1),
                )
            )
    return loads


def overloaded_weeks(db: Database) -> list[WeekLoad]:
    """Officer-weeks the last run planned above capacity."""
    return [
        WeekLoad(officer, date.fromisoformat(week), demand, capacity)
        for officer, week, demand, capacity in db.conn.execute(
            "SELECT officer, week, demand_hours, capacity_hours FROM workload "
            "WHERE demand_hours > capacity_hours ORDER BY week, officer"
        )
    ]

"""Reading back what the last schedule run stored: milestones, reviews, workload."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain.calendar import (
    WorkingCalendar,
    calendar_covering,
    monday_of,
    slippage_days,
    team_calendar_like,
    week_number,
    week_start,
)
from planner.domain.contract import Contract
from planner.domain.dates import from_iso
from planner.domain.levelling import Capacity
from planner.domain.overdue import first_due, is_overdue
from planner.domain.plan import MilestonePlan, NeedsData, ReviewPlan, WeekLoad, hours_of
from planner.domain.rules import data_gaps
from planner.store.db import Database
from planner.store.milestone_rows import STAGE_CODE, STAGE_JOIN, TABLE, DayDates, day_number
from planner.store.reasons_codec import reasons_of
from planner.store.rules import load_rules
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


# Read from the stored rows (planner/store/milestone_rows.py), so a condition on a date
# compares day numbers in the table's own indexes.
_MILESTONE_SELECT = (
    f"SELECT m.contract_id, c.ref, c.department, c.title, {STAGE_CODE}, s.name, m.starts, "
    f"m.planned, m.latest, m.baseline, m.actual, m.officer FROM {TABLE} m "
    f"JOIN contracts c ON c.id = m.contract_id {STAGE_JOIN}"
)

_DAYS = DayDates()  # a stored day number's date, worked out once per day


def _milestone_row(
    contract_id: int,
    ref: str,
    department: str,
    title: str | None,
    stage: str,
    stage_name: str | None,
    starts: int | None,
    planned: int | None,
    latest: int | None,
    baseline: int | None,
    actual: int | None,
    officer: str | None,
) -> MilestoneRow:
    """A MilestoneRow from a row of _MILESTONE_SELECT (a stage with no name is named by its
    code)."""
    days = _DAYS
    return MilestoneRow(
        contract_id, ref, department, title, stage, stage_name or stage, days[starts],
        days[planned], days[latest], days[baseline], days[actual], officer,
    )  # fmt: skip


def milestones_for(db: Database, contract_id: int) -> list[MilestoneRow]:
    """One contract's milestones in stage order."""
    rows = db.conn.execute(
        f"{_MILESTONE_SELECT} WHERE m.contract_id = ? ORDER BY coalesce(s.seq, 999), m.stage",
        (contract_id,),
    )
    return [_milestone_row(*r) for r in rows]


def milestones_between(db: Database, start: date, end: date) -> list[MilestoneRow]:
    """Milestones planned (or done) from `start` to `end` inclusive, in date order."""
    rows = db.conn.execute(
        f"{_MILESTONE_SELECT} WHERE coalesce(m.actual, m.planned) BETWEEN ? AND ? "
        "ORDER BY coalesce(m.actual, m.planned), c.department, c.ref, s.seq",
        (day_number(start), day_number(end)),
    )
    return [_milestone_row(*r) for r in rows]


# The day a milestone fell due: the earlier of its planned and baseline dates. Written
# exactly as the index milestones_first_due (schema/0019_compact_milestones.sql) has it, so
# the overdue milestones are read from that index, oldest first, not from a scan of every
# milestone; planned < today OR baseline < today is the same test (planned is known).
# Over `milestone_rows m`: the parameter is today's day number.
FIRST_DUE = "min(coalesce(m.planned, m.baseline), coalesce(m.baseline, m.planned))"
OVERDUE = f"m.actual IS NULL AND m.planned IS NOT NULL AND {FIRST_DUE} < ?"


def overdue_milestones(db: Database, today: date, limit: int = -1) -> list[MilestoneRow]:
    """Milestones not done whose planned or baseline date is before `today`, oldest first
    (a stage passed over because a later one is done has no planned date and is not);
    the first `limit` of them when it is given."""
    rows = db.conn.execute(
        f"{_MILESTONE_SELECT} WHERE {OVERDUE} ORDER BY {FIRST_DUE}, c.department, c.ref, s.seq "
        "LIMIT ?",
        (day_number(today), limit),
    )
    return [_milestone_row(*r) for r in rows]


def count_overdue_milestones(db: Database, today: date) -> int:
    """How many milestones are overdue on `today` (as overdue_milestones lists them)."""
    sql = f"SELECT count(*) FROM {TABLE} m WHERE {OVERDUE}"
    return int(db.conn.execute(sql, (day_number(today),)).fetchone()[0])


def _slip(cal: WorkingCalendar | None, baseline: date, when: date) -> tuple[WorkingCalendar, int]:
    """Working days from `baseline` to `when`, on a calendar covering both (the one given
    if it does, else a new one)."""
    low, high = min(baseline, when), max(baseline, when)
    if cal is None or not (cal.first <= low and high <= cal.last):
        cal = calendar_covering(low, high, years_before=1, years_after=5)
    return cal, slippage_days(cal, baseline, when)


def _stored_milestones(db: Database) -> dict[int, list[MilestonePlan]]:
    """The milestones of every stored review, by contract, in stage order."""
    milestones: dict[int, list[MilestonePlan]] = {}
    cal: WorkingCalendar | None = None
    days = _DAYS
    for cid, stage, starts, planned, latest, baseline_day, actual, officer in db.conn.execute(
        f"SELECT m.contract_id, {STAGE_CODE}, m.starts, m.planned, m.latest, m.baseline, "
        f"m.actual, m.officer FROM {TABLE} m {STAGE_JOIN} "
        "JOIN reviews r ON r.contract_id = m.contract_id ORDER BY m.contract_id, s.seq"
    ):
        baseline, when = days[baseline_day], days[actual] or days[planned]
        slip = None
        if baseline is not None and when is not None:
            cal, slip = _slip(cal, baseline, when)
        milestones.setdefault(cid, []).append(
            MilestonePlan(
                stage,
                days[starts],
                days[planned],
                days[latest],
                baseline,
                days[actual],
                officer,
                slip,
            )
        )
    return milestones


def load_plan(db: Database) -> list[ReviewPlan]:
    """The reviews as the last schedule run stored them, by department and reference."""
    milestones = _stored_milestones(db)
    return [
        ReviewPlan(
            contract_id=cid,
            ref=ref,
            department=department,
            title=title,
            route=route,
            route_provisional=bool(provisional),
            officer=officer,
            notice_date=from_iso(notice),
            start=from_iso(start),
            new_contract_start=from_iso(new_start) or date.min,
            slack_days=slack,
            rag=rag or "",
            reasons=reasons_of(reasons),
            flags=tuple(json.loads(flags)),
            milestones=tuple(milestones.get(cid, ())),
            commences=from_iso(commences),
        )
        for (
            cid, ref, department, title, route, provisional, officer, notice, start, new_start,
            slack, rag, reasons, flags, commences,
        ) in db.conn.execute(
            "SELECT r.contract_id, c.ref, c.department, c.title, r.route, r.route_provisional, "
            "r.officer, c.notice_date, r.start, r.new_contract_start, r.slack_days, r.rag, "
            "r.reasons, r.flags, r.commences FROM reviews r "
            "JOIN contracts c ON c.id = r.contract_id ORDER BY c.department, c.ref"
        )
    ]  # fmt: skip


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
    cal = calendar_covering(monday, last, years_before=1, years_after=1)
    first_no = week_number(monday)
    team_days = team_calendar_like(cal, load_rules(db).team_calendar)
    capacity = Capacity(cal, list(team.officers), team.leave, first_no, first_no + weeks, team_days)
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
                    hours_of(minutes),
                )
            )
    return loads


def overloaded_weeks(db: Database) -> list[WeekLoad]:
    """Officer-weeks the last run planned above capacity."""
    # Filtered by WeekLoad.overloaded, the one definition, not restated in SQL.
    loads = (
        WeekLoad(officer, date.fromisoformat(week), demand, capacity)
        for officer, week, demand, capacity in db.conn.execute(
            "SELECT officer, week, demand_hours, capacity_hours FROM workload "
            "WHERE demand_hours > capacity_hours ORDER BY week, officer"  # a cheap first cut
        )
    )
    return [load for load in loads if load.overloaded]

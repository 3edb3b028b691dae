"""What each screen reads, gathered in one call that runs in a worker thread.

No SQL here: these functions put together store readers and domain rules into plain
dataclasses that a screen can draw without touching the database again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from planner.domain.calendar import calendar_covering, week_start
from planner.domain.checklist import ReviewChecklist
from planner.domain.contract import Contract
from planner.domain.kpis import FinancialYear, Kpi, compute_kpis
from planner.domain.notice import NoticeDates, serve_by_for
from planner.domain.plan import WeekLoad
from planner.domain.rules import Flag, contract_flags
from planner.store.checklist import review_checklist
from planner.store.contracts import get_contract, list_departments
from planner.store.db import Database
from planner.store.detail import HistoryEntry, contract_history
from planner.store.kpi_targets import kpi_targets
from planner.store.overview import (
    DepartmentProgress,
    NoticeDue,
    RegisterShares,
    count_notice_deadlines,
    notice_deadlines,
    register_figures,
)
from planner.store.plan_reader import (
    MilestoneRow,
    count_overdue_milestones,
    last_run_today,
    milestones_between,
    milestones_for,
    officer_load,
    overdue_milestones,
)
from planner.store.programme import ReviewSummary, TimelineRow, review_for, timeline
from planner.store.reporting import kpi_baselines, year_totals
from planner.store.rules import load_rules, load_settings
from planner.store.staffing import read_staffing_gaps
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
    slack_days: int | None  # working days from planned to latest; None if either is unknown


@dataclass(frozen=True, slots=True)
class ContractDetail:
    """Everything the contract screen shows."""

    contract: Contract
    flags: list[Flag]
    history: list[HistoryEntry]
    milestones: list[MilestoneLine] = field(default_factory=list)
    plan_note: str = ""  # why there are no milestones, when there are none
    departments: list[str] = field(default_factory=list)  # what the department may become
    review: ReviewSummary | None = None
    notice: NoticeDates | None = None  # the deadline and the day to serve notice by
    checklist: ReviewChecklist | None = None  # the review checklist and its answers


def read_contract(db: Database, contract_id: int, today: date) -> ContractDetail:
    """One contract with its flags, milestone plan and audit history."""
    with read_snapshot(db):
        contract = get_contract(db, contract_id)
        rules = load_rules(db)
        review = review_for(db, contract_id)
        # The threshold row of the day the planned procurement commences, as the scheduler
        # took it (docs/rules.md, "Thresholds"); today when it is not planned.
        commences = None if review is None else review.commences
        flags = contract_flags(contract, rules, today, commences)
        notice = serve_by_for(contract.notice_date, rules.deemed_service_days)
        history = contract_history(db, contract_id)
        rows = milestones_for(db, contract_id)
        departments = list_departments(db)
        checklist = review_checklist(db, contract_id)
    note = ""
    if not rows:
        note = (
            "Not planned: the contract is closed or has no end date."
            if review is None and last_run_today(db) is not None
            else "No milestones yet: re-plan on the Programme screen (p)."
        )
    return ContractDetail(
        contract,
        flags,
        history,
        milestone_lines(rows),
        note,
        departments,
        review,
        notice,
        checklist,
    )


def milestone_lines(rows: list[MilestoneRow]) -> list[MilestoneLine]:
    """Stored milestones with the working days of slack each has before its latest date."""
    dated = [d for m in rows for d in (m.planned, m.latest) if d is not None]
    cal = (
        calendar_covering(min(dated), max(dated), years_before=1, years_after=1) if dated else None
    )
    lines = []
    for m in rows:
        slack = None
        if cal is not None and m.planned is not None and m.latest is not None:
            slack = cal.working_days_between(m.planned, m.latest)
        lines.append(
            MilestoneLine(m.stage, m.stage_name, m.planned, m.latest, m.baseline, m.actual, slack)
        )
    return lines


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
    year: FinancialYear
    kpis: dict[str, Kpi]  # the strategy's KPIs for `year`, by key, with their baselines
    overdue: list[MilestoneRow]  # the oldest OVERDUE_SHOWN of them
    load: list[WeekLoad]  # every officer, each of the next LOAD_WEEKS weeks
    planned_on: date | None  # the 'today' of the last schedule run
    staffing: str = ""  # what the team lacks for the plan, in one line
    overdue_count: int = 0  # every overdue milestone, shown or not


LOAD_WEEKS = 12
# The dashboard lists the oldest overdue milestones (the Milestones screen has them all): a
# national programme has tens of thousands, which no one reads in a panel.
OVERDUE_SHOWN = 200


def read_overview(db: Database, today: date) -> Overview:
    """The dashboard's figures, read in one snapshot."""
    with read_snapshot(db):
        register = register_figures(db)
        notice_30, notices = notice_deadlines(db, today, 30)
        notice_90 = count_notice_deadlines(db, today, 90)
        year = FinancialYear.containing(today)
        kpis = compute_kpis(
            year_totals(db, year, today, register.shares.managed_by_procurement),
            kpi_baselines(db)[0],
            kpi_targets(db, year),
        )
        overdue = overdue_milestones(db, today, OVERDUE_SHOWN)
        overdue_count = count_overdue_milestones(db, today)
        load = officer_load(db, today, LOAD_WEEKS)
        planned_on = last_run_today(db)
        staffing = read_staffing_gaps(db).short()
    return Overview(
        today, register.departments, register.rag, notice_30, notice_90, notices,
        register.shares, year,
        {kpi.key: kpi for kpi in kpis}, overdue, load, planned_on, staffing, overdue_count,
    )  # fmt: skip


DEFAULT_TIMELINE_MONTHS = 18  # the timeline_months setting's default (schema/0010_publisher.sql)


@dataclass(frozen=True, slots=True)
class ProgrammeView:
    """Everything the programme screen shows: the timeline and the officers' weeks."""

    today: date
    reviews: list[TimelineRow]
    load: list[WeekLoad]
    planned_on: date | None
    timeline_months: int = DEFAULT_TIMELINE_MONTHS


CAPACITY_WEEKS = 26


def read_programme(db: Database, today: date) -> ProgrammeView:
    """The planned reviews and the next half-year of officer load."""
    with read_snapshot(db):
        reviews = timeline(db)
        load = officer_load(db, today, CAPACITY_WEEKS)
        planned_on = last_run_today(db)
        months = int(load_settings(db).get("timeline_months", DEFAULT_TIMELINE_MONTHS))
    return ProgrammeView(today, reviews, load, planned_on, months)


@dataclass(frozen=True, slots=True)
class MilestoneBoard:
    """Milestones to act on: overdue, due this week, due next week."""

    today: date
    overdue: list[MilestoneRow]
    this_week: list[MilestoneRow]
    next_week: list[MilestoneRow]


def read_milestones(db: Database, today: date) -> MilestoneBoard:
    """Open milestones overdue or due before the end of next week."""
    monday = week_start(today)
    with read_snapshot(db):
        overdue = overdue_milestones(db, today)
        coming = milestones_between(db, today, monday + timedelta(days=13))
    late = {(m.contract_id, m.stage) for m in overdue}
    due = [m for m in coming if m.actual is None and (m.contract_id, m.stage) not in late]
    next_monday = monday + timedelta(days=7)
    return MilestoneBoard(
        today,
        overdue,
        [m for m in due if m.planned is not None and m.planned < next_monday],
        [m for m in due if m.planned is not None and m.planned >= next_monday],
    )

"""The review programme: plan every open review backwards from its deadline, level the
work across the team, and judge each review Red, Amber or Green with reasons in words.

Pure functions over plain values: the store reads the register and the rules, calls
`plan_programme`, and writes back only what changed. All date arithmetic runs on
working-day indices from `planner.domain.calendar` (integers), turned into dates once.
The jobs live beside this module: the plan's types (`plan`), each route's timetable
(`timetable`), the route (`route_choice`), levelling (`placement`) and the finished plan
with its verdict (`finish`, `rag`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from planner.domain.calendar import (
    WorkingCalendar,
    calendar_covering,
    monday_of,
    team_calendar_like,
    week_number,
)
from planner.domain.codes import CLOSED_STATUSES
from planner.domain.dates import format_date
from planner.domain.finish import finish_review
from planner.domain.gcpause import gc_paused
from planner.domain.levelling import Capacity
from planner.domain.placement import ReviewWork
from planner.domain.plan import (
    NeedsData,
    ProgrammePlan,
    ReviewInput,
    ReviewPlan,
    Team,
    WeekLoad,
    hours_of,
)
from planner.domain.replanning import Levelled, Leveller, PlanBasis, PlanMemo, prepared
from planner.domain.route_choice import choose_route, faster_routes
from planner.domain.routes import Route, SchedulingRules
from planner.domain.rules import data_gaps, whole_life_value
from planner.domain.schedule_run import ScheduleRun

# An end date further from today than this is a slip (2400 for 2040) or a placeholder: it is
# not planned (docs/rules.md, "Dates the scheduler will not plan"), and the calendar, which
# spans every date a run touches, stays a few decades long.
PLAUSIBLE_YEARS = 50


def implausible_end(end: date, today: date) -> str | None:
    """Why a review cannot be planned to this end date, or None if it can."""
    if abs(end.year - today.year) <= PLAUSIBLE_YEARS:
        return None
    when = "ahead" if end > today else "ago"
    return (
        f"a plausible end date ({format_date(end)} is more than {PLAUSIBLE_YEARS} years "
        f"{when}: check the register)"
    )


def calendar_for(
    today: date, reviews: Sequence[ReviewInput], horizon_weeks: int
) -> WorkingCalendar:
    """A calendar wide enough for every date this run can touch (the UK-wide one)."""
    ends = [
        r.contract.end_date
        for r in reviews
        if r.contract.end_date is not None and implausible_end(r.contract.end_date, today) is None
    ]
    first, last = min([today, *ends]), max([today, *ends])
    return calendar_covering(first, last, years_before=3, years_after=3 + horizon_weeks // 52)


def plan_programme(
    reviews: Sequence[ReviewInput],
    rules: SchedulingRules,
    team: Team,
    today: date,
    cal: WorkingCalendar | None = None,
    memo: PlanMemo | None = None,
    *,
    lean: bool = False,
) -> ProgrammePlan:
    """Plan every open review in `reviews` and level the work across `team`.

    Given the `memo` of the last run, only what changed since, and what it can affect, is
    planned afresh (planner.domain.replanning); the plan is the same either way. A `lean`
    plan (no memo) keeps only what is stored: each review's working state is let go as it
    is finished, and the plan's `booked` is left empty (the workload has the totals)."""
    if lean and memo is not None:
        raise ValueError("a lean plan keeps no memo")
    with gc_paused():
        return _plan_programme(reviews, rules, team, today, cal, memo or PlanMemo(), lean)


def _plan_programme(
    reviews: Sequence[ReviewInput],
    rules: SchedulingRules,
    team: Team,
    today: date,
    cal: WorkingCalendar | None,
    memo: PlanMemo,
    lean: bool,
) -> ProgrammePlan:
    cal = cal or calendar_for(today, reviews, rules.levelling_horizon_weeks)
    today_index = cal.index_on_or_after(today)
    needing: list[NeedsData] = []
    work: list[ReviewWork] = []
    before = memo.usable(PlanBasis(rules, team, today, cal.first, cal.last))
    run = memo.run or ScheduleRun(rules, cal, today, today_index)
    same: set[int] = set()
    for item in reviews:
        contract = item.contract
        if contract.status in CLOSED_STATUSES:
            continue
        if contract.end_date is None:
            needing.append(
                NeedsData(
                    contract.id, contract.ref, contract.department, tuple(data_gaps(contract))
                )
            )
            continue
        implausible = implausible_end(contract.end_date, today)
        if implausible is not None:
            needing.append(
                NeedsData(contract.id, contract.ref, contract.department, (implausible,))
            )
            continue
        again = prepared(item, before.get(contract.id))
        if again is None:
            work.append(_prepare(item, run))
        else:
            same.add(contract.id)
            work.append(again)

    horizon = rules.levelling_horizon_weeks * 5
    first_week = cal.week(today_index)
    end_week = week_number(cal.last) + 1
    available = [o for o in team.officers if o.weekly_hours > 0]
    # Capacity counts the team's own working days; the plan's days are UK-wide ones (every
    # one of them a team working day too), so statutory periods come out exact.
    team_days = team_calendar_like(cal, rules.rules.team_calendar)
    capacity = Capacity(cal, available, team.leave, first_week, end_week, team_days)
    leveller = Leveller(team, rules, capacity, before, same)
    if lean:
        # Levelling reads each review's own window, not the run's timetables (most of
        # which are of routes not chosen): freed before levelling fills the weeks.
        run.tables.forget()
    leveller.level(work, today_index, horizon)
    del work
    workload = [
        WeekLoad(name, monday_of(week), hours_of(demand), hours_of(cap))
        for name, week, demand, cap in capacity.demand()
    ]
    workload.sort(key=lambda w: (w.officer, w.week))
    booked = leveller.booked
    if lean:
        # Nothing after this reads the bookings or the shared timetables: freed as each
        # review is finished, they are not all held beside the finished plan (memory at
        # national scale: docs/performance.md).
        leveller.booked = booked = []
    plans = _finish(leveller.now, run, team, lean)
    memo.run, memo.levelled, memo.replaced = run, leveller.now, leveller.replaced
    plans.sort(key=lambda p: (p.department, p.ref))
    needing.sort(key=lambda n: (n.department, n.ref))
    return ProgrammePlan(today, plans, needing, workload, booked)


def _finish(now: dict[int, Levelled], run: ScheduleRun, team: Team, lean: bool) -> list[ReviewPlan]:
    # Each levelled review's finished plan (kept in the memo, unless `lean`: then each
    # review's working state is dropped as soon as it is finished).
    has_team = bool(team.officers)
    plans: list[ReviewPlan] = []
    if lean:
        for cid in list(now):
            levelled = now.pop(cid)
            plans.append(levelled.plan or finish_review(levelled.work, run, team, has_team))
        return plans
    for levelled in now.values():
        if levelled.plan is None:
            levelled.plan = finish_review(levelled.work, run, team, has_team)
        plans.append(levelled.plan)
    return plans


def _prepare(item: ReviewInput, run: ScheduleRun) -> ReviewWork:
    contract = item.contract
    assert contract.end_date is not None
    new_start = contract.end_date + timedelta(days=1)
    dates = run.notice_dates(contract)
    # The timetable pins the notice stage to the serve-by day (docs/rules.md, "Notice deadline").
    serve_by = None if dates is None else dates.serve_by
    rules = run.rules
    choice = choose_route(contract, rules, new_start, serve_by, run.today, run.tables)
    template = rules.route(choice.code)
    commences = run.tables.commences(template, new_start, serve_by)
    route, applies = run.route_for(template, contract, commences)
    floor = run.tables.let_floor(contract.start_date)
    window = run.tables.window(route, new_start, serve_by, item.actuals, floor)
    faster: list[tuple[Route, int]] = []
    if window.slack is not None and window.slack < 0:
        faster = faster_routes(
            contract, route, rules, new_start, serve_by, run.today, run.tables, run.fallbacks,
            lambda other, day: run.route_for(other, contract, day)[0],
        )  # fmt: skip
    return ReviewWork(
        item, choice, window, new_start, dates, whole_life_value(contract), faster,
        run.steps[route.code, route.dropped], notes=applies.notes, commences=commences,
    )  # fmt: skip

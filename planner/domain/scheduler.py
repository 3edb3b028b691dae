"""The review programme: plan every open review backwards from its deadline, level the
work across the team, and judge each review Red, Amber or Green with reasons in words.

Pure functions over plain values: the store reads the register and the rules, calls
`plan_programme`, and writes back only what changed. All date arithmetic runs on
working-day indices from `planner.domain.calendar` (integers), turned into dates once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from planner.domain.calendar import WorkingCalendar, england_and_wales, monday_of, week_number
from planner.domain.contract import Contract
from planner.domain.levelling import Capacity, Officer, find_start
from planner.domain.rag import Judgement, judge
from planner.domain.routes import (
    Route,
    RouteChoice,
    SchedulingRules,
    by_value_route,
    route_is_open_to,
)
from planner.domain.rules import data_gaps, whole_life_value
from planner.domain.vocab import CLOSED_STATUSES

_RISK_ORDER = {"high": 0, "medium": 1, "low": 2}
_NO_SLACK = 10**9


# ---------------------------------------------------------------- inputs


@dataclass(slots=True)
class ReviewInput:
    """One contract to plan, with the milestone dates already recorded against it."""

    contract: Contract
    actuals: Mapping[str, date] = field(default_factory=dict)
    baselines: Mapping[str, date] = field(default_factory=dict)
    previous_officer: str | None = None


@dataclass(frozen=True)
class Team:
    """The officers and their leave (inclusive date spans, by officer name)."""

    officers: Sequence[Officer] = ()
    leave: Mapping[str, Sequence[tuple[date, date]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_name = {o.name.lower(): o for o in self.officers}
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_pools", {})

    def get(self, name: str | None) -> Officer | None:
        """The officer with this name (any case), if they are in the team."""
        if name is None:
            return None
        by_name: dict[str, Officer] = self._by_name  # type: ignore[attr-defined]
        return by_name.get(name.strip().lower())


# ---------------------------------------------------------------- outputs


@dataclass(frozen=True, slots=True)
class MilestonePlan:
    """One stage of one review: when work starts, when it is due, and by when it must be."""

    stage: str
    starts: date | None
    planned: date | None
    latest: date | None
    baseline: date | None = None
    actual: date | None = None
    officer: str | None = None
    slippage_days: int | None = None  # working days later (+) or earlier (-) than baseline

    def to_json(self) -> dict[str, Any]:
        """The issue's milestone shape: stage, planned, latest, baseline, actual."""
        return {
            "stage": self.stage,
            "planned": _iso(self.planned),
            "latest": _iso(self.latest),
            "baseline": _iso(self.baseline),
            "actual": _iso(self.actual),
        }


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    """The plan and verdict for one review."""

    contract_id: int
    ref: str
    department: str
    route: str
    route_provisional: bool
    officer: str | None
    notice_date: date | None
    start: date | None
    new_contract_start: date
    slack_days: int | None
    rag: str
    reasons: tuple[str, ...]
    flags: tuple[str, ...] = ()
    milestones: tuple[MilestonePlan, ...] = ()
    title: str | None = None

    @property
    def infeasible(self) -> bool:
        """True when the deadline cannot be met on this route even with no other work."""
        return "infeasible" in self.flags

    @property
    def next_milestone(self) -> MilestonePlan | None:
        """The first milestone not yet done."""
        return next((m for m in self.milestones if m.actual is None and m.planned), None)

    def to_json(self) -> dict[str, Any]:
        """The issue's review shape for `planner schedule --json`."""
        return {
            "ref": self.ref,
            "route": self.route,
            "route_provisional": self.route_provisional,
            "officer": self.officer,
            "notice_date": _iso(self.notice_date),
            "start": _iso(self.start),
            "new_contract_start": _iso(self.new_contract_start),
            "slack_days": self.slack_days,
            "rag": self.rag,
            "reasons": list(self.reasons),
            "milestones": [m.to_json() for m in self.milestones],
        }


@dataclass(frozen=True, slots=True)
class NeedsData:
    """A contract that cannot be planned until someone fills in what is missing."""

    contract_id: int
    ref: str
    department: str
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """Hours of planned work against hours available, for one officer in one week."""

    officer: str
    week: date
    demand_hours: float
    capacity_hours: float

    @property
    def overloaded(self) -> bool:
        """True when more work is planned than the officer has hours for."""
        return self.demand_hours > self.capacity_hours

    def to_json(self) -> dict[str, Any]:
        """The issue's overloaded-week shape."""
        return {
            "officer": self.officer,
            "week": self.week.isoformat(),
            "demand_hours": self.demand_hours,
            "capacity_hours": self.capacity_hours,
        }


@dataclass(slots=True)
class ProgrammePlan:
    """Everything one scheduling run works out."""

    today: date
    reviews: list[ReviewPlan]
    needing_data: list[NeedsData]
    workload: list[WeekLoad]
    # (contract_id, officer, week, minutes): how each review's effort was booked.
    bookings: list[tuple[int, str, int, int]] = field(default_factory=list)

    @property
    def overloaded_weeks(self) -> list[WeekLoad]:
        """Officer-weeks planned above capacity (work that found no room anywhere)."""
        return [w for w in self.workload if w.overloaded]


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


# ---------------------------------------------------------------- one review, no capacity


@dataclass(slots=True)
class Window:
    """One route's timetable for one review, in working-day indices, before levelling."""

    route: Route
    anchor: int  # index of the first working day on or after the new contract start
    latest: list[int]  # latest start of each stage
    done: list[bool]  # done, or passed (a later stage is done)
    earliest: list[int]  # ASAP start from today and what is done (open stages only)
    slack: int | None  # least (latest - earliest) over open stages before the new start


def latest_starts(
    route: Route, new_start: date, notice: date | None, cal: WorkingCalendar
) -> tuple[int, list[int]]:
    """The anchor (first working day on or after the new start) and each stage's latest
    start, working backwards through the route's stages from the new contract start."""
    stages = route.stages
    anchor = cal.index_on_or_after(new_start)
    notice_index = cal.index_on_or_before(notice) if notice is not None else None
    latest = [0] * len(stages)
    following = anchor
    for i in range(len(stages) - 1, -1, -1):
        rs = stages[i]
        if rs.stage.after_start:
            latest[i] = anchor + rs.duration_days
            continue
        start = following - rs.duration_days
        if rs.min_calendar_days:
            limit = cal.day(following) - timedelta(days=rs.min_calendar_days)
            start = min(start, cal.index_on_or_before(limit))
        if notice_index is not None and rs.stage.code == "notice":
            start = min(start, notice_index)
        latest[i] = start
        following = start
    return anchor, latest


def review_window(
    route: Route,
    new_start: date,
    notice: date | None,
    actuals: Mapping[str, date],
    today_index: int,
    cal: WorkingCalendar,
) -> Window:
    """Work backwards from the new contract start to each stage's latest start, then
    forwards from today (and from what is already done) to each stage's earliest start."""
    stages = route.stages
    n = len(stages)
    anchor, latest = latest_starts(route, new_start, notice, cal)
    done = [False] * n
    last_done = -1
    for i in range(n):
        if stages[i].stage.code in actuals:
            last_done = i
    for i in range(n):
        done[i] = i <= last_done and not stages[i].stage.after_start
        if stages[i].stage.after_start:
            done[i] = stages[i].stage.code in actuals
    earliest = [0] * n
    floor = today_index
    if last_done >= 0 and not stages[last_done].stage.after_start:
        code = stages[last_done].stage.code
        finished = cal.index_on_or_before(actuals[code])
        floor = max(floor, finished + (1 if stages[last_done].duration_days else 0))
    slack: int | None = None
    previous: int | None = None
    for i in range(n):
        rs = stages[i]
        if done[i]:
            continue
        if rs.stage.after_start:
            earliest[i] = max(today_index, anchor)
            continue
        start = floor if previous is None else max(floor, previous)
        earliest[i] = start
        spare = latest[i] - start
        slack = spare if slack is None else min(slack, spare)
        previous = start + rs.duration_days
        if rs.min_calendar_days:
            previous = max(
                previous,
                cal.index_on_or_after(cal.day(start) + timedelta(days=rs.min_calendar_days)),
            )
    return Window(route, anchor, latest, done, earliest, slack)


# ---------------------------------------------------------------- the programme


@dataclass(slots=True)
class _Review:
    """Working state for one review between the timetable and the levelled plan."""

    item: ReviewInput
    choice: RouteChoice
    window: Window
    new_start: date
    notice: date | None
    value: int | None
    faster: list[tuple[Route, int]]
    officer: str | None = None
    starts: list[int | None] = field(default_factory=list)
    forced: bool = False
    booked_minutes: int = 0


def calendar_for(
    today: date, reviews: Sequence[ReviewInput], horizon_weeks: int
) -> WorkingCalendar:
    """A calendar wide enough for every date this run can touch."""
    ends = [r.contract.end_date for r in reviews if r.contract.end_date is not None]
    first = min([today, *ends]).year - 3
    last = max([today, *ends]).year + 3 + horizon_weeks // 52
    return england_and_wales(first, last)


def plan_programme(
    reviews: Sequence[ReviewInput],
    rules: SchedulingRules,
    team: Team,
    today: date,
    cal: WorkingCalendar | None = None,
) -> ProgrammePlan:
    """Plan every open review in `reviews` and level the work across `team`."""
    cal = cal or calendar_for(today, reviews, rules.levelling_horizon_weeks)
    today_index = cal.index_on_or_after(today)
    needing: list[NeedsData] = []
    work: list[_Review] = []
    for item in reviews:
        contract = item.contract
        if contract.status in CLOSED_STATUSES:
            continue
        if contract.end_date is None:
            needing.append(
                NeedsData(
                    contract.id or 0, contract.ref, contract.department, tuple(data_gaps(contract))
                )
            )
            continue
        work.append(_prepare(item, rules, today, today_index, cal))

    horizon = rules.levelling_horizon_weeks * 5
    first_week = cal.week(today_index)
    end_week = week_number(cal.last) + 1
    capacity = Capacity(cal, [o for o in team.officers if o.weekly_hours > 0], team.leave,
                        first_week, end_week)  # fmt: skip
    assigned: dict[str, int] = {o.name: 0 for o in team.officers}
    bookings: list[tuple[int, str, int, int]] = []
    work.sort(key=lambda r: _level_key(r, rules))
    for review in work:
        review.officer = _officer_for(review, team, assigned)
        _place(review, capacity, today_index, horizon, bookings)
        if review.officer in assigned:
            assigned[review.officer] += review.booked_minutes

    plans = [_finish(review, rules, team, today, today_index, cal) for review in work]
    plans.sort(key=lambda p: (p.department, p.ref))
    workload = [
        WeekLoad(name, monday_of(week), _hours(demand), _hours(cap))
        for name, week, demand, cap in capacity.demand()
    ]
    workload.sort(key=lambda w: (w.officer, w.week))
    needing.sort(key=lambda n: (n.department, n.ref))
    return ProgrammePlan(today, plans, needing, workload, bookings)


def _prepare(
    item: ReviewInput, rules: SchedulingRules, today: date, today_index: int, cal: WorkingCalendar
) -> _Review:
    contract = item.contract
    assert contract.end_date is not None
    new_start = contract.end_date + timedelta(days=1)
    notice = contract.notice_date
    choice = choose_route(contract, rules, new_start, notice, today, today_index, cal, item.actuals)
    route = rules.route(choice.code)
    window = review_window(route, new_start, notice, item.actuals, today_index, cal)
    faster: list[tuple[Route, int]] = []
    if window.slack is not None and window.slack < 0:
        faster = faster_routes(contract, route, rules, new_start, notice, today, today_index, cal)
    return _Review(item, choice, window, new_start, notice, whole_life_value(contract), faster)


def choose_route(
    contract: Contract,
    rules: SchedulingRules,
    new_start: date,
    notice: date | None,
    today: date,
    today_index: int,
    cal: WorkingCalendar,
    actuals: Mapping[str, date] | None = None,
) -> RouteChoice:
    """The decided route; else the one the decision implies; else a provisional one by value
    against the threshold in force on that route's own latest start."""
    if contract.route:
        return RouteChoice(contract.route, False)
    implied = rules.route_for_decision(contract.decision)
    if implied:
        return RouteChoice(implied, False, f"route follows the decision to {contract.decision}")
    starts: dict[str, date] = {}
    for code in ("open", "quotes"):
        latest = latest_starts(rules.route(code), new_start, notice, cal)[1]
        starts[code] = cal.day(max(latest[0], 0))
    return by_value_route(contract, rules.rules, starts, today)


def faster_routes(
    contract: Contract,
    route: Route,
    rules: SchedulingRules,
    new_start: date,
    notice: date | None,
    today: date,
    today_index: int,
    cal: WorkingCalendar,
) -> list[tuple[Route, int]]:
    """Routes quicker than `route` that are open to this contract and would still make the
    new contract start, with the slack each would leave, in the rules' order of preference."""
    found = []
    candidates = sorted(
        (r for r in rules.routes.values() if r.fallback_order is not None and r.stages),
        key=lambda r: (r.fallback_order, r.code),
    )
    for other in candidates:
        if other.code == route.code or other.working_days >= route.working_days:
            continue
        if not route_is_open_to(other, contract, rules.rules, today):
            continue
        window = review_window(other, new_start, notice, {}, today_index, cal)
        if window.slack is not None and window.slack >= 0:
            found.append((other, window.slack))
    return found


def _level_key(review: _Review, rules: SchedulingRules) -> tuple[Any, ...]:
    # DOMAIN.md: infeasible first, then manual priority, least slack, risk, value.
    contract = review.item.contract
    slack = review.window.slack
    return (
        0 if slack is not None and slack < 0 else 1,
        contract.priority or rules.unknown_priority,
        _NO_SLACK if slack is None else slack,
        _RISK_ORDER.get(contract.risk or "", 1),
        -(review.value or 0),
        contract.department,
        contract.ref,
    )


def _officer_for(review: _Review, team: Team, assigned: Mapping[str, int]) -> str | None:
    """The contract's own officer; else last run's choice; else skills first, least loaded."""
    contract = review.item.contract
    if contract.officer:
        known = team.get(contract.officer)
        return known.name if known else contract.officer
    available = [o for o in team.officers if o.weekly_hours > 0]
    if not available:
        return None
    previous = team.get(review.item.previous_officer)
    if previous is not None and previous.weekly_hours > 0:
        return previous.name
    pool = _pool(team, contract.department, contract.category)
    best = min(pool, key=lambda o: (assigned.get(o.name, 0) / o.weekly_hours, o.name))
    return best.name


def _pool(team: Team, department: str | None, category: str | None) -> list[Officer]:
    """Officers with hours who know the department or category, else all with hours
    (kept on the team per kind of contract: the same few pairs recur thousands of times)."""
    pools: dict[tuple[str | None, str | None], list[Officer]] = team._pools  # type: ignore[attr-defined]
    pool = pools.get((department, category))
    if pool is None:
        available = [o for o in team.officers if o.weekly_hours > 0]
        pool = [o for o in available if o.knows(department, category)] or available
        pools[(department, category)] = pool
    return pool


def _place(
    review: _Review,
    capacity: Capacity,
    today_index: int,
    horizon: int,
    bookings: list[tuple[int, str, int, int]],
) -> None:
    """Fix each open stage's start: as late as the route's margin allows, earlier (never
    before today or what precedes it) when the officer's weeks are full.

    Pulling one stage earlier cannot move the stages before it, so if the review would end
    up late, it is tried again with the whole review shifted earlier by growing steps (up
    to its slack, i.e. as soon as possible); the least late attempt is kept.
    """
    slack = max(review.window.slack or 0, 0)
    best: tuple[int, int] | None = None  # (lateness, shift)
    shifts = [0]
    while shifts:
        shift = shifts.pop(0)
        attempt = _attempt(review, capacity, today_index, horizon, shift)
        lateness = attempt[3]
        if lateness <= 0:
            _keep(review, attempt, bookings)
            return
        if best is None or lateness < best[0]:
            best = (lateness, shift)
        _release(capacity, attempt[1])
        if shift == 0 and slack > 0:
            # Shift by as much as it was late (plus the margin it aims to keep), then,
            # failing that, as soon as possible: at most three attempts per review.
            nudge = min(slack, lateness + review.window.route.risk_margin_days)
            shifts = sorted({nudge, slack})
    assert best is not None
    _keep(review, _attempt(review, capacity, today_index, horizon, best[1]), bookings)


_Attempt = tuple[list[int | None], list[tuple[str, int, int]], bool, int]


def _keep(review: _Review, attempt: _Attempt, bookings: list[tuple[int, str, int, int]]) -> None:
    starts, booked, forced, _ = attempt
    contract_id = review.item.contract.id or 0
    review.starts = starts
    review.forced = forced
    for officer, week, minutes in booked:
        bookings.append((contract_id, officer, week, minutes))
        review.booked_minutes += minutes


def _release(capacity: Capacity, booked: list[tuple[str, int, int]]) -> None:
    for officer, week, minutes in booked:
        capacity.free[officer][week - capacity.first_week] += minutes


def _attempt(
    review: _Review, capacity: Capacity, today_index: int, horizon: int, shift: int
) -> _Attempt:
    """Place every open stage with targets `shift` working days earlier than ideal; returns
    the starts, what was booked, whether any work was forced, and how late it ends."""
    window = review.window
    stages = window.route.stages
    margin = window.route.risk_margin_days
    officer = review.officer if review.officer in capacity.free else None
    starts: list[int | None] = [None] * len(stages)
    booked: list[tuple[str, int, int]] = []
    forced = False
    lateness = 0
    previous: int | None = None
    for i, rs in enumerate(stages):
        if window.done[i]:
            continue
        if rs.stage.after_start:
            lo = max(window.earliest[i], today_index)
            target, hi = lo, max(window.latest[i], lo)
        else:
            lo = window.earliest[i] if previous is None else max(window.earliest[i], previous)
            hi = window.latest[i]
            # The new start is a fixed day, not work to pull forward; other stages aim to
            # finish the route's risk margin ahead of their latest dates.
            fixed = rs.stage.code == "new-start"
            target = max(lo, hi) if fixed else max(lo, hi - margin - shift)
        span = max(rs.duration_days, 1)
        minutes = round(rs.effort_hours * 60)
        start = target
        if officer is not None and minutes:
            found = find_start(capacity, officer, lo=lo, target=target, hi=max(hi, lo),
                               horizon=horizon, span=span, minutes=minutes)  # fmt: skip
            if found is None:
                forced = True
                weeks = capacity.force(officer, start, span, minutes)
            else:
                start = found
                weeks = capacity.book(officer, start, span, minutes)
            booked.extend((officer, week, m) for week, m in weeks)
        starts[i] = start
        if not rs.stage.after_start:
            lateness = max(lateness, start - window.latest[i])
            previous = start + rs.duration_days
            if rs.min_calendar_days:
                day = capacity.cal.day(start) + timedelta(days=rs.min_calendar_days)
                previous = max(previous, capacity.cal.index_on_or_after(day))
    return starts, booked, forced, lateness


def _finish(
    review: _Review,
    rules: SchedulingRules,
    team: Team,
    today: date,
    today_index: int,
    cal: WorkingCalendar,
) -> ReviewPlan:
    item, window = review.item, review.window
    contract = item.contract
    stages = window.route.stages
    milestones: list[MilestonePlan] = []
    late_stages: list[str] = []
    first_start: date | None = None
    for i, rs in enumerate(stages):
        code = rs.stage.code
        d = rs.duration_days
        latest_start = window.latest[i]
        if code == "new-start":
            latest_day: date | None = review.new_start
        elif rs.stage.after_start or d == 0:
            latest_day = cal.day(latest_start) if latest_start >= 0 else None
        else:
            finish = latest_start + d - 1
            latest_day = cal.day(finish) if finish >= 0 else None
        actual = item.actuals.get(code)
        baseline = item.baselines.get(code)
        start = review.starts[i] if review.starts else None
        if window.done[i] or start is None:
            planned = actual
            starts = None
        else:
            starts = cal.day(start)
            if first_start is None and not rs.stage.after_start:
                first_start = starts
            if code == "new-start" and start <= window.anchor:
                planned = review.new_start
            elif rs.stage.after_start:
                planned = starts  # an event in a window after the start, not a span of work
            else:
                planned = cal.day(start + d - 1) if d else starts
            if start > latest_start:
                late_stages.append(code)
        when = actual or planned
        slip = None
        if baseline is not None and when is not None:
            slip = cal.working_days_between(baseline, when)
        milestones.append(
            MilestonePlan(code, starts, planned, latest_day, baseline, actual, review.officer, slip)
        )
    judgement = judge(
        contract=contract,
        route=window.route,
        choice=review.choice,
        slack=window.slack,
        new_start=review.new_start,
        notice=review.notice,
        milestones=milestones,
        late_stages=late_stages,
        faster=review.faster,
        forced=review.forced,
        officer=review.officer,
        officer_known=review.officer is None or team.get(review.officer) is not None,
        has_team=bool(team.officers),
        rules=rules,
        today=today,
    )
    return _plan(review, judgement, first_start, tuple(milestones))


def _plan(
    review: _Review, judgement: Judgement, start: date | None, milestones: tuple[MilestonePlan, ...]
) -> ReviewPlan:
    contract = review.item.contract
    return ReviewPlan(
        contract_id=contract.id or 0,
        ref=contract.ref,
        department=contract.department,
        route=review.choice.code,
        route_provisional=review.choice.provisional,
        officer=review.officer,
        notice_date=review.notice,
        start=start,
        new_contract_start=review.new_start,
        slack_days=review.window.slack,
        rag=judgement.rag,
        reasons=judgement.reasons,
        flags=judgement.flags,
        milestones=milestones,
        title=contract.title,
    )

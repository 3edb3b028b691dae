"""The review programme: plan every open review backwards from its deadline, level the
work across the team, and judge each review Red, Amber or Green with reasons in words.

Pure functions over plain values: the store reads the register and the rules, calls
`plan_programme`, and writes back only what changed. All date arithmetic runs on
working-day indices from `planner.domain.calendar` (integers), turned into dates once.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from planner.domain.calendar import (
    WorkingCalendar,
    calendar_covering,
    monday_of,
    slippage_days,
    week_number,
)
from planner.domain.contract import Contract
from planner.domain.gcpause import gc_paused
from planner.domain.levelling import Capacity, Officer, find_start
from planner.domain.periods import NoticePeriod, parse_period
from planner.domain.rag import Judgement, ReviewFacts, judge
from planner.domain.routes import (
    Route,
    RouteChoice,
    SchedulingRules,
    by_value_route,
    route_doubts,
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
    _by_name: dict[str, Officer] = field(init=False, repr=False, compare=False)
    _pools: dict[tuple[str | None, str | None], list[Officer]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {o.name.lower(): o for o in self.officers})

    def get(self, name: str | None) -> Officer | None:
        """The officer with this name (any case), if they are in the team."""
        if name is None:
            return None
        return self._by_name.get(name.strip().lower())

    def pool(self, department: str | None, category: str | None) -> list[Officer]:
        """Officers with hours who know the department or category, else all with hours
        (kept per kind of contract: the same few pairs recur thousands of times)."""
        pool = self._pools.get((department, category))
        if pool is None:
            available = [o for o in self.officers if o.weekly_hours > 0]
            pool = [o for o in available if o.knows(department, category)] or available
            self._pools[(department, category)] = pool
        return pool


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
    anchor, latest = latest_starts(route, new_start, notice, cal)
    return _window(route, anchor, latest, actuals, today_index, cal)


def _window(
    route: Route,
    anchor: int,
    latest: list[int],
    actuals: Mapping[str, date],
    today_index: int,
    cal: WorkingCalendar,
    steps: tuple[_Step, ...] | None = None,
) -> Window:
    steps = steps or _steps(route)
    n = len(steps)
    done = [False] * n
    earliest = [0] * n
    floor = today_index
    if actuals:
        last_done = -1
        for i in range(n):
            # A stage after the new start (the old contract's termination notice) may be
            # done early; it says nothing about the procurement's own stages before it.
            if steps[i][0] in actuals and not steps[i][2]:
                last_done = i
        for i, (code, _, after_start, *_) in enumerate(steps):
            done[i] = code in actuals if after_start else i <= last_done
        if last_done >= 0:
            finished = cal.index_on_or_before(actuals[steps[last_done][0]])
            floor = max(floor, finished + (1 if steps[last_done][1] else 0))
    slack: int | None = None
    previous: int | None = None
    for i, (_, days, after_start, _, _, _, min_days) in enumerate(steps):
        if done[i]:
            continue
        if after_start:
            earliest[i] = max(today_index, anchor)
            continue
        start = floor if previous is None or previous < floor else previous
        earliest[i] = start
        spare = latest[i] - start
        if slack is None or spare < slack:
            slack = spare
        previous = start + days
        if min_days:
            previous = max(previous, cal.index_after_calendar_days(start, min_days))
    return Window(route, anchor, latest, done, earliest, slack)


class _Timetables:
    """Each route's timetable for one new start and notice date, worked out once per run:
    thousands of contracts end on the same day with the same notice period. What is
    handed out is shared, so nothing may change it (nothing does)."""

    __slots__ = ("_latest", "_steps", "_windows", "cal", "today_index")

    def __init__(
        self, cal: WorkingCalendar, today_index: int, steps: Mapping[str, tuple[_Step, ...]]
    ) -> None:
        self.cal = cal
        self.today_index = today_index
        self._steps = steps
        self._latest: dict[tuple[str, date, date | None], tuple[int, list[int]]] = {}
        self._windows: dict[tuple[str, date, date | None], Window] = {}

    def latest(self, route: Route, new_start: date, notice: date | None) -> tuple[int, list[int]]:
        """`latest_starts` for this route, new start and notice date."""
        key = (route.code, new_start, notice)
        found = self._latest.get(key)
        if found is None:
            found = self._latest[key] = latest_starts(route, new_start, notice, self.cal)
        return found

    def window(
        self, route: Route, new_start: date, notice: date | None, actuals: Mapping[str, date]
    ) -> Window:
        """`review_window` for this route, new start, notice date and what is done."""
        if actuals:  # few reviews have any stage done: not worth keeping
            anchor, latest = self.latest(route, new_start, notice)
            steps = self._steps.get(route.code)
            return _window(route, anchor, latest, actuals, self.today_index, self.cal, steps)
        key = (route.code, new_start, notice)
        found = self._windows.get(key)
        if found is None:
            anchor, latest = self.latest(route, new_start, notice)
            steps = self._steps.get(route.code)
            found = _window(route, anchor, latest, actuals, self.today_index, self.cal, steps)
            self._windows[key] = found
        return found


# ---------------------------------------------------------------- the programme


# What levelling needs of one stage of a route, worked out once per route: code, working
# days, whether it falls after the new start, whether it is the (fixed) new start, the
# working days its effort is spread over, its effort in minutes, and its minimum calendar
# days (a tender period held to the legal minimum).
_Step = tuple[str, int, bool, bool, int, int, int]


def _steps(route: Route) -> tuple[_Step, ...]:
    return tuple(
        (
            rs.stage.code,
            rs.duration_days,
            rs.stage.after_start,
            rs.stage.code == "new-start",
            max(rs.duration_days, 1),
            round(rs.effort_hours * 60),
            rs.min_calendar_days,
        )
        for rs in route.stages
    )


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
    steps: tuple[_Step, ...]
    officer: str | None = None
    starts: list[int | None] = field(default_factory=list)
    forced: bool = False
    booked_minutes: int = 0


def calendar_for(
    today: date, reviews: Sequence[ReviewInput], horizon_weeks: int
) -> WorkingCalendar:
    """A calendar wide enough for every date this run can touch."""
    ends = [r.contract.end_date for r in reviews if r.contract.end_date is not None]
    first, last = min([today, *ends]), max([today, *ends])
    return calendar_covering(first, last, years_before=3, years_after=3 + horizon_weeks // 52)


def plan_programme(
    reviews: Sequence[ReviewInput],
    rules: SchedulingRules,
    team: Team,
    today: date,
    cal: WorkingCalendar | None = None,
) -> ProgrammePlan:
    """Plan every open review in `reviews` and level the work across `team`."""
    with gc_paused():
        return _plan_programme(reviews, rules, team, today, cal)


def _plan_programme(
    reviews: Sequence[ReviewInput],
    rules: SchedulingRules,
    team: Team,
    today: date,
    cal: WorkingCalendar | None,
) -> ProgrammePlan:
    cal = cal or calendar_for(today, reviews, rules.levelling_horizon_weeks)
    today_index = cal.index_on_or_after(today)
    needing: list[NeedsData] = []
    work: list[_Review] = []
    run = _Run(rules, cal, today, today_index)
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
        work.append(_prepare(item, run))

    horizon = rules.levelling_horizon_weeks * 5
    first_week = cal.week(today_index)
    end_week = week_number(cal.last) + 1
    available = [o for o in team.officers if o.weekly_hours > 0]
    capacity = Capacity(cal, available, team.leave, first_week, end_week)
    assigned: dict[str, int] = {o.name: 0 for o in team.officers}
    least = _LeastLoaded(assigned)
    bookings: list[tuple[int, str, int, int]] = []
    work.sort(key=lambda r: _level_key(r, rules))
    for review in work:
        review.officer = _officer_for(review, team, least, bool(available))
        _place(review, capacity, today_index, horizon, bookings)
        if review.officer in assigned:
            assigned[review.officer] += review.booked_minutes

    has_team = bool(team.officers)
    plans = [_finish(review, run, team, has_team) for review in work]
    plans.sort(key=lambda p: (p.department, p.ref))
    workload = [
        WeekLoad(name, monday_of(week), _hours(demand), _hours(cap))
        for name, week, demand, cap in capacity.demand()
    ]
    workload.sort(key=lambda w: (w.officer, w.week))
    needing.sort(key=lambda n: (n.department, n.ref))
    return ProgrammePlan(today, plans, needing, workload, bookings)


class _Run:
    """What every review of one run shares: the rules, the calendar, today, timetables
    already worked out, and each route's stages as levelling needs them."""

    __slots__ = (
        "cal", "dates", "fallbacks", "notices", "rules", "stage_names", "steps", "tables",
        "today", "today_index",
    )  # fmt: skip

    def __init__(
        self, rules: SchedulingRules, cal: WorkingCalendar, today: date, today_index: int
    ) -> None:
        self.rules = rules
        self.cal = cal
        self.dates = cal.dates
        self.today = today
        self.today_index = today_index
        self.steps = {code: _steps(route) for code, route in rules.routes.items()}
        self.tables = _Timetables(cal, today_index, self.steps)
        self.fallbacks = _fallbacks(rules)
        self.stage_names = {code: s.name for code, s in rules.stages.items()}
        self.notices: dict[str, NoticePeriod | None] = {}

    def notice_date(self, contract: Contract) -> date | None:
        """`contract.notice_date`, reading each distinct notice period once."""
        period = contract.notice_period
        if not isinstance(period, str):
            return contract.notice_date
        if contract.end_date is None:
            return None
        if period not in self.notices:
            self.notices[period] = parse_period(period)
        parsed = self.notices[period]
        return None if parsed is None else parsed.before(contract.end_date)


def _prepare(item: ReviewInput, run: _Run) -> _Review:
    contract = item.contract
    assert contract.end_date is not None
    new_start = contract.end_date + timedelta(days=1)
    notice = run.notice_date(contract)
    rules = run.rules
    choice = _choose_route(contract, rules, new_start, notice, run.today, run.tables)
    route = rules.route(choice.code)
    window = run.tables.window(route, new_start, notice, item.actuals)
    faster: list[tuple[Route, int]] = []
    if window.slack is not None and window.slack < 0:
        faster = _faster_routes(
            contract, route, rules, new_start, notice, run.today, run.tables, run.fallbacks
        )
    return _Review(
        item, choice, window, new_start, notice, whole_life_value(contract), faster,
        run.steps[route.code],
    )  # fmt: skip


def _choose_route(
    contract: Contract,
    rules: SchedulingRules,
    new_start: date,
    notice: date | None,
    today: date,
    tables: _Timetables,
) -> RouteChoice:
    # The decided route; else the one the decision implies; else a provisional one by value
    # against the threshold in force on that route's own latest start. A route someone
    # chose is checked against the contract too: quotes above the threshold, or an
    # extension the contract does not allow, is not a plan.
    chosen, reason = contract.route, ""
    if not chosen:
        chosen = rules.route_for_decision(contract.decision)
        reason = f"route follows the decision to {contract.decision}"
    if chosen:
        route = rules.route(chosen)
        latest = tables.latest(route, new_start, notice)[1]
        start = max(today, tables.cal.day(max(latest[0], 0))) if latest else today
        unsuitable, unconfirmed = route_doubts(route, contract, rules.rules, start)
        return RouteChoice(chosen, False, reason, "", unsuitable, unconfirmed)
    starts: dict[str, date] = {}
    for code in ("open", "quotes"):
        latest = tables.latest(rules.route(code), new_start, notice)[1]
        starts[code] = tables.cal.day(max(latest[0], 0))
    return by_value_route(contract, rules.rules, starts, today)


def _fallbacks(rules: SchedulingRules) -> list[tuple[Route, int]]:
    # The routes offered as faster ways, in the rules' order of preference, with the
    # working days each takes.
    routes = sorted(
        (r for r in rules.routes.values() if r.fallback_order is not None and r.stages),
        key=lambda r: (r.fallback_order, r.code),
    )
    return [(r, r.working_days) for r in routes]


def _faster_routes(
    contract: Contract,
    route: Route,
    rules: SchedulingRules,
    new_start: date,
    notice: date | None,
    today: date,
    tables: _Timetables,
    candidates: Sequence[tuple[Route, int]],
) -> list[tuple[Route, int]]:
    # Routes quicker than `route` that are open to this contract and would still make the
    # new contract start, with the slack each would leave, in the rules' order of preference.
    found = []
    days = route.working_days
    for other, other_days in candidates:
        if other.code == route.code or other_days >= days:
            continue
        if not route_is_open_to(other, contract, rules.rules, today):
            continue
        window = tables.window(other, new_start, notice, {})
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


def _officer_for(review: _Review, team: Team, least: _LeastLoaded, anyone: bool) -> str | None:
    """The contract's own officer; else last run's choice; else skills first, least loaded
    (`anyone`: the team has an officer with hours)."""
    contract = review.item.contract
    if contract.officer:
        known = team.get(contract.officer)
        return known.name if known else contract.officer
    if not anyone:
        return None
    previous = team.get(review.item.previous_officer)
    if previous is not None and previous.weekly_hours > 0:
        return previous.name
    return least.pick(team.pool(contract.department, contract.category))


class _LeastLoaded:
    """The least loaded officer of a pool: least (minutes assigned / weekly hours), then
    name, then place in the pool, as `min` over the pool would give, from a heap per pool.

    Minutes assigned only ever grow, so an entry is never above its officer's true load:
    an entry at the top that is out of date is brought up to date and the heap looked at
    again; one that is up to date is the least of all.
    """

    __slots__ = ("_heaps", "assigned")

    def __init__(self, assigned: Mapping[str, int]) -> None:
        self.assigned = assigned
        self._heaps: dict[int, tuple[list[Officer], list[tuple[float, str, int]]]] = {}

    def pick(self, pool: list[Officer]) -> str:
        """The name of the least loaded officer in `pool` (not empty, all with hours)."""
        assigned = self.assigned
        kept = self._heaps.get(id(pool))
        if kept is None:
            heap = [
                (assigned.get(o.name, 0) / o.weekly_hours, o.name, n) for n, o in enumerate(pool)
            ]
            heapq.heapify(heap)
            self._heaps[id(pool)] = (pool, heap)  # the pool is kept so its id stays its own
        else:
            heap = kept[1]
        while True:
            load, name, n = heap[0]
            now = assigned.get(name, 0) / pool[n].weekly_hours
            if now == load:
                return name
            heapq.heapreplace(heap, (now, name, n))


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
    officer = review.officer if review.officer in capacity.free else None
    slack = max(review.window.slack or 0, 0)
    best: _Attempt | None = None
    shifts = [0]
    while shifts:
        shift = shifts.pop(0)
        attempt = _attempt(review, officer, capacity, today_index, horizon, shift)
        lateness = attempt[3]
        if lateness <= 0:
            _keep(review, officer, attempt, bookings)
            return
        if best is None or lateness < best[3]:
            best = attempt
        if officer is not None:
            capacity.release(officer, attempt[1])
        if shift == 0 and slack > 0:
            # Shift by as much as it was late (plus the margin it aims to keep), then,
            # failing that, as soon as possible: at most three attempts per review.
            nudge = min(slack, lateness + review.window.route.risk_margin_days)
            shifts = sorted({nudge, slack})
    assert best is not None
    # Every attempt started from the same free weeks (each was released), so booking the
    # least late one again gives exactly what placing it afresh would.
    if officer is not None:
        capacity.take(officer, best[1])
    _keep(review, officer, best, bookings)


# (starts, (week, minutes) booked, any work forced, working days late)
_Attempt = tuple[list[int | None], list[tuple[int, int]], bool, int]


def _keep(
    review: _Review,
    officer: str | None,
    attempt: _Attempt,
    bookings: list[tuple[int, str, int, int]],
) -> None:
    starts, booked, forced, _ = attempt
    review.starts = starts
    review.forced = forced
    if officer is not None and booked:
        contract_id = review.item.contract.id or 0
        bookings.extend([(contract_id, officer, week, minutes) for week, minutes in booked])
        review.booked_minutes += sum([minutes for _, minutes in booked])


def _attempt(
    review: _Review,
    officer: str | None,
    capacity: Capacity,
    today_index: int,
    horizon: int,
    shift: int,
) -> _Attempt:
    """Place every open stage with targets `shift` working days earlier than ideal; returns
    the starts, what was booked, whether any work was forced, and how late it ends."""
    window = review.window
    done, earliest, latest = window.done, window.earliest, window.latest
    margin = window.route.risk_margin_days + shift
    starts: list[int | None] = [None] * len(done)
    booked: list[tuple[int, int]] = []
    forced = False
    lateness = 0
    previous: int | None = None
    for i, (_, days, after_start, fixed, span, minutes, min_days) in enumerate(review.steps):
        if done[i]:
            continue
        if after_start:
            lo = max(earliest[i], today_index)
            target = lo
            hi = max(latest[i], lo)
        else:
            lo = earliest[i] if previous is None or previous < earliest[i] else previous
            hi = latest[i]
            # The new start is a fixed day, not work to pull forward; other stages aim to
            # finish the route's risk margin ahead of their latest dates.
            target = max(lo, hi) if fixed else max(lo, hi - margin)
        start = target
        if officer is not None and minutes:
            found = find_start(capacity, officer, lo=lo, target=target, hi=max(hi, lo),
                               horizon=horizon, span=span, minutes=minutes)  # fmt: skip
            if found is None:
                forced = True
                booked += capacity.force(officer, start, span, minutes)
            else:
                start = found
                booked += capacity.book(officer, start, span, minutes)
        starts[i] = start
        if not after_start:
            if start - latest[i] > lateness:
                lateness = start - latest[i]
            previous = start + days
            if min_days:
                previous = max(previous, capacity.cal.index_after_calendar_days(start, min_days))
    return starts, booked, forced, lateness


def _finish(review: _Review, run: _Run, team: Team, has_team: bool) -> ReviewPlan:
    item, window = review.item, review.window
    contract = item.contract
    actuals, baselines = item.actuals, item.baselines
    latest, done, anchor = window.latest, window.done, window.anchor
    placed = review.starts
    new_start, officer = review.new_start, review.officer
    dates, cal = run.dates, run.cal
    size = len(dates)  # an index past the calendar goes to cal.day, which says so
    milestones: list[MilestonePlan] = []
    late_stages: list[str] = []
    first_start: date | None = None
    for i, (code, d, after_start, fixed, _, _, _) in enumerate(review.steps):
        latest_start = latest[i]
        if fixed:
            latest_day: date | None = new_start
        else:
            # The last day it may finish on (an event or a stage after the start: its day).
            due = latest_start if after_start or d == 0 else latest_start + d - 1
            latest_day = None if due < 0 else dates[due] if due < size else cal.day(due)
        actual = actuals.get(code) if actuals else None
        baseline = baselines.get(code) if baselines else None
        start = placed[i] if placed else None
        if done[i] or start is None:
            planned = actual
            starts = None
        else:
            starts = dates[start] if 0 <= start < size else cal.day(start)
            if first_start is None and not after_start:
                first_start = starts
            if fixed and start <= anchor:
                planned = new_start
            elif after_start:
                planned = starts  # an event in a window after the start, not a span of work
            elif d:
                finish = start + d - 1
                planned = dates[finish] if finish < size else cal.day(finish)
            else:
                planned = starts
            if start > latest_start:
                late_stages.append(code)
        slip = slippage_days(cal, baseline, actual or planned)
        milestones.append(
            _milestone(code, starts, planned, latest_day, baseline, actual, officer, slip)
        )
    judgement = judge(
        ReviewFacts(
            contract=contract,
            route=window.route,
            choice=review.choice,
            slack=window.slack,
            new_start=new_start,
            notice=review.notice,
            milestones=milestones,
            late_stages=late_stages,
            faster=review.faster,
            forced=review.forced,
            officer=officer,
            officer_known=officer is None or team.get(officer) is not None,
            has_team=has_team,
            rules=run.rules,
            today=run.today,
            stage_names=run.stage_names,
        )
    )
    return _plan(review, judgement, first_start, tuple(milestones))


def _slot_setters(cls: type, names: tuple[str, ...]) -> list[Callable[[Any, Any], None]]:
    # The slot descriptors of a frozen slots dataclass, in field order: setting them
    # directly skips the object.__setattr__ call per field that the generated __init__
    # makes, which was a fifth of finishing a plan of 50,000 reviews.
    assert names == tuple(f.name for f in fields(cls)), f"{cls.__name__} fields changed"
    return [cls.__dict__[name].__set__ for name in names]


_SET_MILESTONE = _slot_setters(
    MilestonePlan,
    ("stage", "starts", "planned", "latest", "baseline", "actual", "officer", "slippage_days"),
)


def _milestone(
    stage: str,
    starts: date | None,
    planned: date | None,
    latest: date | None,
    baseline: date | None,
    actual: date | None,
    officer: str | None,
    slippage_days: int | None,
) -> MilestonePlan:
    """`MilestonePlan(...)` with every field given, made without its generated __init__."""
    s0, s1, s2, s3, s4, s5, s6, s7 = _SET_MILESTONE
    m = object.__new__(MilestonePlan)
    s0(m, stage)
    s1(m, starts)
    s2(m, planned)
    s3(m, latest)
    s4(m, baseline)
    s5(m, actual)
    s6(m, officer)
    s7(m, slippage_days)
    return m


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

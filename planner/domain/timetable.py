"""Each route's timetable for one review, before levelling: the latest start of every stage
working back from the new contract start, and the earliest working forward from today and
what is done, in working-day indices of `planner.domain.calendar`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from planner.domain.calendar import WorkingCalendar
from planner.domain.codes import StageCode
from planner.domain.notice import (
    contract_copy_latest,
    details_notice_latest,
    termination_notice_latest,
)
from planner.domain.notices import market_step
from planner.domain.plausible import earliest_recorded
from planner.domain.routes import Route
from planner.domain.sharing import Shared

# A timetable's key: the route's code and dropped stages, the new start, the notice date.
_Key = tuple[str, frozenset[str], date, date | None]


class Step(NamedTuple):
    """What levelling needs of one stage of a route, worked out once per route."""

    code: str
    days: int  # working days
    after_start: bool  # falls after the new contract start (the old contract's notice)
    fixed: bool  # the new start itself: a fixed day, not work to move
    span: int  # working days its effort is spread over
    minutes: int  # its effort
    min_days: int  # minimum calendar days (a tender period held to the legal minimum)


def route_steps(route: Route) -> tuple[Step, ...]:
    """The route's stages as levelling needs them."""
    return tuple(
        Step(
            rs.stage.code,
            rs.duration_days,
            rs.stage.after_start,
            rs.stage.code == StageCode.NEW_START,
            max(rs.duration_days, 1),
            round(rs.effort_hours * 60),
            rs.min_calendar_days,
        )
        for rs in route.stages
    )


@dataclass(slots=True)
class Window:
    """One route's timetable for one review, in working-day indices, before levelling."""

    route: Route
    anchor: int  # index of the first working day on or after the new contract start
    latest: list[int]  # latest start of each stage
    done: list[bool]  # done, or passed (a later stage is done)
    earliest: list[int]  # ASAP start from today and what is done (open stages only)
    slack: int | None  # least (latest - earliest) over open stages before the new start
    # The last day each stage may finish on, as dates: worked out by the first review
    # finished on this window and shared by every other (planner.domain.finish).
    latest_days: list[date | None] | None = field(default=None, compare=False, repr=False)


# What `latest_starts` needs of one stage: code, working days, after the new start, minimum
# calendar days, and whether it is the notice stage.
_Stage = tuple[str, int, bool, int, bool]
# Where the stages dated from the signing sit: (index, working days, True for the details
# notice and False for the copy of the contract).
_Held = tuple[tuple[int, int, bool], ...]


class RouteShape(NamedTuple):
    """A route's stages as `latest_starts` walks them, worked out once per route."""

    stages: tuple[_Stage, ...]
    signed: int  # the index of the signing stage, -1 if the route signs none
    held: _Held  # the stages held to windows from the signing


def route_shape(route: Route) -> RouteShape:
    """The route's stages as `latest_starts` needs them."""
    stages = tuple(
        (
            rs.stage.code,
            rs.duration_days,
            rs.stage.after_start,
            rs.min_calendar_days,
            rs.stage.code == StageCode.NOTICE,
        )
        for rs in route.stages
    )
    codes = [stage[0] for stage in stages]
    signed = codes.index(StageCode.SIGNED) if StageCode.SIGNED in codes else -1
    return RouteShape(stages, signed, _held(codes, [stage[1] for stage in stages]))


def _held(codes: list[str], days: list[int]) -> _Held:
    return tuple(
        (i, days[i], code == StageCode.DETAILS_NOTICE)
        for i, code in enumerate(codes)
        if code in (StageCode.DETAILS_NOTICE, StageCode.CONTRACT_COPY)
    )


def latest_starts(
    route: Route,
    new_start: date,
    notice: date | None,
    cal: WorkingCalendar,
    shape: RouteShape | None = None,
) -> tuple[int, list[int]]:
    """The anchor (first working day on or after the new start) and each stage's latest
    start, working backwards through the route's stages from the new contract start."""
    stages, signed_at, held = shape or route_shape(route)
    anchor = cal.index_on_or_after(new_start)
    notice_index = cal.index_on_or_before(notice) if notice is not None else None
    latest = [0] * len(stages)
    following = anchor
    for i in range(len(stages) - 1, -1, -1):
        code, days, after_start, min_days, is_notice = stages[i]
        if after_start:
            latest[i] = _after_start_latest(code, anchor, days, new_start, cal)
            continue
        start = following - days
        if min_days:
            limit = cal.day(following) - timedelta(days=min_days)
            start = min(start, cal.index_on_or_before(limit))
        if is_notice and notice_index is not None:
            # The serve-by day is the notice stage's own date (docs/rules.md, "Notice
            # deadline"); the stages before it must still be done by then.
            latest[i] = notice_index
            following = min(start, notice_index)
            continue
        latest[i] = start
        following = start
    if signed_at >= 0:
        # The latest day the contract can be signed (entered into).
        signed = cal.day(latest[signed_at] + max(stages[signed_at][1], 1) - 1)
        _hold_to_signing(held, latest, signed, cal)
    return anchor, latest


# Nothing done, by number of stages: one list shared by every window with nothing done
# (most of them; nothing changes a window's lists once made, see `Timetables`).
_NONE_DONE: dict[int, list[bool]] = {}


def _none_done(n: int) -> list[bool]:
    found = _NONE_DONE.get(n)
    if found is None:
        found = _NONE_DONE[n] = [False] * n
    return found


def _signing_windows(
    codes: list[str], days: list[int], latest: list[int], signed: date, cal: WorkingCalendar
) -> None:
    """`_hold_to_signing` for a route's stage codes and working days."""
    _hold_to_signing(_held(codes, days), latest, signed, cal)


def _hold_to_signing(held: _Held, latest: list[int], signed: date, cal: WorkingCalendar) -> None:
    """Hold the stages dated from the signing to their windows, in `latest` (PA 2023 s.53,
    s.87; docs/rules.md, "Contract details notice and the copy of the contract"): the
    details notice is due by the signing day plus 29 days (or its own latest, if earlier),
    the copy of the contract by the signing day plus 89 (the working day on or before)."""
    for i, days, details in held:
        if details:
            due = cal.index_on_or_before(details_notice_latest(signed))
            latest[i] = min(latest[i], due - max(days, 1) + 1)
        else:
            latest[i] = cal.index_on_or_before(contract_copy_latest(signed))


def _after_start_latest(
    code: str, anchor: int, days: int, new_start: date, cal: WorkingCalendar
) -> int:
    # The old contract's termination notice: within 30 days beginning with the day it ends
    # (PA 2023 s.80), a calendar-day window, so its last working day. The copy of the
    # contract is dated from the signing, once the signing's latest day is known
    # (`_signing_windows`). Other stages after the start: their working days after it.
    if code == StageCode.TERMINATION_NOTICE:
        ended = new_start - timedelta(days=1)
        return max(cal.index_on_or_before(termination_notice_latest(ended)), anchor)
    return anchor + days


def window_from_latest(
    route: Route,
    anchor: int,
    latest: list[int],
    actuals: Mapping[str, date],
    today_index: int,
    cal: WorkingCalendar,
    steps: tuple[Step, ...] | None = None,
) -> Window:
    """Forwards from today (and from what is already done) to each stage's earliest start,
    against the latest starts from `latest_starts`, and the least slack among them."""
    steps = steps or route_steps(route)
    n = len(steps)
    earliest = [0] * n
    shown = latest
    if actuals:
        done, floor = _done(steps, actuals, today_index, cal)
        signed = actuals.get(StageCode.SIGNED)
        if signed is not None:
            # Signed: the windows run from the day it was, on a copy of the shared list.
            # Slack stays measured against the new start (a late details notice is late,
            # not a reason to look for a faster route).
            shown = list(latest)
            _signing_windows([s.code for s in steps], [s.days for s in steps], shown, signed, cal)
    else:
        done, floor = _none_done(n), today_index
    slack: int | None = None
    previous: int | None = None
    signed_by = floor  # the earliest the contract can be signed (done: it was)
    for i, (code, days, after_start, _, _, _, min_days) in enumerate(steps):
        if done[i]:
            continue
        if after_start:
            earliest[i] = _after_start_earliest(shown[i], anchor, today_index, signed_by)
            continue
        start = floor if previous is None or previous < floor else previous
        earliest[i] = start
        spare = latest[i] - start
        if slack is None or spare < slack:
            slack = spare
        previous = start + days
        if code == StageCode.SIGNED:
            signed_by = previous
        if min_days:
            previous = max(previous, cal.index_after_calendar_days(start, min_days))
    return Window(route, anchor, shown, done, earliest, slack)


def _after_start_earliest(latest: int, anchor: int, today_index: int, signed_by: int) -> int:
    # A stage after the new start begins at it, unless its own window closes before the
    # start (a copy of a contract signed long before it): then once the contract is signed.
    if latest >= anchor:
        return max(today_index, anchor)
    return max(today_index, signed_by)


def _done(
    steps: tuple[Step, ...], actuals: Mapping[str, date], today_index: int, cal: WorkingCalendar
) -> tuple[list[bool], int]:
    # Which stages are done (or passed: a later one is done), and the first working day
    # open work can start on (the day after the last one done, if it takes time).
    last_done = -1
    for i, step in enumerate(steps):
        # A stage after the new start (the old contract's termination notice) may be
        # done early; it says nothing about the procurement's own stages before it.
        if step.code in actuals and not step.after_start:
            last_done = i
    done = [
        step.code in actuals if step.after_start else i <= last_done for i, step in enumerate(steps)
    ]
    floor = today_index
    if last_done >= 0:
        finished = cal.index_on_or_before(actuals[steps[last_done].code])
        floor = max(floor, finished + (1 if steps[last_done].days else 0))
    return done, floor


class Timetables:
    """Each route's timetable for one new start and notice date, worked out once per run:
    thousands of contracts end on the same day with the same notice period. What is
    handed out is shared, so nothing may change it (nothing does).

    A route is known by its code and the stages its variant leaves out (`Route.dropped`):
    one contract's variant of a route is not another's."""

    __slots__ = (
        "_commences", "_derived", "_latest", "_market", "_shapes", "_shared", "_steps",
        "_windows", "cal", "today_index",
    )  # fmt: skip

    def __init__(
        self,
        cal: WorkingCalendar,
        today_index: int,
        steps: Mapping[tuple[str, frozenset[str]], tuple[Step, ...]],
    ) -> None:
        self.cal = cal
        self.today_index = today_index
        self._shared = Shared(cal.size)  # timetables' indices, held once (memory)
        self._steps = steps
        self._latest: dict[_Key, tuple[int, list[int]]] = {}
        self._windows: dict[tuple[str, frozenset[str], date, date | None, int], Window] = {}
        self._commences: dict[_Key, date] = {}
        self._market: dict[tuple[str, frozenset[str]], int] = {}
        self._shapes: dict[tuple[str, frozenset[str]], RouteShape] = {}
        # Variants whose latest starts are their route's, less the stages left out.
        self._derived: dict[tuple[str, frozenset[str]], tuple[Route, tuple[int, ...]]] = {}

    def forget(self) -> None:
        """Let go of the timetables worked out (a run that keeps no memo, once levelled:
        each is freed as the last review sharing it is finished)."""
        self._latest.clear()
        self._windows.clear()
        self._commences.clear()

    def add_variant(self, route: Route, variant: Route) -> None:
        """Note that `variant` is `route` less some stages. Leaving out only events (0 days)
        and stages after the new start moves no other stage's latest start, so the
        variant's are read off the route's instead of worked out again."""
        left_out = [rs for rs in route.stages if rs.stage.code in variant.dropped]
        if all(rs.duration_days == 0 or rs.stage.after_start for rs in left_out):
            kept = tuple(
                i for i, rs in enumerate(route.stages) if rs.stage.code not in variant.dropped
            )
            self._derived[variant.code, variant.dropped] = (route, kept)

    def latest(self, route: Route, new_start: date, notice: date | None) -> tuple[int, list[int]]:
        """`latest_starts` for this route, new start and notice date."""
        key = (route.code, route.dropped, new_start, notice)
        found = self._latest.get(key)
        if found is None:
            derived = self._derived.get((route.code, route.dropped))
            if derived is None:
                shape = self._shapes.get((route.code, route.dropped))
                if shape is None:
                    shape = self._shapes[route.code, route.dropped] = route_shape(route)
                found = latest_starts(route, new_start, notice, self.cal, shape)
            else:
                anchor, whole = self.latest(derived[0], new_start, notice)
                found = (anchor, [whole[i] for i in derived[1]])
            self._shared.indices(found[1])
            self._latest[key] = found
        return found

    def commences(self, route: Route, new_start: date, notice: date | None) -> date:
        """The day the route's procurement commences: the latest start of its first
        market-facing step (docs/rules.md, "Thresholds"), never before today."""
        key = (route.code, route.dropped, new_start, notice)
        found = self._commences.get(key)
        if found is None:
            latest = self.latest(route, new_start, notice)[1]
            step = self._market.get((route.code, route.dropped))
            if step is None:
                step = self._market[route.code, route.dropped] = market_step(route.stages)[0]
            index = latest[step] if latest else self.today_index
            found = self._commences[key] = self.cal.day(max(index, self.today_index))
        return found

    def let_floor(self, contract_start: date | None) -> int:
        """The first working day a review of a contract starting on `contract_start` can
        begin: today, or a year before that start if later, since a contract is let at most
        about a year before it starts (docs/rules.md, "Scheduling", step
        4; the same bound refuses a stage recorded as done earlier)."""
        if contract_start is None:
            return self.today_index
        let = earliest_recorded(contract_start)
        if let <= self.cal.day(self.today_index):
            return self.today_index
        return max(self.today_index, self.cal.index_on_or_after(let))

    def window(
        self,
        route: Route,
        new_start: date,
        notice: date | None,
        actuals: Mapping[str, date],
        floor: int | None = None,
    ) -> Window:
        """`window_from_latest` for this route, new start, notice date and what is done,
        with no stage starting before `floor` (`let_floor`; today if None)."""
        steps = self._steps.get((route.code, route.dropped))
        start = self.today_index if floor is None else max(floor, self.today_index)
        if actuals:  # few reviews have any stage done: not worth keeping
            anchor, latest = self.latest(route, new_start, notice)
            window = window_from_latest(route, anchor, latest, actuals, start, self.cal, steps)
            self._share(window, latest)
            return window
        # Nearly every review starts from today: only a later floor needs a key of its own.
        key = (route.code, route.dropped, new_start, notice, start)
        found = self._windows.get(key)
        if found is None:
            anchor, latest = self.latest(route, new_start, notice)
            found = window_from_latest(route, anchor, latest, actuals, start, self.cal, steps)
            self._share(found, latest)
            self._windows[key] = found
        return found

    def _share(self, window: Window, latest: list[int]) -> None:
        # A window's own lists hold the shared indices (its latest is the shared list
        # unless signing moved it).
        self._shared.indices(window.earliest)
        if window.latest is not latest:
            self._shared.indices(window.latest)

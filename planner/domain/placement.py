"""Levelling the team's work: the order reviews are placed in, who does each, and where
each open stage's effort goes in that officer's weeks."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from planner.domain.codes import Risk, StageCode
from planner.domain.levelling import Capacity, Officer, find_start
from planner.domain.notice import NoticeDates
from planner.domain.notices import Note
from planner.domain.plan import ReviewInput, Team
from planner.domain.routes import Route, RouteChoice, SchedulingRules
from planner.domain.timetable import Step, Window

_RISK_ORDER: dict[str, int] = {Risk.HIGH: 0, Risk.MEDIUM: 1, Risk.LOW: 2}
_NO_SLACK = 10**9
_NOTICE_LEAD_DAYS = 10  # working days before the serve-by day its work may be booked in


class Attempt(NamedTuple):
    """One try at placing a review's open stages."""

    starts: list[int | None]  # each stage's start (None: done or passed)
    booked: list[tuple[int, int]]  # (week, minutes) taken from the officer's weeks
    forced: bool  # some work found no room and was booked past capacity
    lateness: int  # working days the latest-finishing stage is past its latest start


# (contract_id, officer, [(week, minutes), ...]): how one review's effort was booked.
Booked = tuple[int, str, list[tuple[int, int]]]


@dataclass(slots=True)
class ReviewWork:
    """Working state for one review between the timetable and the levelled plan."""

    item: ReviewInput
    choice: RouteChoice
    window: Window
    new_start: date
    notice: NoticeDates | None
    value: int | None
    faster: list[tuple[Route, int]]
    steps: tuple[Step, ...]
    officer: str | None = None
    notes: tuple[Note, ...] = ()  # what the plan says about the notices it applied
    starts: list[int | None] = field(default_factory=list)
    forced: bool = False
    booked_minutes: int = 0
    booked: list[tuple[int, int]] = field(default_factory=list)  # (week, minutes) it took
    commences: date | None = None  # the day the procurement commences (threshold row)


def level_key(review: ReviewWork, rules: SchedulingRules) -> tuple[Any, ...]:
    """The order reviews are levelled in (docs/rules.md, "Levelling"): infeasible first,
    then manual priority, least slack, risk, value."""
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


def officer_for(review: ReviewWork, team: Team, least: LeastLoaded, anyone: bool) -> str | None:
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


class LeastLoaded:
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


def place(
    review: ReviewWork,
    capacity: Capacity,
    today_index: int,
    horizon: int,
) -> None:
    """Fix each open stage's start: as late as the route's margin allows, earlier (never
    before today or what precedes it) when the officer's weeks are full.

    Pulling one stage earlier cannot move the stages before it, so if the review would end
    up late, it is tried again with the whole review shifted earlier by growing steps (up
    to its slack, i.e. as soon as possible); the least late attempt is kept.
    """
    officer = review.officer if review.officer in capacity.free else None
    slack = max(review.window.slack or 0, 0)
    best: Attempt | None = None
    shifts = [0]
    pinned = _pinned_stage(review)
    while shifts:
        shift = shifts.pop(0)
        attempt = _try(review, officer, capacity, today_index, horizon, shift, pinned)
        lateness = attempt.lateness
        if lateness <= 0:
            _keep(review, officer, attempt, capacity)
            return
        if best is None or lateness < best.lateness:
            best = attempt
        if officer is not None:
            capacity.release(officer, attempt.booked)
        if shift == 0 and slack > 0:
            # Shift by as much as it was late (plus the margin it aims to keep), then,
            # failing that, as soon as possible: at most three attempts per review.
            nudge = min(slack, lateness + review.window.route.risk_margin_days)
            shifts = sorted({nudge, slack})
    assert best is not None
    # Every attempt started from the same free weeks (each was released), so booking the
    # least late one again gives exactly what placing it afresh would.
    if officer is not None:
        capacity.take(officer, best.booked)
    _keep(review, officer, best, capacity)


def _keep(review: ReviewWork, officer: str | None, attempt: Attempt, capacity: Capacity) -> None:
    # What a review keeps stays alive to the end of the run: its indices and bookings are
    # the shared ones (planner.domain.sharing).
    booked = attempt.booked
    capacity.shared.indices(attempt.starts)
    review.starts = attempt.starts
    review.forced = attempt.forced
    if officer is not None and booked:
        review.booked = capacity.shared.pairs(booked)
        review.booked_minutes += sum([minutes for _, minutes in booked])


def _try(
    review: ReviewWork,
    officer: str | None,
    capacity: Capacity,
    today_index: int,
    horizon: int,
    shift: int,
    pinned: int,
) -> Attempt:
    """Place every open stage with targets `shift` working days earlier than ideal (the
    stage at `pinned` held to its date); returns the starts, what was booked, whether any
    work was forced, and how late it ends."""
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
        if i == pinned:
            # A fixed date set by the contract: never levelled, moved or re-planned, even
            # once passed (docs/rules.md, "Notice deadline"). The stages after it need the
            # decision, not the deadline: they do not wait for it.
            starts[i] = latest[i]
            forced |= _book_notice(capacity, officer, latest[i], today_index, span, minutes, booked)
            continue
        # Conditional expressions rather than max() for the stages before the start: this
        # runs for 560,000 stages at national scale.
        if after_start:
            lo = max(earliest[i], today_index)
            target = lo
            hi = latest[i]
        else:
            lo = earliest[i] if previous is None or previous < earliest[i] else previous
            hi = latest[i]
            # The new start is a fixed day, not work to pull forward; other stages aim to
            # finish the route's risk margin ahead of their latest dates.
            target = hi if fixed else hi - margin
            if target < lo:
                target = lo
        start = target
        if officer is not None and minutes:
            start, missed = place_stage(capacity, officer, lo, target, hi if hi > lo else lo,
                                        horizon, span, minutes, booked)  # fmt: skip
            forced |= missed
        starts[i] = start
        if not after_start:
            if start - latest[i] > lateness:
                lateness = start - latest[i]
            previous = start + days
            if min_days:
                previous = max(previous, capacity.cal.index_after_calendar_days(start, min_days))
    return Attempt(starts, booked, forced, lateness)


def place_stage(
    capacity: Capacity,
    officer: str,
    lo: int,
    target: int,
    hi: int,
    horizon: int,
    span: int,
    minutes: int,
    booked: list[tuple[int, int]],
) -> tuple[int, bool]:
    """Find a start for a stage as `find_start` does and book it there, adding what was
    booked to `booked`; (start, True) when there was no room and it was forced at `target`.

    The usual case, room at the target itself (the first window `find_start` looks at), is
    checked and booked here in place: a plan of 50,000 reviews places 560,000 stages.
    """
    free = capacity.free[officer]
    week_of = capacity.week_of
    floor = lo if lo > 0 else 0
    if floor <= target <= len(week_of) - span:
        first, a, b = week_of[floor], week_of[target], week_of[target + span - 1]
        # As `find_start` decides on its first window: the whole range from `floor` must
        # hold the minutes, and so must the weeks the window covers.
        if first >= 0 and b < len(free):
            if a == b:
                room = free[a]
                if room >= minutes and (first == a or sum(free[first : a + 1]) >= minutes):
                    free[a] = room - minutes  # all in one week: `book` puts it all there
                    booked.append((capacity.week_number[a], minutes))
                    return target, False
            elif sum(free[a : b + 1]) >= minutes and sum(free[first : b + 1]) >= minutes:
                if not _book_pro_rata(capacity, free, target, span, minutes, a, b, booked):
                    booked += capacity.book(officer, target, span, minutes)
                return target, False
    found = find_start(capacity, officer, lo=lo, target=target, hi=hi, horizon=horizon,
                       span=span, minutes=minutes)  # fmt: skip
    if found is None:
        booked += capacity.force(officer, target, span, minutes)
        return target, True
    booked += capacity.book(officer, found, span, minutes)
    return found, False


def _book_pro_rata(
    capacity: Capacity,
    free: list[int],
    start: int,
    span: int,
    minutes: int,
    a: int,
    b: int,
    booked: list[tuple[int, int]],
) -> bool:
    # `book` for a stage over weeks a..b (offsets, all held) when every week has room for
    # its share pro rata to its days (the usual case): the same shares `book` gives when
    # no week is short, booked without its lists. False, with nothing booked, otherwise.
    week_start = capacity.week_start
    end = start + span
    shares: list[tuple[int, int]] = []
    remaining = minutes
    for week in range(a, b + 1):
        begin, after = week_start[week], week_start[week + 1]
        count = (after if after < end else end) - (begin if begin > start else start)
        if count <= 0:
            continue
        if week == b:  # the last week touched takes what is left
            want = remaining
        else:
            want = round(minutes * count / span)
            if want > remaining:
                want = remaining
        if free[week] < want:
            return False
        shares.append((week, want))
        remaining -= want
    numbers = capacity.week_number
    for week, share in shares:
        if share:
            free[week] -= share
            booked.append((numbers[week], share))
    return True


def _pinned_stage(review: ReviewWork) -> int:
    # The position of the notice stage when the contract sets a notice deadline, else -1.
    if review.notice is None:
        return -1
    return next((i for i, step in enumerate(review.steps) if step.code == StageCode.NOTICE), -1)


def _book_notice(
    capacity: Capacity,
    officer: str | None,
    day: int,
    today_index: int,
    span: int,
    minutes: int,
    booked: list[tuple[int, int]],
) -> bool:
    """Book the work of serving notice by `day` in the fortnight before it (never after)
    onto `booked`; True when there is no room (the date stands, and the review says its
    officer is overloaded)."""
    if officer is None or not minutes or day < today_index:
        return False
    lo = max(today_index, day - _NOTICE_LEAD_DAYS)
    found = find_start(capacity, officer, lo=lo, target=day, hi=day, horizon=0, span=span,
                       minutes=minutes)  # fmt: skip
    if found is None:
        return True
    booked += capacity.book(officer, found, span, minutes)
    return False

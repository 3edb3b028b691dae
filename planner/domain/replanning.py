"""Re-planning only what a change can affect, giving exactly the plan a full run gives.

Reviews are levelled one after another in a fixed order (docs/rules.md, "Levelling"), and
where one review's work goes depends only on the reviews placed before it on the same
officer's weeks (and, for who does it, on how loaded each officer is). So after a change,
every review levelled before the first changed one is placed as it was; after that, a
review whose input, officer and officer's weeks are all as they were is placed as it was
too, and only the changed reviews, and those after them on an officer whose weeks moved,
are placed afresh. A review placed exactly as before keeps its finished plan.

`PlanMemo` keeps what the last run planned from and how it levelled each review; anything
that touches every review (the rules, the team or its leave, today, the calendar's span)
starts afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from planner.domain.levelling import Capacity
from planner.domain.placement import (
    Booked,
    LeastLoaded,
    ReviewWork,
    level_key,
    officer_for,
    place,
)
from planner.domain.plan import ReviewInput, ReviewPlan, Team
from planner.domain.routes import SchedulingRules
from planner.domain.schedule_run import ScheduleRun


@dataclass(frozen=True, slots=True)
class PlanBasis:
    """What every review's plan depends on besides its own contract."""

    rules: SchedulingRules
    team: Team
    today: date
    first: date  # the calendar's span
    last: date


@dataclass(slots=True)
class Levelled:
    """How one review was levelled and finished by the last run."""

    work: ReviewWork
    key: tuple[Any, ...]
    plan: ReviewPlan | None = None


@dataclass(slots=True)
class PlanMemo:
    """What the last plan was made from, to re-plan only what a change can affect."""

    basis: PlanBasis | None = None
    run: ScheduleRun | None = None
    levelled: dict[int, Levelled] = field(default_factory=dict)
    replaced: int = 0  # reviews placed afresh by the last run (for the record and tests)

    def usable(self, basis: PlanBasis) -> dict[int, Levelled]:
        """The reviews levelled last time, if they were planned on this basis (else none)."""
        if self.basis != basis:
            self.basis, self.run, self.levelled = basis, None, {}
        return self.levelled


def prepared(item: ReviewInput, before: Levelled | None) -> ReviewWork | None:
    """The review's timetable and route as last time, if its input has not changed."""
    if before is None or before.work.item != item:
        return None
    # Everything worked out before levelling is kept (a field added to ReviewWork later is
    # kept too); what levelling itself sets starts afresh.
    return replace(before.work, officer=None, starts=[], forced=False, booked_minutes=0, booked=[])


class Leveller:
    """Level `work` (in the levelling order) onto `capacity`, reusing how each review was
    levelled last time wherever nothing it depends on has moved."""

    def __init__(
        self,
        team: Team,
        rules: SchedulingRules,
        capacity: Capacity,
        before: dict[int, Levelled],
        same: set[int],
    ) -> None:
        self.team = team
        self.rules = rules
        self.capacity = capacity
        self.before = before
        self.same = same  # contracts whose input is as last time
        self.assigned: dict[str, int] = {o.name: 0 for o in team.officers}
        self.booked: list[Booked] = []  # each review's bookings, in the levelling order
        self.now: dict[int, Levelled] = {}
        self.replaced = 0

    def level(self, work: list[ReviewWork], today_index: int, horizon: int) -> None:
        """Place every review, in the levelling order."""
        rules = self.rules
        keyed = sorted(((level_key(r, rules), r) for r in work), key=lambda pair: pair[0])
        # Where a review that changed or went was levelled last time: from there on, its
        # officer's weeks are not what they were.
        gone = sorted(
            (old.key, old.work.officer) for cid, old in self.before.items() if cid not in self.same
        )
        moved: set[str | None] = set()
        anyone = any(o.weekly_hours > 0 for o in self.team.officers)
        least = LeastLoaded(self.assigned)
        next_gone = 0
        for key, review in keyed:
            while next_gone < len(gone) and gone[next_gone][0] <= key:
                moved.add(gone[next_gone][1])
                next_gone += 1
            review.officer = officer_for(review, self.team, least, anyone)
            self._place(key, review, moved, today_index, horizon)
            if review.officer in self.assigned:
                self.assigned[review.officer] += review.booked_minutes

    def _place(
        self,
        key: tuple[Any, ...],
        review: ReviewWork,
        moved: set[str | None],
        today_index: int,
        horizon: int,
    ) -> None:
        # As last time if nothing it depends on moved; else afresh, and if it then lands
        # elsewhere, the weeks of its officer (and of last time's) have moved.
        cid = review.item.contract.id
        old = self.before.get(cid) if cid in self.same else None
        officer = review.officer
        if old is not None and officer == old.work.officer and officer not in moved:
            self._again(review, old)
        else:
            self.replaced += 1
            place(review, self.capacity, today_index, horizon)
            if old is None or not _as_before(review, old):
                moved.add(officer)
                if old is not None:
                    moved.add(old.work.officer)
                old = None
        if review.booked and officer is not None:
            self.booked.append((cid, officer, review.booked))
        self.now[cid] = Levelled(review, key, None if old is None else old.plan)

    def _again(self, review: ReviewWork, old: Levelled) -> None:
        # Placed exactly as last time: its officer's weeks are as they were then.
        before = old.work
        review.starts = list(before.starts)
        review.forced = before.forced
        officer = review.officer
        if officer is not None and officer in self.capacity.free and before.booked:
            self.capacity.take(officer, before.booked)
            review.booked = before.booked  # never changed once kept: shared
            review.booked_minutes += sum(minutes for _, minutes in before.booked)


def _as_before(review: ReviewWork, old: Levelled) -> bool:
    before = old.work
    return (
        review.officer == before.officer
        and review.starts == before.starts
        and review.forced == before.forced
        and review.booked == before.booked
    )

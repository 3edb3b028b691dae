"""What a scheduling run takes in and gives back: reviews to plan, the team, and the plan
(each review's milestones and verdict, contracts needing data, officers' weekly load)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.domain.codes import FlagCode
from planner.domain.contract import Contract
from planner.domain.dates import iso
from planner.domain.levelling import Officer

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
            "planned": iso(self.planned),
            "latest": iso(self.latest),
            "baseline": iso(self.baseline),
            "actual": iso(self.actual),
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
    rag: str  # a Rag; read back from the store as its text
    reasons: tuple[str, ...]
    flags: tuple[str, ...] = ()  # FlagCodes; read back from the store as their text
    milestones: tuple[MilestonePlan, ...] = ()
    title: str | None = None
    commences: date | None = None  # the day the procurement commences (threshold row)

    @property
    def infeasible(self) -> bool:
        """True when the deadline cannot be met on this route even with no other work."""
        return FlagCode.INFEASIBLE in self.flags

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
            "notice_date": iso(self.notice_date),
            "start": iso(self.start),
            "new_contract_start": iso(self.new_contract_start),
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


def hours_of(minutes: int) -> float:
    """Minutes as hours for the workload table: to the hundredth, so that a week a few
    minutes over capacity is not rounded back to full (0.1 h is six minutes)."""
    return round(minutes / 60, 2)


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """Hours of planned work against hours available, for one officer in one week."""

    officer: str
    week: date
    demand_hours: float
    capacity_hours: float

    @property
    def overloaded(self) -> bool:
        """True when more work is planned than the officer has hours for, by more than a
        minute (booking pro rata to the days of a week rounds each share to the minute)."""
        return round(self.demand_hours * 60) > round(self.capacity_hours * 60) + 1

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
    # (contract_id, officer, [(week, minutes), ...]): how each review's effort was booked,
    # one entry per review (the pairs are levelling's own: no copies of 545,000 bookings).
    booked: list[tuple[int, str, list[tuple[int, int]]]] = field(default_factory=list)

    @property
    def bookings(self) -> list[tuple[int, str, int, int]]:
        """(contract_id, officer, week, minutes): how each review's effort was booked."""
        return [
            (cid, officer, week, minutes)
            for cid, officer, booked in self.booked
            for week, minutes in booked
        ]

    @property
    def overloaded_weeks(self) -> list[WeekLoad]:
        """Officer-weeks planned above capacity (work that found no room anywhere)."""
        return [w for w in self.workload if w.overloaded]

"""The team as the Team screen shows it: each officer with their hours, skills, leave and
what the stored plan gives them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from planner.domain.plan import WeekLoad
from planner.store.db import Database
from planner.store.team import list_leave, list_officers


@dataclass(frozen=True, slots=True)
class Booking:
    """One booking of leave, first and last day inclusive."""

    officer: str
    starts: date
    ends: date


@dataclass(frozen=True, slots=True)
class OfficerOverview:
    """One officer: their hours and skills, their leave, and their share of the plan."""

    name: str
    weekly_hours: float
    skills: tuple[str, ...]
    leave: tuple[Booking, ...] = ()
    reviews: int = 0  # open reviews the stored plan gives them (decided or proposed)
    proposed: int = 0  # of those, the ones the scheduler chose them for (no officer decided)
    decided: int = 0  # contracts that name them as their officer
    overloaded_weeks: int = 0  # weeks from today the plan books beyond their hours


@dataclass(frozen=True, slots=True)
class TeamOverview:
    """The whole team, by name, and the reviews the plan left with no officer."""

    officers: list[OfficerOverview] = field(default_factory=list)
    unstaffed: int = 0


def read_team_overview(db: Database, today: date) -> TeamOverview:
    """Every officer with their leave and their share of the stored plan."""
    bookings: dict[str, list[Booking]] = {}
    for _, name, starts, ends in list_leave(db):
        bookings.setdefault(name, []).append(Booking(name, starts, ends))
    reviews = {
        officer: (int(count), int(proposed))
        for officer, count, proposed in db.conn.execute(
            "SELECT r.officer, count(*), sum(c.officer IS NULL) FROM reviews r "
            "JOIN contracts c ON c.id = r.contract_id WHERE r.officer IS NOT NULL "
            "GROUP BY r.officer"
        )
    }
    decided: dict[str, int] = {}  # by name in lower case: the team's names match any case
    for officer, count in db.conn.execute(
        "SELECT officer, count(*) FROM contracts WHERE officer IS NOT NULL GROUP BY officer"
    ):
        decided[officer.lower()] = decided.get(officer.lower(), 0) + int(count)
    monday = date.fromordinal(today.toordinal() - today.weekday()).isoformat()
    overloaded: dict[str, int] = {}
    for officer, week, demand, capacity in db.conn.execute(
        "SELECT officer, week, demand_hours, capacity_hours FROM workload WHERE week >= ?",
        (monday,),
    ):
        if WeekLoad(officer, date.fromisoformat(week), demand, capacity).overloaded:
            overloaded[officer] = overloaded.get(officer, 0) + 1
    (unstaffed,) = db.conn.execute("SELECT count(*) FROM reviews WHERE officer IS NULL").fetchone()
    officers = [
        OfficerOverview(
            o.name,
            o.weekly_hours,
            o.skills,
            tuple(bookings.get(o.name, ())),
            reviews=reviews.get(o.name, (0, 0))[0],
            proposed=reviews.get(o.name, (0, 0))[1],
            decided=decided.get(o.name.lower(), 0),
            overloaded_weeks=overloaded.get(o.name, 0),
        )
        for o in list_officers(db)
    ]
    return TeamOverview(officers, int(unstaffed))

"""The demo's procurement team: seven officers with hours, skills and some leave, and more
for a larger demo so its plan stays one a team could carry."""

from __future__ import annotations

import random
from datetime import date, timedelta

from planner.demo.generator import DEMO_DEPARTMENTS, OFFICERS
from planner.store.db import Database
from planner.store.team import add_leave, add_officer, list_officers

# name -> (weekly hours on reviews, skills): departments and categories they know.
TEAM: dict[str, tuple[float, tuple[str, ...]]] = {
    OFFICERS[0]: (37.0, ("ICT",)),
    OFFICERS[1]: (37.0, ("Estates", "Facilities")),
    OFFICERS[2]: (30.0, ("HR", "Learning & Development")),
    OFFICERS[3]: (37.0, ("HQ Crime", "Forensic")),
    OFFICERS[4]: (22.5, ("Fleet", "Vehicles")),
    OFFICERS[5]: (37.0, ()),
    OFFICERS[6]: (30.0, ("Finance", "Custody")),
}


# One officer to about this many contracts on the register (the benchmarks' 10 officers for
# 1,500 contracts); the seven named officers are the smallest team.
CONTRACTS_PER_OFFICER = 150
_HOURS = (37.0, 30.0, 22.5)


def demo_team(contracts: int) -> dict[str, tuple[float, tuple[str, ...]]]:
    """The team for a demo of `contracts` contracts: the seven named officers, then numbered
    ones (hours and one department's skill in turn) up to one per 150 contracts."""
    team = dict(TEAM)
    for n in range(len(TEAM), max(len(TEAM), contracts // CONTRACTS_PER_OFFICER)):
        team[f"Officer {n + 1:03d}"] = (_HOURS[n % 3], (DEMO_DEPARTMENTS[n % 9],))
    return team


def build_demo_team(
    db: Database, seed: int, today: date, who: str = "demo", contracts: int = 0
) -> int:
    """Add the demo officers for `contracts` contracts (those not already in the team) and
    book each a summer and a winter break in the coming year; returns how many were added."""
    rng = random.Random(seed)
    known = {o.name.lower() for o in list_officers(db)}
    added = 0
    for name, (hours, skills) in demo_team(contracts).items():
        # Draw the leave whether or not the officer is added, so the dates do not depend
        # on who was already there.
        summer = date(today.year + 1, 7, 13) + timedelta(weeks=rng.randrange(6))
        winter = today + timedelta(days=rng.randrange(20, 120))
        if name.lower() in known:
            continue
        add_officer(db, name, hours, who, skills)
        add_leave(db, name, summer, summer + timedelta(days=11), who)
        add_leave(db, name, winter, winter + timedelta(days=rng.choice((1, 2, 4))), who)
        added += 1
    return added

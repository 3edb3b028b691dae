"""The demo's procurement team: seven officers with hours, skills and some leave."""

from __future__ import annotations

import random
from datetime import date, timedelta

from planner.demo.generator import OFFICERS
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


def build_demo_team(db: Database, seed: int, today: date, who: str = "demo") -> int:
    """Add the demo officers (those not already in the team) and book each a summer and
    a winter break in the coming year; returns how many officers were added."""
    rng = random.Random(seed)
    known = {o.name.lower() for o in list_officers(db)}
    added = 0
    for name, (hours, skills) in TEAM.items():
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

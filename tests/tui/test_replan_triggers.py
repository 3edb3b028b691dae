"""Every kind of change that affects the plan, made in the planner, brings the plan up to
date without p (issue 12, "Live plan": decision, route, officer, priority, risk, dates,
value, milestone done, leave, team; the rules are changed on the command line, see
tests/tui/test_team_changes_elsewhere.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from planner.tui.app import PlannerApp
from tests.tui.conftest import press, settle, wait_until

# (screen, keys): each saves one change of its kind on the demo's first row.
CHANGES = {
    "decision": ("triage", ["e"]),
    "priority": ("triage", ["p", "1"]),
    "risk": ("triage", ["r", "h"]),
    "officer": ("triage", ["o", "1"]),
    "end date": ("triage", ["enter", *["down"] * 17, "e", *"31/03/2028", "enter"]),
    "milestone done": ("milestones", ["down", "d"]),
    "leave": ("programme", ["o", "l", *"1/12/2026", "enter", *"4/12/2026", "enter"]),
    "hours": ("programme", ["o", "h", *"20", "enter"]),
}


@pytest.mark.parametrize("change", list(CHANGES))
async def test_a_change_made_in_the_planner_re_plans_without_p(
    make_app: Callable[..., PlannerApp], change: str
) -> None:
    start, keys = CHANGES[change]
    app = make_app(start=start, replan_seconds=0.05)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        replanning: list[bool] = []
        app.watch(app, "replanning", lambda now: replanning.append(now), init=False)
        await press(pilot, *keys)
        await wait_until(pilot, lambda: replanning[-1:] == [False], seconds=5)
        assert replanning[0] is True, f"{change}: no re-plan started"

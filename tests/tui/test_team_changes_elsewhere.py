"""Changes to the team, its leave and the rules made outside the open planner (the command
line, another planner) are noticed and planned without p, what-if or not (issue 12, "Live
plan": "After any change that affects the plan (... leave, team, rules)")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planner.store import Database
from planner.tui.app import PlannerApp
from planner.tui.dialogs.whatif import WhatIfDialog
from planner.tui.screens.programme import ProgrammeScreen
from tests.conftest import run
from tests.tui.conftest import press, settle, wait_until

COMMANDS = {
    "leave": ["leave", "add", "D. Rahman", "2026-11-30", "2027-01-15"],
    "hours": ["officer", "set", "B. Shaw", "--hours", "10"],
    "new officer": ["officer", "add", "H. Patel", "--hours", "37", "--skills", "Estates"],
    # St Andrew's Day, Monday 30 Nov 2026, is a holiday for a team in Scotland: that week has
    # a day less of everyone's hours (docs/rules.md, "The team calendar").
    "rules": ["rules", "set", "setting", "team_calendar", "SCT"],
}


def _capacity_cells(app: PlannerApp) -> list[tuple[str, ...]]:
    table = app.screen.query_one("#capacity")
    return [tuple(str(c) for c in table.get_row_at(n)) for n in range(table.row_count)]  # type: ignore[attr-defined]


def _plans(db: Database) -> int:
    (count,) = db.conn.execute("SELECT count(*) FROM changes WHERE kind = 'schedule'").fetchone()
    return int(count)


@pytest.mark.parametrize("change", list(COMMANDS))
async def test_a_change_on_the_command_line_re_plans_the_open_planner(
    make_app: Callable[..., PlannerApp], demo_path: Path, change: str
) -> None:
    app = make_app(start="programme", replan_seconds=0.05)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProgrammeScreen)
        before = _capacity_cells(app)
        app.look_for_changes()  # the watch timer's first look: where the database is now
        await settle(pilot)
        assert run(*COMMANDS[change], "--db", str(demo_path)).exit_code == 0
        replanning: list[bool] = []
        app.watch(app, "replanning", lambda now: replanning.append(now), init=False)
        app.look_for_changes()  # the next tick
        await wait_until(pilot, lambda: replanning[-1:] == [False], seconds=5)
        await settle(pilot)
        assert _capacity_cells(app) != before


async def test_a_change_made_elsewhere_during_a_whatif_is_planned_once_it_is_discarded(
    make_app: Callable[..., PlannerApp], demo_path: Path, read_db: Database
) -> None:
    app = make_app(start="programme", replan_seconds=0.05)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.look_for_changes()
        await press(pilot, "w")
        await wait_until(pilot, lambda: app.whatif_changes == 0)
        assert run(*COMMANDS["leave"], "--db", str(demo_path)).exit_code == 0
        plans = _plans(read_db)
        app.look_for_changes()
        await settle(pilot)
        assert _plans(read_db) == plans, "nothing is written to the real plan during a what-if"
        await press(pilot, "w")
        await wait_until(pilot, lambda: isinstance(app.screen, WhatIfDialog))
        await press(pilot, "d")
        await wait_until(pilot, lambda: app.whatif is None and not app.replanning, seconds=5)
        await settle(pilot)
    assert _plans(read_db) == plans + 1, "the leave booked meanwhile is planned after discard"

"""home and end go to the first and last row of every table, not only the triage table's
(a DataTable's own home and end scroll sideways, which the planner's tables never do)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable

from planner.tui.app import PlannerApp
from tests.tui.conftest import press, settle


async def test_end_and_home_on_the_contract_register(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        register = app.screen.query_one("#register", DataTable)
        await press(pilot, "end")
        assert register.cursor_row == register.row_count - 1
        await press(pilot, "home")
        assert register.cursor_row == 0


async def test_end_and_home_on_the_milestones_list(make_app: Callable[..., PlannerApp]) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        await press(pilot, "end")
        assert table.cursor_row == table.row_count - 1
        await press(pilot, "home")
        assert table.cursor_row == 0

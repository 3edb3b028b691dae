"""The milestone list's section headings show their whole count, however long the list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.widgets import DataTable

from planner.tui.app import PlannerApp
from planner.tui.messages import MilestonesLoaded
from planner.tui.readers import MilestoneBoard
from planner.tui.screens.milestones import MilestonesScreen
from tests.tui.conftest import settle


async def test_a_heading_with_a_four_digit_count_fits_its_column(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MilestonesScreen) and screen.board is not None
        board = screen.board
        sample = (board.overdue + board.this_week + board.next_week)[0]
        many = [replace(sample, contract_id=sample.contract_id + n) for n in range(1234)]
        screen.post_message(MilestonesLoaded(MilestoneBoard(board.today, [], [], many)))
        await settle(pilot)
        table = screen.query_one(DataTable)
        heading = table.get_row("section:Next week")[0].plain
        assert heading == "Next week (1234)"
        assert len(heading) <= table.columns["Due"].width

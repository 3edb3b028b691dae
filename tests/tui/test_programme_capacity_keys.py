"""On a narrow terminal the capacity view replaces the timeline: the timeline's keys leave
the footer and do nothing unseen; back on the timeline they work again."""

from __future__ import annotations

from collections.abc import Callable

from planner.tui.app import PlannerApp
from planner.tui.screens.programme import ProgrammeScreen
from tests.tui.conftest import press, settle


async def test_timeline_keys_are_off_while_capacity_fills_a_narrow_screen(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="programme")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgrammeScreen)
        first = screen.first_month
        await press(pilot, "c")
        assert screen.check_action("group", ()) is False
        assert screen.check_action("capacity", ()) is True
        await press(pilot, "g", "right_square_bracket")
        assert (screen.grouping, screen.first_month) == ("department", first)
        await press(pilot, "c", "g")
        assert screen.grouping == "officer"

"""ctrl+d on the briefs screen goes to the department, or says why there is none."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Select

from planner.tui.app import PlannerApp
from planner.tui.screens.briefs import BriefsScreen
from planner.tui.widgets import StatusLine
from tests.tui.conftest import press, settle


async def test_ctrl_d_on_a_brief_without_a_department_says_so(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="briefs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefsScreen) and screen.brief == "programme"
        before = app.focused
        await press(pilot, "ctrl+d")
        assert app.focused is before
        assert "Only the department brief has a department" in str(
            screen.query_one(StatusLine).render()
        )


async def test_ctrl_d_on_the_department_brief_goes_to_the_department(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="briefs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+b", "down", "enter", "ctrl+o")
        assert app.focused is not None and app.focused.id == "brief-preview"
        await press(pilot, "ctrl+d")
        department = app.screen.query_one("#brief-department", Select)
        assert department.expanded and app.focused in department.query("*")


async def test_ctrl_b_and_ctrl_d_open_their_choice_list_directly(
    make_app: Callable[..., PlannerApp],
) -> None:
    """Issue 15: ctrl+b and ctrl+d only moved the focus and needed enter to open the list."""
    app = make_app(start="briefs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        brief = app.screen.query_one("#brief", Select)
        await press(pilot, "ctrl+o", "ctrl+b")
        assert brief.expanded
        await press(pilot, "down", "enter")
        assert not brief.expanded and brief.value == "department"
        department = app.screen.query_one("#brief-department", Select)
        await press(pilot, "ctrl+o", "ctrl+d")
        assert department.expanded
        await press(pilot, "escape")
        assert not department.expanded

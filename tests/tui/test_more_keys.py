"""The remaining keys: quitting while typing, refresh, panel focus, the timeline's cursor
keys, closing the keys list, and a milestone done on a date from the contract screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual.widgets import DataTable, Input

from planner.store import Database
from planner.store.contracts import get_contract, update_contract
from planner.store.plan_reader import milestones_for
from planner.tui.app import PlannerApp
from planner.tui.dialogs import KeysDialog, PromptDialog
from planner.tui.screens.detail import ContractScreen
from planner.tui.widgets import ContractTable
from planner.tui.widgets.gantt import GanttChart
from tests.conftest import FROZEN_TODAY
from tests.tui.conftest import press, settle


async def test_ctrl_q_quits_even_while_typing_in_the_search(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", "q")  # q is typed, not quit
        assert app.is_running
        assert app.screen.query_one("#search", Input).value == "q"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_l_reads_the_screen_again(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = app.screen.query_one(ContractTable).rows[0]
        update_contract(read_db, row.id, {"title": "Changed meanwhile"},
                        expected_version=row.version, who="colleague")  # fmt: skip
        await press(pilot, "ctrl+l")
        assert app.screen.query_one(ContractTable).rows[0].title == "Changed meanwhile"


async def test_tab_moves_between_dashboard_panels(make_app: Callable[..., PlannerApp]) -> None:
    app = make_app(start="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "dashboard"
        await press(pilot, "tab")
        assert app.focused is not None and app.focused.id == "notices"


async def test_timeline_cursor_keys(make_app: Callable[..., PlannerApp]) -> None:
    app = make_app(start="programme")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chart = app.screen.query_one(GanttChart)
        start = chart.cursor
        await press(pilot, "down", "j")
        assert chart.cursor == start + 2
        await press(pilot, "up", "k")
        assert chart.cursor == start
        await press(pilot, "pagedown")
        assert chart.cursor == start + chart.page
        await press(pilot, "pageup", "end")
        assert chart.cursor == len(chart.lines) - 1
        await press(pilot, "home")
        assert chart.cursor == 0


async def test_the_keys_list_closes_with_question_mark_or_q(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for closing in ("question_mark", "q"):
            await press(pilot, "question_mark")
            assert isinstance(app.screen, KeysDialog)
            await press(pilot, closing)
            assert not isinstance(app.screen, KeysDialog)
        assert app.is_running


async def test_shift_d_on_the_contract_screen_records_the_date_typed(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "o", "m")
        screen = app.screen
        assert isinstance(screen, ContractScreen) and screen.detail is not None
        table = screen.query_one("#milestone-table", DataTable)
        milestone = screen.detail.milestones[table.cursor_row]
        assert milestone.actual is None
        await press(pilot, "D")
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one(Input).value = "yesterday"
        await press(pilot, "enter")
        done = next(m for m in milestones_for(read_db, screen.contract_id)
                    if m.stage == milestone.stage)  # fmt: skip
        assert done.actual == FROZEN_TODAY - timedelta(days=1)
        assert get_contract(read_db, screen.contract_id).version >= 1

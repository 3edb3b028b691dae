"""Milestones: the three lists match the database; marking done records it and re-plans."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual.widgets import DataTable, Input

from planner.store import Database
from planner.store.plan_reader import milestones_for, overdue_milestones
from planner.tui.app import PlannerApp
from planner.tui.dialogs import PromptDialog
from planner.tui.screens.detail import ContractScreen
from planner.tui.screens.milestones import MilestonesScreen, milestone_key
from tests.conftest import FROZEN_TODAY
from tests.tui.conftest import press, settle


def _screen(app: PlannerApp) -> MilestonesScreen:
    assert isinstance(app.screen, MilestonesScreen)
    return app.screen


def _actual(db: Database, contract_id: int, stage: str) -> object:
    return next(m.actual for m in milestones_for(db, contract_id) if m.stage == stage)


async def test_the_overdue_list_is_what_the_store_calls_overdue(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = _screen(app).board
        assert board is not None
        expected = overdue_milestones(read_db, FROZEN_TODAY)
        assert [(m.contract_id, m.stage) for m in board.overdue] == [
            (m.contract_id, m.stage) for m in expected
        ]
        sunday = FROZEN_TODAY + timedelta(days=6 - FROZEN_TODAY.weekday())
        assert all(m.planned is not None and m.planned <= sunday for m in board.this_week)
        assert all(m.planned is not None and m.planned > sunday for m in board.next_week)


async def test_d_marks_the_highlighted_milestone_done_today_and_replans(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = _screen(app)._current()
        assert chosen is not None and chosen.actual is None
        await press(pilot, "d")
        assert _actual(read_db, chosen.contract_id, chosen.stage) == FROZEN_TODAY
        assert (chosen.contract_id, chosen.stage) not in {
            (m.contract_id, m.stage) for m in overdue_milestones(read_db, FROZEN_TODAY)
        }
        ran = read_db.conn.execute(
            "SELECT value FROM schedule_state WHERE key = 'today'"
        ).fetchone()[0]
        assert ran == FROZEN_TODAY.isoformat()
        assert milestone_key(chosen) not in _screen(app).rows


async def test_shift_d_asks_for_the_date_and_refuses_one_in_the_future(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = _screen(app)._current()
        assert chosen is not None
        await press(pilot, "D")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        dialog.query_one(Input).value = "31/12/2026"
        await press(pilot, "enter")
        assert app.screen is dialog
        problem = str(dialog.query_one("#problem").render())
        assert problem.startswith("31 Dec 2026 is after today (25 Nov 2026)")
        assert problem.endswith("give the day the stage was done, today or earlier")
        dialog.query_one(Input).value = "20/11/2026"
        await press(pilot, "enter")
        assert _actual(read_db, chosen.contract_id, chosen.stage) == FROZEN_TODAY - timedelta(
            days=5
        )


async def test_done_on_takes_a_day_in_words(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = _screen(app)._current()
        assert chosen is not None
        await press(pilot, "D")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        dialog.query_one(Input).value = "3 days ago"
        await press(pilot, "enter")
        assert _actual(read_db, chosen.contract_id, chosen.stage) == FROZEN_TODAY - timedelta(
            days=3
        )


async def test_o_and_enter_open_the_milestones_contract(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = _screen(app)._current()
        assert chosen is not None
        await press(pilot, "o")
        assert isinstance(app.screen, ContractScreen)
        assert app.screen.contract_id == chosen.contract_id
        await press(pilot, "escape", "enter")
        assert isinstance(app.screen, ContractScreen)


async def test_a_section_heading_is_not_a_milestone_to_mark(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=0)
        changes = read_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
        await press(pilot, "d")
        assert read_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == changes


async def test_the_contract_screen_marks_a_milestone_done_from_its_plan(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "o")
        screen = app.screen
        assert isinstance(screen, ContractScreen) and screen.detail is not None
        await press(pilot, "d")  # first press shows the plan and asks to choose
        assert screen.query_one("#milestone-table").has_focus
        table = screen.query_one("#milestone-table", DataTable)
        milestone = screen.detail.milestones[table.cursor_row]
        assert milestone.actual is None
        await press(pilot, "d")
        assert _actual(read_db, screen.contract_id, milestone.stage) == FROZEN_TODAY

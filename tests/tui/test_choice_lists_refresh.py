"""Departments and officers added by another process (the CLI, an import) join the UI's
choice lists when the UI reads the database again: on f5 and when the watcher notices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import OptionList, Select

from planner.store import Database
from planner.store.contracts import add_department
from planner.store.team import add_officer
from planner.tui.app import PlannerApp
from planner.tui.dialogs.choice import ChoiceDialog
from planner.tui.screens.briefs import BriefsScreen
from planner.tui.screens.detail import ContractScreen
from tests.tui.conftest import press, settle


def offered(select: Select[Any]) -> list[str]:
    """What a Select's drop-down lists (these lists' labels are their values)."""
    return [str(option.prompt) for option in select.query_one(OptionList).options]


async def test_triage_filters_offer_a_department_and_officer_added_elsewhere(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.look_for_changes()
        await settle(pilot)
        departments = app.screen.query_one("#department", Select)
        officers = app.screen.query_one("#officer", Select)
        assert "Transport" not in offered(departments)
        add_department(read_db, "Transport", "colleague")
        add_officer(read_db, "Z. Newcomer", 37.5, "colleague")
        app.look_for_changes()
        await settle(pilot)
        assert "Transport" in offered(departments)
        assert "Z. Newcomer" in offered(officers)


async def test_triage_filters_catch_up_after_a_contract_was_open(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.look_for_changes()
        await press(pilot, "enter")
        assert isinstance(app.screen, ContractScreen)
        add_department(read_db, "Transport", "colleague")
        app.look_for_changes()  # reloads the contract screen, not the triage under it
        await settle(pilot)
        await press(pilot, "escape")
        assert "Transport" in offered(app.screen.query_one("#department", Select))


async def test_a_department_added_just_after_the_ui_opened_is_noticed(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    # The watcher notes the database's state when the app opens, so the first tick
    # notices a change made before it (it used to take the first tick as its baseline).
    app = make_app(watch_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        add_department(read_db, "Transport", "colleague")
        app.look_for_changes()  # the timer's first tick
        await settle(pilot)
        assert "Transport" in offered(app.screen.query_one("#department", Select))


async def test_the_briefs_department_choice_offers_a_department_added_elsewhere(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="briefs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.look_for_changes()
        await settle(pilot)
        choice = app.screen.query_one("#brief-department", Select)
        assert "Transport" not in offered(choice)
        add_department(read_db, "Transport", "colleague")
        app.look_for_changes()
        await settle(pilot)
        assert "Transport" in offered(choice)
        add_department(read_db, "Roads", "colleague")
        await press(pilot, "f5")
        assert "Roads" in offered(choice)


async def test_refreshing_the_briefs_keeps_the_department_chosen(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="briefs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefsScreen)
        screen.query_one("#brief", Select).value = "department"
        await settle(pilot)
        screen.query_one("#brief-department", Select).value = "Estates"
        await settle(pilot)
        assert screen.shown is not None and screen.shown.request.department == "Estates"
        add_department(read_db, "Transport", "colleague")
        await press(pilot, "f5")
        assert screen.department == "Estates"
        assert screen.shown is not None and screen.shown.request.department == "Estates"


async def test_the_contract_screen_offers_a_department_added_elsewhere(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.look_for_changes()
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ContractScreen)
        add_department(read_db, "Transport", "colleague")
        app.look_for_changes()
        await settle(pilot)
        register = screen.query_one("#register")
        register.move_cursor(row=register.get_row_index("department"))  # type: ignore[attr-defined]
        await press(pilot, "e")
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert "Transport" in [c.value for c in dialog.choices]

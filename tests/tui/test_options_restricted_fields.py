"""A contract's extension options and its restricted flag are edited on the contract screen
with the keys a user presses (docs/rules.md, "Extension options", "Restricted contracts")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from planner.store import Database
from planner.store.contracts import get_contract
from planner.tui.app import PlannerApp
from planner.tui.dialogs import ChoiceDialog, PromptDialog
from planner.tui.screens.detail import ContractScreen
from tests.tui.conftest import enter_text, press, settle


async def _to_field(pilot: Pilot[Any], screen: ContractScreen, column: str) -> None:
    register = screen.query_one("#register", DataTable)
    target = register.get_row_index(column)
    await press(pilot, *["down"] * (target - register.cursor_row))
    assert register.cursor_row == target


async def test_restricted_and_options_are_set_from_the_contract_screen(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """PA 2023 s.94: a contract withheld on national security grounds is marked so."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ContractScreen)
        await _to_field(pilot, screen, "extension_options")
        await press(pilot, "e")
        assert isinstance(app.screen, PromptDialog)
        await enter_text(pilot, "whenever")
        assert isinstance(app.screen, PromptDialog), "words that are not options are refused"
        await enter_text(pilot, "2 x 12 months")
        assert get_contract(read_db, screen.contract_id).extension_options == "P12M+P12M"
        await _to_field(pilot, screen, "restricted")
        await press(pilot, "e")
        assert isinstance(app.screen, ChoiceDialog)
        await press(pilot, "y")
        assert get_contract(read_db, screen.contract_id).restricted is True
        await _to_field(pilot, screen, "restricted_reason")
        await press(pilot, "e")
        await enter_text(pilot, "national security")
        saved = get_contract(read_db, screen.contract_id)
        assert saved.restricted_reason == "national security"

"""Whether a contract's values include VAT is edited on the contract screen like any
yes/no field, with the keys a user presses."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable

from planner.store import Database
from planner.store.contracts import get_contract
from planner.tui.app import PlannerApp
from planner.tui.dialogs import ChoiceDialog
from planner.tui.screens.detail import ContractScreen
from tests.tui.conftest import press, settle


async def test_values_include_vat_is_set_from_the_contract_screen(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """PA 2023 Sch. 1 and Sch. 3: thresholds include VAT, so the planner must know whether a
    contract's values do; someone who knows puts it right on the contract screen."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ContractScreen)
        register = screen.query_one("#register", DataTable)
        target = register.get_row_index("values_include_vat")
        await press(pilot, *["down"] * (target - register.cursor_row))
        assert register.cursor_row == target
        await press(pilot, "e")
        assert isinstance(app.screen, ChoiceDialog)
        await press(pilot, "y")
        assert app.screen is screen
        assert get_contract(read_db, screen.contract_id).values_include_vat is True
        await press(pilot, "e", "n")
        assert get_contract(read_db, screen.contract_id).values_include_vat is False
        await press(pilot, "e", "0")  # not known: read as excluding VAT
        assert get_contract(read_db, screen.contract_id).values_include_vat is None

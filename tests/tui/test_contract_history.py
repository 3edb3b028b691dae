"""A contract's history reads as one line per field, including what a re-plan derived."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.widgets import DataTable

from planner.store import Database
from planner.tui.app import PlannerApp
from planner.tui.screens.detail import ContractScreen
from tests.tui.conftest import press, settle


async def test_a_replans_derived_columns_show_as_one_row_each_in_plain_words(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    contract_id, field = read_db.conn.execute(
        "SELECT CAST(entity_id AS INTEGER), field FROM audit WHERE entity = 'contract' "
        "AND field = 'rag,next_milestone,next_milestone_date' ORDER BY id LIMIT 1"
    ).fetchone()
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.push_screen(ContractScreen(contract_id))
        await settle(pilot)
        await press(pilot, "h")
        history = app.screen.query_one("#history-table", DataTable)
        rows = [[str(cell) for cell in history.get_row_at(i)] for i in range(history.row_count)]
        fields = [row[2] for row in rows]
        assert {"RAG", "Next milestone", "Next milestone due"} <= set(fields)
        assert field not in fields
        assert not [cell for row in rows for cell in row if cell.startswith("[")]


async def test_history_shows_dates_money_and_codes_as_the_register_does(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    from planner.store.contracts import get_contract, update_contract

    contract_id = read_db.conn.execute("SELECT min(id) FROM contracts").fetchone()[0]
    contract = get_contract(read_db, contract_id)
    update_contract(
        read_db, contract_id, {"end_date": date(2027, 3, 1), "annual_value": 4_500_000,
                               "risk": "high", "sme": True},
        expected_version=contract.version, who="colleague",
    )  # fmt: skip
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ContractScreen(contract_id))
        await settle(pilot)
        await press(pilot, "h")
        history = app.screen.query_one("#history-table", DataTable)
        rows = {
            str(history.get_row_at(i)[2]): str(history.get_row_at(i)[4])
            for i in range(history.row_count)
        }
        assert rows["End date"] == "1 Mar 2027"
        assert rows["Annual value"] == "£45,000"
        assert rows["Risk"] == "High"
        assert rows["SME"] == "yes"

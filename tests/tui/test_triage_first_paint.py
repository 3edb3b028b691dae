"""Triage opens fast on a large register: the first frame has its rows, and the filters'
drop-down lists are built when first opened, yet every filter works as before."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from planner.store import Database
from planner.store.triage import UNTRIAGED, TriageQuery, count_rows
from planner.tui.app import PlannerApp
from planner.tui.widgets import ContractTable
from tests.tui.conftest import press, settle


async def test_the_first_frame_of_the_table_shows_rows_not_placeholders(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="triage")
    painted: list[tuple[bool, int]] = []  # (table loaded, rows held) at each paint
    original = ContractTable.render_line

    def render_line(self: ContractTable, y: int) -> object:
        painted.append((self.loaded, len(self.rows)))
        return original(self, y)

    ContractTable.render_line = render_line  # type: ignore[method-assign,assignment]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            table = app.screen.query_one(ContractTable)
            # Read while the screen was built: painted loaded from the first line on, with a
            # page of rows and no second read for the rest of the screen.
            assert painted and painted[0][0]
            assert painted[0][1] >= table.page
            assert len(table.rows) <= 3 * table.page
    finally:
        ContractTable.render_line = original  # type: ignore[method-assign]


async def test_a_filter_list_is_built_when_it_first_opens_and_then_filters(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.screen.query(SelectOverlay)  # none of the five lists built yet
        status = app.screen.query_one("#status", Select)
        status.focus()
        await press(pilot, "enter")  # opens the list, on its first entry
        assert status.expanded
        assert len(status.query(SelectOverlay)) == 1
        await press(pilot, "down", "enter")  # the entry after the prompt: Untriaged
        assert status.value == UNTRIAGED
        assert not status.expanded
        await settle(pilot)
        table = app.screen.query_one(ContractTable)
        assert table.total == count_rows(read_db, TriageQuery(status=UNTRIAGED))
        await press(pilot, "enter")  # opened again: the same list, the value highlighted
        assert len(status.query(SelectOverlay)) == 1
        assert status.query_one(SelectOverlay).highlighted == 1

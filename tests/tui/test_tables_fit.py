"""Tables fit the terminal: a flexible column (stage, title, value) takes what the others
leave, ending in '…', and the least needed columns give way, so nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import DataTable

from planner.tui.app import PlannerApp
from planner.tui.widgets.tables import Fit, fit_widths
from tests.tui.conftest import press, settle

WIDTHS = [80, 100, 130, 131, 132, 133, 134, 135, 160]


def fits(table: DataTable[object]) -> bool:
    """True when the table's columns are no wider than the room it has."""
    return table.size.width > 0 and table.max_scroll_x == 0


@pytest.mark.parametrize("width", WIDTHS)
async def test_the_contract_screens_tables_do_not_scroll_sideways(
    make_app: Callable[..., PlannerApp], width: int
) -> None:
    app = make_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        for key, table_id in (("g", "#register"), ("m", "#milestone-table"),
                              ("h", "#history-table")):  # fmt: skip
            await press(pilot, key)
            table = app.screen.query_one(table_id, DataTable)
            assert table.row_count > 0
            assert fits(table), (table_id, table.virtual_size.width, table.size.width)


@pytest.mark.parametrize("width", WIDTHS)
async def test_the_milestones_screen_does_not_scroll_sideways(
    make_app: Callable[..., PlannerApp], width: int
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#milestone-list", DataTable)
        assert table.row_count > 0
        assert fits(table), (table.virtual_size.width, table.size.width)


async def test_a_table_fits_again_when_the_terminal_is_resized(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#milestone-list", DataTable)
        cursor_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        assert "Title" in table.columns
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert fits(table) and "Title" not in table.columns  # the title gave way
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key == cursor_key
        await pilot.resize_terminal(160, 24)
        await settle(pilot)
        assert fits(table) and "Title" in table.columns


def test_flexible_columns_shrink_before_any_column_leaves() -> None:
    columns = [Fit("Name", 20, least=8, grow=True), Fit("Date", 9), Fit("Extra", 9, drop=1)]
    assert fit_widths(columns, 60) == [(columns[0], 36), (columns[1], 9), (columns[2], 9)]
    assert fit_widths(columns, 34) == [(columns[0], 10), (columns[1], 9), (columns[2], 9)]
    assert fit_widths(columns, 31) == [(columns[0], 18), (columns[1], 9)]  # Extra gave way


def test_flexible_columns_share_what_is_left() -> None:
    columns = [Fit("From", 24, least=10), Fit("To", 24, least=10)]
    assert [w for _, w in fit_widths(columns, 29)] == [13, 12]


@pytest.mark.parametrize("width", [80, 100, 160])
@pytest.mark.parametrize("start", ["triage", "milestones"])
async def test_the_keys_dialog_shows_every_binding_id_whole_without_scrolling_sideways(
    make_app: Callable[..., PlannerApp], width: int, start: str
) -> None:
    app = make_app(start=start)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        table = app.screen.query_one("#keys", DataTable)
        assert fits(table), (table.virtual_size.width, table.size.width)
        ids = [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]
        assert "app.quit" in ids and all(not i.endswith("…") for i in ids)
        width_of_ids = table.columns[next(k for k in table.columns if k.value == "Binding id")]
        assert width_of_ids.width >= max(len(i) for i in ids)

"""Triage opens fast on a large register: the first window is read once, as the screen is
built, and the table has the focus from the start while every filter works as before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import OptionList, Select

from planner.store import Database
from planner.store.triage import UNTRIAGED, TriageQuery, count_rows, open_window
from planner.tui.app import PlannerApp
from planner.tui.screens import triage
from planner.tui.widgets import ContractTable
from tests.tui.conftest import press, settle


async def test_the_first_window_is_read_once_while_the_screen_is_built_and_fills_it(
    make_app: Callable[..., PlannerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first window is asked for as the screen is built (so it can be in the first frame),
    sized from the terminal, and the screen's first load does not read it again. Whether it
    lands before the first frame is a matter of speed: bench/tui_bench.py measures it."""
    app = make_app(start="triage")
    reads: list[int] = []  # the size of each window read

    def counted(db: Database, query: TriageQuery, **kwargs: Any) -> Any:
        reads.append(kwargs["size"])
        return open_window(db, query, **kwargs)

    monkeypatch.setattr(triage, "open_window", counted)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ContractTable)
        assert len(reads) == 1, "one read for the first screen of rows, not a second on mount"
        assert reads[0] >= 3 * table.page  # sized before the table had a size: enough
        assert table.loaded and len(table.rows) >= table.page
        assert len(table.rows) <= 3 * (40 - triage.CHROME_LINES)


async def test_the_table_has_the_focus_at_once_and_a_filter_list_opens_and_filters(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.focused is app.screen.query_one(ContractTable)
        status = app.screen.query_one("#status", Select)
        status.focus()
        await press(pilot, "enter")  # opens the list, on its first entry
        assert status.expanded
        await press(pilot, "down", "enter")  # the entry after the prompt: Untriaged
        assert status.value == UNTRIAGED
        assert not status.expanded
        await settle(pilot)
        table = app.screen.query_one(ContractTable)
        assert table.total == count_rows(read_db, TriageQuery(status=UNTRIAGED))
        await press(pilot, "enter")  # opened again: the same list, the value highlighted
        assert status.query_one(OptionList).highlighted == 1

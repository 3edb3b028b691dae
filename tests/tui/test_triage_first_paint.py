"""Triage opens fast on a large register: the first window is read once, as the screen is
built, and the first frame waits for it (at most a bound) so the rows are in it however the
read's thread and the UI thread are scheduled; the footer's keys are built once; the table
has the focus from the start while every filter works as before."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import nullcontext
from types import SimpleNamespace
from typing import Any

import pytest
from textual.strip import Strip
from textual.widgets import OptionList, Select

from planner.store import Database
from planner.store.triage import UNTRIAGED, TriageQuery, count_rows, open_window
from planner.tui.app import PlannerApp
from planner.tui.screens import base, triage
from planner.tui.screens.triage import TriageScreen
from planner.tui.widgets import ContractTable
from planner.tui.widgets.chrome import PlannerFooter
from tests.tui.conftest import press, settle


async def test_the_first_window_is_read_once_while_the_screen_is_built_and_fills_it(
    make_app: Callable[..., PlannerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first window is asked for as the screen is built (so it can be in the first frame),
    sized from the terminal, and the screen's first load does not read it again."""
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


def slow_reads(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Every window read takes `seconds` longer (a busy machine, a cold disk)."""

    def slow(db: Database, query: TriageQuery, **kwargs: Any) -> Any:
        time.sleep(seconds)
        return open_window(db, query, **kwargs)

    monkeypatch.setattr(triage, "open_window", slow)


def first_paints(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the table had rows each time it painted a line below its header."""
    painted: list[bool] = []
    original = ContractTable.render_line

    def render_line(self: ContractTable, y: int) -> Strip:
        if y > 0:
            painted.append(bool(self.rows))
        return original(self, y)

    monkeypatch.setattr(ContractTable, "render_line", render_line)
    return painted


async def test_the_first_frame_has_the_rows_even_when_the_read_is_slower_than_the_screen(
    make_app: Callable[..., PlannerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read lands after the screen is built and styled; the first frame waits for it
    (up to the bound, long here so a loaded machine cannot fail the test) and shows it."""
    monkeypatch.setattr(base, "FIRST_FRAME_WAIT", 10.0)
    slow_reads(monkeypatch, 0.4)
    painted = first_paints(monkeypatch)
    app = make_app(start="triage")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert painted and painted[0], "the first frame painted the table without its rows"


async def test_a_read_slower_than_the_bound_paints_the_screen_without_rows_then_the_rows(
    make_app: Callable[..., PlannerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "FIRST_FRAME_WAIT", 0.01)
    slow_reads(monkeypatch, 0.4)
    painted = first_paints(monkeypatch)
    app = make_app(start="triage")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        while not app.screen.query_one(ContractTable).loaded:
            await pilot.pause(0.05)
        await settle(pilot)
        table = app.screen.query_one(ContractTable)
        assert len(table.rows) >= table.page
        assert painted[0] is False and painted[-1] is True


async def test_the_footer_builds_its_keys_once_as_the_screen_is_first_shown(
    make_app: Callable[..., PlannerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's footer rebuilt its keys for each of the four binding updates a new screen
    gets (focus, two resumes, after the first frame), on the UI thread: the same keys."""
    built: list[int] = []  # how many widgets each composition made
    original = PlannerFooter.compose

    def compose(self: PlannerFooter) -> Any:
        made = list(original(self))
        built.append(len(made))
        return iter(made)

    monkeypatch.setattr(PlannerFooter, "compose", compose)
    app = make_app(start="triage")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len([n for n in built if n]) == 1, built


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


def test_a_first_read_landing_after_the_planner_closed_says_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Closing the planner cancels the first frame's wait; the read that lands afterwards
    has nowhere to go and ends quietly (it raised InvalidStateError in its worker)."""
    window = SimpleNamespace(cursor=0)
    monkeypatch.setattr(triage, "open_window", lambda db, query, **kwargs: window)
    screen = SimpleNamespace(planner=SimpleNamespace(connections=SimpleNamespace(
        reader=lambda: nullcontext(None))))  # fmt: skip
    waited: Future[Any] = Future()
    waited.cancel()  # as asyncio does to the future it wrapped, when the app closes
    read = TriageScreen._read_window.__wrapped__  # the worker's body, run here
    read(screen, 1, TriageQuery(), None, 0, 10, waited)
    assert waited.cancelled()

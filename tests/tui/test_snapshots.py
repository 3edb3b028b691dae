"""What each screen looks like on the demo programme, frozen at 25 Nov 2026, in a small
(80x24) and a large (160x48) terminal. Update with `make snapshot-update` only after
looking at every changed picture in snapshot_report.html."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from planner.tui.app import PlannerApp
from tests.tui.conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
Snap = Callable[..., bool]


def _prepare(*keys: str, pause: float = 0.0) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the data, press `keys` one by one (each settling), stop every cursor blink."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if pause:
            await pilot.pause(pause)  # a debounce timer (the triage preview) must fire first
            await settle(pilot)
        for screen in pilot.app.screen_stack:
            for field in screen.query(Input):
                field.cursor_blink = False

    return run


def _check(snap_compare: Snap, app: PlannerApp, size: tuple[int, int], keys: Iterable[str] = (),
           pause: float = 0.0) -> None:  # fmt: skip
    assert snap_compare(app, terminal_size=size, run_before=_prepare(*keys, pause=pause))


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                   size: tuple[int, int]) -> None:  # fmt: skip
    """Dashboard: programme RAG, deadlines, centralisation, officer load, KPIs."""
    _check(snap_compare, make_app(start="dashboard"), size)


@pytest.mark.parametrize("size", SIZES)
def test_triage(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                size: tuple[int, int]) -> None:  # fmt: skip
    """Triage: filter bar, table sorted by notice deadline; preview beside it when wide."""
    _check(snap_compare, make_app(start="triage"), size, ["down"], pause=0.2)


@pytest.mark.parametrize("size", SIZES)
def test_triage_filtered_and_marked(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                                    size: tuple[int, int]) -> None:  # fmt: skip
    """Triage after typing 'ser' in the search and marking two rows."""
    keys = ["slash", "s", "e", "r", "enter", "space", "space"]
    _check(snap_compare, make_app(start="triage"), size, keys, pause=0.2)


@pytest.mark.parametrize("size", SIZES)
def test_contract_register(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                           size: tuple[int, int]) -> None:  # fmt: skip
    """Contract screen: flags, register fields (and the plan beside them when wide)."""
    _check(snap_compare, make_app(start="triage"), size, ["enter"])


@pytest.mark.parametrize("size", SIZES)
def test_contract_milestones(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                             size: tuple[int, int]) -> None:  # fmt: skip
    """Contract screen, milestones tab: the verdict, then planned/latest/baseline/actual."""
    _check(snap_compare, make_app(start="triage"), size, ["enter", "m"])


@pytest.mark.parametrize("size", SIZES)
def test_programme(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                   size: tuple[int, int]) -> None:  # fmt: skip
    """Programme: the timeline by department with notice deadlines and today marked."""
    _check(snap_compare, make_app(start="programme"), size)


@pytest.mark.parametrize("size", SIZES)
def test_programme_capacity_by_officer(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                                       size: tuple[int, int]) -> None:  # fmt: skip
    """Programme grouped by officer, with the capacity table shown (c)."""
    _check(snap_compare, make_app(start="programme"), size, ["g", "c"])


@pytest.mark.parametrize("size", SIZES)
def test_milestones(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                    size: tuple[int, int]) -> None:  # fmt: skip
    """Milestones: overdue, due this week, due next week."""
    _check(snap_compare, make_app(start="milestones"), size)


@pytest.mark.parametrize("size", SIZES)
def test_keys_help(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                   size: tuple[int, int]) -> None:  # fmt: skip
    """? on triage: every key with its binding id."""
    _check(snap_compare, make_app(start="triage"), size, ["question_mark"])


def test_priority_picker(snap_compare: Snap, make_app: Callable[..., PlannerApp]) -> None:
    """p on triage: the priority picker, one key per value."""
    _check(snap_compare, make_app(start="triage"), (80, 24), ["p"])


def test_refused_edit_shows_its_reason(snap_compare: Snap,
                                       make_app: Callable[..., PlannerApp]) -> None:  # fmt: skip
    """An end date before the start, refused in the edit dialog with the reason."""
    keys = ["enter", *["down"] * 16, "e", *"01/01/2001", "enter"]
    _check(snap_compare, make_app(start="triage"), (80, 24), keys)

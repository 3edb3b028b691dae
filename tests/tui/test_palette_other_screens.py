"""The palette, run on one screen, choosing an action of another screen that acts on the
highlighted row: it opens that screen and asks for the row, instead of acting on a row the
user never saw (or, on a screen not opened yet, doing nothing at all)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from planner.store import Database
from planner.tui.app import PlannerApp
from planner.tui.screens.milestones import MilestonesScreen
from planner.tui.screens.programme import ProgrammeScreen
from planner.tui.screens.triage import TriageScreen
from planner.tui.widgets import StatusLine
from tests.tui.conftest import press, settle, wait_until


async def _palette(pilot: Pilot[Any], text: str) -> None:
    """Open the command palette, type `text`, let it search, and run the first match."""
    await press(pilot, "ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*text)
    await settle(pilot)  # the search runs in a worker
    matches = pilot.app.screen.query_one(OptionList)
    await wait_until(pilot, lambda: matches.highlighted is not None)
    await press(pilot, "enter")


def _changes(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM changes").fetchone()[0])


async def test_a_triage_decision_chosen_on_the_dashboard_asks_for_the_contract(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="triage")  # triage has a highlighted row, out of sight once away
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "1")
        before = _changes(read_db)
        await _palette(pilot, "triage: extend")
        assert isinstance(app.screen, TriageScreen)
        assert _changes(read_db) == before  # nothing decided unseen
        message = app.screen.query_one(StatusLine).message
        assert message == "Choose the contract, then press e (Extend)"
        await press(pilot, "e")  # the key it names does it
        assert _changes(read_db) == before + 1


async def test_milestone_done_chosen_elsewhere_asks_for_the_milestone(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = _changes(read_db)
        await _palette(pilot, "milestones: done today")
        assert isinstance(app.screen, MilestonesScreen)
        assert _changes(read_db) == before
        message = app.screen.query_one(StatusLine).message
        assert message == "Choose the milestone, then press d (Done today)"


async def test_an_action_on_the_whole_screen_still_runs_from_elsewhere(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _palette(pilot, "programme: group by")
        assert isinstance(app.screen, ProgrammeScreen)
        assert app.screen.grouping == "officer"

"""The footer always fits the terminal and always shows the way to every key (`?`) and out
(`q`): at 80 columns the least important keys give way, the screen's own first; on a wide
terminal every key is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer

from planner.tui.app import PlannerApp
from planner.tui.dialogs.choice import ChoiceDialog
from planner.tui.widgets.chrome import PlannerFooter
from tests.tui.conftest import press, settle


def footer_actions(pilot: Pilot[Any]) -> list[str]:
    """The actions the footer shows, left to right, checking each key is inside the screen."""
    app = pilot.app
    footer = app.screen.query_one(Footer)
    keys: list[Any] = list(footer.query("FooterKey"))  # the class is not public: its name
    for key in keys:
        assert key.region.right <= app.size.width, f"{key.action} is cut off"
    return [key.action for key in keys]


# Each screen's keys that matter most, which must survive 80 columns.
MUST_SHOW = {
    "dashboard": ["open"],
    "triage": ["decide('centralise')", "choose", "toggle_mark", "undo"],
    "programme": ["replan", "group", "capacity"],
    "milestones": ["done_today", "done_on", "open"],
    "briefs": ["save"],
}


@pytest.mark.parametrize("start", sorted(MUST_SHOW))
async def test_every_screen_at_80_columns_shows_keys_and_quit_and_what_matters(
    make_app: Callable[..., PlannerApp], start: str
) -> None:
    app = make_app(start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = set(footer_actions(pilot))
        assert {"keys", "quit", "command_palette"} <= shown
        for action in MUST_SHOW[start]:
            assert action in shown, f"{action} missing on {start}"


async def test_the_contract_screen_footer_follows_the_focus(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        on_register = set(footer_actions(pilot))
        assert {"close", "edit", "keys", "quit"} <= on_register
        await press(pilot, "m")
        on_plan = set(footer_actions(pilot))
        assert {"close", "done_today", "done_on", "keys", "quit"} <= on_plan


async def test_a_wide_terminal_shows_every_key_and_narrowing_it_drops_the_least_important(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        wide = footer_actions(pilot)
        assert {"search", "sort", "officer", "priority", "risk"} <= set(wide)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        narrow = footer_actions(pilot)
        assert "sort" not in narrow
        assert {"keys", "quit", "choose"} <= set(narrow)
        # Given way in the footer, not taken away: the key still works.
        await press(pilot, "s")
        assert isinstance(app.screen, ChoiceDialog)


async def test_a_footer_removed_with_its_screen_is_not_composed_again(
    make_app: Callable[..., PlannerApp],
) -> None:
    """A recompose Textual queued for a footer whose screen has gone meanwhile does nothing
    (it once asked the gone screen for its keys: a traceback on leaving a screen)."""
    app = make_app(start="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(PlannerFooter)
        await footer.remove()
        await footer.recompose()  # no NoScreen
        await settle(pilot)

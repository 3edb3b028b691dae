"""The status line shows the whole of its last message, however narrow the terminal: a
message that does not fit beside the counts goes under them, wrapping once."""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Region

from planner.tui.app import PlannerApp
from planner.tui.widgets import StatusLine
from tests.tui.conftest import enter_text, press, settle


def shown(status: StatusLine) -> list[str]:
    """The status line's text as painted, line by line."""
    region = Region(0, 0, status.size.width, status.size.height)
    return [strip.text.strip() for strip in status.render_lines(region)]


async def test_a_replan_says_so_at_80_columns_beside_a_full_line_of_counts(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="programme")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        status = app.screen.query_one(StatusLine)
        lines = shown(status)
        assert status.message.startswith("Re-planned")
        assert lines[0].startswith(status.info[:40])  # the counts, first
        assert status.message in " ".join(lines)  # and the whole message under them


async def test_a_short_message_stays_on_the_line_of_counts(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        lines = shown(app.screen.query_one(StatusLine))
        assert len(lines) == 1
        assert lines[0].startswith("120 contracts")
        assert lines[0].endswith("Saved · Extend: " + lines[0].split("Extend: ")[1])


async def test_a_message_longer_than_the_line_ends_in_an_ellipsis(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusLine)
        status.say("word " * 40)
        await pilot.pause()
        lines = shown(status)
        assert lines[0].startswith("120 contracts")
        assert len(lines) == 3  # the counts, then two lines of the message
        assert lines[2].endswith("…")


async def test_the_contract_screen_has_no_counts_so_its_message_starts_the_line(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "down", "e")
        await enter_text(pilot, "New title")
        lines = shown(app.screen.query_one(StatusLine))
        assert lines == [lines[0]]
        assert lines[0].startswith("Saved · Edited title of")

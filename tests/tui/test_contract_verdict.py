"""The contract screen's heading and the scheduler's verdict over the milestone plan: spaced
as written, and every reason shown, scrolling when the terminal is small."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable

from planner.store import Database
from planner.tui.app import PlannerApp
from planner.tui.screens.detail import ContractScreen
from tests.tui.conftest import press, settle, wait_until


def _shown(widget: Widget) -> list[str]:
    """The lines a widget draws, all of them (also those scrolled out of view)."""
    size = widget.outer_size
    return [s.text.rstrip() for s in widget.render_lines(Region(0, 0, size.width, size.height))]


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_heading_and_the_verdict_keep_their_spaces(
    make_app: Callable[..., PlannerApp], size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "m")
        screen = app.screen
        assert isinstance(screen, ContractScreen) and screen.detail is not None
        contract, review = screen.detail.contract, screen.detail.review
        assert review is not None and review.rag
        heading = _shown(screen.query_one("#contract-title"))[0]
        assert f" {contract.ref}  {contract.title}  {contract.department} · v" in heading
        verdict = _shown(screen.query_one("#review-verdict"))[0]
        assert verdict.startswith(f"{review.rag.upper()}  ")


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_every_reason_for_the_verdict_is_shown(
    make_app: Callable[..., PlannerApp], size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "m")
        screen = app.screen
        assert isinstance(screen, ContractScreen) and screen.detail is not None
        review = screen.detail.review
        assert review is not None and len(review.reasons) > 3  # more than used to be shown
        # A provisional route's reason is told beside the route, in the verdict line.
        beside = [r for r in review.reasons if r.startswith("Route ") and " is provisional" in r]
        listed = [r for r in review.reasons if r not in beside]
        lines = _shown(screen.query_one("#review-reasons"))
        bullets = [line for line in lines if line.startswith("· ")]
        assert len(bullets) == len(listed)
        words = " ".join(line.removeprefix("· ").strip() for line in lines)
        assert all(reason in words for reason in listed)
        verdict = " ".join(line.strip() for line in _shown(screen.query_one("#review-verdict")))
        assert all(r.split(" is ", 1)[1] in verdict for r in beside)

        area = screen.query_one("#review-summary", VerticalScroll)
        pane = screen.query_one("#milestones")
        table = screen.query_one("#milestone-table", DataTable)
        assert area.outer_size.height <= pane.size.height // 2 + 1
        assert table.size.height >= 5  # the plan keeps room under the verdict
        if size == (160, 48):  # room for it all
            assert area.max_scroll_y == 0
        else:  # the rest a key away: shift+tab from the plan to the verdict, then end
            assert area.max_scroll_y > 0 and app.focused is table
            await press(pilot, "shift+tab")
            assert app.focused is area
            await press(pilot, "end")
            # The scroll is animated.
            await wait_until(pilot, lambda: area.scroll_y == area.max_scroll_y)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_milestone_plan_fits_without_scrolling_sideways(
    make_app: Callable[..., PlannerApp], size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "m")
        table = app.screen.query_one("#milestone-table", DataTable)
        assert table.row_count > 5
        assert table.max_scroll_x == 0 and not table.show_horizontal_scrollbar
        lines = ["".join(s.text for s in table.render_line(y)) for y in range(table.size.height)]
        assert any("…" in line for line in lines)  # long stage names are cut, marked
        for other in [(120, 24)] if size == (80, 24) else [(200, 48), (140, 48)]:
            await pilot.resize_terminal(*other)
            await settle(pilot)
            table = app.screen.query_one("#milestone-table", DataTable)
            assert table.size.width > 0 and table.max_scroll_x == 0, other


async def test_a_provisional_route_says_provisional_once_with_why(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    provisional = [
        cid for (cid,) in read_db.conn.execute(
            "SELECT r.contract_id FROM reviews r JOIN contracts c ON c.id = r.contract_id "
            "WHERE r.route_provisional = 1 AND c.decision IS NULL ORDER BY r.contract_id LIMIT 3"
        )
    ]  # fmt: skip
    assert provisional
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for contract_id in provisional:
            screen = ContractScreen(contract_id)
            await app.push_screen(screen)
            await settle(pilot)
            verdict = " ".join(_shown(screen.query_one("#review-verdict")))
            reasons = " ".join(_shown(screen.query_one("#review-reasons")))
            assert (verdict + " " + reasons).count("provisional") == 1, (verdict, reasons)
            assert "(provisional: " in verdict  # beside the route, with why
            await press(pilot, "escape")

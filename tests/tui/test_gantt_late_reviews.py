"""A review already past the day its new contract had to start still has work planned: the
timeline shows it as a bar up to its planned new start, not as an empty row."""

from __future__ import annotations

from collections.abc import Callable

from planner.store import Database
from planner.tui.app import PlannerApp
from planner.tui.widgets.gantt import BAR, GanttChart
from tests.tui.conftest import settle


async def test_a_late_review_is_drawn_up_to_its_planned_new_start(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    ref, planned_new_start = read_db.conn.execute(
        "SELECT c.ref, m.planned FROM reviews r JOIN contracts c ON c.id = r.contract_id "
        "JOIN milestones m ON m.contract_id = r.contract_id AND m.stage = 'new-start' "
        "WHERE r.start >= r.new_contract_start AND m.planned > r.start ORDER BY c.ref LIMIT 1"
    ).fetchone()
    app = make_app(start="programme")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        chart = app.screen.query_one(GanttChart)
        index = next(
            i for i, line in enumerate(chart.lines) if line.review and line.review.ref == ref
        )
        review = chart.lines[index].review
        assert review is not None and review.planned_new_start is not None
        assert review.planned_new_start.isoformat() == planned_new_start
        chart.cursor = index
        await pilot.pause()
        drawn = chart.render_line(index - int(chart.scroll_y) + chart.HEADER_LINES).text
        assert drawn.startswith(ref)
        assert BAR in drawn

"""The programme timeline and capacity: grouping, re-planning in a worker, opening a review."""

from __future__ import annotations

from collections.abc import Callable

from planner.store import Database
from planner.tui.app import PlannerApp
from planner.tui.screens.detail import ContractScreen
from planner.tui.screens.programme import ProgrammeScreen
from planner.tui.widgets.gantt import GanttChart
from tests.tui.conftest import press, settle


def _chart(app: PlannerApp) -> GanttChart:
    return app.screen.query_one(GanttChart)


async def test_the_timeline_holds_every_planned_review_under_its_department(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="programme")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chart = _chart(app)
        reviews = [line.review for line in chart.lines if line.review is not None]
        planned = read_db.conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
        assert len(reviews) == planned > 0
        headings = [line.label for line in chart.lines if line.review is None]
        departments = read_db.conn.execute(
            "SELECT DISTINCT c.department FROM reviews r JOIN contracts c ON c.id = r.contract_id"
        ).fetchall()
        assert len(headings) == len(departments)
        assert headings[0].startswith(chart.lines[1].review.department)  # type: ignore[union-attr]


async def test_g_groups_by_officer_and_back(make_app: Callable[..., PlannerApp]) -> None:
    app = make_app(start="programme")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "g")
        chart = _chart(app)
        first = chart.lines[1].review
        assert first is not None
        assert chart.lines[0].label.startswith(first.officer or "Unassigned")
        assert isinstance(app.screen, ProgrammeScreen) and app.screen.grouping == "officer"
        await press(pilot, "g")
        assert app.screen.grouping == "department"


async def test_p_replans_in_a_worker_and_stores_the_plan(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    read_db.conn.execute("DELETE FROM milestone_rows")  # as if never planned
    read_db.conn.execute("DELETE FROM reviews")
    read_db.conn.commit()
    app = make_app(start="programme")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _chart(app).lines == []
        await press(pilot, "p")
        assert read_db.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] > 0
        assert read_db.conn.execute("SELECT count(*) FROM milestones").fetchone()[0] > 0
        assert _chart(app).lines
        assert "Re-planned" in str(app.screen.query_one("#status-line").render())


async def test_brackets_move_the_timeline_and_t_brings_back_today(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="programme")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chart = _chart(app)
        start = chart.first_month
        await press(pilot, "right_square_bracket")
        assert (chart.first_month.year * 12 + chart.first_month.month) - (
            start.year * 12 + start.month
        ) == 3
        await press(pilot, "left_square_bracket", "left_square_bracket")
        assert chart.first_month < start
        await press(pilot, "t")
        assert chart.first_month == start


async def test_c_shows_capacity_on_a_narrow_terminal_and_enter_opens_a_review(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="programme")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        capacity = app.screen.query_one("#capacity")
        assert not capacity.display or capacity.region.height == 0
        await press(pilot, "c")
        assert capacity.region.height > 0
        assert app.focused is capacity
        await press(pilot, "c")
        chart = _chart(app)
        assert app.focused is chart
        await press(pilot, "down")
        review = chart.current
        assert review is not None
        await press(pilot, "enter")
        assert isinstance(app.screen, ContractScreen)
        assert app.screen.contract_id == review.contract_id


async def test_the_capacity_table_flags_overloaded_weeks(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    from textual.widgets import DataTable

    officer, week = read_db.conn.execute(
        "SELECT officer, week FROM workload WHERE week > ? ORDER BY week, officer LIMIT 1",
        ("2026-12-01",),
    ).fetchone()
    read_db.conn.execute(
        "UPDATE workload SET demand_hours = 200 WHERE officer = ? AND week = ?", (officer, week)
    )
    read_db.conn.commit()
    app = make_app(start="programme")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProgrammeScreen) and app.screen.view is not None
        table = app.screen.query_one("#capacity", DataTable)
        officers = read_db.conn.execute("SELECT count(*) FROM officers").fetchone()[0]
        assert table.row_count == officers
        over = [w for w in app.screen.view.load if w.overloaded]
        assert [(w.officer, w.week.isoformat()) for w in over] == [(officer, week)]
        assert "red" in str(table.get_cell(officer, week).style)
        calm = next(w for w in app.screen.view.load if not w.overloaded)
        assert "red" not in str(table.get_cell(calm.officer, calm.week.isoformat()).style)

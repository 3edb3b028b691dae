"""The dashboard shows what the database holds, and opens a contract from its deadlines."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console, RenderableType
from textual import events
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable

from planner.store import Database
from planner.tui.app import PlannerApp
from planner.tui.readers import Overview
from planner.tui.screens.dashboard import DashboardScreen, kpi_table
from planner.tui.screens.detail import ContractScreen
from tests.conftest import FROZEN_TODAY
from tests.tui.conftest import press, settle, wait_until


def _text(renderable: RenderableType) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def _shown(widget: Widget) -> list[str]:
    """The lines a widget shows on screen, border included."""
    size = widget.outer_size
    return [strip.text for strip in widget.render_lines(Region(0, 0, size.width, size.height))]


async def _overview(pilot: Pilot[Any]) -> Overview:
    """Once the dashboard has read the database: what it shows."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen) and screen.overview is not None
    return screen.overview


async def test_centralisation_counts_match_the_register(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="dashboard")
    async with app.run_test(size=(160, 48)) as pilot:
        overview = await _overview(pilot)
        for progress in overview.departments:
            total, under = read_db.conn.execute(
                "SELECT count(*), coalesce(sum(managed_by_procurement = 1), 0) FROM contracts "
                "WHERE department = ?",
                (progress.department,),
            ).fetchone()
            assert (progress.contracts, progress.under_procurement) == (total, under)


async def test_notice_deadlines_list_the_next_30_days_and_enter_opens_one(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="dashboard")
    last = (FROZEN_TODAY + timedelta(days=30)).isoformat()
    expected = [
        r[0]
        for r in read_db.conn.execute(
            "SELECT id FROM contracts WHERE notice_date BETWEEN ? AND ? "
            "ORDER BY notice_date, id LIMIT 10",
            (FROZEN_TODAY.isoformat(), last),
        )
    ]
    assert expected, "the demo data should have deadlines in the next 30 days"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        notices = app.screen.query_one("#notices", DataTable)
        assert [int(str(k.value)) for k in notices.rows] == expected
        await press(pilot, "enter")
        assert isinstance(app.screen, ContractScreen)
        assert app.screen.contract_id == expected[0]


async def test_kpis_say_not_available_where_the_register_cannot_tell(
    make_app: Callable[..., PlannerApp], plain_demo_path: Path
) -> None:
    app = make_app(start="dashboard", path=plain_demo_path)
    async with app.run_test(size=(160, 48)) as pilot:
        kpis = _text(kpi_table(await _overview(pilot)))
        assert "Spend covered by contracts" in kpis and "not available" in kpis
        assert "94%" in kpis and "79%" in kpis and "43%" in kpis and "53%" in kpis
        assert "Collaborative (contract value)" in kpis and "2026/27" in kpis


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_kpi_figures_and_baselines_have_a_gap_and_line_up(
    make_app: Callable[..., PlannerApp], size: tuple[int, int], plain_demo_path: Path
) -> None:
    app = make_app(start="dashboard", path=plain_demo_path)
    async with app.run_test(size=size) as pilot:
        await _overview(pilot)
        lines = _shown(app.screen.query_one("#kpis"))
    rows = [line.rstrip(" │") for line in lines[2:8]]
    assert rows[0].startswith("│ Spend covered by contracts")
    # The year's figure, the 2023 baseline and the year's target (none set: "—").
    assert re.search(r" not available {2,}94% {2,}—$", rows[0]), rows[0]
    assert len({len(row) for row in rows}) == 1, rows  # the targets are right-aligned together
    figures = [re.search(r"(\S+) +(\S+) +(\S+)$", row) for row in rows[1:]]
    assert all(m and m.start(2) - m.end(1) >= 2 and m.start(3) - m.end(2) >= 2 for m in figures), (
        rows
    )


async def test_kpis_come_from_the_payments_ledger_once_one_is_imported(
    make_app: Callable[..., PlannerApp], plain_demo_path: Path, tmp_path: Path
) -> None:
    from planner.io.spend import import_spend
    from planner.store import open_db

    read_db = open_db(plain_demo_path, create=False)
    supplier = read_db.conn.execute("SELECT supplier FROM contracts LIMIT 1").fetchone()[0]
    ledger = tmp_path / "payments.csv"
    ledger.write_text(
        "Payment Date,Supplier Name,Amount\n"
        f"01/06/2026,{supplier},£3000\n"
        "02/06/2026,Nobody On The Register Ltd,£1000\n",
        encoding="utf-8",
    )
    import_spend(read_db, ledger, today=FROZEN_TODAY, who="tester")
    read_db.close()
    app = make_app(start="dashboard", path=plain_demo_path)
    async with app.run_test(size=(160, 48)) as pilot:
        overview = await _overview(pilot)
        assert overview.kpis["spend_covered"].value == 75
        kpis = _text(kpi_table(overview))
        assert "Collaborative (spend)" in kpis and "75%" in kpis
        assert "not available" not in kpis.split("\n")[1]


async def test_overdue_milestones_and_officer_load_come_from_the_plan(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    from planner.store.plan_reader import officer_load, overdue_milestones
    from planner.tui.screens.dashboard import load_table, programme_text

    app = make_app(start="dashboard")
    async with app.run_test(size=(160, 48)) as pilot:
        overview = await _overview(pilot)
        overdue = overdue_milestones(read_db, FROZEN_TODAY)
        assert len(overview.overdue) == len(overdue) > 0
        assert f"Overdue milestones  {len(overdue)}" in _text(programme_text(overview))
        assert overview.load == officer_load(read_db, FROZEN_TODAY, 12)
        table = _text(load_table(overview, 200))
        officers = [r[0] for r in read_db.conn.execute("SELECT name FROM officers")]
        assert officers and all(name in table for name in officers)
        assert str(app.screen.query_one("#load").border_title) == "Officer load, next 12 weeks"


async def test_officer_load_shows_twelve_weeks_at_80_columns_and_fewer_only_when_narrower(
    make_app: Callable[..., PlannerApp],
) -> None:
    from planner.tui.screens.dashboard import load_table

    app = make_app(start="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        overview = await _overview(pilot)
        assert str(app.screen.query_one("#load").border_title) == "Officer load, next 12 weeks"
    assert len(load_table(overview, 71).columns) == 1 + 12
    assert len(load_table(overview, 50).columns) == 1 + 7


def test_every_officer_load_figure_is_right_aligned_under_its_week(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    import re

    from planner.tui.readers import read_overview
    from planner.tui.screens.dashboard import load_table

    read_db.conn.execute("UPDATE workload SET demand_hours = 0 WHERE officer = 'F. Murray'")
    read_db.conn.execute(
        "UPDATE workload SET demand_hours = 300 WHERE week = (SELECT min(week) FROM workload) "
        "AND officer = 'A. Khan'"
    )
    read_db.conn.commit()
    overview = read_overview(read_db, FROZEN_TODAY)
    assert any(w.overloaded for w in overview.load)
    lines = _text(load_table(overview, 75)).splitlines()
    days = lines[1]
    assert days.startswith("Officer")
    ends = [m.end() for m in re.finditer(r"\d+", days)]  # where each week's column ends
    assert len(ends) == 12
    rows = [line for line in lines[2:] if line.strip()]
    assert len(rows) == read_db.conn.execute("SELECT count(*) FROM officers").fetchone()[0]
    for row in rows:  # dim (0%), plain and reversed (overloaded) figures alike
        figures = list(re.finditer(r"\d+%|off|\d+h!", row))
        assert [m.end() for m in figures] == ends, row
        assert all(m.start() > 0 and row[m.start() - 1] == " " for m in figures), row


async def test_the_dashboard_scrolls_on_a_small_terminal(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        container = app.screen.query_one("#dashboard")
        assert app.focused is container
        assert container.max_scroll_y > 0
        await press(pilot, "pagedown")
        assert container.scroll_y > 0


def test_the_90_day_notice_count_is_counted_without_listing_the_contracts(
    read_db: Database,
) -> None:
    from planner.tui.readers import read_overview

    statements: list[str] = []
    read_db.conn.set_trace_callback(statements.append)
    overview = read_overview(read_db, FROZEN_TODAY)
    read_db.conn.set_trace_callback(None)
    last = (FROZEN_TODAY + timedelta(days=90)).isoformat()
    (due,) = read_db.conn.execute(
        "SELECT count(*) FROM contracts WHERE notice_date BETWEEN ? AND ? "
        "AND status NOT IN ('completed', 'expired', 'terminated')",
        (FROZEN_TODAY.isoformat(), last),
    ).fetchone()
    assert overview.notice_90 == due
    listed = [s for s in statements if "notice_date" in s and "SELECT id, ref" in s]
    assert len(listed) == 1 and last not in listed[0]  # only the 30 days' list is read


async def test_notice_titles_fit_the_panel_with_an_ellipsis_and_never_scroll_sideways(
    make_app: Callable[..., PlannerApp],
) -> None:
    from textual.widgets.data_table import ColumnKey

    from planner.tui.screens.dashboard import NoticeTable

    app = make_app(start="dashboard")
    async with app.run_test(size=(160, 48)) as pilot:
        overview = await _overview(pilot)
        notices = app.screen.query_one(NoticeTable)
        longest = max((n.title or "" for n in overview.notices), key=len)
        clipped = 0
        for size in [(160, 48), (80, 24), (130, 40), (100, 30), (120, 40)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert notices.max_scroll_x == 0 and not notices.show_horizontal_scrollbar, size
            assert notices.virtual_size.width == notices.content_region.width, size
            width = notices.columns[ColumnKey("Title")].width
            titles = [str(notices.get_row_at(i)[3]) for i in range(notices.row_count)]
            assert max(map(len, titles)) <= width
            if len(longest) > width:
                assert longest[: width - 1] + "…" in titles, size
                clipped += 1
            if size == (120, 40):  # half the width: the department narrows for the title
                assert width >= 17
        assert clipped  # the demo's longest title is cut somewhere


async def test_the_overdue_panel_lists_every_overdue_milestone_and_enter_opens_its_contract(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    from planner.store.plan_reader import overdue_milestones

    overdue = overdue_milestones(read_db, FROZEN_TODAY)
    assert len(overdue) > 1
    app = make_app(start="dashboard")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#overdue", DataTable)
        assert [str(k.value) for k in panel.rows] == [f"{m.contract_id}:{m.stage}" for m in overdue]
        assert str(panel.border_title) == f"Overdue milestones: {len(overdue)} (enter opens)"
        assert panel.max_scroll_x == 0
        for _ in range(4):  # tab goes from panel to panel
            if panel.has_focus:
                break
            await press(pilot, "tab")
        assert panel.has_focus
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ContractScreen)
        assert app.screen.contract_id == overdue[1].contract_id


PANELS = ("programme", "notices", "centralisation", "load", "kpis", "overdue")


def _whole_on_screen(panel: Widget, container: Widget) -> bool:
    return container.region.contains_region(panel.region)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_keyboard_reaches_every_dashboard_panel_whole_and_opens_each_lists_first_row(
    make_app: Callable[..., PlannerApp], size: tuple[int, int]
) -> None:
    """Issue 15: pgdn/pgup/arrows/home/end scroll the dashboard, each panel is shown whole at
    some point on the way down (the Strategy KPIs too), and enter opens a list's first row."""
    app = make_app(start="dashboard")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        container = app.screen.query_one("#dashboard")
        panels = [app.screen.query_one(f"#{name}") for name in PANELS]
        seen = {p.id for p in panels if _whole_on_screen(p, container)}
        for _ in range(40):
            await press(pilot, "down")
            seen |= {p.id for p in panels if _whole_on_screen(p, container)}
        assert seen == set(PANELS)
        kpis = "\n".join(_shown(app.screen.query_one("#kpis")))
        # The demo holds a payments ledger: the note says the spend measures come from it.
        assert "Savings this year" in kpis and "import-spend)." in kpis
        await press(pilot, "home")
        assert container.scroll_y == 0
        await press(pilot, "pagedown", "pagedown", "pageup", "end")
        assert container.scroll_y == container.max_scroll_y
        assert _whole_on_screen(app.screen.query_one("#overdue"), container)
        overview = await _overview(pilot)
        for name, first in (("notices", overview.notices[0].contract_id),
                            ("overdue", overview.overdue[0].contract_id)):  # fmt: skip
            while not app.screen.query_one(f"#{name}").has_focus:
                await press(pilot, "tab")
            await press(pilot, "enter")
            assert isinstance(app.screen, ContractScreen), name
            assert app.screen.contract_id == first, name
            await press(pilot, "escape")
            assert isinstance(app.screen, DashboardScreen)


@pytest.mark.parametrize(("width", "columns"), [(100, 1), (110, 2), (120, 2), (200, 2)])
async def test_the_dashboard_has_two_columns_from_110_wide(
    make_app: Callable[..., PlannerApp], width: int, columns: int
) -> None:
    """Issue 15: at 120 columns the dashboard was one column, cutting the KPIs off."""
    app = make_app(start="dashboard")
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        lefts = {app.screen.query_one(f"#{name}").region.x for name in PANELS}
        assert len(lefts) == columns


async def test_the_mouse_wheel_scrolls_the_dashboard(make_app: Callable[..., PlannerApp]) -> None:
    app = make_app(start="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        container = app.screen.query_one("#dashboard")
        panel = app.screen.query_one("#programme")
        panel.post_message(events.MouseScrollDown(panel, 1, 1, 0, 1, 0, False, False, False))
        await wait_until(pilot, lambda: container.scroll_y > 0)

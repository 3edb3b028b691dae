"""The dashboard sets a KPI's target for the year by keyboard, shows it beside the baseline,
and lists the next extension option to decide with the notice deadlines (docs/rules.md,
"KPI targets" and "Extension options")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.widgets import DataTable

from planner.domain.contract import Contract
from planner.domain.kpis import FinancialYear
from planner.store import Database, open_db
from planner.store.contracts import insert_contract
from planner.store.kpi_targets import kpi_targets
from planner.tui.app import PlannerApp
from planner.tui.screens.dashboard import DashboardScreen, kpi_table
from tests.conftest import FROZEN_TODAY
from tests.tui.conftest import enter_text, press, settle
from tests.tui.test_dashboard import _text

YEAR = FinancialYear.containing(FROZEN_TODAY)


async def test_t_sets_a_target_that_the_kpi_panel_then_shows(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="dashboard")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "t")
        # The eighth KPI on the list is spend covered by contracts.
        await press(pilot, "8")
        await enter_text(pilot, "95%")
        assert kpi_targets(read_db, YEAR) == {"spend_covered": 95}
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and screen.overview is not None
        shown = _text(kpi_table(screen.overview))
        assert "Target" in shown
        assert "Spend covered by contracts" in shown and "95%" in shown
        await press(pilot, "t", "8")
        await enter_text(pilot, "")  # blank removes it
        assert kpi_targets(read_db, YEAR) == {}


async def test_escape_sets_no_target(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "t", "8", "escape")
        assert kpi_targets(read_db, YEAR) == {}


async def test_the_next_option_to_decide_is_listed_with_the_notice_deadlines(
    make_app: Callable[..., PlannerApp], demo_path: Path
) -> None:
    db = open_db(demo_path, create=False)
    insert_contract(db, Contract(ref="OPT-1", department="ICT", title="Radios",
                                 end_date=date(2027, 3, 1), max_end_date=date(2029, 3, 1),
                                 extension_options="P12M+P12M", options_exercised=0),
                    "tester")  # fmt: skip
    db.close()
    app = make_app(start="dashboard")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        notices = app.screen.query_one("#notices", DataTable)
        rows = [notices.get_row_at(i) for i in range(notices.row_count)]
        # 90 days before 1 Mar 2027 is 1 Dec 2026, within the next 30 days.
        assert any(str(r[1]) == "OPT-1" and "Decide extension option 1" in str(r[3]) for r in rows)

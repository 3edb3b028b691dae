"""The Briefs screen: choose the brief, the department and the day from the keyboard, read
it rendered, save it; the text is the one `planner brief` writes. And benefits and supplier
claims recorded from the contract screen, which the briefs then count."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from planner.briefs import BriefRequest, render_brief
from planner.store import Database, open_db
from planner.store.benefits import list_benefits, list_claims
from planner.tui.app import PlannerApp
from planner.tui.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog
from planner.tui.screens.briefs import BriefsScreen
from planner.tui.screens.detail import ContractScreen
from planner.tui.widgets import StatusLine
from planner.tui.widgets.brief_view import BriefView
from tests.conftest import FROZEN_TODAY
from tests.tui.conftest import enter_text, press, settle, wait_until


def _screen(app: PlannerApp) -> BriefsScreen:
    assert isinstance(app.screen, BriefsScreen)
    return app.screen


def _shown(app: PlannerApp) -> str:
    return app.screen.query_one(BriefView).source


async def test_it_opens_on_the_programme_brief_for_today(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="briefs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        expected = render_brief(read_db, BriefRequest("programme", FROZEN_TODAY))
        assert _shown(app) == expected
        assert "Programme board brief for 25 Nov 2026" in app.screen.query_one(StatusLine).info


async def test_choosing_the_kpi_brief_from_the_keyboard_renders_it(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="briefs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+b", "down", "down", "enter")
        assert _screen(app).brief == "kpi"
        assert _shown(app) == render_brief(read_db, BriefRequest("kpi", FROZEN_TODAY))


async def test_a_department_brief_waits_for_its_department(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="briefs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+b", "down", "enter")
        screen = _screen(app)
        assert screen.brief == "department"
        assert "Choose the department" in screen.query_one(StatusLine).info
        assert app.focused is not None and app.focused.id == "brief-department"
        await press(pilot, "enter", "down", "enter")
        department = screen.department
        assert department is not None
        expected = render_brief(read_db, BriefRequest("department", FROZEN_TODAY, department))
        assert _shown(app) == expected
        assert _shown(app).startswith(f"# {department}")


async def test_the_department_chooser_changes_the_preview_and_ctrl_s_saves_that_brief(
    make_app: Callable[..., PlannerApp], read_db: Database, tmp_path: Path
) -> None:
    """The preview is the brief a save writes: one widget laid out by Rich (Textual's
    Markdown widget made thousands for a force's brief, and took seconds per change)."""
    app = make_app(start="briefs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(app.screen.query_one("#brief-preview").query("*")) == 1
        await press(pilot, "ctrl+b", "down", "enter", "enter", "down", "enter")
        first = _screen(app).department
        await press(pilot, "ctrl+d", "down", "enter")
        second = _screen(app).department
        assert first is not None and second is not None and second != first
        expected = render_brief(read_db, BriefRequest("department", FROZEN_TODAY, second))
        assert _shown(app) == expected and _shown(app).startswith(f"# {second}")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PromptDialog)
        target = tmp_path / "department.md"
        await enter_text(pilot, str(target))
        assert target.read_text(encoding="utf-8") == expected


async def test_a_typed_date_renders_the_brief_as_of_that_day(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="briefs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+t")
        await enter_text(pilot, "31/03/2027")
        day = date(2027, 3, 31)
        assert _screen(app).day == day
        assert app.screen.query_one("#brief-date", Input).value == "2027-03-31"
        assert _shown(app) == render_brief(read_db, BriefRequest("programme", day))
        await press(pilot, "ctrl+t")
        await enter_text(pilot, "31/02/2027")
        assert "is not a real date" in app.screen.query_one(StatusLine).message
        assert _screen(app).day == day


async def test_ctrl_s_saves_the_brief_shown_to_the_file_named(
    make_app: Callable[..., PlannerApp], tmp_path: Path
) -> None:
    app = make_app(start="briefs")
    target = tmp_path / "board.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PromptDialog)
        assert app.screen.query_one(Input).value == "programme-2026-11-25.md"
        await enter_text(pilot, str(tmp_path / "missing" / "x.md"))
        assert isinstance(app.screen, PromptDialog), "a folder that does not exist is refused"
        await enter_text(pilot, str(target))
        assert isinstance(app.screen, BriefsScreen)
        assert target.read_text(encoding="utf-8") == _shown(app)
        assert f"Saved to {target}" in app.screen.query_one(StatusLine).message


async def test_the_number_key_opens_the_briefs_screen(make_app: Callable[..., PlannerApp]) -> None:
    app = make_app(start="dashboard")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        assert isinstance(app.screen, BriefsScreen)
        assert _shown(app).startswith("# Contract review programme: status at 25 Nov 2026")


def test_the_briefs_screen_looks_right(
    make_app: Callable[..., PlannerApp], snap_compare: Any
) -> None:
    """The programme brief rendered under the brief, department and date choices."""

    async def ready(pilot: Pilot[Any]) -> None:
        await settle(pilot)

    assert snap_compare(make_app(start="briefs"), terminal_size=(110, 36), run_before=ready)


async def _contract_screen(app: PlannerApp, pilot: Pilot[Any]) -> ContractScreen:
    await settle(pilot)
    await press(pilot, "enter")  # the first contract of the triage table
    assert isinstance(app.screen, ContractScreen)
    return app.screen


async def test_b_on_a_contract_records_a_benefit_that_the_kpi_brief_counts(
    make_app: Callable[..., PlannerApp], plain_demo_path: Path
) -> None:
    # The demo without its own benefits, so the year's savings are this one alone.
    app = make_app(path=plain_demo_path)
    read_db = open_db(plain_demo_path, create=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _contract_screen(app, pilot)
        await press(pilot, "b")
        assert isinstance(app.screen, ChoiceDialog)
        await press(pilot, "s")  # saving
        await enter_text(pilot, "£0")
        assert isinstance(app.screen, PromptDialog), "£0 is refused"
        await enter_text(pilot, "£12.5k")
        assert app.screen.query_one(Input).value == "2026/27"
        await press(pilot, "enter")
        await enter_text(pilot, "Re-let at a lower rate")
        assert app.screen is screen
        [benefit] = list_benefits(read_db, contract_id=screen.contract_id)
        assert (benefit.kind, benefit.amount, benefit.year) == ("saving", 1_250_000, "2026/27")
        assert "Saving of £12,500 recorded" in screen.query_one(StatusLine).message
        kpi = render_brief(read_db, BriefRequest("kpi", FROZEN_TODAY))
        assert "| Annual value of procurement savings | £12,500 |" in kpi
    read_db.close()


async def test_c_on_a_contract_records_a_supplier_claim_and_escape_cancels(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _contract_screen(app, pilot)
        await press(pilot, "c")
        await enter_text(pilot, "£900")
        await press(pilot, "escape")  # at the date: nothing is recorded
        assert app.screen is screen
        assert list_claims(read_db) == []
        await press(pilot, "c")
        await enter_text(pilot, "£900")
        await enter_text(pilot, "10/08/2026")
        await enter_text(pilot, "Extra call-outs")
        [claim] = list_claims(read_db)
        assert (claim.contract_id, claim.amount, claim.claimed_on) == (
            screen.contract_id, 90_000, date(2026, 8, 10),
        )  # fmt: skip


async def test_the_choices_fit_an_80_column_terminal_with_the_whole_date(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="briefs")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        date_box = app.screen.query_one("#brief-date", Input)
        assert date_box.region.right <= 80
        assert date_box.region.width >= len("2026-11-25") + 1  # the cursor after it
        department = app.screen.query_one("#brief-department", Select)
        assert department.region.width >= 16


async def test_a_brief_that_cannot_be_written_says_where_and_why(
    make_app: Callable[..., PlannerApp], tmp_path: Path
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    target = blocker / "brief.md"  # its "folder" exists, but is a file: the write fails
    app = make_app(start="briefs")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await enter_text(pilot, str(target))
        assert isinstance(app.screen, BriefsScreen)
        await wait_until(pilot, lambda: "Not saved" in app.screen.query_one(StatusLine).message)
        message = app.screen.query_one(StatusLine).message
        assert message.startswith(f"Not saved: could not write {target} (")
        assert not target.exists()


async def test_a_brief_saved_under_a_bare_file_name_says_the_whole_path(
    make_app: Callable[..., PlannerApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(start="briefs")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+s", "enter")  # the name offered, in the current folder
        written = tmp_path / "programme-2026-11-25.md"
        assert written.exists()
        assert app.screen.query_one(StatusLine).message == f"Saved to {written}"


async def test_save_as_asks_before_replacing_a_file(
    make_app: Callable[..., PlannerApp], tmp_path: Path
) -> None:
    """Issue 14: an existing file is replaced only when the user says yes."""
    target = tmp_path / "board.md"
    target.write_text("last month's brief", encoding="utf-8")
    app = make_app(start="briefs")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await enter_text(pilot, str(target))
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")
        assert target.read_text(encoding="utf-8") == "last month's brief"
        assert "Not saved: board.md is kept as it was" in app.screen.query_one(StatusLine).message
        await press(pilot, "ctrl+s")
        await enter_text(pilot, str(target))
        await press(pilot, "y")
        await wait_until(pilot, lambda: target.read_text(encoding="utf-8") == _shown(app))

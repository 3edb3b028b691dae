"""The contract screen: fields edited with validation, refusals in place, tabs, conflicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label

from planner.domain.contract import REGISTER_COLUMNS
from planner.store import Database
from planner.store.contracts import get_contract
from planner.tui.app import PlannerApp
from planner.tui.dialogs import ChoiceDialog, PromptDialog
from planner.tui.screens.detail import ContractScreen
from planner.tui.screens.triage import TriageScreen
from planner.tui.widgets import StatusLine
from tests.tui.conftest import enter_text, press, settle


def _highlight(app: PlannerApp, column: str) -> None:
    """Put the register's cursor on the field `column`."""
    screen = app.screen
    assert isinstance(screen, ContractScreen)
    register = screen.query_one("#register", DataTable)
    register.move_cursor(row=register.get_row_index(column))


async def _type(
    pilot: Pilot[Any], app: PlannerApp, column: str, text: str, key: str = "e"
) -> PromptDialog:
    """Open the field's dialog with `key` and type `text` into it (not yet entered)."""
    _highlight(app, column)
    await press(pilot, key)
    dialog = app.screen
    assert isinstance(dialog, PromptDialog)
    dialog.query_one(Input).value = text
    return dialog


async def _opened(app: PlannerApp, pilot: Pilot[Any]) -> ContractScreen:
    """Once triage has loaded, its highlighted contract opened."""
    await settle(pilot)
    await press(pilot, "enter")
    assert isinstance(app.screen, ContractScreen)
    return app.screen


async def test_editing_the_title_saves_it_and_records_it_in_the_history(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _opened(app, pilot)
        await _type(pilot, app, "title", "Cleaning of every building")
        await press(pilot, "enter")
        assert app.screen is screen
        saved = get_contract(read_db, screen.contract_id)
        assert saved.title == "Cleaning of every building"
        await press(pilot, "h")
        history = screen.query_one("#history-table", DataTable)
        assert [str(c) for c in history.get_row_at(0)[1:]][:2] == ["tester", "Title"]
        assert "Cleaning of every building" in str(history.get_row_at(0)[4])


async def test_an_end_date_before_the_start_is_refused_in_the_dialog_with_the_reason(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _opened(app, pilot)
        before = get_contract(read_db, screen.contract_id)
        assert before.start_date is not None
        dialog = await _type(pilot, app, "end_date", "01/01/2001", key="enter")
        await press(pilot, "enter")
        assert app.screen is dialog  # refused in place: the dialog stays with the reason
        problem = dialog.query_one("#problem", Label)
        assert "before it starts" in str(problem.render())
        assert problem.has_class("-error")
        await press(pilot, "escape")
        assert get_contract(read_db, screen.contract_id) == before


async def test_a_malformed_value_is_refused_as_you_type(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _opened(app, pilot)
        before = get_contract(read_db, screen.contract_id)
        dialog = await _type(pilot, app, "annual_value", "-£500")
        await settle(pilot)
        assert "negative" in str(dialog.query_one("#problem", Label).render())
        await press(pilot, "enter", "escape")
        assert get_contract(read_db, screen.contract_id) == before


async def test_money_and_dates_are_read_as_people_type_them(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _opened(app, pilot)
        await _type(pilot, app, "annual_value", "£45k")
        await press(pilot, "enter")
        await _type(pilot, app, "max_end_date", "31 March 2031")
        await press(pilot, "enter")
        saved = get_contract(read_db, screen.contract_id)
        assert (saved.annual_value, saved.max_end_date) == (4_500_000, date(2031, 3, 31))


async def test_fields_with_fixed_values_are_picked_from_a_list(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _opened(app, pilot)
        _highlight(app, "route")
        await press(pilot, "e")
        assert isinstance(app.screen, ChoiceDialog)
        await press(pilot, "5")  # the fifth route: open procedure
        _highlight(app, "sme")
        await press(pilot, "e", "n")
        _highlight(app, "risk")
        await press(pilot, "e", "0")
        saved = get_contract(read_db, screen.contract_id)
        assert (saved.route, saved.sme, saved.risk) == ("open", False, None)


async def test_a_worked_out_field_cannot_be_edited(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _opened(app, pilot)
        version = get_contract(read_db, screen.contract_id).version
        _highlight(app, "notice_date")
        await press(pilot, "e")
        assert app.screen is screen
        assert "worked out" in str(screen.query_one("#status-line").render())
        assert get_contract(read_db, screen.contract_id).version == version


async def test_tab_keys_show_milestones_history_and_register_and_escape_goes_back(
    make_app: Callable[..., PlannerApp],
) -> None:
    from textual.widgets import TabbedContent

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _opened(app, pilot)
        tabs = screen.query_one(TabbedContent)
        await press(pilot, "m")
        assert tabs.active == "milestones"
        await press(pilot, "h")
        assert tabs.active == "history"
        await press(pilot, "g")
        assert tabs.active == "register-pane"
        await press(pilot, "escape")
        assert isinstance(app.screen, TriageScreen)


async def test_a_wide_terminal_shows_the_register_beside_the_plan(
    make_app: Callable[..., PlannerApp],
) -> None:
    from textual.widgets import TabbedContent

    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _opened(app, pilot)
        register = screen.query_one("#register", DataTable)
        tabs = screen.query_one(TabbedContent)
        assert register.region.right <= tabs.region.x  # side by side
        assert register.row_count == len(REGISTER_COLUMNS)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen.query_one("#register", DataTable).row_count == len(REGISTER_COLUMNS)


async def test_e_behind_another_tab_shows_the_register_instead_of_editing_a_field_unseen(
    make_app: Callable[..., PlannerApp],
) -> None:
    from textual.widgets import TabbedContent

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _opened(app, pilot)
        await press(pilot, "h", "e")
        assert app.screen is screen  # no editor opened
        assert screen.query_one(TabbedContent).active == "register-pane"
        assert "Choose the field to edit" in screen.query_one(StatusLine).message
        await press(pilot, "e")  # now the highlighted field is in view: its editor opens
        assert isinstance(app.screen, PromptDialog | ChoiceDialog)


async def test_a_claim_dated_after_today_is_refused_whole_in_its_date_dialog(
    make_app: Callable[..., PlannerApp],
) -> None:
    """Issue 15: a claim dated after today was refused only after the description, in a
    status line cut before it said what to do; the date dialog now refuses it, whole."""
    app = make_app(start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await _opened(app, pilot)
        await press(pilot, "c")
        await enter_text(pilot, "£500")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        await enter_text(pilot, "1/12/2026")
        assert app.screen is dialog
        problem = dialog.query_one("#problem", Label)
        lines = problem.render_lines(Region(0, 0, problem.size.width, problem.size.height))
        shown = " ".join(strip.text.strip() for strip in lines).strip()
        assert shown == (
            "1 Dec 2026 is in the future (today is 25 Nov 2026); record a claim once it is made"
        )


async def test_a_accepts_the_officer_the_schedule_proposed_for_this_review(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """docs/rules.md, "Levelling": the scheduler's officer is a proposal until accepted."""
    from planner.store.triage import proposed_officers

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _opened(app, pilot)
        await settle(pilot)
        contract = screen.detail.contract if screen.detail else None
        assert contract is not None and contract.officer is None
        proposal = proposed_officers(read_db, [contract.id])[contract.id]
        assert f"{proposal} (proposed)" in str(screen.query_one("#review-verdict").render())
        await press(pilot, "a")
        assert get_contract(read_db, contract.id).officer == proposal

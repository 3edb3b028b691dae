"""The contract screen's Review tab (issue 14, "A review record"): the review checklist
answered by keyboard, a note asked for where the item needs one, an answer taken back, and
the triage column that shows how complete each review's checklist is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from planner.domain.codes import Answer
from planner.store import Database
from planner.store.checklist import review_checklist
from planner.tui.app import PlannerApp
from planner.tui.dialogs import PromptDialog
from planner.tui.screens.detail import ContractScreen
from planner.tui.widgets import ContractTable
from planner.tui.widgets.checklist import ReviewPane
from tests.tui.conftest import enter_text, press, settle


async def _review_tab(app: PlannerApp, pilot: Pilot[Any]) -> ContractScreen:
    await settle(pilot)
    await press(pilot, "enter", "r")
    screen = app.screen
    assert isinstance(screen, ContractScreen)
    assert app.focused is screen.query_one("#checklist-table")
    return screen


def _answers(db: Database, contract_id: int) -> dict[str, Answer | None]:
    found = review_checklist(db, contract_id)
    return {line.item.code: found.answer_to(line.item.code) for line in found.lines}


async def test_keys_answer_the_checklist_item_by_item(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """y, n and a answer the highlighted item and move to the next; x takes one back."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _review_tab(app, pilot)
        before = _answers(read_db, screen.contract_id)
        table = screen.query_one("#checklist-table", DataTable)
        table.move_cursor(row=1)  # living wage: no note needed
        await press(pilot, "y", "n", "a")
        after = _answers(read_db, screen.contract_id)
        assert (after["living-wage"], after["eia"], after["sustainability"]) == ("yes", "no", "na")
        assert after["social-value"] == before["social-value"]
        assert table.cursor_row == 4
        await press(pilot, "up", "x")
        assert _answers(read_db, screen.contract_id)["sustainability"] is None
        summary = str(screen.query_one("#checklist-summary", Static).render())
        assert "required answered" in summary


async def test_an_answer_that_needs_a_note_asks_for_it(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """PPN 06/20: social value answered yes names the measure proposed."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _review_tab(app, pilot)
        screen.query_one("#checklist-table", DataTable).move_cursor(row=0)
        await press(pilot, "y")
        if isinstance(app.screen, PromptDialog):  # none was written before
            await enter_text(pilot, "Two local apprenticeships a year")
        line = review_checklist(read_db, screen.contract_id).lines[0]
        assert line.answer is not None and line.answer.answer == Answer.YES
        assert line.answer.note
        pane = screen.query_one(ReviewPane)
        assert pane.checklist is not None and pane.checklist.lines[0].answered


async def test_enter_writes_a_note_on_an_answered_item(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _review_tab(app, pilot)
        table = screen.query_one("#checklist-table", DataTable)
        table.move_cursor(row=7)  # TUPE
        await press(pilot, "n")
        table.move_cursor(row=7)
        await press(pilot, "enter")
        assert isinstance(app.screen, PromptDialog)
        await enter_text(pilot, "No staff transfer: goods only")
        line = review_checklist(read_db, screen.contract_id).lines[7]
        assert line.answer is not None
        assert (line.answer.answer, line.answer.note) == ("no", "No staff transfer: goods only")


async def test_triage_shows_how_complete_each_review_checklist_is(
    make_app: Callable[..., PlannerApp],
) -> None:
    """A Review column: the required items answered, when the terminal is wide enough."""
    app = make_app()
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ContractTable)
        assert "Review" in [column.label for column, _ in table._columns()]
        shown = [row.checklist for row in table.rows.values()]
        assert shown and all(c is None or c.endswith("/9") for c in shown)
        assert any(c not in (None, "0/9") for c in shown)


async def test_the_plan_says_approval_waits_for_the_checklist_and_d_is_refused(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """Equality Act 2010 s.149 and the Social Value Act 2012: considered before the business
    case is approved, so its milestone waits for the checklist and says so."""
    contract_id = next(
        cid for (cid,) in read_db.conn.execute(
            "SELECT m.contract_id FROM milestones m WHERE m.stage = 'approval' AND m.actual IS "
            "NULL AND NOT EXISTS (SELECT 1 FROM checklist_answers a WHERE a.contract_id = "
            "m.contract_id) ORDER BY m.contract_id"
        )
    )  # fmt: skip
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.push_screen(ContractScreen(contract_id))
        await settle(pilot)
        await press(pilot, "m")
        screen = app.screen
        assert isinstance(screen, ContractScreen) and screen.detail is not None
        table = screen.query_one("#milestone-table", DataTable)
        row = next(i for i, m in enumerate(screen.detail.milestones) if m.stage == "approval")
        assert str(table.get_row_at(row)[0]).endswith("(waits for checklist)")
        table.move_cursor(row=row)
        await press(pilot, "d")
        assert "cannot be approved with the review checklist unanswered" in str(
            screen.query_one("#status-line").render()
        )
        assert review_checklist(read_db, contract_id).answered_count == 0

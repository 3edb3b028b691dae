"""A confirmation's question wraps inside its dialog: the consequence is never cut off."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Label

from planner.tui.app import PlannerApp
from planner.tui.dialogs import ConfirmDialog
from tests.tui.conftest import settle

QUESTION = (
    "The last change is 'Imported up.csv (2 contracts)'. Undoing it reverses all 6 of its "
    "changes, removing the contracts it added."
)


async def test_a_long_question_wraps_within_the_dialog(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(ConfirmDialog("Undo an import?", QUESTION))
        await pilot.pause()
        dialog = app.screen.query_one(".dialog")
        _title, question, _hint = app.screen.query(".dialog Label").results(Label)
        assert str(question.render()).startswith("The last change is")
        assert question.region.right <= dialog.content_region.right
        assert question.size.height >= 2  # two lines at least: it wrapped

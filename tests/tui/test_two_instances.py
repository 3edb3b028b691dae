"""Two planners open on one database: an edit in one shows in the other after a refresh,
and an edit made from a stale view is refused with a message instead of overwriting."""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Region
from textual.widgets import Input

from planner.store import Database
from planner.store.contracts import get_contract, update_contract
from planner.tui.app import PlannerApp
from planner.tui.dialogs import MessageDialog
from planner.tui.screens.detail import ContractScreen
from planner.tui.widgets import ContractTable
from tests.tui.conftest import press, settle


async def test_a_decision_in_one_shows_in_the_other_after_refresh(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    first, second = make_app(who="alice"), make_app(who="bob")
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(80, 24)) as two:
        await settle(one)
        await settle(two)
        row = first.screen.query_one(ContractTable).current
        assert row is not None and row.decision is None
        await press(one, "e")
        assert get_contract(read_db, row.id).decision == "extend"
        other = second.screen.query_one(ContractTable)
        assert other.rows[0].decision is None  # not until it looks again
        await press(two, "f5")
        assert other.rows[0].id == row.id
        assert other.rows[0].decision == "extend"


async def test_a_decision_from_a_stale_view_is_refused_and_not_overwritten(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    first, second = make_app(who="alice"), make_app(who="bob")
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(80, 24)) as two:
        await settle(one)
        await settle(two)
        row = first.screen.query_one(ContractTable).current
        assert row is not None
        await press(one, "e")
        await press(two, "x")  # bob still sees the old version
        saved = get_contract(read_db, row.id)
        assert (saved.decision, saved.version) == ("extend", row.version + 1)
        assert isinstance(second.screen, MessageDialog)
        await press(two, "escape")
        status = str(second.screen.query_one("#status-line").render())
        assert "Not saved" in status and "alice" in status
        # The refusal reloads bob's view, so a second try works on the fresh version.
        assert second.screen.query_one(ContractTable).rows[0].decision == "extend"
        await press(two, "x")
        assert get_contract(read_db, row.id).decision == "terminate"


async def test_a_field_edited_in_both_keeps_the_first_save_and_tells_the_second(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    first, second = make_app(who="alice"), make_app(who="bob")
    async with first.run_test(size=(100, 30)) as one, second.run_test(size=(100, 30)) as two:
        for pilot in (one, two):
            await settle(pilot)
            await press(pilot, "enter")
        for app, pilot, title in ((first, one, "Alice's title"), (second, two, "Bob's title")):
            screen = app.screen
            assert isinstance(screen, ContractScreen)
            register = screen.query_one("#register")
            register.move_cursor(row=register.get_row_index("title"))  # type: ignore[attr-defined]
            await press(pilot, "e")
            app.screen.query_one(Input).value = title
            await press(pilot, "enter")
        contract_id = first.screen.contract_id  # type: ignore[attr-defined]
        assert get_contract(read_db, contract_id).title == "Alice's title"
        dialog = second.screen
        assert isinstance(dialog, MessageDialog)
        await press(two, "enter")
        status = str(second.screen.query_one("#status-line").render())
        assert "was changed by alice" in status


async def test_a_conflict_is_told_whole_in_a_dialog_at_80_columns(
    make_app: Callable[..., PlannerApp],
) -> None:
    """Issue 15: the status line cut the conflict message at 'changed by …', before it said
    what to do (refresh, then edit again)."""
    first, second = make_app(who="alice"), make_app(who="bob")
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(80, 24)) as two:
        await settle(one)
        await settle(two)
        await press(one, "e")
        await press(two, "x")
        dialog = second.screen
        assert isinstance(dialog, MessageDialog)
        text = " ".join(
            strip.text.strip() for strip in dialog.query_one("#message").render_lines(
                Region(0, 0, dialog.query_one("#message").size.width,
                       dialog.query_one("#message").size.height))
        )  # fmt: skip
        assert "was changed by alice" in text
        assert text.endswith("Refresh to see the change, then make yours again.")
        await press(two, "escape")
        assert not isinstance(second.screen, MessageDialog)


async def test_a_change_committed_elsewhere_is_noticed_and_the_screen_reloads(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ContractTable)
        row = table.rows[0]
        app.look_for_changes()  # the timer's first look remembers where the database is
        await settle(pilot)
        app.look_for_changes()  # nothing changed: nothing reloads
        await settle(pilot)
        assert table.rows[0] is row
        update_contract(read_db, row.id, {"title": "Renamed elsewhere"},
                        expected_version=row.version, who="colleague")  # fmt: skip
        app.look_for_changes()
        await settle(pilot)
        assert table.rows[0].title == "Renamed elsewhere"


async def test_the_apps_own_saves_do_not_count_as_changes_elsewhere(
    make_app: Callable[..., PlannerApp],
) -> None:
    from planner.tui.messages import DatabaseChanged

    app = make_app()
    seen: list[DatabaseChanged] = []
    async with app.run_test(size=(80, 24), message_hook=lambda m: (
        seen.append(m) if isinstance(m, DatabaseChanged) else None
    )) as pilot:  # fmt: skip
        await settle(pilot)
        app.look_for_changes()
        await settle(pilot)
        await press(pilot, "e")
        app.look_for_changes()
        await settle(pilot)
        assert seen == []

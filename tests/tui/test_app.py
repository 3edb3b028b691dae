"""The app around the screens: number keys, ? keys, the command palette, the keymap file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from planner.store import Database
from planner.store.contracts import get_contract
from planner.tui.app import PlannerApp, all_binding_ids
from planner.tui.dialogs import KeysDialog
from planner.tui.screens.dashboard import DashboardScreen
from planner.tui.screens.detail import ContractScreen
from planner.tui.screens.registry import SCREENS
from planner.tui.screens.triage import TriageScreen
from planner.tui.widgets import ContractTable
from tests.tui.conftest import press, record_notifications, settle, wait_until


async def test_number_keys_switch_between_the_screens(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for spec in SCREENS:
            await press(pilot, spec.key)
            assert app.current_mode == spec.mode
            assert isinstance(app.screen, spec.load())
        await press(pilot, "2", "enter")
        assert isinstance(app.screen, ContractScreen)
        await press(pilot, "2")  # the screen's own key closes the contract on top of it
        assert isinstance(app.screen, TriageScreen)


async def test_question_mark_lists_every_key_of_the_screen_with_its_binding_id(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, KeysDialog)
        table = app.screen.query_one(DataTable)
        ids = {str(table.get_row_at(i)[3]) for i in range(table.row_count)}
        triage = {b.id for b in TriageScreen.BINDINGS if hasattr(b, "id")}
        assert triage <= ids
        assert {"table.mark", "table.open", "app.undo", "app.keys", "app.quit"} <= ids
        await press(pilot, "escape")
        assert isinstance(app.screen, TriageScreen)


async def _palette(pilot: Pilot[Any], text: str) -> None:
    """Open the command palette, type `text`, let it search, and run the first match."""
    await press(pilot, "ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*text)
    await settle(pilot)  # the search runs in a worker
    matches = pilot.app.screen.query_one(OptionList)
    await wait_until(pilot, lambda: matches.highlighted is not None)
    await press(pilot, "enter")


async def test_the_palette_runs_a_screen_action_by_its_name(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        chosen = app.screen.query_one(ContractTable).current
        assert chosen is not None and chosen.decision is None
        await _palette(pilot, "triage: re-tender")
        assert get_contract(read_db, chosen.id).decision == "re-tender"


async def test_the_palette_opens_a_contract_found_by_its_reference(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="dashboard")
    ref, contract_id = read_db.conn.execute(
        "SELECT ref, id FROM contracts ORDER BY ref LIMIT 1 OFFSET 7"
    ).fetchone()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _palette(pilot, ref)
        assert isinstance(app.screen, ContractScreen)
        assert app.screen.contract_id == contract_id


async def test_the_palette_reaches_another_screens_action(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _palette(pilot, "triage: search")
        assert isinstance(app.screen, TriageScreen)
        assert app.focused is not None and app.focused.id == "search"


async def test_a_keymap_file_moves_a_binding_to_another_key(
    make_app: Callable[..., PlannerApp], read_db: Database, tmp_path: Path
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('"app.dashboard" = "f2"\n\n[triage]\nextend = "E"\n', encoding="utf-8")
    app = make_app(keymap_path=keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = app.screen.query_one(ContractTable).current
        assert chosen is not None
        await press(pilot, "e")  # no longer extends
        assert get_contract(read_db, chosen.id).decision is None
        await press(pilot, "E")
        assert get_contract(read_db, chosen.id).decision == "extend"
        await press(pilot, "f2")
        assert isinstance(app.screen, DashboardScreen)


async def test_a_keymap_with_an_unknown_id_or_bad_toml_is_reported_not_fatal(
    make_app: Callable[..., PlannerApp], tmp_path: Path
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('"triage.extnd" = "E"\n', encoding="utf-8")
    app = make_app(keymap_path=keymap)
    shown = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("triage.extnd" in message for message in shown)
    keymap.write_text("this is = = not toml", encoding="utf-8")
    broken = make_app(keymap_path=keymap)
    shown = record_notifications(broken)
    async with broken.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("cannot be read" in message for message in shown)
        assert isinstance(broken.screen, TriageScreen)


def test_every_binding_has_an_id_and_no_two_share_one() -> None:
    from planner.tui.bindings import own_bindings
    from planner.tui.screens.detail import ContractScreen as Detail

    classes = [PlannerApp, Detail, ContractTable, *(s.load() for s in SCREENS)]
    ids = [b.id for cls in classes for b in own_bindings(cls)]
    assert None not in ids
    assert len(ids) == len(set(ids))
    assert set(ids) <= all_binding_ids()


async def test_q_quits(make_app: Callable[..., PlannerApp]) -> None:
    app = make_app(start="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_escape_in_the_search_box_goes_back_to_the_table_keeping_the_filter(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ContractTable)
        await press(pilot, "slash", "h", "r", "escape")
        assert app.focused is table
        narrowed = table.total
        assert narrowed < 120
        await press(pilot, "escape")
        assert table.total == 120

"""Text people typed or imported is shown as it is, never read as markup: a title, supplier,
department or officer name holding `[/]` or `[b]` neither breaks a screen nor changes how
it looks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot

from planner.store import Database, open_db
from planner.store.contracts import add_department, find_contract, get_contract, update_contract
from planner.store.decisions import record_decision
from planner.store.schedule_run import run_schedule
from planner.store.team import add_officer
from planner.tui.app import PlannerApp
from tests.conftest import FROZEN_TODAY
from tests.tui.conftest import enter_text, press, settle

TITLE = "[/] Security [b]guarding[/b] [link=x]"
SUPPLIER = "Acme [/i] Ltd"
DEPARTMENT = "Ops [/]"
OFFICER = "B. [bold]Jones[/]"


@pytest.fixture
def hostile(demo_path: Path) -> dict[str, str]:
    """The demo with hostile text (title, supplier, department, officer) in two contracts:
    the first to give notice, and the first with a milestone due. Returns their refs."""
    db = open_db(demo_path, create=False)
    today = FROZEN_TODAY.isoformat()
    chosen = {
        "notice": db.conn.execute(
            "SELECT id, ref FROM contracts WHERE notice_date >= ? AND status = 'active' "
            "ORDER BY notice_date LIMIT 1",
            (today,),
        ).fetchone(),
        "milestone": db.conn.execute(
            "SELECT c.id, c.ref FROM milestones m JOIN contracts c ON c.id = m.contract_id "
            "WHERE m.planned >= ? AND m.actual IS NULL ORDER BY m.planned LIMIT 1",
            (today,),
        ).fetchone(),
    }
    add_department(db, DEPARTMENT, "tester")
    add_officer(db, OFFICER, 30, "tester")
    changes = {"title": TITLE, "supplier": SUPPLIER, "department": DEPARTMENT}
    for contract_id, _ in chosen.values():
        version = get_contract(db, contract_id).version
        update_contract(db, contract_id, changes, expected_version=version, who="tester")
        version = get_contract(db, contract_id).version
        record_decision(db, contract_id, expected_version=version, who="tester", officer=OFFICER)
    run_schedule(db, FROZEN_TODAY, "tester")
    db.close()
    return {what: str(ref) for what, (_, ref) in chosen.items()}


def screen_text(pilot: Pilot[Any]) -> str:
    """Everything the screen shows, as plain text."""
    lines = []
    for widget in pilot.app.screen.query("*"):
        if widget.region:  # on the screen now (not hidden, not scrolled out of sight)
            whole = Region(0, 0, *widget.outer_size)
            lines.extend(strip.text for strip in widget.render_lines(whole))
    return "\n".join(lines)


@pytest.mark.parametrize("start", ["dashboard", "triage", "programme", "milestones", "briefs"])
async def test_every_screen_shows_hostile_text_as_typed(
    make_app: Callable[..., PlannerApp], hostile: dict[str, str], start: str
) -> None:
    app = make_app(start=start)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        if start == "programme":
            await press(pilot, "g")  # by officer: the officer's name heads a group
        shown = screen_text(pilot)
        expected = {
            "dashboard": [DEPARTMENT, hostile["notice"], "[/] Security", "B. [bold]J"],
            "triage": [hostile["notice"], "[/] Security", "Ops [/]"],
            "programme": [hostile["notice"], "B. [bold]Jones[/]"],
            "milestones": [hostile["milestone"], "[/] Security"],
            "briefs": ["Ops [/]"],
        }[start]
        for text in expected:
            assert text in shown, f"{text!r} not shown on {start}:\n{shown}"


async def test_the_contract_screen_and_its_dialogs_show_hostile_text_as_typed(
    make_app: Callable[..., PlannerApp], hostile: dict[str, str]
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await enter_text(pilot, hostile["notice"])
        await press(pilot, "enter")
        shown = screen_text(pilot)
        for text in (TITLE, SUPPLIER, DEPARTMENT, OFFICER):
            assert text in shown, f"{text!r} not shown on the contract screen"
        await press(pilot, "m", "h")
        assert "[/] Security" in screen_text(pilot)


async def test_choice_lists_and_messages_show_hostile_names_as_typed(
    make_app: Callable[..., PlannerApp], hostile: dict[str, str], read_db: Database
) -> None:
    app = make_app(start="triage")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await enter_text(pilot, hostile["notice"])
        await press(pilot, "o")  # the officer picker lists the team
        assert OFFICER in screen_text(pilot)
        await press(pilot, "escape", "c")  # centralise: the status line names the contract
        assert "[/] Security" in screen_text(pilot) or hostile["notice"] in screen_text(pilot)
        contract = find_contract(read_db, hostile["notice"])
        assert contract.decision == "centralise"
        await press(pilot, "escape", "shift+tab")
        department = app.screen.query_one("#department")
        department.focus()
        await press(pilot, "enter")  # open the department filter's list
        assert DEPARTMENT in screen_text(pilot)

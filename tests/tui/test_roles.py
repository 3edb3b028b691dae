"""A team server session works under its account's role: a viewer looks and writes briefs
but cannot change the register, and is told so in words (issue 13)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner.domain.codes import Role
from planner.errors import PlannerError
from planner.store import Database
from planner.store.route_rules import set_setting
from planner.store.rules import load_settings
from planner.tui.app import PlannerApp
from planner.tui.dialogs import PromptDialog
from planner.tui.roles import ROLE_VARIABLE, session_role, write_refusal
from planner.tui.widgets import ContractTable, StatusLine
from planner.tui.widgets.chrome import NavBar
from tests.tui.conftest import press, settle


async def test_a_viewers_decision_is_refused_in_words_and_nothing_is_written(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(role=Role.VIEWER, who="Victor")
    changes_before = read_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = app.screen.query_one(ContractTable).current
        assert chosen is not None
        await press(pilot, "t")
        status = app.screen.query_one(StatusLine)
        assert "Not saved: you are logged in as a viewer" in status.message
        assert "not change the register" in status.message
    assert read_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == changes_before


async def test_an_officers_decision_is_saved_under_their_name(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(role=Role.OFFICER, who="Alice")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "t")
    (who,) = read_db.conn.execute("SELECT who FROM changes ORDER BY id DESC LIMIT 1").fetchone()
    assert who == "Alice"


def test_each_role_may_do_what_the_roles_below_it_may() -> None:
    assert write_refusal(Role.OFFICER) is None and write_refusal(Role.MANAGER) is None
    assert write_refusal(Role.MANAGER, needs=Role.MANAGER) is None
    assert write_refusal(Role.OFFICER, needs=Role.MANAGER) == (
        "only a manager can make this change; you are logged in as officer"
    )


def test_the_local_user_is_a_manager_and_a_bad_role_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ROLE_VARIABLE, raising=False)
    assert session_role() == Role.MANAGER
    monkeypatch.setenv(ROLE_VARIABLE, "viewer")
    assert session_role() == Role.VIEWER
    monkeypatch.setenv(ROLE_VARIABLE, "admin")
    with pytest.raises(PlannerError, match="one of viewer, officer, manager"):
        session_role()


async def test_an_officer_cannot_undo_a_managers_change_to_the_rules(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """Undoing a change to a setting changes the setting: a manager's job."""
    set_setting(read_db, "max_sessions", "5", who="Manager")
    app = make_app(role=Role.OFFICER, who="Alice")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
        message = app.screen.query_one(StatusLine).message
        assert "only a manager can make this change; you are logged in as officer" in message
    assert load_settings(read_db)["max_sessions"] == "5"


async def test_a_manager_may_undo_a_change_to_the_rules(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    set_setting(read_db, "max_sessions", "5", who="Manager")
    app = make_app(role=Role.MANAGER, who="Boss")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
    assert load_settings(read_db)["max_sessions"] == "10"


async def test_in_a_browser_a_brief_is_downloaded_not_written_on_the_server(
    make_app: Callable[..., PlannerApp], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A path typed in the browser must not write files on the server as its account."""
    app = make_app(start="briefs", role=Role.VIEWER, served=True)
    delivered: list[tuple[str, str | None]] = []

    def deliver(file: Any, *, save_filename: str | None = None, **_: Any) -> None:
        delivered.append((file.read(), save_filename))

    monkeypatch.setattr(app, "deliver_text", deliver)
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, PromptDialog)  # no path is asked for
        message = app.screen.query_one(StatusLine).message
    ((text, name),) = delivered
    assert name == "programme-2026-11-25.md" and text.startswith("#")
    assert message == "Sent programme-2026-11-25.md to your browser's downloads"
    assert list(folder.iterdir()) == []


async def test_in_a_browser_the_top_line_says_whose_session_it_is(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="dashboard", role=Role.VIEWER, who="Victor", served=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one(NavBar).render())
    assert "Victor (viewer) · today 25 Nov 2026" in text

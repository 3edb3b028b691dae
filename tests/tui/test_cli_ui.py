"""`planner tui`, `planner demo` and `planner serve`: what they build and open."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.store import open_db
from planner.store.contracts import count_contracts
from tests.conftest import FROZEN_TODAY, migrated_db


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Apps the commands would run, captured instead of taking over the terminal."""
    from planner.tui.app import PlannerApp

    apps: list[Any] = []
    monkeypatch.setattr(PlannerApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def test_demo_builds_the_database_and_opens_it_on_the_dashboard(
    tmp_path: Path, opened: list[Any]
) -> None:
    path = tmp_path / "demo.db"
    result = CliRunner().invoke(main, ["demo", "--db", str(path), "--contracts", "40"])
    assert result.exit_code == 0, result.output
    db = open_db(path, create=False)
    assert count_contracts(db) == 40
    db.close()
    (app,) = opened
    assert (app.db_path, app.today, app.start) == (path, FROZEN_TODAY, "dashboard")


def test_demo_replaces_an_earlier_demo_or_an_empty_database_but_never_real_data(
    tmp_path: Path, opened: list[Any]
) -> None:
    from planner.store.contracts import add_department

    runner = CliRunner()

    def demo(path: Path, *options: str) -> Any:
        return runner.invoke(main, ["demo", "--db", str(path), "--no-open", *options])

    earlier = tmp_path / "demo.db"
    assert demo(earlier, "--contracts", "30").exit_code == 0
    assert demo(earlier, "--contracts", "20", "--seed", "7", "--rebuild").exit_code == 0
    db = open_db(earlier, create=False)
    assert count_contracts(db) == 20
    db.close()
    empty = tmp_path / "empty.db"
    assert runner.invoke(main, ["init", "--db", str(empty)]).exit_code == 0
    assert demo(empty, "--contracts", "5").exit_code == 0
    mine = tmp_path / "mine.db"
    db = migrated_db(mine)
    add_department(db, "Transport", "tester")
    db.close()
    refused = demo(mine)
    assert refused.exit_code == 1
    assert "did not make" in refused.output
    db = open_db(mine, create=False)
    assert "Transport" in [r[0] for r in db.conn.execute("SELECT name FROM departments")]
    db.close()
    assert opened == []


def test_tui_opens_the_chosen_screen_and_refuses_a_missing_database(
    tmp_path: Path, opened: list[Any]
) -> None:
    path = tmp_path / "demo.db"
    runner = CliRunner()
    runner.invoke(main, ["demo", "--db", str(path), "--contracts", "10", "--no-open"])
    result = runner.invoke(main, ["tui", "--db", str(path), "--screen", "triage"])
    assert result.exit_code == 0, result.output
    assert opened[-1].start == "triage"
    missing = runner.invoke(main, ["tui", "--db", str(tmp_path / "nothing.db")])
    assert missing.exit_code == 1
    assert "planner demo" in missing.output
    assert not (tmp_path / "nothing.db").exists()
    assert runner.invoke(main, ["tui", "--screen", "nowhere"]).exit_code == 2


def test_serve_listens_on_localhost_only_and_runs_tui_on_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.tui.serve import PlannerServer

    served: list[PlannerServer] = []
    monkeypatch.setattr(PlannerServer, "serve", lambda self, debug=False: served.append(self))
    path = tmp_path / "demo.db"
    runner = CliRunner()
    runner.invoke(main, ["demo", "--db", str(path), "--contracts", "10", "--no-open"])
    result = runner.invoke(main, ["serve", "--db", str(path), "--port", "8765"])
    assert result.exit_code == 0, result.output
    (server,) = served
    assert (server.host, server.port) == ("127.0.0.1", 8765)
    command = shlex.split(server.command)
    assert command[3:] == ["tui", "--db", str(path.resolve()), "--today", "2026-11-25"]
    assert runner.invoke(main, ["serve", "--port", "0"]).exit_code == 2


def test_serve_without_a_today_lets_each_session_work_it_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.store.db import open_db
    from planner.tui.serve import build_server
    from planner.tui.web_guard import Exposure

    open_db(tmp_path / "demo.db").close()
    server = build_server(tmp_path / "demo.db", None, Exposure(port=8000), "alice")
    assert "--today" not in shlex.split(server.command)
    assert (server.host, server.port) == ("127.0.0.1", 8000)


def test_the_ui_commands_load_without_importing_textual() -> None:
    import subprocess
    import sys

    probe = "import sys, planner.cli.ui; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_demo_never_takes_its_database_from_planner_db(
    tmp_path: Path, opened: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    real = tmp_path / "real.db"
    monkeypatch.setenv("PLANNER_DB", str(real))
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "data"))
    result = CliRunner().invoke(main, ["demo", "--contracts", "5", "--no-open"])
    assert result.exit_code == 0, result.output
    assert not real.exists()
    assert (tmp_path / "data" / "demo.db").exists()

"""`planner` alone is what users type first: it takes --db and --today like every command,
honours $PLANNER_DB and $PLANNER_TODAY, and after `planner demo` says where the demo is."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.store import open_db
from tests.conftest import FROZEN_TODAY


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Apps the commands would run, captured instead of taking over the terminal."""
    from planner.tui.app import PlannerApp

    apps: list[Any] = []
    monkeypatch.setattr(PlannerApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder, where the default database and the demo live."""
    folder = tmp_path / "data"
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(folder))
    return folder


def _database(path: Path) -> Path:
    open_db(path).close()
    return path


def test_planner_alone_opens_the_database_planner_db_names(
    tmp_path: Path, data_dir: Path, opened: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANNER_DB", str(_database(tmp_path / "force.db")))
    result = CliRunner().invoke(main, [])
    assert result.exit_code == 0, result.output
    (app,) = opened
    assert (app.db_path, app.today) == (tmp_path / "force.db", FROZEN_TODAY)


def test_planner_takes_db_and_today_and_passes_them_to_its_commands(
    tmp_path: Path, data_dir: Path, opened: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    force = _database(tmp_path / "force.db")
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "other.db"))
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(force), "--today", "2027-01-04"])
    assert result.exit_code == 0, result.output
    assert (opened[-1].db_path, opened[-1].today) == (force, date(2027, 1, 4))
    # Given to the group, --db reaches the command; the command's own --db wins over it.
    listed = runner.invoke(main, ["--db", str(force), "list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert runner.invoke(main, ["--db", str(force), "tui"]).exit_code == 0
    assert opened[-1].db_path == force
    mine = _database(tmp_path / "mine.db")
    assert runner.invoke(main, ["--db", str(force), "tui", "--db", str(mine)]).exit_code == 0
    assert opened[-1].db_path == mine


def test_after_planner_demo_planner_alone_says_where_the_demo_is_and_how_to_open_it(
    data_dir: Path, opened: list[Any]
) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["demo", "--contracts", "5", "--no-open"]).exit_code == 0
    result = runner.invoke(main, [])
    assert result.exit_code == 1
    demo = data_dir / "demo.db"
    assert f"planner --db {demo}" in " ".join(result.output.split())
    assert opened == []

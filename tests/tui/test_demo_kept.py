"""`planner demo` (and `make demo`) opens the demo as the user left it; rebuilding is asked
for (`--rebuild`, `make demo-reset`) and asks first when someone changed the demo by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from planner.cli import main
from planner.store import open_db


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Apps the commands would run, captured instead of taking over the terminal."""
    from planner.tui.app import PlannerApp

    apps: list[Any] = []
    monkeypatch.setattr(PlannerApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def _demo(path: Path, *options: str, answer: str | None = None) -> Result:
    return CliRunner().invoke(main, ["demo", "--db", str(path), *options], input=answer)


def _decision(path: Path) -> str | None:
    db = open_db(path, create=False)
    try:
        row = db.conn.execute("SELECT decision FROM contracts WHERE ref = 'EST-00001'").fetchone()
        return None if row is None else row[0]
    finally:
        db.close()


def _hand_edit(path: Path) -> None:
    """A decision recorded by the user (PLANNER_USER is 'tester' in the tests)."""
    done = CliRunner().invoke(main, ["decide", "EST-00001", "--decision", "terminate",
                                     "--db", str(path)])  # fmt: skip
    assert done.exit_code == 0, done.output


def test_demo_builds_on_a_fresh_machine_then_opens_what_the_user_left(
    tmp_path: Path, opened: list[Any]
) -> None:
    path = tmp_path / "demo.db"
    assert _demo(path, "--contracts", "12").exit_code == 0
    assert [app.db_path for app in opened] == [path]
    _hand_edit(path)
    again = _demo(path, "--contracts", "12")
    assert again.exit_code == 0, again.output
    assert "--rebuild" in again.output
    assert [app.db_path for app in opened] == [path, path]
    assert _decision(path) == "terminate"


def test_rebuilding_an_untouched_demo_does_not_ask(tmp_path: Path, opened: list[Any]) -> None:
    path = tmp_path / "demo.db"
    assert _demo(path, "--contracts", "12", "--no-open").exit_code == 0
    rebuilt = _demo(path, "--contracts", "12", "--no-open", "--rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "changed by hand" not in rebuilt.output


def test_rebuilding_a_demo_changed_by_hand_asks_and_no_keeps_it(
    tmp_path: Path, opened: list[Any]
) -> None:
    path = tmp_path / "demo.db"
    assert _demo(path, "--contracts", "12", "--no-open").exit_code == 0
    _hand_edit(path)
    kept = _demo(path, "--contracts", "12", "--no-open", "--rebuild", answer="n\n")
    assert kept.exit_code == 1
    assert "changed by hand since it was built (1 change by tester)" in kept.output
    assert _decision(path) == "terminate"
    rebuilt = _demo(path, "--contracts", "12", "--no-open", "--rebuild", answer="y\n")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert _decision(path) != "terminate"
    _hand_edit(path)
    assert _demo(path, "--contracts", "12", "--no-open", "--rebuild", "--yes").exit_code == 0
    assert _decision(path) != "terminate"
    assert opened == []

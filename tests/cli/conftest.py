"""What the command tests share: invoking `planner` in-process, a fresh database file, and
one holding the briefs' fixed programme."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import main
from planner.store import open_db
from tests.briefs.conftest import build_programme


def run(*args: str) -> Result:
    """Invoke `planner ARGS` in-process; an exception the CLI lets through fails the test."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def db_file(tmp_path: Path) -> str:
    """A database file made by `planner init`, empty but for the migrations' seeded rules."""
    path = tmp_path / "planner.db"
    assert run("init", "--db", str(path)).exit_code == 0
    return str(path)


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: date) -> Iterator[Path]:
    """A database file holding the briefs' fixed programme, named by $PLANNER_DB."""
    path = tmp_path / "planner.db"
    db = open_db(path)
    build_programme(db, today)
    db.close()
    monkeypatch.setenv("PLANNER_DB", str(path))
    yield path

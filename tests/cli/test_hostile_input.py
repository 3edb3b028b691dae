"""Hostile command-line input, as a user might type it: every command answers with one clear
sentence and exit 1 or 2, never an 'unexpected problem', and writes nothing half-done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import main
from planner.store import open_db
from tests.briefs.conftest import build_programme


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: date) -> Iterator[Path]:
    """A database file holding the briefs' fixed programme, named by $PLANNER_DB."""
    path = tmp_path / "planner.db"
    db = open_db(path)
    build_programme(db, today)
    db.close()
    monkeypatch.setenv("PLANNER_DB", str(path))
    yield path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def assert_clear_error(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ")
    assert "unexpected problem" not in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("number", ["²", "0", "99999999999999999999"])
def test_a_review_number_that_is_not_on_the_list_is_refused_clearly(
    db_path: Path, number: str
) -> None:
    assert_clear_error(run("spend", "review", "--confirm", number), "not on the review list")

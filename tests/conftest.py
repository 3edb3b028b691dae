"""The fixtures every folder shares, each with one name and one meaning:

- `db`: an empty migrated database in memory; `db_file`: the same as a file (as
  `planner init` leaves it).
- `programme`: the briefs' fixed programme (tests/briefs/conftest.py) in memory;
  `programme_file`: the same in a file that $PLANNER_DB names.
- `run(*args)`: invoke `planner ARGS` in-process, letting any exception fail the test.

Migrating takes most of a second, so the schema is migrated once per session (per xdist
worker) and every database here is a copy of that template made with SQLite's backup API;
`migrated_db()` gives hypothesis tests the same copy for each example.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import main
from planner.store import Database, open_db
from tests.briefs.conftest import build_programme

FROZEN_TODAY = date(2026, 11, 25)
# When the programme's audited changes happened (fixed, so the briefs that date them agree).
AUDIT_TIME = "2026-11-20T09:30:00.000000+00:00"


@pytest.fixture(autouse=True)
def _deterministic_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with a frozen today and a known user, whatever the machine says."""
    monkeypatch.setenv("PLANNER_TODAY", FROZEN_TODAY.isoformat())
    monkeypatch.setenv("PLANNER_USER", "tester")
    monkeypatch.delenv("PLANNER_DB", raising=False)
    monkeypatch.delenv("PLANNER_TEMPLATES", raising=False)


@functools.cache
def _template() -> Database:
    """The migrated, empty schema: made once per process and never written after."""
    return open_db(":memory:")


def copy_of(template: Database, path: str | Path = ":memory:") -> Database:
    """A new database at `path` (memory by default) holding what `template` holds."""
    database = open_db(path, migrate=False)
    template.conn.backup(database.conn)
    return database


def migrated_db(path: str | Path = ":memory:") -> Database:
    """A freshly migrated, empty database at `path`, in memory by default (a copy of the
    session's template, as `open_db` would have migrated it)."""
    return copy_of(_template(), path)


def run(*args: str) -> Result:
    """Invoke `planner ARGS` in-process; an exception the CLI lets through fails the test."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def today() -> date:
    """The frozen today every test shares."""
    return FROZEN_TODAY


@pytest.fixture
def db() -> Iterator[Database]:
    """A freshly migrated in-memory planner database, closed after the test."""
    database = migrated_db()
    yield database
    database.close()


@pytest.fixture
def db_file(tmp_path: Path) -> str:
    """A migrated database file, empty but for the migrations' seeded rules."""
    path = tmp_path / "planner.db"
    migrated_db(path).close()
    return str(path)


@pytest.fixture(scope="session")
def _programme_template() -> Iterator[Database]:
    """The briefs' fixed programme, built once per session with the audit clock fixed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("planner.store.audit._now", lambda: AUDIT_TIME)
        database = build_programme(migrated_db(), FROZEN_TODAY)
    yield database
    database.close()


@pytest.fixture
def programme(_programme_template: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The briefs' fixed programme in a fresh in-memory database; audit time fixed."""
    monkeypatch.setattr("planner.store.audit._now", lambda: AUDIT_TIME)
    database = copy_of(_programme_template)
    yield database
    database.close()


@pytest.fixture
def programme_file(
    _programme_template: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A database file holding the briefs' fixed programme, named by $PLANNER_DB; audit time
    fixed."""
    monkeypatch.setattr("planner.store.audit._now", lambda: AUDIT_TIME)
    path = tmp_path / "planner.db"
    copy_of(_programme_template, path).close()
    monkeypatch.setenv("PLANNER_DB", str(path))
    return path

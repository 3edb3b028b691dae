"""Shared fixtures: a migrated in-memory database, a frozen today, a test user."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from planner.store import Database, open_db

FROZEN_TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _deterministic_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with a frozen today and a known user, whatever the machine says."""
    monkeypatch.setenv("PLANNER_TODAY", FROZEN_TODAY.isoformat())
    monkeypatch.setenv("PLANNER_USER", "tester")
    monkeypatch.delenv("PLANNER_DB", raising=False)
    monkeypatch.delenv("PLANNER_TEMPLATES", raising=False)


@pytest.fixture
def today() -> date:
    """The frozen today every test shares."""
    return FROZEN_TODAY


@pytest.fixture
def db() -> Iterator[Database]:
    """A freshly migrated in-memory planner database, closed after the test."""
    database = open_db(":memory:")
    yield database
    database.close()

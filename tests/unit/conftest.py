"""Fixtures for the scheduler's unit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from planner.domain.routes import SchedulingRules
from planner.store import open_db
from planner.store.schedule_rules import load_scheduling_rules


@pytest.fixture(scope="module")
def seeded() -> Iterator[SchedulingRules]:
    """The scheduling rules as the migrations seed them (DOMAIN.md's defaults)."""
    db = open_db(":memory:")
    yield load_scheduling_rules(db)
    db.close()

"""Fixtures for the scheduler's unit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from planner.domain.routes import SchedulingRules
from planner.store.schedule_rules import load_scheduling_rules
from tests.conftest import migrated_db


@pytest.fixture(scope="module")
def seeded() -> Iterator[SchedulingRules]:
    """The scheduling rules as the migrations seed them (docs/rules.md's defaults)."""
    db = migrated_db()
    yield load_scheduling_rules(db)
    db.close()

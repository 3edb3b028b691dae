"""Rebuilding the demo while a planner has it open: the open planner keeps working and sees
the new demo; a build that fails leaves the old demo as it was; real work is never replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.demo import build
from planner.demo.build import build_demo_file
from planner.demo.generator import DemoSpec
from planner.errors import PlannerError
from planner.store import open_db
from planner.store.contracts import add_department, count_contracts
from tests.conftest import FROZEN_TODAY, migrated_db


def test_a_planner_open_on_the_demo_keeps_working_and_sees_the_rebuilt_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "demo.db"
    build_demo_file(path, DemoSpec(contracts=30), FROZEN_TODAY)
    already_open = open_db(path, create=False)
    assert count_contracts(already_open) == 30

    build_demo_file(path, DemoSpec(contracts=12, seed=7), FROZEN_TODAY)

    assert count_contracts(already_open) == 12
    add_department(already_open, "Transport", "tester")  # and it can still write
    already_open.close()
    reopened = open_db(path, create=False)
    assert count_contracts(reopened) == 12
    assert "Transport" in [r[0] for r in reopened.conn.execute("SELECT name FROM departments")]
    reopened.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".planner-demo")] == []


def test_a_failed_build_leaves_the_old_demo_and_no_scratch_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "demo.db"
    build_demo_file(path, DemoSpec(contracts=20), FROZEN_TODAY)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(build, "build_demo", broken)
    with pytest.raises(RuntimeError):
        build_demo_file(path, DemoSpec(contracts=5), FROZEN_TODAY)
    db = open_db(path, create=False)
    assert count_contracts(db) == 20
    db.close()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.db")) == []


def test_a_database_holding_real_work_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "force.db"
    db = migrated_db(path)
    add_department(db, "Transport", "tester")
    db.close()
    with pytest.raises(PlannerError, match="did not make"):
        build_demo_file(path, DemoSpec(contracts=5), FROZEN_TODAY)
    db = open_db(path, create=False)
    assert count_contracts(db) == 0
    db.close()

"""A first plan that adds more milestones than the table holds rebuilds the table's
indexes after the rows are in: the same indexes, the same rows, all in one change."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

import planner.store.milestone_writer as milestone_writer
import planner.store.sql as store_sql
from planner.demo.build import build_demo_register, live_spec
from planner.demo.generator import DemoSpec
from planner.store import Database
from planner.store.schedule_run import run_schedule
from planner.store.team import add_officer
from tests.conftest import migrated_db

TODAY = date(2026, 11, 25)


def _indexes(db: Database) -> list[tuple[str, str]]:
    return db.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'milestone_rows' "
        "ORDER BY name"
    ).fetchall()


def _milestones(db: Database) -> list[tuple[object, ...]]:
    return db.conn.execute("SELECT * FROM milestones ORDER BY id").fetchall()


def _programme(db: Database) -> None:
    build_demo_register(db, live_spec(DemoSpec(seed=7, contracts=60), TODAY), "tester")
    add_officer(db, "A. Khan", 30, "tester", ["ICT"])


@pytest.fixture
def rebuilt(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any plan adding as many rows as the table holds counts as a bulk write; the tables
    whose indexes were dropped to be rebuilt are listed."""
    monkeypatch.setattr(milestone_writer, "_BULK_ROWS", 1)
    dropped: list[str] = []
    drop = store_sql.drop_indexes

    def spy(db: Database, table: str) -> list[str]:
        dropped.append(table)
        return drop(db, table)

    monkeypatch.setattr(store_sql, "drop_indexes", spy)
    return dropped


def test_a_bulk_first_plan_leaves_the_same_indexes_and_rows(
    rebuilt: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with migrated_db() as bulk_db, migrated_db() as plain_db:
        _programme(bulk_db)
        indexes = _indexes(bulk_db)
        assert "milestones_planned" in dict(indexes)
        assert run_schedule(bulk_db, TODAY, "tester").written.inserted > 0
        assert rebuilt == ["milestone_rows"]
        assert _indexes(bulk_db) == indexes
        assert bulk_db.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

        monkeypatch.setattr(milestone_writer, "_BULK_ROWS", 10**9)  # row by row
        _programme(plain_db)
        run_schedule(plain_db, TODAY, "tester")
        assert rebuilt == ["milestone_rows"]
        assert _milestones(bulk_db) == _milestones(plain_db)


def test_a_re_plan_adding_few_rows_keeps_its_indexes(rebuilt: list[str]) -> None:
    db = migrated_db()
    _programme(db)
    run_schedule(db, TODAY, "tester")
    db.conn.execute("DELETE FROM milestone_rows WHERE id % 10 = 0")
    assert run_schedule(db, TODAY, "tester").written.inserted > 0
    assert rebuilt == ["milestone_rows"]  # the first plan only
    db.close()


@pytest.mark.parametrize(
    ("batch_rows", "refused_when"),
    [(None, "NEW.stage = (SELECT id FROM stages WHERE code = 'approval')"), (50, "NEW.id > 400")],
    ids=["written-at-the-end", "written-in-batches"],
)
def test_a_bulk_write_that_fails_half_way_leaves_the_indexes_and_no_rows(
    rebuilt: list[str], monkeypatch: pytest.MonkeyPatch, batch_rows: int | None, refused_when: str
) -> None:
    if batch_rows is not None:
        monkeypatch.setattr(milestone_writer, "_BATCH_ROWS", batch_rows)
    db = migrated_db()
    _programme(db)
    indexes = _indexes(db)
    db.conn.execute(
        f"CREATE TRIGGER refuse BEFORE INSERT ON milestone_rows WHEN {refused_when} "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        run_schedule(db, TODAY, "tester")
    assert rebuilt == ["milestone_rows"]
    assert _indexes(db) == indexes
    assert _milestones(db) == []
    db.close()


def test_a_first_plan_written_in_batches_stores_the_same_rows_and_indexes(
    rebuilt: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first plan at national scale writes its milestones in batches as the plan is
    walked (memory): the same rows, ids and indexes as one written at the end, one change."""
    monkeypatch.setattr(milestone_writer, "_BATCH_ROWS", 50)
    with migrated_db() as batched_db, migrated_db() as whole_db:
        _programme(batched_db)
        indexes = _indexes(batched_db)
        written = run_schedule(batched_db, TODAY, "tester").written
        assert written.inserted >= len(_milestones(batched_db)) > 400
        assert rebuilt == ["milestone_rows"]
        assert _indexes(batched_db) == indexes
        assert batched_db.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert run_schedule(batched_db, TODAY, "tester").written.total == 0

        monkeypatch.setattr(milestone_writer, "_BATCH_ROWS", 10**9)  # at the end
        _programme(whole_db)
        run_schedule(whole_db, TODAY, "tester")
        assert _milestones(batched_db) == _milestones(whole_db)

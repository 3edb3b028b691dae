"""The live re-plan stores exactly what a full schedule run stores, writes only the
reviews a change moved, and never writes a plan made from data that changed meanwhile
(issue 12, "Live plan"); and a what-if commits as one change."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from planner.demo.build import build_demo
from planner.demo.generator import DemoSpec
from planner.errors import ConflictError
from planner.store import Database, open_db
from planner.store.connection_state import data_version
from planner.store.history import undo_last
from planner.store.schedule_run import LivePlan, replan, run_schedule
from planner.store.triage import Target, decide_contracts, set_triage_field
from planner.store.whatif import commit_whatif, last_edit, scratch_copy
from tests.conftest import FROZEN_TODAY, migrated_db

PLAN_QUERIES = (
    "SELECT contract_id, route, officer, start, new_contract_start, slack_days, rag, reasons, "
    "flags FROM reviews ORDER BY contract_id",
    "SELECT contract_id, stage, starts, planned, latest, officer, baseline, actual "
    "FROM milestones ORDER BY contract_id, stage",
    "SELECT officer, week, demand_hours, capacity_hours FROM workload ORDER BY officer, week",
    "SELECT id, rag, next_milestone, next_milestone_date, version FROM contracts ORDER BY id",
)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("live") / "demo.db"
    db = migrated_db(path)
    build_demo(db, DemoSpec(contracts=80), FROZEN_TODAY, "demo")
    db.close()
    return path


def _copy(demo_file: Path, tmp_path: Path, name: str) -> Database:
    target = tmp_path / name
    shutil.copy(demo_file, target)
    return open_db(target)


def _stored_plan(db: Database) -> list[list[Any]]:
    return [db.conn.execute(sql).fetchall() for sql in PLAN_QUERIES]


def _changes(db: Database) -> list[tuple[Any, ...]]:
    targets = db.conn.execute(
        "SELECT id, version FROM contracts WHERE decision IS NULL AND rag IS NOT NULL "
        "ORDER BY rag, id LIMIT 3"
    ).fetchall()
    return [tuple(t) for t in targets]


def test_the_live_plan_stores_what_a_full_run_stores_after_each_change(
    demo_file: Path, tmp_path: Path
) -> None:
    live_db = _copy(demo_file, tmp_path, "live.db")
    full_db = _copy(demo_file, tmp_path, "full.db")
    live = LivePlan()
    assert replan(live_db, FROZEN_TODAY, "tester", live) is not None
    targets = _changes(live_db)
    for n, (cid, version) in enumerate(targets):
        for db in (live_db, full_db):
            if n % 2:
                set_triage_field(db, [Target(cid, version)], "priority", 1, who="tester")
            else:
                decide_contracts(db, [Target(cid, version)], "extend", who="tester")
        assert live.stored_as is not None  # only the reviews that moved are compared
        result = replan(live_db, FROZEN_TODAY, "tester", live)
        run_schedule(full_db, FROZEN_TODAY, "tester")
        assert result is not None
        assert _stored_plan(live_db) == _stored_plan(full_db)
        assert live.memo.replaced < len(result.reviews)


def test_a_change_made_meanwhile_by_another_program_stops_the_write(
    demo_file: Path, tmp_path: Path
) -> None:
    """A plan read from one snapshot is never written over a newer one: the re-plan says
    to try again (None) and writes nothing."""
    db = _copy(demo_file, tmp_path, "mine.db")
    other = open_db(tmp_path / "mine.db")
    cid, version = _changes(db)[0]
    decide_contracts(db, [Target(cid, version)], "extend", who="tester")
    before = _stored_plan(db)

    reading = db.conn.execute  # the other program commits between our read and our write

    def interleaved(sql: str, *args: Any) -> Any:
        if sql.startswith("INSERT INTO changes") and not hasattr(interleaved, "done"):
            interleaved.done = True  # type: ignore[attr-defined]
            other.conn.execute("UPDATE contracts SET notes = 'theirs' WHERE id = ?", (cid,))
            other.conn.commit()
        return reading(sql, *args)

    class Spy:
        def __init__(self, conn: Any) -> None:
            self._conn = conn

        def __getattr__(self, name: str) -> Any:
            return interleaved if name == "execute" else getattr(self._conn, name)

    db.conn = Spy(db.conn)  # type: ignore[assignment]
    assert replan(db, FROZEN_TODAY, "tester", LivePlan()) is None
    db.conn = db.conn._conn  # type: ignore[attr-defined]
    assert _stored_plan(db) == before
    assert db.conn.execute("SELECT notes FROM contracts WHERE id = ?", (cid,)).fetchone() == (
        "theirs",
    )


def test_a_committed_whatif_is_one_change_that_one_undo_reverses(
    demo_file: Path, tmp_path: Path
) -> None:
    """Issue 12, "What-if": commit all of it as one change."""
    db = _copy(demo_file, tmp_path, "real.db")
    started_after = last_edit(db)
    scratch = scratch_copy(db)
    (cid, version), (other, other_version) = _changes(scratch)[:2]
    steps = [
        lambda d: decide_contracts(d, [Target(cid, version)], "extend", who="tester"),
        lambda d: set_triage_field(d, [Target(cid, version + 1)], "priority", 1, who="tester"),
        lambda d: decide_contracts(d, [Target(other, other_version)], "terminate", who="tester"),
    ]
    for step in steps:  # tried in the scratch copy first, as the UI does
        step(scratch)
    before = _register(db)
    assert commit_whatif(db, steps, started_after, "tester") == 3
    assert db.conn.execute(
        "SELECT summary FROM changes WHERE id > ? AND kind = 'edit'", (started_after,)
    ).fetchall() == [("What-if committed: 3 change(s)",)]
    assert _register(db) == _register(scratch)
    undo_last(db, "tester")
    # Undo moves versions on (it is a change too); every field is back as it was.
    assert [row[:-1] for row in _register(db)] == [row[:-1] for row in before]


def test_a_whatif_commit_is_refused_after_someone_elses_change(
    demo_file: Path, tmp_path: Path
) -> None:
    db = _copy(demo_file, tmp_path, "real.db")
    started_after = last_edit(db)
    (cid, version), (other, other_version) = _changes(db)[:2]
    (risk,) = db.conn.execute("SELECT risk FROM contracts WHERE id = ?", (other,)).fetchone()
    changed = "low" if risk != "low" else "high"
    set_triage_field(db, [Target(other, other_version)], "risk", changed, who="someone else")
    before = _register(db)
    step = lambda d: decide_contracts(d, [Target(cid, version)], "extend", who="tester")  # noqa: E731
    with pytest.raises(ConflictError, match="changed since this what-if began"):
        commit_whatif(db, [step], started_after, "tester")
    assert _register(db) == before


def _register(db: Database) -> list[tuple[Any, ...]]:
    return db.conn.execute(
        "SELECT id, decision, status, route, priority, risk, version FROM contracts ORDER BY id"
    ).fetchall()


def test_a_re_plan_that_changes_nothing_commits_nothing(demo_file: Path, tmp_path: Path) -> None:
    """Two planners re-plan on each other's changes: one that finds the plan as stored must
    not look like a change to the other, or they would re-plan each other for ever."""
    db = _copy(demo_file, tmp_path, "quiet.db")
    watcher = open_db(tmp_path / "quiet.db")
    replan(db, FROZEN_TODAY, "tester", LivePlan())
    seen = data_version(watcher)
    assert replan(db, FROZEN_TODAY, "tester", LivePlan()) is not None
    assert data_version(watcher) == seen


def test_a_schedule_run_never_stores_a_plan_of_data_changed_while_it_planned(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`planner schedule` reads the register, plans for seconds at scale, then writes: a
    decision another program commits in between must not be overwritten by a plan of the
    data before it. The run plans again from the new data, so a second run finds nothing
    to change."""
    import planner.store.schedule_run as schedule_run

    db = _copy(demo_file, tmp_path, "mine.db")
    other = open_db(tmp_path / "mine.db")
    cid, version = _changes(db)[0]
    reads = schedule_run.read_review_inputs

    def read_then_someone_decides(database: Database) -> Any:
        inputs = reads(database)
        if not hasattr(read_then_someone_decides, "done"):
            read_then_someone_decides.done = True  # type: ignore[attr-defined]
            decide_contracts(other, [Target(cid, version)], "extend", who="colleague")
        return inputs

    monkeypatch.setattr(schedule_run, "read_review_inputs", read_then_someone_decides)
    run_schedule(db, FROZEN_TODAY, "tester")
    monkeypatch.setattr(schedule_run, "read_review_inputs", reads)
    assert run_schedule(db, FROZEN_TODAY, "tester").written.total == 0
    assert db.conn.execute("SELECT decision FROM contracts WHERE id = ?", (cid,)).fetchone() == (
        "extend",
    )

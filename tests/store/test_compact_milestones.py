"""Milestones stored compactly (schema/0019_compact_milestones.sql): day numbers and stage
ids in `milestone_rows`, shown as before by the view `milestones`. No date shown or compared
may move, and a write that misses the new table fails instead of storing a wrong value."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st

from planner.errors import PlannerError
from planner.store import Database, open_db
from planner.store.audit_verify import verify_audit
from planner.store.calendar_items import CALENDAR_SQL
from planner.store.decisions import mark_milestone_done, set_baseline
from planner.store.history import redo_last, undo_last
from planner.store.milestone_rows import (
    TABLE,
    DayDates,
    DayNumbers,
    DayTexts,
    day_number,
    day_of,
    day_sql,
    iso_sql,
    stored_value,
)
from planner.store.plan_reader import OVERDUE, count_overdue_milestones, milestones_for
from planner.store.reporting import PROGRAMME_SQL, programme_parameters
from planner.store.schedule_run import run_schedule
from tests.conftest import FROZEN_TODAY as TODAY
from tests.conftest import copy_of

MIGRATION = "0019_compact_milestones"
OLD_MILESTONES = """CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    starts TEXT, planned TEXT, latest TEXT, baseline TEXT, actual TEXT, officer TEXT,
    UNIQUE (contract_id, stage)
)"""

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(days)
def test_a_date_round_trips_through_its_day_number_in_python_and_in_sql(day: date) -> None:
    """Every date from 1900 to 2200: Python and SQLite give the same day number, and the
    day number gives back the same date and the same ISO text."""
    number = day_number(day)
    assert day_of(number) == day
    assert DayNumbers()[day] == number and DayDates()[number] == day
    assert DayTexts()[number] == day.isoformat()
    conn = sqlite3.connect(":memory:")
    # The briefs' bounds, and the migration's conversion of stored ISO text
    # (schema/0019_compact_milestones.sql).
    shown, bound, parsed = conn.execute(
        f"SELECT {iso_sql('?')}, {day_sql('?')}, CAST(strftime('%s', ?) AS INTEGER) / 86400",
        (number, day.isoformat(), day.isoformat()),
    ).fetchone()
    assert shown == day.isoformat()
    assert bound == number and bound.is_integer()
    assert parsed == number and isinstance(parsed, int)
    assert stored_value(None, "planned", day.isoformat()) == number  # type: ignore[arg-type]
    conn.close()


def test_day_zero_and_the_days_around_it_are_dates_too() -> None:
    assert day_number(date(1970, 1, 1)) == 0
    assert day_of(-1) == date(1969, 12, 31)
    assert DayDates()[None] is None and DayNumbers()[None] is None and DayTexts()[None] is None


def _dump(db: Database | sqlite_utils.Database) -> list[tuple[object, ...]]:
    return db.conn.execute("SELECT * FROM milestones ORDER BY id").fetchall()


def _downgraded(programme: Database, path: Path) -> list[tuple[object, ...]]:
    """A copy of `programme` at `path` as the schema before 0019 held it (the milestones a
    table of ISO text again, the migration not applied): what it shows through the view."""
    shown = _dump(programme)
    old = copy_of(programme, path)
    old.conn.executescript(
        f"""
        DROP VIEW milestones;
        {OLD_MILESTONES};
        INSERT INTO milestones SELECT m.id, m.contract_id, s.code,
            {iso_sql("m.starts")}, {iso_sql("m.planned")}, {iso_sql("m.latest")},
            {iso_sql("m.baseline")}, {iso_sql("m.actual")}, m.officer
          FROM milestone_rows m JOIN stages s ON s.id = m.stage;
        DROP TABLE milestone_rows;
        CREATE INDEX milestones_planned ON milestones (planned);
        CREATE INDEX milestones_first_due ON milestones (
            min(coalesce(planned, baseline), coalesce(baseline, planned))
        ) WHERE actual IS NULL AND planned IS NOT NULL;
        DROP TRIGGER stages_numbered;
        DROP INDEX stages_id;
        ALTER TABLE stages DROP COLUMN id;
        DELETE FROM _sqlite_migrations WHERE name = '{MIGRATION}';
        """
    )
    assert _dump(old) == shown
    old.close()
    return shown


def test_the_migration_keeps_every_milestone_as_it_was_and_the_trail_still_verifies(
    programme: Database, tmp_path: Path
) -> None:
    """The briefs' programme (planned, baselined, a stage done, re-planned) taken back to the
    old schema and migrated again: every milestone reads the same, value for value and
    type for type, and the audit trail still replays to them."""
    path = tmp_path / "old.db"
    before = _downgraded(programme, path)
    migrated = open_db(path)
    assert _dump(migrated) == before
    assert all(isinstance(v, str) for row in before for v in row[3:8] if v is not None)
    assert verify_audit(migrated).problems == ()
    # The stored form: day numbers and stage ids.
    stored = migrated.conn.execute(
        "SELECT DISTINCT typeof(stage), typeof(planned) FROM milestone_rows"
    ).fetchall()
    assert set(stored) <= {("integer", "integer"), ("integer", "null")}
    # Undo and redo of a stage done, and a schedule run after them, on the migrated file.
    cid = migrated.conn.execute("SELECT id FROM contracts WHERE ref = 'ICT-001'").fetchone()[0]
    mark_milestone_done(migrated, cid, "needs-analysis", date(2026, 11, 2), "tester")
    done = [m for m in milestones_for(migrated, cid) if m.stage == "needs-analysis"]
    assert done[0].actual == date(2026, 11, 2)
    undo_last(migrated, "tester")
    assert _dump(migrated) == before
    redo_last(migrated, "tester")
    assert [m.actual for m in milestones_for(migrated, cid) if m.stage == "needs-analysis"] == [
        date(2026, 11, 2)
    ]
    run_schedule(migrated, TODAY, "tester")
    assert run_schedule(migrated, TODAY, "tester").written.total == 0
    assert verify_audit(migrated).problems == ()
    migrated.close()


def test_the_migration_refuses_a_date_no_planner_wrote_and_changes_nothing(
    programme: Database, tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    _downgraded(programme, path)
    old = sqlite_utils.Database(path)
    old.execute("UPDATE milestones SET planned = '2026-11-31' WHERE id = 1")
    old.execute("UPDATE _sqlite_migrations SET migration_set = 'planner'")  # as recorded then
    old.conn.commit()
    before = _dump(old)
    old.close()
    for _ in range(2):  # tried again, as a user would
        with pytest.raises(PlannerError, match=r"cannot upgrade .*whole ISO days.*nothing in it"):
            open_db(path)
    check = sqlite_utils.Database(path)
    assert _dump(check) == before  # still the old table, untouched
    # ...and still recorded as the earlier version did, so that version still opens it.
    sets = {row[0] for row in check.execute("SELECT migration_set FROM _sqlite_migrations")}
    check.close()
    assert sets == {"planner"}
    copies = sorted(tmp_path.glob("old.db.before-migration-*.bak"))
    assert len(copies) == 2  # the second try kept the first copy
    for copy in copies:
        kept = sqlite_utils.Database(copy)
        assert _dump(kept) == before
        kept.close()


def test_the_migration_refuses_a_stage_no_stage_has(programme: Database, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _downgraded(programme, path)
    old = sqlite_utils.Database(path)
    old.execute("UPDATE milestones SET stage = 'made-up' WHERE id = 1")
    old.conn.commit()
    old.close()
    with pytest.raises(PlannerError, match="stage is one of the stages"):
        open_db(path)


def test_a_write_aimed_at_the_view_fails_instead_of_storing_text(programme: Database) -> None:
    with pytest.raises(sqlite3.OperationalError, match="cannot modify milestones"):
        programme.conn.execute("UPDATE milestones SET planned = '2027-01-01' WHERE id = 1")
    with pytest.raises(sqlite3.OperationalError, match="cannot modify milestones"):
        programme.conn.execute("INSERT INTO milestones (contract_id, stage) VALUES (1, 'notice')")


@pytest.mark.parametrize(
    ("column", "value"), [("planned", "2027-01-01"), ("actual", "2027-01-01"), ("stage", "notice")]
)
def test_the_table_takes_only_numbers_for_dates_and_stages(
    programme: Database, column: str, value: str
) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        programme.conn.execute(f"UPDATE milestone_rows SET {column} = ? WHERE id = 1", (value,))


def test_a_stage_added_later_is_numbered_after_the_others(db: Database) -> None:
    """A later migration adding a stage need not number it: it comes after the last."""
    last = db.conn.execute("SELECT max(id) FROM stages").fetchone()[0]
    db.conn.execute(
        "INSERT INTO stages (code, number, seq, name) VALUES ('later', NULL, 999, 'Later')"
    )
    assert db.conn.execute("SELECT id FROM stages WHERE code = 'later'").fetchone() == (last + 1,)
    ids = [r[0] for r in db.conn.execute("SELECT id FROM stages ORDER BY seq")]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_undo_writes_a_milestone_back_in_its_stored_form(programme: Database) -> None:
    """A stage done with no planned row (inserted), undone and redone: the row comes back
    from the audit trail's ISO text as day numbers, and reads as it did."""
    # ICT-001's checklist is answered in full, so its business case may be approved.
    cid = programme.conn.execute("SELECT id FROM contracts WHERE ref = 'ICT-001'").fetchone()[0]
    programme.conn.execute(
        "DELETE FROM milestone_rows WHERE contract_id = ? AND stage = "
        "(SELECT id FROM stages WHERE code = 'approval')",
        (cid,),
    )
    programme.conn.commit()
    before = _dump(programme)
    mark_milestone_done(programme, cid, "approval", date(2026, 11, 20), "tester")
    after = _dump(programme)
    assert len(after) == len(before) + 1
    assert undo_last(programme, "tester") is not None
    assert _dump(programme) == before
    assert redo_last(programme, "tester") is not None
    assert _dump(programme) == after
    assert programme.conn.execute(
        "SELECT typeof(actual), actual FROM milestone_rows WHERE id = (SELECT max(id) FROM "
        "milestone_rows)"
    ).fetchone() == ("integer", day_number(date(2026, 11, 20)))


def test_a_baseline_undone_reads_as_before(programme: Database) -> None:
    run_schedule(programme, TODAY + timedelta(days=7), "tester")
    before = _dump(programme)
    assert set_baseline(programme, "tester") > 0
    assert _dump(programme) != before
    undo_last(programme, "tester")
    assert _dump(programme) == before
    assert verify_audit(programme).problems == ()


def test_undo_refuses_a_forged_date_with_a_message() -> None:
    with pytest.raises(PlannerError, match="is not a date"):
        stored_value(None, "actual", "20261125")  # type: ignore[arg-type]


def test_the_overdue_count_is_read_from_its_index(programme: Database) -> None:
    """The dashboard's overdue count (plan_reader.OVERDUE) matches the index's expression."""
    plan = programme.conn.execute(
        f"EXPLAIN QUERY PLAN SELECT count(*) FROM {TABLE} m WHERE {OVERDUE}",
        (day_number(TODAY),),
    ).fetchall()
    assert "milestones_first_due" in " ".join(str(row[3]) for row in plan)
    assert count_overdue_milestones(programme, TODAY) > 0


def _plan(db: Database, sql: str, params: dict[str, object]) -> str:
    return " ".join(str(row[3]) for row in db.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def test_the_briefs_and_the_calendar_read_milestones_by_date_from_the_indexes(
    programme: Database,
) -> None:
    """Their date bounds are worked out from the ISO parameters in SQL: with an INTEGER
    affinity (a CAST) the overdue list stopped using milestones_first_due and scanned
    every planned milestone (0.6 s at 50,000 contracts instead of 36 ms)."""
    params = programme_parameters(programme, TODAY)
    assert "milestones_first_due" in _plan(programme, PROGRAMME_SQL["overdue"], params)
    for name in ("due", "decisions", "notices", "gantt"):
        assert "milestones_planned" in _plan(programme, PROGRAMME_SQL[name], params), name
    calendar = {"today": TODAY.isoformat(), "horizon_end": "2027-11-25", "department": None,
                "officer": None}  # fmt: skip
    assert "milestones_planned" in _plan(programme, CALENDAR_SQL, calendar)

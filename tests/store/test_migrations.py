"""Migrations: from a blank file to head, and from the first schema (with data) to head."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from planner.errors import PlannerError
from planner.resources import schema_dir
from planner.store import open_db, verify_chain
from planner.store.contracts import find_contract, update_contract
from planner.store.db import migrations, pending_migrations
from planner.store.schema_versions import MIGRATION_SET

NAMES = [p.stem for p in sorted(schema_dir().glob("[0-9][0-9][0-9][0-9]_*.sql"))]


def test_the_migrations_are_numbered_files_in_order() -> None:
    assert NAMES[0] == "0001_initial"
    numbers = [int(name[:4]) for name in NAMES]
    assert numbers == list(range(1, len(NAMES) + 1))


def test_a_blank_file_is_migrated_to_head_and_a_second_run_changes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "planner.db"
    db = open_db(path)
    assert pending_migrations(db) == []
    applied = [row[0] for row in db.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == NAMES
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.conn.execute("SELECT count(*) FROM departments").fetchone()[0] == 6
    db.close()
    reopened = open_db(path)
    assert reopened.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(
        NAMES
    )
    reopened.close()
    assert list(tmp_path.glob("*.bak")) == []  # nothing to back up before a first migration


def _first_schema_with_data(path: Path) -> None:
    db = sqlite_utils.Database(path)
    stop = NAMES[1] if len(NAMES) > 1 else None
    migrations().apply(db, stop_before=stop)
    # Recorded as the versions up to 1 Dec 2026 recorded them.
    db.execute("UPDATE _sqlite_migrations SET migration_set = 'planner'")
    # Written with 0001's own columns, as a database made by the first release would be.
    db.execute(
        "INSERT INTO contracts (ref, department, title, supplier, end_date, notice_period, "
        "notice_date, total_value, status, version, created_at, updated_at) VALUES "
        "('EST-001', 'Estates', 'Cleaning', 'Pennine Facilities Ltd', '2027-03-31', 'P3M', "
        "'2026-12-31', 12000000, 'active', 1, '2025-01-01T00:00:00+00:00', "
        "'2025-01-01T00:00:00+00:00')"
    )
    db.execute("INSERT INTO departments (name, centralise) VALUES ('Fleet', 1)")
    db.conn.commit()
    db.close()


def test_a_first_schema_database_with_data_migrates_to_head_intact(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    _first_schema_with_data(path)
    check = sqlite_utils.Database(path)
    applied = [row[0] for row in check.execute("SELECT name FROM _sqlite_migrations")]
    check.close()
    assert applied == NAMES[:1]

    db = open_db(path)
    assert pending_migrations(db) == []
    contract = find_contract(db, "EST-001", "Estates")
    assert (contract.title, contract.supplier, contract.end_date, contract.total_value) == (
        "Cleaning", "Pennine Facilities Ltd", date(2027, 3, 31), 12_000_000,
    )  # fmt: skip
    assert contract.notice_date == date(2026, 12, 31)
    assert "Fleet" in [r[0] for r in db.conn.execute("SELECT name FROM departments")]
    # The migrated database is a working one: an audited, versioned edit goes through.
    assert contract.id is not None
    edited = update_contract(db, contract.id, {"officer": "A. Khan"}, expected_version=1, who="t")
    assert (edited.officer, edited.version) == ("A. Khan", 2)
    assert verify_chain(db).ok
    db.close()
    if len(NAMES) > 1:
        backups = list(tmp_path.glob("planner.db.before-migration-*.bak"))
        assert len(backups) == 1
        old = sqlite_utils.Database(backups[0])
        assert old.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == 1
        assert old.execute("SELECT title FROM contracts").fetchone()[0] == "Cleaning"
        old.close()


def test_a_database_a_newer_planner_has_migrated_is_refused_with_its_names(
    tmp_path: Path,
) -> None:
    """A newer version may store values this one would misread (reviews' reasons packed, say)
    or rewrite them wrongly: opening its database is refused, saying why, and nothing is
    written to it."""
    path = tmp_path / "planner.db"
    open_db(path).close()
    newer = sqlite_utils.Database(path)
    newer["_sqlite_migrations"].insert(
        {"migration_set": MIGRATION_SET, "name": "9999_from_the_future", "applied_at": "2027-01-01"}
    )
    newer.close()
    before = path.read_bytes()
    with pytest.raises(PlannerError, match=r"newer version of the planner.*9999_from_the_future"):
        open_db(path)
    assert path.read_bytes() == before


def test_a_database_this_version_opened_is_refused_by_the_versions_before_it(
    tmp_path: Path,
) -> None:
    """Versions up to 1 Dec 2026 do not refuse a database a newer one migrated, and would
    misread values stored in a newer form; they do refuse one with no migrations recorded
    under their set's name ("planner") as another program's. Opening an earlier version's
    database moves its record to this version's set, after the backup, so they refuse it."""
    path = tmp_path / "planner.db"
    _first_schema_with_data(path)
    open_db(path).close()
    check = sqlite3.connect(path)
    earlier_versions_check = "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'planner'"
    assert check.execute(earlier_versions_check).fetchone() is None
    recorded = [
        row[0]
        for row in check.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY name",
            (MIGRATION_SET,),
        )
    ]
    check.close()
    assert recorded == NAMES
    backup = next(tmp_path.glob("planner.db.before-migration-*.bak"))
    old = sqlite3.connect(backup)
    assert old.execute(earlier_versions_check).fetchone() == (1,)  # the backup is as it was
    old.close()


def test_a_new_database_records_no_migration_the_earlier_versions_would_accept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "planner.db"
    open_db(path).close()
    check = sqlite3.connect(path)
    sets = {row[0] for row in check.execute("SELECT migration_set FROM _sqlite_migrations")}
    check.close()
    assert sets == {MIGRATION_SET}
    reopened = open_db(path, create=False)  # and this version knows it for its own
    assert pending_migrations(reopened) == []
    reopened.close()

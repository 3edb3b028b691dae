"""Migration 0014: routes written by earlier imports were the last letting's procedure, so
they become previous routes; a route someone decided stays decided (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from planner.store import open_db
from planner.store.contracts import find_contract
from planner.store.db import migrations

NOW = "2026-01-01T00:00:00+00:00"


def _contract(db: sqlite_utils.Database, ref: str, route: str) -> int:
    cursor = db.execute(
        "INSERT INTO contracts (ref, department, route, status, version, created_at, "
        "updated_at) VALUES (?, 'Estates', ?, 'active', 1, ?, ?)",
        (ref, route, NOW, NOW),
    )
    return int(cursor.lastrowid or 0)


def _audit(db: sqlite_utils.Database, kind: str, contract_id: int, field: str, new: object) -> None:
    change_id = db.execute(
        "INSERT INTO changes (at, who, kind, summary) VALUES (?, 't', ?, 's')", (NOW, kind)
    ).lastrowid
    action = "insert" if field == "*" else "update"
    db.execute(
        "INSERT INTO audit (change_id, at, who, action, entity, entity_id, field, old, new, "
        "prev_hash, hash) VALUES (?, ?, 't', ?, 'contract', ?, ?, NULL, ?, '', '')",
        (change_id, NOW, action, str(contract_id), field, json.dumps(new)),
    )


def test_imported_routes_become_previous_routes_and_decided_ones_stay(tmp_path: Path) -> None:
    """PA 2023 (options appraisal, stage 2; docs/rules.md, "Reading a register's route"): the route
    of the next procurement is decided in the review; a route an import wrote was history, one a
    person set is a decision. The audit trail's change kind tells them apart."""
    path = tmp_path / "planner.db"
    db = sqlite_utils.Database(path)
    migrations().apply(db, stop_before="0012_import_mapping")
    imported = _contract(db, "EST-1", "open")
    _audit(db, "import", imported, "*", {"ref": "EST-1", "route": "open"})
    decided = _contract(db, "EST-2", "open")
    _audit(db, "import", decided, "*", {"ref": "EST-2", "route": "quotes"})
    _audit(db, "edit", decided, "route", "open")
    reimported = _contract(db, "EST-3", "framework-direct-award")
    _audit(db, "import", reimported, "*", {"ref": "EST-3"})
    _audit(db, "import", reimported, "route", "framework-direct-award")
    _contract(db, "EST-4", "quotes")  # no audit row: cannot be told apart, so kept
    db.conn.commit()
    db.close()

    migrated = open_db(path)
    routes = {
        ref: (find_contract(migrated, ref).route, find_contract(migrated, ref).previous_route)
        for ref in ("EST-1", "EST-2", "EST-3", "EST-4")
    }
    assert routes == {
        "EST-1": (None, "open"),
        "EST-2": ("open", None),
        "EST-3": (None, "framework-direct-award"),
        "EST-4": ("quotes", None),
    }
    aliases = dict(migrated.conn.execute("SELECT alias, department FROM department_aliases"))
    assert aliases["L&D"] == "Learning & Development"
    assert aliases["HQ Crime Dept"] == "HQ Crime"
    migrated.close()

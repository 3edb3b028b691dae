"""A big change is audited as one packed row with a compressed record of what it did
(docs/architecture.md, "Audit trail"): history, undo, redo and verify read it as if every
contract had its own audit row, and tampering with either the register or the record is
caught."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.demo.build import add_demo_departments, write_demo_register
from planner.demo.generator import DemoSpec
from planner.io.importer import ImportOptions, import_file
from planner.store import Database, verify_chain
from planner.store.audit import change
from planner.store.audit_pack import change_rows
from planner.store.audit_verify import current_seal, verify_audit
from planner.store.contracts import find_contract, update_contracts
from planner.store.detail import contract_history, next_undo
from planner.store.history import redo_last, undo_last
from planner.store.milestone_rows import day_number
from planner.store.schedule_run import run_schedule
from tests.conftest import FROZEN_TODAY as TODAY

CONTRACTS = 60


@pytest.fixture
def bulk(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """A register of 60 contracts imported as one packed change, in parts of 7 rows (the
    thresholds lowered so a small register exercises what 50,000 contracts do)."""
    monkeypatch.setattr("planner.store.audit.PACK_FROM", 20)
    monkeypatch.setattr("planner.store.audit_pack.PART_ROWS", 7)
    add_demo_departments(db)
    path = tmp_path / "register.csv"
    write_demo_register(path, DemoSpec(seed=7, contracts=CONTRACTS))
    report = import_file(db, path, ImportOptions(), "importer")
    assert report.imported == CONTRACTS
    return db


def _table(db: Database, name: str) -> list[tuple[Any, ...]]:
    return db.conn.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall()


def _last_import_rows(db: Database) -> list[tuple[Any, ...]]:
    return db.conn.execute(
        "SELECT a.action, a.entity FROM audit a JOIN changes c ON c.id = a.change_id "
        "WHERE c.kind = 'import'"
    ).fetchall()


def test_a_bulk_import_is_one_packed_audit_row_in_parts(bulk: Database) -> None:
    assert _last_import_rows(bulk) == [("packed", "change")]
    parts = bulk.conn.execute("SELECT count(*), sum(rows) FROM audit_packs").fetchone()
    assert parts == (9, CONTRACTS)  # 60 contracts in parts of 7
    report = verify_audit(bulk)
    assert report.ok, report.problems
    assert report.seal == current_seal(bulk)


def test_the_history_of_a_contract_imported_in_bulk_shows_its_insert_with_its_values(
    bulk: Database,
) -> None:
    contract = bulk.conn.execute("SELECT id, ref, supplier FROM contracts LIMIT 1 OFFSET 30")
    cid, ref, supplier = contract.fetchone()
    (entry,) = contract_history(bulk, cid)
    assert (entry.kind, entry.who, entry.action, entry.field) == (
        "import",
        "importer",
        "insert",
        "*",
    )
    assert entry.old is None
    assert entry.new["ref"] == ref and entry.new["supplier"] == supplier
    assert entry.new["id"] == cid


def test_undo_of_a_bulk_import_restores_the_register_and_redo_brings_it_back(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("planner.store.audit.PACK_FROM", 20)
    monkeypatch.setattr("planner.store.audit_pack.PART_ROWS", 7)
    add_demo_departments(db)
    before = _table(db, "contracts")
    path = tmp_path / "register.csv"
    write_demo_register(path, DemoSpec(seed=7, contracts=CONTRACTS))
    import_file(db, path, ImportOptions(), "importer")
    imported = _table(db, "contracts")
    undoable = next_undo(db)
    assert undoable is not None and undoable.rows == CONTRACTS

    undone = undo_last(db, "importer")

    assert undone is not None and undone.rows == CONTRACTS
    assert _table(db, "contracts") == before
    assert redo_last(db, "importer") is not None
    assert _table(db, "contracts") == imported
    report = verify_audit(db)
    assert report.ok, report.problems


def test_verify_finds_a_contract_edited_by_hand_after_a_bulk_import(bulk: Database) -> None:
    contract = find_contract(bulk, bulk.conn.execute("SELECT ref FROM contracts").fetchone()[0])
    bulk.conn.execute("UPDATE contracts SET supplier = 'Forged Ltd' WHERE id = ?", (contract.id,))
    bulk.conn.commit()
    problems = "\n".join(verify_audit(bulk).problems)
    assert (
        f"contract {contract.ref} ({contract.department}): supplier is 'Forged Ltd' in the "
        f"register but '{contract.supplier}' in the audit trail" in problems
    )


def test_verify_finds_a_compact_record_edited_by_hand(bulk: Database) -> None:
    """A part swapped for another (its bytes rewritten) no longer matches the SHA-256 the
    hash chain holds for the record."""
    (audit_id,) = bulk.conn.execute("SELECT id FROM audit WHERE action = 'packed'").fetchone()
    bulk.conn.execute(
        "UPDATE audit_packs SET data = (SELECT data FROM audit_packs WHERE id = "
        "(SELECT min(id) FROM audit_packs)) WHERE id = (SELECT max(id) FROM audit_packs)"
    )
    bulk.conn.commit()
    report = verify_audit(bulk)
    assert report.chain.broken_at == audit_id
    assert "its compact record no longer matches its hash" in report.chain.reason


def test_verify_finds_a_part_of_a_compact_record_deleted_by_hand(bulk: Database) -> None:
    bulk.conn.execute("DELETE FROM audit_packs WHERE id = (SELECT max(id) FROM audit_packs)")
    bulk.conn.commit()
    assert "compact record no longer matches" in "\n".join(verify_audit(bulk).problems)


def test_a_schedule_run_is_packed_and_verify_replays_its_milestones(bulk: Database) -> None:
    """The schedule's plan (reviews, milestones, derived contract columns) is one packed row
    too: verify rebuilds every milestone from it, a contract's history shows its new RAG,
    and re-running the schedule on the unchanged database writes nothing."""
    run_schedule(bulk, TODAY, "scheduler")
    packed = bulk.conn.execute(
        "SELECT count(*) FROM audit a JOIN changes c ON c.id = a.change_id "
        "WHERE c.kind = 'schedule' AND a.action = 'packed'"
    ).fetchone()[0]
    assert packed == 1
    assert bulk.conn.execute("SELECT count(*) FROM milestones").fetchone()[0] > 0
    report = verify_audit(bulk)
    assert report.ok, report.problems
    cid, rag = bulk.conn.execute(
        "SELECT id, rag FROM contracts WHERE rag IS NOT NULL LIMIT 1"
    ).fetchone()
    newest = contract_history(bulk, cid)[0]
    assert newest.kind == "schedule" and "rag" in newest.field.split(",")
    assert rag in newest.new
    assert run_schedule(bulk, TODAY, "scheduler").written.total == 0


def test_verify_finds_a_milestone_edited_by_hand_after_a_packed_schedule(bulk: Database) -> None:
    run_schedule(bulk, TODAY, "scheduler")
    bulk.conn.execute(
        "UPDATE milestone_rows SET planned = ? WHERE id = (SELECT min(id) FROM milestone_rows)",
        (day_number(date(2031, 1, 1)),),
    )
    bulk.conn.commit()
    problems = "\n".join(verify_audit(bulk).problems)
    assert "planned is '2031-01-01' in the database but" in problems


def test_a_field_a_report_reads_with_sql_stays_a_row_of_its_own_in_a_packed_change(
    bulk: Database,
) -> None:
    """The centralisation report dates each change of managed_by_procurement from the trail
    with SQL (docs/guide/briefs.md, "How the KPIs are computed"): a big change keeps
    those rows out of its record."""
    targets = bulk.conn.execute(
        "SELECT id, version FROM contracts WHERE coalesce(managed_by_procurement, 0) = 0"
    ).fetchall()
    assert len(targets) >= 20
    update_contracts(
        bulk,
        [(cid, version) for cid, version in targets],
        lambda _current: {"managed_by_procurement": True, "officer": "A. Khan"},
        who="manager",
        summary="Centralised",
    )
    (change_id,) = bulk.conn.execute("SELECT max(id) FROM changes").fetchone()
    actions = dict(
        bulk.conn.execute(
            "SELECT action, count(*) FROM audit WHERE change_id = ? GROUP BY action", (change_id,)
        ).fetchall()
    )
    assert actions == {"update": len(targets), "packed": 1}
    assert verify_audit(bulk).ok
    assert undo_last(bulk, "manager") is not None
    centralised = bulk.conn.execute(
        "SELECT count(*) FROM contracts WHERE managed_by_procurement = 1"
    ).fetchone()[0]
    assert centralised == CONTRACTS - len(targets)
    assert verify_audit(bulk).ok


def _log_sample(db: Database, summary: str) -> int:
    """One change of varied rows: whole rows in columns (inserted and deleted), single
    fields, several fields at once, dates and tuples, names as ids."""
    with change(db, "tester", summary) as log:
        log.log_rows(
            "insert", "contract", ("id", "ref", "end_date"),
            [(7, "EST-7", date(2027, 3, 1), "not logged"), (8, "EST-8", None, "not logged")],
        )  # fmt: skip
        log.log_rows("delete", "contract", ("id", "ref", "end_date"), [(9, "EST-9", None)])
        log.log("update", "contract", 7, "supplier", None, "Pennine Ltd")
        log.log("update", "contract", 8, "rag,next_milestone", (None, None), ("red", "x"))
        log.log("update", "workload", "A. Khan", "weeks", [], [["2026-11-23", 7.5, 37.0]])
        log.log("insert", "milestones", 7, "*", None, [[1, "options", date(2027, 1, 4)]])
        return log.change_id


def test_a_packed_change_reads_back_exactly_as_the_same_change_written_row_by_row(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows_id = _log_sample(db, "as rows")
    monkeypatch.setattr("planner.store.audit.PACK_FROM", 2)
    monkeypatch.setattr("planner.store.audit_pack.PART_ROWS", 2)
    packed_id = _log_sample(db, "packed")
    actions = db.conn.execute(
        "SELECT DISTINCT action FROM audit WHERE change_id = ?", (packed_id,)
    ).fetchall()
    assert actions == [("packed",)]
    assert change_rows(db, packed_id) == change_rows(db, rows_id)
    assert len(change_rows(db, rows_id)) == 7
    assert verify_chain(db).ok


def test_a_contracts_history_puts_an_edit_after_its_bulk_import_newest_first(
    bulk: Database,
) -> None:
    cid, version = bulk.conn.execute("SELECT id, version FROM contracts LIMIT 1").fetchone()
    update_contracts(
        bulk, [(cid, version)], lambda _c: {"officer": "B. Shaw"}, who="editor", summary="Edit"
    )
    history = contract_history(bulk, cid)
    assert [(h.kind, h.action, h.field) for h in history] == [
        ("edit", "update", "officer"),
        ("import", "insert", "*"),
    ]
    assert history[0].new == "B. Shaw"


def test_a_big_change_that_adds_a_contract_and_centralises_it_is_written_row_by_row(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its order matters to undo and verify, so no row is kept apart from a packed record."""
    monkeypatch.setattr("planner.store.audit.PACK_FROM", 2)
    with change(db, "tester", "Added and centralised") as log:
        log.log_rows("insert", "contract", ("id", "ref"), [(5, "EST-5"), (6, "EST-6")])
        log.log("update", "contract", 5, "managed_by_procurement", None, True)
    actions = db.conn.execute("SELECT action FROM audit ORDER BY id").fetchall()
    assert actions == [("insert",), ("insert",), ("update",)]


def test_a_change_packed_as_its_rows_come_is_the_record_packed_at_the_end(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A schedule packs its audit rows as they come (memory at national scale): the parts,
    their hash and every logical row are exactly those of the same change packed at the end,
    and a field a report reads with SQL still stays a row of its own, before the record."""
    monkeypatch.setattr("planner.store.audit.PACK_FROM", 3)
    monkeypatch.setattr("planner.store.audit.PART_ROWS", 2)
    monkeypatch.setattr("planner.store.audit_pack.PART_ROWS", 2)

    def sample(summary: str, *, streamed: bool) -> int:
        with change(db, "tester", summary) as log:
            if streamed:
                log.stream()
            for n in range(1, 8):
                log.log("update", "contract", n, "rag", None, "red")
            log.log("update", "contract", 3, "managed_by_procurement", 0, 1)
            log.log("insert", "milestones", 7, "*", None, [(1, "options", "2027-01-04")])
            log.log("update", "workload", "A. Khan", "weeks", [], [["2026-11-23", 7.5, 37.0]])
            return log.change_id

    at_end, as_they_come = sample("at the end", streamed=False), sample("streamed", streamed=True)

    def record(change_id: int) -> list[tuple[Any, ...]]:
        return db.conn.execute(
            "SELECT a.action, a.field, p.entity, p.low, p.high, p.rows, p.data FROM audit a "
            "LEFT JOIN audit_packs p ON p.audit_id = a.id WHERE a.change_id = ? "
            "ORDER BY a.id, p.id",
            (change_id,),
        ).fetchall()

    assert record(as_they_come) == record(at_end)
    assert record(at_end)[0][:2] == ("update", "managed_by_procurement")
    assert change_rows(db, as_they_come) == change_rows(db, at_end)
    assert verify_chain(db).ok

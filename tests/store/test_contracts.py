"""The store: contracts written in audited transactions, conflicts refused, undo and redo."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.contract import Contract
from planner.errors import ConflictError, ValidationError
from planner.store import Database, verify_chain
from planner.store.contracts import (
    find_contract,
    get_contract,
    insert_contract,
    update_contract,
    upsert_contracts,
)
from planner.store.history import redo_last, undo_last


def _cleaning(**changes: object) -> Contract:
    base = Contract(
        ref="EST-001",
        department="Estates",
        title="Cleaning",
        end_date=date(2027, 3, 31),
        notice_period="P3M",
        total_value=12_000_000,
    )
    return base.with_changes(**changes)


def test_a_new_contract_is_stored_with_its_notice_date_and_audited(db: Database) -> None:
    saved = insert_contract(db, _cleaning(), "tester")
    row = db.conn.execute(
        "SELECT notice_date, version FROM contracts WHERE id = ?", (saved.id,)
    ).fetchone()
    assert row == ("2026-12-31", 1)
    assert verify_chain(db).rows == 1


def test_an_edit_from_a_stale_version_is_refused_and_nothing_is_overwritten(db: Database) -> None:
    saved = insert_contract(db, _cleaning(), "tester")
    assert saved.id is not None
    update_contract(db, saved.id, {"officer": "A. Khan"}, expected_version=1, who="alice")
    with pytest.raises(ConflictError, match=r"EST-001.*alice"):
        update_contract(db, saved.id, {"officer": "B. Jones"}, expected_version=1, who="bob")
    assert get_contract(db, saved.id).officer == "A. Khan"


def test_an_end_date_before_the_start_is_refused(db: Database) -> None:
    saved = insert_contract(db, _cleaning(start_date=date(2025, 4, 1)), "tester")
    assert saved.id is not None
    with pytest.raises(ValidationError, match="before it starts"):
        update_contract(
            db, saved.id, {"end_date": date(2024, 1, 1)}, expected_version=1, who="tester"
        )
    assert get_contract(db, saved.id).end_date == date(2027, 3, 31)


def test_undo_restores_the_previous_value_and_redo_reapplies_it(db: Database) -> None:
    saved = insert_contract(db, _cleaning(), "tester")
    assert saved.id is not None
    update_contract(db, saved.id, {"end_date": date(2028, 3, 31)}, expected_version=1, who="tester")
    assert undo_last(db, "tester") is not None
    restored = get_contract(db, saved.id)
    assert restored.end_date == date(2027, 3, 31)
    assert db.conn.execute("SELECT notice_date FROM contracts").fetchone()[0] == "2026-12-31"
    assert redo_last(db, "tester") is not None
    assert get_contract(db, saved.id).end_date == date(2028, 3, 31)
    assert verify_chain(db).ok


def test_upsert_counts_new_changed_and_unchanged_and_keeps_unsupplied_fields(
    db: Database,
) -> None:
    first = insert_contract(db, _cleaning(officer="A. Khan"), "tester")
    supplied = frozenset({"ref", "department", "title", "end_date"})
    counts = upsert_contracts(
        db,
        [(_cleaning(title="Cleaning services"), supplied),
         (Contract(ref="EST-002", department="Estates", title="Lifts"), supplied)],
        who="tester", summary="import",
    )  # fmt: skip
    assert (counts.imported, counts.updated, counts.unchanged) == (1, 1, 0)
    assert first.id is not None
    kept = get_contract(db, first.id)
    assert (kept.title, kept.officer) == ("Cleaning services", "A. Khan")
    again = upsert_contracts(
        db, [(_cleaning(title="Cleaning services"), supplied)], who="tester", summary="import"
    )
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 1)


def test_a_dry_run_upsert_writes_nothing(db: Database) -> None:
    supplied = frozenset({"ref", "department"})
    counts = upsert_contracts(db, [(_cleaning(), supplied)], who="t", summary="s", write=False)
    assert counts.imported == 1
    assert db.conn.execute("SELECT count(*) FROM contracts").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 0


def test_a_hand_edited_audit_row_breaks_the_chain_at_that_row(db: Database) -> None:
    saved = insert_contract(db, _cleaning(), "tester")
    assert saved.id is not None
    update_contract(db, saved.id, {"officer": "A"}, expected_version=1, who="tester")
    update_contract(db, saved.id, {"officer": "B"}, expected_version=2, who="tester")
    db.conn.execute("UPDATE audit SET new = '\"Z\"' WHERE id = 2")
    report = verify_chain(db)
    assert (report.ok, report.broken_at) == (False, 2)


def test_a_reference_shared_by_two_departments_needs_the_department(db: Database) -> None:
    insert_contract(db, _cleaning(), "tester")
    insert_contract(db, _cleaning(department="ICT"), "tester")
    with pytest.raises(ValidationError, match="say which"):
        find_contract(db, "EST-001")
    assert find_contract(db, "EST-001", "ict").department == "ICT"


def test_a_conflict_names_the_person_who_edited_not_a_later_replan(db: Database) -> None:
    from planner.store.audit import change

    saved = insert_contract(db, _cleaning(), "tester")
    assert saved.id is not None
    update_contract(db, saved.id, {"officer": "A"}, expected_version=1, who="alice")
    with change(db, "scheduler", "Schedule", kind="schedule") as log:
        db.conn.execute("UPDATE contracts SET rag = 'red' WHERE id = ?", (saved.id,))
        log.log("update", "contract", saved.id, "rag", None, "red")
    with pytest.raises(ConflictError, match=r"changed by alice"):
        update_contract(db, saved.id, {"officer": "B"}, expected_version=1, who="bob")

"""Benefits and supplier claims: recorded against a contract, totalled by year, audited and
undoable; migration 0003 applies over a register that already holds data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.domain.contract import Contract
from planner.domain.kpis import FinancialYear
from planner.errors import NotFoundError, ValidationError
from planner.store import Database, open_db, verify_chain
from planner.store.benefits import (
    add_benefit,
    add_claim,
    benefit_kind,
    benefit_totals,
    claim_totals,
    delete_benefit,
    list_benefits,
    list_claims,
)
from planner.store.contracts import insert_contract
from planner.store.db import migrations
from planner.store.history import redo_last, undo_last

FY25 = FinancialYear(2025)


@pytest.fixture
def contract_id(db: Database) -> int:
    saved = insert_contract(db, Contract(ref="EST-001", department="Estates"), "tester")
    assert saved.id is not None
    return saved.id


def _benefit(db: Database, contract_id: int, kind: str, pence: int, year: FinancialYear) -> None:
    add_benefit(
        db, contract_id, kind=kind, amount=pence, year=year, description=f"{kind} {pence}",
        recorded_on=date(2026, 11, 25), who="tester",
    )  # fmt: skip


def test_benefits_are_totalled_by_kind_for_their_year_only(db: Database, contract_id: int) -> None:
    _benefit(db, contract_id, "saving", 10_000_00, FY25)
    _benefit(db, contract_id, "saving", 2_500_00, FY25)
    _benefit(db, contract_id, "social-value", 700_00, FY25)
    _benefit(db, contract_id, "saving", 99_999_00, FinancialYear(2024))
    totals, records = benefit_totals(db, FY25)
    assert totals == {
        "saving": 12_500_00, "cost-avoidance": 0, "service-value": 0, "social-value": 700_00,
    }  # fmt: skip
    assert records == 3
    assert [b.amount for b in list_benefits(db, year=FY25)] == [10_000_00, 2_500_00, 700_00]
    assert benefit_totals(db, FinancialYear(2023)) == (dict.fromkeys(totals, 0), 0)


def test_claims_count_in_the_year_their_date_falls_in(db: Database, contract_id: int) -> None:
    for day, pence in [(date(2025, 4, 1), 100_00), (date(2026, 3, 31), 50_00),
                       (date(2026, 4, 1), 7_00)]:  # fmt: skip
        add_claim(db, contract_id, amount=pence, claimed_on=day, description="Delay", who="t")
    assert claim_totals(db, FY25) == (150_00, 2)
    assert claim_totals(db, FinancialYear(2026)) == (7_00, 1)
    assert claim_totals(db, FinancialYear(2027)) == (0, 0)
    assert [c.ref for c in list_claims(db, contract_id=contract_id)] == ["EST-001"] * 3


def test_a_benefit_is_one_audited_change_that_undo_and_redo_reverse(
    db: Database, contract_id: int
) -> None:
    _benefit(db, contract_id, "cost-avoidance", 5_000_00, FY25)
    assert len(list_benefits(db)) == 1
    undone = undo_last(db, "tester")
    assert undone is not None and "cost avoidance" in undone.summary
    assert list_benefits(db) == []
    redo_last(db, "tester")
    assert [b.amount for b in list_benefits(db)] == [5_000_00]
    delete_benefit(db, list_benefits(db)[0].id, "tester")
    assert list_benefits(db) == []
    undo_last(db, "tester")
    assert [b.description for b in list_benefits(db)] == ["cost-avoidance 500000"]
    assert verify_chain(db).ok


@pytest.mark.parametrize(
    ("amount", "description", "message"),
    [(0, "x", "more than £0"), (None, "x", "more than £0"), (100, "   ", "description")],
)
def test_a_benefit_needs_an_amount_and_a_description(
    db: Database, contract_id: int, amount: int | None, description: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        add_benefit(
            db, contract_id, kind="saving", amount=amount, year=FY25, description=description,
            recorded_on=date(2026, 11, 25), who="tester",
        )  # fmt: skip
    assert list_benefits(db) == []


def test_a_benefit_for_a_contract_that_does_not_exist_is_refused(db: Database) -> None:
    with pytest.raises(NotFoundError):
        add_claim(db, 999, amount=1, claimed_on=date(2026, 1, 1), description="x", who="t")


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("Saving", "saving"), ("savings", "saving"), ("Cost avoidance", "cost-avoidance"),
     ("service_value", "service-value"), ("social-value", "social-value")],
)  # fmt: skip
def test_benefit_types_as_people_type_them(typed: str, kind: str) -> None:
    assert benefit_kind(typed) == kind


def test_migration_0003_applies_to_a_register_that_already_has_contracts(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = open_db(path, migrate=False)
    migrations().apply(old, stop_before="0003_benefits_spend")
    old.conn.execute(
        "INSERT INTO contracts (ref, department, created_at, updated_at) "
        "VALUES ('EST-9', 'Estates', '2026-01-01', '2026-01-01')"
    )
    old.conn.commit()
    old.close()
    db = open_db(path)
    contract = db.conn.execute("SELECT id FROM contracts WHERE ref = 'EST-9'").fetchone()[0]
    add_claim(db, contract, amount=1_00, claimed_on=date(2026, 2, 2), description="x", who="t")
    assert claim_totals(db, FY25) == (1_00, 1)
    baseline = db.conn.execute("SELECT value FROM kpi_baselines WHERE key = 'savings'")
    assert baseline.fetchone() == ("150000000",)
    db.close()

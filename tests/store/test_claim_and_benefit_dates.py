"""A supplier claim cannot be dated after today or long before its contract was let, and a
benefit cannot count in a financial year far from this one; a refused one records nothing."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.contract import Contract
from planner.domain.kpis import FinancialYear
from planner.errors import ValidationError
from planner.store import Database
from planner.store.benefits import add_benefit, add_claim, list_benefits, list_claims
from planner.store.contracts import insert_contract

TODAY = date(2026, 11, 25)


@pytest.fixture
def contract_id(db: Database) -> int:
    contract = Contract(ref="ICT-2", department="ICT", start_date=date(2023, 10, 1))
    saved = insert_contract(db, contract, "tester")
    assert saved.id is not None
    return saved.id


def _claim(db: Database, contract_id: int, day: date) -> None:
    add_claim(db, contract_id, amount=500_00, claimed_on=day, description="Delay", who="t",
              today=TODAY)  # fmt: skip


def test_a_claim_dated_after_today_is_refused(db: Database, contract_id: int) -> None:
    with pytest.raises(ValidationError, match="1 Jan 2031 is in the future"):
        _claim(db, contract_id, date(2031, 1, 1))
    assert list_claims(db) == []
    _claim(db, contract_id, TODAY)
    assert [c.claimed_on for c in list_claims(db)] == [TODAY]


def test_a_claim_dated_long_before_its_contract_started_is_refused(
    db: Database, contract_id: int
) -> None:
    with pytest.raises(ValidationError, match="more than a year before ICT-2 started on 1 Oct"):
        _claim(db, contract_id, date(1990, 1, 1))
    assert list_claims(db) == []


@pytest.mark.parametrize("first", [2099, 2000])
def test_a_benefit_in_a_year_far_from_this_one_is_refused(
    db: Database, contract_id: int, first: int
) -> None:
    with pytest.raises(ValidationError, match="more than 10 years from this financial year"):
        add_benefit(db, contract_id, kind="saving", amount=1_00, year=FinancialYear(first),
                    description="x", recorded_on=TODAY, who="t")  # fmt: skip
    assert list_benefits(db) == []

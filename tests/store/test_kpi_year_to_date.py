"""KPIs "so far this year" count only contracts awarded up to today: a contract that starts
later in the financial year is not awarded yet (docs/guide/briefs.md, KPIs)."""

from __future__ import annotations

from datetime import date

from planner.domain.contract import Contract
from planner.domain.kpis import FinancialYear, compute_kpis
from planner.store.contracts import insert_contract
from planner.store.db import Database
from planner.store.reporting import year_totals

YEAR = FinancialYear(2026)  # 1 Apr 2026 to 31 Mar 2027; the tests' today is 25 Nov 2026


def _contract(ref: str, start: date, *, collaborative: bool, locality: str) -> Contract:
    return Contract(ref=ref, department="Estates", start_date=start, end_date=date(2029, 3, 31),
                    collaborative=collaborative, locality=locality)  # fmt: skip


def _award_three(db: Database) -> None:
    insert_contract(db, _contract("A", date(2026, 5, 1), collaborative=True,
                                  locality="Lancashire"), "t")  # fmt: skip
    insert_contract(db, _contract("B", date(2026, 11, 25), collaborative=False,
                                  locality="Yorkshire"), "t")  # fmt: skip
    # Signed, but starts next February: not awarded in the year so far.
    insert_contract(db, _contract("C", date(2027, 2, 1), collaborative=True,
                                  locality="Lancashire"), "t")  # fmt: skip


def test_a_contract_starting_after_today_is_not_counted_so_far_this_year(
    db: Database, today: date
) -> None:
    _award_three(db)
    totals = year_totals(db, YEAR, today)
    assert (totals.awarded, totals.awarded_collaborative, totals.awarded_local) == (2, 1, 1)
    kpis = {k.key: k for k in compute_kpis(totals, {})}
    assert kpis["collaborative_awards"].value == 50
    assert kpis["collaborative_awards"].how == (
        "1 contract marked collaborative out of 2 contracts starting in 2026/27 up to 25 Nov 2026."
    )


def test_once_the_year_is_over_every_contract_that_started_in_it_counts(db: Database) -> None:
    _award_three(db)
    totals = year_totals(db, YEAR, date(2027, 4, 2))
    assert (totals.awarded, totals.awarded_collaborative, totals.awarded_local) == (3, 2, 2)
    how = {k.key: k.how for k in compute_kpis(totals, {})}["local_awards"]
    assert how.endswith("out of 3 contracts starting in 2026/27.")

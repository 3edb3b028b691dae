"""The demo's money: a payments ledger, benefits and supplier claims over the last two
financial years, so its KPIs show realistic figures (docs/guide/briefs.md, KPIs).

Clearly synthetic like the register: payments follow each contract's annual value with some
noise, a few invented suppliers are paid off-contract, and benefits and claims are recorded
against a sample of contracts. The same seed and today always give the same money.
"""

from __future__ import annotations

import csv
import random
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from planner.domain.contract import Contract
from planner.domain.dates import add_months
from planner.domain.kpis import BENEFIT_TYPES, FinancialYear
from planner.io.spend import import_spend
from planner.store.benefits import add_benefit, add_claim
from planner.store.contracts import iter_contracts
from planner.store.db import Database

# Invented suppliers paid with no contract on the register: off-contract spend.
OFF_CONTRACT = ("Ribble Catering Supplies (demo)", "Pendle Office Furniture (demo)",
                "Fylde Courier Services (demo)", "Bowland Print Ltd (demo)")  # fmt: skip
PAID_SHARE = 0.8  # contracts paid through the ledger (the rest pay by other routes)
OFF_CONTRACT_SHARE = 0.06  # of the spend, as the strategy's 94% covered baseline suggests


@dataclass(frozen=True, slots=True)
class DemoMoney:
    """What the demo's money added."""

    payments: int
    benefits: int
    claims: int


def _months(today: date) -> list[date]:
    """The first day of each month from the start of last financial year to last month."""
    first = FinancialYear.containing(today).previous().start
    months, day = [], first
    while add_months(day, 1) <= today.replace(day=1):
        months.append(day)
        day = add_months(day, 1)
    return months


def _valued(db: Database) -> list[Contract]:
    """The register's contracts with an annual value, in the order they were added."""
    found = [c for c in iter_contracts(db) if c.annual_value and c.annual_value > 0]
    return sorted(found, key=lambda c: c.id)


def _ledger(db: Database, rng: random.Random, today: date) -> list[tuple[str, str, str, str]]:
    payments: list[tuple[str, str, str, str]] = []
    monthly_total = 0
    for contract in _valued(db):
        supplier, annual = contract.supplier, contract.annual_value or 0
        if supplier is None or rng.random() > PAID_SHARE:
            continue
        for month in _months(today):
            if contract.start_date and month < contract.start_date:
                continue
            pence = int(annual / 12 * rng.uniform(0.7, 1.3))
            monthly_total += pence
            paid = month + timedelta(days=rng.randrange(27))
            payments.append(
                (paid.strftime("%d/%m/%Y"), supplier, f"{pence / 100:.2f}", contract.department)
            )
    months = max(len(_months(today)), 1)
    per_month = int(monthly_total / months * OFF_CONTRACT_SHARE / len(OFF_CONTRACT))
    for month in _months(today):
        for name in OFF_CONTRACT:
            pence = int(per_month * rng.uniform(0.5, 1.5))
            paid = month + timedelta(days=rng.randrange(27))
            payments.append((paid.strftime("%d/%m/%Y"), name, f"{pence / 100:.2f}", "Estates"))
    return payments


def _benefits_and_claims(
    db: Database, rng: random.Random, today: date, who: str
) -> tuple[int, int]:
    this_year = FinancialYear.containing(today)
    benefits = claims = 0
    for contract in _valued(db):
        contract_id, annual, start = contract.id, contract.annual_value or 0, contract.start_date
        roll = rng.random()
        if roll < 0.3:
            year = this_year if rng.random() < 0.5 else this_year.previous()
            kind = rng.choice(list(BENEFIT_TYPES))
            share = {"saving": 0.08, "cost-avoidance": 0.05}.get(kind, 0.02)
            add_benefit(db, contract_id, kind=kind, amount=int(annual * share),
                        year=year, description=f"Demo {BENEFIT_TYPES[kind].lower()}",
                        recorded_on=today - timedelta(days=rng.randrange(1, 60)),
                        who=who)  # fmt: skip
            benefits += 1
        elif roll < 0.34:
            day = today - timedelta(days=rng.randrange(30, 540))
            if start and day < start:
                continue
            add_claim(db, contract_id, amount=int(annual * rng.uniform(0.005, 0.03)),
                      claimed_on=day, description="Demo claim for extra work", who=who,
                      today=today)  # fmt: skip
            claims += 1
    return benefits, claims


LEDGER_PART = 500_000  # payment lines per ledger file imported


def build_demo_money(db: Database, seed: int, today: date, who: str = "demo") -> DemoMoney:
    """Import a synthetic payments ledger and record benefits and claims."""
    rng = random.Random(seed + 7)
    payments = _ledger(db, rng, today)
    with tempfile.TemporaryDirectory(prefix="planner-demo-ledger-") as folder:
        # In parts a file import accepts (the import_max_rows limit is 1,000,000 rows): a
        # 200,000-contract demo pays about 1.3 million lines. One part below that size.
        for start in range(0, max(len(payments), 1), LEDGER_PART):
            part = "" if len(payments) <= LEDGER_PART else f"-{start // LEDGER_PART + 1}"
            path = Path(folder) / f"demo-payments{part}.csv"
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(("Payment Date", "Supplier Name", "Amount", "Department"))
                writer.writerows(payments[start : start + LEDGER_PART])
            import_spend(db, path, today=today, who=who)
    benefits, claims = _benefits_and_claims(db, rng, today, who)
    return DemoMoney(len(payments), benefits, claims)

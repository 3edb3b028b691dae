"""A small, fixed programme for brief tests: contracts (some with hostile text), benefits,
claims and a month of payments, all on the frozen today (25 Nov 2026, in 2026/27). The
`programme` and `programme_file` fixtures (tests/conftest.py) hold it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from planner.domain.codes import Answer
from planner.domain.contract import Contract
from planner.domain.kpis import FinancialYear
from planner.store import Database
from planner.store.benefits import add_benefit, add_claim
from planner.store.checklist import answer_item, current_items
from planner.store.contracts import find_contract, insert_contract, update_contract
from planner.store.decisions import mark_milestone_done, set_baseline
from planner.store.schedule_run import run_schedule
from planner.store.spend import SpendLine, SupplierMatch, save_spend
from planner.store.team import add_officer

GOLDEN = Path(__file__).parent / "golden"
UPDATE_ENV = "PLANNER_UPDATE_GOLDEN"
FY26 = FinancialYear(2026)

HOSTILE_TITLE = "Lift maintenance | Western\n<script>alert('x')</script>"
HOSTILE_SUPPLIER = "# Kestrel Systems\n> Ltd `rm -rf` *now*"

CONTRACTS = [
    Contract(ref="EST-001", department="Estates", title="Cleaning services (HQ)",
             supplier="Pennine Facilities Ltd", locality="Lancashire",
             category="Facilities services",
             start_date=date(2026, 5, 1), end_date=date(2027, 4, 30), notice_period="P3M",
             annual_value=12_000_000, total_value=24_000_000, owner="J. Patel",
             managed_by_procurement=False, collaborative=False, risk="medium", priority=2),
    Contract(ref="EST-002", department="Estates", title=HOSTILE_TITLE,
             supplier="Ribble & Co | Lifts", locality="National", category="Building maintenance",
             start_date=date(2024, 6, 1), end_date=date(2027, 1, 31), notice_period="P1M",
             annual_value=3_500_000, total_value=10_500_000, owner="S. Hughes",
             managed_by_procurement=False, risk="high", priority=1),
    Contract(ref="ICT-001", department="ICT", title="Network support",
             supplier=HOSTILE_SUPPLIER, locality="North West", category="ICT services",
             start_date=date(2026, 4, 15), end_date=date(2028, 4, 14), notice_period="P6M",
             annual_value=90_000_000, total_value=180_000_000, owner="M. O'Brien",
             collaborative=True, framework="CCS RM6100 Technology Services",
             managed_by_procurement=False, risk="low", priority=3),
    Contract(ref="ICT-002", department="ICT", title="Mobile data devices",
             supplier="Summit Technologies Ltd", locality="National", category="ICT hardware",
             start_date=date(2023, 10, 1), end_date=date(2027, 9, 30), notice_period="P90D",
             annual_value=150_000_000, total_value=600_000_000, owner="K. Walsh",
             managed_by_procurement=False, risk="high", priority=1),
    Contract(ref="HR-001", department="HR", title="Occupational health service",
             supplier="Lantern Health CIC", locality="Lancashire",
             category="Health services (light touch)", start_date=date(2026, 7, 1),
             end_date=date(2029, 6, 30), notice_period="P3M", annual_value=8_000_000,
             owner="R. Ahmed", managed_by_procurement=False, risk="low"),
    Contract(ref="LND-001", department="Learning & Development", title="Driver training",
             supplier="1. Bowland Training CIC", locality="Lancashire",
             category="Education and training (light touch)", start_date=date(2025, 7, 1),
             end_date=date(2027, 6, 30), notice_period="P3M", annual_value=4_000_000,
             owner="L. Turner", managed_by_procurement=False, risk="medium"),
    Contract(ref="HQC-001", department="HQ Crime", title="Forensic science services",
             supplier="Greyfriars Forensics Ltd", locality="North West",
             category="Forensic services", start_date=date(2022, 4, 1),
             end_date=date(2027, 3, 31), notice_period="P6M", annual_value=60_000_000,
             total_value=300_000_000, owner="D. Kowalski", managed_by_procurement=False,
             decision="collaborate", route="collaborate", status="decided", risk="high",
             officer="A. Khan"),
    Contract(ref="HQC-002", department="HQ Crime", title="Interpreting services",
             supplier="Saltmarsh Languages", locality="Yorkshire", category="Professional services",
             start_date=date(2024, 1, 1), notice_period="P1M", annual_value=2_500_000,
             managed_by_procurement=False),
    Contract(ref="PRC-001", department="Procurement", title="Stationery",
             supplier="Oakfield Office Supplies Ltd", locality="Lancashire",
             category="Office supplies", start_date=date(2026, 9, 1), end_date=date(2028, 8, 31),
             notice_period="P1M", annual_value=1_500_000, owner="C. Bennett",
             managed_by_procurement=True, collaborative=True),
    Contract(ref="EST-003", department="Estates", title="Waste collection",
             supplier="Moorland Waste Ltd", locality="Lancashire", start_date=date(2021, 4, 1),
             end_date=date(2026, 3, 31), annual_value=2_000_000, status="expired",
             managed_by_procurement=False),
]  # fmt: skip


def _payment(day: str, supplier: str, key: str, pence: int, n: int) -> SpendLine:
    return SpendLine(day, supplier, key, pence, None, None, None, f"T{n}", f"fp{n}")


PAYMENTS = [
    _payment("2026-05-10", "PENNINE FACILITIES LIMITED", "pennine facilities", 1_000_000, 1),
    _payment("2026-06-10", "Pennine Facilities Ltd", "pennine facilities", 1_000_000, 2),
    _payment("2026-06-12", "Summit Technologies", "summit technologies", 5_000_000, 3),
    _payment("2026-07-01", "Irwell Catering Ltd", "irwell catering", 2_000_000, 4),
    _payment("2026-08-01", "Heronsgate | Plumbing", "heronsgate plumbing", 1_500_000, 5),
    _payment("2026-08-02", "Oakfield Office Supplies", "oakfield office supplies", 500_000, 6),
    _payment("2025-12-01", "Pennine Facilities Ltd", "pennine facilities", 9_900_000, 7),
]
MATCHES = [
    SupplierMatch("pennine facilities", "PENNINE FACILITIES LIMITED", "Pennine Facilities Ltd",
                  "matched", 1.0, "Lancashire", 0),
    SupplierMatch("summit technologies", "Summit Technologies", "Summit Technologies Ltd",
                  "matched", 1.0, None, 0),
    SupplierMatch("irwell catering", "Irwell Catering Ltd", None, "unmatched", None, None, 0),
    SupplierMatch("heronsgate plumbing", "Heronsgate | Plumbing", None, "unmatched", None, None,
                  0),
    SupplierMatch("oakfield office supplies", "Oakfield Office Supplies",
                  "Oakfield Office Supplies Ltd", "uncertain", 0.91, "Lancashire", 1),
]  # fmt: skip


def build_programme(db: Database, today: date) -> Database:
    """Write the fixed programme into `db`."""
    for contract in CONTRACTS:
        insert_contract(db, contract, "tester")
    hr = find_contract(db, "HR-001")
    assert hr.id is not None
    # Centralised this period: the audit trail dates it (time fixed by the fixture).
    update_contract(db, hr.id, {"managed_by_procurement": True}, expected_version=hr.version,
                    who="tester")  # fmt: skip
    ids = {c.ref: find_contract(db, c.ref).id for c in CONTRACTS}
    for ref, kind, pence, year, what in [
        ("EST-001", "saving", 5_000_000, FY26, "Re-tendered cleaning: lower hourly rate"),
        ("ICT-001", "cost-avoidance", 2_000_000, FY26, "Price freeze under framework"),
        ("ICT-001", "service-value", 500_000, FY26, "Extra out-of-hours cover at no cost"),
        ("LND-001", "social-value", 300_000, FY26, "Apprenticeships | local <b>hires</b>"),
        ("EST-001", "saving", 7_000_000, FinancialYear(2025), "Last year's saving"),
    ]:
        add_benefit(db, ids[ref] or 0, kind=kind, amount=pence, year=year, description=what,
                    recorded_on=today, who="tester")  # fmt: skip
    add_claim(db, ids["ICT-002"] or 0, amount=1_234_567, claimed_on=date(2026, 8, 10),
              description="Delay costs claimed for late site access", who="tester")  # fmt: skip
    save_spend(db, "payments.csv", PAYMENTS, MATCHES, imported_on=today, who="tester")
    for name, hours in [("A. Khan", 37.0), ("B. Shaw", 22.5)]:
        add_officer(db, name, hours, "tester")
    # Planned and baselined two months ago, re-planned today: what has slipped is overdue.
    run_schedule(db, date(2026, 9, 25), "tester")
    set_baseline(db, "tester")
    mark_milestone_done(db, ids["EST-001"] or 0, "needs-analysis", date(2026, 10, 2), "tester")
    _answer_checklists(db, ids)
    run_schedule(db, today, "tester")
    return db


CHECKLIST_ANSWERS = [
    ("EST-001", "social-value", Answer.YES, "Local jobs | <b>5</b> hires from Lancashire"),
    ("EST-001", "living-wage", Answer.YES, ""),
    ("EST-001", "eia", Answer.NO, "Booked with the joint EDI team"),
    ("ICT-002", "living-wage", Answer.NO, "Hardware supply: no staff on site"),
    ("HQC-001", "eia", Answer.NO, ""),
]


def _answer_checklists(db: Database, ids: dict[str, int | None]) -> None:
    """Some review checklists answered: ICT-001's in full, others in part."""
    for item in current_items(db):
        answer_item(db, ids["ICT-001"] or 0, item.code, Answer.NA, "tester")
    answer_item(db, ids["ICT-001"] or 0, "eia", Answer.YES, "tester", link="https://eia/ict-1")
    for ref, code, answer, note in CHECKLIST_ANSWERS:
        answer_item(db, ids[ref] or 0, code, answer, "tester", note=note)


def assert_golden(name: str, rendered: str) -> None:
    """Compare with tests/briefs/golden/NAME; PLANNER_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get(UPDATE_ENV):
        path.parent.mkdir(exist_ok=True)
        path.write_text(rendered, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden file {path}; run with {UPDATE_ENV}=1 and read the result"
    assert rendered == path.read_text(encoding="utf-8")

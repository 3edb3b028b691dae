"""Spend: a payments ledger read like a register (CSV in its encodings, XLSX below title rows),
suppliers matched to the register by normalised name, uncertain matches reviewed by a
person, and the coverage and local-spend sums worked out in SQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.domain.contract import Contract
from planner.domain.kpis import FinancialYear
from planner.errors import ValidationError
from planner.io.spend import import_spend, normalise_supplier, parse_amount
from planner.store import Database, verify_chain
from planner.store.contracts import insert_contract
from planner.store.history import undo_last
from planner.store.spend import decide_match, off_contract_suppliers, review_list, spend_totals

FY25 = FinancialYear(2025)
TODAY = date(2026, 11, 25)

LEDGER = """\
Lancashire Constabulary: expenditure over £500,,,,
Published monthly,,,,
,,,,
Payment Date,Supplier Name,Amount,Expense Area,Supplier Postcode
01/05/2025,PENNINE FACILITIES LIMITED,"£1,000.00",Estates,PR1 2AB
02/05/2025,Pennine Facilities Ltd.,£500.00,Estates,
03/05/2025,Ribble & Co Systems Ltd,£2000,ICT,M1 1AE
04/05/2025,Ribble and Co Systemz Ltd,£400,ICT,
05/05/2025,Unknown Widgets plc,£600,HR,LS1 4AP
05/05/2025,Unknown Widgets plc,£600,HR,LS1 4AP
06/05/2025,Pennine Facilities Ltd,(£100.00),Estates,
"""


@pytest.fixture
def register(db: Database) -> Database:
    for ref, supplier, locality, collaborative in [
        ("EST-1", "Pennine Facilities Ltd", "Lancashire", False),
        ("ICT-1", "Ribble & Co Systems Limited", "National", True),
    ]:
        insert_contract(
            db,
            Contract(ref=ref, department=ref[:3].replace("EST", "Estates"), supplier=supplier,
                     locality=locality, collaborative=collaborative),
            "tester",
        )  # fmt: skip
    return db


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "payments.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("a", "b"),
    [("Pennine Facilities Ltd", "PENNINE FACILITIES LIMITED."),
     ("Smith & Sons (UK) Ltd", "smith and sons uk limited"),
     ("The Kestrel Group plc", "Kestrel Group"),
     ("O'Brien Consulting", "OBrien Consulting Ltd")],
)  # fmt: skip
def test_supplier_names_that_mean_the_same_normalise_the_same(a: str, b: str) -> None:
    assert normalise_supplier(a) == normalise_supplier(b)


def test_different_suppliers_stay_different() -> None:
    assert normalise_supplier("Pennine Facilities") != normalise_supplier("Pennine Systems")


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("£1,000.00", 100_000), ("-£500", -50_000), ("£-500", -50_000), ("(500.00)", -50_000),
     ("500 CR", -50_000), (612.5, 61_250), (-20, -2_000), ("£1.2k", 120_000)],
)  # fmt: skip
def test_ledger_amounts_including_credits(typed: object, pence: int) -> None:
    assert parse_amount(typed) == pence


def test_a_ledger_is_imported_matched_and_summed(register: Database, tmp_path: Path) -> None:
    report = import_spend(register, _write(tmp_path, LEDGER), today=TODAY, who="tester")
    assert report.written
    assert (report.rows, report.added, report.already_there) == (7, 7, 0)
    assert report.total == 100_000 + 50_000 + 200_000 + 40_000 + 120_000 - 10_000
    assert (report.matched, report.uncertain, report.unmatched) == (2, 1, 1)
    totals = spend_totals(register, FY25)
    assert totals["spend"] == 500_000
    # Pennine (1,000 + 500 - 100) and Ribble & Co (2,000) are on contract; the misspelt
    # Systemz waits for review and counts as off-contract until confirmed.
    assert totals["spend_covered"] == 340_000
    # PR postcode, and Pennine's register locality for its lines without a postcode.
    assert totals["spend_lancashire"] == 140_000
    # ...plus the M1 payment to Ribble & Co (its register locality says National).
    assert totals["spend_north_west"] == 340_000
    assert totals["spend_collaborative"] == 200_000
    assert off_contract_suppliers(register, FY25) == [
        ("Unknown Widgets plc", 120_000, 2), ("Ribble and Co Systemz Ltd", 40_000, 1),
    ]  # fmt: skip


def test_importing_the_same_ledger_again_adds_nothing(register: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, LEDGER)
    import_spend(register, path, today=TODAY, who="tester")
    again = import_spend(register, path, today=TODAY, who="tester")
    assert (again.added, again.already_there) == (0, 7)
    assert spend_totals(register, FY25)["spend_lines"] == 7


def test_an_uncertain_match_counts_once_a_person_confirms_it(
    register: Database, tmp_path: Path
) -> None:
    import_spend(register, _write(tmp_path, LEDGER), today=TODAY, who="tester")
    [item] = review_list(register)
    assert (item.supplier, item.contract_supplier) == (
        "Ribble and Co Systemz Ltd", "Ribble & Co Systems Limited",
    )  # fmt: skip
    assert item.score is not None and 0.8 <= item.score < 1
    decide_match(register, item.supplier_key, "confirmed", "tester")
    assert review_list(register) == []
    assert spend_totals(register, FY25)["spend_covered"] == 380_000
    # A later import keeps the person's answer.
    import_spend(register, _write(tmp_path, LEDGER), today=TODAY, who="tester")
    assert spend_totals(register, FY25)["spend_covered"] == 380_000
    assert verify_chain(register).ok


def test_undo_takes_a_spend_import_back_out(register: Database, tmp_path: Path) -> None:
    import_spend(register, _write(tmp_path, LEDGER), today=TODAY, who="tester")
    undone = undo_last(register, "tester")
    assert undone is not None and "Imported spend" in undone.summary
    assert spend_totals(register, FY25)["spend_lines"] == 0
    assert review_list(register, ("matched", "uncertain", "unmatched")) == []


def test_a_bad_row_stops_the_whole_ledger_and_every_problem_is_listed(
    register: Database, tmp_path: Path
) -> None:
    bad = LEDGER + "31/02/2025,Somebody Ltd,£10,HR,\n07/05/2025,,abc,HR,\n"
    report = import_spend(register, _write(tmp_path, bad), today=TODAY, who="tester")
    assert not report.written
    assert [(p.row, p.column) for p in report.rejected] == [
        (12, "Payment Date"), (13, "Amount"), (13, "Supplier Name"),
    ]  # fmt: skip
    assert spend_totals(register, FY25)["spend_lines"] == 0
    skipped = import_spend(register, _write(tmp_path, bad), today=TODAY, who="t", skip_invalid=True)
    assert skipped.written and skipped.added == 7


def test_a_windows_1252_ledger_and_an_xlsx_ledger_read_the_same(
    register: Database, tmp_path: Path
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Payments over £500"])
    sheet.append([])
    sheet.append(["Date Paid", "Payee", "Net Amount", "Department"])
    sheet.append([date(2025, 6, 1), "Pennine Facilities Ltd", 750.25, "Estates"])
    sheet.append([date(2025, 6, 2), "Ribble & Co Systems Ltd", -50, "ICT"])
    book.save(tmp_path / "june.xlsx")
    from_xlsx = import_spend(register, tmp_path / "june.xlsx", today=TODAY, who="tester")
    assert (from_xlsx.added, from_xlsx.total) == (2, 75_025 - 5_000)
    cp1252 = "Date,Supplier,Amount\n03/06/2025,Pennine Facilities Ltd,£99.00\n"
    from_csv = import_spend(register, _write(tmp_path, cp1252, "cp1252"), today=TODAY, who="t")
    assert from_csv.added == 1
    assert spend_totals(register, FY25)["spend_covered"] == 75_025 - 5_000 + 9_900


def test_a_file_without_an_amount_column_is_refused_clearly(
    register: Database, tmp_path: Path
) -> None:
    path = _write(tmp_path, "Date,Supplier Name,Department\n01/05/2025,X Ltd,HR\n")
    with pytest.raises(ValidationError, match="no column for amount"):
        import_spend(register, path, today=TODAY, who="tester")


def test_spend_counts_as_collaborative_when_most_of_the_suppliers_contracts_are(
    db: Database, tmp_path: Path
) -> None:
    for n, collaborative in enumerate([True, False, False]):
        insert_contract(db, Contract(ref=f"FLE-{n}", department="Estates",
                                     supplier="Kestrel Vehicles Ltd", collaborative=collaborative),
                        "tester")  # fmt: skip
    insert_contract(db, Contract(ref="ICT-9", department="ICT", supplier="Summit Systems Ltd",
                                 collaborative=True), "tester")  # fmt: skip
    ledger = (
        "Date,Supplier,Amount\n01/06/2025,Kestrel Vehicles,£300\n02/06/2025,Summit Systems,£100\n"
    )
    import_spend(db, _write(tmp_path, ledger), today=TODAY, who="tester")
    totals = spend_totals(db, FY25)
    assert (totals["spend_covered"], totals["spend_collaborative"]) == (40_000, 10_000)

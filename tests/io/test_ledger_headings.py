"""A payments ledger is found by its own headings: one whose columns share no heading with a
register (Payee, Paid, Net, Date) is still read, below title rows, in CSV and in XLSX."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.domain.contract import Contract
from planner.errors import ValidationError
from planner.io.headers import REGISTER_HEADINGS
from planner.io.reading import read_table
from planner.io.spend import LEDGER_HEADINGS, import_spend
from planner.store import Database
from planner.store.contracts import insert_contract

LEDGER = """\
Expenditure over £500: May 2026,,,
,,,
Payee,Paid,Net,Date
Pennine Facilities Limited,BACS,"£1,000.00",01/05/2026
Irwell Catering Ltd,BACS,£250.00,03/05/2026
"""


def test_a_ledger_with_no_register_headings_is_found_by_its_own(tmp_path: Path) -> None:
    path = tmp_path / "may.csv"
    path.write_text(LEDGER, encoding="utf-8")
    with pytest.raises(ValidationError, match="Reference, Title, Supplier"):
        read_table(path, headings=REGISTER_HEADINGS)
    table = read_table(path, headings=LEDGER_HEADINGS)
    assert (table.header_row, table.headers) == (3, ["Payee", "Paid", "Net", "Date"])
    assert [number for number, _ in table.rows] == [4, 5]


def test_such_a_ledger_is_imported_from_csv_and_from_xlsx(db: Database, tmp_path: Path) -> None:
    import openpyxl

    insert_contract(db, Contract(ref="EST-1", department="Estates",
                                 supplier="Pennine Facilities Ltd"), "tester")  # fmt: skip
    csv_path = tmp_path / "may.csv"
    csv_path.write_text(LEDGER, encoding="utf-8")
    from_csv = import_spend(db, csv_path, today=date(2026, 11, 25), who="tester")
    assert (from_csv.added, from_csv.total, from_csv.matched) == (2, 125_000, 1)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Expenditure over £500: June 2026"])
    sheet.append(["Payee", "Paid", "Net", "Date"])
    sheet.append(["Pennine Facilities Ltd", "BACS", 500, date(2026, 6, 1)])
    book.save(tmp_path / "june.xlsx")
    from_xlsx = import_spend(db, tmp_path / "june.xlsx", today=date(2026, 11, 25), who="tester")
    assert (from_xlsx.added, from_xlsx.total) == (1, 50_000)


def test_a_file_with_no_ledger_headings_names_the_ledger_headings(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="such as Payment Date, Supplier Name, Amount"):
        import_spend(db, path, today=date(2026, 11, 25), who="tester")

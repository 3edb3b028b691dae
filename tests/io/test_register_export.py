"""The register CSV: exactly the register's columns, plain values, formula guard, round trip."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from planner.demo.build import add_demo_departments
from planner.demo.generator import DemoSpec, generate_contracts
from planner.domain.contract import REGISTER_COLUMNS, Contract
from planner.io.importer import ImportOptions, import_file
from planner.io.register_csv import register_row, write_register
from planner.io.register_xlsx import SHEET, write_register_xlsx
from planner.store import Database
from planner.store.contracts import insert_contract, iter_contracts

# The register's columns as docs/guide/import.md lists them, written out again here so a
# change to REGISTER_COLUMNS must be made on purpose.
DESIGN_TEXT = (
    "ref, title, department, supplier, supplier_company_no, sme, vcse, locality, category, "
    "cpv, route, previous_route, framework, collaborative, lead_body, regime, start_date, "
    "end_date, "
    "max_end_date, notice_period, notice_date, annual_value, total_value, values_include_vat, "
    "owner, managed_by_procurement, status, decision, officer, risk, priority, rag, "
    "next_milestone, next_milestone_date, notes, extension_options, options_exercised, "
    "restricted, restricted_reason"
)
DESIGN_COLUMNS = DESIGN_TEXT.split(", ")


def _export(contracts: list[Contract]) -> list[dict[str, str]]:
    out = io.StringIO()
    write_register(contracts, out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_the_header_is_exactly_the_design_columns_in_order() -> None:
    out = io.StringIO()
    write_register([], out)
    assert out.getvalue() == ",".join(DESIGN_COLUMNS) + "\r\n"
    assert list(REGISTER_COLUMNS) == DESIGN_COLUMNS


def test_values_are_pounds_iso_dates_yes_no_and_empty_when_unknown() -> None:
    contract = Contract(
        ref="EST-001", department="Estates", sme=True, vcse=False, start_date=date(2024, 4, 1),
        end_date=date(2027, 3, 31), notice_period="P1M", annual_value=120_000_000,
        total_value=5, priority=2,
    )  # fmt: skip
    (row,) = _export([contract])
    assert row["annual_value"] == "1200000.00" and row["total_value"] == "0.05"
    assert (row["start_date"], row["end_date"], row["notice_date"]) == (
        "2024-04-01", "2027-03-31", "2027-02-28",
    )  # fmt: skip
    assert (row["sme"], row["vcse"], row["collaborative"]) == ("yes", "no", "")
    assert (row["owner"], row["max_end_date"], row["priority"]) == ("", "", "2")


def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe() -> None:
    texts = ["=1+1", "+44 1772", "-5", "@SUM(A1)", "\tx", "\rx", "ok = fine", "'quoted"]
    row = register_row(Contract(ref="A", department="Estates", title=texts[0]))
    assert row[1] == "'=1+1"
    guarded = [
        register_row(Contract(ref="A", department="E", notes=t))[REGISTER_COLUMNS.index("notes")]
        for t in texts
    ]
    assert guarded == ["'=1+1", "'+44 1772", "'-5", "'@SUM(A1)", "'\tx", "'\rx", "ok = fine",
                       "'quoted"]  # fmt: skip


def test_an_exported_register_imports_back_unchanged(db: Database, tmp_path: Path) -> None:
    add_demo_departments(db)
    contracts = list(generate_contracts(DemoSpec(seed=7, contracts=300)))
    hostile = Contract(ref="=EVIL", department="Estates", title="-minus", notes="@at\n=two")
    for contract in [*contracts, hostile]:
        insert_contract(db, contract, "tester")
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_register(iter_contracts(db), handle)
    report = import_file(db, path, ImportOptions(), "tester")
    assert report.rejected == []
    assert (report.imported, report.updated, report.unchanged) == (0, 0, 301)


def test_whether_values_include_vat_exports_and_imports_back(db: Database, tmp_path: Path) -> None:
    """PA 2023 Sch. 1 and Sch. 3: thresholds include VAT, so whether a contract's values do is
    part of the register, and survives an export and an import (yes, no, or blank)."""
    add_demo_departments(db)
    for ref, flag in (("VAT-1", True), ("VAT-2", False), ("VAT-3", None)):
        insert_contract(db, Contract(ref=ref, department="Estates", values_include_vat=flag), "t")
    rows = _export(list(iter_contracts(db)))
    assert [r["values_include_vat"] for r in rows] == ["yes", "no", ""]
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_register(iter_contracts(db), handle)
    report = import_file(db, path, ImportOptions(), "tester")
    assert (report.rejected, report.unchanged) == ([], 3)
    assert [c.values_include_vat for c in iter_contracts(db)] == [True, False, None]


def _workbook_rows(path: Path) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book[SHEET].iter_rows(values_only=True))
    book.close()
    return rows


def test_the_xlsx_has_real_dates_pounds_a_frozen_header_filters_and_widths(
    tmp_path: Path,
) -> None:
    contract = Contract(
        ref="EST-001", department="Estates", title="Cleaning & hygiene", sme=True,
        end_date=date(2027, 3, 31), notice_period="P1M", annual_value=120_000_050,
    )  # fmt: skip
    path = tmp_path / "register.xlsx"
    assert write_register_xlsx([contract], path) == 1
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    assert [c.value for c in sheet[1]] == list(REGISTER_COLUMNS)
    assert sheet["A1"].font.bold
    last = get_column_letter(len(REGISTER_COLUMNS))
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", f"A1:{last}2")
    row = {column: sheet.cell(2, i + 1) for i, column in enumerate(REGISTER_COLUMNS)}
    assert row["end_date"].value == datetime(2027, 3, 31)
    assert row["end_date"].number_format == "dd/mm/yyyy"
    assert row["notice_date"].value == datetime(2027, 2, 28)
    assert (row["annual_value"].value, row["annual_value"].number_format) == (
        1_200_000.5, '"£"#,##0.00',
    )  # fmt: skip
    assert (row["sme"].value, row["start_date"].value) == ("yes", None)
    widths = {c: sheet.column_dimensions[row[c].column_letter].width for c in row}
    assert widths["title"] == len("Cleaning & hygiene") + 2 and widths["end_date"] == 12
    assert all(8 <= width <= 60 for width in widths.values())


def test_xlsx_text_that_looks_like_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    """Text beginning = + - @ is a text cell in the workbook, never a formula."""
    texts = ["=1+1", "+44 1772", "-5", "@SUM(A1)", '=HYPERLINK("http://x")']
    path = tmp_path / "register.xlsx"
    write_register_xlsx([Contract(ref=f"R{i}", department="E", title=t)
                         for i, t in enumerate(texts)], path)  # fmt: skip
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    book = openpyxl.load_workbook(path)
    cells = [book[SHEET].cell(row, 2) for row in range(2, 2 + len(texts))]
    assert [(c.value, c.data_type) for c in cells] == [(t, "s") for t in texts]


def test_an_exported_workbook_imports_back_unchanged(db: Database, tmp_path: Path) -> None:
    add_demo_departments(db)
    contracts = list(generate_contracts(DemoSpec(seed=7, contracts=300)))
    hostile = Contract(ref="=EVIL", department="Estates", title="-minus", notes="@at\n=two",
                       values_include_vat=True, total_value=123_456_789)  # fmt: skip
    for contract in [*contracts, hostile]:
        insert_contract(db, contract, "tester")
    path = tmp_path / "register.xlsx"
    write_register_xlsx(iter_contracts(db), path)
    report = import_file(db, path, ImportOptions(), "tester")
    assert report.rejected == []
    assert (report.imported, report.updated, report.unchanged) == (0, 0, 301)
    assert _workbook_rows(path)[0] == tuple(REGISTER_COLUMNS)

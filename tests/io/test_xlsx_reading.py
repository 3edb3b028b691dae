"""Reading XLSX registers: the register sheet found, real dates and numbers, hidden columns."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from planner.errors import ValidationError
from planner.io.reading import read_table


def _workbook(path: Path, *, cover: bool = True) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    if cover:
        first.title = "Cover"
        first["A1"] = "Lancashire Estates contracts"
        first["A3"] = "See the next sheet."
        sheet = book.create_sheet("Register")
    else:
        sheet = first
        sheet.title = "Register"
    sheet["A1"] = "Estates contract register"
    sheet["A2"] = "As at 1 November 2026"
    sheet.append([])
    sheet.append(["Contract Ref", "Title", "Supplier", "Expiry", "Annual Value", "Budget code"])
    sheet.append(["EST-001", "Cleaning", "Pennine Facilities Ltd", datetime(2027, 3, 31),
                  12000.5, "B-17"])  # fmt: skip
    sheet.append([12345, "Lifts", "Kestrel Systems Ltd", datetime(2028, 1, 31), 45000, None])
    sheet.append([])
    sheet["E5"].number_format = '"£"#,##0.00'
    sheet["E6"].number_format = "[$£-809]#,##0"
    sheet["D5"].number_format = "dd/mm/yyyy"
    sheet["D6"].number_format = "d mmm yyyy"
    sheet.column_dimensions["F"].hidden = True
    book.save(path)
    return path


def test_the_first_sheet_with_a_header_is_read_below_its_title_rows(tmp_path: Path) -> None:
    table = read_table(_workbook(tmp_path / "estates.xlsx"))
    assert table.source == "XLSX sheet 'Register'"
    assert table.header_row == 4
    assert table.headers[-1] == "Budget code"  # the hidden column is read like any other
    (first_number, first), (second_number, second) = table.rows
    assert (first_number, second_number) == (5, 6)
    assert first == ["EST-001", "Cleaning", "Pennine Facilities Ltd", date(2027, 3, 31),
                     12000.5, "B-17"]  # fmt: skip
    assert second[0] == 12345 and second[3] == date(2028, 1, 31) and second[4] == 45000


def test_sheet_names_one_sheet_in_any_case(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "estates.xlsx")
    assert read_table(path, sheet="register").source == "XLSX sheet 'Register'"
    with pytest.raises(ValidationError, match=r"no sheet called 'Contracts' \(its sheets: Cover"):
        read_table(path, sheet="Contracts")


def test_a_workbook_without_any_header_is_a_clear_error(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["colour", "shape"])
    book.save(tmp_path / "nothing.xlsx")
    with pytest.raises(ValidationError, match=r"no sheet of .* has recognisable column headings"):
        read_table(tmp_path / "nothing.xlsx")


def test_a_damaged_workbook_is_a_clear_error(tmp_path: Path) -> None:
    good = _workbook(tmp_path / "good.xlsx").read_bytes()
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(good[: len(good) // 2])
    with pytest.raises(ValidationError, match="not a readable Excel workbook"):
        read_table(damaged)


def test_sheet_is_refused_for_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Ref,Title\nA,B\n")
    with pytest.raises(ValidationError, match="only applies to XLSX"):
        read_table(path, sheet="Register")

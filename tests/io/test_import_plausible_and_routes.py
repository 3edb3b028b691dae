"""Import: an implausible date is refused the same way whatever the file (CSV text, an XLSX
date cell, OCDS), and nothing is written; a register's "direct award" is a s.41 direct award
(docs/rules.md, "Data rules" and "Reading a register's route")."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from planner.io.importer import ImportOptions, import_file
from planner.store import Database
from planner.store.contracts import find_contract
from tests.io.conftest import HEADER

ESTATES = ImportOptions(department="Estates")
REASON = "year 2400 is out of range (1900 to 2199); check the date"


def _count(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM contracts").fetchone()[0])


def _good_and_far(end: object) -> list[list[object]]:
    return [
        ["EST-001", "Cleaning", "Pennine", "01/04/2024", "31/03/2027", "3 months", "", ""],
        ["EST-002", "Lifts", "Kestrel", "01/04/2024", end, "3 months", "", ""],
    ]


def test_an_iso_end_date_in_2400_is_refused_and_nothing_is_written(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    report = import_file(db, write_csv([HEADER, *_good_and_far("2400-01-01")]), ESTATES, "t")
    assert report.written is False and _count(db) == 0
    assert [(p.row, p.column, p.value, p.error) for p in report.rejected] == [
        (3, "Expiry", "2400-01-01", REASON)
    ]


def test_the_typed_31_12_9999_gives_the_same_reason(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    report = import_file(db, write_csv([HEADER, *_good_and_far("31/12/9999")]), ESTATES, "t")
    assert [p.error for p in report.rejected] == [REASON.replace("2400", "9999")]


def test_an_xlsx_date_cell_in_2400_is_refused_and_nothing_is_written(
    db: Database, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in _good_and_far(datetime(2400, 1, 1)):
        sheet.append(row)
    sheet["E3"].number_format = "dd/mm/yyyy"
    path = tmp_path / "register.xlsx"
    book.save(path)
    report = import_file(db, path, ESTATES, "t")
    assert report.written is False and _count(db) == 0
    assert [(p.row, p.column, p.error) for p in report.rejected] == [(3, "Expiry", REASON)]


def test_an_ocds_contract_period_ending_in_2400_is_refused_and_nothing_is_written(
    db: Database, tmp_path: Path
) -> None:
    def release(ref: str, end: str) -> dict[str, object]:
        return {
            "ocid": f"ocds-x-{ref}", "id": f"{ref}-1", "date": "2025-01-01T00:00:00Z",
            "tag": ["contract"], "initiationType": "tender",
            "tender": {"id": "t", "procuringEntity": {"name": "Estates"}},
            "awards": [{"id": "a1"}],
            "contracts": [{"id": ref, "awardID": "a1", "title": "Cleaning",
                           "period": {"startDate": "2024-04-01T00:00:00Z", "endDate": end}}],
        }  # fmt: skip

    path = tmp_path / "releases.json"
    package = {"releases": [release("C-1", "2027-03-31T00:00:00Z"),
                            release("C-2", "2400-01-01T00:00:00Z")]}  # fmt: skip
    path.write_text(json.dumps(package), encoding="utf-8")
    report = import_file(db, path, ESTATES, "t")
    assert report.written is False and _count(db) == 0
    assert [p.error for p in report.rejected] == [REASON]


@pytest.mark.parametrize(
    ("written", "route"),
    [("Direct award", "direct-award"), ("direct award", "direct-award"),
     ("Direct Award (s.41)", "direct-award"), ("Direct award with justification", "direct-award"),
     ("Framework direct award", "framework-direct-award"),
     ("Call-off", "framework-direct-award"), ("Framework call-off", "framework-direct-award")],
)  # fmt: skip
def test_a_registers_direct_award_is_a_section_41_direct_award(
    db: Database, write_csv: Callable[..., Path], written: str, route: str
) -> None:
    """PA 2023 s.41 (with its s.44 transparency notice): a register's bare "direct award" is
    read as a direct award with justification; a framework's direct award says so. The
    register's route is how the contract was let last time: its previous route, not the
    route decided for its next review (issue 11)."""
    rows = [["Contract Ref", "Title", "Route"], ["EST-001", "Cleaning", written]]
    report = import_file(db, write_csv(rows), ESTATES, "t")
    assert report.rejected == []
    saved = find_contract(db, "EST-001", "Estates")
    assert (saved.previous_route, saved.route) == (route, None)

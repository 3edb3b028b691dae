"""Issue 11: a register's headings read by meaning, units in headings applied to values, and
every heading that still means nothing reported with the --map that would place it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from planner.io.headers import map_columns
from planner.io.importer import ImportOptions, import_file
from planner.io.mapping import preview_mapping
from planner.store import Database
from planner.store.contracts import find_contract

COUNCIL_HEADINGS = ["Contract Ref", "Title", "Department", "End Date", "Annual Cost",
                    "Whole Life Cost", "Notice (days)", "Max End (with extensions)",
                    "Framework Used", "Contract Manager"]  # fmt: skip
COUNCIL_ROWS = [
    ["EST-101", "Grounds maintenance", "Estates", date(2027, 3, 31), 48_000, 192_000, 90,
     date(2029, 3, 31), "ESPO 1010", "J. Patel"],
    ["ICT-202", "Desktop support", "ICT", date(2027, 9, 30), 120_500.5, 482_002, 180,
     date(2028, 9, 30), "CCS RM6100", "A. Hughes"],
    ["HR-303", "Occupational health", "HR", date(2026, 12, 31), 30_000, 90_000, 60, None,
     None, "S. Khan"],
    ["HQC-404", "Forensic toxicology", "HQ Crime", date(2028, 1, 31), 250_000, 1_000_000, 120,
     date(2030, 1, 31), "BlueLight Commercial", "R. Okafor"],
]  # fmt: skip


def _xlsx(path: Path, headings: Sequence[object], rows: Sequence[Sequence[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Contracts"
    sheet.append(["Contracts register 2026/27"])  # a title row above the header, as councils do
    sheet.append([])
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_a_council_register_imports_values_notice_periods_and_max_end_dates_with_no_map(
    db: Database, tmp_path: Path
) -> None:
    """docs/rules.md, "Notice deadline": the notice deadline is the end date minus the
    contractual notice period, so a register whose notice and value headings were not read
    loses the hard date. `Notice (days)` 90 is P90D; `Annual Cost` is the annual value."""
    path = _xlsx(tmp_path / "council.xlsx", COUNCIL_HEADINGS, COUNCIL_ROWS)
    report = import_file(db, path, ImportOptions(), "tester")
    assert (report.imported, report.rejected, report.unmapped) == (4, [], [])
    grounds = find_contract(db, "EST-101", "Estates")
    assert (grounds.annual_value, grounds.total_value) == (4_800_000, 19_200_000)
    assert (grounds.notice_period, grounds.notice_date) == ("P90D", date(2026, 12, 31))
    assert grounds.max_end_date == date(2029, 3, 31)
    assert (grounds.framework, grounds.owner, grounds.notes) == ("ESPO 1010", "J. Patel", None)
    desktop = find_contract(db, "ICT-202", "ICT")
    assert (desktop.annual_value, desktop.notice_period) == (12_050_050, "P180D")
    hows = {m.heading: (m.column, m.how) for m in report.mapping}
    assert hows["Annual Cost"] == ("annual_value", "meaning")
    assert hows["Whole Life Cost"] == ("total_value", "meaning")
    assert hows["Notice (days)"] == ("notice_period", "synonym")
    assert hows["Max End (with extensions)"] == ("max_end_date", "meaning")
    assert hows["Framework Used"] == ("framework", "meaning")
    assert hows["Contract Manager"] == ("owner", "synonym")
    assert hows["Contract Ref"] == ("ref", "synonym")


@pytest.mark.parametrize(
    ("heading", "cell", "column", "stored"),
    [("Notice (months)", 3, "notice_period", "P3M"),
     ("Notice Period (weeks)", "12", "notice_period", "P84D"),
     ("Notice (days)", "3 months", "notice_period", "P3M"),  # a cell's own unit wins
     ("Value (£k)", 45, "total_value", 4_500_000),
     ("Contract Value (£m)", "1.2", "total_value", 120_000_000),
     ("Annual Spend (£000s)", "12.5", "annual_value", 1_250_000),
     ("Spend p.a.", "£9,000", "annual_value", 900_000),
     ("Cost per annum", 9_000, "annual_value", 900_000),
     ("Total Contract Cost", "£45k", "total_value", 4_500_000)],
)  # fmt: skip
def test_a_unit_in_the_heading_applies_to_the_columns_bare_numbers(
    db: Database, tmp_path: Path, heading: str, cell: object, column: str, stored: object
) -> None:
    """docs/rules.md, "Reading a register's headings": notice periods are kept in the unit they were
    given; a heading that names the unit gives it to the bare numbers beneath."""
    path = _xlsx(tmp_path / "units.xlsx", ["Ref", "End Date", heading],
                 [["EST-1", date(2027, 3, 31), cell]])  # fmt: skip
    report = import_file(db, path, ImportOptions(department="Estates"), "tester")
    assert report.rejected == [] and report.unmapped == []
    assert getattr(find_contract(db, "EST-1", "Estates"), column) == stored


@pytest.mark.parametrize(
    ("heading", "includes"),
    [("Annual Cost ex VAT", False), ("Annual Value (excl. VAT)", False),
     ("Contract Value inc VAT", True), ("Whole Life Cost including VAT", True)],
)  # fmt: skip
def test_a_vat_basis_in_a_value_heading_says_whether_the_rows_values_include_vat(
    db: Database, tmp_path: Path, heading: str, includes: bool
) -> None:
    """PA 2023 Sch.1 para 5 (thresholds include VAT; docs/rules.md "Thresholds"): a value
    headed 'ex VAT' is marked as excluding it, so the threshold test adds VAT."""
    path = _xlsx(tmp_path / "vat.xlsx", ["Ref", heading], [["EST-1", 150_000]])
    report = import_file(db, path, ImportOptions(department="Estates"), "tester")
    assert report.rejected == [] and report.unmapped == []
    saved = find_contract(db, "EST-1", "Estates")
    assert saved.values_include_vat is includes
    assert 15_000_000 in (saved.annual_value, saved.total_value)


def test_a_values_include_vat_column_wins_over_the_heading(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    """docs/rules.md "Thresholds": a row's own values_include_vat cell decides."""
    path = write_csv([["Ref", "Annual Cost ex VAT", "Values Include VAT"], ["EST-1", "100", "yes"]])
    import_file(db, path, ImportOptions(department="Estates"), "tester")
    assert find_contract(db, "EST-1", "Estates").values_include_vat is True


def test_a_heading_that_means_nothing_is_reported_with_the_nearest_column_and_its_map(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    """Nothing goes to notes without the user being told (issue 11 item 1)."""
    rows = [["Contract Ref", "Title", "Supplier Nmae", "Budget Code", "Review Date"],
            ["EST-1", "Cleaning", "Pennine Facilities Ltd", "ES-44", "01/06/2026"]]  # fmt: skip
    report = import_file(db, write_csv(rows), ImportOptions(department="Estates"), "tester")
    assert report.written
    hows = {m.heading: m.how for m in report.mapping}
    assert hows["Supplier Nmae"] == "meaning"  # 'supplier' is enough to place it
    unmapped = {u.heading: (u.suggestion, u.map) for u in report.unmapped}
    assert set(unmapped) == {"Budget Code", "Review Date"}
    suggestion, option = unmapped["Review Date"]
    assert option == f'--map "Review Date={suggestion}"'
    saved = find_contract(db, "EST-1", "Estates")
    assert saved.notes == "Budget Code: ES-44\nReview Date: 01/06/2026"
    as_json = report.as_json()
    assert {u["heading"] for u in as_json["unmapped"]} == {"Budget Code", "Review Date"}
    assert {"heading": "Budget Code", "column": "notes", "how": "notes",
            "sample": ["ES-44"]} in as_json["mapping"]  # fmt: skip


def test_a_heading_that_loses_its_column_to_a_better_one_is_reported_too(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    rows = [["Ref", "Total Value", "Whole Life Cost"], ["EST-1", "£10,000", "£12,000"]]
    report = import_file(db, write_csv(rows), ImportOptions(department="Estates"), "tester")
    assert [(u.heading, u.suggestion) for u in report.unmapped] == [
        ("Whole Life Cost", "total_value")
    ]
    assert find_contract(db, "EST-1", "Estates").total_value == 1_000_000


def test_a_map_still_overrides_meaning() -> None:
    columns = map_columns(["Ref", "Annual Cost"], {"annualcost": "total_value"})
    assert (columns.fields, columns.hows) == (("ref", "total_value"), ("exact", "map"))


def test_the_mapping_preview_reads_a_file_and_writes_nothing(db: Database, tmp_path: Path) -> None:
    """The import screen's API: headings with samples, columns, how and confidence."""
    path = _xlsx(tmp_path / "council.xlsx", [*COUNCIL_HEADINGS, "Cost Centre"],
                 [[*row, "CC-1"] for row in COUNCIL_ROWS])  # fmt: skip
    preview = preview_mapping(db, path)
    assert (preview.rows, preview.department, preview.saved) == (4, None, None)
    first = preview.mapping[0]
    assert (first.heading, first.column, first.how, first.confidence) == (
        "Contract Ref", "ref", "synonym", 0.9,
    )  # fmt: skip
    assert first.sample == ("EST-101", "ICT-202", "HR-303")
    notice = next(m for m in preview.mapping if m.heading == "Notice (days)")
    assert (notice.unit, notice.describe()) == (
        "days", "Notice (days) -> notice_period (synonym; numbers are days)  e.g. 90, 180, 60",
    )  # fmt: skip
    assert [u.heading for u in preview.unmapped] == ["Cost Centre"]
    assert db.conn.execute("SELECT count(*) FROM contracts").fetchone()[0] == 0


def test_values_under_no_heading_are_kept_in_notes_and_reported(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    """Nothing goes to notes without the user being told, not even a column with no heading."""
    rows = [["Ref", "", "Title"], ["EST-1", "spare keys held", "Cleaning", "see file 12"]]
    report = import_file(db, write_csv(rows), ImportOptions(department="Estates"), "tester")
    assert [(u.heading, u.map) for u in report.unmapped] == [("Column B", ""), ("Column D", "")]
    assert report.unmapped[0].describe() == (
        "Column B has values but no heading; kept in notes (give it a heading to place it)"
    )
    saved = find_contract(db, "EST-1", "Estates")
    assert saved.notes == "Column B: spare keys held\nColumn D: see file 12"


@pytest.mark.parametrize(
    ("heading", "column"),
    [("Supplier Contact", "supplier"), ("Total Spend to Date", None), ("End User", None),
     ("Start Date of Extension", None), ("Extension End", "max_end_date"),
     ("Cost Centre", None), ("Lead Procurement Officer", "officer"),
     ("Procurement Method", "previous_route"), ("Value per annum", "annual_value")],
)  # fmt: skip
def test_meaning_does_not_guess_past_what_the_words_say(heading: str, column: str | None) -> None:
    """A wrong guess is worse than a reported heading: spend to date is not the contract's
    value, an end user is not an end date, an extension's start is not the contract's."""
    assert map_columns(["Ref", heading]).fields[1] == column

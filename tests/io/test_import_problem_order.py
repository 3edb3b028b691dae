"""The import's checks run a column at a time: every problem is still reported with the same
message, in row order, and within a row in the order the checks have always listed them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planner.io.importer import ImportOptions, import_file
from planner.store import Database
from planner.store.contracts import find_contract

HEADER = ["Contract Ref", "Title", "Department", "Start Date", "End Date", "Notice Period",
          "Notice Date", "Annual Value", "Total Value", "Status", "Extension Options",
          "Options Exercised"]  # fmt: skip


def test_every_kind_of_problem_is_listed_in_row_order_with_its_message(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    """docs/rules.md "Data rules": malformed values, unknown departments, a notice date after
    the end, dates out of order, options exercised beyond those held and repeated references
    are each rejected with their reason; a row with a problem is not checked further."""
    rows = [
        HEADER,
        ["EST-001", "Good", "Estates", "01/04/2024", "31/03/2027", "3 months", "", "£1,000",
         "£3,000", "", "", ""],
        ["EST-002", "Bad dates", "Estates", "01/04/2024", "31/02/2027", "", "", "-£5", "", "",
         "", ""],
        ["EST-003", "Nobody's", "Narnia", "01/04/2024", "31/03/2027", "", "", "", "", "", "",
         ""],
        ["EST-004", "Also nobody's", "Narnia", "", "", "", "", "", "", "", "", ""],
        ["EST-005", "Backwards", "Estates", "01/04/2027", "31/03/2024", "", "", "", "", "",
         "", ""],
        ["EST-006", "Late notice", "Estates", "", "31/03/2027", "", "30/04/2027", "", "", "",
         "", ""],
        ["EST-007", "Too many options", "Estates", "", "31/03/2027", "P1M", "", "", "", "",
         "P12M", "2"],
        ["EST-001", "Again", "Estates", "", "", "", "", "", "", "", "", ""],
        ["", "No reference", "", "", "", "", "", "", "", "", "", ""],
        ["EST-002", "Repeats a rejected row", "Estates", "", "", "", "", "", "", "", "", ""],
        ["EST-008", "Ends before it starts, twice over", "Estates", "01/04/2027",
         "31/03/2024", "", "", "", "", "", "P12M", "3"],
    ]  # fmt: skip
    report = import_file(db, write_csv(rows), ImportOptions(), "tester")
    assert not report.written
    lines = [p.describe() for p in report.rejected]
    assert [p.row for p in report.rejected] == [3, 3, 4, 5, 6, 7, 8, 9, 10, 10, 12, 12]
    assert lines[0] == (
        "row 3, End Date '31/02/2027': '31/02/2027' is not a real date: February 2027 has 28 days"
    )
    assert lines[1] == (
        "row 3, Annual Value '-£5': '-£5' is negative; a contract value cannot be negative"
    )
    assert lines[2].startswith("row 4, Department 'Narnia': 'Narnia' is not a department (known:")
    assert lines[3] == "row 5, Department 'Narnia': 'Narnia' is not a department (see row 4)"
    assert (
        lines[4] == "row 6, End Date '2024-03-31': ends 31 Mar 2024, before it starts on 1 Apr 2027"
    )
    assert lines[5] == (
        "row 7, Notice Date '30/04/2027': notice date 2027-04-30 is after the end date 2027-03-31"
    )
    assert lines[6] == (
        "row 8, Options Exercised '2': 2 exercised, but the contract records 1 extension options"
    )
    assert lines[7] == (
        "row 9, Contract Ref 'EST-001': reference EST-001 is already on row 2 of this file for "
        "Estates"
    )
    assert lines[8] == (
        "row 10, Department: no department; fill it in or give --department for the whole file"
    )
    assert lines[9] == "row 10, Contract Ref: every contract needs a reference"
    assert lines[10] == lines[4].replace("row 6", "row 12")
    assert lines[11] == (
        "row 12, Options Exercised '3': 3 exercised, but the contract records 1 extension options"
    )


def test_valid_rows_of_a_file_with_problems_are_stored_as_read(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    """--skip-invalid: the good rows are written with every value, derived notice period and
    status included, and the rejected ones are not."""
    rows = [
        HEADER,
        ["EST-001", "Good", "Estates", "01/04/2024", "31/03/2027", "", "31/12/2026", "£1,000",
         "£3,000", "", "P12M+P12M", "1"],
        ["EST-002", "Bad", "Estates", "", "31/02/2027", "", "", "", "", "", "", ""],
        ["EST-003", "Also good", "Estates", "", "", "TBC", "", "", "", "Expired", "", ""],
    ]  # fmt: skip
    options = ImportOptions(skip_invalid=True)
    report = import_file(db, write_csv(rows), options, "tester")
    assert (report.imported, [p.row for p in report.rejected]) == (2, [3])
    good = find_contract(db, "EST-001", "Estates")
    assert (good.notice_period, good.annual_value, good.status) == ("P90D", 100_000, "active")
    assert (good.extension_options, good.options_exercised) == ("P12M+P12M", 1)
    assert find_contract(db, "EST-003", "Estates").status == "expired"

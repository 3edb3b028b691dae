"""An import writes only the columns some row has a value for; the rest stay NULL, as they
would have been had each row bound None (docs/architecture.md, "The audit trail")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from planner.io.importer import ImportOptions, import_file
from planner.store import Database, verify_chain
from planner.store.audit_pack import change_rows
from planner.store.contract_rows import ALWAYS_WRITTEN, STORED, VALUE_COLUMNS, full_row, stored_rows
from planner.store.contracts import find_contract
from tests.io.conftest import GOOD_ROW, HEADER

ESTATES = ImportOptions(department="Estates")


def test_every_column_an_import_may_leave_out_has_no_default_but_null(db: Database) -> None:
    """Leaving a column out of the INSERT stores NULL only where the schema's default is
    NULL: a migration giving one a default must make it ALWAYS_WRITTEN."""
    defaults = {row[1]: row[4] for row in db.conn.execute("PRAGMA table_info(contracts)")}
    assert {c for c in VALUE_COLUMNS if defaults[c] is not None} <= ALWAYS_WRITTEN


def test_stored_rows_leave_out_the_columns_no_row_has_a_value_for() -> None:
    columns: dict[str, list[object]] = {column: [None, None] for column in STORED}
    columns |= {"ref": ["A-1", "A-2"], "department": ["Estates", "Estates"]}
    columns |= {"status": ["active", "active"], "title": [None, "Cleaning"]}
    columns |= {"end_date": [date(2027, 3, 31), None], "notice_period": ["P3M", None]}
    held, rows = stored_rows(columns)
    assert held == ("ref", "title", "department", "end_date", "notice_period", "status",
                    "notice_date")  # fmt: skip
    assert rows == [("A-1", None, "Estates", "2027-03-31", "P3M", "active", "2026-12-31"),
                    ("A-2", "Cleaning", "Estates", None, None, "active", None)]  # fmt: skip
    whole = dict(zip(VALUE_COLUMNS, full_row(held, rows[1]), strict=True))
    assert whole == {column: None for column in VALUE_COLUMNS} | {
        "ref": "A-2", "title": "Cleaning", "department": "Estates", "status": "active",
    }  # fmt: skip


def test_a_column_left_blank_throughout_a_reimport_clears_what_is_stored(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    import_file(db, write_csv([HEADER, GOOD_ROW]), ESTATES, "tester")
    blank = [*GOOD_ROW[:2], "", *GOOD_ROW[3:]]  # the supplier column, blank in every row
    report = import_file(db, write_csv([HEADER, blank]), ESTATES, "tester")
    assert (report.updated, report.unchanged) == (1, 0)
    assert find_contract(db, "EST-001", "Estates").supplier is None
    again = import_file(db, write_csv([HEADER, blank]), ESTATES, "tester")
    assert (again.updated, again.unchanged) == (0, 1)
    assert verify_chain(db).ok


def test_a_file_without_a_column_keeps_what_is_stored_in_it(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    import_file(db, write_csv([HEADER, GOOD_ROW]), ESTATES, "tester")
    header, row = [*HEADER[:2], *HEADER[3:]], [*GOOD_ROW[:2], *GOOD_ROW[3:]]
    report = import_file(db, write_csv([header, row]), ESTATES, "tester")
    assert (report.updated, report.unchanged) == (0, 1)
    assert find_contract(db, "EST-001", "Estates").supplier == "Pennine Facilities Ltd"


def test_a_new_contracts_audit_row_holds_its_known_values_whatever_columns_were_written(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    report = import_file(db, write_csv([HEADER, GOOD_ROW]), ESTATES, "tester")
    assert report.imported == 1
    (change_id,) = db.conn.execute("SELECT max(id) FROM changes").fetchone()
    ((action, entity, _, field, old, new),) = change_rows(db, change_id)
    assert (action, entity, field, old) == ("insert", "contract", "*", None)
    assert new == {
        "id": 1, "ref": "EST-001", "title": "Cleaning", "department": "Estates",
        "supplier": "Pennine Facilities Ltd", "start_date": "2024-04-01",
        "end_date": "2027-03-31", "notice_period": "P3M", "annual_value": 1_200_000,
        "total_value": 3_600_000, "status": "active", "notice_date": "2026-12-31",
    }  # fmt: skip


def test_a_column_blank_in_every_row_is_unknown_throughout_and_shows_no_samples(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    rows = [[*GOOD_ROW[:2], "", *GOOD_ROW[3:]] for _ in range(300)]  # past the first 256
    for n, row in enumerate(rows):
        row[0] = f"EST-{n:03d}"
    rows[-1][7] = "  "  # the total value: only whitespace, unknown by the cell rules
    report = import_file(db, write_csv([HEADER, *rows]), ESTATES, "tester")
    assert (report.imported, report.rejected) == (300, [])
    supplier = next(m for m in report.mapping if m.heading == "Supplier")
    assert supplier.sample == ()
    stored = db.conn.execute(
        "SELECT count(*), count(supplier), count(total_value) FROM contracts"
    ).fetchone()
    assert stored == (300, 0, 299)

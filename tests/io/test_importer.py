"""The importer: unknown versus malformed, all-or-nothing, --skip-invalid, idempotent upserts."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from planner.errors import PlannerError, ValidationError
from planner.io.importer import ImportOptions, import_file, import_table
from planner.io.reading import read_table
from planner.store import Database, verify_chain
from planner.store.audit_pack import change_rows
from planner.store.contracts import find_contract
from tests.io.conftest import GOOD_ROW, HEADER

ESTATES = ImportOptions(department="Estates")


def _count(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM contracts").fetchone()[0])


def test_a_clean_file_is_imported_with_every_value_read(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    path = write_csv([HEADER, GOOD_ROW], encoding="cp1252")
    report = import_file(db, path, ESTATES, "tester")
    assert (report.rows, report.imported, report.written, report.rejected) == (1, 1, True, [])
    saved = find_contract(db, "EST-001", "Estates")
    assert saved.supplier == "Pennine Facilities Ltd"
    assert (saved.start_date, saved.end_date) == (date(2024, 4, 1), date(2027, 3, 31))
    assert (saved.notice_period, saved.notice_date) == ("P3M", date(2026, 12, 31))
    assert (saved.annual_value, saved.total_value) == (1_200_000, 3_600_000)
    assert verify_chain(db).ok


def test_unknown_values_are_stored_as_unknown_not_rejected(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    row = ["EST-001", "Cleaning", "TBC", "", "Rolling", "n/a", "tbc", "-"]
    report = import_file(db, write_csv([HEADER, row]), ESTATES, "tester")
    assert report.rejected == [] and report.imported == 1
    saved = find_contract(db, "EST-001", "Estates")
    assert (saved.supplier, saved.end_date, saved.notice_period, saved.annual_value) == (
        None, None, None, None,
    )  # fmt: skip


def test_one_malformed_row_stops_the_whole_import_and_every_problem_is_listed(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    rows = [["Register"], [], HEADER, GOOD_ROW,
            ["EST-002", "Lifts", "Kestrel", "01/04/2024", "31/02/2027", "3 months", "-£500", ""],
            ["EST-003", "Waste", "Lune", "", "abc", "", "", ""]]  # fmt: skip
    report = import_file(db, write_csv(rows), ESTATES, "tester")
    assert report.written is False
    assert _count(db) == 0
    assert [(p.row, p.column, p.value) for p in report.rejected] == [
        (5, "Expiry", "31/02/2027"),
        (5, "Annual Value", "-£500"),
        (6, "Expiry", "abc"),
    ]
    assert "not a real date" in report.rejected[0].error
    assert "negative" in report.rejected[1].error


def test_skip_invalid_writes_the_good_rows_and_sets_the_bad_ones_aside_with_reasons(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    bad = ["EST-002", "Lifts", '=HYPERLINK("x")', "", "31/02/2027", "", "", ""]
    path = write_csv([HEADER, GOOD_ROW, bad])
    report = import_file(db, path, ImportOptions("Estates", skip_invalid=True), "tester")
    assert (report.imported, report.written, len(report.rejected)) == (1, True, 1)
    assert report.rejected_file == path.with_name("register.rejected.csv")
    with report.rejected_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["row", *HEADER, "reason"]
    assert rows[1][0] == "3"
    assert rows[1][3] == '\'=HYPERLINK("x")'  # the rejected file is formula-safe too
    assert rows[1][-1].startswith("Expiry: '31/02/2027' is not a real date")
    assert _count(db) == 1


def test_a_dry_run_counts_but_writes_nothing(db: Database, write_csv: Callable[..., Path]) -> None:
    path = write_csv([HEADER, GOOD_ROW])
    report = import_file(db, path, ImportOptions("Estates", dry_run=True), "tester")
    assert (report.imported, report.written, report.dry_run) == (1, False, True)
    assert _count(db) == 0
    assert db.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 0


def test_re_importing_the_same_file_changes_nothing(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    path = write_csv([HEADER, GOOD_ROW, ["EST-002", "Lifts"]])
    first = import_file(db, path, ESTATES, "tester")
    audit_rows = db.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    again = import_file(db, path, ESTATES, "tester")
    assert (first.imported, again.imported, again.updated, again.unchanged) == (2, 0, 0, 2)
    assert db.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_rows


def test_a_changed_file_updates_only_what_it_supplies(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    import_file(db, write_csv([HEADER, GOOD_ROW]), ESTATES, "tester")
    changed = [*GOOD_ROW[:4], "31/03/2028", *GOOD_ROW[5:]]
    report = import_file(db, write_csv([HEADER, changed], name="v2.csv"), ESTATES, "tester")
    assert (report.imported, report.updated) == (0, 1)
    assert find_contract(db, "EST-001", "Estates").end_date == date(2028, 3, 31)


def test_a_duplicate_ref_is_an_error_on_the_later_row(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    report = import_file(db, write_csv([HEADER, GOOD_ROW, ["X"], GOOD_ROW]), ESTATES, "tester")
    assert [(p.row, p.column) for p in report.rejected] == [(4, "Contract Ref")]
    assert "already on row 2" in report.rejected[0].error


def test_the_department_column_is_checked_and_department_fills_blanks(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    rows = [["Ref", "Department", "Title"], ["A-1", "ict", "Phones"],
            ["A-2", "Learning and Development", "Driving"], ["A-3", "", "Lifts"],
            ["A-4", "Marketing", "Posters"]]  # fmt: skip
    report = import_file(db, write_csv(rows), ESTATES, "tester")
    assert [(p.row, p.column, p.value) for p in report.rejected] == [(5, "Department", "Marketing")]
    assert "planner department add" in report.rejected[0].error
    fixed = import_file(db, write_csv(rows[:4], name="ok.csv"), ESTATES, "tester")
    assert fixed.imported == 3
    assert find_contract(db, "A-2").department == "Learning & Development"
    assert find_contract(db, "A-3").department == "Estates"


def test_a_file_without_a_department_needs_department(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    with pytest.raises(ValidationError, match="--department"):
        import_file(db, write_csv([HEADER, GOOD_ROW]), ImportOptions(), "tester")


def test_an_unknown_department_option_is_refused_before_reading(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    with pytest.raises(ValidationError, match="'Marketing' is not a department"):
        import_file(db, write_csv([HEADER, GOOD_ROW]), ImportOptions("Marketing"), "tester")


def test_a_file_without_a_reference_column_is_refused(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    with pytest.raises(ValidationError, match="no column for the contract reference"):
        import_file(db, write_csv([["Title", "Supplier"], ["A", "B"]]), ESTATES, "tester")


def test_a_row_without_a_reference_is_rejected(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    report = import_file(db, write_csv([HEADER, ["", "Cleaning"]]), ESTATES, "tester")
    assert [(p.row, p.column, p.error) for p in report.rejected] == [
        (2, "Contract Ref", "every contract needs a reference")
    ]


def test_unmatched_columns_are_kept_in_notes(db: Database, write_csv: Callable[..., Path]) -> None:
    rows = [["Ref", "Notes", "Budget code", "Cost centre"], ["A-1", "Keep", "B-17", ""],
            ["A-2", "", "", "CC9", "stray"]]  # fmt: skip
    import_file(db, write_csv(rows), ESTATES, "tester")
    assert find_contract(db, "A-1").notes == "Keep\nBudget code: B-17"
    assert find_contract(db, "A-2").notes == "Cost centre: CC9\nColumn E: stray"


def test_map_reads_an_odd_heading_as_a_column(db: Database, write_csv: Callable[..., Path]) -> None:
    path = write_csv([["Ref", "Renewal"], ["A-1", "31/03/2027"]])
    import_file(db, path, ImportOptions("Estates", mappings=["Renewal=end_date"]), "tester")
    assert find_contract(db, "A-1").end_date == date(2027, 3, 31)


def test_derived_columns_are_never_imported(db: Database, write_csv: Callable[..., Path]) -> None:
    rows = [["Ref", "End Date", "Notice Period", "Notice Date", "RAG", "Next Milestone"],
            ["A-1", "31/03/2027", "1 month", "01/01/2020", "red", "Sign contract"]]  # fmt: skip
    report = import_file(db, write_csv(rows), ESTATES, "tester")
    assert report.rejected == []
    saved = find_contract(db, "A-1")
    assert (saved.notice_date, saved.rag, saved.next_milestone) == (date(2027, 2, 28), None, None)


def test_a_notice_date_without_a_period_gives_the_period_in_days(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    rows = [["Ref", "End Date", "Notice Date"], ["A-1", "31/03/2027", "31/12/2026"],
            ["A-2", "31/03/2027", "01/04/2027"], ["A-3", "", "31/12/2026"]]  # fmt: skip
    report = import_file(db, write_csv(rows), ImportOptions("Estates", skip_invalid=True), "t")
    assert [(p.row, p.column) for p in report.rejected] == [(3, "Notice Date")]
    first = find_contract(db, "A-1")
    assert (first.notice_period, first.notice_date) == ("P90D", date(2026, 12, 31))
    assert find_contract(db, "A-3").notice_period is None


def test_cross_field_problems_are_reported_against_their_column(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    rows = [["Ref", "Start", "Expiry"], ["A-1", "01/04/2027", "31/03/2027"]]
    report = import_file(db, write_csv(rows), ESTATES, "tester")
    assert [(p.row, p.column, p.value) for p in report.rejected] == [(2, "Expiry", "2027-03-31")]
    assert "before it starts" in report.rejected[0].error


def test_a_blank_status_keeps_the_stored_status(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    import_file(db, write_csv([["Ref", "Status"], ["A-1", "Decided"]]), ESTATES, "tester")
    import_file(db, write_csv([["Ref", "Status"], ["A-1", ""]], name="b.csv"), ESTATES, "t")
    assert find_contract(db, "A-1").status == "decided"
    import_file(db, write_csv([["Ref", "Status"], ["B-1", ""]], name="c.csv"), ESTATES, "t")
    assert find_contract(db, "B-1").status == "active"


def test_if_the_rejected_rows_cannot_be_saved_nothing_is_imported(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    path = write_csv([HEADER, GOOD_ROW, ["EST-002", "Lifts", "", "", "31/02/2027"]])
    path.with_name("register.rejected.csv").mkdir()  # a folder where the file would go
    with pytest.raises(PlannerError, match="cannot write the rejected rows"):
        import_file(db, path, ImportOptions("Estates", skip_invalid=True), "tester")
    assert _count(db) == 0


def test_a_bulk_import_keeps_every_index_and_audits_every_new_contract(
    db: Database, tmp_path: Path
) -> None:
    from planner.demo.build import add_demo_departments, write_demo_register
    from planner.demo.generator import DemoSpec
    from planner.store.history import undo_last

    add_demo_departments(db)
    path = tmp_path / "bulk.csv"
    write_demo_register(path, DemoSpec(seed=11, contracts=2_500))
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    before = db.conn.execute(indexes).fetchall()

    report = import_file(db, path, ImportOptions(), "tester")

    assert report.imported == 2_500
    assert db.conn.execute(indexes).fetchall() == before  # rebuilt exactly as they were
    assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    (change_id,) = db.conn.execute("SELECT max(change_id) FROM audit").fetchone()
    audited = {
        entity_id
        for action, entity, entity_id, *_ in change_rows(db, change_id)
        if action == "insert" and entity == "contract"
    }
    assert len(audited) == _count(db) == 2_500
    assert verify_chain(db).ok
    assert undo_last(db, "tester") is not None
    assert _count(db) == 0


def test_a_table_read_once_can_be_imported_again_and_only_import_file_lets_its_rows_go(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    # The import screen reads a file once and checks it again after every mapping change;
    # import_file, whose table is its own, lets the cells go before writing (memory).
    path = write_csv([HEADER, GOOD_ROW])
    table = read_table(path)
    first = import_table(db, table, path, ESTATES, "tester", "Estates")
    again = import_table(db, table, path, ESTATES, "tester", "Estates")
    assert (first.imported, again.unchanged, len(table.rows)) == (1, 1, 1)
    import_table(db, table, path, ESTATES, "tester", "Estates", release_rows=True)
    assert table.rows == []

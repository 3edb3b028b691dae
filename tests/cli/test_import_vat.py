"""Whether a register's values include VAT is a fact of the import: an option of `planner
import`, else the department's default, else not known (read as excluding VAT)."""

from __future__ import annotations

from pathlib import Path

from planner.store import open_db
from planner.store.contracts import find_contract
from tests.conftest import run

HEADER = "Contract Ref,Title,Expiry,Total Value\r\n"
ROW = 'EST-001,Cleaning,31/03/2027,"£180,000"\r\n'


def _import(db_file: str, tmp_path: Path, *options: str, text: str = HEADER + ROW) -> None:
    path = tmp_path / "estates.csv"
    path.write_text(text, encoding="utf-8")
    result = run("import", str(path), "-d", "Estates", *options, "--db", db_file)
    assert result.exit_code == 0, result.output


def _held(db_file: str) -> bool | None:
    db = open_db(Path(db_file), create=False)
    try:
        return find_contract(db, "EST-001", "Estates").values_include_vat
    finally:
        db.close()


def test_the_import_option_says_whether_values_include_vat(db_file: str, tmp_path: Path) -> None:
    """PA 2023 Sch. 1 and Sch. 3: thresholds include VAT; Contracts Finder and most registers
    hold values excluding it, so the import records which the file's values are."""
    _import(db_file, tmp_path, "--values-ex-vat")
    assert _held(db_file) is False
    _import(db_file, tmp_path, "--values-inc-vat")  # re-imported: the option updates it
    assert _held(db_file) is True


def test_without_the_option_not_known_unless_the_department_says(
    db_file: str, tmp_path: Path
) -> None:
    """Not known is read as excluding VAT (the safe reading for a threshold test); a
    department whose registers are known to exclude VAT says so once."""
    _import(db_file, tmp_path)
    assert _held(db_file) is None
    said = run("department", "vat", "estates", "ex", "--db", db_file)
    assert said.exit_code == 0, said.output
    assert "Estates: values exclude VAT by default." in said.stderr + said.stdout
    _import(db_file, tmp_path, text=HEADER + ROW.replace("EST-001", "EST-002"))
    db = open_db(Path(db_file), create=False)
    assert find_contract(db, "EST-002", "Estates").values_include_vat is False
    db.close()


def test_a_column_of_the_file_says_it_row_by_row(db_file: str, tmp_path: Path) -> None:
    text = "Contract Ref,Title,Total Value,Inc VAT\r\nEST-001,Cleaning,£180000,yes\r\n"
    _import(db_file, tmp_path, "--values-ex-vat", text=text)
    assert _held(db_file) is True


def test_a_department_that_is_not_one_is_refused_clearly(db_file: str) -> None:
    result = run("department", "vat", "Nowhere", "ex", "--db", db_file)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "Nowhere" in result.stderr

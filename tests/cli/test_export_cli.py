"""`planner export register|ocds`: stdout or -o FILE, the register columns, valid OCDS."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from planner.domain.contract import REGISTER_COLUMNS
from tests.conftest import run
from tests.io.conftest import ocds_errors

CSV = (
    "Ref,Title,Supplier,Expiry,Annual Value,Notice,SME\r\n"
    'EST-001,Cleaning,=Pennine,31/03/2027,"£12,000",1 month,yes\r\n'
    "EST-002,Lifts,Kestrel Systems Ltd,TBC,£1.2m,,no\r\n"
)


@pytest.fixture
def db_file(db_file: str, tmp_path: Path) -> str:
    """The new database with CSV imported as the Estates register."""
    source = tmp_path / "estates.csv"
    source.write_text(CSV, encoding="utf-8")
    assert run("import", str(source), "-d", "Estates", "--db", db_file).exit_code == 0
    return db_file


def test_export_register_writes_the_register_csv_to_stdout(db_file: str) -> None:
    result = run("export", "register", "--db", db_file)
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(REGISTER_COLUMNS)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["ref"], first["supplier"], first["annual_value"]) == (
        "EST-001", "'=Pennine", "12000.00",
    )  # fmt: skip
    assert (first["end_date"], first["notice_period"], first["notice_date"], first["sme"]) == (
        "2027-03-31", "P1M", "2027-02-28", "yes",
    )  # fmt: skip
    second = dict(zip(rows[0], rows[2], strict=True))
    assert (second["end_date"], second["annual_value"], second["sme"]) == ("", "1200000.00", "no")


def test_export_register_to_a_file_and_back_changes_nothing(db_file: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "register.csv"
    missing = run("export", "register", "-o", str(target), "--db", db_file)
    assert missing.exit_code == 1 and "does not exist" in missing.stderr
    target.parent.mkdir()
    result = run("export", "register", "-o", str(target), "--db", db_file)
    assert result.exit_code == 0 and "Wrote 2 contracts" in result.stderr
    back = json.loads(run("import", str(target), "--json", "--db", db_file).stdout)
    assert (back["imported"], back["updated"], back["unchanged"]) == (0, 0, 2)


PUBLISHER = ("--publisher", "Example Police", "--ocds-prefix", "ocds-a1b2c3",
             "--buyer", "Chief Constable of Example Police")  # fmt: skip


def test_export_ocds_is_a_valid_release_package(db_file: str, tmp_path: Path) -> None:
    assert run("init", *PUBLISHER, "--db", db_file).exit_code == 0
    result = run("export", "ocds", "--db", db_file)
    assert result.exit_code == 0
    package = json.loads(result.stdout)
    assert ocds_errors(package) == []
    assert [r["contracts"][0]["id"] for r in package["releases"]] == ["EST-001", "EST-002"]
    target = tmp_path / "ocds.json"
    assert run("export", "ocds", "-o", str(target), "--db", db_file).exit_code == 0
    assert ocds_errors(json.loads(target.read_text(encoding="utf-8"))) == []


def test_export_is_a_group_with_register_and_ocds() -> None:
    result = run("export", "--help")
    assert result.exit_code == 0
    assert "register" in result.stdout and "ocds" in result.stdout


def test_an_unknown_department_is_one_clear_sentence(db_file: str) -> None:
    result = run("export", "register", "-d", "Marketing", "--db", db_file)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 'Marketing' is not a department")


def test_export_ocds_refuses_until_the_publisher_is_set_and_says_how(db_file: str) -> None:
    """Issue 15: the export named every publisher 'Joint Procurement Team' without asking."""
    result = run("export", "ocds", "--db", db_file)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: the OCDS export needs the publisher, its OCID "
                                    "prefix and the buyer")  # fmt: skip
    assert 'planner init --publisher "NAME" --ocds-prefix ocds-xxxxxx --buyer "NAME"' in (
        result.stderr
    )


def test_the_publisher_set_once_at_init_names_every_release_and_the_summary(
    db_file: str, tmp_path: Path
) -> None:
    init = run("init", *PUBLISHER, "--db", db_file)
    assert init.exit_code == 0
    assert "OCDS publisher: Example Police (OCID prefix ocds-a1b2c3)" in init.stderr
    target = tmp_path / "ocds.json"
    result = run("export", "ocds", "-o", str(target), "--db", db_file)
    assert result.exit_code == 0
    assert result.stderr.startswith(
        f"Wrote 2 releases to {target}: published by Example Police (OCID prefix "
        "ocds-a1b2c3) for the buyer Chief Constable of Example Police.\nAudit seal: "
    )
    package = json.loads(target.read_text(encoding="utf-8"))
    assert package["publisher"] == {"name": "Example Police"}
    release = package["releases"][0]
    assert release["ocid"].startswith("ocds-a1b2c3-")
    assert release["buyer"]["name"] == "Chief Constable of Example Police"
    assert "Joint Procurement Team" not in target.read_text(encoding="utf-8")
    assert ocds_errors(package) == []


def test_an_ocid_prefix_not_as_registered_is_refused_at_init(db_file: str) -> None:
    result = run("init", "--ocds-prefix", "planner", "--db", db_file)
    assert result.exit_code == 1
    assert "'planner' is not an OCID prefix" in result.stderr


def test_an_ocid_prefix_set_as_a_setting_is_checked_too(db_file: str) -> None:
    result = run("rules", "set", "setting", "ocds_prefix", "bad", "--db", db_file)
    assert result.exit_code == 1
    assert "'bad' is not an OCID prefix" in result.stderr
    fine = run("rules", "set", "setting", "ocds_prefix", "OCDS-A1B2C3", "--db", db_file)
    assert fine.exit_code == 0


def test_a_register_csv_file_starts_with_a_bom_for_excel_and_imports_back(
    db_file: str, tmp_path: Path
) -> None:
    """Excel on Windows reads a CSV without a BOM as Windows-1252: £ shows as Â£."""
    target = tmp_path / "register.csv"
    assert run("export", "register", "-o", str(target), "--db", db_file).exit_code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfref,title,")
    plain = tmp_path / "plain.csv"
    assert run("export", "register", "-o", str(plain), "--no-bom", "--db", db_file).exit_code == 0
    assert plain.read_bytes().startswith(b"ref,title,")
    assert run("export", "register", "--db", db_file).stdout.startswith("ref,title,")
    assert run("export", "register", "--bom", "--db", db_file).stdout.startswith("\ufeffref,")
    back = json.loads(run("import", str(target), "--json", "--db", db_file).stdout)
    assert (back["imported"], back["unchanged"], back["rejected"]) == (0, 2, [])


def test_export_register_as_xlsx_writes_a_workbook_that_imports_back(
    db_file: str, tmp_path: Path
) -> None:
    refused = run("export", "register", "--format", "xlsx", "--db", db_file)
    assert refused.exit_code == 1 and "give -o FILE.xlsx" in refused.stderr
    target = tmp_path / "register.xlsx"
    result = run("export", "register", "--format", "xlsx", "-o", str(target), "--db", db_file)
    assert result.exit_code == 0 and "Wrote 2 contracts" in result.stderr
    assert target.read_bytes().startswith(b"PK\x03\x04")
    back = json.loads(run("import", str(target), "--json", "--db", db_file).stdout)
    assert (back["imported"], back["updated"], back["unchanged"], back["rejected"]) == (
        0, 0, 2, [],
    )  # fmt: skip
    by_name = tmp_path / "by-name.XLSX"  # the format follows the file's name
    assert run("export", "register", "-o", str(by_name), "--db", db_file).exit_code == 0
    assert by_name.read_bytes().startswith(b"PK\x03\x04")

"""`planner import`: what a user sees, the --json document, exit codes, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import run

PLANNER = str(Path(sys.executable).with_name("planner"))  # the installed console script

HEADER = "Contract Ref,Title,Supplier,Expiry,Annual Value,Notice Period\r\n"
GOOD = 'EST-001,Cleaning,Pennine Facilities Ltd,31/03/2027,"£12,000",3 months\r\n'
BAD = "EST-002,Lifts,Kestrel Systems Ltd,31/02/2027,-£500,3 months\r\n"


def _file(tmp_path: Path, text: str, name: str = "estates.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_prints_exactly_the_documented_keys(db_file: str, tmp_path: Path) -> None:
    path = _file(tmp_path, HEADER + GOOD)
    result = run("import", path, "--department", "Estates", "--json", "--db", db_file)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document == {
        "file": path, "rows": 1, "imported": 1, "updated": 0, "unchanged": 0,
        "skipped": [], "rejected": [], "mapping": document["mapping"], "unmapped": [],
        "rejected_file": None, "written": True, "value_gaps": [],
    }  # fmt: skip
    assert document["mapping"][0] == {
        "heading": "Contract Ref", "column": "ref", "how": "synonym", "sample": ["EST-001"],
    }  # fmt: skip
    again = json.loads(run("import", path, "-d", "estates", "--json", "--db", db_file).stdout)
    assert (again["imported"], again["unchanged"]) == (0, 1)


def test_invalid_rows_exit_1_list_every_problem_and_write_nothing(
    db_file: str, tmp_path: Path
) -> None:
    path = _file(tmp_path, "Estates register\r\n\r\n" + HEADER + GOOD + BAD)
    result = run("import", path, "-d", "Estates", "--db", db_file)
    assert result.exit_code == 1
    assert "row 5, Expiry '31/02/2027': '31/02/2027' is not a real date" in result.stderr
    assert "row 5, Annual Value '-£500'" in result.stderr
    assert "Nothing was imported" in result.stderr
    listing = json.loads(run("list", "--json", "--db", db_file).stdout)
    assert listing == []
    document = json.loads(run("import", path, "-d", "Estates", "--json", "--db", db_file).stdout)
    assert document["written"] is False
    assert [(r["row"], r["column"], r["value"]) for r in document["rejected"]] == [
        (5, "Expiry", "31/02/2027"), (5, "Annual Value", "-£500"),
    ]  # fmt: skip


def test_skip_invalid_imports_the_rest_and_says_where_the_rejects_are(
    db_file: str, tmp_path: Path
) -> None:
    path = _file(tmp_path, HEADER + GOOD + BAD)
    result = run("import", path, "-d", "Estates", "--skip-invalid", "--db", db_file)
    assert result.exit_code == 1  # rejected rows are reported with exit code 1
    assert "Imported: 1 new" in result.stderr
    assert str(tmp_path / "estates.rejected.csv") in result.stderr
    assert (tmp_path / "estates.rejected.csv").exists()


def test_dry_run_says_what_would_happen(db_file: str, tmp_path: Path) -> None:
    path = _file(tmp_path, HEADER + GOOD)
    result = run("import", path, "-d", "Estates", "--dry-run", "--db", db_file)
    assert result.exit_code == 0
    assert "Dry run: would be 1 new, 0 updated, 0 unchanged; nothing was written." in result.stderr
    assert json.loads(run("list", "--json", "--db", db_file).stdout) == []


def test_map_and_sheet_options_reach_the_importer(db_file: str, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.append(["Ref", "Renewal"])
    cover.append(["NOT-ME", "01/01/2027"])
    sheet = book.create_sheet("Estates")
    sheet.append(["Ref", "Renewal"])
    sheet.append(["EST-9", "31/03/2027"])
    book.save(tmp_path / "book.xlsx")
    result = run("import", str(tmp_path / "book.xlsx"), "--sheet", "Estates", "-d", "Estates",
                 "--map", "Renewal=end_date", "--json", "--db", db_file)  # fmt: skip
    assert result.exit_code == 0, result.output
    (row,) = json.loads(run("list", "--json", "--db", db_file).stdout)
    assert (row["ref"], row["end_date"]) == ("EST-9", "2027-03-31")


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "binary.csv").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "noheader.csv").write_text("colour,shape\nred,round\n")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    good = _file(tmp_path, HEADER + GOOD, "good.csv")
    return {
        "missing file": ([str(tmp_path / "nope.csv")], "does not exist"),
        "a folder": ([str(tmp_path)], "is a directory"),
        "unknown department": ([good, "-d", "Marketing"], "'Marketing' is not a department"),
        "binary file": ([str(tmp_path / "binary.csv"), "-d", "ICT"], "binary file"),
        "empty file": ([str(tmp_path / "empty.csv"), "-d", "ICT"], "is empty"),
        "no recognisable heading": (
            [str(tmp_path / "noheader.csv"), "-d", "ICT"], "no recognisable column headings",
        ),
        "unreadable xlsx": ([str(tmp_path / "broken.xlsx"), "-d", "ICT"], "not a readable Excel"),
        "no department": ([good], "--department"),
        "bad --map": ([good, "-d", "ICT", "--map", "Expiry"], "should look like"),
    }  # fmt: skip


@pytest.mark.slow
def test_bad_input_exits_1_or_2_with_one_sentence_and_no_traceback(
    db_file: str, tmp_path: Path
) -> None:
    for label, (args, message) in _bad_inputs(tmp_path).items():
        completed = subprocess.run(
            [PLANNER, "import", *args, "--db", db_file],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert completed.returncode in (1, 2), label
        assert message in completed.stderr, (label, completed.stderr)
        assert "Traceback" not in completed.stderr + completed.stdout, label
        assert completed.stdout == "", label


def test_a_missing_database_says_to_run_init(tmp_path: Path) -> None:
    path = _file(tmp_path, HEADER + GOOD)
    result = run("import", path, "-d", "Estates", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "planner init" in result.stderr

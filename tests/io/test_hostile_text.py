"""Text that is not what it looks like: a stray byte in a UTF-8 file, invisible characters in
a reference, terminal control sequences in a value."""

from __future__ import annotations

from pathlib import Path

from planner.io.importer import ImportOptions, import_file
from planner.store import Database
from planner.store.contracts import find_contract, iter_contracts
from tests.conftest import run

HEADER = "Ref,Title,Supplier,Annual Value\r\n"


def test_a_utf8_file_with_one_bad_byte_stays_utf8_and_that_row_is_refused_by_name(
    db: Database, tmp_path: Path
) -> None:
    """PA 2023 s.50 (the register feeds published notices): a guessed character in a
    supplier's name would be published as if right. The rest of the file keeps its £ and é;
    the row with the byte is refused, naming the cell and showing the byte."""
    path = tmp_path / "hr.csv"
    path.write_bytes(
        HEADER.encode()
        + "HR-1,Café contract,Pennine Ltd,£12000\r\n".encode()
        + b"HR-2,Payroll,Caf\xe9 Systems Ltd,\xc2\xa35000\r\n"  # one Windows-1252 byte
        + "HR-3,Training,Ribble Ltd,£1000\r\n".encode()
    )
    refused = import_file(db, path, ImportOptions(department="HR"), "tester")
    assert refused.source == "CSV (UTF-8, comma-separated)"
    assert [p.describe() for p in refused.rejected] == [
        "row 3, Supplier 'Caf\\xe9 Systems Ltd': has bytes that are not UTF-8 in a file that "
        "is UTF-8 elsewhere; retype the character, or save the file from Excel as 'CSV UTF-8'"
    ]
    assert not refused.written
    report = import_file(db, path, ImportOptions(department="HR", skip_invalid=True), "tester")
    assert report.imported == 2
    first = find_contract(db, "HR-1", "HR")
    assert (first.title, first.annual_value) == ("Café contract", 1_200_000)
    assert (tmp_path / "hr.rejected.csv").read_text(encoding="utf-8-sig").count("HR-2") == 1


def test_a_windows_1252_file_is_still_read_as_windows_1252(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes((HEADER + "HR-1,Café,Pennine Ltd,£12\r\n").encode("cp1252"))
    report = import_file(db, path, ImportOptions(department="HR"), "tester")
    assert (report.source, report.imported) == ("CSV (Windows-1252, comma-separated)", 1)
    assert find_contract(db, "HR-1", "HR").title == "Café"


def test_a_reference_with_a_zero_width_space_is_the_same_contract(
    db: Database, tmp_path: Path
) -> None:
    """A reference identifies one contract (PA 2023 s.50 notices cite it): the same
    reference pasted with invisible or full-width characters is not another contract."""
    first = tmp_path / "a.csv"
    first.write_text(HEADER + "FZ-0001,Cleaning,Pennine Ltd,£12\r\n", encoding="utf-8")
    import_file(db, first, ImportOptions(department="HR"), "tester")
    pasted = tmp_path / "b.csv"
    pasted.write_text(
        HEADER + "FZ\u200b-0001,Cleaning,Pennine Ltd,£12\r\n"
        "\ufeffＦＺ－０００２,Lifts,Kestrel Ltd,£5\r\n",
        encoding="utf-8",
    )
    report = import_file(db, pasted, ImportOptions(department="HR"), "tester")
    assert (report.imported, report.unchanged, report.rejected) == (1, 1, [])
    assert sorted(c.ref for c in iter_contracts(db)) == ["FZ-0001", "FZ-0002"]
    twice = tmp_path / "c.csv"
    twice.write_text(HEADER + "FZ-0003,A,,\r\nFZ\u200b-0003,B,,\r\n", encoding="utf-8")
    again = import_file(db, twice, ImportOptions(department="HR", dry_run=True), "tester")
    assert [p.error for p in again.rejected] == [
        "reference FZ-0003 is already on row 2 of this file for HR"
    ]


def test_control_and_direction_characters_in_a_reference_are_refused_and_shown_escaped(
    db_file: str, tmp_path: Path
) -> None:
    """No value writes a terminal control sequence to the screen: ESC is printed as \\x1b."""
    path = tmp_path / "hostile.csv"
    path.write_text(
        HEADER + "A\x1b[2J\x1b[31m,Cleaning,Evil\x1b]0;owned\x07 Ltd,\r\nB\u202e1000,Lifts,,\r\n",
        encoding="utf-8",
    )
    result = run("import", str(path), "-d", "HR", "--db", db_file)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "row 2, Ref 'A\\x1b[2J\\x1b[31m': " in result.stderr
    assert "has the hidden character \\x1b; a reference must be plain text" in result.stderr
    assert "row 3, Ref 'B\\u202e1000'" in result.stderr
    unknown = run("export", "register", "-d", "Evil\x1b[2J", "--db", db_file)
    assert "\x1b" not in unknown.stderr and "Evil\\x1b[2J" in unknown.stderr


def test_a_title_with_escape_sequences_is_listed_escaped(db_file: str, tmp_path: Path) -> None:
    """A title may hold anything a spreadsheet held; printing it must not clear the screen
    or retitle the terminal."""
    path = tmp_path / "titles.csv"
    path.write_text(HEADER + "HR-1,Clean\x1b[2J\x1b]0;pwned\x07ing,Pennine Ltd,\r\n")
    assert run("import", str(path), "-d", "HR", "--db", db_file).exit_code == 0
    listed = run("list", "--db", db_file)
    assert "\x1b" not in listed.stdout and "\x07" not in listed.stdout
    assert "Clean\\x1b[2J\\x1b]0;pwned\\x07ing" in listed.stdout

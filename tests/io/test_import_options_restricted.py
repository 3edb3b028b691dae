"""Importing a register's extension options and restricted flag (docs/rules.md, "Extension
options" and "Restricted contracts")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planner.io.importer import ImportOptions, import_file
from planner.store import Database
from planner.store.contracts import find_contract

HEADER = ["Ref", "Title", "Supplier", "End Date", "Extension options", "Options exercised",
          "Restricted", "Reason for restriction"]  # fmt: skip


def test_option_words_are_read_as_options_not_notes(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    rows = [HEADER,
            ["EST-1", "Cleaning", "Lune", "31/03/2027", "2 x 12 months", "1", "", ""],
            ["EST-2", "Lifts", "Kestrel", "31/03/2027", "1+1", "", "", ""],
            ["EST-3", "Waste", "Pennine", "31/03/2027", "option to extend 24 months", "0",
             "", ""]]  # fmt: skip
    report = import_file(db, write_csv(rows), ImportOptions("Estates"), "tester")
    assert report.rejected == [] and report.imported == 3
    first = find_contract(db, "EST-1", "Estates")
    assert (first.extension_options, first.options_exercised) == ("P12M+P12M", 1)
    assert first.notes is None
    assert find_contract(db, "EST-2", "Estates").extension_options == "P12M+P12M"
    assert find_contract(db, "EST-3", "Estates").extension_options == "P24M"


def test_words_that_are_not_options_are_rejected_with_examples(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    rows = [HEADER, ["EST-1", "Cleaning", "Lune", "31/03/2027", "maybe later", "", "", ""]]
    report = import_file(db, write_csv(rows), ImportOptions("Estates"), "tester")
    assert [(p.column, p.value) for p in report.rejected] == [("Extension options", "maybe later")]
    assert "2 x 12 months" in report.rejected[0].error


def test_a_restricted_flag_and_its_reason_are_imported(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    """PA 2023 s.94: information withheld on national security grounds."""
    rows = [HEADER,
            ["HQC-1", "Covert kit", "Acme", "31/03/2027", "", "", "Yes", "National security"],
            ["HQC-2", "Cleaning", "Lune", "31/03/2027", "", "", "No", ""]]  # fmt: skip
    report = import_file(db, write_csv(rows), ImportOptions("HQ Crime"), "tester")
    assert report.rejected == []
    covert = find_contract(db, "HQC-1", "HQ Crime")
    assert (covert.restricted, covert.restricted_reason) == (True, "National security")
    assert find_contract(db, "HQC-2", "HQ Crime").restricted is False

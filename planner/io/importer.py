"""Importing a register file: every row checked, then all of it written or none of it.

Unknown is not an error (blank, TBC, Rolling are stored as unknown); malformed is
(31/02/2024, -£500, 'abc' in a date column). By default one bad row stops the whole import
and every problem is listed; with `skip_invalid` the good rows are written and the bad ones
go to `<file>.rejected.csv` beside the input (or `rejected_path`), each with its reason.
How the headings were read is part of the report (planner.io.mapping).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.domain.contract import Contract
from planner.domain.gcpause import gc_paused
from planner.domain.rules import values_disagree
from planner.domain.words import plural
from planner.errors import ValidationError
from planner.io.headers import ColumnMap
from planner.io.import_source import Progress, counted, published_basis, read_for_import
from planner.io.mapping import (
    MappedHeading,
    UnmappedHeading,
    column_map,
    describe,
    remember_mapping,
    saved_mapping,
)
from planner.io.rejected import write_rejected
from planner.io.row_checks import Checked, Problem, RowChecker
from planner.io.tables import Skip, Table
from planner.io.vat_basis import with_vat_basis
from planner.store.contract_rows import stored_rows
from planner.store.contracts import upsert_rows
from planner.store.db import Database
from planner.store.departments import vat_defaults

__all__ = ["Checked", "ImportOptions", "ImportReport", "Problem", "check_table", "import_file"]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import: the command-line switches of `planner import`."""

    department: str | None = None
    sheet: str | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    mappings: Sequence[str] = ()
    values_include_vat: bool | None = None  # --values-inc-vat / --values-ex-vat
    mapping_name: str | None = None  # --mapping NAME: a saved mapping to apply (and update)
    rejected_path: Path | None = None  # --rejected PATH: else <name>.rejected.csv beside it


@dataclass(slots=True)
class ImportReport:
    """What an import found and did."""

    file: str
    source: str = ""
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    written: bool = False  # True when the import was applied to the database
    rejected_file: Path | None = None
    skipped: list[Skip] = field(default_factory=list)  # e.g. OCDS tenders never awarded
    dry_run: bool = False
    mapping: list[MappedHeading] = field(default_factory=list)
    unmapped: list[UnmappedHeading] = field(default_factory=list)
    mapping_used: str | None = None  # the saved mapping applied (--mapping NAME)
    mapping_offered: str | None = None  # a saved mapping for the department, not applied
    mapping_saved: str | None = None  # where this import's --map choices were remembered
    # Contracts whose annual and total values disagree (docs/rules.md, "Data rules"):
    # imported as given, flagged as a data gap to check.
    value_gaps: list[tuple[str, str]] = field(default_factory=list)  # (ref, why)

    def as_json(self) -> dict[str, Any]:
        """Exactly the keys `planner import --json` prints."""
        return {
            "file": self.file,
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": [s.as_dict() for s in self.skipped],
            "rejected": [p.as_dict() for p in self.rejected],
            "mapping": [m.as_dict() for m in self.mapping],
            "unmapped": [u.as_dict() for u in self.unmapped],
            "rejected_file": None if self.rejected_file is None else str(self.rejected_file),
            "written": self.written,
            "value_gaps": [{"ref": ref, "why": why} for ref, why in self.value_gaps],
        }


def value_gaps(valid: dict[str, list[Any]]) -> list[tuple[str, str]]:
    """(reference, why) for each valid row whose annual and total values disagree
    (docs/rules.md, "Data rules"); only a row with both values is compared."""
    gaps = []
    # One contract holds each row's values in turn: values_disagree reads only these five
    # fields, and building 50,000 contracts to ask it was most of the time.
    probe = Contract(ref="", department="")
    for ref, annual, total, start, end, max_end in zip(
        valid["ref"], valid["annual_value"], valid["total_value"], valid["start_date"],
        valid["end_date"], valid["max_end_date"], strict=True,
    ):  # fmt: skip
        if not annual or not total:
            continue  # nothing to compare (values_disagree says None)
        probe.annual_value, probe.total_value = annual, total
        probe.start_date, probe.end_date, probe.max_end_date = start, end, max_end
        if (why := values_disagree(probe)) is not None:
            gaps.append((ref, why))
    return gaps


def check_table(
    db: Database,
    table: Table,
    mappings: Sequence[str] = (),
    department: str | None = None,
    where: str | None = None,
    columns: ColumnMap | None = None,
    by_column: list[tuple[object, ...]] | None = None,
) -> Checked:
    """Map a table's headings (unless `columns` says how) and check all its rows (writes
    nothing). `where` names the file in messages (else the table's source, such as
    'CSV (UTF-8, comma-separated)'); `by_column` is the table's `columns()`, if at hand."""
    name = where or table.source
    columns = columns or column_map(table, mappings)
    if columns.position("ref") is None:
        shown = ", ".join(f"'{h}'" for h in table.headers if h)
        raise ValidationError(
            f"{name} has no column for the contract reference (its headings: {shown}); "
            'name it with --map "Heading=ref"'
        )
    if columns.position("department") is None and department is None:
        raise ValidationError(
            f"{name} has no department column; say whose register it is with --department NAME"
        )
    if not table.problems:
        return RowChecker(db, table, columns, department).check(by_column)
    # Rows the reader refused (bytes that are not UTF-8) are rejected, the rest checked.
    refused = {p.row for p in table.problems}
    checked = RowChecker(db, table.without_rows(refused), columns, department).check()
    checked.problems.extend(Problem(p.row, p.column, p.value, p.error) for p in table.problems)
    checked.problems.sort(key=lambda p: p.row)
    checked.bad_rows.update((n, cells) for n, cells in table.rows if n in refused)
    checked.bad_rows = dict(sorted(checked.bad_rows.items()))
    return checked


def import_file(db: Database, path: Path, options: ImportOptions, who: str) -> ImportReport:
    """Read, check and (unless refused or a dry run) write one register file."""
    with gc_paused():  # as import_table does, for the rows as they are read
        table, default_department = read_for_import(db, path, options)
    options = published_basis(table, options)
    return import_table(db, table, path, options, who, default_department, release_rows=True)


def import_table(
    db: Database,
    table: Table,
    path: Path,
    options: ImportOptions,
    who: str,
    default_department: str | None = None,
    progress: Progress | None = None,
    *,
    release_rows: bool = False,
) -> ImportReport:
    """Check and write an already-read table (see import_file); `progress` hears how many
    rows are written (raising in it stops the import with nothing written). With
    `release_rows` the table is this import's alone: its rows are let go once checked."""
    # A register's cells, parsed values and contracts all stay in use until it is written:
    # the cyclic collector would walk them again and again for nothing (a fifth of the time).
    with gc_paused():
        saved, applied = saved_mapping(db, options.mapping_name, default_department)
        columns = column_map(table, options.mappings, saved if applied else None)
        by_column = table.columns()  # once, for the mapping report and the checks
        mapping, unmapped = describe(table, columns, by_column)
        checked = check_table(db, table, (), default_department, str(path), columns, by_column)
        del by_column
        report = ImportReport(
            file=str(path), source=table.source, rows=len(table.rows), rejected=checked.problems,
            skipped=table.skips, dry_run=options.dry_run, mapping=mapping, unmapped=unmapped,
        )  # fmt: skip
        if saved is not None:
            if applied:
                report.mapping_used = saved.name
            else:
                report.mapping_offered = saved.name
        if checked.problems and not options.skip_invalid and not options.dry_run:
            return report
        valid = checked.valid
        report.value_gaps = value_gaps(valid)
        write = not options.dry_run and (options.skip_invalid or not checked.problems)
        if write and checked.problems:
            # Before the database: if the rejects cannot be saved, nothing is imported either.
            report.rejected_file = write_rejected(path, table, checked, options.rejected_path)
        if release_rows:
            # The cells are read: the 2 million of a national register go before the rows are
            # written, so the write reuses their memory (about a quarter fewer page faults).
            table.rows = []
        supplied = with_vat_basis(valid, checked.supplied, options.values_include_vat,
                                  vat_defaults(db))  # fmt: skip
        held, stored = stored_rows(valid)
        del valid  # in stored form now: the parsed columns go too
        checked.valid = {}
        rows = list(zip(stored, supplied, strict=True))
        counts = upsert_rows(
            db,
            counted(rows, progress),
            who=who,
            summary=f"Imported {path.name} ({plural(checked.count, 'contract')})",
            write=write,
            columns=held,
        )
        report.imported, report.updated, report.unchanged = (
            counts.imported, counts.updated, counts.unchanged,
        )  # fmt: skip
        report.written = write
        if write:
            report.mapping_saved = remember_mapping(
                db, options.mappings, options.mapping_name, columns, default_department, who
            )
        return report

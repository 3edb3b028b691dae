"""Importing a register file: every row checked, then all of it written or none of it.

Unknown is not an error (blank, TBC, Rolling are stored as unknown); malformed is
(31/02/2024, -£500, 'abc' in a date column). By default one bad row stops the whole import
and every problem is listed; with `skip_invalid` the good rows are written and the bad ones
go to `<file>.rejected.csv` beside the input (or `rejected_path`), each with its reason.
How the headings were read is part of the report (planner.io.mapping).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from planner.domain.codes import Status
from planner.domain.contract import (
    DERIVED_COLUMNS,
    PARSERS,
    Contract,
    check_contract,
)
from planner.domain.dates import parse_date
from planner.domain.gcpause import gc_paused
from planner.domain.periods import notice_date
from planner.domain.rules import values_disagree
from planner.domain.safe_text import visible
from planner.domain.words import plural
from planner.errors import ValidationError
from planner.io.cells import cell_text, is_blank, unguard_formula
from planner.io.department_names import DepartmentNames
from planner.io.headers import IGNORE, ColumnMap, column_letter
from planner.io.import_source import Progress, counted, published_basis, read_for_import
from planner.io.mapping import (
    MappedHeading,
    UnmappedHeading,
    column_map,
    describe,
    remember_mapping,
    saved_mapping,
)
from planner.io.meaning import with_unit
from planner.io.rejected import write_rejected
from planner.io.tables import Skip, Table
from planner.io.vat_basis import vat_from_headings, with_vat_basis
from planner.store.contracts import upsert_contracts
from planner.store.db import Database
from planner.store.departments import vat_defaults

# References and notes differ on every row; every other column repeats itself (dates in a
# few years, rounded amounts, yes/no, routes, the same suppliers), so each distinct cell is
# parsed once per import and remembered.
_FREE_TEXT = frozenset({"ref", "notes"})


_SHOWN = 60  # characters of a rejected value quoted in a problem line; JSON keeps it whole


@dataclass(frozen=True, slots=True)
class Problem:
    """One rejected value: where it is (as a spreadsheet user counts), what, and why."""

    row: int
    column: str
    value: str
    error: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: {"row", "column", "value", "error"}."""
        return {"row": self.row, "column": self.column, "value": self.value, "error": self.error}

    def describe(self) -> str:
        """One line for a person; a very long value is shortened wherever it is quoted."""
        value, error = self.value, self.error
        if len(value) > _SHOWN:
            short = f"{value[:_SHOWN]}…"
            value, error = short, error.replace(value, short)
        shown = f" '{value}'" if value else ""
        return visible(f"row {self.row}, {self.column}{shown}: {error}")


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


@dataclass(slots=True)
class Checked:
    """The outcome of checking every row of a table."""

    valid: list[tuple[Contract, frozenset[str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_rows: dict[int, list[object]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Bad:
    """A remembered parse failure: the cell as shown and the reason."""

    text: str
    error: str


_TEXT_TYPES = frozenset({str, type(None)})


def _parse_one(parser: Callable[[object], Any], raw: object) -> Any:
    """One cell's stored value, or a _Bad saying why it cannot be read."""
    if raw is None or raw == "":
        return None  # every parser reads a blank cell as unknown
    value = unguard_formula(raw) if isinstance(raw, str) and raw[:1] == "'" else raw
    try:
        return parser(value)
    except ValidationError as exc:
        return _Bad(cell_text(value), str(exc))


class RowChecker:
    """Checks the rows of one table against the register's rules."""

    def __init__(
        self, db: Database, table: Table, columns: ColumnMap, default_department: str | None
    ):
        self.table = table
        self.columns = columns
        self.default_department = default_department
        self.departments = DepartmentNames(db)
        self.by_spelling: dict[str, str | None] = {}
        self.unknown_first_on: dict[str, int] = {}  # unknown department -> its first row
        self.plan: list[tuple[int, str, str, Callable[[object], Any]]] = []
        for position, column in enumerate(columns.fields):
            if column is None or column == IGNORE or column in DERIVED_COLUMNS:
                continue
            if column == "department":
                continue
            parser = with_unit(PARSERS[column], columns.unit(position))
            self.plan.append((position, column, columns.headers[position], parser))
        self.department_at = columns.position("department")
        self.notice_date_at = columns.position("notice_date")
        self.unmatched = tuple(sorted(columns.unmatched + columns.headingless))
        supplied = {c for c in columns.fields if c and c != IGNORE and c not in DERIVED_COLUMNS}
        supplied |= {"ref", "department"}
        if columns.unmatched:  # not a spacer column with no heading: notes stay as stored
            supplied.add("notes")
        if self.notice_date_at is not None:
            supplied.add("notice_period")  # derived from the notice date where it is missing
        self.vat_basis = vat_from_headings(columns)
        if self.vat_basis is not None:
            supplied.add("values_include_vat")
        self.supplied = frozenset(supplied)
        self.seen: dict[tuple[str, str], int] = {}

    def check(self) -> Checked:
        """Check every row; valid contracts come back with the columns they supply.

        Values are parsed a column at a time (one tight loop per column, remembering
        repeated cells), then each row is assembled and checked as a whole.
        """
        rows = self.table.rows
        errors: dict[int, list[Problem]] = {}
        names = [column for _, column, _, _ in self.plan]
        # The table turned into columns in one pass (every row is at least as wide as the
        # headings): a pass over 50,000 rows per column was a third of the checking.
        by_column = list(zip(*[cells for _, cells in rows], strict=False)) if rows else []
        parsed = [
            self._parse_column(by_column[position] if by_column else (), heading, parser,
                               errors, column not in _FREE_TEXT)
            for position, column, heading, parser in self.plan
        ]  # fmt: skip
        del by_column  # parsed now: at 200,000 rows the cells' columns are 60 MB
        result = Checked()
        for i, ((number, cells), row_values) in enumerate(
            zip(rows, zip(*parsed, strict=True), strict=True)
        ):
            problems = errors.get(i, [])
            self._check_row(
                number, cells, dict(zip(names, row_values, strict=True)), problems, result
            )
            if problems:
                result.problems.extend(problems)
                result.bad_rows[number] = cells
        return result

    def _parse_column(
        self,
        cells: Sequence[object],
        heading: str,
        parser: Callable[[object], Any],
        errors: dict[int, list[Problem]],
        remember: bool,
    ) -> list[Any]:
        rows = self.table.rows
        if remember and set(map(type, cells)) <= _TEXT_TYPES:
            # A CSV column: parse each distinct cell once, then look every row up.
            memo = {raw: _parse_one(parser, raw) for raw in set(cells)}
            out = list(map(memo.__getitem__, cells))
            if not any(isinstance(found, _Bad) for found in memo.values()):
                return out  # no bad cell: no need to look through every row
        else:
            out = [_parse_one(parser, raw) for raw in cells]
        for i, found in enumerate(out):
            if isinstance(found, _Bad):
                errors.setdefault(i, []).append(
                    Problem(rows[i][0], heading, found.text, found.error)
                )
                out[i] = None
        return out

    def _problem(self, number: int, column: str, raw: object, error: str) -> Problem:
        return Problem(number, self.columns.heading(column), cell_text(raw), error)

    def _check_row(
        self,
        number: int,
        cells: list[object],
        values: dict[str, Any],
        problems: list[Problem],
        result: Checked,
    ) -> None:
        department = self._department(number, cells, problems)
        notes = self._notes(values.get("notes"), cells)
        if notes is not None:
            values["notes"] = notes
        supplied = self.supplied
        if values.get("status", "") is None:
            # A blank status keeps what is stored, or starts active.
            values["status"] = Status.ACTIVE
            supplied = supplied - {"status"}
        if self.vat_basis is not None:
            values["values_include_vat"] = self.vat_basis  # 'Annual Cost ex VAT'
        if self.notice_date_at is not None and values.get("notice_period") is None:
            self._derive_notice_period(number, cells, values, problems)
        ref = values.get("ref")
        if ref is None:
            problems.append(self._problem(number, "ref", None, "every contract needs a reference"))
        if problems or department is None or ref is None:
            return
        values["department"] = department
        contract = Contract(**values)
        for column, reason in check_contract(contract):
            problems.append(self._problem(number, column, _value_of(contract, column), reason))
        if not _counts_back(contract.end_date, contract.notice_period):
            problems.append(
                self._problem(number, "notice_period", contract.notice_period,
                              f"counting it back from the end date {contract.end_date} "
                              "leaves the calendar")
            )  # fmt: skip
        key = (ref, department)
        earlier = self.seen.get(key)
        if earlier is not None:
            problems.append(
                self._problem(
                    number,
                    "ref",
                    ref,
                    f"reference {ref} is already on row {earlier} of this file for {department}",
                )
            )
        else:
            self.seen[key] = number
        if not problems:
            result.valid.append((contract, supplied))

    def _department(self, number: int, cells: list[object], problems: list[Problem]) -> str | None:
        raw = None if self.department_at is None else cells[self.department_at]
        if is_blank(raw):
            if self.default_department is None:
                problems.append(
                    self._problem(
                        number,
                        "department",
                        None,
                        "no department; fill it in or give --department for the whole file",
                    )
                )
            return self.default_department
        text = cell_text(raw).strip()
        found = self.by_spelling.get(text)
        if found is None:
            found = self.by_spelling[text] = self.departments.find(text)
        if found is None:
            first = self.unknown_first_on.setdefault(text, number)
            if first == number:
                known = ", ".join(self.departments.names)
                reason = (
                    f"'{text}' is not a department (known: {known}); add it with "
                    f'planner department add "{text}", or say whose spelling it is with '
                    f'planner department alias "{text}" DEPARTMENT'
                )
            else:  # a register of 300 rows need not say all that 300 times
                reason = f"'{text}' is not a department (see row {first})"
            problems.append(self._problem(number, "department", raw, reason))
        return found

    def _notes(self, notes: str | None, cells: list[object]) -> str | None:
        if not self.unmatched and len(cells) <= len(self.columns.headers):
            return notes  # nearly every row: nothing beyond the mapped columns
        lines = [notes] if notes else []
        for position in self.unmatched:
            cell = cells[position]
            if not is_blank(cell):
                label = self.columns.headers[position] or f"Column {column_letter(position)}"
                lines.append(f"{label}: {cell_text(cell).strip()}")
        width = len(self.columns.headers)
        if len(cells) > width:  # values beyond the last heading are kept too
            for position in range(width, len(cells)):
                if not is_blank(cells[position]):
                    lines.append(f"Column {column_letter(position)}: {cell_text(cells[position])}")
        return "\n".join(lines) if lines else None

    def _derive_notice_period(
        self, number: int, cells: list[object], values: dict[str, Any], problems: list[Problem]
    ) -> None:
        assert self.notice_date_at is not None
        raw = cells[self.notice_date_at]
        end = values.get("end_date")
        try:
            given = parse_date(raw)
        except ValidationError as exc:
            problems.append(self._problem(number, "notice_date", raw, str(exc)))
            return
        if given is None or not isinstance(end, date):
            return
        if given > end:
            problems.append(
                self._problem(
                    number, "notice_date", raw, f"notice date {given} is after the end date {end}"
                )
            )
            return
        values["notice_period"] = f"P{(end - given).days}D"


@lru_cache(maxsize=65_536)
def _counts_back(end: date | None, period: str | None) -> bool:
    """True if the notice date can be worked out (or is simply unknown)."""
    try:
        notice_date(end, period)
    except (ValueError, OverflowError):
        return False
    return True


def _value_of(contract: Contract, column: str) -> object:
    return getattr(contract, column, None)


def check_table(
    db: Database,
    table: Table,
    mappings: Sequence[str] = (),
    department: str | None = None,
    where: str | None = None,
    columns: ColumnMap | None = None,
) -> Checked:
    """Map a table's headings (unless `columns` says how) and check all its rows (writes
    nothing). `where` names the file in messages (else the table's source, such as
    'CSV (UTF-8, comma-separated)')."""
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
        return RowChecker(db, table, columns, department).check()
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
    return import_table(db, table, path, published_basis(table, options), who, default_department)


def import_table(
    db: Database,
    table: Table,
    path: Path,
    options: ImportOptions,
    who: str,
    default_department: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check and write an already-read table (see import_file); `progress` hears how many
    rows are written (raising in it stops the import with nothing written)."""
    # A register's cells, parsed values and contracts all stay in use until it is written:
    # the cyclic collector would walk them again and again for nothing (a fifth of the time).
    with gc_paused():
        saved, applied = saved_mapping(db, options.mapping_name, default_department)
        columns = column_map(table, options.mappings, saved if applied else None)
        checked = check_table(db, table, (), default_department, str(path), columns)
        report = ImportReport(
            file=str(path), source=table.source, rows=len(table.rows), rejected=checked.problems,
            skipped=table.skips, dry_run=options.dry_run,
        )  # fmt: skip
        report.mapping, report.unmapped = describe(table, columns)
        if saved is not None:
            if applied:
                report.mapping_used = saved.name
            else:
                report.mapping_offered = saved.name
        if checked.problems and not options.skip_invalid and not options.dry_run:
            return report
        report.value_gaps = [
            (contract.ref, why)
            for contract, _ in checked.valid
            if (why := values_disagree(contract)) is not None
        ]
        write = not options.dry_run and (options.skip_invalid or not checked.problems)
        if write and checked.problems:
            # Before the database: if the rejects cannot be saved, nothing is imported either.
            report.rejected_file = write_rejected(path, table, checked, options.rejected_path)
        rows = with_vat_basis(checked.valid, options.values_include_vat, vat_defaults(db))
        counts = upsert_contracts(
            db,
            counted(rows, progress),
            who=who,
            summary=f"Imported {path.name} ({plural(len(checked.valid), 'contract')})",
            write=write,
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

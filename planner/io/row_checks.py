"""Checking a register table's rows, a column at a time (docs/rules.md, "Data rules").

Each column is parsed once per distinct cell; the checks that join columns (department,
notice period, reference, the cross-field rules, duplicates) run as passes over the
columns, and only the rows a pass flags are looked at one by one. A valid row is never
made into a `Contract`: its values go to the store as columns (planner.store.contract_rows).
Every problem is reported as the row-by-row checks reported it, in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from planner.domain.codes import Status
from planner.domain.contract import DERIVED_COLUMNS, PARSERS, Contract, check_contract
from planner.domain.dates import parse_date
from planner.domain.safe_text import visible
from planner.errors import ValidationError
from planner.io.cells import cell_text, is_blank, unguard_formula
from planner.io.department_names import DepartmentNames
from planner.io.headers import IGNORE, ColumnMap, column_letter
from planner.io.meaning import with_unit
from planner.io.tables import Table
from planner.io.vat_basis import vat_from_headings
from planner.store.contract_rows import STORED, notice_iso
from planner.store.db import Database

# References differ on every row; every other column repeats itself (dates in a few years,
# rounded amounts, yes/no, routes, the same suppliers, notes mostly blank or the same few
# words), so each distinct cell is parsed once per import and remembered.
_FREE_TEXT = frozenset({"ref"})

_SHOWN = 60  # characters of a rejected value quoted in a problem line; JSON keeps it whole

# What a Contract holds for a column the file does not have.
_DEFAULTS: dict[str, Any] = {column: None for column in STORED} | {"status": Status.ACTIVE}


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


@dataclass(slots=True)
class Checked:
    """The outcome of checking every row of a table: the valid rows' values by column
    (every stored column, parsed), the columns each valid row supplies, and the problems."""

    valid: dict[str, list[Any]] = field(default_factory=lambda: {c: [] for c in STORED})
    supplied: list[frozenset[str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_rows: dict[int, list[object]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """How many rows are valid."""
        return len(self.supplied)


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


@lru_cache(maxsize=65_536)
def _counts_back(end: date | None, period: str | None) -> bool:
    """True if the notice date can be worked out (or is simply unknown)."""
    try:
        notice_iso(end, period)  # remembered: the stored row asks for the same date again
    except (ValueError, OverflowError):
        return False
    return True


def _suspects(values: dict[str, list[Any]]) -> set[int]:
    """Rows check_contract may object to (it alone says whether it does): dates out of
    order, or options exercised (checked against the options held)."""
    return {
        i
        for i, (start, end, max_end, exercised) in enumerate(
            zip(values["start_date"], values["end_date"], values["max_end_date"],
                values["options_exercised"], strict=True)
        )
        if (start and end and end < start) or (end and max_end and max_end < end) or exercised
    }  # fmt: skip


Errors = dict[int, list[Problem]]  # row index -> its problems, in the order found


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

    def check(self, by_column: list[tuple[object, ...]] | None = None) -> Checked:
        """Check every row; the valid rows come back as columns with what they supply.

        Values are parsed a column at a time (one tight loop per column, remembering
        repeated cells); then each check is a pass over the columns, in the order the
        problems of one row are listed.
        """
        rows = self.table.rows
        errors: Errors = {}
        # The table turned into columns in one pass (`by_column`, if the caller has them):
        # a pass over 50,000 rows per column was a third of the checking.
        if by_column is None:
            by_column = self.table.columns()
        values: dict[str, list[Any]] = {
            column: self._parse_column(by_column[position] if by_column else (), heading,
                                       parser, errors, column not in _FREE_TEXT)
            for position, column, heading, parser in self.plan
        }  # fmt: skip
        del by_column  # parsed now: at 200,000 rows the cells' columns are 60 MB (if ours)
        for column in STORED:
            if column not in values:
                values[column] = [_DEFAULTS[column]] * len(rows)
        values["department"] = self._department_column(errors)
        self._fill_notes(values["notes"])
        blank_status = self._fill_status(values["status"])
        if self.vat_basis is not None:
            values["values_include_vat"] = [self.vat_basis] * len(rows)  # 'Annual Cost ex VAT'
        if self.notice_date_at is not None:
            self._derive_notice_periods(values, errors)
        refs = values["ref"]
        for i in [i for i, ref in enumerate(refs) if ref is None]:
            errors.setdefault(i, []).append(
                self._problem(rows[i][0], "ref", None, "every contract needs a reference")
            )
        self._check_consistent(values, errors)
        return self._result(values, errors, blank_status)

    def _parse_column(
        self,
        cells: Sequence[object],
        heading: str,
        parser: Callable[[object], Any],
        errors: Errors,
        remember: bool,
    ) -> list[Any]:
        rows = self.table.rows
        if self.table.text_only and not any(cells):
            # Text cells: only '' and None are false. A column left blank in every row (a
            # register's unused columns) reads as unknown throughout, as _parse_one reads it.
            return [None] * len(cells)
        if remember and (self.table.text_only or set(map(type, cells)) <= _TEXT_TYPES):
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

    def _department_column(self, errors: Errors) -> list[str | None]:
        """Each row's department, found once per spelling; a row without one is told why."""
        rows = self.table.rows
        at = self.department_at
        if at is None:
            found: list[str | None] = [self.default_department] * len(rows)
        else:
            cells = [cells[at] for _, cells in rows]
            if self.table.text_only or set(map(type, cells)) <= _TEXT_TYPES:  # once per spelling
                memo = {raw: self._known(raw) for raw in set(cells)}
                found = list(map(memo.__getitem__, cells))
            else:  # a workbook's 1 and True would share a key
                found = list(map(self._known, cells))
        for i in [i for i, name in enumerate(found) if name is None]:
            number, cells = rows[i]
            self._department(number, cells, errors.setdefault(i, []))
        return found

    def _known(self, raw: object) -> str | None:
        if is_blank(raw):
            return self.default_department
        text = cell_text(raw).strip()
        found = self.by_spelling.get(text)
        if found is None:
            found = self.by_spelling[text] = self.departments.find(text)
        return found

    def _department(self, number: int, cells: list[object], problems: list[Problem]) -> None:
        """Say why a row has no department (called in row order, for those rows only)."""
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
            return
        text = cell_text(raw).strip()
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

    def _fill_notes(self, notes: list[Any]) -> None:
        """Keep what lies beyond the mapped columns in the notes (rarely anything)."""
        width = len(self.columns.headers)
        for i, (_, cells) in enumerate(self.table.rows):
            if self.unmatched or len(cells) > width:
                notes[i] = self._notes(notes[i], cells)

    def _notes(self, notes: str | None, cells: list[object]) -> str | None:
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

    def _fill_status(self, status: list[Any]) -> set[int]:
        """A blank status keeps what is stored, or starts active: the rows it applies to."""
        if "status" not in self.supplied:
            return set()
        blank = {i for i, value in enumerate(status) if value is None}
        for i in blank:
            status[i] = Status.ACTIVE
        return blank

    def _derive_notice_periods(self, values: dict[str, list[Any]], errors: Errors) -> None:
        """A missing notice period from the notice date: the days from it to the end date."""
        assert self.notice_date_at is not None
        periods, ends = values["notice_period"], values["end_date"]
        for i in [i for i, period in enumerate(periods) if period is None]:
            number, cells = self.table.rows[i]
            raw, end = cells[self.notice_date_at], ends[i]
            try:
                given = parse_date(raw)
            except ValidationError as exc:
                errors.setdefault(i, []).append(self._problem(number, "notice_date", raw, str(exc)))
                continue
            if given is None or not isinstance(end, date):
                continue
            if given > end:
                errors.setdefault(i, []).append(
                    self._problem(number, "notice_date", raw,
                                  f"notice date {given} is after the end date {end}")
                )  # fmt: skip
                continue
            periods[i] = f"P{(end - given).days}D"

    def _check_consistent(self, values: dict[str, list[Any]], errors: Errors) -> None:
        """The cross-field rules and duplicates, for the rows with no problem so far.

        Passes over the columns find the rows that may break a rule; only those (every row
        when a reference repeats) are looked at one by one, in row order.
        """
        rows, seen = self.table.rows, self.seen
        refs, departments = values["ref"], values["department"]
        counts_back = list(map(_counts_back, values["end_date"], values["notice_period"]))
        suspects = _suspects(values)
        suspects.update(i for i, fine in enumerate(counts_back) if not fine)
        repeats = len(set(zip(refs, departments, strict=True))) < len(rows)
        for i in range(len(rows)) if repeats else sorted(suspects):
            if i in errors:
                continue  # a row with a problem is not checked further (as row by row)
            number, problems = rows[i][0], []
            if i in suspects:
                problems.extend(self._inconsistent(number, values, i, counts_back[i]))
            ref, department = refs[i], departments[i]
            earlier = seen.get((ref, department))
            if earlier is not None:
                problems.append(
                    self._problem(
                        number,
                        "ref",
                        ref,
                        f"reference {ref} is already on row {earlier} of this file for "
                        f"{department}",
                    )
                )
            else:
                seen[(ref, department)] = number
            if problems:
                errors[i] = problems

    def _inconsistent(
        self, number: int, values: dict[str, list[Any]], i: int, counts_back: bool
    ) -> list[Problem]:
        """What check_contract says of row i, and whether its notice date can be counted."""
        contract = Contract(**{column: values[column][i] for column in STORED})
        problems = [
            self._problem(number, column, getattr(contract, column, None), reason)
            for column, reason in check_contract(contract)
        ]
        if not counts_back:
            problems.append(
                self._problem(number, "notice_period", contract.notice_period,
                              f"counting it back from the end date {contract.end_date} "
                              "leaves the calendar")
            )  # fmt: skip
        return problems

    def _result(
        self, values: dict[str, list[Any]], errors: Errors, blank_status: set[int]
    ) -> Checked:
        rows = self.table.rows
        result = Checked()
        for i in sorted(errors):
            result.problems.extend(errors[i])
            number, cells = rows[i]
            result.bad_rows[number] = cells
        good = [i for i in range(len(rows)) if i not in errors]
        if len(good) == len(rows):
            result.valid = {column: values[column] for column in STORED}
        else:
            result.valid = {column: [values[column][i] for i in good] for column in STORED}
        without_status = self.supplied - {"status"}
        result.supplied = [without_status if i in blank_status else self.supplied for i in good]
        return result

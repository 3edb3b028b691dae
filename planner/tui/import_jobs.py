"""What the import screen runs in worker threads: checking a file (a dry run) and importing
it, each reporting its progress and stopping, with nothing written, when asked to.

The screen reads a file once and keeps it (`Prepared`): changing a heading's column checks
the same rows again without reading the file again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from textual.message import Message

from planner.errors import ValidationError
from planner.io.cells import cell_text
from planner.io.import_source import published_basis, read_for_import
from planner.io.importer import ImportOptions, ImportReport, import_table
from planner.io.mapping import column_map, describe, saved_mapping
from planner.io.rejected import rejected_path
from planner.io.tables import Table
from planner.store.db import Database

PROBLEM_ROWS_KEPT = 1_000  # problem rows whose cells the screen keeps, to show each


class ImportStopped(Exception):
    """The user cancelled: raised inside the write transaction, so it rolls back."""


@dataclass(frozen=True, slots=True)
class ImportChoice:
    """What the user chose on the screen: the file, whose register, the VAT basis, the
    headings moved to other columns, and whether the department's saved mapping applies."""

    path: Path
    department: str | None = None
    values_include_vat: bool | None = None
    mappings: tuple[str, ...] = ()
    use_saved: bool = True

    def options(self, mapping_name: str | None, **changes: object) -> ImportOptions:
        """The import's options (as `planner import` would be given them)."""
        options = ImportOptions(
            department=self.department, values_include_vat=self.values_include_vat,
            mappings=self.mappings, mapping_name=mapping_name,
        )  # fmt: skip
        return replace(options, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file read for importing, kept while the same file and department are chosen."""

    path: Path
    stamp: tuple[int, int]  # size and modification time: a file saved since is read again
    department: str | None
    table: Table
    default_department: str | None

    def fits(self, choice: ImportChoice) -> bool:
        """True if this is still the file chosen, unchanged on disk."""
        return (
            self.path == choice.path
            and self.department == choice.department
            and _stamp(choice.path) == self.stamp
        )


@dataclass(slots=True)
class ImportCheck:
    """What a check found: the report of a dry run, the saved mapping applied, and the
    cells of the rows with problems (to show each)."""

    choice: ImportChoice
    report: ImportReport
    prepared: Prepared
    mapping_name: str | None
    cells: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    refused: str = ""  # why the rows could not be checked (no reference column...)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        found = path.stat()
    except OSError:
        return (-1, -1)
    return (found.st_size, found.st_mtime_ns)


def prepare(db: Database, choice: ImportChoice, kept: Prepared | None) -> Prepared:
    """The file chosen, read for importing (or as read before, if it has not changed)."""
    if kept is not None and kept.fits(choice):
        return kept
    stamp = _stamp(choice.path)
    table, department = read_for_import(db, choice.path, choice.options(None))
    return Prepared(choice.path, stamp, choice.department, table, department)


def applied_mapping(db: Database, choice: ImportChoice, prepared: Prepared) -> str | None:
    """The department's saved mapping, applied unless the user turned it off."""
    if not choice.use_saved:
        return None
    saved, _ = saved_mapping(db, None, prepared.default_department)
    return saved.name if saved else None


def problem_cells(table: Table, report: ImportReport) -> dict[int, list[tuple[str, str]]]:
    """(heading, value) of every cell of the first rows with problems."""
    wanted = sorted({p.row for p in report.rejected})[:PROBLEM_ROWS_KEPT]
    rows = dict(table.rows) if wanted else {}
    out: dict[int, list[tuple[str, str]]] = {}
    for number in wanted:
        cells = rows.get(number, [])
        headings = [*table.headers, *([""] * max(0, len(cells) - len(table.headers)))]
        out[number] = [
            (heading or f"(column {i + 1})", cell_text(cell) if cell is not None else "")
            for i, (heading, cell) in enumerate(zip(headings, cells, strict=False))
        ]
    return out


def check_file(
    db: Database,
    choice: ImportChoice,
    kept: Prepared | None,
    who: str,
    progress: Callable[[int, int], None],
) -> ImportCheck:
    """Read (or reuse) the file and check every row, as a dry run: nothing is written."""
    prepared = prepare(db, choice, kept)
    progress(0, 0)  # read: now checking (and a cancel since is heard here)
    name = applied_mapping(db, choice, prepared)
    options = published_basis(prepared.table, choice.options(name, dry_run=True))
    try:
        report = import_table(
            db, prepared.table, choice.path, options, who, prepared.default_department, progress
        )
    except ValidationError as exc:
        # The headings are still shown, so the user can say which is the reference.
        return ImportCheck(choice, headings_only(db, choice, prepared, name), prepared, name,
                           refused=str(exc))  # fmt: skip
    return ImportCheck(choice, report, prepared, name, problem_cells(prepared.table, report))


def headings_only(
    db: Database, choice: ImportChoice, prepared: Prepared, name: str | None
) -> ImportReport:
    """A report of the file's headings and where each goes, its rows unchecked."""
    saved, _ = saved_mapping(db, name, None)
    table = prepared.table
    report = ImportReport(file=str(choice.path), source=table.source, rows=len(table.rows))
    report.mapping, report.unmapped = describe(table, column_map(table, choice.mappings, saved))
    return report


def write_file(
    db: Database,
    check: ImportCheck,
    who: str,
    *,
    valid_only: bool,
    progress: Callable[[int, int], None],
) -> ImportReport:
    """Import the checked file (every row, or with `valid_only` the valid rows, the others
    going to the rejected-rows file); a cancel from `progress` leaves nothing written."""
    choice = check.choice
    prepared = prepare(db, choice, check.prepared)
    progress(0, 0)
    name = applied_mapping(db, choice, prepared)
    target = rejected_path(choice.path)
    existed = target.exists()
    options = published_basis(
        prepared.table, choice.options(name, skip_invalid=valid_only, rejected_path=target)
    )
    try:
        return import_table(
            db, prepared.table, choice.path, options, who, prepared.default_department, progress
        )
    except ImportStopped:
        if not existed:  # the rejected rows were saved before the database: take them back
            target.unlink(missing_ok=True)
        raise


class Canceller:
    """A flag the screen sets to stop the worker at its next progress report."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the worker to stop."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once cancel() was called."""
        return self._event.is_set()


# ---------------------------------------------------------------- messages


class ImportProgress(Message):
    """Rows written (or checked) so far, of how many; `stage` says which."""

    def __init__(self, stage: str, done: int, total: int) -> None:
        super().__init__()
        self.stage = stage
        self.done = done
        self.total = total


class ImportChecked(Message):
    """A check finished (`check`), or could not be done (`problem` says why)."""

    def __init__(self, generation: int, check: ImportCheck | None, problem: str = "") -> None:
        super().__init__()
        self.generation = generation
        self.check = check
        self.problem = problem


class ImportWritten(Message):
    """The import was written (`report`), or cancelled with nothing written."""

    def __init__(self, report: ImportReport | None) -> None:
        super().__init__()
        self.report = report

"""A file read for importing, ready to check, and the progress of writing it.

`read_for_import` is the first half of `planner import` (read the file within the limits,
then what a published notice's columns mean); an import screen reads a file once with it
and checks it again after every change of mapping. `counted` reports how many rows have
been written; the report's callback may raise to stop the import, which then rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from planner.io.limits import read_limits
from planner.io.reading import read_table
from planner.io.tables import Table
from planner.store.contracts import resolve_department
from planner.store.db import Database
from planner.store.rules import load_settings

if TYPE_CHECKING:
    from planner.io.importer import ImportOptions

Progress = Callable[[int, int], None]
"""Called with (rows written so far, rows to write); raising stops the import."""

PROGRESS_EVERY = 500  # rows between two progress reports

_T = TypeVar("_T")


def read_for_import(db: Database, path: Path, options: ImportOptions) -> tuple[Table, str | None]:
    """Read a register file for importing (within the settings' limits) and the department
    given for the whole file, if any."""
    default_department = resolve_department(db, options.department) if options.department else None
    table = read_table(path, options.sheet, limits=read_limits(load_settings(db)))
    if table.kind == "ocds" and default_department is not None:
        # An OCDS procuring entity is another body's name; --department says whose it is.
        table = table.without("department")
    if table.kind == "ocds":
        # A notice's procurement method is how the contract was let: history, not the route
        # decided for its next review (docs/rules.md, "Reading a register's route").
        table.headers = ["previous_route" if h == "route" else h for h in table.headers]
    return table, default_department


def published_basis(table: Table, options: ImportOptions) -> ImportOptions:
    """The options for this table: published values exclude VAT unless a release says
    otherwise (docs/rules.md, "Published notices")."""
    if table.kind == "ocds" and options.values_include_vat is None:
        return replace(options, values_include_vat=False)
    return options


def counted(rows: Iterable[_T], progress: Progress | None) -> Iterable[_T]:
    """The rows as they are, telling `progress` every PROGRESS_EVERY rows and at the end."""
    if progress is None:
        return rows
    return _counting(rows, progress)


def _counting(rows: Iterable[_T], progress: Progress) -> Iterator[_T]:
    total = len(rows) if isinstance(rows, Sized) else 0
    progress(0, total)
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
    progress(done, total)

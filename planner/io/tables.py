"""A file read into a table: its header row and data rows, numbered as a spreadsheet shows.

planner.io.reading.read_table picks the reader (CSV, XLSX or OCDS JSON) for a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from planner.errors import ValidationError
from planner.io.cells import is_blank_row
from planner.io.headers import REGISTER_HEADINGS, Headings

HEADER_SEARCH_ROWS = 30  # title rows above a header are rarely more than a handful


@dataclass(frozen=True, slots=True)
class Skip:
    """A record a reader passed over on purpose, and why (an OCDS tender never awarded)."""

    row: int
    reason: str

    def as_dict(self) -> dict[str, object]:
        """The JSON form: {"row", "reason"}."""
        return {"row": self.row, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A cell the reader itself refuses (bytes that are not UTF-8): its row is rejected."""

    row: int
    column: str
    value: str
    error: str


@dataclass(slots=True)
class Table:
    """Rows of cells under a header. Row numbers count as a spreadsheet user counts them."""

    source: str  # what was read, in words: "CSV (Windows-1252)", "sheet 'Register'"
    kind: str  # csv | xlsx | ocds
    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)  # records passed over on purpose, and why
    problems: list[CellProblem] = field(default_factory=list)  # cells the reader refused
    # Every cell is a str or None (a CSV file's, padded): a column's cells can be deduplicated
    # without first asking each its type (a workbook's 1 and True are equal keys).
    text_only: bool = False

    @property
    def width(self) -> int:
        """Number of columns under the header."""
        return len(self.headers)

    def columns(self) -> list[tuple[object, ...]]:
        """The cells a column at a time, in one pass (every row is at least as wide as the
        headings; a cell beyond a row's end is left out of its column)."""
        return list(zip(*[cells for _, cells in self.rows], strict=False)) if self.rows else []

    def without(self, heading: str) -> Table:
        """A copy with one column left out (an OCDS department when --department is given)."""
        if heading not in self.headers:
            return self
        i = self.headers.index(heading)
        return Table(
            self.source, self.kind, self.headers[:i] + self.headers[i + 1 :], self.header_row,
            [(n, cells[:i] + cells[i + 1 :]) for n, cells in self.rows], self.skips,
            self.problems, self.text_only,
        )  # fmt: skip

    def without_rows(self, numbers: set[int]) -> Table:
        """A copy without the rows numbered `numbers` (ones the reader refused)."""
        return Table(
            self.source, self.kind, self.headers, self.header_row,
            [(n, cells) for n, cells in self.rows if n not in numbers], self.skips, self.problems,
            self.text_only,
        )  # fmt: skip


def find_header(
    rows: Sequence[Sequence[object]], where: str, headings: Headings = REGISTER_HEADINGS
) -> int:
    """Index of the header among the first rows: the first row recognising the most headings.

    A row needs at least two recognised headings unless no row has more than one.
    """
    counts = [headings.count(row) for row in rows[:HEADER_SEARCH_ROWS]]
    best = max(counts, default=0)
    if best == 0:
        raise ValidationError(
            f"{where} has no recognisable column headings in its first {HEADER_SEARCH_ROWS} "
            f"rows (expected headings such as {headings.examples}; {headings.advice})"
        )
    wanted = min(best, 2)
    return next(i for i, count in enumerate(counts) if count >= wanted)


def table_from_rows(
    rows: list[list[object]],
    where: str,
    source: str,
    kind: str,
    first_row_number: int = 1,
    headings: Headings = REGISTER_HEADINGS,
) -> Table:
    """Build a Table from all the rows of a sheet or CSV file (title rows included)."""
    index = find_header(rows, where, headings)
    headers = [_heading(cell) for cell in rows[index]]
    while headers and not headers[-1]:
        headers.pop()  # trailing empty heading cells are formatting, not columns
    width = len(headers)
    table = Table(source, kind, headers, first_row_number + index)
    for offset, cells in enumerate(rows[index + 1 :], start=index + 1):
        if is_blank_row(cells):
            continue
        if len(cells) < width:
            cells = [*cells, *([None] * (width - len(cells)))]
        table.rows.append((first_row_number + offset, cells))
    return table


def _heading(cell: object) -> str:
    return "" if cell is None else " ".join(str(cell).split())

"""Writing the register as an Excel workbook: the register CSV's columns, in order, as cells
Excel understands (real dates, money as numbers shown in pounds), with the header frozen,
filters on and columns wide enough to read; importing it again changes nothing.

Formula-safe: every text is written as a text cell, so `=SUM(A1)` or `+44 1772` is shown as
typed and never run (the CSV's leading apostrophe is not needed in a typed cell).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import chain, islice
from pathlib import Path
from typing import Any

from planner.domain.booleans import yes_no
from planner.domain.contract import (
    BOOL_COLUMNS,
    DATE_COLUMNS,
    MONEY_COLUMNS,
    REGISTER_COLUMNS,
    Contract,
)

SHEET = "Register"
DATE_FORMAT = "dd/mm/yyyy"  # a UK date, whatever the reader's regional settings
MONEY_FORMAT = '"£"#,##0.00'
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_SAMPLE = 2_000  # rows looked at to size the columns


def _cell_value(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in MONEY_COLUMNS:
        return value / 100  # pence to pounds: a float reads back to the same pence
    if column in BOOL_COLUMNS:
        return yes_no(value)
    if column in DATE_COLUMNS or isinstance(value, int | date):
        return value
    return str(value)


def register_values(contract: Contract) -> list[Any]:
    """One contract as typed cell values: pounds, dates, yes/no, None for unknown."""
    return [_cell_value(column, getattr(contract, column)) for column in REGISTER_COLUMNS]


def _width(column: str, values: Iterable[Any]) -> float:
    if column in DATE_COLUMNS:
        return 12
    longest = len(column)
    for value in values:
        if value is None:
            continue
        text = f"£{value:,.2f}" if column in MONEY_COLUMNS else str(value)
        longest = max(longest, max(map(len, text.splitlines() or [""])))
    return min(max(longest + 2, _MIN_WIDTH), _MAX_WIDTH)


def write_register_xlsx(contracts: Iterable[Contract], path: Path) -> int:
    """Write the register workbook to `path`; returns the number of contracts."""
    # Imported here, not at the top: openpyxl costs ~200 ms of CPU at start-up, which
    # every other export would pay through planner.cli.exports.
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # Streamed: only the first rows, that size the columns, are held; the rest are written
    # as they are read, so memory stays flat however big the register.
    values = (register_values(contract) for contract in contracts)
    sample = list(islice(values, _SAMPLE))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.freeze_panes = "A2"
    for i, column in enumerate(REGISTER_COLUMNS):
        width = _width(column, (row[i] for row in sample))
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    bold = Font(bold=True)
    header = []
    for column in REGISTER_COLUMNS:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    formats = [
        MONEY_FORMAT if c in MONEY_COLUMNS else DATE_FORMAT if c in DATE_COLUMNS else None
        for c in REGISTER_COLUMNS
    ]
    count = 0
    for row in chain(sample, values):
        cells = []
        for value, number_format in zip(row, formats, strict=True):
            if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                # A control character cannot be stored in a workbook: shown as \x1b instead.
                value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: "=..." is never a formula
            elif number_format is not None and value is not None:
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)
        count += 1
    # The filter is written after the rows (openpyxl writes it at save), so the count is known.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(REGISTER_COLUMNS))}{count + 1}"
    book.save(path)
    return count

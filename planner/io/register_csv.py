"""Writing the register CSV: exactly the register's columns (REGISTER_COLUMNS), in order,
spreadsheet-safe."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from planner.domain.booleans import yes_no
from planner.domain.contract import (
    BOOL_COLUMNS,
    DATE_COLUMNS,
    MONEY_COLUMNS,
    REGISTER_COLUMNS,
    Contract,
)
from planner.domain.dates import iso
from planner.domain.money import pounds
from planner.io.cells import guard_formula


def _text(value: Any) -> str:
    return "" if value is None else guard_formula(str(value))


def _date(value: Any) -> str:
    return iso(value) or ""  # a blank cell when unknown


def _formatter(column: str) -> Callable[[Any], str]:
    if column in MONEY_COLUMNS:
        return pounds
    if column in DATE_COLUMNS:
        return _date
    if column in BOOL_COLUMNS:
        return yes_no
    return _text


_FORMATTERS = tuple((column, _formatter(column)) for column in REGISTER_COLUMNS)


def register_row(contract: Contract) -> list[str]:
    """One contract as export cells: pounds with two decimals, ISO dates, yes/no, '' unknown.

    Text that a spreadsheet would run as a formula gets a leading apostrophe.
    """
    return [fmt(getattr(contract, column)) for column, fmt in _FORMATTERS]


def write_register(contracts: Iterable[Contract], out: TextIO) -> int:
    """Write the header and one row per contract to `out`; returns the number of rows."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REGISTER_COLUMNS)
    count = 0
    for contract in contracts:
        writer.writerow(register_row(contract))
        count += 1
    return count

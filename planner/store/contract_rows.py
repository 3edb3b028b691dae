"""A contract's stored form: the contracts table's columns and SQLite values, built
positionally because an import converts 50,000 rows at a time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from itertools import repeat
from operator import attrgetter, is_
from typing import Any

from planner.domain.contract import BOOL_COLUMNS, DATE_COLUMNS, REGISTER_COLUMNS, Contract
from planner.domain.periods import NoticePeriod, notice_date, parse_period

# Columns of the contracts table that a Contract carries (notice_date is derived on write).
STORED = tuple(c for c in REGISTER_COLUMNS if c != "notice_date")
SELECT_COLUMNS = ("id", "version", *STORED)
SELECT_SQL = f"SELECT {', '.join(SELECT_COLUMNS)} FROM contracts"
_DATE_INDEXES = tuple(i for i, c in enumerate(SELECT_COLUMNS) if c in DATE_COLUMNS)
_BOOL_INDEXES = tuple(i for i, c in enumerate(SELECT_COLUMNS) if c in BOOL_COLUMNS)


def contract_from_row(row: Sequence[Any]) -> Contract:
    """A Contract from a row selected with SELECT_COLUMNS."""
    values = list(row)
    for i in _DATE_INDEXES:
        if values[i] is not None:
            values[i] = date.fromisoformat(values[i])
    for i in _BOOL_INDEXES:
        if values[i] is not None:
            values[i] = bool(values[i])
    return Contract(**dict(zip(SELECT_COLUMNS, values, strict=True)))


# The stored form of a contract, built positionally: imports convert 50,000 rows at a time.
VALUE_COLUMNS = (*STORED, "notice_date")
_GET_STORED = attrgetter(*STORED)
_STORED_DATES = tuple(i for i, c in enumerate(STORED) if c in DATE_COLUMNS)
_STORED_BOOLS = tuple(i for i, c in enumerate(STORED) if c in BOOL_COLUMNS)


@lru_cache(maxsize=65_536)
def notice_iso(end: date | None, period: str | None) -> str | None:
    """The notice date in stored (ISO) form, or None when unknown."""
    # Registers repeat the same few end dates and periods; the calendar sum is remembered,
    # and each period's text read once (50,000 rows make some 14,000 pairs of 8 periods).
    # (Read only with an end date, as notice_date would: unknown either way otherwise.)
    found = notice_date(end, None if period is None or end is None else _period(period))
    return None if found is None else found.isoformat()


@lru_cache(maxsize=1_024)
def _period(text: str) -> NoticePeriod | None:
    return parse_period(text)


def stored_row(contract: Contract) -> list[Any]:
    """The values of VALUE_COLUMNS for a contract, in SQLite form."""
    row = list(_GET_STORED(contract))
    for i in _STORED_DATES:
        if row[i] is not None:
            row[i] = row[i].isoformat()
    for i in _STORED_BOOLS:
        if row[i] is not None:
            row[i] = int(row[i])
    row.append(notice_iso(contract.end_date, contract.notice_period))
    return row


def stored_values(contract: Contract) -> dict[str, Any]:
    """VALUE_COLUMNS to a contract's values in SQLite form."""
    return dict(zip(VALUE_COLUMNS, stored_row(contract), strict=True))


_SQL_BOOL = {True: 1, False: 0}  # None (unknown) stays None
_CODED = frozenset({"route", "previous_route", "decision", "status", "regime", "risk"})
# Written on every insert even when unknown in every row: the key, and status, whose column
# default ('active') is not NULL. Every other VALUE_COLUMN defaults to NULL, so leaving it
# out of an INSERT stores what binding None would (tests/io/test_import_columns.py
# checks the schema still says so).
ALWAYS_WRITTEN = frozenset({"ref", "department", "status"})


def stored_rows(
    columns: Mapping[str, Sequence[Any]],
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """Rows in SQLite form from parsed values held a column at a time (every STORED column,
    dates as `date`): the VALUE_COLUMNS that hold a value in some row (and ALWAYS_WRITTEN),
    in order, and each row's values of those. Each column is converted in one pass; a
    column unknown in every row (a register's scheduler columns, most optional ones) is
    left out, so it is neither bound 50,000 times nor written into the audit record."""
    held: list[str] = []
    converted: list[Sequence[Any]] = []
    for column in STORED:
        values = columns[column]
        if column not in ALWAYS_WRITTEN and _unknown_throughout(values):
            continue
        if column in DATE_COLUMNS:  # a few thousand distinct dates: each written once
            iso = {d: d.isoformat() for d in set(values) if d is not None}
            values = list(map(iso.get, values))
        elif column in BOOL_COLUMNS:
            values = list(map(_SQL_BOOL.get, values))
        elif column in _CODED:  # codes as plain text: sqlite3 binds an enum member slowly
            plain = {v: str(v) for v in set(values) if v is not None}
            values = list(map(plain.get, values))
        held.append(column)
        converted.append(values)
    notice = list(map(notice_iso, columns["end_date"], columns["notice_period"]))
    if not _unknown_throughout(notice):
        held.append("notice_date")
        converted.append(notice)
    return tuple(held), list(zip(*converted, strict=True))


def _unknown_throughout(values: Sequence[Any]) -> bool:
    # Stops at the first value (in C): a column with values usually has one in its first row.
    return all(map(is_, values, repeat(None)))


def full_row(columns: Sequence[str], row: Sequence[Any]) -> list[Any]:
    """A row of `columns` (some of VALUE_COLUMNS, in order) as a row of every VALUE_COLUMN,
    None for those left out."""
    if len(columns) == len(VALUE_COLUMNS):
        return list(row)
    values = dict(zip(columns, row, strict=True))
    return [values.get(column) for column in VALUE_COLUMNS]

"""What the scheduler plans from: every open contract with its recorded dates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from planner.domain.contract import Contract
from planner.domain.plan import ReviewInput
from planner.store.db import Database
from planner.store.milestone_rows import TABLE, Days, stage_codes
from planner.store.sql import OPEN_STATUS

_INPUT_COLUMNS = (
    "id",
    "ref",
    "department",
    "title",
    "category",
    "cpv",  # works or light touch (docs/rules.md, "Thresholds")
    "start_date",
    "end_date",
    "max_end_date",
    "notice_period",
    "annual_value",
    "total_value",
    "values_include_vat",
    "owner",
    "status",
    "route",
    "previous_route",  # a hint for the provisional route (docs/rules.md)
    "decision",
    "officer",
    "priority",
    "risk",
    "framework",
    "regime",
)
_INPUT_DATES = ("start_date", "end_date", "max_end_date")
_VAT_AT = _INPUT_COLUMNS.index("values_include_vat")


# Columns whose few distinct values recur on thousands of contracts: each distinct text is
# held once (a plan of 50,000 reviews keeps every input alive to its end).
_SHARED_TEXT = tuple(
    _INPUT_COLUMNS.index(c)
    for c in (
        "department", "category", "cpv", "notice_period", "owner", "status", "route",
        "previous_route", "decision", "officer", "priority", "risk", "framework", "regime",
    )
)  # fmt: skip
_NO_DATES: Mapping[str, date] = MappingProxyType({})  # shared by every contract with none


class _Dates:
    """Each distinct ISO date read once, as one `date` object shared by every row."""

    __slots__ = ("_days",)

    def __init__(self) -> None:
        self._days: dict[str, date] = {}

    def __getitem__(self, text: str) -> date:
        found = self._days.get(text)
        if found is None:
            found = self._days[text] = date.fromisoformat(text)
        return found


def read_review_inputs(db: Database) -> list[ReviewInput]:
    """Every open contract with its recorded actual and baseline dates and last officer."""
    day = _Dates()
    days = Days()
    actuals: dict[int, dict[str, date]] = {}
    baselines: dict[int, dict[str, date]] = {}
    codes = stage_codes(db)
    for contract_id, stage_number, baseline, actual in db.conn.execute(
        f"SELECT contract_id, stage, baseline, actual FROM {TABLE} "
        "WHERE baseline IS NOT NULL OR actual IS NOT NULL"
    ):
        stage = codes.get(stage_number) or str(stage_number)  # an id no stage has: as itself
        # Day numbers: day 0 (1 January 1970) is a date too, so compared with None.
        if actual is not None:
            actuals.setdefault(contract_id, {})[stage] = days[actual]
        if baseline is not None:
            baselines.setdefault(contract_id, {})[stage] = days[baseline]
    previous = dict(db.conn.execute("SELECT contract_id, officer FROM reviews").fetchall())
    inputs: list[ReviewInput] = []
    date_at = [_INPUT_COLUMNS.index(c) for c in _INPUT_DATES]
    shared: dict[str, str] = {}
    for row in db.conn.execute(
        f"SELECT {', '.join(_INPUT_COLUMNS)} FROM contracts WHERE {OPEN_STATUS}"
    ):
        values = list(row)
        for i in date_at:
            if values[i] is not None:
                values[i] = day[values[i]]
        for i in _SHARED_TEXT:
            text = values[i]
            if text is not None:
                values[i] = shared.setdefault(text, text)
        if values[_VAT_AT] is not None:
            values[_VAT_AT] = bool(values[_VAT_AT])
        contract = Contract(**dict(zip(_INPUT_COLUMNS, values, strict=True)))
        cid = values[0]
        inputs.append(
            ReviewInput(
                contract,
                actuals.get(cid, _NO_DATES),
                baselines.get(cid, _NO_DATES),
                previous.get(cid),
            )
        )
    return inputs

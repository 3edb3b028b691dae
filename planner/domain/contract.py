"""The contract record, its register columns and how each column's value is read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from planner.domain.booleans import parse_bool
from planner.domain.codes import Status
from planner.domain.dates import format_date, parse_date
from planner.domain.money import parse_money
from planner.domain.options import MAX_OPTIONS, parse_options, parse_options_field
from planner.domain.periods import notice_date, parse_period
from planner.domain.safe_text import clean_reference
from planner.domain.unknown import is_unknown
from planner.domain.vocab import canonical, parse_priority
from planner.errors import ValidationError

# The register export's columns, in order (docs/rules.md, "Data rules"), and the canonical
# import headers.
REGISTER_COLUMNS: tuple[str, ...] = (
    "ref", "title", "department", "supplier", "supplier_company_no", "sme", "vcse", "locality",
    "category", "cpv", "route", "previous_route", "framework", "collaborative", "lead_body",
    "regime", "start_date", "end_date", "max_end_date", "notice_period", "notice_date",
    "annual_value", "total_value", "values_include_vat", "owner", "managed_by_procurement",
    "status", "decision", "officer", "risk", "priority", "rag", "next_milestone",
    "next_milestone_date", "notes", "extension_options", "options_exercised", "restricted",
    "restricted_reason",
)  # fmt: skip
# Worked out by the planner, never taken from an import.
DERIVED_COLUMNS = frozenset({"notice_date", "rag", "next_milestone", "next_milestone_date"})
BOOL_COLUMNS = frozenset(
    {"sme", "vcse", "collaborative", "managed_by_procurement", "values_include_vat", "restricted"}
)
DATE_COLUMNS = frozenset(
    {"start_date", "end_date", "max_end_date", "notice_date", "next_milestone_date"}
)
MONEY_COLUMNS = frozenset({"annual_value", "total_value"})
MAX_TEXT = 10_000
# The id of a contract not yet saved: SQLite row ids start at 1.
NEW_ID = 0


def _text(value: object) -> str | None:
    if is_unknown(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # '12345' typed into a numeric cell comes back as 12345.0
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(f"is {len(text):,} characters long; the limit is {MAX_TEXT:,}")
    return text


def _ref(value: object) -> str | None:
    text = _text(value)
    if text is not None and ("\n" in text or "\r" in text):
        raise ValidationError(f"'{text}' spans several lines; a reference must be one line")
    # One form for one reference: NFKC, no zero-width characters (docs/rules.md, "Data
    # rules"); control characters and direction overrides are refused.
    return None if text is None else clean_reference(text) or None


def _period(value: object) -> str | None:
    period = parse_period(value)
    return None if period is None else period.iso()


def _count(value: object) -> int | None:
    text = _text(value)
    if text is None:
        return None
    if not text.isdecimal() or int(text) > MAX_OPTIONS:
        raise ValidationError(f"'{text}' is not a number of options (0 to {MAX_OPTIONS})")
    return int(text)


def _vocab(name: str) -> Callable[[object], str | None]:
    return lambda value: canonical(name, value)


PARSERS: dict[str, Callable[[object], Any]] = {
    **{name: _text for name in REGISTER_COLUMNS},
    **{name: parse_bool for name in BOOL_COLUMNS},
    **{name: parse_date for name in DATE_COLUMNS},
    **{name: parse_money for name in MONEY_COLUMNS},
    "ref": _ref,
    "notice_period": _period,
    "route": _vocab("route"),
    "previous_route": _vocab("route"),
    "decision": _vocab("decision"),
    "status": _vocab("status"),
    "regime": _vocab("regime"),
    "risk": _vocab("risk"),
    "priority": parse_priority,
    "extension_options": parse_options_field,
    "options_exercised": _count,
}


def parse_field(name: str, value: object) -> Any:
    """Read one register value into its stored form; raises ValidationError if malformed."""
    try:
        parser = PARSERS[name]
    except KeyError:
        raise ValidationError(f"'{name}' is not a register column") from None
    return parser(value)


@dataclass(slots=True)
class Contract:
    """One contract on the register. Money is pence, dates are `date`, unknown is None."""

    ref: str
    department: str
    title: str | None = None
    supplier: str | None = None
    supplier_company_no: str | None = None
    sme: bool | None = None
    vcse: bool | None = None
    locality: str | None = None
    category: str | None = None
    cpv: str | None = None
    route: str | None = None  # the route decided for the next review
    previous_route: str | None = None  # how it was let last time: a hint, never a decision
    framework: str | None = None
    collaborative: bool | None = None
    lead_body: str | None = None
    regime: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    max_end_date: date | None = None
    notice_period: str | None = None
    annual_value: int | None = None
    total_value: int | None = None
    values_include_vat: bool | None = None  # None: not known, read as excluding VAT
    owner: str | None = None
    managed_by_procurement: bool | None = None
    status: str | None = Status.ACTIVE
    decision: str | None = None
    officer: str | None = None
    risk: str | None = None
    priority: int | None = None
    rag: str | None = None
    next_milestone: str | None = None
    next_milestone_date: date | None = None
    notes: str | None = None
    extension_options: str | None = None  # each option's length: 'P12M+P12M' (domain/options)
    options_exercised: int | None = None  # how many of them are taken up, from the first
    restricted: bool | None = None  # never published (docs/rules.md, "Restricted contracts")
    restricted_reason: str | None = None
    id: int = NEW_ID  # the saved row's id (from 1); NEW_ID until saved
    version: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def notice_date(self) -> date | None:
        """Last day to give notice: end date minus the notice period, by calendar."""
        return notice_date(self.end_date, self.notice_period)

    def with_changes(self, **changes: Any) -> Contract:
        """A copy with some fields changed (validated by `check_contract` afterwards)."""
        return replace(self, **changes)


def check_contract(contract: Contract) -> list[tuple[str, str]]:
    """Cross-field problems as (column, reason); an empty list means consistent."""
    problems: list[tuple[str, str]] = []
    start, end, max_end = contract.start_date, contract.end_date, contract.max_end_date
    if start and end and end < start:
        problems.append(
            ("end_date", f"ends {format_date(end)}, before it starts on {format_date(start)}")
        )
    if end and max_end and max_end < end:
        problems.append(
            (
                "max_end_date",
                f"latest possible end {format_date(max_end)} is before the end date "
                f"{format_date(end)}",
            )
        )
    held = parse_options(contract.extension_options) or ()
    if contract.options_exercised and contract.options_exercised > len(held):
        problems.append(
            (
                "options_exercised",
                f"{contract.options_exercised} exercised, but the contract records "
                f"{len(held)} extension options",
            )
        )
    if not contract.ref:
        problems.append(("ref", "every contract needs a reference"))
    if not contract.department:
        problems.append(("department", "every contract needs a department"))
    return problems

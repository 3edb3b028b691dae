"""How each register field is shown, typed and chosen in the contract screen."""

from __future__ import annotations

from datetime import date
from typing import Any

from planner.domain.contract import (
    BOOL_COLUMNS,
    DATE_COLUMNS,
    DERIVED_COLUMNS,
    MONEY_COLUMNS,
    REGISTER_COLUMNS,
    Contract,
)
from planner.domain.dates import format_date
from planner.domain.money import format_money, pounds
from planner.domain.options import describe_options
from planner.domain.periods import parse_period
from planner.domain.vocab import DECISIONS, REGIMES, RISKS, ROUTES, STATUSES
from planner.tui.dialogs import Choice

LABELS: dict[str, str] = {
    "ref": "Reference", "title": "Title", "department": "Department", "supplier": "Supplier",
    "supplier_company_no": "Company number", "sme": "SME", "vcse": "VCSE",
    "locality": "Locality", "category": "Category", "cpv": "CPV code", "route": "Route",
    "previous_route": "Route last time",
    "framework": "Framework", "collaborative": "Collaborative", "lead_body": "Lead body",
    "regime": "Regime", "start_date": "Start date", "end_date": "End date",
    "max_end_date": "Latest end (with extensions)", "notice_period": "Notice period",
    "notice_date": "Notice deadline", "annual_value": "Annual value",
    "total_value": "Total value", "values_include_vat": "Values include VAT",
    "owner": "Owner in department",
    "managed_by_procurement": "Managed by Procurement", "status": "Status",
    "decision": "Decision", "officer": "Officer", "risk": "Risk", "priority": "Priority",
    "rag": "RAG", "next_milestone": "Next milestone", "next_milestone_date": "Next milestone due",
    "notes": "Notes", "extension_options": "Extension options",
    "options_exercised": "Options exercised", "restricted": "Restricted (never published)",
    "restricted_reason": "Why restricted",
}  # fmt: skip
VOCABULARIES: dict[str, dict[str, str]] = {
    "route": ROUTES,
    "previous_route": ROUTES,
    "decision": DECISIONS,
    "status": STATUSES,
    "regime": REGIMES,
    "risk": RISKS,
}
HINTS: dict[str, str] = {
    **{c: "31/03/2027, 31 March 2027 or 2027-03-31; blank if not known" for c in DATE_COLUMNS},
    **{c: "£1,234.56, £45k or £1.2m; blank if not known" for c in MONEY_COLUMNS},
    "notice_period": "3 months, 90 days, 12 weeks or P3M; blank if not known",
    "priority": "1 (highest) to 5 (lowest); blank for none",
    "extension_options": "2 x 12 months, 1+1 or 24 months; none; blank if not known",
    "options_exercised": "how many options are taken up, from the first (0 for none)",
    "restricted_reason": "e.g. national security (PA 2023 s.94)",
}


def shown(contract: Contract, column: str) -> str:
    """A field's value as the contract screen shows it."""
    return shown_value(column, getattr(contract, column))


def shown_value(column: str, value: Any) -> str:
    """A field's value as the planner shows it, from the contract or as the audit trail
    stores it (dates as ISO text, money as pence)."""
    if value is None or value == "":
        return "—"
    if column in DATE_COLUMNS:
        return format_date(date.fromisoformat(value) if isinstance(value, str) else value)
    if column in MONEY_COLUMNS:
        return format_money(int(value))
    if column in BOOL_COLUMNS:
        return "yes" if value else "no"
    if column in VOCABULARIES:
        return VOCABULARIES[column].get(value, str(value))
    if column == "rag":
        return str(value).capitalize()
    if column == "extension_options":
        return f"{describe_options(value)} ({value})" if value else "none"
    if column == "notice_period":
        period = parse_period(value)
        return f"{period.describe()} ({value})" if period else str(value)
    return str(value)


def typed(contract: Contract, column: str) -> str:
    """A field's value as text to edit (what parse_field reads back to the same value)."""
    value: Any = getattr(contract, column)
    if value is None:
        return ""
    if column in DATE_COLUMNS:
        return f"{value:%d/%m/%Y}"
    if column in MONEY_COLUMNS:
        return pounds(value)
    return str(value)


def choices_for(column: str, departments: list[str]) -> list[Choice] | None:
    """The values a field is picked from, or None if it is typed."""
    if column in BOOL_COLUMNS:
        return [Choice("y", "yes", "Yes"), Choice("n", "no", "No"), Choice("0", "", "Not known")]
    if column == "department":
        keys = "123456789abcdefghijklmnopqrstuvwxyz"
        return [Choice(keys[i] if i < len(keys) else "", d, d) for i, d in enumerate(departments)]
    if column in VOCABULARIES:
        keys = "123456789abcdefghijklmnopqrstuvwxyz"
        options = [
            Choice(keys[i], code, label)
            for i, (code, label) in enumerate(VOCABULARIES[column].items())
        ]
        if column != "status":
            options.append(Choice("0", "", "Not set"))
        return options
    return None


def editable(column: str) -> bool:
    """True for a field the user may change (the derived ones are worked out)."""
    return column in REGISTER_COLUMNS and column not in DERIVED_COLUMNS

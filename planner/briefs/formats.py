"""Display filters for figures in briefs: money, dates, percentages, counts.

Their output is made of digits, letters and '£%,.:' only, so it is safe in any Markdown
position without further escaping.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from planner.domain.codes import Rag
from planner.domain.dates import format_date
from planner.domain.money import format_money, format_money_short
from planner.domain.words import plural as plural  # the briefs' `plural` filter

NOT_AVAILABLE = "not available"
UNKNOWN = "—"
GREY = "grey"  # the programme's RAG before any review is planned (not a review's verdict)


def money(pence: int | None) -> str:
    """'£1,234.56' (whole pounds without pence), '-£50' for a credit; a dash when unknown."""
    if pence is not None and pence < 0:
        return "-" + format_money(-pence)
    return format_money(pence, unknown=UNKNOWN)


def money_short(pence: int | None) -> str:
    """'£45k', '£1.2m'; a dash when unknown."""
    return format_money_short(pence, unknown=UNKNOWN)


def _as_date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(value)


def date_long(value: date | str | None) -> str:
    """'31 Mar 2026'; a dash when unknown."""
    return format_date(_as_date(value), unknown=UNKNOWN)


def iso_date(value: date | str | None) -> str:
    """'2026-03-31' (Mermaid and machine-readable places); empty when unknown."""
    day = _as_date(value)
    return "" if day is None else day.isoformat()


def _rounded(value: Decimal | float, places: int) -> Decimal:
    exponent = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def percent(value: Decimal | float | None, places: int = 1) -> str:
    """'94.0%' rounded half up; 'not available' when there was nothing to divide by."""
    return NOT_AVAILABLE if value is None else f"{_rounded(value, places)}%"


def ratio(value: Decimal | float | None, places: int = 2) -> str:
    """'1.50 : 1'; 'not available' when the second term is zero."""
    return NOT_AVAILABLE if value is None else f"{_rounded(value, places)} : 1"


def count(value: int | None) -> str:
    """'1,500'; a dash when unknown."""
    return UNKNOWN if value is None else f"{value:,}"


def hours(value: float | None) -> str:
    """'37.5', '1,480.0' (hours, one decimal); a dash when unknown."""
    return UNKNOWN if value is None else f"{value:,.1f}"


def rag(value: str | None) -> str:
    """'Red', 'Amber', 'Green'; a dash when not judged."""
    if value is None or value not in (*Rag, GREY):
        return UNKNOWN
    return value.title()


def figure(value: int | Decimal | None, unit: str, missing: str = NOT_AVAILABLE) -> str:
    """A KPI value in its unit (money, percent, ratio or count); `missing` when None."""
    if value is None:
        return missing
    if unit == "money":
        return money(int(value))
    if unit == "percent":
        return percent(value)
    if unit == "ratio":
        return ratio(value)
    return count(int(value))


def met(value: bool | None) -> str:
    """Whether a KPI meets its year's target: 'yes', 'no', or '—' with no target or value."""
    if value is None:
        return "—"
    return "yes" if value else "no"

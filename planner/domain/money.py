"""Money as integer pence: parsing what people type and formatting it back."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from planner.domain.unknown import is_unknown
from planner.errors import ValidationError

_MULTIPLIERS = {
    "": 1,
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "million": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "billion": 1_000_000_000,
}
_MONEY = re.compile(
    r"^(?:£|gbp)?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"(?P<mult>k|thousand|mn|m|million|bn|b|billion)?\s*(?:gbp)?$"
)
_PLAIN = re.compile(r"^\d+(?:\.\d{1,2})?$")

VALUE_NOT_NEGATIVE = "a contract value cannot be negative"
BENEFIT_NOT_NEGATIVE = (
    "a benefit cannot be negative (record a cost as a supplier claim: planner claim add, or c "
    "on the contract's screen)"
)
CLAIM_NOT_NEGATIVE = "a claim cannot be negative"


def parse_money(text: object, negative: str = VALUE_NOT_NEGATIVE) -> int | None:
    """Return pence for '£1,234.56', '£1.2m', '£45k' or a number; None when unknown.

    Raises ValidationError for negatives (saying `negative`: what the amount is and what to
    do instead), ranges and anything that is not an amount.
    """
    if isinstance(text, bool | int | float):
        return _from_number(text, negative)
    if is_unknown(text):
        return None
    raw = str(text).strip()
    if _PLAIN.match(raw):  # fast path for exported registers: '1200000.00'
        return _from_decimal(Decimal(raw), raw, negative)
    return _from_text(raw, negative)


def _from_number(number: bool | int | float, negative: str) -> int:
    # A spreadsheet cell that is already a number.
    if isinstance(number, bool):
        raise ValidationError(f"{number!r} is not an amount of money")
    if isinstance(number, int):
        if number < 0:
            raise ValidationError(f"{number} is negative; {negative}")
        return _from_decimal(Decimal(number), str(number), negative)  # checks the upper bound
    return _from_decimal(Decimal(repr(number)), str(number), negative)


def _from_text(raw: str, negative: str) -> int:
    # An amount as people type it: '£1,234.56', '£45k', '1.2m GBP'.
    s = raw.lower().replace(" ", "")
    if s.startswith("-") or s.startswith("(") or s.startswith("£-") or "−" in s:
        raise ValidationError(f"'{raw}' is negative; {negative}")
    match = _MONEY.match(s)
    if not match:
        raise ValidationError(f"'{raw}' is not an amount of money (try £1,234.56, £45k or £1.2m)")
    decimals = len(match["num"].partition(".")[2])
    if decimals > 2 and not match["mult"]:
        # '£12.000' is twelve thousand from a European spreadsheet, not twelve pounds.
        raise ValidationError(
            f"'{raw}' has {decimals} decimal places; write pence with two (£12.00) and "
            "thousands with commas (£12,000)"
        )
    try:
        amount = Decimal(match["num"].replace(",", "")) * _MULTIPLIERS[match["mult"] or ""]
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise ValidationError(f"'{raw}' is not an amount of money") from None
    return _from_decimal(amount, raw, negative)


def _from_decimal(amount: Decimal, raw: str, negative: str) -> int:
    if not amount.is_finite():
        raise ValidationError(f"'{raw}' is not an amount of money")
    if amount < 0:
        raise ValidationError(f"'{raw}' is negative; {negative}")
    if amount > 10**13:  # ten trillion pounds: a typo, not a police contract
        raise ValidationError(f"'{raw}' is too large to be a contract value")
    pence = (amount * 100).quantize(Decimal(1))
    if pence != amount * 100:
        raise ValidationError(f"'{raw}' has fractions of a penny")
    return int(pence)


def pounds(pence: int | None) -> str:
    """Export form: pounds with two decimals and no symbol ('1200000.00'); '' when unknown."""
    if pence is None:
        return ""
    return f"{pence // 100}.{pence % 100:02d}"


def format_money(pence: int | None, *, unknown: str = "—") -> str:
    """Display form: '£1,234.56', or '£1,235' for whole pounds; `unknown` when None."""
    if pence is None:
        return unknown
    whole, part = divmod(pence, 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"


def format_pounds(pence: int) -> str:
    """Whole pounds, pence dropped, for thresholds and limits in words: '£20,772,000'."""
    return f"£{pence // 100:,}"


def format_money_short(pence: int | None, *, unknown: str = "—") -> str:
    """Compact display for tables: '£45k', '£1.2m'."""
    if pence is None:
        return unknown
    pounds_ = pence / 100
    # At most six characters, the width of a table's value column: from £100m no pence of
    # a million ('£124m', not '£123.5m'), and billions where millions would reach £1000m.
    if pounds_ >= 999_500_000:
        return f"£{pounds_ / 1_000_000_000:.1f}bn".replace(".0bn", "bn")
    if pounds_ >= 99_950_000:
        return f"£{pounds_ / 1_000_000:.0f}m"
    if pounds_ >= 1_000_000:
        return f"£{pounds_ / 1_000_000:.1f}m".replace(".0m", "m")
    if pounds_ >= 10_000:
        return f"£{pounds_ / 1_000:.0f}k"
    return f"£{pounds_:,.0f}"

"""Yes/no cells."""

from __future__ import annotations

from planner.domain.unknown import is_unknown
from planner.errors import ValidationError

_TRUE = frozenset({"yes", "y", "true", "t", "1", "x", "✓"})
_FALSE = frozenset({"no", "n", "false", "f", "0"})


def parse_bool(value: object) -> bool | None:
    """yes/no/y/n/true/false/1/0 -> bool; blank or TBC -> None; anything else is an error."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if is_unknown(value):
        return None
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(f"'{value}' is not yes or no")


def yes_no(value: bool | None) -> str:
    """Export form: 'yes', 'no', or '' when unknown."""
    return "" if value is None else ("yes" if value else "no")

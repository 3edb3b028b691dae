"""UK dates as people type them, and calendar arithmetic on them.

Parsing runs in loops over tens of thousands of cells, so it uses the standard library;
pendulum is for the edges (relative phrases such as 'in 3 weeks', display).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from planner.domain.unknown import is_open_ended, is_unknown
from planner.errors import ValidationError

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
    )
}
_MONTHS["sept"] = 9

# Excel writes date-time cells to CSV as "31/03/2026 00:00": the time is not part of the date.
_NUMERIC = re.compile(
    r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?z?)?$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+([a-z]+)\.?,?[\s\-/]+(\d{2}|\d{4})$")
_EXCEL_EPOCH = date(1899, 12, 30)
# Excel serials for 1 Jan 1950 .. 31 Dec 2099: a bare number outside this is not a date.
_SERIAL_MIN, _SERIAL_MAX = 18264, 73050
# The years a date in the register can fall in, however it was written (typed text, ISO
# text, a spreadsheet date cell, an OCDS date-time): outside them it is a slip such as
# 31/12/9999 for "no end date" or 2400 for 2040 (docs/rules.md, "Data rules").
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199


def parse_date(value: object) -> date | None:
    """Return the date for '31/03/2026', '31 March 2026', '31 Mar 26', ISO or an Excel serial.

    Blank, 'TBC', 'Rolling' and the like are unknown (None). Anything else that is not a
    real day, such as 31/02/2024 or 'abc', raises ValidationError.
    """
    if isinstance(value, date | int | float):  # bool is an int
        return _plausible(_from_object(value))
    if is_unknown(value) or is_open_ended(value):
        return None
    raw = str(value).strip()
    try:
        return _plausible(_from_text(raw, raw.lower()))
    except ValueError as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError(f"'{raw}' is not a real date ({exc})") from None


def check_year(year: int) -> None:
    """Refuse a year no date in the register can plausibly fall in (one rule and one message
    for every way a date arrives)."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValidationError(
            f"year {year} is out of range ({EARLIEST_YEAR} to {LATEST_YEAR}); check the date"
        )


def _plausible(day: date) -> date:
    check_year(day.year)
    return day


def _from_object(value: date | int | float) -> date:
    # A spreadsheet cell that is already a date, a date-time or a number.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValidationError(f"{value!r} is not a date")
    return _from_serial(value, str(value))


def _from_text(raw: str, text: str) -> date:
    # A date as people type it (`text` is `raw` in lower case); ValueError if not one.
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)  # fast path for ISO cells
        except ValueError:
            pass
    if m := _NUMERIC.match(text):
        return _real_day(_year(m[3]), int(m[2]), int(m[1]), raw)
    if m := _ISO.match(text):
        return _real_day(int(m[1]), int(m[2]), int(m[3]), raw)
    if m := _WORDS.match(text):
        month = _MONTHS.get(m[2])
        if month is None:
            raise ValidationError(f"'{raw}' has no month called '{m[2]}'")
        return _real_day(_year(m[3]), month, int(m[1]), raw)
    if text.isdecimal() or re.fullmatch(r"\d+\.\d+", text):
        return _from_serial(float(text), raw)
    raise ValidationError(f"'{raw}' is not a date (use 31/03/2026, 31 March 2026 or 2026-03-31)")


_RELATIVE = re.compile(r"(in )?(\d{1,3}) (day|week|month)s?( ago)?")


def parse_typed_date(text: str, today: date) -> date | None:
    """A day as a person types it into the planner: 'today' (or nothing), 'yesterday',
    'tomorrow', '3 days ago', 'in 2 weeks', '1 month ago', or any date parse_date reads."""
    words = " ".join(text.lower().split())
    if words in ("", "today"):
        return today
    if words in ("yesterday", "tomorrow"):
        return today + timedelta(days=1 if words == "tomorrow" else -1)
    if (m := _RELATIVE.fullmatch(words)) and bool(m[1]) != bool(m[4]):  # 'in' or 'ago'
        count = int(m[2]) * (-1 if m[4] else 1)
        if m[3] == "month":
            return add_months(today, count)
        return today + timedelta(days=count * (7 if m[3] == "week" else 1))
    return parse_date(text)


def _real_day(year: int, month: int, day: int, raw: str) -> date:
    """The date, or why there is no such day, in words ('February 2026 has 28 days')."""
    if not 1 <= month <= 12:
        raise ValidationError(f"'{raw}' is not a real date: there is no month {month}")
    if not 1 <= year <= 9999:
        raise ValidationError(f"'{raw}' is not a real date: year {year} is out of range")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValidationError(
            f"'{raw}' is not a real date: {calendar.month_name[month]} {year} has {days} days"
        )
    return date(year, month, day)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # '26' -> 2026, '95' -> 1995: contracts are recent or near future
        year += 2000 if year < 70 else 1900
    check_year(year)
    return year


def _from_serial(number: float, raw: str) -> date:
    if not _SERIAL_MIN <= number <= _SERIAL_MAX or number != int(number):
        raise ValidationError(f"'{raw}' is not a date")
    return _EXCEL_EPOCH + timedelta(days=int(number))


def iso(value: date | None) -> str | None:
    """ISO text for SQLite, None when unknown."""
    return None if value is None else value.isoformat()


def from_iso(value: str | None) -> date | None:
    """Date from ISO text stored in SQLite."""
    return None if value is None or value == "" else date.fromisoformat(value)


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic that clamps to the month's end (31 Mar - 1 month = 28 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


# The months' short names, read once: `calendar.month_abbr` formats a date each time.
_MONTH_ABBR = tuple(calendar.month_abbr)


def format_date(value: date | None, *, unknown: str = "—") -> str:
    """Display form used in the UI and briefs: '31 Mar 2026'."""
    return unknown if value is None else f"{value.day} {_MONTH_ABBR[value.month]} {value.year}"
